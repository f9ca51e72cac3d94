// The page (contribute.js, part 9 of 9): the parts put together over one state,
// what is typed kept in the browser, the check on submit, and a reset.
//
// Everything the form knows of the site comes from the JSON document embedded in
// the page (#fiches-form-data: the schema, each variant's fields and sections, the
// terms already used, where a fiche can be sent), so the page works from the disk
// (file://) and sends nothing anywhere by itself. With an `edit` object in the data
// (`fiches serve`), the form is filled from it and a valid submit saves through the
// editor instead.
(function (F) {
  "use strict";

  const dataElement = document.getElementById("fiches-form-data");
  const mount = document.getElementById("fiches-form");
  if (!dataElement || !mount) return;
  const D = JSON.parse(dataElement.textContent);
  const EDIT = D.edit && typeof D.edit === "object" ? D.edit : null;
  // Editing a fiche already saved (not writing a new one in `fiches serve`).
  const EDITED = !!(EDIT && EDIT.path);
  const R = window.FichesRules;
  const M = window.FichesModel;
  const SC = R.schema(D);
  const STORE_KEY = "fiches-form:" + location.pathname;

  /** What is typed, kept in the browser's storage (never in edit mode). */
  const store = {
    load() {
      try {
        const raw = localStorage.getItem(STORE_KEY);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    },
    save(model) {
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

  const fresh = () => (EDIT ? M.fromEdit(SC, EDIT) : M.empty(SC));
  let restored = false;
  let model = fresh();
  if (!EDIT) {
    const saved = store.load();
    if (saved) {
      model = M.normalise(SC, saved);
      restored = JSON.stringify(model) !== JSON.stringify(M.empty(SC));
    }
  }

  // The one state every part reads and changes: the model, the controls that can
  // carry a message (by key: their box, the controls a message describes, the one
  // a link of the summary focuses), the lists' pending text, the photo chosen, and
  // whether an edit is not yet saved.
  const state = { model, registry: new Map(), listCommits: [], photo: null, unsaved: false };
  const dom = F.dom(D.strings || {});
  const { t, h, say } = dom;
  const form = h("form", { class: "contribute-form", novalidate: true, "aria-describedby": "fiches:form-required" });
  let saveTimer = 0;
  const ctx = Object.assign({}, dom, {
    D, EDIT, R, M, SC, state, mount, form,
    register(key, box, controls, focus) {
      state.registry.set(key, { box, controls, focus: focus || controls[0] });
    },
    /** Something was typed: kept soon, and the file shown before is no longer it. */
    changed() {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => store.save(state.model), 250);
      ctx.result.hide();
      // In edit mode nothing is kept in the browser: leaving the page (or `fiches
      // serve` reloading it after another file changed) with unsaved changes asks first.
      if (EDIT) state.unsaved = true;
    },
  });
  for (const part of ["fields", "list", "groups", "layout", "errors", "result", "save"]) ctx[part] = F[part](ctx);

  addEventListener("pagehide", () => store.save(state.model));
  addEventListener("beforeunload", (event) => {
    if (!state.unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });

  /** The fiche the model describes, and its problems with their messages. */
  function collect() {
    const fiche = R.check(SC, state.model, { edit: EDIT, photo: state.photo });
    // `brief`: what the summary at the top says of it, when the field says more.
    const message = (e) => ({ key: e.key, message: t(e.message, e.vars), brief: e.brief && t(e.brief, e.vars) });
    fiche.errors = fiche.errors.map(message);
    fiche.warnings = fiche.warnings.map(message);
    return fiche;
  }

  const submitButton = h("button", { type: "submit", class: "button button--primary" }, t(EDIT ? "form_save" : "form_submit"));

  function submit(event) {
    event.preventDefault();
    for (const commit of state.listCommits) commit();
    store.save(state.model);
    const fiche = collect();
    if (ctx.errors.show(fiche.errors, fiche.warnings, null)) {
      ctx.result.hide();
      return;
    }
    if (EDIT) ctx.save.send(fiche, submitButton);
    // What `fiches check` would warn of is said first: the fiche is not « prête ».
    else if (fiche.warnings.length) {
      ctx.result.hide();
      ctx.errors.warn(fiche.warnings, () => ctx.result.show(fiche, true));
    } else ctx.result.show(fiche, false);
  }

  const restoredNote = h("div", { class: "notice contribute-restored", hidden: !restored },
    h("p", {}, t("form_restored")));

  function reset() {
    if (!confirm(t(EDITED ? "form_edit_reset_confirm" : "form_reset_confirm"))) return;
    store.clear();
    state.model = fresh();
    state.unsaved = false;
    restoredNote.hidden = true;
    ctx.result.hide();
    ctx.errors.clear();
    draw();
    say(t("form_reset_done"));
    const variants = state.registry.get("variant");
    const first = variants.controls.find((c) => c.checked) || variants.focus;
    if (first) first.focus();
  }

  function draw() {
    state.registry = new Map();
    form.replaceChildren(
      h("p", { class: "field__hint", id: "fiches:form-required" }, t("form_required_note")),
      ctx.layout.variantBox(),
      ctx.layout.area,
      ...(EDIT ? [ctx.save.publication()] : []),
      h("div", { class: "form-actions" },
        submitButton,
        EDIT ? null : h("p", { class: "field__hint form-actions__kept" }, t("form_kept"))),
      // Away from the main button: a slip of the finger must not empty the form.
      h("div", { class: "form-reset" },
        h("button", { type: "button", class: "button button--secondary button--small", onclick: reset }, t(EDITED ? "form_edit_reset" : "form_reset"))),
    );
    ctx.layout.drawFields();
  }

  if (EDIT) {
    // The page's heading and intro say what this form does here: edit a fiche's file,
    // or write a new one into the site.
    const heading = document.querySelector("main h1");
    const lead = document.querySelector("main .lead");
    if (heading) heading.textContent = t(EDITED ? "form_edit_title" : "form_new_title");
    if (lead) lead.textContent = t(EDITED ? "form_edit_intro" : "form_new_intro");
    const site = document.title.indexOf("·");
    if (heading) document.title = heading.textContent + (site >= 0 ? " " + document.title.slice(site) : "");
  }
  form.addEventListener("submit", submit);
  mount.replaceChildren(restoredNote, ctx.errors.summary, form, ctx.result.area, dom.status);
  draw();
})((window.FichesForm = window.FichesForm || {}));
