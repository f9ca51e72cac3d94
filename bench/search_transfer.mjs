// What a first visit of the search page with a one-word query loads: every file
// (HTML, CSS, scripts, index pieces) and its size, raw and gzipped (as most static
// hosts send text). Serves OUTPUT_DIR on 127.0.0.1 and opens it in Chromium.
//   node bench/search_transfer.mjs OUTPUT_DIR WORD
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("../tests/browser/node_modules/playwright-core");
const [out, word] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  let path = join(out, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
  if (!existsSync(path)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" }).end(readFileSync(path));
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
const files = [];
page.on("response", async (r) => {
  try {
    const body = await r.body();
    files.push({ url: r.url().slice(base.length), raw: body.length, gzip: gzipSync(body).length });
  } catch {}
});
await page.goto(base + "search/?q=" + encodeURIComponent(word), { waitUntil: "networkidle" });
await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false");
const results = await page.$$eval("#search-results li", (l) => l.length);
const status = await page.textContent("#search-status");
await browser.close();
server.close();
const sum = (k) => files.reduce((a, f) => a + f[k], 0);
for (const f of files.sort((a, b) => b.raw - a.raw)) console.log(`  ${(f.raw / 1024).toFixed(1).padStart(7)} KiB  ${(f.gzip / 1024).toFixed(1).padStart(6)} KiB gz  ${f.url}`);
console.log(`search "${word}": ${status.trim()} (${results} shown); ${files.length} files, ${(sum("raw") / 1024).toFixed(0)} KiB raw, ${(sum("gzip") / 1024).toFixed(0)} KiB gzipped`);
