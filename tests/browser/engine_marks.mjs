// Marks of the search page's engine on arbitrary text (run under Node on a built
// site): for random texts of hostile pieces (no-break spaces, ligatures, emoji
// and their joiners, astral letters, right-to-left, controls, markup), the
// pieces `highlight` gives put the text back whole, a marked piece is a whole
// word, no piece starts inside a surrogate pair or with a stray combining mark.
// (search.js makes each piece a text node, in a <mark> element when marked: a
// mark is always closed, and markup in a text stays text.)
// Usage: node engine_marks.mjs SITE_OUTPUT QUERY
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const [out, query] = process.argv.slice(2);
const context = { console };
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(out, "search-engine.js"), "utf8"), context);
const load = (name, file) =>
  new Promise((resolve) => {
    const sandbox = { fichesSearch: (n, data) => n === name && resolve(data) };
    vm.createContext(sandbox);
    vm.runInContext(fs.readFileSync(path.join(out, "search/data", file), "utf8"), sandbox);
  });
const engine = context.FichesSearch.createEngine(load);
await engine.open();
const answer = await engine.search(query, {});
const PIECES = ["réseau", "Réseaux", "RÉSEAU", "ré\u0301seau", "ﬁnance", "œuvre", "\u00a0", "\u202f", " ", "«", "»", ":",
  "👨\u200d👩\u200d👧", "🇫🇷", "❤\ufe0f", "👍🏽", "𝐛𝐨𝐥𝐝", "שלום", "مرحبا", "\u202e", "\r\n", "\n", "\t", "\u0000",
  "\u00ad", "\u200b", "\u2028", "<mark>", "</mark>", "<script>", "&amp;", "&", "\"", "'", "l’", "-", "e\u0301", "\u0301",
  "\udbff\udfff", "İ", "ß", "0", "42", "jardin", "partagé"];
let seed = 42;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const WORD = /^[\p{Alphabetic}\p{N}\p{M}]+$/u;
const failures = [];
let marked = 0;
for (let run = 0; run < 3000; run++) {
  let text = "";
  for (let k = random(30); k > 0; k--) text += PIECES[random(PIECES.length)];
  const pieces = engine.highlight(text, answer.context);
  if (pieces.map((p) => p[0]).join("") !== text) failures.push(`text not kept whole: ${JSON.stringify(text)}`);
  let at = 0;
  for (const [piece, hit] of pieces) {
    const first = piece.charCodeAt(0);
    if (first >= 0xdc00 && first <= 0xdfff) failures.push(`a piece starts inside a surrogate pair: ${JSON.stringify(text)}`);
    if (at > 0 && /^\p{M}/u.test(piece) && !pieces.some(([p, h]) => h && p.endsWith(piece)))
      failures.push(`a piece starts with a mark: ${JSON.stringify(piece)} in ${JSON.stringify(text)}`);
    if (hit) {
      marked++;
      if (!WORD.test(piece)) failures.push(`a marked piece is not a word: ${JSON.stringify(piece)}`);
    }
    at += piece.length;
  }
  if (failures.length > 5) break;
}
if (marked === 0) failures.push("no word was ever marked: the query's words are not in the pieces");
if (failures.length) {
  console.log(failures.join("\n"));
  process.exit(1);
}
console.log(`engine marks checks passed (${marked} marks)`);
