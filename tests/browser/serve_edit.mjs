// Editing a fiche in `fiches serve`, in a real browser:
//   node serve_edit.mjs SERVE_URL SITE_DIR
// SERVE_URL is a running `fiches serve` of the site in SITE_DIR, whose
// content/jardin.md has the slug `jardin-partage`.
// - the fiche page offers "Modifier cette fiche" in its flow; the form it opens is filled
//   from the file; a new title saved from it reaches the file and, after the reload,
//   the page, which says it was saved;
// - a new fiche is a draft, shown at once and said so, and is published from the form;
// - a save after the file changed on disk is refused and shows what changed;
// - a save answered 413 or 503 says so, and a GIF is not offered as a photo;
// - a cover photo added in the form moves the fiche into its folder, the photo
//   beside it, stripped of where it was taken;
// - a new event, at 360 px, is saved from the form and its page shows its date block;
// - a page of another site that posts to the editor gets nothing written.
// Exits 1 with a list of problems, 0 when everything holds.
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const [serveUrl, siteDir] = process.argv.slice(2);
if (!serveUrl || !siteDir) {
  console.error("usage: node serve_edit.mjs SERVE_URL SITE_DIR");
  process.exit(2);
}
const problems = [];
const expect = (ok, what) => {
  if (!ok) problems.push(what);
  return ok;
};
// After a save, serve may rebuild once more (a photo and a moved fiche are two
// changes on disk) and tell the open page to reload: a navigation begun then is
// interrupted by that reload. The test goes again; anything else is a failure.
const go = async (page, url) => {
  for (let tries = 1; ; tries++) {
    try {
      return await page.goto(url);
    } catch (e) {
      if (tries >= 5 || !/interrupted by another navigation/.test(String(e))) throw e;
    }
  }
};
const file = join(siteDir, "content/jardin.md");
const axeCheck = async (page, what) => {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  for (const v of result.violations) {
    problems.push(`axe ${what}: ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }
};
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  // Edit from the fiche's page: the link is in the content's flow, covering nothing.
  await go(page, serveUrl + "fiches/jardin-partage/");
  const edit = page.getByRole("link", { name: "Modifier cette fiche" });
  expect(await edit.count() === 1, "the fiche page offers one edit link");
  const placed = await edit.evaluate((a) => ({
    inMain: !!a.closest("main"),
    fixed: [a, a.parentElement].some((e) => getComputedStyle(e).position === "fixed"),
    above: a.getBoundingClientRect().bottom <= document.querySelector("main h1").getBoundingClientRect().top,
  }));
  expect(placed.inMain && !placed.fixed && placed.above, `the edit link opens the content, in its flow: ${JSON.stringify(placed)}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await go(page, serveUrl + "__fiches/edit?fiche=jardin-partage");
  await page.waitForSelector("#f-title");
  expect(await page.textContent("main h1") === "Modifier la fiche", "an edited fiche's heading");
  expect((await page.textContent("#f-variant-box legend")).startsWith("Type de fiche"), "an edited fiche is not asked what to write");
  expect(await page.isChecked("#f-publication-published"), "a published fiche is shown published");
  await page.goBack();
  await edit.click();
  await page.waitForSelector("#f-title");
  expect(await page.inputValue("#f-title") === "Le jardin", "the form is filled from the file");
  await page.fill("#f-title", "Le jardin des Buissons");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await page.waitForURL(/\/fiches\/jardin-partage\/$/, { timeout: 30000 }).catch(async (e) => {
    const summary = await page.textContent(".error-summary").catch(() => "");
    throw new Error(`the save did not lead to the fiche's page (${page.url()}): ${summary}`);
  });
  // The page a save leads to says so, in the page's flow.
  await page.waitForSelector("#fiches-saved.notice", { timeout: 30000 });
  const said = await page.textContent("#fiches-saved");
  expect(/^Fiche enregistrée à \d{1,2}\u00a0h\u00a0\d\d\.$/.test(said), `the save is confirmed with its time: ${said}`);
  const text = readFileSync(file, "utf8");
  expect(text.includes('title = "Le jardin des Buissons"'), "the new title is in the file");
  expect(!/^draft/m.test(text) && !/^updated/m.test(text), `a published fiche stays published, undated: ${text}`);
  expect(text.includes("# Le titre, tel qu'il apparaît en haut de la page."), "the file's comments are kept");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Buissons"), null, { timeout: 30000 });

  // A file changed after the form was opened is not overwritten.
  await go(page, serveUrl + "__fiches/edit?fiche=jardin-partage");
  await page.waitForSelector("#f-title");
  let changed = readFileSync(file, "utf8").replace("Un quartier.", "Un quartier, vu par une autre personne.");
  writeFileSync(file, changed);
  await page.fill("#f-title", "Un titre qui ne doit pas arriver");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await page.waitForSelector(".error-summary:not([hidden])", { timeout: 30000 });
  const summary = await page.textContent(".error-summary");
  expect(/a changé/.test(summary), `the conflict is explained: ${summary}`);
  const shown = await page.textContent(".error-summary__conflict pre").catch(() => "");
  expect(shown.includes("+ Un quartier, vu par une autre personne."), `what changed is shown: ${shown}`);
  expect(readFileSync(file, "utf8") === changed, "nothing was written over the change");

  // A save the server refuses without its JSON answer (413 over its size limit, 503
  // while it rebuilds) is told by its status, not as a server that does not answer.
  await go(page, serveUrl + "__fiches/edit?fiche=jardin-partage");
  await page.waitForSelector("#f-image");
  const accept = await page.getAttribute("#f-image", "accept");
  expect(!/gif/i.test(accept), `a GIF is not offered: ${accept}`);
  for (const [status, says] of [[413, "erreur 413"], [503, "erreur 503"]]) {
    await page.route("**/__fiches/save", (route) => route.fulfill({ status, contentType: "text/plain", body: `${status}\n` }));
    await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
    await page.waitForFunction((s) => (document.querySelector(".error-summary:not([hidden])")?.textContent || "").includes(s), says, { timeout: 30000 })
      .catch(() => {});
    const told = await page.textContent(".error-summary");
    expect(told.includes(says) && !told.includes("ne répond pas"), `a ${status} is told as such: ${told}`);
    await page.unroute("**/__fiches/save");
  }

  // A cover photo added in the form: the fiche moves into its folder, the photo
  // beside it, without where it was taken.
  await go(page, serveUrl + "__fiches/edit?fiche=jardin-partage");
  await page.waitForSelector("#f-image");
  // A real 8 × 8 JPEG (the build decodes photos), with an EXIF block after its start.
  const real = Buffer.from("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCPAPJl/9k=", "base64");
  const jpeg = Buffer.concat([
    real.subarray(0, 2),
    Buffer.from([0xff, 0xe1, 0x00, 0x1c]), Buffer.from("Exif\0\0GPS 46.2044N 6.1432E"),
    real.subarray(2),
  ]);
  await page.setInputFiles("#f-image", { name: "Fête.jpg", mimeType: "image/jpeg", buffer: jpeg });
  await page.fill("#f-image_alt", "Des voisins autour d'une table");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await page.waitForURL(/\/fiches\/jardin-partage\/$/, { timeout: 30000 });
  const folder = join(siteDir, "content/jardin");
  const moved = readFileSync(join(folder, "index.md"), "utf8");
  expect(moved.includes('image = "fete.jpg"'), `the fiche names its photo: ${moved}`);
  const photo = readFileSync(join(folder, "fete.jpg"));
  expect(photo.length > 0 && !photo.includes("GPS"), "the photo is kept without where it was taken");
  changed = moved;
  // The moved fiche and its photo may reach serve as two changes, so two rebuilds,
  // the second reloading this page: wait until the page shows the photo, so that no
  // reload is still to come while the test goes on to the home page.
  const photoShown = await page.waitForSelector('main img[src*="fete"]', { timeout: 30000 }).then(() => true, () => false);
  expect(photoShown, "the fiche's page shows its new photo");

  // A new fiche: said to be new, saved as a draft, shown at once and marked so; then
  // published from the form, its update dated.
  await go(page, serveUrl);
  await page.getByRole("link", { name: "Nouvelle fiche" }).click();
  await page.waitForSelector("#f-variant-factual");
  expect(await page.textContent("main h1") === "Nouvelle fiche", `a new fiche's heading: ${await page.textContent("main h1")}`);
  expect(await page.getByRole("button", { name: "Revenir à la version enregistrée" }).count() === 0, "nothing saved yet to go back to");
  expect(await page.isChecked("#f-publication-draft"), "a new fiche is a draft at first");
  expect(await page.locator("#f-updated-today").count() === 0, "a new fiche has no update to date");
  await page.check("#f-variant-factual");
  await page.fill("#f-title", "Les semis");
  await page.fill("#f-date-day", "3");
  await page.fill("#f-date-month", "4");
  await page.fill("#f-date-year", "2024");
  await page.fill("#f-summary", "Des semis au printemps.");
  await page.focus("#f-authors");
  await page.keyboard.type("Aïcha");
  await page.keyboard.press("Enter");
  await page.fill("#f-section-1", "Au pied des immeubles.");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await page.waitForURL(/\/fiches\/les-semis\/$/, { timeout: 30000 }).catch(async () => {
    const summary = await page.textContent(".error-summary").catch(() => "");
    throw new Error(`the new fiche did not open (${page.url()}): ${summary}`);
  });
  await page.waitForSelector("#fiches-saved.notice", { timeout: 30000 });
  expect(/brouillon/.test(await page.textContent("#fiches-saved")), "the new fiche is said to be a draft");
  expect(await page.locator(".draft-notice").count() === 1, "its page is marked as a draft");
  const semis = join(siteDir, "content/les-semis.md");
  expect(/^draft = true$/m.test(readFileSync(semis, "utf8")), "a new fiche is written as a draft");
  await page.getByRole("link", { name: "Modifier cette fiche" }).click();
  await page.waitForSelector("#f-publication-published");
  await page.check("#f-publication-published");
  await page.check("#f-updated-today");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await page.waitForURL(/\/fiches\/les-semis\/$/, { timeout: 30000 });
  await page.waitForSelector("#fiches-saved.notice", { timeout: 30000 });
  const published = readFileSync(semis, "utf8");
  const d = new Date();
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  expect(!/^draft/m.test(published), `published: draft is gone: ${published}`);
  expect(published.includes(`updated = ${today}`), `updated today: ${published}`);
  expect(!/brouillon/.test(await page.textContent("#fiches-saved")), "a published fiche is not said to be a draft");

  // A new event at 360 px: the event variant's fields saved, its page shows when and
  // where, and both pages are clean for axe.
  await page.setViewportSize({ width: 360, height: 740 });
  await go(page, serveUrl);
  await page.getByRole("link", { name: "Nouvelle fiche" }).click();
  await page.waitForSelector("#f-variant-event");
  await page.check("#f-variant-event");
  await page.fill("#f-title", "Soirée-débat 🎉 coopérer");
  await page.fill("#f-date-day", "12");
  await page.fill("#f-date-month", "3");
  await page.fill("#f-date-year", "2026");
  await page.fill("#f-summary", "Une soirée pour dire ce qui aide à coopérer.");
  await page.focus("#f-organizers");
  await page.keyboard.type("Réseau des acteurs");
  await page.keyboard.press("Enter");
  await page.fill("#f-start", "2026-03-12T19:00");
  await page.fill("#f-end", "2026-03-12T21:30");
  await page.fill("#f-place", "Centre social des Buissons");
  await page.fill("#f-town", "Villeurbanne");
  await page.fill("#f-section-1", "Des témoignages, puis un débat.");
  await axeCheck(page, "the new event's form (360 px)");
  await page.getByRole("button", { name: "Enregistrer la fiche" }).click();
  await page.waitForURL(/\/fiches\/soiree-debat-tada-cooperer\/$/, { timeout: 30000 }).catch(async () => {
    const summary = await page.textContent(".error-summary").catch(() => "");
    throw new Error(`the new event did not open (${page.url()}): ${summary}`);
  });
  await page.waitForSelector("#fiches-saved.notice", { timeout: 30000 });
  const when = page.locator("section.event .event__facts time");
  expect(await when.count() === 1, "the event's page has its date block");
  expect((await when.getAttribute("datetime") || "").startsWith("2026-03-12T19:00:00"), `its date: ${await when.getAttribute("datetime")}`);
  expect(/Villeurbanne/.test(await page.textContent("section.event")), "its date block says where");
  await axeCheck(page, "the new event's page (360 px)");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Another web page posting to the editor.
  const evil = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>x</title><script>
      fetch(${JSON.stringify(serveUrl + "__fiches/save")}, { method: "POST", mode: "no-cors",
        headers: { "Content-Type": "text/plain" },
        body: JSON.stringify({ path: "content/jardin/index.md", values: { title: "Piraté" } }) })
        .finally(() => { document.title = "sent"; });
    </script>`);
  });
  await new Promise((ok) => evil.listen(0, "127.0.0.1", ok));
  await page.goto(`http://127.0.0.1:${evil.address().port}/`);
  await page.waitForFunction(() => document.title === "sent", null, { timeout: 30000 });
  evil.close();
  expect(readFileSync(join(siteDir, "content/jardin/index.md"), "utf8") === changed, "a post from another site writes nothing");
  expect(errors.length === 0, `no script error: ${errors.join(" | ")}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.log(problems.map((p) => "- " + p).join("\n"));
  process.exit(1);
}
console.log("serve edit checks passed");
