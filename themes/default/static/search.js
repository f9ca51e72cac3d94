// The search page: queries the Pagefind index of the site, entirely in the browser.
// The query and filters live in the address (?q=...&theme=...), so a search can be
// shared as a link.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const fieldset = form.querySelector(".search__filters");
const selects = Array.from(form.querySelectorAll("select[data-filter]"));
const root = new URL(form.dataset.root, document.baseURI);

function say(count) {
  if (count === 0) return form.dataset.none;
  if (count === 1) return form.dataset.one;
  return form.dataset.many.replace("{n}", String(count));
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function rememberInAddress() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const s of selects) if (s.value) params.set(s.name, s.value);
  const query = params.toString();
  history.replaceState(null, "", query ? "?" + query : location.pathname);
}

let pagefind;
let latest = 0;

async function run() {
  rememberInAddress();
  const query = input.value.trim();
  const filters = {};
  for (const s of selects) if (s.value) filters[s.dataset.filter] = s.value;
  const turn = ++latest;
  list.setAttribute("aria-busy", "true");
  if (!query && Object.keys(filters).length === 0) {
    list.replaceChildren();
    status.textContent = "";
    done();
    return;
  }
  const search = await pagefind.search(query || null, { filters });
  const data = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  if (turn !== latest) return; // a newer search has started
  list.replaceChildren(
    ...data.map((d) => {
      const item = element("li");
      const card = element("article", "card");
      const meta = element("p", "card__meta");
      if (d.meta.variant) meta.append(element("span", "badge", d.meta.variant));
      if (d.meta.date) meta.append(element("span", "", d.meta.date));
      const title = element("h2", "card__title");
      const link = element("a", "", d.meta.title || d.url);
      link.href = new URL(d.url.replace(/^\//, ""), root).href;
      title.append(link);
      card.append(meta, title, element("p", "card__summary", d.meta.summary || ""));
      item.append(card);
      return item;
    }),
  );
  status.textContent = say(search.results.length);
  done();
}

// Marks the results as those of the search now in the address.
function done() {
  list.dataset.search = location.search;
  list.setAttribute("aria-busy", "false");
}

async function start() {
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ excerptLength: 20 });
  } catch (e) {
    status.textContent = form.dataset.unavailable;
    return;
  }
  const available = await pagefind.filters();
  for (const s of selects) {
    const values = Object.keys(available[s.dataset.filter] || {}).sort((a, b) => a.localeCompare(b));
    for (const v of values) s.append(new Option(v, v));
  }
  fieldset.hidden = false;
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const s of selects) s.value = params.get(s.name) || "";
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  for (const s of selects) s.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  await run();
}

start();
