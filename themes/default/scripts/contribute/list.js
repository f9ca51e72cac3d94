// An open list (tags, authors, partners...): a text box whose entries become chips
// that can be removed (contribute.js, part 3 of 9). A term the site already uses
// is written as the site spells it (FichesModel.addTerm).
(function (F) {
  "use strict";

  F.list = function (ctx) {
    const { SC, D, R, M, t, h, say } = ctx;

    /** The list of `field` in `box`: its text box, its add button, its chips. */
    function widget(field, box, id) {
      const model = ctx.state.model;
      const key = field.key;
      const label = field.label || key;
      const items = (model.values[key] = model.values[key] || []);
      const tax = SC.taxonomy(key);
      const known = tax && D.terms ? D.terms[tax] || [] : [];
      // Terms are told apart by slug, as fiches folds them; one the form cannot
      // spell, by its letters.
      const fold = (x) => (tax && R.slugify(x) ? R.slugify(x) : x.toLowerCase());
      const input = h("input", { id, type: "text", class: "field__input", autocomplete: "off" });
      input.value = model.pending[key] || "";
      if (known.length) input.setAttribute("list", id + "-suggestions");
      const add = h("button", { type: "button", class: "button button--secondary list-entry__add" },
        t("form_list_add"), h("span", { class: "visually-hidden" }, ` (${label})`));
      const chips = h("ul", { class: "chips chips--edit", "aria-label": t("form_list_chosen", { label }) });

      function chip(value, i) {
        const remove = () => {
          items.splice(i, 1);
          draw();
          ctx.changed();
          say(t("form_list_removed", { value }));
          const next = chips.querySelectorAll(".chip__remove")[Math.min(i, items.length - 1)];
          (next || input).focus();
        };
        return h("li", { class: "chip chip--edit" },
          h("span", { class: "chip__text" }, value),
          h("button", { type: "button", class: "chip__remove", onclick: remove },
            h("span", { "aria-hidden": "true" }, "×"),
            h("span", { class: "visually-hidden" }, t("form_list_remove", { value }))));
      }

      function draw() {
        chips.replaceChildren(...items.map(chip));
        chips.hidden = items.length === 0;
      }

      /** Adds what is typed; `announce` says so. Whether anything was typed. */
      function commit(announce) {
        const typed = input.value;
        input.value = "";
        model.pending[key] = "";
        const added = M.addTerm(items, typed, known, fold);
        if (!added) return false;
        if (announce) say(t(added.added ? "form_list_added" : "form_list_already", { value: added.value }));
        draw();
        ctx.changed();
        return true;
      }
      // Text typed but not yet added is added before any check.
      ctx.state.listCommits.push(() => commit(false));

      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.isComposing) {
          e.preventDefault();
          commit(true);
        }
      });
      input.addEventListener("input", () => {
        model.pending[key] = input.value;
        ctx.changed();
      });
      add.addEventListener("click", () => {
        commit(true);
        input.focus();
      });
      box.append(h("div", { class: "list-entry" }, input, add));
      if (known.length) box.append(h("datalist", { id: id + "-suggestions" }, known.map((s) => h("option", { value: s }))));
      box.append(chips);
      draw();
      return input;
    }

    return { widget };
  };
})((window.FichesForm = window.FichesForm || {}));
