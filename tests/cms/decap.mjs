// The CMS fiches makes from its schema, used for real:
//   node decap.mjs FICHES_BIN EXAMPLE_DIR WORK_DIR DEFAULT_URL DEFAULT_INTEGRITY
// - the example site is copied into WORK_DIR/repo, a new Git repository, with a
//   `repository` and a [cms] table whose app_url is this package's own copy of Decap CMS
//   (served at /decap/, as a network hosting it itself would) with its sha384 hash;
// - `fiches build` makes the site, served on 127.0.0.1 under /reseau/, and Decap's
//   local backend (decap-server, on another free port) works on the repository; the
//   page asks for it at Decap's fixed address, which the browser sends to that port;
// - in Chromium: admin/ loads in French, lists each variant's example fiches in its
//   collection, creates a fiche of each variant through the CMS's own form (one with a
//   cover photo uploaded through its media library), and edits one; screenshots at
//   1280 and 360 px go to WORK_DIR;
// - the same configuration opens in Sveltia CMS; the editorial workflow, with the
//   backend in Git mode, saves a new fiche as a proposal branch and publishes it;
// - every file the CMS wrote passes `fiches check` with no error and the site builds;
//   the edited fiche keeps the fields the CMS does not show; no empty value is written.
// Also checks that DEFAULT_URL is this package's version and DEFAULT_INTEGRITY the hash
// of its dist file. Exits 1 with a list of problems, 0 when everything holds.
import { createServer } from "node:http";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  readFileSync, writeFileSync, existsSync, statSync, cpSync, readdirSync, mkdirSync,
} from "node:fs";
import { join, extname, dirname } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

// How long to wait for Decap CMS to answer a step. A loaded 2-core machine (the suite runs
// its browser tests side by side) once took over 20 s to show "Entrée publiée"; what is
// checked does not change, only how long a slow machine is given.
const WAIT = 60000;
const require = createRequire(import.meta.url);
const [bin, example, work, defaultUrl, defaultIntegrity] = process.argv.slice(2);
if (!defaultIntegrity) {
  console.error("usage: node decap.mjs FICHES_BIN EXAMPLE_DIR WORK_DIR DEFAULT_URL DEFAULT_INTEGRITY");
  process.exit(2);
}
const problems = [];
const expect = (ok, what) => {
  if (!ok) problems.push(what);
  return ok;
};

// The application as the CDN serves it at the pinned version: the npm package's file.
const dist = dirname(require.resolve("decap-cms/dist/decap-cms.js"));
const appFile = join(dist, "decap-cms.js");
const version = JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8")).version;
const sveltiaDist = join(dirname(require.resolve("@sveltia/cms")), "..", "dist");
const integrity = "sha384-" + createHash("sha384").update(readFileSync(appFile)).digest("base64");
expect(defaultUrl.includes(`decap-cms@${version}/dist/decap-cms.js`), `the default address ${defaultUrl} is not version ${version}`);
expect(defaultIntegrity === integrity, `the default integrity ${defaultIntegrity} is not ${integrity}`);

// The example site in a new Git repository.
const repo = join(work, "repo");
cpSync(example, repo, { recursive: true, filter: (p) => !/[/\\](public|\.fiches-cache)$/.test(p) });
const toml = readFileSync(join(repo, "fiches.toml"), "utf8")
  .replace(/^(contribute_email = .*)$/m, '$1\nrepository = "https://github.com/reseau/fiches"');
writeFileSync(join(repo, "fiches.toml"),
  `${toml}\n[cms]\napp_url = "/decap/decap-cms.js"\napp_integrity = "${integrity}"\n`);
const git = (...args) => spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@exemple.org", ...args], { cwd: repo, encoding: "utf8" });
// What a site's repository ignores: the photo cache of `fiches build`.
writeFileSync(join(repo, ".gitignore"), ".fiches-cache/\n");
git("init", "-q", "-b", "main");
git("add", "-A");
git("commit", "-q", "-m", "example");
const fiches = (...args) => spawnSync(bin, args, { encoding: "utf8" });
const out = join(work, "public");
const built = fiches("build", repo, "-o", out);
if (!expect(built.status === 0, `the site does not build: ${built.stderr}`)) finish();

// Each variant's fiches, as the files say.
function mdFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? mdFiles(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : []);
}
const byVariant = {};
for (const f of mdFiles(join(repo, "content"))) {
  const text = readFileSync(f, "utf8");
  const variant = /^variant = "([^"]+)"/m.exec(text)?.[1];
  const title = /^title = "((?:[^"\\]|\\.)*)"/m.exec(text)?.[1];
  (byVariant[variant] ||= []).push(JSON.parse(`"${title}"`));
}

// The site under /reseau/ (its base_url's path), the application under /decap/.
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".yml": "text/yaml; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".png": "image/png", ".svg": "image/svg+xml",
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = null;
  if (path.startsWith("/reseau/")) file = join(out, path.slice("/reseau/".length));
  else if (path.startsWith("/decap/")) file = join(dist, path.slice("/decap/".length));
  else if (path.startsWith("/sveltia/")) file = join(sveltiaDist, path.slice("/sveltia/".length));
  else if (path.startsWith("/sveltia-site/")) file = join(work, "sveltia-site", path.slice("/sveltia-site/".length));
  if (file && path.includes("..")) file = null;
  if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!file || !existsSync(file)) {
    res.writeHead(404);
    return res.end("not found");
  }
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// Decap's local backend on a free port of its own, writing into the repository.
/** Decap's local backend on a free port: `fs` writes files, `git` commits to branches. */
async function startBackend(dir, mode) {
  const probe = createServer();
  await new Promise((ok) => probe.listen(0, "127.0.0.1", ok));
  const port = probe.address().port;
  await new Promise((ok) => probe.close(ok));
  const child = spawn(process.execPath, [require.resolve("decap-server/dist/index.js")], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), BIND_HOST: "127.0.0.1", GIT_REPO_DIRECTORY: dir, MODE: mode, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise((ok, ko) => {
    const seen = (chunk) => {
      log += chunk;
      if (log.includes("listening")) ok();
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.on("exit", (code) => ko(new Error(`decap-server stopped (${code}): ${log}`)));
  });
  return { child, port };
}
const { child: backend, port: backendPort } = await startBackend(repo, "fs");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
// Far from UTC, so that a date shifted by a time zone would show (10 hours behind here,
// 14 ahead for the editorial workflow).
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Pacific/Honolulu" });
// The page looks for the local backend at Decap's fixed address: send it to our port.
await context.route("http://localhost:8081/api/v1", (route) =>
  route.continue({ url: `http://127.0.0.1:${backendPort}/api/v1` }));
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(`${page.url()}: ${e?.stack || e?.message || JSON.stringify(e)}`));
const outside = [];
page.on("request", (r) => {
  const u = new URL(r.url());
  if (!["127.0.0.1", "localhost"].includes(u.hostname) && u.protocol !== "data:" && u.protocol !== "blob:") outside.push(r.url());
});
const admin = `${origin}/reseau/admin/`;

try {
  await page.goto(admin);
  await page.getByRole("button", { name: "Se connecter" }).click();
  // Each variant is a collection that lists its fiches, and only them.
  for (const [variant, label] of [["factual", "Fiche factuelle"], ["storytelling", "Récit d’expérience"]]) {
    await page.goto(`${admin}#/collections/${variant}`);
    await page.getByRole("heading", { name: label }).first().waitFor();
    for (const title of byVariant[variant]) {
      await page.getByText(title, { exact: true }).first().waitFor({ timeout: WAIT }).catch(() =>
        expect(false, `${variant}: « ${title} » is not listed`));
    }
    for (const [other, titles] of Object.entries(byVariant)) {
      if (other === variant) continue;
      for (const title of titles) {
        expect(await page.getByText(title, { exact: true }).count() === 0, `${variant} lists « ${title} » of ${other}`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${admin}#/collections/factual`);
  await page.getByText(byVariant.factual[0], { exact: true }).first().waitFor();
  await page.screenshot({ path: join(work, "admin-1280.png") });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(work, "admin-360.png") });
  await page.setViewportSize({ width: 1280, height: 900 });

  await createFactual();
  await createStory();
  await editOne();
} catch (e) {
  problems.push(`the browser session stopped: ${e.stack || e}`);
  const shown = await page.locator("[class*=ErrorsList], [class*=ErrorMessage]").allInnerTexts().catch(() => []);
  if (shown.length) problems.push(`the form says: ${shown.join(" | ")}`);
  await page.screenshot({ path: join(work, "failure.png"), fullPage: true }).catch(() => {});
}
expect(errors.length === 0, `errors in the page: ${errors.join(" | ")}`);
expect(outside.length === 0, `requests outside this machine: ${outside.join(", ")}`);
backend.kill();
await sveltia();
await workflow();
await browser.close();
server.close();
checkFiles();
finish();

/** The same configuration in Sveltia CMS: it reads it and offers to sign in. */
async function sveltia() {
  const site = join(work, "sveltia-repo");
  cpSync(repo, site, { recursive: true });
  const text = readFileSync(join(site, "fiches.toml"), "utf8")
    .replace(/^app_url = .*$/m, 'app_url = "/sveltia/sveltia-cms.js"').replace(/^app_integrity = .*\n/m, "");
  writeFileSync(join(site, "fiches.toml"), text);
  const made = fiches("build", site, "-o", join(work, "sveltia-site"));
  if (!expect(made.status === 0, `the site does not build for Sveltia CMS: ${made.stderr}`)) return;
  const context = await browser.newContext({ locale: "en-US" });
  // Sveltia CMS asks for web fonts and the forge's status: nothing answers here.
  await context.route((url) => !["127.0.0.1", "localhost"].includes(url.hostname), (route) => route.abort());
  const page = await context.newPage();
  const failures = [];
  page.on("pageerror", (e) => failures.push(e?.stack || String(e)));
  page.on("console", (m) => /configuration|config\.yml/i.test(m.text()) && m.type() === "error" && failures.push(m.text()));
  try {
    await page.goto(`${origin}/sveltia-site/admin/`);
    await page.getByText(/Sign In with\W*GitHub/).first().waitFor({ timeout: WAIT });
  } catch (e) {
    failures.push(`Sveltia CMS does not offer to sign in: ${e.message}\n${await page.locator("body").innerText().catch(() => "")}`);
  }
  expect(failures.length === 0, `Sveltia CMS: ${failures.join(" | ")}`);
  await context.close();
}

/** The editorial workflow (`publish_mode`), with Decap's backend in Git mode: saving a
 * new fiche commits it on a branch of its own, a proposal, and only publishing it
 * brings it into the main branch. */
async function workflow() {
  const wf = join(work, "workflow-repo");
  cpSync(repo, wf, { recursive: true, filter: (p) => !/[/\\]\.git$/.test(p) });
  const g = (...args) => spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@exemple.org", ...args], { cwd: wf, encoding: "utf8" });
  g("init", "-q", "-b", "main");
  g("add", "-A");
  g("commit", "-q", "-m", "example");
  const { child, port } = await startBackend(wf, "git");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Pacific/Kiritimati" });
  await context.route("http://localhost:8081/api/v1", (route) => route.continue({ url: `http://127.0.0.1:${port}/api/v1` }));
  const p = await context.newPage();
  // Publishing a proposal asks for confirmation.
  p.on("dialog", (d) => d.accept());
  const file = "content/une-fiche-relue-avant-publication/index.md";
  try {
    await p.goto(`${admin}#/collections/factual/new`);
    await p.getByRole("button", { name: "Se connecter" }).click();
    await p.getByText("Écriture dans la collection Fiche factuelle").waitFor();
    await p.getByLabel("Titre", { exact: true }).fill("Une fiche relue avant publication");
    await p.locator("input[type=date]").first().fill("2026-10-01");
    await p.getByLabel("Résumé", { exact: true }).fill("Proposée par le CMS, relue, puis publiée.");
    await p.getByLabel("Collectif (optionnel)", { exact: true }).fill("L'équipe");
    if ((await p.evaluate(() => localStorage.getItem("cms.md-mode"))) !== "raw") {
      await p.getByText("Markdown", { exact: true }).locator("xpath=..").getByRole("switch").click();
    }
    await p.getByRole("textbox").last().fill("## Contexte\n\nUne proposition.\n");
    await p.getByRole("button", { name: "Enregistrer" }).click();
    await p.waitForURL(/\/entries\//, { timeout: WAIT });
    await p.getByText("Entrée enregistrée").first().waitFor({ timeout: WAIT });
    const branches = g("branch", "--list", "cms/*").stdout.trim().split("\n").map((b) => b.trim()).filter(Boolean);
    expect(branches.length === 1, `saving should make one proposal branch, not: ${branches}`);
    expect(!existsSync(join(wf, file)), "a saved proposal is already in the main branch");
    const proposed = g("show", `${branches[0]}:${file}`);
    expect(proposed.status === 0 && /^variant = "factual"$/m.test(proposed.stdout), `the proposal does not hold the fiche: ${proposed.stderr}`);
    expect(/^date = "2026-10-01"$/m.test(proposed.stdout), `the date moved with the time zone:\n${proposed.stdout}`);
    // Ready, then published: the fiche comes into the main branch.
    await p.getByRole("button", { name: /Statut/ }).click();
    await p.getByText("Prêt", { exact: true }).click();
    await p.getByRole("button", { name: "Publier" }).click();
    await p.getByText("Publier maintenant", { exact: true }).click();
    // What publishing does is merge the proposal into the main branch: wait for that,
    // not for Decap's notice, which is dismissed by itself and was missed on a busy machine.
    let merged = g("show", `main:${file}`);
    for (const deadline = Date.now() + WAIT; merged.status !== 0 && Date.now() < deadline; ) {
      await p.waitForTimeout(200);
      merged = g("show", `main:${file}`);
    }
    expect(merged.status === 0, `the published fiche is not in the main branch: ${merged.stderr}`);
  } catch (e) {
    problems.push(`the editorial workflow stopped: ${e.stack || e}`);
    await p.screenshot({ path: join(work, "workflow-failure.png"), fullPage: true }).catch(() => {});
  }
  await context.close();
  child.kill();
  g("checkout", "-q", "main");
  const check = fiches("check", wf);
  expect(check.status === 0, `fiches check fails after the workflow:\n${check.stderr}`);
}

/** A small real PNG (8 × 8 pixels, one colour), made here. */
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "ascii");
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: 8 }, () => Buffer.from([0, ...Array(8).fill([40, 140, 60]).flat()])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", require("node:zlib").deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Types into a field found by its label. */
async function fill(label, text) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(text);
}

/** Writes the body in the editor's Markdown mode, as one types it. */
async function body(text) {
  // The editor remembers the last mode chosen.
  if ((await page.evaluate(() => localStorage.getItem("cms.md-mode"))) !== "raw") {
    await page.getByText("Markdown", { exact: true }).locator("xpath=..").getByRole("switch").click();
  }
  await page.getByRole("textbox").last().fill(text);
}

async function publish() {
  await page.getByRole("button", { name: "Publier" }).click();
  await page.getByText("Publier maintenant", { exact: true }).click();
  await page.waitForURL(/\/entries\//, { timeout: WAIT });
  await page.getByText("Entrée enregistrée").first().waitFor({ timeout: WAIT });
}

/** Opens the form of a new fiche of a collection, once it shows. */
async function newEntry(variant, label) {
  // A fresh load: moving from a saved fiche's form to a new one inside the application
  // may reset the new form while it is being filled.
  await page.goto("about:blank");
  await page.goto(`${admin}#/collections/${variant}/new`);
  await page.getByText(`Écriture dans la collection ${label}`).waitFor();
}

async function createFactual() {
  await newEntry("factual", "Fiche factuelle");
  await fill("Titre", "Un potager au pied des immeubles");
  await page.locator("input[type=date]").first().fill("2026-11-30");
  await fill("Résumé", "Des habitants ont transformé une pelouse en potager, avec le centre social.");
  await fill("Auteurs et autrices (optionnel)", "Aïcha Benali, Marc Dupuis");
  await fill("Compétences mobilisées (optionnel)", "jardinage, animation");
  await fill("Période (optionnel)", "mars – octobre 2026");
  // A field typed in, then emptied: Decap CMS would write `organization = ""`.
  await fill("Structure porteuse (optionnel)", "Centre social");
  await fill("Structure porteuse (optionnel)", "");
  // The cover photo, uploaded through the media library: it goes with the fiche.
  await page.getByText("Choisir une image", { exact: true }).click();
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByText("Téléverser une nouvelle ressource", { exact: true }).click(),
  ]);
  await chooser.setFiles({ name: "potager.png", mimeType: "image/png", buffer: png() });
  // Uploaded, it is the one selected.
  await page.getByText("potager.png", { exact: true }).first().waitFor();
  await page.getByRole("button", { name: "Choisir les éléments sélectionnés" }).click();
  await fill("Description de l'image (optionnel)", "Des bacs de légumes au pied d'un immeuble.");
  await body("## Contexte\n\nUne pelouse interdite au pied de trois immeubles.\n\n## Résultats\n\nTrente familles y cultivent.\n");
  await publish();
}

async function createStory() {
  await newEntry("storytelling", "Récit d’expérience");
  await fill("Titre", "Notre fête de rue racontée par les voisins");
  await page.locator("input[type=date]").first().fill("2026-06-21");
  // Quotes, a backslash, a no-break space, an emoji sequence and a line break.
  await fill("Résumé", 'Une rue fermée « aux\u00a0voitures », des "voisins" \\ 👩‍👩‍👧 qui se parlent.\nEnfin.');
  await fill("Collectif (optionnel)", "Les voisins de la rue Haute");
  await page.getByRole("button", { name: /Ajouter témoignage/ }).click();
  await fill("Prénom ou nom", "Josiane");
  await fill("Sa parole", "Je ne connaissais personne ici ; maintenant on se dit bonjour.");
  await page.getByLabel("Accord de la personne", { exact: true }).click();
  await body("## Le récit\n\nNous avons fermé la rue un samedi de juin.\n");
  await publish();
}

async function editOne() {
  await page.goto("about:blank");
  await page.goto(`${admin}#/collections/storytelling`);
  await page.getByText("Le jardin partagé des Buissons, cultivé par et pour les habitants", { exact: true }).click();
  // The form shows once the fiche is read.
  await page.waitForFunction(() =>
    document.querySelector("input[id^=title-field]")?.value.startsWith("Le jardin partagé des Buissons"));
  // The fiche's date (a TOML date, midnight UTC to the application) shows as written.
  const shown = await page.locator("input[type=date]").first().inputValue();
  expect(shown === "2024-09-05", `the fiche's date shows as ${shown}, not 2024-09-05`);
  const summary = page.getByLabel("Résumé", { exact: true });
  await summary.fill("Une pelouse interdite est devenue un jardin partagé, géré par trente familles.");
  await page.getByRole("button", { name: "Publier" }).click();
  await page.getByText("Publier maintenant", { exact: true }).click();
  await page.getByText("Entrée enregistrée").first().waitFor({ timeout: WAIT });
}

function checkFiles() {
  const status = git("status", "--porcelain", "-uall").stdout.split("\n").filter(Boolean);
  const written = status.map((l) => l.slice(3));
  expect(written.length === 4, `the CMS should have written 4 files, not: ${written.join(", ")}`);
  for (const f of written.filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join(repo, f), "utf8");
    expect(!/= ""|= \[\]/.test(text), `${f} holds an empty value:\n${text}`);
    expect(text.startsWith("+++\n"), `${f} does not open with +++:\n${text}`);
  }
  const factual = written.find((f) => f.startsWith("content/un-potager"));
  if (expect(factual, "no new factual fiche")) {
    expect(factual === "content/un-potager-au-pied-des-immeubles/index.md", `the new fiche is ${factual}`);
    const text = readFileSync(join(repo, factual), "utf8");
    expect(/^variant = "factual"$/m.test(text), `no variant in ${text}`);
    expect(/^date = "?2026-11-30"?$/m.test(text), `the date is not 2026-11-30:\n${text}`);
    expect(/^competences = \[\s*"jardinage",\s*"animation"\s*\]$/m.test(text), `competences:\n${text}`);
    expect(/^image = "potager.png"$/m.test(text), `the cover photo is not named as fiches reads it:\n${text}`);
    expect(existsSync(join(repo, "content/un-potager-au-pied-des-immeubles/potager.png")), "the photo is not with the fiche");
  }
  const story = written.find((f) => f.startsWith("content/notre-fete"));
  if (expect(story, "no new story")) {
    const text = readFileSync(join(repo, story), "utf8");
    expect(/^variant = "storytelling"$/m.test(text), `no variant in ${text}`);
    expect(/\[\[testimonies\]\]|testimonies = \[/.test(text) && /consent = true/.test(text), `the testimony:\n${text}`);
    expect(text.includes('summary = "Une rue fermée « aux\u00a0voitures », des \\"voisins\\" \\\\ 👩‍👩‍👧 qui se parlent.\\nEnfin."'),
      `the summary is not written as typed:\n${text}`);
  }
  const edited = "content/jardin-partage-des-buissons/index.md";
  if (expect(written.includes(edited), `${edited} was not saved`)) {
    const text = readFileSync(join(repo, edited), "utf8");
    for (const kept of [/^featured = true$/m, /^image = "couverture.png"$/m, /^updated = "?2025-03-10"?$/m, /^date = "?2024-09-05"?$/m]) {
      expect(kept.test(text), `the edited fiche lost ${kept}:\n${text}`);
    }
    expect(text.includes("trente familles."), `the edit is not saved:\n${text}`);
  }
  const check = fiches("check", repo);
  expect(check.status === 0, `fiches check fails on what the CMS wrote:\n${check.stdout}\n${check.stderr}`);
  const errorsSeen = (check.stdout + check.stderr).match(/erreur/gi);
  expect(!errorsSeen || /0 erreur/.test(check.stdout + check.stderr), `fiches check reports errors:\n${check.stderr}`);
  const rebuilt = fiches("build", repo, "-o", join(work, "rebuilt"));
  expect(rebuilt.status === 0, `the site does not build after the CMS:\n${rebuilt.stderr}`);
  for (const slug of ["un-potager-au-pied-des-immeubles", "notre-fete-de-rue-racontee-par-les-voisins"]) {
    expect(existsSync(join(work, "rebuilt", "fiches", slug, "index.html")), `no page for ${slug}`);
  }
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "written.txt"), written.filter((f) => f.endsWith(".md")).map((f) => `== ${f}\n${readFileSync(join(repo, f), "utf8")}`).join("\n"));
}

function finish() {
  if (problems.length) {
    console.log(`cms checks failed:\n- ${problems.join("\n- ")}`);
    process.exit(1);
  }
  console.log("cms checks passed");
  process.exit(0);
}
