// The rules of the contribution form, without any page: slugs, addresses, dates,
// numbers, and the check of a typed fiche against its variant, which must agree
// with `fiches check`. They read the schema the site embeds in the form's page
// (src/render/form.rs) rather than repeating its constants. A classic script (the
// page works from file://), loaded before contribute-model.js and contribute.js;
// tests run it under Node (tests/browser/rules.mjs).
(function (global) {
  "use strict";

  // ---- Slugs, as src/slug.rs makes them ----

  // What the form knows, character by character (deunicode, used by src/slug.rs,
  // reads one character at a time too): ASCII; a character whose compatibility
  // decomposition is ASCII letters and digits with accents (é, ﬁ, ², 𝐛); the
  // letters below, which NFKD does not take apart, spelled as deunicode spells
  // them; spaces and punctuation that separate words in both. Anything else
  // (Cyrillic, Greek, CJK, emoji, symbols…) is a character the form cannot spell as
  // fiches does: the slug is unknown (null), never guessed. tests/slugs.rs checks
  // every code point against src/slug.rs.
  const LETTERS = {
    "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Ł": "L", "ł": "l",
    "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th",
    "ı": "i", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t",
  };
  const DECOMPOSED = /^[A-Za-z0-9]+$/;
  const MARKS = /[\u0300-\u0362]/g;
  const SEPARATOR = /^[\u00a0-\u00bf\u2000-\u206f]$/u;
  // Where deunicode spells these otherwise (£ is "PS", ㎡ is "m-2", ‰ is "0/00"…).
  const UNKNOWN = new Set([..."¢£¥§©®°µ¶¼½¾‰‱⁊⁋ℹ㎟㎠㎡㎢㎣㎤㎥㎦㏍꟱"]);
  // Invisible marks of direction and joining, and the soft hyphen: nothing in both.
  const INVISIBLE = /^[\u00ad\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f]$/;

  /** What one character adds to a slug: its ASCII spelling (" " separates), or null. */
  function spell(ch) {
    if (ch < "\u007f") return ch;
    if (UNKNOWN.has(ch)) return null;
    if (INVISIBLE.test(ch)) return "";
    if (Object.prototype.hasOwnProperty.call(LETTERS, ch)) return LETTERS[ch];
    const bare = ch.normalize("NFKD").replace(MARKS, "");
    if (bare === "" || DECOMPOSED.test(bare)) return bare;
    if (SEPARATOR.test(ch)) return " ";
    return null;
  }

  /**
   * The slug of a text before it is cut (src/slug.rs `fold`): lowercase ASCII letters
   * and digits joined by single hyphens, "" when it has none, or null when the text
   * holds a character the form cannot spell the way fiches does.
   */
  function fold(text) {
    let out = "";
    let pending = false;
    for (const ch of String(text)) {
      const piece = spell(ch);
      if (piece === null) return null;
      for (const c of piece) {
        if (/[A-Za-z0-9]/.test(c)) {
          if (pending && out) out += "-";
          pending = false;
          out += c.toLowerCase();
        } else pending = true;
      }
    }
    return out;
  }

  /** 32-bit FNV-1a of an ASCII text, as src/slug.rs and src/render/form.rs. */
  function fnv1a(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h >>> 0;
  }

  const SLUG_MAX = 80;

  /** The slug of a text as src/slug.rs `slugify` (cut past 80 bytes with a hash), or null. */
  function slugify(text) {
    const out = fold(text);
    if (out === null || out.length <= SLUG_MAX) return out;
    const hash = fnv1a(out).toString(16).padStart(8, "0");
    return out.slice(0, SLUG_MAX - 1 - hash.length).replace(/-+$/, "") + "-" + hash;
  }

  /**
   * Whether a text's slug is empty: true, false, or null when the form cannot tell
   * (every letter of it is one the form cannot spell: fiches check will say).
   */
  function slugEmpty(text) {
    const slug = fold(text);
    if (slug !== null) return slug === "";
    for (const ch of String(text)) {
      const piece = spell(ch);
      if (piece && /[A-Za-z0-9]/.test(piece)) return false;
    }
    return null;
  }

  /**
   * The name (without ".md") of the file the form writes for a title, which is also
   * the fiche's address: its slug, or when the form cannot spell the title the way
   * fiches does, "fiche-" and a hash of it, an address known exactly all the same.
   * "" when the title has no letter or digit.
   */
  function fileName(title) {
    const slug = slugify(title);
    if (slug !== null) return slug;
    const bytes = unescape(encodeURIComponent(String(title).normalize("NFC")));
    return "fiche-" + fnv1a(bytes).toString(16).padStart(8, "0");
  }

  // ---- Values as typed ----

  // What pages and feeds cannot carry (src/escape.rs `unfit`), pasted from a word
  // processor: fiches check warns and leaves it out, or makes the line breaking ones
  // a space; the form does the same before it writes the file.
  const NONCHARACTERS = Array.from({ length: 17 }, (_, p) =>
    String.fromCodePoint(p * 0x10000 + 0xfffe, p * 0x10000 + 0xffff)).join("");
  const UNFIT = new RegExp(
    "[\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u0084\\u0086-\\u009f\\ufdd0-\\ufdef" + NONCHARACTERS + "]", "gu");
  const BREAKING = /[\u000b\u000c\u0085]/g;

  /** A text box's value: line ends as "\n", without what pages cannot carry, trimmed. */
  const text = (v) => (typeof v === "string"
    ? v.replace(/\r\n?/g, "\n").replace(BREAKING, " ").replace(UNFIT, "").trim()
    : "");
  /** A one-line value: line breaks and the spaces around them become one space. */
  const line = (v) => text(v).replace(/\s*\n\s*/g, " ");

  function isUrl(s) {
    const m = /^https?:\/\/(.*)$/.exec(s);
    if (!m) return false;
    const host = m[1].split(/[/?#]/)[0];
    return host.includes(".") && !/\s/.test(s);
  }

  function isEmail(s) {
    const at = s.indexOf("@");
    if (at < 0) return false;
    const name = s.slice(0, at);
    const domain = s.slice(at + 1);
    return name.length > 0 && domain.includes(".") && !domain.startsWith(".") &&
      !domain.endsWith(".") && !domain.includes("@") && !/\s/.test(s);
  }

  /** A number as typed ("1 200", "1,5") in the form TOML writes, or null. */
  function number(s) {
    const clean = s.replace(/[\s\u00a0\u202f]/g, "").replace(/,/g, ".");
    if (!/^[+-]?\d+(\.\d+)?$/.test(clean)) return null;
    const n = Number(clean);
    return Number.isFinite(n) ? n : null;
  }

  /** A local date and time as "YYYY-MM-DDTHH:MM:SS", which sorts as it reads; null
   * when it is not one (`fiches check` says so). */
  function localTime(value) {
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(typeof value === "string" ? value.trim() : "");
    return m ? `${m[1]}T${m[2]}${m[3] || ":00"}` : null;
  }

  /** A date from its three parts: {iso: "YYYY-MM-DD"}, {empty}, or {error: message key}. */
  function dateOf(parts) {
    const d = String(parts.day || "").trim();
    const m = String(parts.month || "").trim();
    const y = String(parts.year || "").trim();
    if (!d && !m && !y) return { empty: true };
    if (!d || !m || !y) return { error: "form_error_date_incomplete" };
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d+$/.test(y)) return { error: "form_error_date" };
    if (y.length !== 4) return { error: "form_error_date_year" };
    const [day, month, year] = [Number(d), Number(m), Number(y)];
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    if (year < 1000) return { error: "form_error_date_year" };
    if (!days || day < 1 || day > days) return { error: "form_error_date" };
    const pad = (n) => String(n).padStart(2, "0");
    return { iso: `${year}-${pad(month)}-${pad(day)}` };
  }

  /** Links of a Markdown text that point at a file of the site (which a form cannot send). */
  function localLinks(body) {
    const found = [];
    const targets = [];
    for (const m of body.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+[^)]*)?\)/g)) targets.push(m[1]);
    for (const m of body.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)/gm)) targets.push(m[1]);
    for (const url of targets) {
      if (!url || url.startsWith("#") || url.startsWith("//")) continue;
      const colon = url.indexOf(":");
      const cut = url.search(/[/?#]/);
      if (colon >= 0 && (cut < 0 || colon < cut)) continue;
      found.push(url);
    }
    return found;
  }

  // ---- The schema as the form sees it ----

  // The field keys whose terms are site taxonomies (suggestions, closed lists), and
  // the taxonomy's key in the page's data (src/site TaxonomyKind::key).
  const TAXONOMY = { tags: "tags", themes: "themes", territory: "territories" };
  // A cover photo, in edit mode: what the editor (src/serve/edit/image.rs) takes.
  const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
  const PHOTO_MAX = 8 << 20;

  /** The schema of the page's data (src/render/form.rs), with what the form asks of it. */
  function schema(D) {
    const fields = new Map((D.fields || []).map((f) => [f.key, f]));
    const variants = D.variants || [];
    const closedLists = D.closed || {};
    function closedOf(field) {
      if (field.type === "choice" || field.type === "choices") return field.values || [];
      const tax = TAXONOMY[field.key];
      return tax && Array.isArray(closedLists[tax]) ? closedLists[tax] : null;
    }
    function widgetOf(field) {
      const closed = closedOf(field);
      switch (field.type) {
        case "choice": return closed.length > 8 ? "select" : "radios";
        case "choices": return "checkboxes";
        case "list": return closed ? "checkboxes" : "list";
        case "long-text": return "textarea";
        case "date": return "date";
        case "testimonies": return "testimonies";
        default: return closed ? (closed.length > 8 ? "select" : "radios") : "text";
      }
    }
    return {
      fields,
      variants,
      summaryMax: D.summary_max || 300,
      titleMax: D.title_max || 150,
      taken: new Set(Array.isArray(D.taken) ? D.taken : []),
      variantOf: (name) => variants.find((v) => v.name === name) || null,
      closedOf,
      widgetOf,
      isMany: (field) => ["list", "checkboxes"].includes(widgetOf(field)),
      /** The fields of a variant's form, in order. */
      fieldsOf: (variant) => variant.fields.map((k) => fields.get(k)).filter((f) => f && f.type !== "bool"),
      taxonomy: (key) => TAXONOMY[key] || null,
    };
  }

  // ---- The check, as fiches check makes it ----

  const CHOICE = ["radios", "checkboxes", "select"];

  /**
   * Where an event takes place, as `fiches check` asks it (src/agenda/read.rs,
   * check_place): on site (the default) or mixed, a place or a town (an error there);
   * online or mixed, its link or how to register (a warning).
   */
  function checkWhere(sc, fields, byKey, fail, warnings) {
    if (!fields.some((f) => f.key === "start")) return;
    if (byKey.start === undefined && byKey.attendance === undefined) return;
    const labelOf = (k) => (sc.fields.get(k) || {}).label || k;
    const vars = {};
    for (const k of ["place", "town", "attendance", "online_url", "registration"]) vars[k] = labelOf(k);
    const attendance = byKey.attendance || "on-site";
    if (attendance !== "online" && byKey.place === undefined && byKey.town === undefined) {
      fail("place", "form_error_event_where", vars);
    }
    if (attendance !== "on-site" && byKey.online_url === undefined && byKey.registration === undefined) {
      warnings.push({ key: "online_url", message: "form_warning_event_online", vars });
    }
  }

  /**
   * The fiche a model (contribute-model.js) describes, as its front matter says it:
   * `values` (the keys in the file's order, variant and testimonies included; dates
   * "YYYY-MM-DD", numbers as numbers, empty ones left out), `sections` and `extra`;
   * and the problems found on the way, `{key, message, vars}` with `message` the key
   * of an interface string. `options`: `edit` (the page's edit object in `fiches
   * serve`, or null) and `photo` ({type, size} of the cover photo chosen, or null).
   */
  function check(sc, model, options) {
    const edit = (options && options.edit) || null;
    const photo = (options && options.photo) || null;
    const errors = [];
    const warnings = [];
    const values = {};
    const fail = (key, message, vars) => errors.push({ key, message, vars: vars || {} });
    const variant = sc.variantOf(model.variant);
    if (!variant) {
      fail("variant", "form_error_variant");
      return { errors, warnings, values, sections: [], extra: "" };
    }
    const required = new Set(variant.required);
    const fields = sc.fieldsOf(variant);
    const byKey = {};
    for (const field of fields) {
      const key = field.key;
      const label = field.label || key;
      const widget = sc.widgetOf(field);
      const raw = model.values[key];
      let value;
      if (widget === "testimonies") continue;
      if (widget === "date") {
        const d = dateOf(raw || {});
        if (d.error) fail(key, d.error, { label });
        else if (d.iso) value = d.iso;
      } else if (sc.isMany(field)) {
        value = (Array.isArray(raw) ? raw : []).map(line).filter(Boolean);
        if (!value.length) value = undefined;
      } else {
        value = field.type === "long-text" ? text(raw) : line(raw);
        if (!value) value = undefined;
      }
      if (value === undefined) {
        if (required.has(key)) {
          const k = widget === "list" ? "form_error_required_list"
            : CHOICE.includes(widget) ? "form_error_required_choice" : "form_error_required";
          if (!(widget === "date" && errors.some((e) => e.key === key))) fail(key, k, { label });
        }
        continue;
      }
      const closed = sc.closedOf(field);
      const list = Array.isArray(value) ? value : [value];
      if (closed) for (const v of list) if (!closed.includes(v)) fail(key, "form_error_closed", { value: v, label });
      if (sc.taxonomy(key)) for (const v of list) if (slugEmpty(v) === true) fail(key, "form_error_term", { value: v });
      if (field.type === "url" && !isUrl(value)) fail(key, "form_error_url", { label });
      if (field.type === "email" && !isEmail(value)) fail(key, "form_error_email", { label });
      if (field.type === "number") {
        const n = number(value);
        if (n === null) fail(key, "form_error_number", { label });
        else value = n;
      }
      byKey[key] = value;
    }
    if (byKey.title !== undefined) checkTitle(sc, byKey.title, edit, fail, warnings);
    // `fiches check` refuses an end that is not after the start: said at the end here.
    const [start, end] = [localTime(byKey.start), localTime(byKey.end)];
    if (start && end && end <= start) fail("end", "form_error_end_before_start", { label: (sc.fields.get("end") || {}).label || "end" });
    checkWhere(sc, fields, byKey, fail, warnings);
    const hasSignature = fields.some((f) => f.key === "authors" || f.key === "collective");
    // An event is signed by those who organise it, as `fiches check` reads it.
    const signed = byKey.authors !== undefined || byKey.collective !== undefined || byKey.organizers !== undefined;
    if (hasSignature && !signed) fail("signed", "form_error_signed");
    const summaryLength = byKey.summary === undefined ? 0 : [...byKey.summary].length;
    if (summaryLength > sc.summaryMax) {
      warnings.push({ key: "summary", message: "form_warning_summary", vars: { n: summaryLength, max: sc.summaryMax } });
    }
    // Front matter order: title, date, variant, summary, then the form's order.
    for (const key of ["title", "date"]) if (byKey[key] !== undefined) values[key] = byKey[key];
    values.variant = variant.name;
    for (const field of fields) {
      if (byKey[field.key] !== undefined && !(field.key in values)) values[field.key] = byKey[field.key];
    }
    if (fields.some((f) => f.type === "testimonies")) {
      const testimonies = checkTestimonies(model.testimonies, fail);
      if (testimonies.length) values.testimonies = testimonies;
      else if (required.has("testimonies")) fail("testimonies", "form_error_testimonies_required");
    }
    const sections = variant.sections.map((s) => ({ title: s.title, text: text(model.sections[s.title]) }));
    // A new fiche cannot bring the files its links would point at; an edited fiche's
    // links to other fiches and to its own files are checked by `fiches serve`.
    const local = (key, body) => {
      if (!edit) for (const link of localLinks(body)) fail(key, "form_error_link", { link });
    };
    // The variant's sections are the ones `fiches check` reads (the form's data
    // carries them): a required one left empty is an error there, a recommended one
    // a warning, so the fiche is not yet « prête ».
    variant.sections.forEach((s, i) => {
      if (s.required && !sections[i].text) fail("section:" + s.title, "form_error_section", { title: s.title });
      else if (!sections[i].text) warnings.push({ key: "section:" + s.title, message: "form_warning_section", brief: "form_warning_section_brief", vars: { title: s.title } });
      local("section:" + s.title, sections[i].text);
    });
    const extra = edit || variant.sections.length === 0 ? text(model.extra) : "";
    local("extra", extra);
    if (edit && photo) {
      if (!PHOTO_TYPES.includes(photo.type)) fail("image", "form_error_image_kind");
      else if (photo.size > PHOTO_MAX) fail("image", "form_error_image_size");
      if (!line(model.values.image_alt)) fail("image_alt", "form_error_image_alt");
    }
    return { errors, warnings, values, sections, extra };
  }

  /** A title's address (a new fiche's, taken or empty) and its length. */
  function checkTitle(sc, title, edit, fail, warnings) {
    const length = [...title].length;
    if (length > sc.titleMax) warnings.push({ key: "title", message: "form_warning_title", vars: { n: length, max: sc.titleMax } });
    if (edit && edit.path) return;
    // `fiches serve` names a new fiche by the slug of its title, which the form may
    // not know: then the server tells. A downloaded file has the name fileName()
    // gives, whose address is known.
    const name = edit ? slugify(title) : fileName(title);
    if (name === "") fail("title", "form_error_title_slug");
    else if (name !== null && sc.taken.has(fnv1a(name))) fail("title", "form_error_title_taken", { slug: name });
  }

  /** Testimonies: a block left entirely empty is ignored; the others need all three. */
  function checkTestimonies(items, fail) {
    const out = [];
    items.forEach((item, i) => {
      const quote = text(item.quote);
      const name = line(item.name);
      const role = line(item.role);
      if (!quote && !name && !role && !item.consent) return;
      const n = i + 1;
      if (!quote) fail(`testimonies.${i}.quote`, "form_error_testimony_quote", { n });
      if (!name) fail(`testimonies.${i}.name`, "form_error_testimony_name", { n });
      if (!item.consent) fail(`testimonies.${i}.consent`, "form_error_testimony_consent", { n });
      const one = { name };
      if (role) one.role = role;
      one.quote = quote;
      one.consent = !!item.consent;
      out.push(one);
    });
    return out;
  }

  global.FichesRules = {
    check, schema, PHOTO_TYPES, PHOTO_MAX,
    fold, slugify, slugEmpty, fileName, fnv1a, text, line, isUrl, isEmail, number, dateOf, localLinks,
  };
})(typeof window === "undefined" ? globalThis : window);
