// Browser checks of a built fiches site, served on 127.0.0.1 under a sub-path:
//   node check.mjs OUTPUT_DIR SUB_PATH
// - every internal link and asset of the output resolves;
// - the Nu HTML checker finds no error in any page;
// - axe-core finds no WCAG 2.1 AA violation on any page, and none in the dark scheme
//   on the home page, a fiche of each variant, a term index, a term page and search;
// - no page scrolls sideways on a 360 px wide screen;
// - search works (accents, prefixes, filters, ?q=) without any JavaScript error, and
//   ends with a message when a part of its index does not load.
// Exits 1 with a list of problems, 0 when everything holds.
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, extname, relative, sep } from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [outDir, subPathArg] = process.argv.slice(2);
if (!outDir || !subPathArg) {
  console.error("usage: node check.mjs OUTPUT_DIR SUB_PATH");
  process.exit(2);
}
const subPath = ("/" + subPathArg + "/").replace(/\/+/g, "/");
const problems = [];
const fail = (what) => problems.push(what);

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".png": "image/png",
  ".jpg": "image/jpeg", ".svg": "image/svg+xml", ".pdf": "application/pdf", ".wasm": "application/wasm",
};

function fileFor(urlPath) {
  if (!urlPath.startsWith(subPath)) return null;
  let rel = decodeURIComponent(urlPath.slice(subPath.length));
  if (rel.includes("..")) return null;
  let file = join(outDir, rel);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

// A static host serving the site under its sub-path, as any host would.
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (path + "/" === subPath || (!path.endsWith("/") && fileFor(path + "/") && !fileFor(path))) {
    res.writeHead(301, { Location: path + "/" });
    return res.end();
  }
  const file = fileFor(path);
  if (!file) {
    res.writeHead(404, { "Content-Type": types[".html"] });
    return res.end(readFileSync(join(outDir, "404.html")));
  }
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}${subPath}`;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
const htmlFiles = walk(outDir).filter((f) => f.endsWith(".html"));
const urlOf = (file) => base + relative(outDir, file).split(sep).join("/").replace(/index\.html$/, "");

// 1. Every internal link and asset resolves.
for (const file of htmlFiles) {
  const html = readFileSync(file, "utf8");
  const pageUrl = file.endsWith("404.html") ? base + "nulle-part/ici/" : urlOf(file);
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const raw = m[1].replace(/&amp;/g, "&");
    if (/^(mailto:|tel:|data:|#)/.test(raw) || raw === "") continue;
    const target = new URL(raw, pageUrl);
    if (target.origin !== new URL(base).origin) {
      if (raw.startsWith("http") && !raw.startsWith("https://exemple.org/")) {
        // External links are fine, but a request to another host for an asset is not.
        if (/\ssrc="/.test(m[0]) || /rel="stylesheet"/.test(html.slice(Math.max(0, m.index - 80), m.index))) {
          fail(`${relative(outDir, file)}: loads ${raw} from another host`);
        }
      }
      continue;
    }
    if (!fileFor(target.pathname)) fail(`${relative(outDir, file)}: broken link ${raw}`);
  }
}

// 2. The Nu HTML checker finds no error in any page.
try {
  const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
  execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "json", ...htmlFiles], { stdio: "pipe" });
} catch (e) {
  const out = (e.stderr || "").toString();
  let messages = [];
  try {
    messages = JSON.parse(out).messages || [];
  } catch {
    fail(`Nu HTML checker did not run: ${e.message}\n${out.slice(0, 500)}`);
  }
  for (const msg of messages.filter((x) => x.type === "error")) {
    fail(`HTML: ${relative(outDir, new URL(msg.url).pathname)}:${msg.lastLine}: ${msg.message}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => {
    if (!r.url().startsWith(`http://127.0.0.1:${server.address().port}/`) && !r.url().startsWith("data:")) {
      errors.push(`request outside the site: ${r.url()}`);
    }
  });
  return { page, errors, context };
}

// 3. Accessibility of the main kinds of pages, light and dark.
const first = (dir) => {
  const d = join(outDir, dir);
  const names = readdirSync(d).filter((n) => statSync(join(d, n)).isDirectory() && n !== "page").sort();
  return names.length ? `${dir}/${names[0]}/` : null;
};
const fichePage = (variant) =>
  htmlFiles.map((f) => relative(outDir, f).split(sep).join("/"))
    .find((f) => f.startsWith("fiches/") && readFileSync(join(outDir, f), "utf8").includes(`fiche--${variant}"`));
const audited = ["", fichePage("factual")?.replace("index.html", ""), fichePage("storytelling")?.replace("index.html", ""),
  "themes/", first("themes"), first("tags"), "search/"].filter((p) => p !== null && p !== undefined);
if (audited.length < 7) fail(`could not find every kind of page to audit: ${JSON.stringify(audited)}`);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// Every page in the light scheme; the main kinds of pages in the dark one too.
const everyPage = htmlFiles.map((f) => relative(outDir, f).split(sep).join("/").replace(/index\.html$/, ""));
for (const scheme of ["light", "dark"]) {
  const { page, errors, context } = await newPage({ colorScheme: scheme });
  for (const path of scheme === "light" ? everyPage : audited) {
    await page.goto(base + path, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    for (const v of result.violations) {
      fail(`axe (${scheme}) ${path || "home"}: ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  for (const e of errors) fail(`JavaScript (${scheme}): ${e}`);
  await context.close();
}

// 4. Nothing scrolls sideways on a 360 px wide screen.
{
  const { page, context } = await newPage({ viewport: { width: 360, height: 740 } });
  for (const file of htmlFiles) {
    await page.goto(urlOf(file), { waitUntil: "load" });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 1) fail(`360 px: ${relative(outDir, file)} scrolls sideways by ${wide} px`);
  }
  await context.close();
}

// 5. Search: accents, prefixes, filters, the query in the address, no errors.
{
  const { page, errors, context } = await newPage();
  const results = async () => {
    // The results are those of the search in the address once the list says so.
    await page.waitForFunction(() => {
      const list = document.getElementById("search-results");
      return list.getAttribute("aria-busy") === "false" && list.dataset.search === location.search;
    }, null, { timeout: 60000 });
    return page.$$eval("#search-results li", (items) => items.map((li) => li.textContent));
  };
  const spec = JSON.parse(process.env.SEARCH_SPEC || "{}");
  // Folded: an unaccented query finds the accented word.
  await page.goto(base + "search/?q=" + encodeURIComponent(spec.folded || "reseau"), { waitUntil: "networkidle" });
  const folded = await results();
  if (folded.length === 0) fail(`search: "${spec.folded || "reseau"}" finds nothing`);
  if ((await page.inputValue("#search-q")) !== (spec.folded || "reseau")) fail("search: ?q= does not fill the field");
  // Prefix: the start of a word finds it.
  await page.fill("#search-q", spec.prefix || "partag");
  await page.waitForFunction((q) => location.search.includes("q=" + q), spec.prefix || "partag");
  const prefixed = await results();
  if (prefixed.length === 0) fail(`search: prefix "${spec.prefix || "partag"}" finds nothing`);
  // Filters combine with the query.
  await page.fill("#search-q", spec.broad || "les");
  await page.waitForFunction((q) => location.search.includes("q=" + q), spec.broad || "les");
  const broad = await results();
  // The filters' counts come once the reader turns to them (a search alone loads
  // no filter's fiches): moving into a filter with the keyboard counts them.
  await page.focus("#search-theme");
  await page.waitForFunction(() => Array.from(document.querySelectorAll("#search-theme option")).slice(1).every((o) => /\(\d+\)$/.test(o.textContent)));
  // Values no result has are offered disabled (their count is 0).
  const themes = await page.$$eval("#search-theme option", (o) => o.filter((x) => !x.disabled).map((x) => x.value).filter(Boolean));
  if (themes.length === 0) fail("search: no theme filter offered");
  const counts = [];
  for (const theme of themes) {
    await page.selectOption("#search-theme", theme);
    await page.waitForFunction((t) => new URLSearchParams(location.search).get("theme") === t, theme);
    counts.push((await results()).length);
  }
  if (counts.some((n) => n > broad.length)) fail(`search: a theme filter widens the results: ${counts} of ${broad.length}`);
  if (!counts.some((n) => n > 0 && n < broad.length)) fail(`search: no theme narrows "${spec.broad || "les"}" (${counts} of ${broad.length})`);
  await page.selectOption("#search-theme", "");
  const variants = await page.$$eval("#search-variant option", (o) => o.map((x) => x.value).filter(Boolean));
  if (variants.length < 2) fail(`search: variant filter offers ${variants.length} values`);
  for (const id of ["#search-tag", "#search-territory", "#search-year"]) {
    if ((await page.$$eval(id + " option", (o) => o.length)) < 2) fail(`search: ${id} offers no value`);
  }
  // Excerpts mark the words searched; the status says how many fiches.
  await page.fill("#search-q", spec.broad || "les");
  await page.waitForFunction((q) => location.search === "?q=" + q, spec.broad || "les");
  await results();
  if ((await page.$$("#search-results mark")).length === 0) fail("search: no word marked in the results");
  if (!/\d/.test(await page.textContent("#search-status"))) fail("search: the status does not count the results");
  for (const e of errors) fail(`JavaScript on search: ${e}`);
  await context.close();
}

// 6. Search from the disk (file://): no server, the same results, links to pages.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const spec = JSON.parse(process.env.SEARCH_SPEC || "{}");
  const q = spec.folded || "reseau";
  await page.goto("file://" + join(outDir, "search", "index.html") + "?q=" + encodeURIComponent(q) + "&variant=" + (spec.variant || "factual"));
  await page.waitForFunction(() => {
    const list = document.getElementById("search-results");
    return list.getAttribute("aria-busy") === "false" && list.dataset.search === location.search;
  }, null, { timeout: 60000 }).catch(() => fail("file:// search: no results shown"));
  const links = await page.$$eval("#search-results a", (a) => a.map((x) => x.href));
  if (links.length === 0) fail(`file:// search: "${q}" with a variant filter finds nothing`);
  for (const l of links) {
    if (!l.startsWith("file://") || !l.endsWith("/index.html")) fail(`file:// search: result link ${l} is not a page on the disk`);
    else if (!existsSync(decodeURIComponent(new URL(l).pathname))) fail(`file:// search: ${l} does not exist`);
  }
  for (const e of errors) fail(`JavaScript on file:// search: ${e}`);
  await context.close();
}

// 7. A part of the index that does not load (a rebuild removed it, the connection
// dropped): the search ends, saying search is unavailable, and the list is no
// longer busy.
{
  const { page, context } = await newPage();
  await page.route("**/search/data/t/**", (route) => route.abort());
  const spec = JSON.parse(process.env.SEARCH_SPEC || "{}");
  await page.goto(base + "search/?q=" + encodeURIComponent(spec.folded || "reseau"));
  await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false",
    null, { timeout: 60000 }).catch(() => fail("search: a part of the index that does not load leaves the results busy"));
  const told = await page.textContent("#search-status");
  const unavailable = await page.getAttribute("#search-form", "data-unavailable");
  if (told !== unavailable) fail(`search: a part of the index that does not load is told as "${told}"`);
  await context.close();
}

await browser.close();
server.close();
if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`browser checks passed: ${htmlFiles.length} pages audited, ${audited.length} of them in dark too`);
