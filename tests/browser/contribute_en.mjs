// The English contribution form ("Contribute a sheet") from the disk, at 360 px: an
// event whose end comes before its start is refused at the end's field, in English,
// with a link to it in the summary; once the end is after the start, the sheet is
// ready. Run by tests/contribute_form.rs on a built English site:
//   node contribute_en.mjs OUTPUT_DIR [SCREENSHOT_PREFIX]
// Exits 1 with a list of problems, 0 when everything holds.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [outDir, shots] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node contribute_en.mjs OUTPUT_DIR [SCREENSHOT_PREFIX]");
  process.exit(2);
}
const problems = [];
const expect = (ok, what) => {
  if (!ok) problems.push(what);
  return ok;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
await page.goto(pathToFileURL(join(outDir, "contribute", "index.html")).href, { waitUntil: "load" });
await page.evaluate(() => localStorage.clear());
await page.reload({ waitUntil: "load" });

const submit = () => page.click("form.contribute-form button[type=submit]");
const describedBy = (id) => page.evaluate((id) => (document.getElementById(id)?.getAttribute("aria-describedby") || "")
  .split(" ").map((x) => document.getElementById(x)?.textContent || "").join(" "), id);

await page.check("#f-variant-event");
await page.fill("#f-title", "Evening debate: working together");
await page.fill("#f-date-day", "12");
await page.fill("#f-date-month", "3");
await page.fill("#f-date-year", "2026");
await page.fill("#f-summary", "An evening to say what helps organisations work together.");
await page.focus("#f-organizers");
await page.keyboard.type("Network of participation workers");
await page.keyboard.press("Enter");
await page.fill("#f-start", "2026-03-12T19:00");
await page.fill("#f-end", "2026-03-12T18:59");
await page.fill("#f-town", "Lyon");
await page.fill("#f-section-1", "Testimonies, then a debate.");
await submit();

const said = "The end comes before the start: an event ends after it starts.";
const links = await page.$$eval(".error-summary a", (as) => as.map((a) => [a.getAttribute("href"), a.textContent]));
expect(JSON.stringify(links) === JSON.stringify([["#f-end", said]]),
  `the summary should link to the end alone, in English: ${JSON.stringify(links)}`);
expect((await page.title()).startsWith("Error"), `the page title does not say there is an error: ${await page.title()}`);
const described = await describedBy("f-end");
expect(described.includes(said), `the end's field is not described by its error: ${described}`);
expect(!/[«»]|vient avant|début/.test(described + JSON.stringify(links)), `French in the English form: ${described}`);
const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
expect(wide <= 1, `the form with its error scrolls sideways by ${wide} px`);
if (shots) await page.screenshot({ path: `${shots}-error.png`, fullPage: true });

// The same end after the start: no error left, the sheet is ready.
await page.fill("#f-end", "2026-03-12T21:30");
await submit();
expect(await page.locator(".error-summary:not(.error-summary--warning)").isHidden().catch(() => true)
  || (await page.$$(".error-summary a[href='#f-end']")).length === 0, "the end's error stays once the end is after the start");
expect(await page.isVisible("#fiche-result"), `no sheet once the end is after the start: ${await page.locator(".error-summary").textContent().catch(() => "")}`);
expect((await page.textContent("#fiche-result-title")) === "Your sheet is ready", `the result says « ${await page.textContent("#fiche-result-title").catch(() => "")} »`);
if (shots) await page.screenshot({ path: `${shots}-ready.png`, fullPage: true });

for (const e of errors) problems.push(`JavaScript: ${e}`);
await browser.close();
if (problems.length) {
  console.log(problems.map((p) => "- " + p).join("\n"));
  process.exit(1);
}
console.log("english contribute checks passed");
