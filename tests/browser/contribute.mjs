// The contribution form ("Proposer une fiche") in a real browser:
//   node contribute.mjs OUTPUT_DIR SUB_PATH DOWNLOAD_DIR
// OUTPUT_DIR is a built site whose fiches.toml declares the `job` variant of
// tests/contribute_form.rs, a contribute_email and a GitHub repository. For each
// variant (factual, storytelling, job):
// - submitting the empty form lists the required fields in an error summary that
//   takes the focus, and each of its links focuses its field;
// - axe finds no violation with the errors shown (light and dark);
// - the form is filled by typing and with the keyboard, checked, and its file
//   downloaded into DOWNLOAD_DIR (the Rust test then runs `fiches check` on it);
// - the mailto: and forge links have the expected shape and carry the file;
// - nothing scrolls sideways at 360 px.
// Also: what is typed survives a reload, "start over" empties the form, the page
// works from file://, the edit mode posts its values (and a cover photo) and shows
// the answer's errors,
// and GitLab's and Forgejo's "new file" links are right (a long fiche left out of them).
// Exits 1 with a list of problems, 0 when everything holds.
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, mkdirSync } from "node:fs";
import { join, extname } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [outDir, subPathArg, downloadDir] = process.argv.slice(2);
if (!outDir || !subPathArg || !downloadDir) {
  console.error("usage: node contribute.mjs OUTPUT_DIR SUB_PATH DOWNLOAD_DIR");
  process.exit(2);
}
mkdirSync(downloadDir, { recursive: true });
const subPath = ("/" + subPathArg + "/").replace(/\/+/g, "/");
const problems = [];
const fail = (what) => problems.push(what);
const expect = (ok, what) => {
  if (!ok) fail(what);
  return ok;
};

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".svg": "image/svg+xml",
};
function fileFor(urlPath) {
  if (!urlPath.startsWith(subPath)) return null;
  const rel = decodeURIComponent(urlPath.slice(subPath.length));
  if (rel.includes("..")) return null;
  let file = join(outDir, rel);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  return existsSync(file) && statSync(file).isFile() ? file : null;
}
const server = createServer((req, res) => {
  const file = fileFor(new URL(req.url, "http://x").pathname);
  if (!file) {
    res.writeHead(404, { "Content-Type": types[".html"] });
    return res.end("not found");
  }
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const base = origin + subPath;
const formUrl = base + "proposer/";
const fileUrl = pathToFileURL(join(outDir, "proposer", "index.html")).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function newPage(options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(origin + "/") && !url.startsWith("file://") && !url.startsWith("data:") && !url.startsWith("blob:")) {
      errors.push(`request outside the site: ${url}`);
    }
  });
  page.on("dialog", (d) => d.accept());
  return { page, errors, context };
}

async function axe(page, what, errors) {
  const before = errors.length;
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  // From file://, axe's own attempt to read the stylesheets is refused: not the page's fault.
  if (page.url().startsWith("file:")) {
    const own = errors.splice(before).filter((e) => !/CORS policy|net::ERR_FAILED/.test(e));
    errors.push(...own);
  }
  for (const v of result.violations) {
    fail(`axe ${what}: ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }
}

async function noSideScroll(page, what) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide <= 1, `360 px: ${what} scrolls sideways by ${wide} px`);
  await page.setViewportSize(size);
}

const submit = (page) => page.click("form.contribute-form button[type=submit]");

/** Submits the form as it is and checks its error summary against `expected` ids. */
async function checkErrors(page, what, expected) {
  await submit(page);
  const summary = page.locator(".error-summary");
  if (!expect(await summary.isVisible(), `${what}: no error summary`)) return;
  expect((await summary.getAttribute("role")) === "alert", `${what}: the error summary is not role=alert`);
  expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary")),
    `${what}: the error summary does not take the focus`);
  const links = await page.$$eval(".error-summary a", (as) => as.map((a) => [a.getAttribute("href"), a.textContent]));
  const hrefs = links.map(([href]) => href);
  for (const id of expected) expect(hrefs.includes("#" + id), `${what}: the error summary has no link to #${id}: ${JSON.stringify(links)}`);
  expect(hrefs.length === expected.length, `${what}: the error summary lists ${hrefs.length} problems, not ${expected.length}: ${JSON.stringify(links)}`);
  expect((await page.title()).startsWith("Erreur"), `${what}: the page title does not say there is an error`);
  for (const [i, href] of hrefs.entries()) {
    await page.locator(".error-summary a").nth(i).click();
    const focused = await page.evaluate(() => document.activeElement?.id);
    expect(focused === href.slice(1), `${what}: the link to ${href} focuses #${focused}`);
    const described = await page.evaluate((id) => {
      const el = document.getElementById(id);
      return (el.getAttribute("aria-describedby") || "").split(" ")
        .map((x) => document.getElementById(x)?.textContent || "").join(" ");
    }, href.slice(1));
    expect(/Erreur/.test(described), `${what}: #${href.slice(1)} is not described by its error message`);
  }
  expect(await page.locator("#fiche-result").count() === 0, `${what}: a file is offered although the form has errors`);
}

/** Adds the items of an open list with the keyboard. */
async function typeList(page, id, items) {
  for (const item of items) {
    await page.focus("#" + id);
    await page.keyboard.type(item);
    await page.keyboard.press("Enter");
  }
}

async function chips(page, key) {
  return page.$$eval(`#f-${key}-box .chip__text`, (els) => els.map((e) => e.textContent));
}

async function typeDate(page, key, d, m, y) {
  await page.fill(`#f-${key}-day`, "");
  await page.focus(`#f-${key}-day`);
  await page.keyboard.type(d);
  await page.keyboard.press("Tab");
  await page.keyboard.type(m);
  await page.keyboard.press("Tab");
  await page.keyboard.type(y);
}

/**
 * Checks the result: the fiche's summary, the file, the download, the mailto: and
 * forge links. `warned`: the ids of the empty recommended parts, which `fiches
 * check` would warn of: the fiche is then not called ready until asked.
 */
async function takeFile(page, what, { mailtoWhole, warned }) {
  await submit(page);
  const warning = page.locator(".error-summary--warning");
  if (warned.length) {
    if (!expect(await warning.isVisible(), `${what}: no warning for the empty recommended parts`)) return null;
    expect(await page.locator("#fiche-result").count() === 0, `${what}: the fiche is ready although check would warn`);
    const links = await page.$$eval(".error-summary--warning a", (as) => as.map((a) => a.getAttribute("href").slice(1)));
    expect(JSON.stringify(links) === JSON.stringify(warned), `${what}: the warnings lead to ${links}, not ${warned}`);
    // Each field explains its warning; the list at the top only names what is empty.
    const said = await page.$$eval(".error-summary--warning li", (lis) => lis.map((li) => li.textContent));
    expect(said.every((t) => /^La partie «\u00a0[^»]+\u00a0» est vide\.$/.test(t)),
      `${what}: the warnings' list says more than what is empty: ${JSON.stringify(said)}`);
    await page.click("#fiche-anyway");
    expect(!(await page.isVisible(".error-summary")), `${what}: the warnings' box stays after « Préparer quand même »`);
    expect(await page.locator(".field__warning").count() > 0, `${what}: the warnings by their fields went with the box`);
  } else expect(!(await warning.isVisible()), `${what}: a warning although every part is written`);
  const result = page.locator("#fiche-result");
  if (!expect(await result.isVisible(), `${what}: no result after a valid submit: ${await page.locator(".error-summary").textContent().catch(() => "")}`)) return null;
  expect(await page.evaluate(() => document.activeElement?.id === "fiche-result-title"), `${what}: the result does not take the focus`);
  const heading = await page.textContent("#fiche-result-title");
  expect(heading === (warned.length ? "Votre fiche, à compléter" : "Votre fiche est prête"), `${what}: the result says « ${heading} »`);
  const text = await page.inputValue("#fiche-file");
  expect(text.startsWith("+++\ntitle = ") && text.includes("\ndraft = true\n"), `${what}: the file does not look like a draft fiche:\n${text}`);
  // The author reads a summary in words; the file is there on demand.
  expect(!(await page.isVisible("#fiche-file")), `${what}: the file is shown before it is asked for`);
  const title = text.match(/^title = "(.*)"$/m)[1].replace(/\\(.)/g, "$1");
  const recap = await page.$$eval(".result__summary dt", (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
  expect(recap.some(([k, v]) => k === "Titre" && v === title), `${what}: the summary does not show the title: ${JSON.stringify(recap)}`);
  expect(!recap.some(([k]) => /^[a-z_]+$/.test(k)), `${what}: the summary shows a key, not a label: ${JSON.stringify(recap)}`);
  await page.click(".result__details > summary");
  expect(await page.isVisible("#fiche-file"), `${what}: « Voir le fichier » does not show the file`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#fiche-download")]);
  const name = download.suggestedFilename();
  const saved = join(downloadDir, name);
  await download.saveAs(saved);
  expect(readFileSync(saved, "utf8") === text, `${what}: the downloaded file differs from the preview`);
  const slug = name.replace(/\.md$/, "");
  expect(/^[a-z0-9]+(-[a-z0-9]+)*\.md$/.test(name), `${what}: file name ${name}`);

  const mailto = await page.getAttribute("#fiche-email", "href");
  const mail = new URL(mailto);
  expect(mail.protocol === "mailto:" && mail.pathname === "redaction@exemple.org", `${what}: mailto address: ${mailto}`);
  const params = new URLSearchParams(mailto.split("?")[1]);
  expect((params.get("subject") || "").includes(text.match(/^title = "(.*)"$/m)[1].slice(0, 10)), `${what}: mailto subject: ${params.get("subject")}`);
  if (mailtoWhole) {
    // Chromium here runs on Linux: Gmail's handler sets the limit (contribute-model.js).
    expect(mailto.length <= 6000, `${what}: mailto is ${mailto.length} characters long`);
    expect(params.get("body")?.replace(/\r\n/g, "\n") === text, `${what}: the mailto body is not the file`);
  } else {
    expect(!params.has("body"), `${what}: a long fiche still goes in the mailto body (${mailto.length} characters)`);
    expect((await page.locator("#fiche-email").locator("xpath=../following-sibling::p").textContent()).includes(name),
      `${what}: a long fiche's e-mail hint does not name the file to attach`);
  }

  const forge = await page.getAttribute("#fiche-forge", "href");
  const expectedStart = `https://github.com/reseau/fiches/new/main?filename=${encodeURIComponent("content/" + slug + ".md")}&value=`;
  expect(forge.startsWith(expectedStart), `${what}: forge link ${forge.slice(0, 120)}`);
  expect(new URL(forge).searchParams.get("value") === text, `${what}: the forge link does not carry the file`);
  return { name, text };
}

const files = [];

// 1. A factual fiche, over HTTP, on Windows (as the page sees it): a text over its
// 2,040 characters (the mailto: link leaves the body out).
{
  const what = "factual";
  const { page, errors, context } = await newPage();
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "platform", { get: () => "Win32" });
    Object.defineProperty(Navigator.prototype, "userAgentData", { get: () => ({ platform: "Windows", mobile: false, brands: [] }) });
  });
  await page.goto(formUrl, { waitUntil: "load" });
  await page.evaluate(() => localStorage.clear());
  await page.reload({ waitUntil: "load" });
  // Nothing the page leaves out shows as a word ("null", "undefined").
  const bare = await page.$$eval(".contribute-form > *, .contribute-form", (els) =>
    els.flatMap((e) => [...e.childNodes]).filter((n) => n.nodeType === 3 && /\b(null|undefined)\b/.test(n.textContent)).length);
  expect(bare === 0, `${what}: the form shows "null" or "undefined" as text`);
  await checkErrors(page, what + " (no variant)", ["f-variant-factual"]);
  await page.focus("#f-variant-factual");
  await page.keyboard.press("Space");
  expect(await page.isChecked("#f-variant-factual"), "factual: Space does not choose the variant");
  await checkErrors(page, what, ["f-title", "f-date-day", "f-summary", "f-authors"]);
  await axe(page, "factual form with errors (light)", errors);
  await noSideScroll(page, "factual form with errors");
  // A date that does not exist, a summary too long (a warning only).
  await page.fill("#f-title", "Un café des parents à l'école Jules-Ferry");
  await typeDate(page, "date", "31", "4", "2024");
  await page.fill("#f-summary", "Chaque vendredi matin, les parents se retrouvent autour d'un café. ".repeat(6));
  await page.fill("#f-collective", "Collectif des parents");
  await submit(page);
  const links = await page.$$eval(".error-summary a", (as) => as.map((a) => a.getAttribute("href")));
  expect(JSON.stringify(links) === JSON.stringify(["#f-date-day"]), `factual: 31/4/2024 should be the only error: ${links}`);
  // A title whose address a published fiche already has (content/jardin.md).
  await page.fill("#f-title", "Jardin");
  await submit(page);
  const taken = await page.locator(".error-summary").textContent();
  expect(taken.includes("porte déjà l’adresse «\u00a0jardin\u00a0»"), `factual: a taken address is not reported: ${taken}`);
  // Letters NFKD keeps whole are spelled as fiches spells them: « Cømptoir » has the
  // address of content/comptoir.md.
  await page.fill("#f-title", "Cømptoir");
  await submit(page);
  const spelled = await page.locator(".error-summary").textContent();
  expect(spelled.includes("porte déjà l’adresse «\u00a0comptoir\u00a0»"), `factual: ø is not spelled as fiches spells it: ${spelled}`);
  // A title in a script the form cannot spell is not refused (its file is named
  // after a hash of it).
  await page.fill("#f-title", "Кафе родителей");
  await submit(page);
  expect(await page.locator("#f-title-box .field__error").count() === 0, "factual: a Cyrillic title is refused");
  await page.fill("#f-title", "Un café des parents à l'école Jules-Ferry");
  expect(await page.locator("#f-summary-box .field__warning").isVisible(), "factual: no warning for a summary over 300 characters");
  await typeDate(page, "date", "12", "9", "2023");
  await page.fill("#f-summary", "Chaque vendredi matin, les parents se retrouvent autour d'un café à l'école.");
  await typeList(page, "f-authors", ["Maëlle", "Karim"]);
  await page.fill("#f-organization", "Association \"Les Tilleuls\" \\ quartier nord");
  await page.fill("#f-territory", "Chambéry");
  await page.check("#f-themes-0");
  await typeList(page, "f-tags", ["QUARTIER", "école", "quartier"]);
  const tags = await chips(page, "tags");
  expect(JSON.stringify(tags) === JSON.stringify(["quartier", "école"]), `factual: tags ${JSON.stringify(tags)} (the site's spelling, no repeat)`);
  // Removing a chip with the keyboard.
  await typeList(page, "f-tags", ["à retirer"]);
  await page.focus("#f-tags-box .chip:last-child .chip__remove");
  await page.keyboard.press("Enter");
  expect((await chips(page, "tags")).length === 2, "factual: a chip is not removed by its button");
  await page.fill("#f-period", "Septembre 2023 – juin 2024");
  await typeList(page, "f-audience", ["Parents d'élèves"]);
  await page.focus("#f-partners");
  await page.keyboard.type("Centre social"); // not added with Enter: added by the submit
  await page.fill("#f-section-1", "Les parents ne se croisaient qu'à la grille.\n\n- une salle\n- du café");
  await page.fill("#f-section-3", "Un café, chaque vendredi. ".repeat(80));
  await page.fill("#f-section-5", "Voir [le site de l'école](https://exemple.org/ecole).");
  const got = await takeFile(page, what, { mailtoWhole: false, warned: ["f-section-2", "f-section-4"] });
  if (got) {
    files.push(got.name);
    expect(got.text.includes('partners = ["Centre social"]'), "factual: text left in a list box is not added on submit");
    expect(got.text.includes('organization = "Association \\"Les Tilleuls\\" \\\\ quartier nord"'), "factual: quotes and backslashes are not escaped");
    expect(got.text.includes("date = 2023-09-12\n"), "factual: the date is not written bare");
    expect(got.text.includes("\n## Contexte\n\nLes parents") && !got.text.includes("## Objectifs"), "factual: sections are not written as they should");
  }
  await axe(page, "factual form with its file (light)", errors);
  await noSideScroll(page, "factual form with its file");
  for (const e of errors) fail(`JavaScript (factual): ${e}`);
  await context.close();
}

// 2. A story with one testimony, over HTTP; it survives a reload; dark scheme.
{
  const what = "storytelling";
  const { page, errors, context } = await newPage({ colorScheme: "dark" });
  await page.goto(formUrl, { waitUntil: "load" });
  await page.evaluate(() => localStorage.clear());
  await page.reload({ waitUntil: "load" });
  await page.focus("#f-variant-factual");
  await page.keyboard.press("ArrowDown");
  expect(await page.isChecked("#f-variant-storytelling"), "storytelling: the arrow key does not choose the variant");
  await page.click("#f-testimonies-add");
  expect(await page.evaluate(() => document.activeElement?.id) === "f-t1-quote", "storytelling: adding a testimony does not focus it");
  await page.keyboard.type("Au début je venais pour le café.");
  await checkErrors(page, what, ["f-title", "f-date-day", "f-summary", "f-authors", "f-t1-name", "f-t1-consent"]);
  await axe(page, "storytelling form with errors (dark)", errors);
  await noSideScroll(page, "storytelling form with errors");
  await page.fill("#f-title", "Le jardin des Buissons");
  await typeDate(page, "date", "10", "06", "2023");
  await page.fill("#f-summary", "Un coin de pelouse est devenu un jardin.");
  await page.fill("#f-collective", "Les jardiniers des Buissons");
  await page.fill("#f-t1-name", "Nadia");
  await page.fill("#f-t1-role", "habitante du quartier");
  await page.focus("#f-t1-consent");
  await page.keyboard.press("Space");
  await page.check("#f-themes-0");
  await typeList(page, "f-tags", ["Jardin"]);
  await page.fill("#f-section-2", "Tout a commencé un jeudi.");
  // A second testimony, added then removed.
  await page.click("#f-testimonies-add");
  await page.click("#f-t2-box button");
  expect(await page.locator("#f-t2-box").count() === 0, "storytelling: a testimony is not removed");
  // Closing the tab loses nothing: once what was typed last is kept (soon after
  // typing), the page is reloaded.
  await page.waitForFunction(() => {
    const kept = JSON.parse(localStorage.getItem("fiches-form:" + location.pathname) || "{}");
    return JSON.stringify(kept).includes("Tout a commencé un jeudi.") && kept.testimonies?.length === 1;
  });
  await page.reload({ waitUntil: "load" });
  expect(await page.isChecked("#f-variant-storytelling"), "reload: the variant is lost");
  expect(await page.inputValue("#f-title") === "Le jardin des Buissons", "reload: the title is lost");
  expect(await page.inputValue("#f-t1-quote") === "Au début je venais pour le café.", "reload: the testimony is lost");
  expect(await page.isChecked("#f-t1-consent"), "reload: the consent is lost");
  expect(await page.inputValue("#f-section-2") === "Tout a commencé un jeudi.", "reload: the text is lost");
  expect(await page.inputValue("#f-date-month") === "06", "reload: the date is lost");
  expect(await page.locator(".contribute-restored").isVisible(), "reload: nothing says the form was restored");
  expect(await page.isChecked("#f-themes-0"), "reload: the theme is lost");
  expect(JSON.stringify(await chips(page, "tags")) === JSON.stringify(["jardin"]), `reload: tags ${await chips(page, "tags")}`);
  const got = await takeFile(page, what, { mailtoWhole: true, warned: ["f-section-1", "f-section-3"] });
  if (got) {
    files.push(got.name);
    expect(/\n\[\[testimonies\]\]\nname = "Nadia"\nrole = "habitante du quartier"\nquote = "Au début je venais pour le café."\nconsent = true\n\+\+\+\n/.test(got.text),
      `storytelling: the testimony is not written after the other keys:\n${got.text}`);
  }
  await axe(page, "storytelling form with its file (dark)", errors);
  await noSideScroll(page, "storytelling form with its file");
  // Start over: everything goes, the saved copy too.
  await page.click("text=Tout effacer et recommencer");
  expect(!(await page.isChecked("#f-variant-storytelling")), "start over: the variant is still chosen");
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("fiches-form:")).length) === 0,
    "start over: the saved copy is kept");
  await page.reload({ waitUntil: "load" });
  expect(!(await page.locator(".contribute-restored").isVisible()) && !(await page.isChecked("#f-variant-storytelling")), "start over: a reload brings back the old form");
  for (const e of errors) fail(`JavaScript (storytelling): ${e}`);
  await context.close();
}

// 3. The site's own variant, from the disk (file://), at 360 px.
{
  const what = "job";
  const { page, errors, context } = await newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(fileUrl, { waitUntil: "load" });
  await page.evaluate(() => localStorage.clear());
  await page.reload({ waitUntil: "load" });
  await page.focus("#f-variant-factual");
  // factual, storytelling, event (built in), then the site's job.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  expect(await page.isChecked("#f-variant-job"), "job: the site's variant cannot be chosen with the keyboard");
  await checkErrors(page, what, ["f-title", "f-date-day", "f-summary", "f-authors", "f-competences-0", "f-section-1"]);
  await axe(page, "job form with errors (light, 360 px)", errors);
  await noSideScroll(page, "job form with errors");
  await page.fill("#f-title", "Médiatrice de quartier : un métier de liens");
  await typeDate(page, "date", "1", "2", "2024");
  await page.fill("#f-summary", "Ce que fait une médiatrice, au jour le jour.");
  await typeList(page, "f-authors", ["Aïcha"]);
  await page.fill("#f-contact", "mediation@exemple.org");
  await page.focus("#f-competences-0");
  await page.keyboard.press("Space");
  await page.check("#f-competences-2");
  await page.fill("#f-site_web", "exemple.org");
  await page.fill("#f-participants", "douze");
  await page.fill("#f-section-1", "Écouter, relier, [accompagner](accompagner.md).");
  await submit(page);
  const links = (await page.$$eval(".error-summary a", (as) => as.map((a) => a.getAttribute("href")))).sort();
  expect(JSON.stringify(links) === JSON.stringify(["#f-participants", "#f-section-1", "#f-site_web"]),
    `job: a bad address, a bad number and a local link should be reported: ${links}`);
  await page.fill("#f-site_web", "https://exemple.org/mediation");
  await page.fill("#f-participants", "1 200,5");
  await page.focus("#f-financement-2");
  await page.keyboard.press("Space");
  await page.fill("#f-section-1", "Écouter, relier, accompagner.");
  const got = await takeFile(page, what, { mailtoWhole: true, warned: [] });
  if (got) {
    files.push(got.name);
    for (const line of ['competences = ["Médiation", "Accompagnement"]', 'financement = "Mixte"', "participants = 1200.5",
      'site_web = "https://exemple.org/mediation"', 'variant = "job"']) {
      expect(got.text.includes(line + "\n"), `job: the file lacks ${line}:\n${got.text}`);
    }
  }
  await axe(page, "job form with its file (light, 360 px)", errors);
  await noSideScroll(page, "job form with its file");
  for (const e of errors) fail(`JavaScript (job): ${e}`);
  await context.close();
}

// 3b. An event, from the disk, at 360 px: signed by its organizers alone, as `fiches
// check` reads it; its start required; its file checked with the others.
{
  const what = "event";
  const { page, errors, context } = await newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(fileUrl, { waitUntil: "load" });
  await page.evaluate(() => localStorage.clear());
  await page.reload({ waitUntil: "load" });
  await page.check("#f-variant-event");
  await checkErrors(page, what, ["f-title", "f-date-day", "f-summary", "f-authors", "f-start"]);
  await axe(page, "event form with errors (light, 360 px)", errors);
  await noSideScroll(page, "event form with errors");
  await page.fill("#f-title", "Soirée-débat : coopérer entre structures");
  await typeDate(page, "date", "12", "3", "2026");
  await page.fill("#f-summary", "Une soirée pour dire ce qui aide à coopérer.");
  await typeList(page, "f-organizers", ["Réseau des acteurs de la participation"]);
  await page.fill("#f-start", "2026-03-12T19:00");
  // An end before the start (`fiches check` refuses it) is said at the end's field.
  await page.fill("#f-end", "2026-03-12T18:59");
  await page.fill("#f-place", "Centre social des Buissons");
  await page.fill("#f-town", "Villeurbanne");
  await page.fill("#f-recurrence", "FREQ=MONTHLY;BYDAY=2TH;COUNT=3");
  await page.fill("#f-section-1", "Des témoignages, puis un débat.");
  await checkErrors(page, "event ending before its start", ["f-end"]);
  const endError = await page.evaluate(() => (document.getElementById("f-end").getAttribute("aria-describedby") || "")
    .split(" ").map((x) => document.getElementById(x)?.textContent || "").join(" "));
  expect(endError.includes("vient avant le début"), `event: the end's error does not say it comes before the start: ${endError}`);
  await page.fill("#f-end", "2026-03-12T21:30");
  const got = await takeFile(page, what, { mailtoWhole: true, warned: [] });
  if (got) {
    files.push(got.name);
    for (const line of ['variant = "event"', 'organizers = ["Réseau des acteurs de la participation"]', 'town = "Villeurbanne"']) {
      expect(got.text.includes(line + "\n"), `event: the file lacks ${line}:\n${got.text}`);
    }
    expect(!/^authors = /m.test(got.text), `event: the file has authors although none were given:\n${got.text}`);
  }
  await axe(page, "event form with its file (light, 360 px)", errors);
  await noSideScroll(page, "event form with its file");
  for (const e of errors) fail(`JavaScript (event): ${e}`);
  await context.close();
}

// 4. Edit mode: prefilled from `edit`, nothing restored, the values posted, the answer's errors shown.
{
  const what = "edit";
  const { page, errors, context } = await newPage();
  const edit = {
    save: "/__fiches/save", token: "secret", path: "content/jardin.md", hash: "abc",
    values: {
      variant: "storytelling", title: "Le jardin", date: "2023-06-10", summary: "Un jardin.", collective: "Les jardiniers",
      tags: ["quartier"], testimonies: [{ name: "Nadia", role: null, quote: "Bonjour.", consent: true }],
    },
    sections: [{ title: "Le récit", text: "Il était une fois." }],
    extra: "## Annexe\n\nUn lien.",
  };
  const page0 = readFileSync(join(outDir, "proposer", "index.html"), "utf8");
  const html = page0.replace(/(<script type="application\/json" id="fiches-form-data">)(.*?)(<\/script>)/s, (m, a, json, b) => {
    const data = JSON.parse(json.replace(/<\\\//g, "</"));
    data.edit = edit;
    return a + JSON.stringify(data).replace(/<\//g, "<\\/") + b;
  });
  await page.route(formUrl, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  const posts = [];
  await page.route(origin + "/__fiches/save", (route) => {
    posts.push({ type: route.request().headers()["content-type"], body: JSON.parse(route.request().postData()) });
    const body = posts.length === 1
      ? { ok: false, errors: [{ field: "title", message: "Ce titre est déjà pris." }, { field: "", message: "Le fichier a changé." }], conflict: "- avant\n+ après" }
      : { ok: true, url: subPath };
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
  });
  await page.goto(formUrl, { waitUntil: "load" });
  expect(await page.inputValue("#f-title") === "Le jardin", "edit: the title is not prefilled");
  expect(await page.inputValue("#f-date-year") === "2023", "edit: the date is not prefilled");
  expect(await page.inputValue("#f-t1-quote") === "Bonjour.", "edit: the testimony is not prefilled");
  expect(await page.inputValue("#f-extra") === "## Annexe\n\nUn lien.", "edit: the rest of the body is not kept");
  expect(await page.inputValue("#f-section-2") === "Il était une fois.", "edit: the section is not prefilled");
  await page.fill("#f-title", "Le jardin partagé");
  // A cover photo needs its description before anything is sent.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");
  await page.setInputFiles("#f-image", { name: "fête.png", mimeType: "image/png", buffer: png });
  await submit(page);
  const before = (await page.$$eval(".error-summary a", (as) => as.map((a) => a.getAttribute("href"))));
  expect(JSON.stringify(before) === JSON.stringify(["#f-image_alt"]) && posts.length === 0,
    `edit: a photo without its description: ${before}, ${posts.length} sent`);
  await page.fill("#f-image_alt", "Des bacs en bois");
  await submit(page);
  await page.waitForFunction(() => document.querySelector(".error-summary a")?.textContent.includes("pris"));
  const first = posts[0];
  if (expect(first, "edit: nothing was posted")) {
    expect(first.type === "application/json", `edit: posted as ${first.type}`);
    const b = first.body;
    expect(b.token === "secret" && b.path === "content/jardin.md" && b.hash === "abc", `edit: token, path, hash: ${JSON.stringify(b)}`);
    expect(b.values.title === "Le jardin partagé" && b.values.date === "2023-06-10" && b.values.variant === "storytelling",
      `edit: values ${JSON.stringify(b.values)}`);
    expect(JSON.stringify(b.values.testimonies) === JSON.stringify([{ name: "Nadia", quote: "Bonjour.", consent: true }]),
      `edit: testimonies ${JSON.stringify(b.values.testimonies)}`);
    expect(!("authors" in b.values) && !("draft" in b.values), `edit: empty or unknown values are posted: ${JSON.stringify(b.values)}`);
    expect(b.sections.find((s) => s.title === "Le récit")?.text === "Il était une fois." && b.extra === "## Annexe\n\nUn lien.",
      `edit: body ${JSON.stringify(b.sections)} ${JSON.stringify(b.extra)}`);
    expect(b.image?.name === "fête.png" && b.image?.data === png.toString("base64") && b.image?.alt === "Des bacs en bois",
      `edit: the photo is not sent as {name, data, alt}: ${JSON.stringify(b.image)?.slice(0, 200)}`);
  }
  expect(await page.locator("#f-title-box .field__error").textContent().then((x) => x.includes("déjà pris")).catch(() => false),
    "edit: the server's error is not shown next to its field");
  expect((await page.locator(".error-summary").textContent()).includes("Le fichier a changé"), "edit: a general error is not in the summary");
  expect((await page.locator(".error-summary pre").textContent()).includes("+ après"), "edit: the conflict is not shown");
  await axe(page, "edit form with the server's errors", errors);
  await Promise.all([page.waitForURL(base), submit(page)]);
  expect(posts.length === 2, "edit: the second save was not posted");
  for (const e of errors) fail(`JavaScript (edit): ${e}`);
  await context.close();
}

// 5. GitLab and Forgejo: their "new file" pages, the site's folder, a fiche too long to
// travel in the address. The form is restored from a copy saved in the browser.
for (const [kind, url, expected, fileParam, textParam] of [
  ["gitlab", "https://gitlab.com/groupe/fiches", "https://gitlab.com/groupe/fiches/-/new/prod?", "file_name", "content"],
  ["forgejo", "https://codeberg.org/reseau/fiches", "https://codeberg.org/reseau/fiches/_new/prod/?", "filename", "value"],
]) {
  const what = kind;
  const { page, errors, context } = await newPage();
  const page0 = readFileSync(join(outDir, "proposer", "index.html"), "utf8");
  const html = page0.replace(/(<script type="application\/json" id="fiches-form-data">)(.*?)(<\/script>)/s, (m, a, json, b) => {
    const data = JSON.parse(json.replace(/<\\\//g, "</"));
    data.forge = { kind, url, branch: "prod", folder: "site/" };
    data.email = null;
    return a + JSON.stringify(data).replace(/<\//g, "<\\/") + b;
  });
  await page.route(formUrl, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  const saved = {
    variant: "factual",
    values: { title: "Écrire à plusieurs", date: { day: "3", month: "3", year: "2024" }, summary: "Une fiche écrite à plusieurs.", authors: ["Lou"] },
    sections: { Contexte: "Court." },
  };
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), ["fiches-form:" + subPath + "proposer/", JSON.stringify(saved)]);
  await page.goto(formUrl, { waitUntil: "load" });
  expect(await page.inputValue("#f-title") === "Écrire à plusieurs", `${what}: the saved copy is not restored`);
  expect(await page.locator("#fiche-email").count() === 0, `${what}: an e-mail link without contribute_email`);
  // Four recommended parts are empty: the fiche is prepared all the same.
  await submit(page);
  await page.click("#fiche-anyway");
  const short = await page.getAttribute("#fiche-forge", "href");
  const text = await page.inputValue("#fiche-file");
  if (expect(short && short.startsWith(expected), `${what}: forge link ${short}`)) {
    const params = new URL(short).searchParams;
    expect(params.get(fileParam) === "site/content/ecrire-a-plusieurs.md", `${what}: file ${params.get(fileParam)}`);
    expect(params.get(textParam) === text, `${what}: the forge link does not carry the file`);
  }
  await page.fill("#f-section-1", "Une longue histoire, racontée en détail. ".repeat(200));
  await submit(page);
  await page.click("#fiche-anyway");
  const long = await page.getAttribute("#fiche-forge", "href");
  expect(long && long.startsWith(expected) && !new URL(long).searchParams.has(textParam),
    `${what}: a long fiche still travels in the forge address (${long?.length} characters)`);
  expect((await page.locator("#fiche-result").textContent()).includes("site/content/ecrire-a-plusieurs.md"),
    `${what}: a long fiche's forge hint does not say where to put the file`);
  for (const e of errors) fail(`JavaScript (${what}): ${e}`);
  await context.close();
}

await browser.close();
server.close();
console.log(JSON.stringify({ files }));
if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`contribute checks passed: ${files.length} fiches written`);
