// Messages where they belong (contribute.js, part 6 of 9): each error or warning
// next to its field, tied to its controls for screen readers, and the errors (or,
// when there is none, the warnings) again in a summary at the top whose links lead
// to the fields, in the page's order.
(function (F) {
  "use strict";

  F.errors = function (ctx) {
    const { t, h } = ctx;
    const summary = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
    const pageTitle = document.title;

    /** `el`'s described-by list without the ids `drop` matches. */
    function undescribe(el, drop) {
      const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && !drop.test(x));
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    }

    function clear() {
      const form = ctx.form;
      for (const el of form.querySelectorAll(".field__error, .field__warning")) el.remove();
      for (const el of form.querySelectorAll(".field--error")) el.classList.remove("field--error");
      for (const el of form.querySelectorAll("[aria-invalid]")) {
        el.removeAttribute("aria-invalid");
        undescribe(el, /-(error|warning)(-\d+)?$/);
      }
      for (const el of form.querySelectorAll("[data-warned]")) {
        el.removeAttribute("data-warned");
        undescribe(el, /-warning(-\d+)?$/);
      }
      summary.hidden = true;
      summary.replaceChildren();
      summary.classList.remove("error-summary--warning");
      document.title = pageTitle;
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

    /** The errors in the order of the page; messages with no field come first. */
    function inPageOrder(errors) {
      const place = (e) => ctx.state.registry.get(e.key)?.focus || null;
      return errors.slice().sort((a, b) => {
        const [x, y] = [place(a), place(b)];
        if (x === y) return 0;
        if (!x || !y) return x ? 1 : -1;
        return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
    }

    /**
     * Shows the errors (and warnings) by their fields, and the summary at the top;
     * `conflict` is the file as the server has it, when it changed meanwhile.
     * Whether there was any error.
     */
    function show(errors, warnings, conflict) {
      clear();
      const registry = ctx.state.registry;
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
      const items = inPageOrder(errors).map((e) => {
        const entry = registry.get(e.key);
        const target = entry && entry.focus;
        const go = (ev) => {
          ev.preventDefault();
          focusField(e.key);
        };
        return h("li", {}, target ? h("a", { href: "#" + target.id, onclick: go }, e.message) : e.message);
      });
      summary.replaceChildren(
        h("h2", { class: "error-summary__title" }, t("form_errors_title")),
        h("ul", { class: "error-summary__list" }, items),
        conflict ? h("details", { class: "error-summary__conflict" },
          h("summary", {}, t("form_conflict")), h("pre", { tabindex: "0" }, conflict)) : "",
      );
      summary.hidden = false;
      summary.setAttribute("role", "alert");
      document.title = t("form_errors_page_title", { title: pageTitle });
      summary.focus();
      summary.scrollIntoView({ block: "start" });
      return true;
    }

    /**
     * The warnings alone (shown by their fields already) in the summary: what
     * `fiches check` would still say of the fiche, so it is not called ready; and a
     * button to prepare it all the same (`go`).
     */
    function warn(warnings, go) {
      const items = inPageOrder(warnings).map((w) => {
        const target = ctx.state.registry.get(w.key)?.focus;
        const jump = (ev) => {
          ev.preventDefault();
          focusField(w.key);
        };
        // Each field explains its own warning: the list only names what is missing.
        const text = w.brief || w.message;
        return h("li", {}, target ? h("a", { href: "#" + target.id, onclick: jump }, text) : text);
      });
      const button = h("button", { type: "button", class: "button button--secondary", id: "fiche-anyway" }, t("form_warnings_continue"));
      // Once the author chose to go on, the box has said its piece: the result
      // (« à compléter ») takes its place, the warnings stay by their fields.
      button.addEventListener("click", () => {
        summary.hidden = true;
        summary.replaceChildren();
        summary.classList.remove("error-summary--warning");
        go();
      });
      summary.replaceChildren(
        h("h2", { class: "error-summary__title" }, t("form_warnings_title")),
        h("p", {}, t("form_warnings_intro")),
        h("ul", { class: "error-summary__list" }, items),
        h("p", {}, button),
      );
      summary.classList.add("error-summary--warning");
      summary.hidden = false;
      summary.setAttribute("role", "alert");
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }

    /** Puts the focus on a field, with its label or legend in view. */
    function focusField(key) {
      const entry = ctx.state.registry.get(key);
      if (!entry) return;
      const target = entry.focus;
      // A group of boxes is read from its legend; anything else from its label.
      const grouped = target.type === "radio" || target.type === "checkbox" || target.closest(".date-input");
      const box = (grouped && target.closest("fieldset")) || entry.box;
      box.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }

    return { summary, clear, show, warn };
  };
})((window.FichesForm = window.FichesForm || {}));
