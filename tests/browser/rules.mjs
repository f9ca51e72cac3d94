// Unit tests of the contribution form's rules and model (contribute-rules.js,
// contribute-model.js) under Node, on the form data of a built site (read from its
// proposer/index.html by tests/contribute_rules.rs). Asserts what it can alone,
// then writes one file per case in OUT with what the form found, so that the Rust
// test can ask `fiches check` the same question.
// Usage: node rules.mjs DATA_JSON OUT. Prints JSON: [{name, errors, warnings}].
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const [dataFile, out] = process.argv.slice(2);
// What the scripts use of the browser that Node also has.
const context = { URL };
vm.createContext(context);
for (const f of ["contribute-rules.js", "contribute-model.js"]) {
  vm.runInContext(fs.readFileSync(path.join(root, "themes/default/static", f), "utf8"), context);
}
const R = context.FichesRules;
const M = context.FichesModel;
const D = JSON.parse(fs.readFileSync(dataFile, "utf8"));
const sc = R.schema(D);
// Arrays made in the scripts' context are not this one's: compared as plain copies.
const keys = (list) => Array.from(list, (e) => e.key + ":" + e.message);

// ---- Rules alone ----

assert.deepEqual({ ...R.dateOf({ day: "29", month: "2", year: "2024" }) }, { iso: "2024-02-29" });
assert.equal(R.dateOf({ day: "29", month: "2", year: "2023" }).error, "form_error_date");
assert.equal(R.dateOf({ day: "31", month: "4", year: "2024" }).error, "form_error_date");
assert.equal(R.dateOf({ day: "1", month: "13", year: "2024" }).error, "form_error_date");
assert.equal(R.dateOf({ day: "1", month: "1", year: "24" }).error, "form_error_date_year");
assert.equal(R.dateOf({ day: "1", month: "", year: "2024" }).error, "form_error_date_incomplete");
assert.equal(R.dateOf({ day: "١", month: "1", year: "2024" }).error, "form_error_date");
assert.ok(R.dateOf({}).empty);
for (const good of ["a@b.fr", "prénom.nom@exemple.org"]) assert.ok(R.isEmail(good), good);
for (const bad of ["a@b", "@b.fr", "a@.fr", "a@b.fr.", "a b@c.fr", "a@b@c.fr", "a\u00a0@b.fr"]) assert.ok(!R.isEmail(bad), bad);
for (const good of ["https://exemple.org", "http://a.b/c?d#e"]) assert.ok(R.isUrl(good), good);
for (const bad of ["exemple.org", "https://localhost", "https://a.b/c d", "javascript:alert(1)", "ftp://a.b"]) {
  assert.ok(!R.isUrl(bad), bad);
}
assert.equal(R.number("1 200"), 1200);
assert.equal(R.number("1\u202f200,5"), 1200.5);
assert.equal(R.number("12a"), null);
assert.equal(R.number("1e5"), null);
assert.deepEqual([...R.localLinks("[a](photo.jpg) [b](https://x.org) [c](#s)\n[d]: ../e.md")], ["photo.jpg", "../e.md"]);
assert.equal(R.text("  a\r\nb\rc  "), "a\nb\nc");
assert.equal(R.line(" a \n b "), "a b");
assert.equal(R.text("a\u0001b\u000bc\ufffe\u0085d\u{10fffe}\u{1f600}\u200d"), "ab c d\u{1f600}\u200d");
// Slugs the form cannot spell are unknown, never guessed; a file name is always known.
assert.equal(R.slugify("Łódź"), "lodz");
assert.equal(R.slugify("Мир"), null);
assert.equal(R.slugEmpty("!!!"), true);
assert.equal(R.slugEmpty("Мир"), null);
assert.equal(R.slugEmpty("Мир ok"), false);
assert.match(R.fileName("Мир"), /^fiche-[0-9a-f]{8}$/);
assert.equal(R.fileName("Мир"), R.fileName("Мир".normalize("NFD")));
assert.notEqual(R.fileName("Мир"), R.fileName("Мира"));
assert.equal(R.fileName("!!!"), "");

// ---- Model: from a fiche's data, to the file, back ----

const job = sc.variantOf("job");
assert.ok(job, "the test site declares a variant job");
const edit = {
  values: {
    title: "Médiatrice « de quartier »", date: "2024-03-05", variant: "job",
    summary: "Un métier\nde liens.", competences: ["Animation", "Médiation"], participants: 12,
    themes: ["Travail en réseau"], authors: ["Awa", "Jo"],
  },
  sections: [{ title: "Missions", text: "Écouter." }],
  extra: "",
};
const model = M.fromEdit(sc, edit);
assert.equal(model.variant, "job");
assert.deepEqual({ ...model.values.date }, { day: "5", month: "3", year: "2024" });
assert.equal(model.values.participants, "12");
assert.equal(model.sections.Missions, "Écouter.");
const checked = R.check(sc, model, { edit: null, photo: null });
assert.deepEqual(keys(checked.errors), []);
const file = M.fileText(sc, checked);
assert.ok(file.startsWith('+++\ntitle = "Médiatrice « de quartier »"\ndate = 2024-03-05\nvariant = "job"\n'), file);
assert.ok(file.includes("\nparticipants = 12\n") && file.includes("\ndraft = true\n+++\n\n## Missions\n\nÉcouter.\n"), file);
// What the author is shown instead of the file: labels and values as written.
const rows = JSON.parse(JSON.stringify(M.summary(sc, checked)));
const label = (k) => sc.fields.get(k).label;
assert.deepEqual(rows.find((r) => r.kind === "variant"), { kind: "variant", value: job.label });
assert.deepEqual(rows.find((r) => r.key === "title"), { kind: "field", key: "title", label: label("title"), values: ["Médiatrice « de quartier »"], date: false });
assert.deepEqual(rows.find((r) => r.key === "date").values, ["2024-03-05"]);
assert.ok(rows.find((r) => r.key === "date").date);
assert.deepEqual(rows.find((r) => r.key === "competences").values, ["Animation", "Médiation"]);
assert.deepEqual(rows.find((r) => r.key === "participants").values, ["12"]);
assert.deepEqual(rows.find((r) => r.key === "summary").values, [checked.values.summary]);
assert.deepEqual(rows.filter((r) => r.kind === "section"), [{ kind: "section", title: "Missions", text: "Écouter." }]);
assert.ok(rows.every((r) => r.kind !== "field" || (r.label && !r.label.includes("_"))), JSON.stringify(rows));
// Saved in the browser and restored: the same model, the same file.
const restored = M.normalise(sc, JSON.parse(JSON.stringify(model)));
assert.deepEqual(JSON.parse(JSON.stringify(restored)), JSON.parse(JSON.stringify(model)));
assert.equal(M.fileText(sc, R.check(sc, restored, {})), file);
// Saved data from elsewhere (an old version, a hand edit) is made safe, not trusted.
const strange = M.normalise(sc, { variant: "nope", values: { title: 3, themes: "x", date: 5 }, testimonies: [{ quote: 1, consent: "yes" }] });
assert.equal(strange.variant, sc.variants.length === 1 ? sc.variants[0].name : "");
assert.deepEqual([...strange.values.themes], ["x"]);
assert.equal(strange.values.title, "3");
assert.deepEqual({ ...strange.testimonies[0] }, { name: "", role: "", quote: "", consent: false });
assert.equal(M.tomlString('a"\\\n\t\u0001\u007f'), '"a\\"\\\\\\n\\t\\u0001\\u007F"');
// A photo is checked in edit mode only, and a GIF is not offered.
const withPhoto = (type) => keys(R.check(sc, model, { edit: { path: "content/x.md" }, photo: { type, size: 10 } }).errors);
assert.deepEqual(withPhoto("image/gif"), ["image:form_error_image_kind", "image_alt:form_error_image_alt"]);
assert.deepEqual(withPhoto("image/png"), ["image_alt:form_error_image_alt"]);
assert.ok(!R.PHOTO_TYPES.includes("image/gif"));

// ---- Where the file is sent: prefilled while the address stays short enough ----

const gh = M.forgeLink({ kind: "github", url: "https://github.com/r/f/", branch: "main" }, "content/a b.md", "x & y");
assert.equal(gh.href, "https://github.com/r/f/new/main?filename=content%2Fa%20b.md&value=x%20%26%20y");
assert.ok(gh.whole);
const gl = M.forgeLink({ kind: "gitlab", url: "https://gitlab.com/r/f", branch: "dev/2" }, "content/a.md", "é");
assert.equal(gl.href, "https://gitlab.com/r/f/-/new/dev/2?file_name=content%2Fa.md&content=%C3%A9");
const long = M.forgeLink({ kind: "forgejo", url: "https://codeberg.org/r/f" }, "content/a.md", "é".repeat(5000));
assert.deepEqual({ ...long }, { href: "https://codeberg.org/r/f/_new/main/?filename=content%2Fa.md", whole: false });
assert.equal(M.forgeName({ kind: "forgejo", url: "https://codeberg.org/r/f" }), "codeberg.org");
assert.equal(M.forgeName({ kind: "forgejo", url: "not a url" }), "Forgejo");
const mail = M.mailtoLink("a+b@exemple.org", "Fiche : « x »", "l1\nl2, a+b;\r\nc", "Linux x86_64");
assert.equal(mail.href, "mailto:a%2Bb@exemple.org?subject=Fiche%20:%20%C2%AB%20x%20%C2%BB&body=l1%0D%0Al2,%20a%2Bb;%0D%0Ac");
// What a mail program reads back is the text, whatever RFC 6068 leaves unescaped.
const odd = "k = \"v\" : ; , @ $ + & = ? # % / é 🎉\u00a0\u202f«»\n!";
const back = new URLSearchParams(M.mailtoLink("a@b.fr", "s", odd, "MacIntel").href.split("?")[1]).get("body");
assert.equal(back.replace(/\r\n/g, "\n"), odd);
// The limits: Windows' browsers pass 2,048 characters at most (quotes included),
// Gmail's handler about 6,400; a 1.3 KB fiche is not refused but on Windows.
assert.equal(M.mailtoMax("Win32"), 2040);
assert.equal(M.mailtoMax("Windows"), 2040);
for (const p of ["MacIntel", "iPhone", "Linux x86_64", "Linux armv8l", "", undefined]) assert.equal(M.mailtoMax(p), 6000, p);
const fill = (n) => M.mailtoLink("a@b.fr", "s", "x".repeat(n), "Win32");
const head = "mailto:a@b.fr?subject=s&body=".length;
assert.ok(fill(2040 - head).whole && !fill(2041 - head).whole);
assert.equal(fill(2041 - head).href, "mailto:a@b.fr?subject=s");
const story = sc.variantOf("storytelling");
if (story) {
  // A story of 1.3 KB, in French, as the form writes it.
  const m = M.empty(sc);
  m.variant = "storytelling";
  Object.assign(m.values, { title: "Un jardin partagé au pied des immeubles", summary: "Les habitants ont créé un jardin avec le centre social.", collective: "Centre social des Dervallières" });
  m.values.date = { day: "12", month: "5", year: "2024" };
  const said = "Au printemps, des habitantes nous ont dit qu'elles s'ennuyaient : pas de lieu pour se retrouver, des pelouses vides. ";
  story.sections.forEach((s) => (m.sections[s.title] = said.repeat(3)));
  const text = M.fileText(sc, R.check(sc, m, {}));
  const bytes = new TextEncoder().encode(text).length;
  assert.ok(bytes >= 1250 && bytes <= 1400, `${bytes} bytes`);
  for (const p of ["MacIntel", "iPhone", "Linux x86_64"]) assert.ok(M.mailtoLink("redaction@exemple.org", "Proposition de fiche : x", text, p).whole, p);
}

// ---- A term typed into a list: the site's spelling, never twice ----

const terms = ["Été", "Travail en réseau"];
const fold = (x) => R.slugify(x) || x.toLowerCase();
const items = [];
assert.deepEqual({ ...M.addTerm(items, "  été\u00a0 ", terms, fold) }, { value: "Été", added: true });
assert.deepEqual({ ...M.addTerm(items, "ETE", terms, fold) }, { value: "Été", added: false });
assert.deepEqual({ ...M.addTerm(items, "travail  en\tRéseau", terms, fold) }, { value: "Travail en réseau", added: true });
assert.deepEqual({ ...M.addTerm(items, "Мир", terms, fold) }, { value: "Мир", added: true });
assert.deepEqual({ ...M.addTerm(items, "мир", terms, fold) }, { value: "Мир", added: false });
assert.equal(M.addTerm(items, " \n\u202f ", terms, fold), null);
assert.deepEqual([...items], ["Été", "Travail en réseau", "Мир"]);

// ---- Saving through fiches serve: what is sent, what the answer means ----

const request = M.saveRequest({ token: "t", path: "content/a.md", save: "/x" }, { values: { title: "A" }, sections: [], extra: "" });
assert.deepEqual(JSON.parse(JSON.stringify(request)), { token: "t", path: "content/a.md", hash: null, values: { title: "A" }, sections: [], extra: "" });
const saved = M.saveAnswer(200, true, { ok: true, url: "/fiches/a/" });
assert.ok(saved.ok && saved.url === "/fiches/a/");
// Not done unless the status says so, whatever the JSON says; no address, not done.
assert.equal(M.saveAnswer(409, true, { ok: true, url: "/x/", conflict: "+++" }).ok, false);
assert.equal(M.saveAnswer(409, true, { ok: false, conflict: "+++" }).conflict, "+++");
assert.equal(M.saveAnswer(200, true, { ok: true }).ok, false);
// An answer that is not the editor's JSON is told by its status (it used to be
// « the server does not answer »).
const said = (a) => Array.from(a.errors, (e) => e.say + ":" + (e.vars ? e.vars.status : ""));
assert.deepEqual(said(M.saveAnswer(413, false, null)), ["form_save_too_large:413"]);
assert.deepEqual(said(M.saveAnswer(503, false, null)), ["form_save_status:503"]);
assert.deepEqual(said(M.saveAnswer(502, true, ["not", "an", "object"])), ["form_save_status:502"]);
assert.deepEqual(said(M.saveAnswer(0, false, null)), ["form_server_unreachable:0"]);
// Problems go next to the field or the section they name, else to the summary.
const refused = M.saveAnswer(422, true, {
  ok: false,
  errors: [{ field: "title", message: "Titre ?" }, { field: "Missions", message: "Vide" }, { field: "x" }, null, { message: 3 }],
});
const placed = M.saveErrors(refused, (k) => k === "title", ["Missions"]);
assert.deepEqual(Array.from(placed, (e) => e.key + ":" + (e.message || e.say)), [
  "title:Titre ?", "section:Missions:Vide", ":form_save_failed", ":form_save_failed", ":form_save_failed",
]);
assert.deepEqual(Array.from(M.saveErrors({ ok: false, errors: "?" }, () => true, []), (e) => e.say), ["form_save_failed"]);

// ---- Cases for fiches check: the form's verdict, and the file it writes ----

const cases = [];
function addCase(name, change) {
  const m = M.normalise(sc, JSON.parse(JSON.stringify(model)));
  change(m);
  const fiche = R.check(sc, m, { edit: null, photo: null });
  fs.writeFileSync(path.join(out, name + ".md"), M.fileText(sc, fiche));
  cases.push({ name, errors: keys(fiche.errors), warnings: keys(fiche.warnings) });
}
addCase("ok", () => {});
addCase("no-title", (m) => (m.values.title = " \n "));
addCase("no-summary", (m) => (m.values.summary = ""));
addCase("bad-date", (m) => (m.values.date = { day: "30", month: "2", year: "2024" }));
addCase("no-signature", (m) => (m.values.authors = []));
addCase("bad-url", (m) => (m.values.site_web = "www.exemple.org"));
addCase("good-url", (m) => (m.values.site_web = "https://exemple.org/a"));
addCase("bad-email", (m) => (m.values.courriel = "jo@exemple"));
addCase("good-email", (m) => (m.values.courriel = "jo@exemple.org"));
addCase("bad-number", (m) => (m.values.participants = "douze"));
addCase("outside-choice", (m) => (m.values.financement = "Autre"));
addCase("outside-choices", (m) => m.values.competences.push("Jonglage"));
addCase("no-choice", (m) => (m.values.competences = []));
addCase("outside-theme", (m) => (m.values.themes = ["Autre chose"]));
addCase("term-without-letter", (m) => (m.values.tags = ["!!!"]));
addCase("terms-in-other-scripts", (m) => (m.values.tags = ["Мир", "北京", "🎉"]));
addCase("title-in-another-script", (m) => (m.values.title = "Кафе родителей"));
addCase("no-section", (m) => (m.sections.Missions = "  "));
addCase("long-title", (m) => (m.values.title = "Un titre ".repeat(20).trim()));
addCase("long-summary", (m) => (m.values.summary = "Une phrase. ".repeat(30).trim()));
addCase("astral-title", (m) => (m.values.title = "𝐁𝐨𝐥𝐝 ".repeat(37).trim()));
addCase("control-characters", (m) => {
  m.values.summary = "a\u0001b\u000bc\ufffe\u0085d\u{10ffff}\ufdd0";
  m.values.title = "Titre\u0000\u001f";
  m.testimonies = [];
  m.sections.Missions = "Écouter\u000c.";
});
// What check warns of, the form warns of: a recommended part left empty (an empty
// story: no text, no testimony), one of them only, or none.
if (story) {
  const empty = (name, filled) => addCase(name, (m) => {
    m.variant = "storytelling";
    m.sections = Object.fromEntries(story.sections.slice(0, filled).map((s) => [s.title, "Un texte."]));
    m.testimonies = [];
  });
  empty("empty-story", 0);
  empty("story-one-part-missing", story.sections.length - 1);
  empty("story-whole", story.sections.length);
  assert.ok(story.sections.length > 0 && story.sections.every((s) => !s.required));
}
const facts = sc.variantOf("factual");
if (facts) {
  addCase("empty-facts", (m) => {
    m.variant = "factual";
    m.sections = { [facts.sections[0].title]: " \n " };
  });
}
if (story && sc.fieldsOf(story).some((f) => f.type === "testimonies")) {
  const tell = (name, testimonies) => addCase(name, (m) => {
    m.variant = "storytelling";
    m.sections = Object.fromEntries(story.sections.map((s) => [s.title, "Un texte."]));
    m.testimonies = testimonies;
  });
  tell("testimony-ok", [{ name: "Awa", role: "", quote: "Bien.", consent: true }]);
  tell("testimony-no-consent", [{ name: "Awa", role: "", quote: "Bien.", consent: false }]);
  tell("testimony-no-quote", [{ name: "Awa", role: "Voisine", quote: "", consent: true }]);
}
// An event ends after it starts: an end before the start, or at it, is the end's error
// (fiches check refuses both); a start alone, or an end after it, is none. It says
// where it takes place (on site: a place or a town; online: a link or how to register).
const ev = sc.variantOf("event");
if (ev) {
  const event = (start, end, where = { town: "Villeurbanne" }) => (m) => {
    m.variant = "event";
    m.values.start = start;
    m.values.end = end;
    m.values.organizers = ["Réseau des acteurs"];
    Object.assign(m.values, where);
    m.sections = Object.fromEntries(ev.sections.map((s) => [s.title, "Un débat."]));
  };
  const said = (start, end, where) => {
    const m = M.normalise(sc, JSON.parse(JSON.stringify(model)));
    event(start, end, where)(m);
    const fiche = R.check(sc, m, { edit: null, photo: null });
    return [...keys(fiche.errors), ...keys(fiche.warnings)];
  };
  const at = ["2026-03-12T19:00", "2026-03-12T21:30"];
  assert.deepEqual(said(...at, {}), ["place:form_error_event_where"]);
  assert.deepEqual(said(...at, { place: "Centre social" }), []);
  assert.deepEqual(said(...at, { attendance: "online" }), ["online_url:form_warning_event_online"]);
  assert.deepEqual(said(...at, { attendance: "online", registration: "a@b.fr" }), []);
  assert.deepEqual(said(...at, { attendance: "mixed" }), ["place:form_error_event_where", "online_url:form_warning_event_online"]);
  addCase("event-nowhere", event(...at, {}));
  addCase("event-online-no-link", event(...at, { attendance: "online" }));
  addCase("event-online", event(...at, { attendance: "online", online_url: "https://exemple.org/visio" }));
  assert.deepEqual(said("2026-03-12T19:00", "2026-03-12T18:59"), ["end:form_error_end_before_start"]);
  assert.deepEqual(said("2026-03-12T19:00", "2026-03-12T19:00"), ["end:form_error_end_before_start"]);
  assert.deepEqual(said("2026-03-12T19:00", "2026-03-11T23:00"), ["end:form_error_end_before_start"]);
  assert.deepEqual(said("2026-03-12 19:00", "2026-03-12T21:30:00"), []);
  assert.deepEqual(said("2026-03-12T19:00", ""), []);
  addCase("event-ok", event("2026-03-12T19:00", "2026-03-12T21:30"));
  addCase("event-end-before-start", event("2026-03-12T19:00", "2026-03-12T18:59"));
  addCase("event-end-at-start", event("2026-03-12T19:00", "2026-03-12T19:00"));
}
console.log(JSON.stringify(cases));
