// The contribution form's model, without any page: what is typed, kept as typed
// (so that it can be saved in the browser and restored), made from saved data or
// from the fiche `fiches serve` edits, the fiche file a checked model gives, and
// the links that send that file (by e-mail, to the site's forge); a term added to
// a list; what a save through `fiches serve` sends and what its answer means.
// The schema is FichesRules.schema's (contribute-rules.js, loaded before); the page
// is contribute.js (made of themes/default/scripts/contribute/); tests run this file
// under Node (tests/browser/rules.mjs).
(function (global) {
  "use strict";

  /** A model with nothing typed: the variant is chosen when there is only one. */
  function empty(sc) {
    return {
      variant: sc.variants.length === 1 ? sc.variants[0].name : "",
      values: {},
      pending: {},
      testimonies: [],
      sections: {},
      extra: "",
    };
  }

  /** A model from saved or server data, each value put in the shape its widget keeps. */
  function normalise(sc, raw) {
    const m = empty(sc);
    if (!raw || typeof raw !== "object") return m;
    if (typeof raw.variant === "string" && sc.variantOf(raw.variant)) m.variant = raw.variant;
    for (const [k, v] of Object.entries(raw.values || {})) {
      const field = sc.fields.get(k);
      if (!field || k === "testimonies" || k === "variant") continue;
      if (sc.isMany(field)) m.values[k] = (Array.isArray(v) ? v : [v]).filter((x) => typeof x === "string");
      else if (field.type === "date") m.values[k] = dateParts(v);
      else if (v !== null && v !== undefined) m.values[k] = Array.isArray(v) ? v.join(", ") : String(v);
    }
    for (const [k, v] of Object.entries(raw.pending || {})) if (typeof v === "string") m.pending[k] = v;
    const testimonies = Array.isArray(raw.testimonies) ? raw.testimonies : [];
    m.testimonies = testimonies.map((x) => ({
      name: str(x && x.name),
      role: str(x && x.role),
      quote: str(x && x.quote),
      consent: !!(x && x.consent === true),
    }));
    if (raw.sections && typeof raw.sections === "object") {
      for (const [k, v] of Object.entries(raw.sections)) if (typeof v === "string") m.sections[k] = v;
    }
    if (typeof raw.extra === "string") m.extra = raw.extra;
    return m;
  }

  const str = (v) => (typeof v === "string" ? v : "");

  /** A date as its three boxes keep it, from saved parts or "YYYY-MM-DD". */
  function dateParts(v) {
    if (v && typeof v === "object") return { day: str(v.day), month: str(v.month), year: str(v.year) };
    const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v || ""));
    return d ? { day: String(+d[3]), month: String(+d[2]), year: d[1] } : { day: "", month: "", year: "" };
  }

  /** The model of the fiche being edited in `fiches serve` (the page's `edit` object). */
  function fromEdit(sc, edit) {
    const values = Object.assign({}, edit.values || {});
    const sections = {};
    for (const s of edit.sections || []) if (s && typeof s.title === "string") sections[s.title] = s.text || "";
    return normalise(sc, {
      variant: values.variant,
      values,
      testimonies: values.testimonies || [],
      sections,
      extra: edit.extra || "",
    });
  }

  /** A TOML basic string. */
  function tomlString(s) {
    let out = '"';
    for (const ch of s) {
      const c = ch.codePointAt(0);
      if (ch === "\\") out += "\\\\";
      else if (ch === '"') out += '\\"';
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (c < 0x20 || c === 0x7f) out += "\\u" + c.toString(16).toUpperCase().padStart(4, "0");
      else out += ch;
    }
    return out + '"';
  }

  /**
   * The file of a checked fiche (FichesRules.check's answer): front matter (always a
   * draft, for the editors to review) and body.
   */
  function fileText(sc, fiche) {
    const lines = ["+++"];
    for (const [key, value] of Object.entries(fiche.values)) {
      if (key === "testimonies") continue;
      const field = sc.fields.get(key);
      let written;
      if (Array.isArray(value)) written = "[" + value.map(tomlString).join(", ") + "]";
      else if (typeof value === "number") written = String(value);
      else if (field && field.type === "date") written = value;
      else written = tomlString(value);
      lines.push(`${key} = ${written}`);
    }
    lines.push("draft = true");
    for (const item of fiche.values.testimonies || []) {
      lines.push("", "[[testimonies]]");
      lines.push(`name = ${tomlString(item.name)}`);
      if (item.role) lines.push(`role = ${tomlString(item.role)}`);
      lines.push(`quote = ${tomlString(item.quote)}`);
      lines.push(`consent = ${item.consent ? "true" : "false"}`);
    }
    lines.push("+++", "");
    return lines.join("\n") + bodyText(fiche);
  }

  function bodyText(fiche) {
    const parts = fiche.sections.filter((s) => s.text).map((s) => `## ${s.title}\n\n${s.text}\n`);
    if (fiche.extra) parts.push(fiche.extra + "\n");
    return parts.length ? "\n" + parts.join("\n") : "";
  }

  /**
   * What the author is shown of a checked fiche before its file: each value under
   * its field's label, as written (lists one by one, a date as `YYYY-MM-DD` for the
   * page to say in words), then the testimonies and the parts of the text that
   * hold something. Rows: `{kind: "variant"|"field"|"testimony"|"section"|"extra"}`.
   */
  function summary(sc, fiche) {
    const rows = [];
    const variant = sc.variantOf(fiche.values.variant);
    const fields = new Map((variant ? sc.fieldsOf(variant) : []).map((f) => [f.key, f]));
    for (const [key, value] of Object.entries(fiche.values)) {
      if (key === "testimonies") continue;
      if (key === "variant") {
        rows.push({ kind: "variant", value: variant ? variant.label || variant.name : String(value) });
        continue;
      }
      const field = fields.get(key) || sc.fields.get(key);
      rows.push({
        kind: "field",
        key,
        label: (field && field.label) || key,
        values: (Array.isArray(value) ? value : [value]).map(String),
        date: !!(field && field.type === "date"),
      });
    }
    (fiche.values.testimonies || []).forEach((item, i) => {
      rows.push({ kind: "testimony", n: i + 1, name: item.name, role: item.role || "", quote: item.quote });
    });
    for (const s of fiche.sections) if (s.text) rows.push({ kind: "section", title: s.title, text: s.text });
    if (fiche.extra) rows.push({ kind: "extra", text: fiche.extra });
    return rows;
  }

  // ---- Where the file can be sent ----

  // How long a mailto: address may be, as the browser hands it to the mail program.
  // No standard sets a limit (RFC 6068); the programs do, and some fail silently:
  // - Windows: Chromium passes the address to ShellExecute only up to 2,048
  //   characters with the two quotes around it (platform_util_win.cc, a guard taken
  //   from Firefox's: "2K is safe"); past that the click does nothing at all (users
  //   measured 2,046 in Chrome on Windows 10). Outlook itself takes about 31,000,
  //   the length of a command line, but the browser never gets there.
  // - Gmail as the browser's mail handler: the address goes inside a Gmail URL,
  //   which Google answers with "400 Bad Request" from about 6,400 characters.
  // - Apple Mail (macOS, iOS), Thunderbird, Android's mail apps (an intent's data):
  //   no failure reported below hundreds of kilobytes.
  // So 2,040 where Windows runs, 6,000 elsewhere: a 1.3 KB fiche fits everywhere
  // but on Windows, where about 1.2 KB of French text does. Over the limit, the link
  // opens an empty message and the page says to attach or paste the file instead.
  const MAILTO_MAX_WINDOWS = 2040;
  const MAILTO_MAX = 6000;

  /** The mailto: limit for platform `platform` (navigator's, "Win32", "Windows"…). */
  function mailtoMax(platform) {
    return /^win/i.test(String(platform || "")) ? MAILTO_MAX_WINDOWS : MAILTO_MAX;
  }

  // Past this length the forge may refuse the address of its "new file" page.
  const FORGE_MAX = 7000;

  function forgeName(forge) {
    if (forge.kind === "github") return "GitHub";
    if (forge.kind === "gitlab") return "GitLab";
    try {
      return new URL(forge.url).host;
    } catch (e) {
      return "Forgejo";
    }
  }

  /** The forge's "new file" page, prefilled with the path and, if it fits, the text. */
  function forgeLink(forge, path, content) {
    const base = forge.url.replace(/\/+$/, "");
    const branch = String(forge.branch || "main").split("/").map(encodeURIComponent).join("/");
    const q = (name, value) => `${name}=${encodeURIComponent(value)}`;
    let page;
    let fileParam;
    let textParam;
    if (forge.kind === "github") [page, fileParam, textParam] = [`${base}/new/${branch}`, "filename", "value"];
    else if (forge.kind === "gitlab") [page, fileParam, textParam] = [`${base}/-/new/${branch}`, "file_name", "content"];
    // Forgejo and Gitea: /_new/BRANCH/ takes `filename` (with its folders) and `value`.
    else [page, fileParam, textParam] = [`${base}/_new/${branch}/`, "filename", "value"];
    const full = `${page}?${q(fileParam, path)}&${q(textParam, content)}`;
    if (full.length <= FORGE_MAX) return { href: full, whole: true };
    return { href: `${page}?${q(fileParam, path)}`, whole: false };
  }

  /**
   * Text made fit for a mailto: field, as short as RFC 6068 allows: the delimiters it
   * lets through (`:` `,` `;` `@` `$`, common in French text and in the file's
   * `key = "value"` lines) are left as they are; `+` stays escaped (some handlers
   * read it as a space), line breaks are CRLF, as the RFC asks.
   */
  function mailtoText(text) {
    return encodeURIComponent(text.replace(/\r?\n/g, "\r\n")).replace(/%(3A|2C|3B|40|24)/g, (m) => decodeURIComponent(m));
  }

  /**
   * A link that opens a message to `email` with `subject` and, while the address
   * stays under the limit of `platform` (mailtoMax), `body`; `whole` says whether
   * the body is in it.
   */
  function mailtoLink(email, subject, body, platform) {
    const to = encodeURIComponent(email).replace(/%40/g, "@");
    const head = `mailto:${to}?subject=${mailtoText(subject)}`;
    const withBody = `${head}&body=${mailtoText(body)}`;
    if (withBody.length <= mailtoMax(platform)) return { href: withBody, whole: true };
    return { href: head, whole: false };
  }

  // ---- A term typed into a list ----

  /**
   * Adds term `typed` to list `items`: spaces tidied, the spelling the site already
   * uses (among `known`, compared by `fold`) preferred, never twice. Returns the
   * value and whether it was added, or null when nothing was typed.
   */
  function addTerm(items, typed, known, fold) {
    const value = String(typed).trim().replace(/\s+/g, " ");
    if (!value) return null;
    const same = known.find((k) => fold(k) === fold(value));
    const final = same === undefined ? value : same;
    // Already there: said as the list spells it.
    const there = items.find((x) => fold(x) === fold(final));
    if (there !== undefined) return { value: there, added: false };
    items.push(final);
    return { value: final, added: true };
  }

  // ---- Saving through `fiches serve` ----

  /** What the editor is sent: the fiche it opened (token, path, hash) and its values. */
  function saveRequest(edit, fiche) {
    return {
      token: edit.token,
      path: edit.path === undefined ? null : edit.path,
      hash: edit.hash === undefined ? null : edit.hash,
      values: fiche.values,
      sections: fiche.sections,
      extra: fiche.extra,
    };
  }

  /**
   * What the editor answered a save, from its HTTP `status` (0: no answer at all),
   * whether the answer was JSON, and its `body`. Its own answers are JSON: 200 with
   * the saved fiche's address, 422 and 409 with the problems. Anything else (413 for
   * a request over its limit, 503 while it rebuilds) is told by its status, never as
   * a server that does not answer; and a save is done only when the status says so.
   * A problem without a message of its own names an interface string (`say`, `vars`).
   */
  function saveAnswer(status, json, body) {
    const done = status >= 200 && status < 300;
    if (json && body && typeof body === "object" && !Array.isArray(body)) {
      const ok = done && body.ok === true && typeof body.url === "string";
      return Object.assign({}, body, { ok, conflict: typeof body.conflict === "string" ? body.conflict : null });
    }
    const say = status === 0 ? "form_server_unreachable" : status === 413 ? "form_save_too_large" : "form_save_status";
    return { ok: false, errors: [{ field: "", say, vars: { status } }], conflict: null };
  }

  /**
   * The problems of a refused save, each with the key of the control it belongs to:
   * a field the form shows (`shown(key)`), a section of the variant (`sections`, by
   * title), or none (the summary only). Never an empty list.
   */
  function saveErrors(answer, shown, sections) {
    const list = Array.isArray(answer.errors) ? answer.errors : [];
    const out = list.map((e) => {
      const field = e && typeof e.field === "string" ? e.field : "";
      const key = shown(field) ? field : sections.includes(field) ? "section:" + field : "";
      if (e && typeof e.message === "string" && e.message) return { key, message: e.message };
      return { key, message: "", say: (e && e.say) || "form_save_failed", vars: e && e.vars };
    });
    if (!out.length) out.push({ key: "", message: "", say: "form_save_failed" });
    return out;
  }

  global.FichesModel = {
    empty, normalise, fromEdit, fileText, tomlString, forgeName, forgeLink, mailtoLink, mailtoMax, summary,
    addTerm, saveRequest, saveAnswer, saveErrors,
  };
})(typeof window === "undefined" ? globalThis : window);
