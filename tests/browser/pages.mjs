// Browser checks of how a built fiches site's pages read:
//   node pages.mjs OUTPUT_DIR
// - opened from the disk (file:), every link of the home page and of a fiche leads to
//   a file, not to a folder listing, and following them shows the pages;
// - every kind of page keeps clear space between the header, its content and the footer,
//   at 1280 and 360 px;
// - on a phone, no page is wider than the screen and a small table fits without scrolling;
// - no fiche page shows the same image twice;
// - a fiche of each variant prints on one or two A4 pages, without the navigation.
// Exits 1 with a list of problems, 0 when everything holds.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [outDir] = process.argv.slice(2);
// The site's public address (base_url), that links printed from the disk must show;
// "" for a site that has none yet (a new site).
const publicBase = process.env.PUBLIC_BASE ?? "https://exemple.org/reseau/";
if (!outDir) {
  console.error("usage: node pages.mjs OUTPUT_DIR");
  process.exit(2);
}
const problems = [];
const fail = (what) => problems.push(what);
const base = pathToFileURL(outDir + sep).href;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}
const pages = walk(outDir).filter((f) => f.endsWith(".html")).map((f) => relative(outDir, f).split(sep).join("/"));
const fichePage = (variant) =>
  pages.find((f) => f.startsWith("fiches/") && readFileSync(join(outDir, f), "utf8").includes(`fiche--${variant}"`));
const factual = fichePage("factual");
const story = fichePage("storytelling");
const term = pages.find((f) => /^themes\/[^/]+\/index\.html$/.test(f));
if (!factual || !story || !term) fail(`missing a kind of page: ${factual}, ${story}, ${term}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});

// 1. From the disk, links lead to files, and following them shows the pages.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  for (const path of ["index.html", factual, term]) {
    await page.goto(base + path, { waitUntil: "load" });
    const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    for (const href of hrefs) {
      if (!href.startsWith("file:")) continue;
      const file = fileURLToPath(href.split(/[?#]/)[0]);
      if (!existsSync(file) || statSync(file).isDirectory()) fail(`file: ${path}: a link leads to ${href}, not to a page`);
    }
    const action = await page.$eval("form[role=search]", (f) => f.action).catch(() => null);
    if (action && !action.endsWith("/index.html")) fail(`file: ${path}: the search box sends to ${action}`);
  }
  // Following links: the home page, a card, a theme of the fiche, back home.
  try {
    await page.goto(base + "index.html", { waitUntil: "load" });
    // Each link followed to its page loaded, not looked at while it still loads.
    const follow = async (selector) => {
      const from = page.url();
      await page.click(selector);
      await page.waitForURL((url) => url.href !== from, { waitUntil: "load" });
    };
    await follow(".cards .card__title a");
    if (!(await page.$("article.fiche"))) fail(`file: a card's link shows no fiche (${page.url()})`);
    await follow(".fiche__terms .chip");
    if (!(await page.$(".cards"))) fail(`file: a term's link shows no list (${page.url()})`);
    await follow(".brand");
    if (!page.url().endsWith("/index.html")) fail(`file: the site's name leads to ${page.url()}`);
  } catch (e) {
    fail(`file: following links from the home page stopped at ${page.url()}: ${e.message.split("\n")[0]}`);
  }
  for (const e of errors) fail(`file: JavaScript: ${e}`);
  await context.close();
}

// 2. Clear space above and below the content of every kind of page.
// (Not 404.html: it links from the site's address, so it has no style read from the disk.)
const kinds = ["index.html", factual, story, term, "themes/index.html", "tags/index.html", "search/index.html",
  "proposer/index.html", "contribute/index.html", "page/2/index.html"];
for (const width of [1280, 360]) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  for (const path of kinds.filter((p) => p && existsSync(join(outDir, p)))) {
    await page.goto(base + path, { waitUntil: "load" });
    const gaps = await page.evaluate(() => {
      const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
      const main = document.querySelector("main");
      const kids = [...main.children].filter(visible);
      const header = document.querySelector(".site-header").getBoundingClientRect();
      const footer = document.querySelector(".site-footer").getBoundingClientRect();
      return {
        above: kids[0].getBoundingClientRect().top - header.bottom,
        below: footer.top - Math.max(...kids.map((k) => k.getBoundingClientRect().bottom)),
      };
    });
    if (gaps.above < 24) fail(`space: ${path} at ${width} px: ${gaps.above} px between the header and the content`);
    if (gaps.below < 24) fail(`space: ${path} at ${width} px: ${gaps.below} px between the content and the footer`);
  }
  await context.close();
}

// 3. On a phone (360 px), no page is wider than the screen, and a fiche's table of three
// columns or fewer fits its column without scrolling.
{
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  for (const path of pages.filter((p) => p.startsWith("fiches/"))) {
    await page.goto(base + path, { waitUntil: "load" });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > 360) fail(`360 px: ${path} is ${wide} px wide`);
    const tables = await page.$$eval(".prose table", (ts) =>
      ts.map((t) => ({ columns: t.rows[0] ? t.rows[0].cells.length : 0, width: t.scrollWidth, room: t.clientWidth })));
    for (const t of tables.filter((t) => t.columns <= 3 && t.width > t.room)) {
      fail(`360 px: ${path}: a table of ${t.columns} columns scrolls (${t.width} px in ${t.room})`);
    }
  }
  await context.close();
}

// 4. What a page marks `hidden` is not shown: a style giving it a display of its own
// (`.search__filter { display: flex }`) used to show the events filter on a site
// without events.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of kinds.filter((p) => p && existsSync(join(outDir, p)))) {
    await page.goto(base + path, { waitUntil: "load" });
    const shown = await page.$$eval("[hidden]", (els) =>
      els.filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 120)));
    for (const el of shown) fail(`hidden: ${path} shows ${el}`);
  }
  await context.close();
}

// 5. No fiche page shows an image twice.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of pages.filter((p) => p.startsWith("fiches/"))) {
    await page.goto(base + path, { waitUntil: "load" });
    const srcs = await page.$$eval("main img", (imgs) => imgs.map((i) => i.src));
    const twice = srcs.filter((s, i) => srcs.indexOf(s) !== i);
    if (twice.length) fail(`image twice: ${path} shows ${twice[0]} more than once`);
  }
  await context.close();
}

// 6. A fiche prints on one or two A4 pages, without the navigation.
let publicLinks = 0;
{
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of [factual, story]) {
    await page.goto(base + path, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const nav = await page.$eval(".site-header", (h) => getComputedStyle(h).display);
    if (nav !== "none") fail(`print: ${path} prints the navigation`);
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    const count = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) || []).length;
    if (count < 1 || count > 2) fail(`print: ${path} takes ${count} A4 pages (at most 2)`);
    // Without a public address, a link of the site's own prints none: a file:/// path
    // on paper leads nowhere.
    const links = await page.$$eval(".prose a[href]:not([href^='#'])", (as, own) =>
      as.filter((a) => !getComputedStyle(a, "::after").content.includes("/"))
        .filter((a) => !(own && a.href.startsWith("file:")))
        .map((a) => a.getAttribute("href")), !publicBase);
    if (links.length) fail(`print: ${path}: links printed without their address: ${links.join(", ")}`);
    // Opened from the disk, a link prints its public address, never file:///….
    const printed = await page.$$eval(".prose a[data-print]", (as) => as.map((a) => a.dataset.print));
    const local = printed.filter((u) => u.startsWith("file:"));
    if (local.length) fail(`print: ${path}: links printed with a local address: ${local.join(", ")}`);
    publicLinks += printed.filter((u) => publicBase && u.startsWith(publicBase)).length;
  }
  await context.close();
}

if (publicBase && !publicLinks) fail("print: no link of the site's own printed with its public address");
await browser.close();
if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`page checks passed: ${pages.length} pages`);
