// The search pools the fiches of partner sites ([[sources]]) with the site's own:
// one search finds both, each result says its source (« publiée par X » for a
// partner's, linking to the partner's own page; « Ce réseau » for the site's,
// linking to its page here), and the filter by source keeps one or the other.
// Checked over HTTP and from the disk.
// Usage: node partners.mjs SITE_OUTPUT WORD PARTNER PARTNER_SITE_URL
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { chromium } from "playwright-core";

const [out, word, partner, partnerSite] = process.argv.slice(2);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  let path = join(out, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
  if (!existsSync(path)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" }).end(readFileSync(path));
}).listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const roots = [
  ["http", `http://127.0.0.1:${server.address().port}/`, "search/"],
  ["disk", "file://" + out + "/", "search/index.html"],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

// The results shown: each one's link and the badges that say its source.
async function results(page) {
  await page.waitForFunction(() => {
    const list = document.getElementById("search-results");
    return list.getAttribute("aria-busy") === "false" && list.dataset.search === location.search;
  });
  return page.$$eval("#search-results li", (items) =>
    items.map((li) => ({
      href: li.querySelector(".card__title a").href,
      title: li.querySelector(".card__title").textContent.trim(),
      partner: (li.querySelector(".badge--partner") || {}).textContent || null,
      here: (li.querySelector(".badge--here") || {}).textContent || null,
    })),
  );
}

for (const [where, root, search] of roots) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(root + search + "?q=" + encodeURIComponent(word));
  const all = await results(page);
  const theirs = all.filter((r) => r.partner);
  const ours = all.filter((r) => r.here);
  if (theirs.length === 0) fail(where, `no partner fiche found for « ${word} »: ${JSON.stringify(all)}`);
  if (ours.length === 0) fail(where, `no fiche of the site found for « ${word} »: ${JSON.stringify(all)}`);
  if (theirs.length + ours.length !== all.length) fail(where, `a result without its source: ${JSON.stringify(all)}`);
  for (const r of theirs) {
    if (r.partner !== `publiée par ${partner}`) fail(where, `partner badge « ${r.partner} »`);
    if (!r.href.startsWith(partnerSite)) fail(where, `a partner's fiche links to ${r.href}, not to ${partnerSite}`);
  }
  for (const r of ours) {
    if (r.here !== "Ce réseau") fail(where, `the site's badge « ${r.here} »`);
    if (!r.href.startsWith(root + "fiches/")) fail(where, `a fiche of the site links to ${r.href}`);
  }
  // The filter by source: the partner, then the site itself.
  const options = await page.$$eval("#search-source option", (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  const mine = options.find((o) => o.value && o.value !== partner);
  if (!options.some((o) => o.value === partner)) fail(where, `no option for ${partner}: ${JSON.stringify(options)}`);
  if (!mine || !mine.text.startsWith("Ce réseau")) fail(where, `no option for the site: ${JSON.stringify(options)}`);
  await page.selectOption("#search-source", partner);
  const onlyTheirs = await results(page);
  if (onlyTheirs.length !== theirs.length || onlyTheirs.some((r) => !r.partner))
    fail(where, `filtered by ${partner}: ${JSON.stringify(onlyTheirs)}`);
  if (new URL(page.url()).searchParams.get("source") !== partner) fail(where, `the address does not keep the filter: ${page.url()}`);
  if (mine) {
    await page.selectOption("#search-source", mine.value);
    const onlyOurs = await results(page);
    if (onlyOurs.length !== ours.length || onlyOurs.some((r) => !r.here))
      fail(where, `filtered by the site: ${JSON.stringify(onlyOurs)}`);
  }
  // A shared address chooses the filter again.
  await page.goto(root + search + "?q=" + encodeURIComponent(word) + "&source=" + encodeURIComponent(partner));
  const shared = await results(page);
  if (shared.length !== theirs.length) fail(where, `a shared address with the filter shows ${shared.length} results`);
  if ((await page.inputValue("#search-source")) !== partner) fail(where, "the shared filter is not chosen");
  if (errors.length) fail(where, errors.join("; "));
  console.log(`${where}: « ${word} » finds ${ours.length} fiches of the site and ${theirs.length} of ${partner}`);
  await mapToTerm(page, where, root);
  await page.close();
}

// The map counts the partner's fiches with the site's: an area that has some leads
// to its territory's page, where the partner's fiches are listed « publiée par »
// the partner and link to its site; the search filtered on that territory finds
// the site's and the partner's.
async function mapToTerm(page, where, root) {
  await page.goto(root + (where === "disk" ? "carte/index.html" : "carte/"));
  const area = page.locator("svg a[aria-label*=\"partenaire\"]").first();
  if ((await area.count()) === 0) return fail(where, "no area of the map counts a partner's fiche");
  const label = await area.getAttribute("aria-label");
  await Promise.all([page.waitForNavigation(), area.click()]);
  const cards = await page.$$eval(".term-partners .card", (cs) =>
    cs.map((c) => ({ badge: c.querySelector(".badge--partner")?.textContent, href: c.querySelector(".card__title a")?.href })),
  );
  if (cards.length === 0) fail(where, `the page of « ${label} » lists no partner fiche (${page.url()})`);
  for (const c of cards) {
    if (c.badge !== `publiée par ${partner}`) fail(where, `term page: partner badge « ${c.badge} »`);
    if (!c.href || !c.href.startsWith(partnerSite)) fail(where, `term page: a partner's fiche links to ${c.href}`);
  }
  const name = label.split(/[\s\u00a0\u202f]*:/)[0].trim();
  await page.goto(root + (where === "disk" ? "search/index.html" : "search/") + "?territory=" + encodeURIComponent(name));
  const found = await results(page);
  if (!found.some((r) => r.partner) || !found.some((r) => r.here))
    fail(where, `the search on territory « ${name} » misses a source: ${JSON.stringify(found)}`);
  console.log(`${where}: the map's « ${label} » leads to ${cards.length} partner fiches; the search on it finds ${found.length}`);
}

await browser.close();
server.close();
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("partner search checks passed");
