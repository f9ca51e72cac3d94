// One field of the schema, drawn as its widget says (contribute.js, part 2 of 9):
// choices, a date in three boxes, a list, a text. What is typed goes into the
// model at once (`ctx.changed()` then keeps it); each control is registered, so
// that a message can be put next to it.
(function (F) {
  "use strict";

  F.fields = function (ctx) {
    const { SC, D, t, h, requiredMark, hintElement } = ctx;
    const { widgetOf, closedOf } = SC;

    /** The hints a field gets from its type, after its own help. */
    function typeHints(field, widget) {
      const hints = [];
      if (widget === "list") {
        hints.push(t("form_list_hint"));
        const tax = SC.taxonomy(field.key);
        if (tax && D.terms && (D.terms[tax] || []).length) hints.push(t("form_list_suggest"));
      }
      if (widget === "date") hints.push(t("form_date_hint"));
      if (["url", "email", "number"].includes(field.type)) hints.push(t("form_hint_" + field.type));
      return hints;
    }

    /** One field of the schema, as its widget says. */
    function fieldBox(field, required) {
      const widget = widgetOf(field);
      const id = "f-" + field.key;
      const hint = hintElement(id + "-hint", field.help, ...typeHints(field, widget));
      const marker = required ? requiredMark() : null;
      if (widget === "radios" || widget === "checkboxes" || widget === "date") {
        const box = h("fieldset", { class: "field field--group", id: id + "-box", "data-key": field.key });
        box.append(h("legend", { class: "field__legend" }, field.label || field.key, marker));
        if (hint) box.append(hint);
        const controls = widget === "date" ? dateBoxes(field, box) : choices(field, box, required);
        if (hint) box.setAttribute("aria-describedby", hint.id);
        ctx.register(field.key, box, controls);
        return box;
      }
      const box = h("div", { class: "field", id: id + "-box", "data-key": field.key });
      box.append(h("label", { class: "field__label", for: id }, field.label || field.key, marker));
      if (hint) box.append(hint);
      let control;
      if (widget === "select") control = select(field, box);
      else if (widget === "textarea") control = textarea(field, box);
      else if (widget === "list") control = ctx.list.widget(field, box, id);
      else control = input(field, box);
      const ids = [hint ? hint.id : null, field.key === "summary" ? id + "-count" : null].filter(Boolean);
      if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
      ctx.register(field.key, box, [control]);
      return box;
    }

    /** Day, month and year, kept as typed. */
    function dateBoxes(field, box) {
      const model = ctx.state.model;
      const parts = model.values[field.key] || { day: "", month: "", year: "" };
      model.values[field.key] = parts;
      const row = h("div", { class: "date-input" });
      const controls = [];
      for (const [part, size] of [["day", 2], ["month", 2], ["year", 4]]) {
        const input = h("input", {
          id: `f-${field.key}-${part}`, class: `date-input__${part}`, type: "text", inputmode: "numeric",
          maxlength: size, autocomplete: "off", spellcheck: "false",
        });
        input.value = parts[part] || "";
        input.addEventListener("input", () => {
          parts[part] = input.value;
          ctx.changed();
        });
        controls.push(input);
        row.append(h("div", { class: "date-input__item" },
          h("label", { for: input.id }, t("form_date_" + part)), input));
      }
      box.append(row);
      return controls;
    }

    /** A closed list as radio buttons (one value) or checkboxes (several). */
    function choices(field, box, required) {
      const model = ctx.state.model;
      const key = field.key;
      const id = "f-" + key;
      const closed = closedOf(field);
      const many = widgetOf(field) === "checkboxes";
      const current = many ? (model.values[key] = model.values[key] || []) : null;
      const options = closed.slice();
      // A value kept from before that the list no longer has stays visible, so it
      // can be unticked (and is reported by the check).
      const chosen = many ? current : (model.values[key] ? [model.values[key]] : []);
      for (const v of chosen) if (!options.includes(v)) options.push(v);
      if (!many && !required) options.push("");
      const list = h("div", { class: many ? "choices choices--many" : "choices" });
      const controls = options.map((value, i) => {
        const input = h("input", { id: `${id}-${i}`, type: many ? "checkbox" : "radio", name: id, value });
        input.checked = many ? current.includes(value) : (model.values[key] || "") === value && (value !== "" || !required);
        input.addEventListener("change", () => {
          if (many) {
            // Ticked values in the list's order, then those the list does not have.
            const ticked = (v) => (v === value ? input.checked : current.includes(v));
            const next = closed.filter(ticked).concat(current.filter((v) => !closed.includes(v) && ticked(v)));
            current.splice(0, current.length, ...next);
          } else if (input.checked) model.values[key] = value;
          ctx.changed();
        });
        list.append(h("div", { class: "choice" }, input,
          h("label", { for: input.id }, value === "" ? t("form_choice_none") : value)));
        return input;
      });
      box.append(list);
      return controls;
    }

    function select(field, box) {
      const model = ctx.state.model;
      const key = field.key;
      const control = h("select", { id: "f-" + key });
      const options = [""].concat(closedOf(field));
      const value = model.values[key] || "";
      if (value && !options.includes(value)) options.push(value);
      for (const v of options) control.append(h("option", { value: v }, v === "" ? t("form_choice_pick") : v));
      control.value = value;
      control.addEventListener("change", () => {
        model.values[key] = control.value;
        ctx.changed();
      });
      box.append(control);
      return control;
    }

    function textarea(field, box) {
      const model = ctx.state.model;
      const key = field.key;
      const id = "f-" + key;
      const control = h("textarea", { id, rows: key === "summary" ? 4 : 5, class: "field__textarea" });
      control.value = model.values[key] || "";
      box.append(control);
      if (key === "summary") {
        // Characters as fiches check counts them, against its limit.
        const counter = h("p", { class: "field__count", id: id + "-count" });
        const count = () => {
          const n = [...control.value.trim()].length;
          counter.textContent = t("form_summary_count", { n, max: SC.summaryMax });
          counter.classList.toggle("field__count--over", n > SC.summaryMax);
        };
        count();
        control.addEventListener("input", count);
        box.append(counter);
      }
      control.addEventListener("input", () => {
        model.values[key] = control.value;
        ctx.changed();
      });
      return control;
    }

    /** A line of text: a title, a URL, an e-mail, a number, a term of a list. */
    function input(field, box) {
      const model = ctx.state.model;
      const key = field.key;
      const id = "f-" + key;
      const control = h("input", {
        id, type: { url: "url", email: "email" }[field.type] || "text", class: "field__input",
        inputmode: field.type === "number" ? "decimal" : null,
        spellcheck: field.type === "url" || field.type === "email" ? "false" : null,
        autocomplete: field.type === "email" ? "email" : "off",
      });
      const tax = SC.taxonomy(key);
      const suggestions = tax && D.terms ? D.terms[tax] || [] : [];
      if (suggestions.length) {
        control.setAttribute("list", id + "-suggestions");
        box.append(h("datalist", { id: id + "-suggestions" }, suggestions.map((s) => h("option", { value: s }))));
      }
      control.value = model.values[key] || "";
      control.addEventListener("input", () => {
        model.values[key] = control.value;
        ctx.changed();
      });
      if (key === "title") control.classList.add("field__input--title");
      if (field.type === "number") control.classList.add("field__input--short");
      box.insertBefore(control, box.querySelector("datalist"));
      return control;
    }

    return { fieldBox };
  };
})((window.FichesForm = window.FichesForm || {}));
