// The form's groups beyond single fields (contribute.js, part 4 of 9): the
// testimonies (a repeatable group of quote, name, role and consent), the cover
// photo that `fiches serve`'s editor sends with a save, and the body, one text box
// per section of the variant.
(function (F) {
  "use strict";

  F.groups = function (ctx) {
    const { EDIT, R, t, h, requiredMark, say } = ctx;
    const { line } = R;

    /** The testimonies: a repeatable group of quote, name, role and consent. */
    function testimonies(required) {
      const model = ctx.state.model;
      const section = h("section", { class: "form-group", "aria-labelledby": "fiches:group-testimonies", id: "f-testimonies-box", tabindex: "-1" });
      section.append(h("h2", { id: "fiches:group-testimonies" }, t("form_group_testimonies"), required ? requiredMark() : null));
      section.append(h("p", { class: "field__hint", id: "f-testimonies-hint" }, t("form_testimonies_hint")));
      const list = h("div", { class: "testimonies-form" });
      const add = h("button", { type: "button", class: "button button--secondary", id: "f-testimonies-add" }, t("form_testimony_add"));
      ctx.register("testimonies", section, [], add);

      /** One text of testimony `i` (`item`): quote, name or role. */
      function text(item, i, part, labelKey, hintKey, req, multiline) {
        const cid = `f-t${i + 1}-${part}`;
        const field = h("div", { class: "field", id: cid + "-box" });
        field.append(h("label", { class: "field__label", for: cid }, t(labelKey), req ? requiredMark() : null));
        field.append(h("p", { class: "field__hint", id: cid + "-hint" }, t(hintKey)));
        const control = multiline
          ? h("textarea", { id: cid, rows: 3, class: "field__textarea", "aria-describedby": cid + "-hint" })
          : h("input", { id: cid, type: "text", class: "field__input", autocomplete: "off", "aria-describedby": cid + "-hint" });
        control.value = item[part] || "";
        control.addEventListener("input", () => {
          item[part] = control.value;
          ctx.changed();
        });
        field.append(control);
        ctx.register(`testimonies.${i}.${part}`, field, [control]);
        return field;
      }

      function testimony(item, i) {
        const n = i + 1;
        const id = `f-t${n}`;
        const box = h("fieldset", { class: "testimony-form", id: id + "-box" });
        box.append(h("legend", { class: "testimony-form__legend" }, t("form_testimony_legend", { n })));
        box.append(text(item, i, "quote", "form_testimony_quote", "form_testimony_quote_hint", true, true));
        box.append(text(item, i, "name", "form_testimony_name", "form_testimony_name_hint", true, false));
        box.append(text(item, i, "role", "form_testimony_role", "form_testimony_role_hint", false, false));
        const consent = h("input", { id: `${id}-consent`, type: "checkbox" });
        consent.checked = !!item.consent;
        consent.addEventListener("change", () => {
          item.consent = consent.checked;
          ctx.changed();
        });
        const consentBox = h("div", { class: "field field--consent", id: consent.id + "-box" },
          h("div", { class: "choice" }, consent, h("label", { for: consent.id }, t("form_testimony_consent"), requiredMark())));
        ctx.register(`testimonies.${i}.consent`, consentBox, [consent]);
        box.append(consentBox);
        const remove = () => {
          const blank = !item.quote.trim() && !item.name.trim() && !item.role.trim() && !item.consent;
          if (!blank && !confirm(t("form_testimony_remove_confirm"))) return;
          model.testimonies.splice(i, 1);
          ctx.changed();
          draw(null);
          say(t("form_testimony_removed"));
          add.focus();
        };
        box.append(h("button", { type: "button", class: "button button--secondary button--small", onclick: remove },
          t("form_testimony_remove", { n })));
        return box;
      }

      function draw(focusIndex) {
        list.replaceChildren(...model.testimonies.map(testimony));
        if (focusIndex !== null && focusIndex !== undefined) {
          const first = document.getElementById(`f-t${focusIndex + 1}-quote`);
          if (first) first.focus();
        }
      }
      add.addEventListener("click", () => {
        model.testimonies.push({ name: "", role: "", quote: "", consent: false });
        ctx.changed();
        draw(model.testimonies.length - 1);
        say(t("form_testimony_added", { n: model.testimonies.length }));
      });
      draw(null);
      section.append(list, h("p", { class: "testimonies-form__add" }, add));
      return section;
    }

    /**
     * In edit mode (`fiches serve`), a cover photo may go with the save: the file is
     * read only then, and is not kept in the browser.
     */
    function photo() {
      const model = ctx.state.model;
      ctx.state.photo = null;
      const section = h("section", { class: "form-group", "aria-labelledby": "fiches:group-image" },
        h("h2", { id: "fiches:group-image" }, t("form_group_image")));
      const fileBox = h("div", { class: "field", id: "f-image-box" },
        h("label", { class: "field__label", for: "f-image" }, t("form_image_label")),
        h("p", { class: "field__hint", id: "f-image-hint" }, t("form_image_hint")));
      const input = h("input", { id: "f-image", type: "file", accept: R.PHOTO_TYPES.join(","), class: "field__file", "aria-describedby": "f-image-hint" });
      input.addEventListener("change", () => {
        ctx.state.photo = input.files && input.files[0] ? input.files[0] : null;
        ctx.changed();
      });
      fileBox.append(input);
      ctx.register("image", fileBox, [input]);
      const altBox = h("div", { class: "field", id: "f-image_alt-box" },
        h("label", { class: "field__label", for: "f-image_alt" }, t("form_image_alt_label")),
        h("p", { class: "field__hint", id: "f-image_alt-hint" }, t("form_image_alt_hint")));
      const alt = h("input", { id: "f-image_alt", type: "text", class: "field__input", autocomplete: "off", "aria-describedby": "f-image_alt-hint" });
      alt.value = model.values.image_alt || "";
      alt.addEventListener("input", () => {
        model.values.image_alt = alt.value;
        ctx.changed();
      });
      altBox.append(alt);
      ctx.register("image_alt", altBox, [alt]);
      section.append(fileBox, altBox);
      return section;
    }

    /** The chosen photo as the save sends it: `{name, data (base64), alt}`. */
    function photoData() {
      const file = ctx.state.photo;
      return new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve({
          name: file.name,
          data: String(reader.result).replace(/^data:[^,]*,/, ""),
          alt: line(ctx.state.model.values.image_alt),
        });
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(file);
      });
    }

    /** One text box of the body, with its label and guidance. */
    function bodyBox(id, label, hintText, rows, value, keep) {
      const box = h("div", { class: "field", id: id + "-box" });
      box.append(h("label", { class: "field__label field__label--section", for: id }, label));
      const hint = hintText ? h("p", { class: "field__hint", id: id + "-hint" }, hintText) : null;
      if (hint) box.append(hint);
      const control = h("textarea", { id, rows, class: "field__textarea", "aria-describedby": hint ? hint.id : null });
      control.value = value || "";
      control.addEventListener("input", () => {
        keep(control.value);
        ctx.changed();
      });
      box.append(control);
      return { box, control };
    }

    /** How to write bold, a list, a link, a subheading: signs the text boxes show as typed. */
    function formatting() {
      const rows = ["bold", "list", "link", "heading"].map((k) =>
        h("li", {}, t("form_format_" + k), " ", h("code", {}, t("form_format_" + k + "_code"))));
      return h("details", { class: "format-help" },
        h("summary", {}, t("form_format_title")),
        h("p", {}, t("form_format_intro")),
        h("ul", {}, rows));
    }

    /** The body: one text box per section of the variant, with its guidance. */
    function body(variant) {
      const model = ctx.state.model;
      const section = h("section", { class: "form-group", "aria-labelledby": "fiches:group-text" });
      section.append(h("h2", { id: "fiches:group-text" }, t("form_group_text")));
      section.append(h("p", { class: "field__hint" }, t("form_text_hint")));
      section.append(formatting());
      variant.sections.forEach((s, i) => {
        const label = [s.title, s.required ? requiredMark() : null];
        const { box, control } = bodyBox(`f-section-${i + 1}`, label, s.guidance, 8, model.sections[s.title],
          (v) => (model.sections[s.title] = v));
        ctx.register("section:" + s.title, box, [control]);
        section.append(box);
      });
      // The rest of an edited fiche's body, or the whole text of a variant without sections.
      if (EDIT || variant.sections.length === 0) {
        const alone = variant.sections.length === 0;
        const { box, control } = bodyBox("f-extra", t(alone ? "form_text_label" : "form_extra_label"),
          alone ? null : t("form_extra_hint"), alone ? 14 : 6, model.extra, (v) => (model.extra = v));
        ctx.register("extra", box, [control]);
        section.append(box);
      }
      return section;
    }

    return { testimonies, photo, photoData, body };
  };
})((window.FichesForm = window.FichesForm || {}));
