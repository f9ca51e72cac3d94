// Where each field goes (contribute.js, part 5 of 9): the choice of variant first,
// then the chosen variant's fields in groups (the essentials, the signature, what
// helps find the fiche, its own details), its testimonies, the photo, the text.
(function (F) {
  "use strict";

  // Where the common fields go; the variant's own fields go in "details".
  const GROUPS = [
    ["essentials", ["title", "date", "summary"]],
    ["signature", ["authors", "collective", "organization"]],
    ["find", ["territory", "themes", "tags"]],
  ];

  F.layout = function (ctx) {
    const { SC, EDIT, t, h, requiredMark } = ctx;
    const area = h("div", { class: "contribute-form__fields" });

    function groupSection(name, boxes, hintKey) {
      if (!boxes.length) return null;
      const id = "fiches:group-" + name;
      return h("section", { class: "form-group", "aria-labelledby": id },
        h("h2", { id }, t("form_group_" + name)),
        hintKey ? h("p", { class: "field__hint" }, t(hintKey)) : null,
        boxes);
    }

    /** Authors or a collective: at least one of the two signs the fiche. */
    function signatureSet() {
      // The group's heading is the legend of their fieldset.
      return h("fieldset", { class: "field-pair", id: "f-signature-box", "aria-describedby": "f-signature-hint" },
        h("legend", { class: "field-pair__legend" },
          h("h2", { id: "fiches:group-signature" }, t("form_signature_legend"), requiredMark())),
        h("p", { class: "field__hint", id: "f-signature-hint" }, t("form_signature_hint")));
    }

    /** The fields of the chosen variant, grouped. */
    function drawFields() {
      const state = ctx.state;
      state.registry = new Map([...state.registry].filter(([k]) => k === "variant"));
      state.listCommits = [];
      area.replaceChildren();
      const variant = SC.variantOf(state.model.variant);
      if (!variant) {
        area.append(h("p", { class: "notice contribute-form__first" }, t("form_variant_first")));
        return;
      }
      const fields = SC.fieldsOf(variant);
      const required = new Set(variant.required);
      const placed = new Set();
      for (const [name, keys] of GROUPS) {
        const boxes = [];
        let signature = null;
        for (const key of keys) {
          const field = fields.find((f) => f.key === key);
          if (!field) continue;
          placed.add(key);
          const box = ctx.fields.fieldBox(field, required.has(key));
          if (key === "authors" || key === "collective") {
            if (!signature) {
              signature = signatureSet();
              boxes.push(signature);
            }
            signature.append(box);
          } else boxes.push(box);
        }
        if (signature) {
          const first = state.registry.get("authors") || state.registry.get("collective");
          ctx.register("signed", signature, [first.focus], first.focus);
          area.append(h("section", { class: "form-group", "aria-labelledby": "fiches:group-signature" }, boxes));
        } else area.append(groupSection(name, boxes) || "");
      }
      const details = fields
        .filter((f) => !placed.has(f.key) && f.type !== "testimonies")
        .map((f) => ctx.fields.fieldBox(f, required.has(f.key)));
      const detailsSection = groupSection("details", details, "form_group_details_hint");
      if (detailsSection) area.append(detailsSection);
      if (fields.some((f) => f.type === "testimonies")) area.append(ctx.groups.testimonies(required.has("testimonies")));
      if (EDIT) area.append(ctx.groups.photo());
      area.append(ctx.groups.body(variant));
    }

    /** The kinds of fiche, one of which is chosen first: its fields follow. */
    function variantBox() {
      const box = h("fieldset", { class: "field field--group field--variant", id: "f-variant-box" });
      const help = SC.fields.get("variant") && SC.fields.get("variant").help;
      // Asked of a new fiche; an edited one already has its type, which may change.
      const legend = EDIT && EDIT.path ? "form_variant_legend_edit" : "form_variant_legend";
      box.append(h("legend", { class: "field__legend field__legend--page" }, t(legend), requiredMark()));
      if (help) {
        box.append(h("p", { class: "field__hint", id: "f-variant-hint" }, help));
        box.setAttribute("aria-describedby", "f-variant-hint");
      }
      const list = h("div", { class: "choices" });
      const controls = SC.variants.map((v) => {
        const input = h("input", { id: "f-variant-" + v.name, type: "radio", name: "variant", value: v.name });
        input.checked = ctx.state.model.variant === v.name;
        input.addEventListener("change", () => {
          if (!input.checked) return;
          ctx.state.model.variant = v.name;
          ctx.changed();
          ctx.errors.clear();
          drawFields();
        });
        list.append(h("div", { class: "choice choice--large" }, input, h("label", { for: input.id }, v.label || v.name)));
        return input;
      });
      box.append(list);
      ctx.register("variant", box, controls);
      return box;
    }

    return { area, drawFields, variantBox };
  };
})((window.FichesForm = window.FichesForm || {}));
