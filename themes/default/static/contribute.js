// "Proposer une fiche": the form that writes a fiche file for people who never open a
// text editor. Everything it knows of the site comes from the JSON document embedded
// in the page (#fiches-form-data: the schema, each variant's fields and sections, the
// terms already used, where a fiche can be sent), so the page works from the disk
// (file://) and sends nothing anywhere by itself.
//
// The flow: choose the kind of fiche, fill its fields, then "check": the same rules
// as `fiches check` (contribute-rules.js: required fields, a signature, real dates,
// addresses, closed lists, testimonies with consent) give messages next to each
// field and a summary at the top. Once it passes, the file is shown and can be downloaded, e-mailed or
// proposed on the site's forge. What is typed is kept in localStorage.
//
// With an `edit` object in the data (`fiches serve`), the form is filled from it and
// a valid submit POSTs the same values to `edit.save` instead.
//
// This file is the view: it draws the form from the schema and keeps the model
// (contribute-model.js: what is typed) in step with it. `collect()` turns the model
// once into the fiche's values, which both the file and the POST use. Both other
// files are loaded before this one.
(function () {
  "use strict";

  const dataElement = document.getElementById("fiches-form-data");
  const mount = document.getElementById("fiches-form");
  if (!dataElement || !mount) return;
  const D = JSON.parse(dataElement.textContent);
  const S = D.strings || {};
  const EDIT = D.edit && typeof D.edit === "object" ? D.edit : null;
  const R = window.FichesRules;
  const M = window.FichesModel;
  const SC = R.schema(D);
  const FIELDS = SC.fields;
  const VARIANTS = SC.variants;
  const { variantOf, closedOf, widgetOf, fieldsOf } = SC;
  const { text, line } = R;
  // Where the common fields go; the variant's own fields go in "details".
  const GROUPS = [
    ["essentials", ["title", "date", "summary"]],
    ["signature", ["authors", "collective", "organization"]],
    ["find", ["territory", "themes", "tags"]],
  ];
  const STORE_KEY = "fiches-form:" + location.pathname;

  /** An interface string, with `{name}` placeholders filled. */
  function t(key, vars) {
    const text = Object.prototype.hasOwnProperty.call(S, key) ? S[key] : key;
    return text.replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? String(vars[k]) : m));
  }

  /** A new element: `h("p", {class: "x"}, "text", child)`. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else if (v === true) el.setAttribute(k, "");
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  // ---- The model: what is typed, kept as typed (contribute-model.js) ----

  const emptyModel = () => M.empty(SC);
  const fromEdit = (edit) => M.fromEdit(SC, edit);

  const store = {
    load() {
      try {
        const raw = localStorage.getItem(STORE_KEY);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    },
    save() {
      if (EDIT) return;
      try {
        localStorage.setItem(STORE_KEY, JSON.stringify(model));
      } catch (e) {
        // Private browsing or a full disk: the form still works, it just forgets.
      }
    },
    clear() {
      try {
        localStorage.removeItem(STORE_KEY);
      } catch (e) {
        // Nothing to clear.
      }
    },
  };

  let saveTimer = 0;
  // In edit mode nothing is kept in the browser: leaving the page (or `fiches serve`
  // reloading it after another file changed) with unsaved changes asks first.
  let unsaved = false;
  function changed() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(store.save, 250);
    hideResult();
    if (EDIT) unsaved = true;
  }
  addEventListener("pagehide", () => store.save());
  addEventListener("beforeunload", (event) => {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });

  let model = emptyModel();
  let restored = false;
  if (EDIT) model = fromEdit(EDIT);
  else {
    const saved = store.load();
    if (saved) {
      model = M.normalise(SC, saved);
      restored = JSON.stringify(model) !== JSON.stringify(emptyModel());
    }
  }

  // ---- Building the form ----

  // Every control that can carry a message, by key: its box, the controls described
  // by the message, and the one a link of the error summary focuses.
  let registry = new Map();

  const status = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  function say(text) {
    status.textContent = "";
    setTimeout(() => (status.textContent = text), 50);
  }

  const summaryBox = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
  const form = h("form", { class: "contribute-form", novalidate: true, "aria-describedby": "fiches:form-required" });
  const fieldsArea = h("div", { class: "contribute-form__fields" });
  const resultArea = h("div", { class: "contribute-result-area" });

  function requiredMark() {
    return h("span", { class: "field__required" }, " (", t("form_required"), ")");
  }

  function hintElement(id, ...text) {
    const parts = text.filter(Boolean);
    if (!parts.length) return null;
    return h("div", { class: "field__hint", id }, parts.map((p) => h("p", {}, p)));
  }

  function register(key, box, controls, focus) {
    registry.set(key, { box, controls, focus: focus || controls[0] });
  }

  /** One field of the schema, as its widget says. */
  function fieldBox(field, required) {
    const key = field.key;
    const id = "f-" + key;
    const hintId = id + "-hint";
    const widget = widgetOf(field);
    const closed = closedOf(field);
    const label = field.label || key;
    const marker = required ? requiredMark() : null;
    const extraHints = [];
    if (widget === "list") {
      extraHints.push(t("form_list_hint"));
      const tax = SC.taxonomy(key);
      if (tax && D.terms && (D.terms[tax] || []).length) extraHints.push(t("form_list_suggest"));
    }
    if (widget === "date") extraHints.push(t("form_date_hint"));
    if (["url", "email", "number"].includes(field.type)) extraHints.push(t("form_hint_" + field.type));
    const hint = hintElement(hintId, field.help, ...extraHints);

    if (widget === "radios" || widget === "checkboxes" || widget === "date") {
      const box = h("fieldset", { class: "field field--group", id: id + "-box", "data-key": key });
      box.append(h("legend", { class: "field__legend" }, label, marker));
      if (hint) box.append(hint);
      const controls = [];
      if (widget === "date") {
        const parts = model.values[key] || { day: "", month: "", year: "" };
        model.values[key] = parts;
        const row = h("div", { class: "date-input" });
        for (const [part, size] of [["day", 2], ["month", 2], ["year", 4]]) {
          const input = h("input", {
            id: `${id}-${part}`, class: `date-input__${part}`, type: "text", inputmode: "numeric",
            maxlength: size, autocomplete: "off", spellcheck: "false",
          });
          input.value = parts[part] || "";
          input.addEventListener("input", () => {
            parts[part] = input.value;
            changed();
          });
          controls.push(input);
          row.append(h("div", { class: "date-input__item" },
            h("label", { for: input.id }, t("form_date_" + part)), input));
        }
        box.append(row);
        if (hint) box.setAttribute("aria-describedby", hintId);
      } else {
        const many = widget === "checkboxes";
        const current = many ? (model.values[key] = model.values[key] || []) : null;
        const options = closed.slice();
        // A value kept from before that the list no longer has stays visible, so it
        // can be unticked (and is reported by the check).
        const chosen = many ? current : (model.values[key] ? [model.values[key]] : []);
        for (const v of chosen) if (!options.includes(v)) options.push(v);
        if (!many && !required) options.push("");
        const list = h("div", { class: many ? "choices choices--many" : "choices" });
        options.forEach((value, i) => {
          const input = h("input", {
            id: `${id}-${i}`, type: many ? "checkbox" : "radio", name: id, value,
          });
          input.checked = many ? current.includes(value) : (model.values[key] || "") === value && (value !== "" || !required);
          input.addEventListener("change", () => {
            if (many) {
              // Ticked values in the list's order, then those the list does not have.
              const ticked = (v) => (v === value ? input.checked : current.includes(v));
              const next = closed.filter(ticked).concat(current.filter((v) => !closed.includes(v) && ticked(v)));
              current.splice(0, current.length, ...next);
            } else if (input.checked) model.values[key] = value;
            changed();
          });
          controls.push(input);
          list.append(h("div", { class: "choice" }, input,
            h("label", { for: input.id }, value === "" ? t("form_choice_none") : value)));
        });
        box.append(list);
        if (hint) box.setAttribute("aria-describedby", hintId);
      }
      register(key, box, controls);
      return box;
    }

    const box = h("div", { class: "field", id: id + "-box", "data-key": key });
    box.append(h("label", { class: "field__label", for: id }, label, marker));
    if (hint) box.append(hint);
    let control;
    if (widget === "select") {
      control = h("select", { id });
      const options = [""].concat(closed);
      const value = model.values[key] || "";
      if (value && !options.includes(value)) options.push(value);
      for (const v of options) control.append(h("option", { value: v }, v === "" ? t("form_choice_pick") : v));
      control.value = value;
      control.addEventListener("change", () => {
        model.values[key] = control.value;
        changed();
      });
      box.append(control);
    } else if (widget === "textarea") {
      control = h("textarea", { id, rows: key === "summary" ? 4 : 5, class: "field__textarea" });
      control.value = model.values[key] || "";
      box.append(control);
      if (key === "summary") {
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
        changed();
      });
    } else if (widget === "list") {
      control = listWidget(field, box, id);
    } else {
      const type = { url: "url", email: "email" }[field.type] || "text";
      control = h("input", {
        id, type, class: "field__input",
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
        changed();
      });
      if (key === "title") control.classList.add("field__input--title");
      if (field.type === "number") control.classList.add("field__input--short");
      box.insertBefore(control, box.querySelector("datalist"));
    }
    const ids = [hint ? hintId : null, key === "summary" ? id + "-count" : null].filter(Boolean);
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    register(key, box, [control]);
    return box;
  }

  /** An open list: a text box whose entries become removable chips. */
  function listWidget(field, box, id) {
    const key = field.key;
    const label = field.label || key;
    const items = (model.values[key] = model.values[key] || []);
    const tax = SC.taxonomy(key);
    const known = tax && D.terms ? D.terms[tax] || [] : [];
    const input = h("input", { id, type: "text", class: "field__input", autocomplete: "off" });
    input.value = model.pending[key] || "";
    if (known.length) input.setAttribute("list", id + "-suggestions");
    const add = h("button", { type: "button", class: "button button--secondary list-entry__add" },
      t("form_list_add"), h("span", { class: "visually-hidden" }, ` (${label})`));
    const chips = h("ul", { class: "chips chips--edit", "aria-label": t("form_list_chosen", { label }) });

    function draw() {
      chips.replaceChildren(...items.map((value, i) => h("li", { class: "chip chip--edit" },
        h("span", { class: "chip__text" }, value),
        h("button", {
          type: "button", class: "chip__remove",
          onclick: () => {
            items.splice(i, 1);
            draw();
            changed();
            say(t("form_list_removed", { value }));
            const next = chips.querySelectorAll(".chip__remove")[Math.min(i, items.length - 1)];
            (next || input).focus();
          },
        }, h("span", { "aria-hidden": "true" }, "×"), h("span", { class: "visually-hidden" }, t("form_list_remove", { value }))))));
      chips.hidden = items.length === 0;
    }

    function commit(announce) {
      const value = input.value.trim().replace(/\s+/g, " ");
      input.value = "";
      model.pending[key] = "";
      if (!value) return false;
      // The spelling already used on the site wins, so a term is not written twice.
      // Folded by slug as fiches folds terms; one the form cannot spell, by its letters.
      const folded = (x) => (tax && R.slugify(x) ? R.slugify(x) : x.toLowerCase());
      const same = known.find((k) => folded(k) === folded(value));
      const final = tax && same ? same : value;
      if (items.some((x) => folded(x) === folded(final))) {
        if (announce) say(t("form_list_already", { value: final }));
      } else {
        items.push(final);
        if (announce) say(t("form_list_added", { value: final }));
      }
      draw();
      changed();
      return true;
    }
    listCommits.push(() => commit(false));

    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.isComposing) {
        e.preventDefault();
        commit(true);
      }
    });
    input.addEventListener("input", () => {
      model.pending[key] = input.value;
      changed();
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
  // Text typed in a list but not yet added is added before any check.
  let listCommits = [];

  /** The testimonies: a repeatable group of quote, name, role and consent. */
  function testimoniesBox(required) {
    const section = h("section", { class: "form-group", "aria-labelledby": "fiches:group-testimonies", id: "f-testimonies-box", tabindex: "-1" });
    section.append(h("h2", { id: "fiches:group-testimonies" }, t("form_group_testimonies"), required ? requiredMark() : null));
    section.append(h("p", { class: "field__hint", id: "f-testimonies-hint" }, t("form_testimonies_hint")));
    const list = h("div", { class: "testimonies-form" });
    const add = h("button", { type: "button", class: "button button--secondary", id: "f-testimonies-add" }, t("form_testimony_add"));
    register("testimonies", section, [], add);

    function draw(focusIndex) {
      list.replaceChildren();
      model.testimonies.forEach((item, i) => {
        const n = i + 1;
        const id = `f-t${n}`;
        const box = h("fieldset", { class: "testimony-form", id: id + "-box" });
        box.append(h("legend", { class: "testimony-form__legend" }, t("form_testimony_legend", { n })));
        const text = (part, labelKey, hintKey, req, multiline) => {
          const cid = `${id}-${part}`;
          const field = h("div", { class: "field", id: cid + "-box" });
          field.append(h("label", { class: "field__label", for: cid }, t(labelKey), req ? requiredMark() : null));
          field.append(h("p", { class: "field__hint", id: cid + "-hint" }, t(hintKey)));
          const control = multiline
            ? h("textarea", { id: cid, rows: 3, class: "field__textarea", "aria-describedby": cid + "-hint" })
            : h("input", { id: cid, type: "text", class: "field__input", autocomplete: "off", "aria-describedby": cid + "-hint" });
          control.value = item[part] || "";
          control.addEventListener("input", () => {
            item[part] = control.value;
            changed();
          });
          field.append(control);
          register(`testimonies.${i}.${part}`, field, [control]);
          return field;
        };
        box.append(text("quote", "form_testimony_quote", "form_testimony_quote_hint", true, true));
        box.append(text("name", "form_testimony_name", "form_testimony_name_hint", true, false));
        box.append(text("role", "form_testimony_role", "form_testimony_role_hint", false, false));
        const consentId = `${id}-consent`;
        const consent = h("input", { id: consentId, type: "checkbox" });
        consent.checked = !!item.consent;
        consent.addEventListener("change", () => {
          item.consent = consent.checked;
          changed();
        });
        const consentBox = h("div", { class: "field field--consent", id: consentId + "-box" },
          h("div", { class: "choice" }, consent, h("label", { for: consentId }, t("form_testimony_consent"), requiredMark())));
        register(`testimonies.${i}.consent`, consentBox, [consent]);
        box.append(consentBox);
        box.append(h("button", {
          type: "button", class: "button button--secondary button--small",
          onclick: () => {
            const blank = !item.quote.trim() && !item.name.trim() && !item.role.trim() && !item.consent;
            if (!blank && !confirm(t("form_testimony_remove_confirm"))) return;
            model.testimonies.splice(i, 1);
            changed();
            draw(null);
            say(t("form_testimony_removed"));
            add.focus();
          },
        }, t("form_testimony_remove", { n })));
        list.append(box);
      });
      if (focusIndex !== null && focusIndex !== undefined) {
        const first = document.getElementById(`f-t${focusIndex + 1}-quote`);
        if (first) first.focus();
      }
    }
    add.addEventListener("click", () => {
      model.testimonies.push({ name: "", role: "", quote: "", consent: false });
      changed();
      draw(model.testimonies.length - 1);
      say(t("form_testimony_added", { n: model.testimonies.length }));
    });
    draw(null);
    section.append(list, h("p", { class: "testimonies-form__add" }, add));
    return section;
  }

  // In edit mode (`fiches serve`), a cover photo may go with the save: the file is
  // read only then, and is not kept in the browser.
  let photo = null;

  function photoBox() {
    photo = null;
    const section = h("section", { class: "form-group", "aria-labelledby": "fiches:group-image" },
      h("h2", { id: "fiches:group-image" }, t("form_group_image")));
    const fileBox = h("div", { class: "field", id: "f-image-box" },
      h("label", { class: "field__label", for: "f-image" }, t("form_image_label")),
      h("p", { class: "field__hint", id: "f-image-hint" }, t("form_image_hint")));
    const input = h("input", { id: "f-image", type: "file", accept: R.PHOTO_TYPES.join(","), class: "field__file", "aria-describedby": "f-image-hint" });
    input.addEventListener("change", () => {
      photo = input.files && input.files[0] ? input.files[0] : null;
      changed();
    });
    fileBox.append(input);
    register("image", fileBox, [input]);
    const altBox = h("div", { class: "field", id: "f-image_alt-box" },
      h("label", { class: "field__label", for: "f-image_alt" }, t("form_image_alt_label")),
      h("p", { class: "field__hint", id: "f-image_alt-hint" }, t("form_image_alt_hint")));
    const alt = h("input", { id: "f-image_alt", type: "text", class: "field__input", autocomplete: "off", "aria-describedby": "f-image_alt-hint" });
    alt.value = model.values.image_alt || "";
    alt.addEventListener("input", () => {
      model.values.image_alt = alt.value;
      changed();
    });
    altBox.append(alt);
    register("image_alt", altBox, [alt]);
    section.append(fileBox, altBox);
    return section;
  }

  /** The photo as the save sends it: `{name, data (base64), alt}`. */
  function photoData() {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve({
        name: photo.name,
        data: String(reader.result).replace(/^data:[^,]*,/, ""),
        alt: line(model.values.image_alt),
      });
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(photo);
    });
  }

  /** The body: one text box per section of the variant, with its guidance. */
  function textBox(variant) {
    const section = h("section", { class: "form-group", "aria-labelledby": "fiches:group-text" });
    section.append(h("h2", { id: "fiches:group-text" }, t("form_group_text")));
    section.append(h("p", { class: "field__hint" }, t("form_text_hint")));
    variant.sections.forEach((s, i) => {
      const id = `f-section-${i + 1}`;
      const box = h("div", { class: "field", id: id + "-box" });
      box.append(h("label", { class: "field__label field__label--section", for: id }, s.title, s.required ? requiredMark() : null));
      const hint = s.guidance ? h("p", { class: "field__hint", id: id + "-hint" }, s.guidance) : null;
      if (hint) box.append(hint);
      const control = h("textarea", { id, rows: 8, class: "field__textarea", "aria-describedby": hint ? hint.id : null });
      control.value = model.sections[s.title] || "";
      control.addEventListener("input", () => {
        model.sections[s.title] = control.value;
        changed();
      });
      box.append(control);
      register("section:" + s.title, box, [control]);
      section.append(box);
    });
    // The rest of an edited fiche's body, or the whole text of a variant without sections.
    if (EDIT || variant.sections.length === 0) {
      const id = "f-extra";
      const alone = variant.sections.length === 0;
      const box = h("div", { class: "field", id: id + "-box" });
      box.append(h("label", { class: "field__label field__label--section", for: id }, t(alone ? "form_text_label" : "form_extra_label")));
      const hint = alone ? null : h("p", { class: "field__hint", id: id + "-hint" }, t("form_extra_hint"));
      if (hint) box.append(hint);
      const control = h("textarea", { id, rows: alone ? 14 : 6, class: "field__textarea", "aria-describedby": hint ? hint.id : null });
      control.value = model.extra || "";
      control.addEventListener("input", () => {
        model.extra = control.value;
        changed();
      });
      box.append(control);
      register("extra", box, [control]);
      section.append(box);
    }
    return section;
  }

  function groupSection(name, boxes, hintKey) {
    if (!boxes.length) return null;
    const id = "fiches:group-" + name;
    return h("section", { class: "form-group", "aria-labelledby": id },
      h("h2", { id }, t("form_group_" + name)),
      hintKey ? h("p", { class: "field__hint" }, t(hintKey)) : null,
      boxes);
  }

  /** The fields of the chosen variant, grouped. */
  function drawFields() {
    registry = new Map([...registry].filter(([k]) => k === "variant"));
    listCommits = [];
    fieldsArea.replaceChildren();
    const variant = variantOf(model.variant);
    if (!variant) {
      fieldsArea.append(h("p", { class: "notice contribute-form__first" }, t("form_variant_first")));
      return;
    }
    const fields = fieldsOf(variant);
    const required = new Set(variant.required);
    const placed = new Set();
    for (const [name, keys] of GROUPS) {
      const boxes = [];
      let signature = null;
      for (const key of keys) {
        const field = fields.find((f) => f.key === key);
        if (!field) continue;
        placed.add(key);
        const box = fieldBox(field, required.has(key));
        if (key === "authors" || key === "collective") {
          // Authors or a collective: at least one of the two signs the fiche. The
          // group's heading is the legend of their fieldset.
          if (!signature) {
            signature = h("fieldset", { class: "field-pair", id: "f-signature-box", "aria-describedby": "f-signature-hint" },
              h("legend", { class: "field-pair__legend" },
                h("h2", { id: "fiches:group-signature" }, t("form_signature_legend"), requiredMark())),
              h("p", { class: "field__hint", id: "f-signature-hint" }, t("form_signature_hint")));
            boxes.push(signature);
          }
          signature.append(box);
        } else boxes.push(box);
      }
      if (signature) {
        const first = registry.get("authors") || registry.get("collective");
        register("signed", signature, [first.focus], first.focus);
        fieldsArea.append(h("section", { class: "form-group", "aria-labelledby": "fiches:group-signature" }, boxes));
      } else fieldsArea.append(groupSection(name, boxes) || "");
    }
    const details = fields
      .filter((f) => !placed.has(f.key) && f.type !== "testimonies")
      .map((f) => fieldBox(f, required.has(f.key)));
    const detailsSection = groupSection("details", details, "form_group_details_hint");
    if (detailsSection) fieldsArea.append(detailsSection);
    if (fields.some((f) => f.type === "testimonies")) fieldsArea.append(testimoniesBox(required.has("testimonies")));
    if (EDIT) fieldsArea.append(photoBox());
    fieldsArea.append(textBox(variant));
  }

  function variantBox() {
    const box = h("fieldset", { class: "field field--group field--variant", id: "f-variant-box" });
    const help = FIELDS.get("variant") && FIELDS.get("variant").help;
    box.append(h("legend", { class: "field__legend field__legend--page" }, t("form_variant_legend"), requiredMark()));
    if (help) {
      box.append(h("p", { class: "field__hint", id: "f-variant-hint" }, help));
      box.setAttribute("aria-describedby", "f-variant-hint");
    }
    const list = h("div", { class: "choices" });
    const controls = VARIANTS.map((v) => {
      const input = h("input", { id: "f-variant-" + v.name, type: "radio", name: "variant", value: v.name });
      input.checked = model.variant === v.name;
      input.addEventListener("change", () => {
        if (!input.checked) return;
        model.variant = v.name;
        changed();
        clearErrors();
        drawFields();
      });
      list.append(h("div", { class: "choice choice--large" }, input, h("label", { for: input.id }, v.label || v.name)));
      return input;
    });
    box.append(list);
    register("variant", box, controls);
    return box;
  }

  // ---- Errors ----

  function clearErrors() {
    for (const el of form.querySelectorAll(".field__error, .field__warning")) el.remove();
    for (const el of form.querySelectorAll(".field--error")) el.classList.remove("field--error");
    for (const el of form.querySelectorAll("[aria-invalid]")) {
      el.removeAttribute("aria-invalid");
      const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !/-(error|warning)(-\d+)?$/.test(x));
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    }
    for (const el of form.querySelectorAll("[data-warned]")) {
      const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !/-warning(-\d+)?$/.test(x));
      el.removeAttribute("data-warned");
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    }
    summaryBox.hidden = true;
    summaryBox.replaceChildren();
    document.title = baseTitle;
  }

  /** A message next to its field: in the box, after the label and hint. */
  function attach(entry, message, kind, index) {
    const id = `${entry.box.id || "f-x"}-${kind}${index ? "-" + index : ""}`;
    const existing = entry.box.querySelector(`:scope > .field__${kind}`);
    const p = h("p", { class: `field__${kind}`, id },
      h("span", { class: "visually-hidden" }, t(kind === "error" ? "form_error_prefix" : "form_warning_prefix") + " "), message);
    if (existing) existing.after(p);
    else {
      const after = entry.box.querySelector(":scope > .field__hint") ||
        entry.box.querySelector(":scope > legend, :scope > label, :scope > h2, :scope > .choice");
      if (after && after.classList.contains("choice")) after.before(p);
      else if (after) after.after(p);
      else entry.box.prepend(p);
    }
    if (kind === "error") entry.box.classList.add("field--error");
    for (const c of entry.controls) {
      const ids = (c.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      ids.push(id);
      c.setAttribute("aria-describedby", ids.join(" "));
      if (kind === "error") c.setAttribute("aria-invalid", "true");
      else c.setAttribute("data-warned", "");
    }
  }

  const baseTitle = document.title;

  /** Shows the errors (and warnings) by their fields, and the summary at the top. */
  function showErrors(errors, warnings, conflict) {
    clearErrors();
    const counts = new Map();
    for (const [list, kind] of [[errors, "error"], [warnings, "warning"]]) {
      for (const e of list) {
        const entry = registry.get(e.key);
        if (!entry) continue;
        const n = (counts.get(e.key + kind) || 0) + 1;
        counts.set(e.key + kind, n);
        attach(entry, e.message, kind, n > 1 ? n : 0);
      }
    }
    if (!errors.length) return false;
    // The summary follows the order of the page; messages with no field come first.
    const place = (e) => registry.get(e.key)?.focus || null;
    const ordered = errors.slice().sort((a, b) => {
      const [x, y] = [place(a), place(b)];
      if (x === y) return 0;
      if (!x || !y) return x ? 1 : -1;
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    const items = ordered.map((e) => {
      const entry = registry.get(e.key);
      const target = entry && entry.focus;
      return h("li", {}, target
        ? h("a", {
          href: "#" + target.id,
          onclick: (ev) => {
            ev.preventDefault();
            focusField(e.key);
          },
        }, e.message)
        : e.message);
    });
    summaryBox.replaceChildren(
      h("h2", { class: "error-summary__title" }, t("form_errors_title")),
      h("ul", { class: "error-summary__list" }, items),
      conflict ? h("details", { class: "error-summary__conflict" },
        h("summary", {}, t("form_conflict")), h("pre", { tabindex: "0" }, conflict)) : "",
    );
    summaryBox.hidden = false;
    summaryBox.setAttribute("role", "alert");
    document.title = t("form_errors_page_title", { title: baseTitle });
    summaryBox.focus();
    summaryBox.scrollIntoView({ block: "start" });
    return true;
  }

  /** Puts the focus on a field, with its label or legend in view. */
  function focusField(key) {
    const entry = registry.get(key);
    if (!entry) return;
    const target = entry.focus;
    // A group of boxes is read from its legend; anything else from its label.
    const grouped = target.type === "radio" || target.type === "checkbox" || target.closest(".date-input");
    const box = (grouped && target.closest("fieldset")) || entry.box;
    box.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  // ---- The fiche: values and checks (contribute-rules.js) ----

  /** The fiche the model describes, and its problems with their messages. */
  function collect() {
    const fiche = R.check(SC, model, { edit: EDIT, photo });
    const say = (e) => ({ key: e.key, message: t(e.message, e.vars) });
    fiche.errors = fiche.errors.map(say);
    fiche.warnings = fiche.warnings.map(say);
    return fiche;
  }

  // ---- After the check: the file and the ways to send it ----

  let blobUrl = null;

  function hideResult() {
    if (!resultArea.firstChild) return;
    resultArea.replaceChildren();
    mount.classList.remove("contribute--ready");
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = null;
  }

  function showResult(fiche) {
    hideResult();
    const content = M.fileText(SC, fiche);
    const slug = R.fileName(fiche.values.title) || "fiche";
    const file = slug + ".md";
    blobUrl = URL.createObjectURL(new Blob([content], { type: "text/markdown;charset=utf-8" }));
    const ways = h("div", { class: "result__ways" });
    ways.append(h("div", { class: "result__way" },
      h("h3", {}, t("form_download_title")),
      h("p", {}, h("a", { class: "button", href: blobUrl, download: file, id: "fiche-download" }, t("form_download", { file }))),
      h("p", { class: "field__hint" }, t("form_download_hint"))));
    if (D.email) {
      const mail = M.mailtoLink(D.email, t("form_email_subject", { title: fiche.values.title }), content);
      ways.append(h("div", { class: "result__way" },
        h("h3", {}, t("form_email_title")),
        h("p", {}, h("a", { class: "button button--secondary", href: mail.href, id: "fiche-email" }, t("form_email_link", { email: D.email }))),
        h("p", { class: "field__hint" }, mail.whole ? t("form_email_hint") : t("form_email_long", { file }))));
    }
    if (D.forge && D.forge.url) {
      const forge = M.forgeName(D.forge);
      const path = (D.forge.folder || "") + "content/" + file;
      const link = M.forgeLink(D.forge, path, content);
      ways.append(h("div", { class: "result__way" },
        h("h3", {}, t("form_forge_title", { forge })),
        h("p", {}, h("a", { class: "button button--secondary", href: link.href, id: "fiche-forge", rel: "noopener" }, t("form_forge_link", { forge }))),
        h("p", { class: "field__hint" }, t("form_forge_hint", { forge })),
        link.whole ? null : h("p", { class: "field__hint" }, t("form_forge_long", { path }))));
    }
    const preview = h("textarea", { id: "fiche-file", class: "field__textarea result__file", readonly: true, rows: 16, spellcheck: "false", "aria-describedby": "fiche-file-hint" });
    preview.value = content;
    const copy = h("button", {
      type: "button", class: "button button--secondary button--small",
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(content);
        } catch (e) {
          preview.select();
          document.execCommand("copy");
        }
        say(t("form_copied"));
      },
    }, t("form_copy"));
    const title = h("h2", { id: "fiche-result-title", tabindex: "-1" }, t("form_result_title"));
    resultArea.append(h("section", { class: "result", id: "fiche-result", "aria-labelledby": title.id },
      title,
      h("p", {}, t("form_result_intro")),
      ways,
      h("div", { class: "field result__preview" },
        h("label", { class: "field__label", for: preview.id }, t("form_preview_label")),
        h("p", { class: "field__hint", id: "fiche-file-hint" }, t("form_preview_hint")),
        preview,
        h("pre", { class: "result__print", "aria-hidden": "true" }, content),
        h("p", {}, copy))));
    mount.classList.add("contribute--ready");
    title.focus();
    title.scrollIntoView({ block: "start" });
  }

  // ---- Edit mode: saving through `fiches serve` ----

  const refused = (message) => ({ ok: false, errors: [{ field: "", message }], conflict: null });

  /**
   * What the server said of a save. Its own answers are JSON (422 and 409 with the
   * problems); anything else (413 for a request over its limit, 503 while it
   * rebuilds) is told by its status, not as a server that does not answer.
   */
  async function answerOf(response) {
    const json = /^application\/json\b/.test(response.headers.get("Content-Type") || "");
    if (json) {
      const answer = await response.json().catch(() => null);
      if (answer && typeof answer === "object") return response.ok ? answer : Object.assign(answer, { ok: false });
    }
    return refused(t(response.status === 413 ? "form_save_too_large" : "form_save_status", { status: response.status }));
  }

  async function saveEdit(fiche, button) {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = t("form_saving");
    say(t("form_saving"));
    // Once sent, the changes are the server's: the page may reload or move on.
    unsaved = false;
    let answer;
    try {
      const request = {
        token: EDIT.token, path: EDIT.path === undefined ? null : EDIT.path, hash: EDIT.hash === undefined ? null : EDIT.hash,
        values: fiche.values, sections: fiche.sections, extra: fiche.extra,
      };
      if (photo) request.image = await photoData();
      const response = await fetch(EDIT.save, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(request),
      });
      answer = await answerOf(response);
    } catch (e) {
      answer = refused(t("form_server_unreachable"));
    }
    button.disabled = false;
    button.textContent = label;
    if (answer && answer.ok) {
      location.href = answer.url;
      return;
    }
    const errors = ((answer && answer.errors) || []).map((e) => {
      const field = (e && e.field) || "";
      const section = variantOf(model.variant)?.sections.find((s) => s.title === field);
      const key = registry.has(field) ? field : section ? "section:" + section.title : "";
      return { key, message: (e && e.message) || t("form_save_failed") };
    });
    if (!errors.length) errors.push({ key: "", message: t("form_save_failed") });
    unsaved = true;
    showErrors(errors, [], answer && answer.conflict);
  }

  // ---- The page ----

  function submit(event) {
    event.preventDefault();
    for (const commit of listCommits) commit();
    store.save();
    const fiche = collect();
    if (showErrors(fiche.errors, fiche.warnings, null)) {
      hideResult();
      return;
    }
    if (EDIT) saveEdit(fiche, submitButton);
    else showResult(fiche);
  }

  const submitButton = h("button", { type: "submit", class: "button button--primary" }, t(EDIT ? "form_save" : "form_submit"));
  const resetButton = h("button", {
    type: "button", class: "button button--secondary",
    onclick: () => {
      if (!confirm(t(EDIT ? "form_edit_reset_confirm" : "form_reset_confirm"))) return;
      store.clear();
      model = EDIT ? fromEdit(EDIT) : emptyModel();
      unsaved = false;
      restoredNote.hidden = true;
      hideResult();
      clearErrors();
      draw();
      say(t("form_reset_done"));
      const first = registry.get("variant").controls.find((c) => c.checked) || registry.get("variant").focus;
      if (first) first.focus();
    },
  }, t(EDIT ? "form_edit_reset" : "form_reset"));

  const restoredNote = h("div", { class: "notice contribute-restored", hidden: !restored },
    h("p", {}, t("form_restored")));

  function draw() {
    registry = new Map();
    form.replaceChildren(
      h("p", { class: "field__hint", id: "fiches:form-required" }, t("form_required_note")),
      variantBox(),
      fieldsArea,
      h("div", { class: "form-actions" },
        submitButton,
        resetButton,
        EDIT ? null : h("p", { class: "field__hint form-actions__kept" }, t("form_kept"))),
    );
    drawFields();
  }

  if (EDIT) {
    const heading = document.querySelector("main h1");
    const lead = document.querySelector("main .lead");
    if (heading && EDIT.path) heading.textContent = t("form_edit_title");
    if (lead) lead.textContent = t("form_edit_intro");
  }
  form.addEventListener("submit", submit);
  mount.replaceChildren(restoredNote, summaryBox, form, resultArea, status);
  draw();
})();
