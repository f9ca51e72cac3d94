// Runs the search page's engine (search-engine.js) under Node on a built site, the
// way the page would, with a loader that reads the index files from the disk.
// Usage: node engine.mjs SITE_OUTPUT QUERY [FILTERS_JSON] [NOW]
// (NOW, an ISO moment, is the reader's clock: what « à venir / passés » compares to.)
// Prints JSON: {slugs, counts, excerpts, titles} for the results, best first.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const [out, query, filters, now] = process.argv.slice(2);
const context = { console };
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(out, "search-engine.js"), "utf8"), context);
const load = (name, file) =>
  new Promise((resolve, reject) => {
    let got;
    const sandbox = { fichesSearch: (n, data) => { if (n === name) got = data; } };
    vm.createContext(sandbox);
    try {
      vm.runInContext(fs.readFileSync(path.join(out, "search/data", file), "utf8"), sandbox);
    } catch (e) {
      reject(e);
      return;
    }
    got === undefined ? reject(new Error(file + " did not register " + name)) : resolve(got);
  });
const clock = now ? () => Date.parse(now) : undefined;
const engine = context.FichesSearch.createEngine(load, clock);
await engine.open();
const answer = await engine.search(query, JSON.parse(filters || "{}"));
// The counts of every filter, as the page shows them once a reader turns to the
// filters (a search alone loads no filter's fiches).
const before = Object.keys(answer.counts).sort();
await engine.loadFilters();
const cards = await engine.cards(answer.ids);
const marks = (text) =>
  engine.highlight(text, answer.context).map(([piece, hit]) => (hit ? "[" + piece + "]" : piece)).join("");
console.log(
  JSON.stringify({
    slugs: cards.map((c) => c[0]),
    titles: cards.map((c) => marks(c[1])),
    excerpts: answer.ids.map((d, i) => marks(engine.excerpt(d, answer.context))),
    variants: cards.map((c) => engine.variant(c[2])),
    counts: answer.recount(),
    counted_before: before,
  }),
);
