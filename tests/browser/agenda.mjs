// Browser check of the agenda page at 360 px, opened from the disk (file:):
//   node agenda.mjs OUTPUT_DIR
// The page's clock is set to 25 January 2027: the script must take the peer group's
// 7 January date out (the series goes on), move the cancelled 21 January exchange to
// the past, keep the February dates; the theme filter must show only its dates and
// say how many; nothing may be wider than the screen.
// Exits 1 with a list of problems, 0 when everything holds.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node agenda.mjs OUTPUT_DIR");
  process.exit(2);
}
const problems = [];
const fail = (what) => problems.push(what);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
const page = await context.newPage();
await page.clock.setFixedTime(new Date("2027-01-25T12:00:00+01:00"));
await page.goto(pathToFileURL(join(outDir, "agenda", "index.html")).href);

const series = (section) =>
  page.$$eval(`#agenda-${section} .agenda-item:not([hidden])`, (items) =>
    items.map((i) => `${i.dataset.series} ${i.dataset.end.slice(0, 10)}`),
  );
const upcoming = await series("upcoming");
const past = await series("past");
if (upcoming.some((s) => s.endsWith("2027-01-07") || s.endsWith("2027-01-21")))
  fail(`passed dates still upcoming: ${upcoming}`);
if (upcoming[0] !== "groupe-de-pairs-coordinatrices 2027-02-04") fail(`first upcoming: ${upcoming[0]}`);
if (past[0] !== "comptoir-des-projets-janvier 2027-01-21") fail(`first past: ${past}`);
if (past.some((s) => s.startsWith("groupe-de-pairs"))) fail(`a series that goes on went to the past: ${past}`);
if (!past.some((s) => s.startsWith("soiree-debat-bien-etre-au-travail-2022"))) fail(`the 2022 evening is not past: ${past}`);
const january = await page.$eval("#agenda-upcoming .agenda__month", (m) => m.hidden);
if (!january) fail("January 2027, now empty, is still shown");

// The filters: shown by the script, one theme's dates only, counted.
if (!(await page.isVisible("#agenda-filters"))) fail("the filters are hidden");
await page.selectOption("#agenda-theme", "participation-des-habitants");
const shown = [...(await series("upcoming")), ...(await series("past"))];
if (shown.length !== 1 || !shown[0].startsWith("echange-de-pratiques-en-visio")) fail(`filtered: ${shown}`);
const count = await page.textContent(".agenda__count");
if (count !== "1 date") fail(`count: ${count}`);
if (!page.url().endsWith("?theme=participation-des-habitants")) fail(`address: ${page.url()}`);
const pastNone = await page.isVisible("#agenda-past .agenda__none");
if (!pastNone) fail("no past event of the theme, and the page does not say so");

const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
if (width > 360) fail(`the page is ${width} px wide at 360 px`);
await browser.close();
if (problems.length) {
  console.log(problems.join("\n"));
  process.exit(1);
}
console.log("agenda checks passed");
