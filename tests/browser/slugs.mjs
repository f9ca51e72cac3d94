// The contribution form's slugs (themes/default/static/contribute-rules.js) under
// Node, for tests/slugs.rs to compare with src/slug.rs: the slug of each title of
// tests/slugs.json, and of "a" + c + "b" for every code point c the form claims to
// know (its slug is not null). Prints JSON: {titles: [slug|null], table: [[c, slug]]}.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const context = {};
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(root, "themes/default/static/contribute-rules.js"), "utf8"), context);
const { slugify } = context.FichesRules;
const list = JSON.parse(fs.readFileSync(path.join(root, "tests/slugs.json"), "utf8"));
const table = [];
for (let c = 0; c <= 0x10ffff; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const slug = slugify("a" + String.fromCodePoint(c) + "b");
  if (slug !== null) table.push([c, slug]);
}
console.log(JSON.stringify({ titles: list.map((e) => slugify(e.title)), table }));
