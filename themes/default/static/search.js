// The search page: the form, the filters and the results, over the engine of
// search-engine.js. The index comes as small script files loaded with <script>
// elements, so that search also works on a site opened from the disk (file://),
// where fetch() does not. The query and filters live in the address
// (?q=...&theme=...), so a search can be shared as a link.
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  if (!form || !window.FichesSearch) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const filtersBox = form.querySelector(".search__filters");
  const active = form.querySelector(".search__active");
  const searchPage = form.closest(".search-page");
  const selects = Array.from(form.querySelectorAll("select[data-filter]"));
  const root = new URL(form.dataset.root, document.baseURI);
  const base = new URL(form.dataset.index, document.baseURI);
  const labels = JSON.parse(document.getElementById("search-variants").textContent);
  const PAGE = 10;

  // Each index file calls fichesSearch(name, data) when it runs.
  const waiting = new Map();
  let generation = 0;
  window.fichesSearch = function (name, data) {
    const w = waiting.get(name);
    if (w) {
      waiting.delete(name);
      w.resolve(data);
    }
  };
  function loader() {
    const loaded = new Map();
    return function (name, path) {
      if (!loaded.has(name)) {
        loaded.set(
          name,
          new Promise((resolve, reject) => {
            waiting.set(name, { resolve, reject });
            const s = document.createElement("script");
            s.src = new URL(path, base).href + (generation ? "?v=" + generation : "");
            s.async = true;
            // After it ran: a file that registered itself resolved already.
            const finished = () => {
              s.remove();
              if (waiting.get(name)) {
                waiting.delete(name);
                loaded.delete(name);
                reject(new Error("search index: " + path));
              }
            };
            s.onload = finished;
            s.onerror = finished;
            document.head.append(s);
          }),
        );
      }
      return loaded.get(name);
    };
  }
  let engine = window.FichesSearch.createEngine(loader());

  function selected() {
    const out = {};
    for (const s of selects) if (s.value) out[s.dataset.filter] = s.value;
    return out;
  }
  const when = form.querySelector('select[data-filter="when"]');
  function label(key, value) {
    if (key === "when" && when) return when.dataset[value] || value;
    if (key === "variant") return labels[value] || engine.variantLabel(value) || value;
    if (key === "source" && value === engine.here()) return form.dataset.here;
    return value;
  }
  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }
  function say(count) {
    if (count === 0) return form.dataset.none;
    if (count === 1) return form.dataset.one;
    return form.dataset.many.replace("{n}", String(count));
  }
  function rememberInAddress() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const s of selects) if (s.value) params.set(s.name, s.value);
    const query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }
  // Marks the results as those of the search now in the address.
  function done() {
    list.dataset.search = location.search;
    list.setAttribute("aria-busy", "false");
  }

  // Each filter's options but the first ("all"), kept when they are made: the counts
  // change them on every keystroke, and need no new array each time.
  let filterOptions = [];

  function fillFilters() {
    filterOptions = [];
    for (const s of selects) {
      const key = s.dataset.filter;
      const values = engine.values(key);
      if (key === "year") values.sort((a, b) => b.localeCompare(a));
      // The site's own first, then its partners as fiches.toml lists them.
      else if (key === "source") values.sort((a, b) => (a === engine.here() ? -1 : b === engine.here() ? 1 : 0));
      // What is to come first, as the agenda says it.
      else if (key === "when") values.sort((a, b) => (a === "upcoming" ? -1 : b === "upcoming" ? 1 : 0));
      else values.sort((a, b) => label(key, a).localeCompare(label(key, b)));
      const keep = s.value;
      s.replaceChildren(s.options[0]);
      for (const v of values) {
        const o = new Option(label(key, v), v);
        o.dataset.label = label(key, v);
        s.append(o);
      }
      s.value = keep;
      // Not hidden here when empty: the grid would reflow under the reader's eyes.
      // The one filter a site may have no use for, "when", is hidden by the page.
      filterOptions.push([s, Array.from(s.options).slice(1)]);
    }
  }
  // What the filters' counts are now: the totals, or the last search's (counted
  // again once every filter's fiches are loaded).
  let recount = () => engine.totals();
  function showCounts(counts) {
    let chosen = 0;
    for (const [s, options] of filterOptions) {
      const these = counts[s.dataset.filter];
      if (s.value) chosen++;
      for (const o of options) {
        if (!these) {
          // A filter whose fiches are not loaded yet: its values, uncounted.
          o.textContent = o.dataset.label;
          o.hidden = o.disabled = false;
          continue;
        }
        const n = these[o.value] || 0;
        o.textContent = o.dataset.label + " (" + n + ")";
        o.hidden = n === 0 && o.value !== s.value;
        o.disabled = o.hidden;
      }
    }
    active.textContent = chosen ? " (" + chosen + ")" : "";
  }

  function marked(tag, className, text, context) {
    const el = element(tag, className);
    for (const [piece, hit] of engine.highlight(text, context)) el.append(hit ? element("mark", "", piece) : piece);
    return el;
  }
  // What a fiche's page says, without what is around its text (sharing, related
  // fiches, the network's signature, hidden labels), nor the numbers of footnote
  // calls and their back-references, which would stick to the words they follow
  // (« économique1 ? ») as src/export/text.rs's prose_text leaves them out.
  const AROUND = "h1, nav, script, style, .share, .related, .network-signature, .print-only, .visually-hidden, .anchor, .footnote-ref, .footnote-backref";

  /**
   * The passage of a result the index kept none for (past the first ten fiches
   * of each of its words): cut from the fiche's own page. Over HTTP, fetched;
   * from the disk, where a page cannot fetch another file, read through a hidden
   * frame the fiche's page sends itself from (fiche.html). "" when neither works.
   */
  /** How long a fiche page read through a frame may take, at most (ms). */
  const FRAME_WAIT = 4000;
  async function pagePassage(url, context) {
    try {
      const html = /^https?:$/.test(location.protocol) ? await fetchedPage(url) : await framedPage(url);
      if (!html) return "";
      const doc = new DOMParser().parseFromString(html, "text/html");
      const main = doc.querySelector("main") || doc.body;
      for (const el of main.querySelectorAll(AROUND)) el.remove();
      return engine.passage(main.textContent.replace(/\s+/g, " "), context);
    } catch (e) {
      return "";
    }
  }
  async function fetchedPage(url) {
    const response = await fetch(url);
    return response.ok ? response.text() : "";
  }
  /**
   * The HTML of the fiche page at `url`, opened from the disk in a hidden,
   * sandboxed frame: the page posts itself to the search page that framed it
   * (file:// pages have opaque origins, so only a message crosses). A page of
   * another theme does not answer: "" a moment after it loaded, or after
   * FRAME_WAIT at most, for a page that never finishes loading (an image whose
   * server never replies): the results wait for every passage.
   */
  function framedPage(url) {
    return new Promise((resolve) => {
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.setAttribute("sandbox", "allow-scripts");
      let timer = 0;
      const finish = (html) => {
        window.removeEventListener("message", heard);
        clearTimeout(timer);
        clearTimeout(deadline);
        frame.remove();
        resolve(html);
      };
      const deadline = setTimeout(() => finish(""), FRAME_WAIT);
      const heard = (e) => {
        if (e.source === frame.contentWindow && e.data && typeof e.data.fichesPage === "string") finish(e.data.fichesPage);
      };
      window.addEventListener("message", heard);
      frame.addEventListener("load", () => {
        timer = setTimeout(() => finish(""), 1500);
      });
      frame.src = url + "#fiches-search";
      document.body.append(frame);
    });
  }
  function address(slug) {
    // Opened from the disk, a folder address shows a listing: name the page.
    const page = location.protocol === "file:" ? "index.html" : "";
    return new URL("fiches/" + encodeURIComponent(slug) + "/" + page, root).href;
  }

  // A partner's fiche goes by the address of its page on the partner's site, and
  // links there: its card alone names a source.
  function isPartner(card) {
    return card.length > 4;
  }

  function result(card, passage, context) {
    const [slug, title, variant, date, source] = card;
    const partner = isPartner(card);
    const v = engine.variant(variant);
    // A partner's variant name becomes a class only when it is a plain one.
    const kind = /^[a-z0-9-]+$/.test(v) ? v : "other";
    const item = element("li");
    const article = element("article", "card card--" + kind + (partner ? " card--partner" : ""));
    const meta = element("p", "card__meta");
    meta.append(element("span", "badge badge--" + kind, label("variant", v)));
    if (partner) meta.append(" ", element("span", "badge badge--partner", form.dataset.publishedBy.replace("{name}", () => engine.source(source))));
    else if (engine.here() !== null) meta.append(" ", element("span", "badge badge--here", form.dataset.here));
    if (date) meta.append(" ", element("span", "card__date", date));
    const heading = element("h2", "card__title");
    const link = marked("a", "", title, context);
    link.href = partner ? engine.partnerAddress(card) : address(slug);
    heading.append(link);
    const body = element("div", "card__body");
    body.append(meta, heading);
    if (passage) body.append(marked("p", "card__summary", passage, context));
    article.append(body);
    item.append(article);
    return item;
  }

  let latest = 0;
  let found = null;

  async function showMore(turn) {
    const from = list.children.length;
    const page = found.ids.slice(from, from + PAGE);
    const cards = await engine.cards(page);
    // Every passage before any result is shown: none comes later to move the list.
    const passages = await Promise.all(
      // Never a partner's page: it is another site's.
      page.map((d, i) => engine.excerpt(d, found.context) || (cards[i] && !isPartner(cards[i]) ? pagePassage(address(cards[i][0]), found.context) : "")),
    );
    if (turn !== latest) return;
    page.forEach((d, i) => {
      if (cards[i]) list.append(result(cards[i], passages[i], found.context));
    });
    more.hidden = list.children.length >= found.ids.length;
  }

  /**
   * Searches what the form says. A part of the index that does not load (a file
   * removed by a rebuild, a connection lost) ends the search with a message, never
   * with a list that stays busy.
   */
  async function run() {
    rememberInAddress();
    const turn = ++latest;
    list.setAttribute("aria-busy", "true");
    try {
      await search(turn);
    } catch (e) {
      if (turn !== latest) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = form.dataset.unavailable;
      done();
    }
  }

  async function search(turn) {
    const chosen = selected();
    const query = engine.parse(input.value);
    // The lists to browse stand in for results while there is nothing to search.
    const searching = query.words.length > 0 || Object.keys(chosen).length > 0;
    if (searchPage) searchPage.classList.toggle("search-page--searching", searching);
    if (!searching) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = query.typed ? form.dataset.common : "";
      recount = () => engine.totals();
      showCounts(recount());
      done();
      return;
    }
    const answer = await engine.search(input.value, chosen);
    if (turn !== latest) return;
    found = answer;
    recount = answer.recount;
    showCounts(answer.counts);
    list.replaceChildren();
    await showMore(turn);
    if (turn !== latest) return;
    status.textContent = say(answer.ids.length);
    done();
  }

  async function start() {
    try {
      await engine.open();
    } catch (e) {
      status.textContent = form.dataset.unavailable;
      done();
      return;
    }
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    fillFilters();
    for (const s of selects) s.value = params.get(s.name) || "";
    // The filters were shown before the first paint (search.html), not here: the
    // page would move under the reader's eyes.
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    for (const s of selects) s.addEventListener("change", run);
    // The filters' fiches, which only their counts need, come when a reader
    // turns to the filters (opens them, points at them, or moves into them with
    // the keyboard): a search alone loads none.
    let turned = null;
    const turnToFilters = () => {
      const now = engine;
      if (turned === now) return;
      turned = now;
      now.loadFilters().then(() => {
        if (now === engine) showCounts(recount());
      }, () => {});
    };
    filtersBox.querySelector("summary").addEventListener("click", turnToFilters);
    filtersBox.addEventListener("focusin", turnToFilters);
    filtersBox.addEventListener("pointerover", turnToFilters);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run();
    });
    more.addEventListener("click", () => {
      const next = list.children.length;
      showMore(latest).then(() => {
        const link = list.children[next] && list.children[next].querySelector("a");
        if (link) link.focus();
      }, () => {
        status.textContent = form.dataset.unavailable;
      });
    });
    // `fiches serve` says when the index changed: load it again, search again.
    window.addEventListener("fiches:search-index", () => {
      generation++;
      engine = window.FichesSearch.createEngine(loader());
      engine.open().then(() => {
        fillFilters();
        // A reader who had turned to the filters keeps their counts.
        if (turned) turnToFilters();
        return run();
      }, () => {});
    });
    await run();
  }

  start();
})();
