// Browser checks of audio, share links, the network's badges and responsive photos
// on a built fiches site served under a sub-path:
//   node voices.mjs OUTPUT_DIR SUB_PATH FICHE_PATH [SHOTS_DIR]
// FICHE_PATH is a fiche with an audio interview and a cover photo. With SHOTS_DIR,
// screenshots of that fiche and of the badge page at 1280 and 360 px are written there.
// Exits 1 with a list of problems, 0 when everything holds.
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, mkdirSync } from "node:fs";
import { join, extname } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [outDir, subPathArg, fichePath, shots] = process.argv.slice(2);
if (!outDir || !subPathArg || !fichePath) {
  console.error("usage: node voices.mjs OUTPUT_DIR SUB_PATH FICHE_PATH [SHOTS_DIR]");
  process.exit(2);
}
const subPath = ("/" + subPathArg + "/").replace(/\/+/g, "/");
const problems = [];
const fail = (what) => problems.push(what);
const expect = (ok, what) => ok || fail(what);

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml", ".wav": "audio/wav", ".txt": "text/plain; charset=utf-8",
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = path.startsWith(subPath) ? join(outDir, path.slice(subPath.length)) : null;
  if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!file || path.includes("..") || !existsSync(file)) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const base = origin + subPath;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
});
async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => {
    if (!r.url().startsWith(origin + "/") && !r.url().startsWith("data:")) errors.push(`request outside the site: ${r.url()}`);
  });
  return { page, errors, context };
}
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
async function axe(page, label) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const v of result.violations) {
    fail(`axe ${label}: ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }
}

// 1. The audio player: a labelled player, its caption, download link and transcript.
{
  const { page, errors, context } = await newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + fichePath, { waitUntil: "load" });
  const audio = page.locator("figure.media--audio audio");
  expect((await audio.count()) === 1, "player: one audio player on the fiche");
  expect((await audio.getAttribute("preload")) === "none", "player: preload=none");
  expect(!!(await audio.getAttribute("aria-label")), "player: the audio has a name");
  const src = await page.locator("figure.media--audio source").getAttribute("src");
  const response = await page.request.get(new URL(src, page.url()).href);
  expect(response.ok() && (await response.body()).length > 1000, `player: the audio file is served (${src})`);
  // The file plays: its duration is known once its metadata is loaded.
  const duration = await page.evaluate(async () => {
    const a = document.querySelector("figure.media--audio audio");
    a.preload = "metadata";
    a.load();
    await new Promise((ok) => a.addEventListener("loadedmetadata", ok, { once: true }));
    return a.duration;
  });
  expect(duration > 1 && duration < 60, `player: the audio lasts ${duration} s`);
  const summary = page.locator("figure.media--audio details summary");
  expect((await summary.textContent()).trim() === "Lire la transcription", "player: the transcript is offered");
  const text = page.locator("figure.media--audio .media__transcript-text");
  expect(!(await text.isVisible()), "player: the transcript starts closed");
  await summary.focus();
  await page.keyboard.press("Enter");
  expect(await text.isVisible(), "player: Enter opens the transcript");
  expect((await text.textContent()).includes("micro"), "player: the transcript says what is heard");
  const download = page.locator("figure.media--audio a.media__download");
  expect((await download.getAttribute("download")) !== null, "player: the download link downloads");

  // 2. The cover photo: a width of the srcset fitting the screen, its size reserved.
  const cover = page.locator("figure.cover img");
  await cover.evaluate((img) => img.decode());
  const info = await cover.evaluate((img) => ({ src: img.currentSrc, w: img.naturalWidth, attrW: img.getAttribute("width"), attrH: img.getAttribute("height"), ratio: img.clientWidth / img.clientHeight }));
  expect(info.attrW && info.attrH, "photo: the cover has width and height");
  expect(/-1600w\.jpg$|\.jpg$/.test(info.src) && info.w >= 960, `photo: at 1280 px the cover is a wide copy (${info.src}, ${info.w} px)`);
  // The share links, then "Copier le lien" copies the page's address.
  const shares = await page.$$eval(".share__link", (as) => as.map((a) => a.href));
  for (const host of ["https://www.linkedin.com/", "https://www.facebook.com/", "https://wa.me/", "https://bsky.app/", "mailto:"]) {
    expect(shares.some((h) => h.startsWith(host)), `share: a link to ${host}`);
  }
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await page.click(".share__link--copy");
  await page.waitForFunction(() => document.querySelector(".share__status").textContent.length > 0);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const canonical = await page.getAttribute("link[rel=canonical]", "href");
  expect(copied === canonical, `share: "Copier le lien" copies ${canonical}, got ${copied}`);
  expect(page.url().startsWith(base), "share: copying does not leave the page");
  // The network's signature.
  expect((await page.locator(".network-signature").textContent()).includes("Une fiche du réseau"), "network: the fiche is signed");
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "fiche-audio-1280.png"), fullPage: true });
  }
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await axe(page, `(${scheme}) ${fichePath} with the transcript open`);
  }
  for (const e of errors) fail(`JavaScript on the fiche: ${e}`);
  await context.close();
}

// 3. At 360 px: a narrow copy of the cover, nothing wider than the screen.
{
  const { page, errors, context } = await newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
  await page.goto(base + fichePath, { waitUntil: "load" });
  const cover = page.locator("figure.cover img");
  await cover.evaluate((img) => img.decode());
  const src = await cover.evaluate((img) => img.currentSrc);
  expect(/-480w\.jpg$/.test(src), `photo: at 360 px the cover is the 480 px copy (${src})`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide <= 1, `360 px: the fiche scrolls sideways by ${wide} px`);
  await page.locator("figure.media--audio details summary").click();
  if (shots) await page.screenshot({ path: join(shots, "fiche-audio-360.png"), fullPage: true });
  for (const e of errors) fail(`JavaScript on the fiche at 360 px: ${e}`);
  await context.close();
}

// 4. The badges page: the badges shown, each snippet copied by its button.
for (const width of [1280, 360]) {
  const { page, errors, context } = await newPage({ viewport: { width, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await page.goto(base + "badge/", { waitUntil: "load" });
  const sizes = await page.$$eval(".badge-offer__preview img", (imgs) => imgs.map((i) => [i.naturalWidth, i.complete]));
  expect(sizes.length === 2 && sizes.every(([w, done]) => done && w > 100), `badges: both badges show (${JSON.stringify(sizes)})`);
  const buttons = page.locator("button[data-copy-from]");
  expect((await buttons.count()) === 2 && (await buttons.first().isVisible()), "badges: the copy buttons show with JavaScript");
  await buttons.first().click();
  await page.waitForFunction(() => document.querySelector("button[data-copy-from] + [role=status]").textContent.length > 0);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const code = await page.locator("#badge-member-code").textContent();
  expect(copied === code && copied.startsWith("<a href="), `badges: the button copies the snippet (${copied})`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide <= 1, `${width} px: the badges page scrolls sideways by ${wide} px`);
  if (shots) await page.screenshot({ path: join(shots, `badge-${width}.png`), fullPage: true });
  if (width === 1280) {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await axe(page, `(${scheme}) badge/`);
    }
  }
  for (const e of errors) fail(`JavaScript on the badges page: ${e}`);
  await context.close();
}

await browser.close();
server.close();
if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`\n${problems.length} problem(s)`);
  process.exit(1);
}
console.log("voices checks passed");
