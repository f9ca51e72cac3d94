//! Partner sites (`[[sources]]`) fetched at build time, without the internet: local
//! HTTP servers on 127.0.0.1 play the partners — one that answers, one that is down,
//! one that answers too slowly, one whose data is not a `fiches.json`, one with
//! 10,000 fiches — and files on the disk.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use common::{Site, fiche};
use serde_json::json;

/// A partner's `fiches.json` with `n` fiches.
fn partner_json(n: usize, name: &str) -> Vec<u8> {
    let fiches: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "slug": format!("atelier-{i}"),
                "url": format!("https://alpin.example/fiches/atelier-{i}/"),
                "title": format!("Atelier partagé n° {i} de {name}"),
                "date": "2024-05-02",
                "variant": "factual",
                "summary": "Un atelier où les habitants réparent ensemble.",
                "authors": ["Léa"],
                "tags": ["réparation"],
                "themes": ["Lien social"],
                "territory": if i % 2 == 0 { "74" } else { "Haute-Savoie" },
                "body_html": "<p>Texte</p>",
                "body_text": "Les habitants apportent leurs objets cassés et repartent avec.",
            })
        })
        .collect();
    json!({
        "version": 1,
        "site": {"title": name, "url": "https://alpin.example/", "language": "fr"},
        "fiches": fiches,
    })
    .to_string()
    .into_bytes()
}

/// A server on 127.0.0.1 that answers its first `answers` requests with `status` and
/// `body`, then closes (the partner goes down). Returns its `fiches.json` address.
fn partner(status: u16, body: Vec<u8>, answers: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(answers) {
            let Ok(mut stream) = stream else { continue };
            read_request(&stream);
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://127.0.0.1:{port}/fiches.json")
}

fn read_request(stream: &std::net::TcpStream) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
}

/// A partner that takes the request and answers only when told: past the build's
/// timeout, without the test waiting on a clock.
fn slow_partner(body: Vec<u8>) -> (String, mpsc::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Some(Ok(mut stream)) = listener.incoming().next() {
            read_request(&stream);
            let _ = rx.recv();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (format!("http://127.0.0.1:{port}/fiches.json"), tx)
}

/// An address where nothing listens.
fn down_partner() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/fiches.json")
}

fn site_with(sources: &[(&str, &str)]) -> Site {
    let mut toml = "title = \"Réseau Léman\"\nbase_url = \"https://leman.example/\"\n".to_string();
    for (name, url) in sources {
        toml.push_str(&format!(
            "[[sources]]\nname = \"{name}\"\nurl = \"{url}\"\n"
        ));
    }
    Site::new(&[
        ("fiches.toml", &toml),
        (
            "content/jardin.md",
            &fiche(
                "Jardin local",
                "2024-01-10",
                "factual",
                "territory = \"Haute-Savoie\"",
                "Un jardin.",
            ),
        ),
    ])
}

fn quick() -> fiches::BuildOptions {
    fiches::BuildOptions {
        partner_timeout: Some(Duration::from_secs(2)),
        ..Default::default()
    }
}

fn warnings(r: &fiches::Report) -> Vec<String> {
    r.diagnostics
        .iter()
        .filter(|d| !d.is_note() && d.message.contains("partenaire"))
        .map(|d| d.message.clone())
        .collect()
}

fn built_without_errors(r: &fiches::Report) {
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty() && r.built.is_some(), "{errors:?}");
}

/// The partners' copies kept (their validators, `….meta`, beside them not counted).
fn cached_copies(site: &Site) -> usize {
    std::fs::read_dir(site.path().join(".fiches-cache/partners"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .count()
        })
        .unwrap_or(0)
}

/// A partner that knows its file's version: it answers `200` with `ETag` and
/// `Last-Modified`, or `304` and no body to a request naming that version; its
/// requests' heads go to the returned receiver. It answers `answers` requests.
fn versioned_partner(body: Vec<u8>, answers: usize) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(answers) {
            let Ok(mut stream) = stream else { continue };
            let mut head = String::new();
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                head.push_str(&line.to_ascii_lowercase());
                line.clear();
            }
            let same = head.contains("if-none-match: \"v1\"");
            let answer = if same {
                "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n".to_string()
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nLast-Modified: Tue, 01 Dec 2026 10:00:00 GMT\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
            };
            let _ = tx.send(head);
            let _ = stream.write_all(answer.as_bytes());
            if !same {
                let _ = stream.write_all(&body);
            }
        }
    });
    (format!("http://127.0.0.1:{port}/fiches.json"), rx)
}

#[test]
fn an_unchanged_partner_answers_304_and_its_copy_is_used_without_a_warning() {
    let (url, heads) = versioned_partner(partner_json(3, "Réseau Alpin"), 3);
    let site = site_with(&[("Réseau Alpin", &url)]);
    let r = site.build_with(quick());
    built_without_errors(&r);
    let first = heads.recv().unwrap();
    assert!(!first.contains("if-none-match"), "{first}");
    assert_eq!(cached_copies(&site), 1);
    // The next build asks with the version kept, and is told nothing changed.
    site.write(
        "content/autre.md",
        fiche("Autre", "2024-02-01", "factual", "", "Texte.").as_bytes(),
    );
    let r = site.build_with(quick());
    built_without_errors(&r);
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
    let second = heads.recv().unwrap();
    assert!(second.contains("if-none-match: \"v1\""), "{second}");
    assert!(
        second.contains("if-modified-since: tue, 01 dec 2026 10:00:00 gmt"),
        "{second}"
    );
    let home = site.read("index.html");
    assert!(home.contains("3 fiches de partenaires"), "{home}");
    // A copy gone: the version is not asked for, the file is fetched whole.
    let kept = site.path().join(".fiches-cache/partners");
    for e in std::fs::read_dir(&kept).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            std::fs::remove_file(path).unwrap();
        }
    }
    site.write(
        "content/encore.md",
        fiche("Encore", "2024-03-01", "factual", "", "Texte.").as_bytes(),
    );
    let r = site.build_with(quick());
    built_without_errors(&r);
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
    let third = heads.recv().unwrap();
    assert!(!third.contains("if-none-match"), "{third}");
    assert!(site.read("index.html").contains("3 fiches de partenaires"));
}

#[test]
fn a_partner_is_fetched_kept_and_its_copy_used_once_it_is_down() {
    let url = partner(200, partner_json(3, "Réseau Alpin"), 1);
    let site = site_with(&[("Réseau Alpin", &url)]);
    let r = site.build_with(quick());
    built_without_errors(&r);
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
    assert_eq!(cached_copies(&site), 1);
    // The server answered once: it is down now.
    let r = site.build_with(quick());
    built_without_errors(&r);
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("« Réseau Alpin »") && w[0].contains("dernière copie"),
        "{w:?}"
    );
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("partenaire"))
        .unwrap();
    assert_eq!(
        d.line, 3,
        "the warning points at the partner in fiches.toml"
    );
}

#[test]
fn a_partner_down_slow_broken_or_failing_is_a_warning_never_a_failed_build() {
    let (slow, answer) = slow_partner(partner_json(1, "Lent"));
    let sources = [
        ("Éteint", down_partner()),
        ("Lent", slow),
        (
            "Cassé",
            partner(200, b"<html>pas du JSON</html>".to_vec(), 1),
        ),
        ("En panne", partner(500, b"oops".to_vec(), 1)),
        ("Bon", partner(200, partner_json(2, "Bon"), 1)),
    ];
    let list: Vec<(&str, &str)> = sources.iter().map(|(n, u)| (*n, u.as_str())).collect();
    let site = site_with(&list);
    let r = site.build_with(quick());
    answer.send(()).unwrap();
    built_without_errors(&r);
    let w = warnings(&r);
    assert_eq!(w.len(), 4, "{w:#?}");
    for name in ["Éteint", "Lent", "Cassé", "En panne"] {
        assert!(
            w.iter().any(|m| m.contains(&format!("« {name} »"))),
            "{name}: {w:#?}"
        );
    }
    assert!(
        w.iter()
            .any(|m| m.contains("« Lent »") && m.contains("pas de réponse à temps")),
        "{w:#?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("« En panne »") && m.contains("« erreur 500 »")),
        "{w:#?}"
    );
    // Every reason in words an author reads, never the system's English.
    assert!(
        w.iter()
            .any(|m| m.contains("« Éteint »") && m.contains("serveur injoignable")),
        "{w:#?}"
    );
    assert!(
        !w.iter().any(|m| m.contains("io:") || m.contains("refused")),
        "{w:#?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("« Cassé »") && m.contains("pas un fiches.json")),
        "{w:#?}"
    );
    assert_eq!(
        cached_copies(&site),
        2,
        "what answered is kept, whatever it held"
    );
}

#[test]
fn check_fetches_but_keeps_nothing() {
    let url = partner(200, b"[]".to_vec(), 1);
    let site = site_with(&[("Réseau Alpin", &url)]);
    let r = fiches::check(site.path());
    assert!(
        warnings(&r).iter().any(|m| m.contains("« Réseau Alpin »")),
        "{:?}",
        warnings(&r)
    );
    assert_eq!(cached_copies(&site), 0);
}

#[test]
fn a_partner_on_the_disk_is_read_by_path_and_by_file_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alpin.json"), partner_json(2, "Alpin")).unwrap();
    let file_url = format!("file://{}", dir.path().join("alpin.json").display());
    let site = site_with(&[
        ("Par fichier", &file_url),
        ("Absent", "partenaires/absent.json"),
    ]);
    let r = site.build_with(quick());
    built_without_errors(&r);
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("« Absent »") && w[0].contains("ne peut pas être lu"),
        "{w:?}"
    );
}

#[test]
fn a_partner_that_changed_is_not_skipped_as_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alpin.json");
    std::fs::write(&path, partner_json(1, "Alpin")).unwrap();
    let site = site_with(&[("Alpin", &format!("file://{}", path.display()))]);
    let first = site.build_with(quick());
    assert!(!first.built.unwrap().unchanged);
    assert!(site.build_with(quick()).built.unwrap().unchanged);
    std::fs::write(&path, partner_json(2, "Alpin")).unwrap();
    assert!(!site.build_with(quick()).built.unwrap().unchanged);
}

#[test]
fn partner_fiches_are_counted_apart_and_shown_with_their_source_linking_to_them() {
    let url = partner(200, partner_json(4, "Réseau Alpin"), 1);
    let site = site_with(&[("Réseau Alpin", &url)]);
    built_without_errors(&site.build_with(quick()));
    let home = site.read("index.html");
    assert!(
        home.contains("1 fiche · "),
        "the site's own count stays its own"
    );
    assert!(home.contains("4 fiches de partenaires"), "{home}");
    assert_eq!(
        home.matches("publiée par Réseau Alpin").count(),
        3,
        "the latest three"
    );
    assert!(home.contains("href=\"https://alpin.example/fiches/atelier-0/\""));
    // « 74 » and « Haute-Savoie » are one place, named as the places table names it.
    assert!(home.contains("<span class=\"card__place\">Haute-Savoie</span>"));
    assert!(!home.contains("<span class=\"card__place\">74</span>"));
    // Never copied as pages of this site.
    assert!(!site.exists("fiches/atelier-0/index.html"));
    let data = site.read("fiches.json");
    assert!(
        !data.contains("atelier-0"),
        "fiches.json holds the site's own only"
    );
}

#[test]
fn a_partner_with_ten_thousand_fiches_over_http_is_pooled() {
    let url = partner(200, partner_json(10_000, "Grand réseau"), 1);
    let site = site_with(&[("Grand réseau", &url)]);
    let r = site.build_with(quick());
    built_without_errors(&r);
    assert!(warnings(&r).is_empty(), "{:?}", warnings(&r));
    let home = site.read("index.html");
    assert!(home.contains("10000 fiches de partenaires"));
    assert_eq!(home.matches("publiée par Grand réseau").count(), 3);
}

#[test]
fn the_example_partner_file_is_what_its_site_builds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let opts = fiches::BuildOptions {
        output: Some(out.path().join("public")),
        ..Default::default()
    };
    let r = fiches::build(&root.join("exemple-partenaire"), &opts);
    built_without_errors(&r);
    let read = |p: &std::path::Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    let built = read(&out.path().join("public/fiches.json"));
    let shipped = read(&root.join("exemple-partenaire/fiches.json"));
    assert_eq!(
        built["fiches"], shipped["fiches"],
        "rebuild exemple-partenaire and copy its fiches.json (see its fiches.toml)"
    );
    assert_eq!(built["site"], shipped["site"]);
}

#[test]
fn the_example_site_pools_its_partner_offline() {
    let (_dir, out) = common::build_example();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("3 fiches de partenaires"), "{home}");
    assert!(home.contains("publiée par Alpes Solidaires"));
    assert!(
        home.contains("href=\"https://exemple.org/alpes-solidaires/fiches/repair-cafe-annecy/\"")
    );
}

#[test]
fn a_hostile_partner_is_escaped_and_its_unsafe_addresses_left_out() {
    let entry = |slug: &str, url: &str, title: &str| {
        json!({
            "slug": slug, "url": url, "title": title, "date": "2024-05-02",
            "variant": "factual", "summary": "R\u{0}ésumé \u{202e}inversé 👨\u{200d}👩\u{200d}👧",
            "authors": [], "tags": [], "themes": [], "territory": "Haute\u{a0}Savoie",
            "body_html": "", "body_text": "",
        })
    };
    let doc = json!({
        "version": 1,
        "site": {"title": "X", "url": "javascript:alert(1)", "language": "fr"},
        "fiches": [
            entry("a", "https://a.example/\"onmouseover=\"alert(1)", "<script>alert(1)</script> 𝐛𝐨𝐥𝐝 שלום"),
            entry("b", "javascript:alert(2)", "Lien piégé"),
            entry("c", "//evil.example/x", "Sans schéma"),
        ],
    });
    let url = partner(200, doc.to_string().into_bytes(), 1);
    let site = site_with(&[("<b>Réseau</b> \u{202e}", &url)]);
    let r = site.build_with(quick());
    built_without_errors(&r);
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("n° 2 « b »"), "{w:#?}");
    let home = site.read("index.html");
    assert!(!home.contains("<script>alert"), "the title is escaped");
    assert!(!home.contains("<b>Réseau"), "the partner's name is escaped");
    assert!(
        !home.contains("\"onmouseover"),
        "the address stays one attribute"
    );
    assert!(
        !home.contains("javascript:"),
        "no script address, not even the site's"
    );
    assert!(!home.contains('\u{0}'), "no NUL in the page");
    assert!(home.contains("𝐛𝐨𝐥𝐝 שלום"));
    assert!(home.contains("2 fiches de partenaires"));
    // `//host/path` keeps the partner's scheme.
    assert!(home.contains("href=\"http://evil.example/x\""));
}
