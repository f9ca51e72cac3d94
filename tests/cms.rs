//! The CMS made from the schema (`[cms]`): `admin/` is built and served, reader pages
//! still load nothing from elsewhere, the configuration passes Sveltia CMS's JSON
//! Schema, and Decap CMS creates and edits fiches in a real browser
//! (`tests/cms/decap.mjs`). The last two need `npm ci --prefix tests/cms` (and
//! check-jsonschema, Chromium): where they are missing the tests say so and stop,
//! unless `FICHES_TOOL_TESTS=1` / `FICHES_BROWSER_TESTS=1` demand them (CI sets both).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site of every field type and three variants, with `[cms]` and `extra` lines.
fn site(extra: &str) -> common::Site {
    let toml = format!(
        r#"title = "Réseau « test » : 𝐛 ﬁ 👩‍👩‍👧 \u00a0\u202f \\ \" # &"
base_url = "https://exemple.org/reseau/"
repository = "https://github.com/reseau/fiches"
{extra}
[fields.age]
label = "Âge : « public » # 1"
type = "choices"
values = ["enfants", "adultes: 18+", "yes", "null", "- tiret"]
help = "Qui venait ? « citation » \\ \"guillemets\""

[fields.site_web]
label = "Site"
type = "url"

[fields.courriel]
label = "Courriel"
type = "email"

[fields.nombre]
label = "Nombre"
type = "number"

[fields.fin]
label = "Fin"
type = "date"

[fields.lieu]
label = "Lieu"
type = "choice"
values = ["ville", "campagne"]

[variants.factual]
fields = ["period", "age", "site_web", "courriel", "nombre", "fin", "lieu"]
required_fields = ["lieu"]

[variants.atelier]
label = "Atelier\u2028d'été"
required_sections = ["Déroulé"]

[taxonomies.themes]
terms = ["Santé", "Logement"]

[cms]
"#
    );
    common::Site::new(&[("fiches.toml", &toml)])
}

#[test]
fn build_writes_admin_and_reader_pages_load_nothing_from_elsewhere() {
    let s = site("");
    s.build_ok();
    let page = s.read("admin/index.html");
    assert!(page.contains(fiches::config::DECAP_URL), "{page}");
    assert!(s.read("admin/config.yml").contains("name: \"factual\""));
    // Only the admin page names the application's address.
    for (path, bytes) in common::snapshot(&s.out()) {
        if path.ends_with(".html") && path != "admin/index.html" {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("unpkg.com"), "{path}");
            assert!(
                !text.contains("src=\"http"),
                "{path} loads a script from elsewhere"
            );
        }
    }
    // Without [cms], no admin/.
    let plain = common::Site::new(&[]);
    plain.build_ok();
    assert!(!plain.exists("admin/index.html") && !plain.exists("admin/config.yml"));
}

#[test]
fn serve_serves_the_cms() {
    let s = site("");
    let server = common::serve(&s);
    let (status, body) =
        common::request(server.port, "GET /admin/config.yml HTTP/1.1\r\nHost: x", "");
    assert_eq!(status, 200);
    assert!(body.contains("format: \"toml-frontmatter\""), "{body}");
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    std::io::Write::write_all(
        &mut stream,
        b"GET /admin/config.yml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut head = String::new();
    std::io::Read::read_to_string(&mut stream, &mut head).unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/yaml"),
        "{head}"
    );
    let (status, page) = common::request(server.port, "GET /admin/ HTTP/1.1\r\nHost: x", "");
    assert_eq!(status, 200);
    assert!(page.contains("CMS_MANUAL_INIT"));
}

/// Where a validator lives: `CHECK_JSONSCHEMA`, else on the PATH.
fn check_jsonschema() -> Option<PathBuf> {
    let path = std::env::var_os("CHECK_JSONSCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| "check-jsonschema".into());
    Command::new(&path)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| path)
}

fn validate(tool: &Path, schema: &Path, file: &Path) -> (bool, String) {
    let out = Command::new(tool)
        .arg("--schemafile")
        .arg(schema)
        .arg(file)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_configuration_passes_sveltia_cms_schema() {
    let schema = root().join("tests/cms/node_modules/@sveltia/cms/schema/sveltia-cms.json");
    let tool = check_jsonschema();
    let missing = tool.is_none() || !schema.is_file();
    if missing {
        assert!(
            std::env::var_os("FICHES_TOOL_TESTS").is_none(),
            "Sveltia's schema check required but missing: check-jsonschema, npm ci --prefix tests/cms"
        );
        eprintln!(
            "Sveltia's schema check skipped; to run it: pip install check-jsonschema, npm ci --prefix tests/cms"
        );
        return;
    }
    let tool = tool.unwrap();
    for (name, extra) in [
        ("github", ""),
        (
            "gitlab",
            "repository = \"https://gitlab.exemple.org/g/s/fiches/-/tree/main/site\"\n",
        ),
        (
            "codeberg",
            "repository = \"https://codeberg.org/reseau/fiches\"\n",
        ),
        ("english", "language = \"en\"\n"),
    ] {
        // `repository` given twice would be a TOML error: the later one replaces it.
        let s = site(extra);
        if extra.starts_with("repository") {
            let toml = std::fs::read_to_string(s.path().join("fiches.toml")).unwrap();
            let toml = toml.replacen("repository = \"https://github.com/reseau/fiches\"\n", "", 1);
            s.write("fiches.toml", toml.as_bytes());
        }
        s.build_ok();
        let file = s.out().join("admin/config.yml");
        let (ok, text) = validate(&tool, &schema, &file);
        assert!(
            ok,
            "{name}: {text}\n{}",
            std::fs::read_to_string(&file).unwrap()
        );
        // Every text, however written in fiches.toml, reads back as it was.
        let yml = std::fs::read_to_string(&file).unwrap();
        assert!(
            yml.contains(r#"- "adultes: 18+""#) && yml.contains(r#"- "yes""#),
            "{yml}"
        );
    }
    // The schema is not a no-op: a widget option it does not know is refused.
    let s = site("");
    s.build_ok();
    let file = s.out().join("admin/config.yml");
    let yml = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        yml.replacen(
            "widget: \"string\"",
            "widget: \"string\"\n        colour: \"red\"",
            1,
        ),
    )
    .unwrap();
    assert!(!validate(&tool, &schema, &file).0);
}

#[test]
fn decap_cms_creates_and_edits_fiches_in_a_real_browser() {
    let installed = root()
        .join("tests/cms/node_modules/decap-cms/dist/decap-cms.js")
        .is_file()
        && root().join("tests/cms/node_modules/decap-server").is_dir()
        && root()
            .join("tests/cms/node_modules/playwright-core")
            .is_dir();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = Command::new("node").arg("--version").output().is_ok();
    if !installed || !Path::new(&chromium).exists() || !node {
        assert!(
            std::env::var_os("FICHES_BROWSER_TESTS").is_none(),
            "the CMS browser check required but missing: npm ci --prefix tests/cms, Chromium, Node.js"
        );
        eprintln!(
            "the CMS browser check skipped; to run it: npm ci --prefix tests/cms, apt-get install chromium"
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let out = Command::new("node")
        .arg(root().join("tests/cms/decap.mjs"))
        .arg(env!("CARGO_BIN_EXE_fiches"))
        .arg(root().join("content-example"))
        .arg(work.path())
        .arg(fiches::config::DECAP_URL)
        .arg(fiches::config::DECAP_INTEGRITY)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("cms checks passed"), "{stdout}");
    if let Some(dir) = std::env::var_os("FICHES_CMS_SCREENSHOTS") {
        for shot in ["admin-1280.png", "admin-360.png"] {
            std::fs::copy(work.path().join(shot), Path::new(&dir).join(shot)).unwrap();
        }
    }
}

/// What Decap CMS writes (its TOML writer, `tomlify`) is what `fiches` reads: keys in
/// the form's order (`variant` first), a date as the widget's format in quotes, or as it
/// was read (`2024-09-05`), or as a full time stamp when a date field has no format;
/// testimonies as tables after the other keys; `draft = false`.
#[test]
fn fiches_reads_what_decap_cms_writes() {
    let fiche = |title: &str, date: &str| {
        format!(
            "+++\nvariant = \"storytelling\"\ntitle = \"{title}\"\ndate = {date}\nsummary = \"Des \\\"voisins\\\" \\\\ 👩\u{200d}👩\u{200d}👧 se parlent.\\nEnfin.\"\ncollective = \"Les voisins\"\ndraft = false\nupdated = \"2026-12-01\"\n\n[[testimonies]]\nconsent = true\nname = \"Josiane\"\nquote = \"Je ne connaissais personne.\"\n+++\n## Le récit\n\nNous avons fermé la rue.\n"
        )
    };
    let s = common::Site::new(&[
        (
            "content/quoted/index.md",
            &fiche("Quoted", "\"2026-11-30\""),
        ),
        ("content/as-read/index.md", &fiche("As read", "2026-11-29")),
        (
            "content/stamp/index.md",
            &fiche("Stamp", "2026-11-28T00:00:00.000Z"),
        ),
        (
            "content/stamp-text/index.md",
            &fiche("Stamp text", "\"2026-11-27T00:00:00.000Z\""),
        ),
    ]);
    s.build_ok();
    let data: serde_json::Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    let dates: Vec<(&str, &str)> = data["fiches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["title"].as_str().unwrap(), f["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dates,
        [
            ("Quoted", "2026-11-30"),
            ("As read", "2026-11-29"),
            ("Stamp", "2026-11-28"),
            ("Stamp text", "2026-11-27")
        ]
    );
    let first = &data["fiches"][0];
    assert_eq!(first["updated"], "2026-12-01");
    assert_eq!(
        first["summary"],
        "Des \"voisins\" \\ 👩\u{200d}👩\u{200d}👧 se parlent.\nEnfin."
    );
    assert_eq!(first["testimonies"][0]["name"], "Josiane");
}
