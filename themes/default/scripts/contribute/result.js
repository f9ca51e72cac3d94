// Once the check passes, without `fiches serve` (contribute.js, part 7 of 9): what
// the fiche says, in words, its file on demand, and the ways to download it, e-mail
// it or propose it on the site's forge (contribute-model.js writes the file, the
// summary and the links).
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
        // Windows' limit is the browser's and its own (contribute-model.js, mailtoMax).
        const platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform;
        const mail = M.mailtoLink(D.email, t("form_email_subject", { title: fiche.values.title }), content, platform);
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

    /** A date `YYYY-MM-DD` in words, in the page's language. */
    function day(iso) {
      const d = new Date(iso + "T12:00:00");
      if (Number.isNaN(d.getTime())) return iso;
      return d.toLocaleDateString(document.documentElement.lang || undefined, { day: "numeric", month: "long", year: "numeric" });
    }

    /** What the fiche says, as its author wrote it: labels and values, then the text. */
    function recap(fiche) {
      const list = h("dl", { class: "result__summary" });
      const texts = [];
      for (const row of M.summary(SC, fiche)) {
        if (row.kind === "variant") list.append(h("dt", {}, t("form_variant_legend_edit")), h("dd", {}, row.value));
        else if (row.kind === "field") {
          const shown = row.date ? row.values.map(day) : row.values;
          list.append(h("dt", {}, row.label), h("dd", {}, shown.length > 1 ? h("ul", {}, shown.map((v) => h("li", {}, v))) : shown[0]));
        } else if (row.kind === "testimony") {
          texts.push(h("h4", {}, t("form_testimony_legend", { n: row.n })),
            h("blockquote", { class: "result__quote" }, h("p", {}, row.quote)),
            h("p", {}, row.role ? `${row.name}, ${row.role}` : row.name));
        } else {
          texts.push(h("h4", {}, row.kind === "section" ? row.title : t("form_extra_label")), h("p", { class: "result__text" }, row.text));
        }
      }
      return h("div", { class: "result__recap" }, list, texts);
    }

    /**
     * The checked fiche `fiche`: what it says, its file, and the ways to send it;
     * `incomplete` when its author prepares it despite the warnings.
     */
    function show(fiche, incomplete) {
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
      const title = h("h2", { id: "fiche-result-title", tabindex: "-1" }, t(incomplete ? "form_result_title_incomplete" : "form_result_title"));
      const recapTitle = h("h3", { id: "fiche-recap-title" }, t("form_recap_title"));
      area.append(h("section", { class: "result", id: "fiche-result", "aria-labelledby": title.id },
        title,
        h("p", {}, t("form_result_intro")),
        incomplete ? h("p", {}, t("form_result_incomplete")) : null,
        ways(fiche, content, file),
        h("section", { class: "result__preview", "aria-labelledby": recapTitle.id },
          recapTitle,
          h("p", { class: "field__hint" }, t("form_recap_hint")),
          recap(fiche),
          // The file itself, for whoever wants to see it: most authors never need to.
          h("details", { class: "result__details" },
            h("summary", {}, t("form_file_show")),
            h("div", { class: "field" },
              h("label", { class: "field__label", for: preview.id }, t("form_preview_label")),
              h("p", { class: "field__hint", id: "fiche-file-hint" }, t("form_preview_hint")),
              preview)),
          h("pre", { class: "result__print", "aria-hidden": "true" }, content),
          h("p", {}, h("button", { type: "button", class: "button button--secondary button--small", id: "fiche-copy", onclick: copy }, t("form_copy"))))));
      ctx.mount.classList.add("contribute--ready");
      title.focus();
      title.scrollIntoView({ block: "start" });
    }

    return { area, hide, show };
  };
})((window.FichesForm = window.FichesForm || {}));
