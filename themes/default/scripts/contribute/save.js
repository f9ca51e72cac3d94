// Edit mode, in `fiches serve` (contribute.js, part 8 of 9): a checked fiche is
// sent to the editor with its photo, and what the server says is shown: the page
// of the saved fiche, or the problems next to their fields (FichesModel reads the
// answer, whatever its status).
(function (F) {
  "use strict";

  F.save = function (ctx) {
    const { EDIT, SC, M, t, say } = ctx;

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

    return { send };
  };
})((window.FichesForm = window.FichesForm || {}));
