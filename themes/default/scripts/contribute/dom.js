// The form's building blocks (contribute.js, part 1 of 9, assembled by build.rs):
// interface strings, elements, the hints and marks every field shares, and the
// announcements read to screen readers. Every part adds to `FichesForm` what it
// makes; page.js, the last, puts them together.
(function (F) {
  "use strict";

  /** The building blocks over the interface strings `strings`. */
  F.dom = function (strings) {
    /** An interface string, with `{name}` placeholders filled. */
    function t(key, vars) {
      const text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
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

    function requiredMark() {
      return h("span", { class: "field__required" }, " (", t("form_required"), ")");
    }

    /** A field's hint: its paragraphs, or nothing when there is no text. */
    function hintElement(id, ...text) {
      const parts = text.filter(Boolean);
      if (!parts.length) return null;
      return h("div", { class: "field__hint", id }, parts.map((p) => h("p", {}, p)));
    }

    // What happens (a term added, a testimony removed) is read out by this region.
    const status = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    function say(text) {
      status.textContent = "";
      setTimeout(() => (status.textContent = text), 50);
    }

    return { t, h, requiredMark, hintElement, status, say };
  };
})((window.FichesForm = window.FichesForm || {}));
