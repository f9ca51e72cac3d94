// Edit mode, in `fiches serve` (contribute.js, part 8 of 9): the fiche published or
// a draft, its update dated today or not; a checked fiche is sent to the editor with
// its photo, and what the server says is shown: the page of the saved fiche (told,
// there, that it was saved and as what), or the problems next to their fields
// (FichesModel reads the answer, whatever its status).
(function (F) {
  "use strict";

  F.save = function (ctx) {
    const { EDIT, SC, M, t, h, say } = ctx;
    // A new fiche is a draft until its author publishes it.
    const choice = { draft: !EDIT || EDIT.draft !== false, updated: false };

    /** Today, as the author's calendar says: `2024-03-14`. */
    function today() {
      const d = new Date();
      const two = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
    }

    /** Published or a draft; for a fiche already saved, "updated today". */
    function publication() {
      const box = h("fieldset", { class: "field field--group", id: "f-publication-box", "aria-describedby": "f-publication-hint" });
      box.append(h("legend", { class: "field__legend" }, t("form_publication")));
      box.append(h("p", { class: "field__hint", id: "f-publication-hint" }, t("form_publication_hint")));
      const list = h("div", { class: "choices" });
      for (const [value, key] of [["draft", "form_publication_draft"], ["published", "form_publication_published"]]) {
        const input = h("input", { id: "f-publication-" + value, type: "radio", name: "publication", value });
        input.checked = choice.draft === (value === "draft");
        input.addEventListener("change", () => {
          if (!input.checked) return;
          choice.draft = value === "draft";
          ctx.changed();
        });
        list.append(h("div", { class: "choice" }, input, h("label", { for: input.id }, t(key))));
      }
      box.append(list);
      if (EDIT && EDIT.path) {
        const day = today();
        const shown = new Date(day + "T12:00:00").toLocaleDateString(document.documentElement.lang || undefined, { day: "numeric", month: "long", year: "numeric" });
        const updated = h("input", { id: "f-updated-today", type: "checkbox" });
        updated.addEventListener("change", () => {
          choice.updated = updated.checked;
          ctx.changed();
        });
        box.append(h("div", { class: "choice choice--updated" }, updated, h("label", { for: updated.id }, t("form_updated_today", { date: shown }))));
      }
      return box;
    }

    /** The answer to a save request, read as FichesModel.saveAnswer reads it. */
    async function answerOf(response) {
      const json = /^application\/json\b/.test(response.headers.get("Content-Type") || "");
      const body = json ? await response.json().catch(() => null) : null;
      return M.saveAnswer(response.status, json, body);
    }

    /** Sends checked fiche `fiche`; `button` says it is on its way meanwhile. */
    async function send(fiche, button) {
      const label = button.textContent;
      button.disabled = true;
      button.textContent = t("form_saving");
      say(t("form_saving"));
      // Once sent, the changes are the server's: the page may reload or move on.
      ctx.state.unsaved = false;
      let answer;
      try {
        const request = M.saveRequest(EDIT, fiche);
        request.draft = choice.draft;
        if (choice.updated && EDIT.path) request.updated = today();
        if (ctx.state.photo) request.image = await ctx.groups.photoData();
        const response = await fetch(EDIT.save, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(request),
        });
        answer = await answerOf(response);
      } catch (e) {
        answer = M.saveAnswer(0, false, null);
      }
      button.disabled = false;
      button.textContent = label;
      if (answer.ok) {
        // The page the save leads to says so (`fiches serve` adds what reads this).
        try {
          sessionStorage.setItem("fiches:saved", JSON.stringify({ url: answer.url, at: Date.now(), draft: answer.draft === true }));
        } catch (e) {
          // Without storage, the page is still the new one; it just does not say so.
        }
        location.href = answer.url;
        return;
      }
      const registry = ctx.state.registry;
      const variant = SC.variantOf(ctx.state.model.variant);
      const sections = variant ? variant.sections.map((s) => s.title) : [];
      const errors = M.saveErrors(answer, (key) => registry.has(key), sections)
        .map((e) => ({ key: e.key, message: e.message || t(e.say, e.vars) }));
      ctx.state.unsaved = true;
      ctx.errors.show(errors, [], answer.conflict);
    }

    return { send, publication };
  };
})((window.FichesForm = window.FichesForm || {}));
