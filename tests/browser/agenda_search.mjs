// Browser check of the search's « Événements » filter at 360 px, from the disk (file:):
//   node agenda_search.mjs OUTPUT_DIR
// The page's clock is set to 25 January 2027: « À venir » (?when=upcoming, the agenda's
// link past its hundred dates) lists the February visio and the peer group (its series
// goes on), not the cancelled 21 January exchange nor the 2022 evening; « Passés »
// (?when=past) the other way round. Upcoming and past are the reader's clock's, not
// the build's. Exits 1 with a list of problems, 0 when everything holds.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node agenda_search.mjs OUTPUT_DIR");
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
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
await page.clock.setFixedTime(new Date("2027-01-25T12:00:00+01:00"));

async function found(when) {
  const url = pathToFileURL(join(outDir, "search", "index.html")).href + "?when=" + when;
  await page.goto(url);
  // The results are those of the search in the address once the list says so.
  await page.waitForFunction(() => {
    const list = document.getElementById("search-results");
    return list && list.getAttribute("aria-busy") === "false" && list.dataset.search === location.search;
  }, null, { timeout: 60000 });
  if ((await page.inputValue("#search-when")) !== when) fail(`?when=${when} does not set the filter`);
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  if (width > 360) fail(`?when=${when}: the page is ${width} px wide at 360 px`);
  return page.$$eval("#search-results li a[href]", (links) => links.map((a) => a.getAttribute("href")));
}
const has = (links, slug) => links.some((h) => h.includes(`/${slug}/`));

const upcoming = await found("upcoming");
for (const slug of ["echange-de-pratiques-en-visio", "groupe-de-pairs-coordinatrices"])
  if (!has(upcoming, slug)) fail(`upcoming lacks ${slug}: ${upcoming}`);
for (const slug of ["comptoir-des-projets-janvier", "soiree-debat-bien-etre-au-travail-2022", "jardin-partage-des-buissons"])
  if (has(upcoming, slug)) fail(`upcoming has ${slug}`);
const past = await found("past");
for (const slug of ["comptoir-des-projets-janvier", "soiree-debat-bien-etre-au-travail-2022"])
  if (!has(past, slug)) fail(`past lacks ${slug}: ${past}`);
for (const slug of ["echange-de-pratiques-en-visio", "groupe-de-pairs-coordinatrices", "jardin-partage-des-buissons"])
  if (has(past, slug)) fail(`past has ${slug}`);
for (const e of errors) fail(`JavaScript: ${e}`);
await browser.close();
if (problems.length) {
  console.log(problems.join("\n"));
  process.exit(1);
}
console.log("agenda search checks passed");
