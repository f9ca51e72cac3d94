// The search page does not move under the reader's eyes as its results arrive:
// the layout shifts Chromium reports (PerformanceObserver, "layout-shift") add up
// to 0 on a phone (412 px, as Lighthouse's mobile run) and on a wide screen, over
// HTTP and from the disk; and every result of a word of the body shows a passage
// with the word marked, on every page of results, over HTTP and from the disk
// (past the first ten of a word, the passage comes from the fiche's own page:
// fetched, or read through a hidden frame from the disk).
// Usage: node search_layout.mjs SITE_OUTPUT WORD FILTER (a filter the word's
// results pass, as in the address: variant=storytelling)
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";

const [out, word, filter] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  let path = join(out, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
  if (!existsSync(path)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" }).end(readFileSync(path));
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const http = `http://127.0.0.1:${server.address().port}/search/`;
const disk = "file://" + join(out, "search", "index.html");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const failures = [];
const screens = [
  { name: "phone", viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: "wide", viewport: { width: 1280, height: 800 } },
];
for (const screen of screens) {
  for (const [where, base] of [["http", http], ["disk", disk]]) {
    for (const query of ["?q=" + encodeURIComponent(word), "?q=" + encodeURIComponent(word) + "&" + filter]) {
      const { name, ...options } = screen;
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      // Every shift from the first paint on, kept where the test can read it.
      await page.addInitScript(() => {
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            window.__shifts.push({
              value: e.value,
              input: e.hadRecentInput,
              nodes: (e.sources || []).map((s) => (s.node && s.node.nodeName ? s.node.nodeName + "." + (s.node.className || "") : "?")),
            });
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(base + query);
      await page.waitForFunction(() => {
        const list = document.getElementById("search-results");
        return list.getAttribute("aria-busy") === "false" && list.dataset.search === location.search;
      });
      // Two frames: the results laid out and painted, their shifts (if any) reported.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const shifts = await page.evaluate(() => window.__shifts.filter((s) => !s.input));
      const total = shifts.reduce((a, s) => a + s.value, 0);
      const label = `${name} ${where} ${query}`;
      if (total !== 0) failures.push(`${label}: layout shift ${total.toFixed(4)} (${JSON.stringify(shifts)})`);
      // Every page of results.
      while (await page.isVisible("#search-more")) {
        const shown = await page.$$eval("#search-results li", (l) => l.length);
        await page.click("#search-more");
        await page.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, shown);
      }
      const results = await page.$$eval("#search-results li", (items) =>
        items.map((li) => ({
          marks: li.querySelectorAll(".card__summary mark").length,
          text: li.textContent,
          partner: li.querySelector(".badge--partner") !== null,
          passage: (li.querySelector(".card__summary") || { textContent: "" }).textContent,
        })),
      );
      if (results.length === 0) failures.push(`${label}: no result`);
      // A partner's fiche ([[sources]]) has a passage only when it is among the
      // first ten of its word the index keeps passages for: its page is on
      // another site, never read. The site's own always have one.
      for (const r of results.filter((r) => !r.partner)) {
        if (r.marks === 0) failures.push(`${label}: a result without a marked passage: ${r.text.slice(0, 120)}`);
      }
      // A footnote's call is no part of a passage: its number would stick to the
      // word it follows (« économique1 ? »), from the index as from a page.
      for (const r of results) {
        const glued = r.passage.match(/\p{Ll}{2,}\d+(?=[\s.,;:!?)»]|$)/u);
        if (glued) failures.push(`${label}: a footnote's number in a passage (${glued[0]}): ${r.passage.slice(0, 160)}`);
      }
      // The hidden frames that read the fiches' pages are gone.
      const frames = await page.$$eval("iframe", (l) => l.length);
      if (frames) failures.push(`${label}: ${frames} frames left in the page`);
      for (const e of errors) failures.push(`${label}: JavaScript: ${e}`);
      await context.close();
    }
  }
}
await browser.close();
server.close();
if (failures.length) {
  console.log(failures.join("\n"));
  process.exit(1);
}
console.log("search layout checks passed");
