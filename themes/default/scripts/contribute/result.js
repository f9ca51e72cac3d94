// Once the check passes, without `fiches serve` (contribute.js, part 7 of 9): the
// fiche's file, shown and ready to download, to e-mail or to propose on the site's
// forge (contribute-model.js writes the file and the links).
(function (F) {
  "use strict";

  F.result = function (ctx) {
    const { SC, D, R, M, t, h, say } = ctx;
    const area = h("div", { class: "contribute-result-area" });
    let blobUrl = null;

    function hide() {
      if (!area.firstChild) return;
      area.replaceChildren();
      ctx.mount.classList.remove("contribute--ready");
      if (blobUrl) URL.revokeObjectURL(blobUrl);
      blobUrl = null;
    }

    /** One way of sending the file: a heading, a button, what happens then. */
    function way(title, button, ...hints) {
      return h("div", { class: "result__way" },
        h("h3", {}, title),
        h("p", {}, button),
        hints.filter(Boolean).map((text) => h("p", { class: "field__hint" }, text)));
    }

    function ways(fiche, content, file) {
      const out = h("div", { class: "result__ways" });
      out.append(way(t("form_download_title"),
        h("a", { class: "button", href: blobUrl, download: file, id: "fiche-download" }, t("form_download", { file })),
        t("form_download_hint")));
      if (D.email) {
        const mail = M.mailtoLink(D.email, t("form_email_subject", { title: fiche.values.title }), content);
        out.append(way(t("form_email_title"),
          h("a", { class: "button button--secondary", href: mail.href, id: "fiche-email" }, t("form_email_link", { email: D.email })),
          mail.whole ? t("form_email_hint") : t("form_email_long", { file })));
      }
      if (D.forge && D.forge.url) {
        const forge = M.forgeName(D.forge);
        const path = (D.forge.folder || "") + "content/" + file;
        const link = M.forgeLink(D.forge, path, content);
        out.append(way(t("form_forge_title", { forge }),
          h("a", { class: "button button--secondary", href: link.href, id: "fiche-forge", rel: "noopener" }, t("form_forge_link", { forge })),
          t("form_forge_hint", { forge }),
          link.whole ? null : t("form_forge_long", { path })));
      }
      return out;
    }

    /** The file of checked fiche `fiche`, and the ways to send it. */
    function show(fiche) {
      hide();
      const content = M.fileText(SC, fiche);
      const file = (R.fileName(fiche.values.title) || "fiche") + ".md";
      blobUrl = URL.createObjectURL(new Blob([content], { type: "text/markdown;charset=utf-8" }));
      const preview = h("textarea", { id: "fiche-file", class: "field__textarea result__file", readonly: true, rows: 16, spellcheck: "false", "aria-describedby": "fiche-file-hint" });
      preview.value = content;
      const copy = async () => {
        try {
          await navigator.clipboard.writeText(content);
        } catch (e) {
          preview.select();
          document.execCommand("copy");
        }
        say(t("form_copied"));
      };
      const title = h("h2", { id: "fiche-result-title", tabindex: "-1" }, t("form_result_title"));
      area.append(h("section", { class: "result", id: "fiche-result", "aria-labelledby": title.id },
        title,
        h("p", {}, t("form_result_intro")),
        ways(fiche, content, file),
        h("div", { class: "field result__preview" },
          h("label", { class: "field__label", for: preview.id }, t("form_preview_label")),
          h("p", { class: "field__hint", id: "fiche-file-hint" }, t("form_preview_hint")),
          preview,
          h("pre", { class: "result__print", "aria-hidden": "true" }, content),
          h("p", {}, h("button", { type: "button", class: "button button--secondary button--small", onclick: copy }, t("form_copy"))))));
      ctx.mount.classList.add("contribute--ready");
      title.focus();
      title.scrollIntoView({ block: "start" });
    }

    return { area, hide, show };
  };
})((window.FichesForm = window.FichesForm || {}));
