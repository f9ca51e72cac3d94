// The search engine of the search page, without any page: reads the site's own
// index (search/data/, written by src/search/) and answers a query with ranked
// fiches, filter counts and marked excerpts. Words are folded the way the index
// folded them (src/search/words.rs): keep both in step. search.js is the page;
// tests run this file under Node with a loader reading the files from the disk.
(function (global) {
  "use strict";

  const PREFIX_MIN = 3;
  const MAX_WORD = 40;
  const MAX_EXPANSIONS = 200;
  const WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  // A phrase: between quotes (the closing one may not be typed yet), or words
  // joined by hyphens.
  const PHRASE = /["«“„]([^"»”“]*)["»”“]?|[\p{Alphabetic}\p{N}\p{M}]+(?:[-\u2010\u2011][\p{Alphabetic}\p{N}\p{M}]+)+/gu;

  // Numbers packed in strings of 64 characters (src/search/files.rs).
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

  function fold(w) {
    // NFKD: ligatures pasted from a PDF (ﬁ) and wide letters are plain letters.
    return w.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae");
  }
  // Words in the order of the index's chunks (src/search/files.rs): by code point,
  // as Rust orders strings. JavaScript's `<` compares UTF-16 units, which puts
  // astral letters (𝐛, U+1D41B: surrogates) before U+E000–U+FFFF (ﬁ, U+FB01).
  function compare(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      let x = a.charCodeAt(i);
      let y = b.charCodeAt(i);
      if (x === y) continue;
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates after every other unit above them; each group keeps its order.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
    return a.length - b.length;
  }
  // Lengths in characters (code points), as the index counts them.
  function chars(s) {
    return Array.from(s);
  }
  function isNumber(k) {
    return /^\p{N}+$/u.test(k);
  }

  // `load(name, path)` gives a promise of the data of the index file at `path`
  // (relative to search/data/), which registers itself as `name`.
  // `clock()` gives the time in milliseconds (Date.now unless a test sets it).
  function createEngine(load, clock) {
    const now = clock || Date.now;
    const ready = new Map();
    let entry = null;
    let stop = new Set();
    // Each filter's fiches by value, for the filters loaded (their files come when
    // a reader uses the filters: a search needs none); each value's number of
    // fiches, for every filter (the entry's).
    let filterIds = {};
    let filterTotals = {};
    let everyone = null;
    const decoded = new Map();

    function file(name, path) {
      return load(name, path).then((data) => {
        ready.set(name, data);
        return data;
      });
    }
    function chunkOf(key) {
      return chunkOfIn(entry.chunks, key);
    }
    function chunkOfIn(bounds, key) {
      let lo = 0;
      let hi = bounds.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(bounds[mid], key) <= 0) lo = mid + 1;
        else hi = mid;
      }
      return Math.max(0, lo - 1);
    }
    function chunk(i) {
      return file("t" + i, "t/" + i + ".js");
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

    async function open() {
      entry = await file("index", "index.js");
      markings.clear();
      stop = new Set(entry.stop);
      filterIds = {};
      filterTotals = Object.assign({}, entry.filters);
      everyone = new Uint8Array(entry.ids).fill(1);
      for (const id of ids(entry.gone || "")) everyone[id] = 0;
      // Partners' fiches carry their source; the site's own are every other one.
      if (entry.sources) {
        let theirs = 0;
        for (const n of Object.values(filterTotals.source || {})) theirs += n;
        filterTotals.source = Object.assign({ [entry.here]: entry.fiches - theirs }, filterTotals.source);
      }
      splitEvents(entry.events);
      return entry;
    }

    // The fiches of filter `key` by value, read from its file once (the events'
    // filter, "when", is the entry's).
    const filterFiles = new Map();
    function loadFilter(key) {
      if (filterIds[key]) return Promise.resolve();
      if (!filterFiles.has(key)) {
        const n = (entry.filter_keys || []).indexOf(key);
        filterFiles.set(
          key,
          (n < 0 ? Promise.resolve({}) : file("f" + n, "f/" + n + ".js")).then((values) => {
            const lists = {};
            for (const [value, packed] of Object.entries(values)) lists[value] = ids(packed);
            if (key === "source" && entry.sources) {
              const theirs = new Uint8Array(entry.ids);
              for (const members of Object.values(lists)) for (const id of members) theirs[id] = 1;
              const here = [];
              for (let d = 0; d < entry.ids; d++) if (everyone[d] && !theirs[d]) here.push(d);
              filterIds.source = Object.assign({ [entry.here]: here }, lists);
            } else {
              filterIds[key] = lists;
            }
          }),
        );
      }
      return filterFiles.get(key);
    }
    // Every filter's fiches: what the counts of each value among a search's
    // results need, once a reader turns to the filters.
    function loadFilters() {
      return Promise.all(Object.keys(filterTotals).map(loadFilter));
    }

    // The events to come and those that have passed, told by the reader's clock
    // when the index opens (not the build's: a site built last month stays
    // right), as one more filter, "when".
    function splitEvents(events) {
      if (!events || !events.ends.length) return;
      const minutes = now() / 60000;
      const upcoming = [];
      const past = [];
      ids(events.ids).forEach((id, i) => {
        const end = events.ends[i];
        (end === null || end >= minutes ? upcoming : past).push(id);
      });
      filterIds.when = {};
      filterTotals.when = {};
      if (upcoming.length) {
        filterIds.when.upcoming = upcoming;
        filterTotals.when.upcoming = upcoming.length;
      }
      if (past.length) {
        filterIds.when.past = past;
        filterTotals.when.past = past.length;
      }
    }

    function worth(key) {
      const length = chars(key).length;
      return !stop.has(key) && length <= MAX_WORD && (length >= 2 || isNumber(key));
    }

    // The words of a query worth searching: folded, stop words and single
    // letters left out; the last one is a prefix while it is being typed. A
    // phrase (between quotes, "…", « … », “…”, or words joined by hyphens,
    // soirée-débat) asks for its words next to each other, in order: each word
    // with its place among the phrase's words, stop words counted.
    function parse(q) {
      const words = [];
      const phrases = [];
      const inPhrase = new Set();
      for (const m of q.matchAll(PHRASE)) {
        const list = [];
        Array.from(m[0].matchAll(WORD)).forEach((w, at) => {
          const key = fold(w[0]);
          if (worth(key)) list.push({ key, at });
        });
        if (list.length > 1) phrases.push(list);
        const from = m.index;
        for (let i = from; i < from + m[0].length; i++) inPhrase.add(i);
      }
      const open = /[\p{Alphabetic}\p{N}\p{M}]$/u.test(q);
      const all = Array.from(q.matchAll(WORD));
      const seen = new Set();
      all.forEach((m, i) => {
        const key = fold(m[0]);
        if (!worth(key) || seen.has(key)) return;
        seen.add(key);
        const prefix = open && i === all.length - 1 && !inPhrase.has(m.index);
        words.push({ key, prefix });
      });
      return { words, phrases, typed: all.length > 0 };
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
      const letters = chars(word.key);
      if (word.prefix && letters.length >= PREFIX_MIN) {
        // Every key starting with the word, in the chunks its range spans (U+10FFFF:
        // the last code point, after any letter, astral ones too).
        const first = chunkOf(word.key);
        const last = Math.min(chunkOf(word.key + "\u{10ffff}"), first + 2);
        const keys = [];
        for (let c = first; c <= last; c++) {
          const data = await chunk(c);
          for (const k in data) if (k.startsWith(word.key) && k !== word.key) keys.push([k, data[k]]);
        }
        keys.sort((a, b) => compare(a[0], b[0]));
        for (const [k, v] of keys.slice(0, MAX_EXPANSIONS)) await add(typeof v === "string" ? v : k, 0.9);
      }
      if (found.size === 0 && !isNumber(word.key)) {
        // A form no fiche uses (`réseaux` where fiches say `réseau`): its shorter
        // forms, the way a stemmer would cut it.
        for (let cut = 1; cut <= 3 && letters.length - cut >= 3 && found.size === 0; cut++) {
          const shorter = letters.slice(0, -cut).join("");
          const v = await lookup(shorter);
          if (Array.isArray(v)) await add(shorter, 0.8);
          else if (typeof v === "string") await add(v, 0.8);
        }
      }
      return found;
    }

    // The places of stem `stem` in each of its fiches (fiche id → places).
    async function placesOf(stem, data) {
      if (!data.places) {
        const bounds = entry.phrases || [""];
        const c = chunkOfIn(bounds, stem);
        const packed = (await file("p" + c, "p/" + c + ".js"))[stem] || "";
        const places = new Map();
        const at = { i: 0 };
        for (const d of data.docs) {
          const n = readNumber(packed, at);
          const list = [];
          let p = 0;
          for (let k = 0; k < n; k++) {
            p += readNumber(packed, at);
            list.push(p);
          }
          places.set(d, list);
        }
        data.places = places;
      }
      return data.places;
    }

    // The fiches among `scores` where phrase `phrase` is written, its words next
    // to each other in order (a word: any stem it stands for exactly).
    async function withPhrase(scores, phrase, stemsByKey) {
      const words = [];
      for (const { key, at } of phrase) {
        const maps = [];
        for (const [stem, { factor, data }] of stemsByKey.get(key) || new Map()) {
          if (factor === 1) maps.push(await placesOf(stem, data));
        }
        words.push({ at: at - phrase[0].at, maps });
      }
      const kept = new Map();
      for (const [d, s] of scores) {
        const sets = words.map((w) => new Set(w.maps.flatMap((m) => m.get(d) || [])));
        const found = Array.from(sets[0]).some((p) => words.every((w, i) => sets[i].has(p + w.at)));
        if (found) kept.set(d, s);
      }
      return kept;
    }

    // Fiches holding every word, with their score: for each word its best stem's
    // BM25F weight (level) times its rarity (idf), summed over the words.
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

    // `match`, then only the fiches where each phrase is written.
    async function matchPhrases(query) {
      const m = await match(query.words);
      const stemsByKey = new Map(query.words.map((w, i) => [w.key, m.perWord[i]]));
      for (const phrase of query.phrases) {
        if (m.scores.size === 0) break;
        m.scores = await withPhrase(m.scores, phrase, stemsByKey);
      }
      return m;
    }

    // The fiches of a filter's value, one mark per fiche id: made once per value,
    // since a search runs on every keystroke with the same chosen filters.
    const markings = new Map();
    function marks(key, value) {
      const name = key + "\u0000" + value;
      let m = markings.get(name);
      if (!m) {
        m = new Uint8Array(entry.ids);
        for (const id of (filterIds[key] || {})[value] || []) m[id] = 1;
        markings.set(name, m);
      }
      return m;
    }

    // For each filter loaded, how many of `matched` each value keeps, the other
    // chosen filters applied (all of them loaded: a search loads those it uses).
    function counts(matched, chosen) {
      const out = {};
      const base = new Uint8Array(entry.ids);
      for (const key of Object.keys(filterIds)) {
        const others = Object.entries(chosen)
          .filter(([k]) => k !== key)
          .map(([k, v]) => marks(k, v));
        base.fill(0);
        for (const d of matched.keys()) if (others.every((m) => m[d])) base[d] = 1;
        out[key] = {};
        for (const [value, members] of Object.entries(filterIds[key])) {
          let n = 0;
          for (const id of members) n += base[id];
          out[key][value] = n;
        }
      }
      return out;
    }

    // Searches `q` among the fiches the `chosen` filters ({key: value}) keep:
    // fiche ids best first, the filters' counts, and what marking needs.
    async function search(q, chosen) {
      const query = parse(q);
      // A reader who chose a filter uses the filters: every one's counts.
      if (Object.keys(chosen).length) await loadFilters();
      let matched;
      let perWord = [];
      if (query.words.length) {
        const m = await matchPhrases(query);
        matched = m.scores;
        perWord = m.perWord;
      } else if (Object.keys(chosen).length) {
        matched = new Map();
        for (let d = 0; d < entry.ids; d++) if (everyone[d]) matched.set(d, 0);
      } else {
        // Nothing to look for (no word, or only words too common to count).
        matched = new Map();
      }
      const keep = Object.entries(chosen).map(([k, v]) => marks(k, v));
      const results = [];
      for (const [d, s] of matched) if (keep.every((m) => m[d])) results.push([d, s]);
      results.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      return {
        ids: results.map((r) => r[0]),
        counts: counts(matched, chosen),
        // The counts again, once more filters were loaded.
        recount: () => counts(matched, chosen),
        context: { words: query.words, perWord },
        query,
      };
    }

    // The cards of fiches `list` (slug, title, variant, date); a partner's fiche's
    // (its page's address after its source's `source_urls`, title, variant, date,
    // source number).
    async function cards(list) {
      const g = entry.group;
      const groups = await Promise.all(list.map((d) => file("d" + Math.floor(d / g), "d/" + Math.floor(d / g) + ".js")));
      return list.map((d, i) => groups[i][d % g]);
    }

    // Whether a word of a result is one the reader searched for.
    function searched(word, context) {
      const key = fold(word);
      for (const w of context.words) {
        if (key === w.key || (w.prefix && chars(w.key).length >= PREFIX_MIN && key.startsWith(w.key))) return true;
      }
      for (const stems of context.perWord) {
        for (const stem of stems.keys()) {
          if (key === stem) return true;
          if (key.startsWith(stem) && chars(key).length <= chars(stem).length + 4) {
            // Known to the index as another stem's word: not this one.
            const c = ready.get("t" + chunkOf(key));
            const v = c ? c[key] : undefined;
            if (v === undefined || v === stem || (Array.isArray(v) && v[3] === stem)) return true;
          }
        }
      }
      return false;
    }

    // `text` cut in pieces: [piece, searched?].
    function highlight(text, context) {
      const out = [];
      let at = 0;
      for (const m of text.matchAll(WORD)) {
        if (!searched(m[0], context)) continue;
        if (m.index > at) out.push([text.slice(at, m.index), false]);
        out.push([m[0], true]);
        at = m.index + m[0].length;
      }
      if (at < text.length) out.push([text.slice(at), false]);
      return out;
    }

    // The passage of fiche `d` around a searched word: the index keeps one for
    // each of a stem's first ten fiches (the first page of a search for it). The
    // passage of an exact stem first, then of a longer word the last one begins;
    // "" when none was kept.
    function excerpt(d, context) {
      for (const exact of [true, false]) {
        for (const stems of context.perWord) {
          for (const { factor, data } of stems.values()) {
            if ((factor === 1) !== exact) continue;
            const text = data.excerpts.get(d);
            if (text) return text;
          }
        }
      }
      return "";
    }

    // A passage of `text` around its first searched word (some words before,
    // more after, cut at spaces, as src/search/files.rs's `window`), for a result the index kept none for: the page
    // cuts it from the fiche's own page. "" when no word of `text` is searched.
    function passage(text, context) {
      for (const m of text.matchAll(WORD)) {
        if (!searched(m[0], context)) continue;
        const after = m.index + m[0].length;
        let start = Math.max(0, m.index - 40);
        if (start > 0) {
          const space = text.indexOf(" ", start);
          start = space >= 0 && space < m.index ? space + 1 : m.index;
        }
        let end = Math.min(text.length, after + 80);
        if (end < text.length) {
          const space = text.lastIndexOf(" ", end);
          if (space > after) end = space;
          else if (/[\ud800-\udbff]/.test(text[end - 1] || "")) end--;
        }
        return (start > 0 ? "…" : "") + text.slice(start, end).trim() + (end < text.length ? "…" : "");
      }
      return "";
    }

    // The filters' counts among every fiche (the entry's: no filter file needed).
    function totals() {
      return filterTotals;
    }

    return {
      open,
      totals,
      parse,
      search,
      cards,
      highlight,
      excerpt,
      passage,
      loadFilters,
      values: (key) => Object.keys(filterTotals[key] || {}),
      variant: (i) => (entry.variants || [])[i] || "",
      // How a partner labels a variant the site does not have.
      variantLabel: (name) => (entry.variant_labels || {})[name],
      // The partner of source number `i`.
      source: (i) => (entry.sources || [])[i] || "",
      // The address of a partner's fiche's page, from its card.
      partnerAddress: (card) => ((entry.source_urls || [])[card[4]] || "") + card[0],
      // The site's own value in the filter by source, when partners are pooled.
      here: () => (entry.sources ? entry.here : null),
    };
  }

  global.FichesSearch = { createEngine, fold, compare };
})(typeof window === "undefined" ? globalThis : window);
