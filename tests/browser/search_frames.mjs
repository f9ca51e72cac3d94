// The channel the search page opened from the disk reads fiche pages through (a hidden
// sandboxed frame; the fiche page, framed under file:// with #fiches-search, posts its
// HTML to its parent), tried as someone who wants to break it:
// - each passage comes from its own fiche's page, never from another in flight;
// - a page of the site that is missing (an index older than the pages), or one that
//   never answers and never finishes loading (another theme, an image whose server
//   never replies), does not hang the search: the results come, without its passage;
// - another window (the page that opened the search page) posting answers of its own
//   is not heard: no passage of it is shown;
// - over HTTP, a fiche page framed with #fiches-search by a page of another origin
//   says nothing to it (it answers only under file://).
// Usage: node search_frames.mjs SITE_OUTPUT WORD (a word of more than ten fiches'
// bodies, so that the second page of results reads fiche pages)
import { createServer } from "node:http";
import { readFileSync, writeFileSync, rmSync, existsSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const [out, word] = process.argv.slice(2);
const failures = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const search = "file://" + join(out, "search", "index.html") + "?q=" + encodeURIComponent(word);

// A server whose every request is accepted and never answered: an image from it
// keeps a page loading.
const hanging = [];
const silent = createServer((req, res) => hanging.push(res)).listen(0, "127.0.0.1");
await new Promise((r) => silent.once("listening", r));

/** The results of `url` once every page of them is shown: [{ href, passage }]. */
async function allResults(page, url) {
  await page.goto(url);
  const done = () =>
    page.waitForFunction(() => {
      const list = document.getElementById("search-results");
      return list.getAttribute("aria-busy") === "false" && list.dataset.search === location.search;
    });
  await done();
  while (await page.isVisible("#search-more")) {
    const shown = await page.$$eval("#search-results li", (l) => l.length);
    await page.click("#search-more");
    await page.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, shown);
  }
  return page.$$eval("#search-results li", (items) =>
    items.map((li) => ({
      href: li.querySelector(".card__title a").href,
      passage: (li.querySelector(".card__summary") || { textContent: "" }).textContent,
    })),
  );
}

/**
 * The text readers see of the fiche page at `href` (a file:// address), without
 * the footnotes' calls and back-references, which passages leave out.
 */
function pageText(href) {
  const html = readFileSync(fileURLToPath(href.split("#")[0]), "utf8");
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<sup class="footnote-ref">[\s\S]*?<\/sup>/g, "")
    .replace(/<a href="#fnref-[\s\S]*?<\/a>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;|&#160;/g, "\u00a0")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, "");
}
/** Whether `passage` (cut with « … » at its ends) is a piece of `text`. */
function within(passage, text) {
  // Without spaces: the page's tags part words the text does not.
  const core = passage.replace(/^\s*…/, "").replace(/…\s*$/, "").replace(/\s+/g, "");
  return core.length > 0 && text.includes(core);
}

const context = await browser.newContext();
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));

// 1. Every passage is a piece of its own fiche's page; the later ones came through frames.
// A partner's fiche (a web address) is another site's: never read.
const own = (list) => list.filter((r) => r.href.startsWith("file:"));
const results = own(await allResults(page, search));
if (results.length <= 10) failures.push(`only ${results.length} results for ${word}: no page read through a frame`);
for (const r of results) {
  if (!within(r.passage, pageText(r.href))) failures.push(`a passage not from its own page: ${r.href}: ${r.passage}`);
}
const framed = results.slice(10);

// 2. One fiche page missing, one that never answers and never finishes loading.
const [gone, stuck, ...rest] = framed;
const keep = {};
for (const r of [gone, stuck]) keep[r.href] = readFileSync(fileURLToPath(r.href));
rmSync(fileURLToPath(gone.href));
writeFileSync(
  fileURLToPath(stuck.href),
  `<!doctype html><html lang="fr"><title>x</title><main><p>${word} ${word}</p><img alt="" src="http://127.0.0.1:${silent.address().port}/photo.jpg"></main></html>`,
);
const broken = own(await allResults(page, search + "&broken=1"));
if (broken.length !== results.length) failures.push(`with a page missing and one stuck: ${broken.length} results, not ${results.length}`);
for (const r of broken) {
  const before = results.find((o) => o.href === r.href);
  if ((r.href === gone.href || r.href === stuck.href) && r.passage.includes(word) && !before.passage) {
    failures.push(`a passage from nowhere for ${r.href}: ${r.passage}`);
  }
}
for (const r of broken.filter((r) => rest.some((o) => o.href === r.href))) {
  if (!within(r.passage, pageText(r.href))) failures.push(`beside a broken page, a passage lost: ${r.href}`);
}
const frames = await page.$$eval("iframe", (l) => l.length);
if (frames) failures.push(`${frames} frames left after broken pages`);
for (const [href, bytes] of Object.entries(keep)) writeFileSync(fileURLToPath(href), bytes);

// 3. The window that opened the search page posts answers of its own, all along.
const opener = await context.newPage();
await opener.goto("file://" + join(out, "index.html"));
const [popup] = await Promise.all([
  context.waitForEvent("page"),
  opener.evaluate((url) => {
    const w = window.open(url + "&opened=1");
    const fake = { fichesPage: "<html><body><main><p>FAUX passage inventé " + new URL(url).searchParams.get("q") + "</p></main></body></html>" };
    setInterval(() => {
      try {
        w.postMessage(fake, "*");
        for (let i = 0; i < w.frames.length; i++) w.frames[i].postMessage(fake, "*");
      } catch (e) {}
    }, 5);
  }, search),
]);
popup.on("pageerror", (e) => errors.push(String(e)));
const spoofed = own(await allResults(popup, search + "&opened=1"));
for (const r of spoofed) if (r.passage.includes("FAUX")) failures.push(`a passage posted by another window shown: ${r.href}`);
if (spoofed.length !== results.length) failures.push(`spoofed: ${spoofed.length} results`);

// 4. Over HTTP, framed with #fiches-search by a page of another origin: not a word.
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
const site = createServer((req, res) => {
  let path = join(out, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
  if (!existsSync(path)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" }).end(readFileSync(path));
}).listen(0, "127.0.0.1");
await new Promise((r) => site.once("listening", r));
const fichePath = new URL(results[0].href).pathname.slice(join(out).length);
const evil = createServer((req, res) => {
  // The fiche framed, then a page of the fiche's own site after it: the second
  // frame's word comes after the first's would have.
  res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><body><script>
    window.heard = [];
    addEventListener("message", (e) => window.heard.push(e.data && (e.data.fichesPage ? "page" : e.data)));
    const f = document.createElement("iframe");
    f.src = "http://127.0.0.1:${site.address().port}${fichePath}#fiches-search";
    f.onload = () => {
      const g = document.createElement("iframe");
      g.srcdoc = "<script>parent.postMessage('after', '*')<\\/script>";
      document.body.append(g);
    };
    document.body.append(f);
  </script>`);
}).listen(0, "localhost");
await new Promise((r) => evil.once("listening", r));
const other = await context.newPage();
await other.goto(`http://localhost:${evil.address().port}/`);
await other.waitForFunction(() => window.heard.includes("after"));
const heard = await other.evaluate(() => window.heard);
if (heard.includes("page")) failures.push("over HTTP, a fiche page framed by another origin sent itself");

for (const e of errors) failures.push(`JavaScript: ${e}`);
for (const res of hanging) res.destroy();
await browser.close();
silent.close();
site.close();
evil.close();
if (failures.length) {
  console.log(failures.join("\n"));
  process.exit(1);
}
console.log("search frame checks passed");
