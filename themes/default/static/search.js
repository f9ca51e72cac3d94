// The search page: searches the site's own index (search/data/), entirely in the
// browser. The index comes as small script files loaded with <script> elements, so
// that search also works on a site opened from the disk (file://), where fetch()
// does not. The query and filters live in the address (?q=...&theme=...), so a
// search can be shared as a link. Words are folded and matched the way the index
// was written (src/search/words.rs): keep both in step.
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  if (!form) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const filtersBox = form.querySelector(".search__filters");
  const active = form.querySelector(".search__active");
  const selects = Array.from(form.querySelectorAll("select[data-filter]"));
  const root = new URL(form.dataset.root, document.baseURI);
  const base = new URL(form.dataset.index, document.baseURI);
  const variants = JSON.parse(document.getElementById("search-variants").textContent);
  const PAGE = 10;
  const PREFIX_MIN = 3;
  const MAX_EXPANSIONS = 200;

  // ---- Loading the index's files -------------------------------------------
  const waiting = new Map();
  let loaded = new Map(); // name -> promise of its data
  let ready = new Map(); // name -> data, once loaded
  let generation = 0;
  window.fichesSearch = function (name, data) {
    const w = waiting.get(name);
    if (w) {
      waiting.delete(name);
      ready.set(name, data);
      w.resolve(data);
    }
  };
  function load(name, file) {
    if (!loaded.has(name)) {
      const promise = new Promise((resolve, reject) => {
        waiting.set(name, { resolve, reject });
        const s = document.createElement("script");
        s.src = new URL(file, base).href + (generation ? "?v=" + generation : "");
        s.async = true;
        const failed = () => {
          s.remove();
          if (waiting.has(name)) {
            waiting.delete(name);
            loaded.delete(name);
            reject(new Error("search index: " + file));
          }
        };
        s.onerror = failed;
        s.onload = failed; // a file that ran resolved already
        document.head.append(s);
      });
      loaded.set(name, promise);
    }
    return loaded.get(name);
  }

  // ---- Numbers packed in strings (src/search/files.rs) ---------------------
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const VALUE = {};
  for (let i = 0; i < DIGITS.length; i++) VALUE[DIGITS[i]] = i;
  function readNumber(s, at) {
    let n = 0;
    let scale = 1;
    for (;;) {
      const c = VALUE[s[at.i++]];
      if (c === undefined) return n;
      if (c < 32) return n + c * scale;
      n += (c - 32) * scale;
      scale *= 32;
    }
  }
  function ids(s) {
    const out = [];
    const at = { i: 0 };
    let id = 0;
    while (at.i < s.length) {
      id += readNumber(s, at);
      out.push(id);
    }
    return out;
  }
  function postings(s) {
    const docs = [];
    const levels = [];
    const at = { i: 0 };
    let id = 0;
    while (at.i < s.length) {
      id += readNumber(s, at);
      docs.push(id);
      levels.push(VALUE[s[at.i++]] || 0);
    }
    return { docs, levels };
  }

  // ---- Words, as the index folds them --------------------------------------
  const WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  function fold(w) {
    return w.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae");
  }
  function isNumber(k) {
    return /^\p{N}+$/u.test(k);
  }

  // ---- The index -----------------------------------------------------------
  let entry = null;
  let stop = new Set();
  let filterIds = {}; // key -> value -> array of ids
  let everyone = null; // Uint8Array: ids of fiches present
  const decoded = new Map(); // stem -> {docs, levels, idf, excerpts}

  function chunkOf(key) {
    const bounds = entry.chunks;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }
  function chunk(i) {
    return load("t" + i, "t/" + i + ".js");
  }
  async function lookup(key) {
    return (await chunk(chunkOf(key)))[key];
  }
  function stemData(stem, value) {
    if (!decoded.has(stem)) {
      const p = postings(value[1]);
      const excerpts = new Map(value[2].map((e) => [e[0], e[1]]));
      decoded.set(stem, { docs: p.docs, levels: p.levels, idf: value[0], excerpts });
    }
    return decoded.get(stem);
  }
  // The stems a word of the query stands for, each with a factor (exact: 1).
  async function stemsOf(word) {
    const found = new Map();
    const add = async (stem, factor) => {
      if (found.has(stem) && found.get(stem).factor >= factor) return;
      const value = await lookup(stem);
      if (Array.isArray(value)) found.set(stem, { factor, data: stemData(stem, value) });
    };
    const value = await lookup(word.key);
    if (Array.isArray(value)) {
      await add(word.key, 1);
      if (typeof value[3] === "string") await add(value[3], 1);
    } else if (typeof value === "string") {
      await add(value, 1);
    }
    if (word.prefix && word.key.length >= PREFIX_MIN) {
      // Every key starting with the word, in the chunks its range spans.
      const first = chunkOf(word.key);
      const last = chunkOf(word.key + "\uffff");
      const keys = [];
      for (let c = first; c <= Math.min(last, first + 2); c++) {
        const data = await chunk(c);
        for (const k in data) if (k.startsWith(word.key) && k !== word.key) keys.push([k, data[k]]);
      }
      keys.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (const [k, v] of keys.slice(0, MAX_EXPANSIONS)) {
        await add(typeof v === "string" ? v : k, 0.9);
      }
    }
    if (found.size === 0 && !isNumber(word.key)) {
      // A form no fiche uses (`réseaux` where fiches say `réseau`): its shorter
      // forms, the way a stemmer would cut it.
      for (let cut = 1; cut <= 3 && word.key.length - cut >= 3; cut++) {
        const shorter = word.key.slice(0, -cut);
        const v = await lookup(shorter);
        if (Array.isArray(v)) await add(shorter, 0.8);
        else if (typeof v === "string") await add(v, 0.8);
        if (found.size) break;
      }
    }
    return found;
  }

  function parse(q) {
    const words = [];
    const open = /[\p{Alphabetic}\p{N}\p{M}]$/u.test(q);
    const all = Array.from(q.matchAll(WORD));
    all.forEach((m, i) => {
      const key = fold(m[0]);
      if (stop.has(key) || key.length > 40) return;
      if (key.length < 2 && !isNumber(key)) return;
      const prefix = open && i === all.length - 1;
      words.push({ key, prefix });
    });
    // The same word twice counts once.
    const seen = new Set();
    return {
      words: words.filter((w) => (seen.has(w.key) ? false : seen.add(w.key))),
      typed: all.length > 0,
    };
  }

  // ---- Searching -------------------------------------------------------------
  // Fiches holding every word, with their score: each word's best stem, its
  // BM25F weight (level) times its rarity (idf).
  async function match(words) {
    let scores = null;
    const perWord = [];
    for (const w of words) {
      const stems = await stemsOf(w);
      perWord.push(stems);
      const here = new Map();
      for (const { factor, data } of stems.values()) {
        for (let i = 0; i < data.docs.length; i++) {
          const d = data.docs[i];
          if (scores && !scores.has(d)) continue;
          const s = data.idf * data.levels[i] * factor;
          if (!(here.get(d) >= s)) here.set(d, s);
        }
      }
      if (scores) for (const [d, s] of here) here.set(d, s + scores.get(d));
      scores = here;
      if (scores.size === 0) break;
    }
    return { scores: scores || new Map(), perWord };
  }

  function selected() {
    const out = {};
    for (const s of selects) if (s.value) out[s.dataset.filter] = s.value;
    return out;
  }

  function marks(key, value) {
    const m = new Uint8Array(entry.ids);
    for (const id of (filterIds[key] || {})[value] || []) m[id] = 1;
    return m;
  }

  function rememberInAddress() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const s of selects) if (s.value) params.set(s.name, s.value);
    const query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  let latest = 0;
  let shown = [];
  let context = null;

  async function run() {
    rememberInAddress();
    const turn = ++latest;
    list.setAttribute("aria-busy", "true");
    const query = parse(input.value);
    const chosen = selected();
    if (!query.words.length && !Object.keys(chosen).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = query.typed ? form.dataset.common : "";
      updateCounts(null);
      done();
      return;
    }
    let matched;
    let perWord = [];
    if (query.words.length) {
      const m = await match(query.words);
      matched = m.scores;
      perWord = m.perWord;
    } else {
      matched = new Map();
      for (let d = 0; d < entry.ids; d++) if (everyone[d]) matched.set(d, 0);
    }
    if (turn !== latest) return;
    updateCounts(matched);
    const keep = Object.entries(chosen).map(([k, v]) => marks(k, v));
    const results = [];
    for (const [d, s] of matched) if (keep.every((m) => m[d])) results.push([d, s]);
    results.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    shown = results.map((r) => r[0]);
    context = { perWord, words: query.words };
    list.replaceChildren();
    await showMore(turn);
    if (turn !== latest) return;
    status.textContent = say(results.length);
    done();
  }

  // The next page of results.
  async function showMore(turn) {
    const from = list.children.length;
    const page = shown.slice(from, from + PAGE);
    const groups = await Promise.all(
      page.map((d) => load("d" + Math.floor(d / entry.group), "d/" + Math.floor(d / entry.group) + ".js")),
    );
    if (turn !== latest) return;
    page.forEach((d, i) => {
      const card = groups[i][d % entry.group];
      if (card) list.append(result(d, card));
    });
    more.hidden = list.children.length >= shown.length;
  }

  function say(count) {
    if (count === 0) return form.dataset.none;
    if (count === 1) return form.dataset.one;
    return form.dataset.many.replace("{n}", String(count));
  }

  // ---- Filters and their counts ----------------------------------------------
  function updateCounts(matched) {
    const chosen = selected();
    for (const s of selects) {
      const key = s.dataset.filter;
      const values = filterIds[key] || {};
      // Counts among the results of the query and of the other filters.
      let base = null;
      if (matched) {
        base = new Uint8Array(entry.ids);
        const others = Object.entries(chosen)
          .filter(([k]) => k !== key)
          .map(([k, v]) => marks(k, v));
        for (const d of matched.keys()) if (others.every((m) => m[d])) base[d] = 1;
      }
      for (const option of Array.from(s.options).slice(1)) {
        const members = values[option.value] || [];
        let n = members.length;
        if (base) {
          n = 0;
          for (const id of members) n += base[id];
        }
        option.textContent = option.dataset.label + " (" + n + ")";
        option.hidden = n === 0 && option.value !== s.value;
        option.disabled = option.hidden;
      }
    }
    const count = Object.keys(chosen).length;
    active.textContent = count ? " (" + count + ")" : "";
  }

  function fillFilters() {
    for (const s of selects) {
      const key = s.dataset.filter;
      const values = Object.keys(filterIds[key] || {});
      if (key === "year") values.sort((a, b) => b.localeCompare(a));
      else values.sort((a, b) => label(key, a).localeCompare(label(key, b)));
      const keepValue = s.value;
      s.replaceChildren(s.options[0]);
      for (const v of values) {
        const o = new Option(label(key, v), v);
        o.dataset.label = label(key, v);
        s.append(o);
      }
      s.value = keepValue;
      s.closest(".search__filter").hidden = values.length === 0;
    }
  }

  function label(key, value) {
    if (key === "variant") return variants[value] || value;
    return value;
  }

  // ---- A result ----------------------------------------------------------------
  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // Whether a word of a result is one the reader searched for.
  function searched(word) {
    const key = fold(word);
    for (const w of context.words) {
      if (key === w.key || (w.prefix && w.key.length >= PREFIX_MIN && key.startsWith(w.key))) return true;
    }
    for (const stems of context.perWord) {
      for (const stem of stems.keys()) {
        if (key === stem) return true;
        if (key.startsWith(stem) && key.length <= stem.length + 4) {
          // Known to the index as another stem's word: not this one.
          const c = ready.get("t" + chunkOf(key));
          const v = c ? c[key] : undefined;
          if (v === undefined || v === stem || (Array.isArray(v) && v[3] === stem)) return true;
        }
      }
    }
    return false;
  }

  // `text` with the searched words in <mark>.
  function marked(className, text, tag) {
    const el = element(tag || "p", className);
    let at = 0;
    for (const m of text.matchAll(WORD)) {
      if (!searched(m[0])) continue;
      el.append(text.slice(at, m.index), element("mark", "", m[0]));
      at = m.index + m[0].length;
    }
    el.append(text.slice(at));
    return el;
  }

  function excerptOf(d, summary) {
    for (const stems of context.perWord) {
      for (const { data } of stems.values()) {
        const text = data.excerpts.get(d);
        if (text) return text;
      }
    }
    return summary;
  }

  function result(d, card) {
    const [slug, title, variant, date, summary] = card;
    const v = entry.variants[variant] || "";
    const item = element("li");
    const article = element("article", "card card--" + v);
    const meta = element("p", "card__meta");
    meta.append(element("span", "badge badge--" + v, label("variant", v)));
    if (date) meta.append(" ", element("span", "card__date", date));
    const heading = element("h2", "card__title");
    const link = marked("", title, "a");
    // Opened from the disk, a folder address shows a listing: name the page.
    const page = location.protocol === "file:" ? "index.html" : "";
    link.href = new URL("fiches/" + encodeURIComponent(slug) + "/" + page, root).href;
    heading.append(link);
    article.append(meta, heading, marked("card__summary", excerptOf(d, summary)));
    item.append(article);
    return item;
  }

  // Marks the results as those of the search now in the address.
  function done() {
    list.dataset.search = location.search;
    list.setAttribute("aria-busy", "false");
  }

  // ---- Start -------------------------------------------------------------------
  async function open() {
    entry = await load("index", "index.js");
    stop = new Set(entry.stop);
    filterIds = {};
    everyone = new Uint8Array(entry.ids);
    for (const [key, values] of Object.entries(entry.filters)) {
      filterIds[key] = {};
      for (const [value, packed] of Object.entries(values)) {
        const members = ids(packed);
        filterIds[key][value] = members;
        if (key === "variant") for (const id of members) everyone[id] = 1;
      }
    }
    fillFilters();
  }

  async function start() {
    try {
      await open();
    } catch (e) {
      status.textContent = form.dataset.unavailable;
      done();
      return;
    }
    filtersBox.hidden = false;
    if (window.matchMedia("(min-width: 48em)").matches) filtersBox.open = true;
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const s of selects) s.value = params.get(s.name) || "";
    if (Object.keys(selected()).length) filtersBox.open = true;
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    for (const s of selects) s.addEventListener("change", run);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    more.addEventListener("click", () => {
      const next = list.children.length;
      showMore(latest).then(() => {
        const first = list.children[next];
        const link = first && first.querySelector("a");
        if (link) link.focus();
      });
    });
    // `fiches serve` says when the index changed: load it again, search again.
    window.addEventListener("fiches:search-index", () => {
      generation++;
      loaded = new Map();
      ready = new Map();
      decoded.clear();
      open().then(run, () => {});
    });
    await run();
  }

  start();
})();
