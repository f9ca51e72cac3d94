//! `fiches serve` as a user runs it: the real binary on a free port, raw HTTP
//! requests, a live-reload subscriber, and edits made to the files.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use common::live::{PATIENCE, mark_of, subscribe, subscribe_since};
use common::{Site, fiche, serve};

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `request` as written (so that malformed targets reach the server as is).
fn raw(port: u16, request: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn get(port: u16, path: &str) -> Reply {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    )
}

/// Waits until `cond` holds on the page, looked at again after each event of the
/// server.
fn eventually(port: u16, path: &str, what: &str, cond: impl Fn(&Reply) -> bool) -> Reply {
    common::live::until(port, what, || {
        let r = get(port, path);
        match cond(&r) {
            true => Ok(r),
            false => Err(format!("{} {}", r.status, r.body)),
        }
    })
}

fn sections() -> &'static str {
    "## Contexte\n\n## Objectifs\n\n## Actions menées\n\n## Moyens\n\n## Résultats\n"
}

fn site() -> Site {
    let s = Site::new(&[
        (
            "content/un.md",
            &fiche(
                "Première fiche",
                "2024-01-01",
                "factual",
                "tags = [\"accueil\"]",
                sections(),
            ),
        ),
        (
            "content/deux.md",
            &fiche("Deuxième fiche", "2023-01-01", "factual", "", sections()),
        ),
        ("static/docs/guide.pdf", "%PDF-1.4"),
    ]);
    s.write(
        "public/index.html",
        b"<p>old build output, never served</p>",
    );
    s
}

#[test]
fn pages_and_assets_are_served_with_their_types() {
    let s = site();
    let srv = serve(&s);
    let home = get(srv.port, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control").as_deref(), Some("no-store"));
    assert!(home.body.contains("Première fiche"));
    assert!(
        home.body
            .contains("<script src=\"/__fiches/live.js\" data-since=\"0.")
    );
    let css = get(srv.port, "/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        get(srv.port, "/docs/guide.pdf")
            .header("Content-Type")
            .as_deref(),
        Some("application/pdf")
    );
    assert_eq!(get(srv.port, "/__fiches/live.js").status, 200);
    let page = get(srv.port, "/fiches/un/");
    assert!(page.body.contains("<h1>Première fiche</h1>"));
    let redirect = get(srv.port, "/fiches/un?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("Location").as_deref(),
        Some("/fiches/un/?x=1")
    );
    let missing = get(srv.port, "/nulle-part/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page introuvable"));
    let head = raw(
        srv.port,
        "HEAD /fiches/un/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let post = raw(
        srv.port,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.status, 405);
    assert!(
        !s.out().join("fiches").exists(),
        "serve writes nothing into the site folder"
    );
}

#[test]
fn traversal_attempts_get_nothing_and_the_server_lives_on() {
    let s = site();
    std::fs::write(s.path().join("secret.txt"), "SECRET").unwrap();
    let srv = serve(&s);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/fiches%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/secret.txt%00.html",
        "/%ff%fe",
        "http://evil.example/../secret.txt",
        "/fiches.toml",
        "/content/un.md",
    ] {
        let r = raw(
            srv.port,
            &format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        );
        assert!(r.status == 404 || r.status == 400, "{target}: {}", r.status);
        assert!(
            !r.body.contains("SECRET") && !r.body.contains("title ="),
            "{target}"
        );
    }
    let r = raw(
        srv.port,
        "GET http://127.0.0.1/fiches/un/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 200, "absolute-form targets are served by path");
    assert_eq!(get(srv.port, "/").status, 200);
}

#[test]
fn an_edit_reaches_the_browser_and_a_broken_edit_shows_the_overlay() {
    let s = site();
    let srv = serve(&s);
    let events = subscribe(srv.port);
    s.put(
        "content/un.md",
        fiche(
            "Première fiche revue",
            "2024-01-01",
            "factual",
            "tags = [\"accueil\"]",
            sections(),
        )
        .as_bytes(),
    );
    events.reload();
    eventually(srv.port, "/fiches/un/", "edited page", |r| {
        r.body.contains("<h1>Première fiche revue</h1>")
    });
    eventually(srv.port, "/", "home lists the new title", |r| {
        r.body.contains("Première fiche revue")
    });

    s.put(
        "content/un.md",
        b"+++\ntitle = \"<b>cass\xc3\xa9e\"\ntagz = 1\n+++\n",
    );
    events.reload();
    let broken = eventually(srv.port, "/fiches/un/", "overlay", |r| {
        r.body.contains("fiches-overlay")
    });
    assert!(
        broken.body.contains("<h1>Première fiche revue</h1>"),
        "the last good page stays under the overlay"
    );
    assert!(broken.body.contains("Champ inconnu `tagz` dans la fiche")); // a sentence, in the overlay
    assert!(broken.body.contains("content/un.md:3:1"));
    assert!(broken.body.contains("&lt;b&gt;cassée") || !broken.body.contains("<b>cassée"));
    assert!(
        get(srv.port, "/tags/").body.contains("fiches-overlay"),
        "every page shows it"
    );

    s.put(
        "content/un.md",
        fiche(
            "Première fiche réparée",
            "2024-01-01",
            "factual",
            "",
            sections(),
        )
        .as_bytes(),
    );
    events.reload();
    let fixed = eventually(srv.port, "/fiches/un/", "fixed", |r| {
        r.body.contains("réparée")
    });
    assert!(!fixed.body.contains("fiches-overlay"));
    assert!(!get(srv.port, "/").body.contains("fiches-overlay"));
}

/// A page still loading when a rebuild ends subscribes after its reload was sent: it
/// is told at once, by the mark it was served with, and never stays behind the site.
#[test]
fn a_page_that_subscribes_after_a_rebuild_is_told_to_reload() {
    let s = site();
    let srv = serve(&s);
    let before = get(srv.port, "/fiches/un/");
    let events = subscribe(srv.port);
    s.put(
        "content/un.md",
        fiche(
            "Première fiche revue",
            "2024-01-01",
            "factual",
            "",
            sections(),
        )
        .as_bytes(),
    );
    events.reload();
    let late = subscribe_since(srv.port, &mark_of(&before.body));
    assert_eq!(late.next(), "reload", "the page served before the edit");
    // Served after the rebuild: the page has seen it, and the next event it gets
    // is the next edit's.
    let after = eventually(srv.port, "/fiches/un/", "edited page", |r| {
        r.body.contains("Première fiche revue")
    });
    let current = subscribe_since(srv.port, &mark_of(&after.body));
    s.put(
        "content/un.md",
        fiche(
            "Première fiche, encore",
            "2024-01-01",
            "factual",
            "",
            sections(),
        )
        .as_bytes(),
    );
    events.reload();
    current.reload();
    let page = get(srv.port, "/fiches/un/");
    assert!(
        page.body.contains("Première fiche, encore"),
        "{}",
        page.body
    );
}

#[test]
fn new_fiches_appear_and_deleted_ones_go() {
    let s = site();
    let srv = serve(&s);
    s.put(
        "content/trois.md",
        fiche("Troisième fiche", "2025-01-01", "factual", "", sections()).as_bytes(),
    );
    eventually(srv.port, "/", "new fiche on the home page", |r| {
        r.body.contains("Troisième fiche")
    });
    assert_eq!(get(srv.port, "/fiches/trois/").status, 200);
    std::fs::remove_file(s.path().join("content/deux.md")).unwrap();
    eventually(srv.port, "/", "deleted fiche leaves the home page", |r| {
        !r.body.contains("Deuxième fiche")
    });
    assert_eq!(get(srv.port, "/fiches/deux/").status, 404);
    // A template change rebuilds everything.
    s.put(
        "templates/404.html",
        b"{% extends \"base.html\" %}{% block main %}<p>Perdu</p>{% endblock %}",
    );
    eventually(srv.port, "/nulle-part", "new 404 template", |r| {
        r.status == 404 && r.body.contains("<p>Perdu</p>")
    });
}

#[test]
fn many_clients_at_once_with_reload_subscribers_open() {
    let s = site();
    let srv = serve(&s);
    // Many idle subscribers: each takes its connection out of the server's threads.
    let subs: Vec<_> = (0..30).map(|_| subscribe(srv.port)).collect();
    let port = srv.port;
    let handles: Vec<_> = (0..20)
        .map(|i| {
            std::thread::spawn(move || {
                let mut ok = 0;
                for j in 0..10 {
                    let path =
                        ["/", "/fiches/un/", "/style.css", "/tags/", "/nulle-part"][(i + j) % 5];
                    let r = get(port, path);
                    if r.status == 200 || (path == "/nulle-part" && r.status == 404) {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let answered: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(answered, 200);
    drop(subs);
}

#[test]
fn a_taken_port_says_so_and_how_to_choose_another() {
    let s = site();
    let srv = serve(&s);
    let out = Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args([
            "serve",
            s.path().to_str().unwrap(),
            "--port",
            &srv.port.to_string(),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("le port {} est déjà utilisé", srv.port)),
        "{err}"
    );
    assert!(err.contains("--port 0"), "{err}");
}

#[test]
fn build_output_never_carries_the_reload_script() {
    let s = site();
    std::fs::remove_dir_all(s.out()).unwrap();
    s.build_ok();
    for (rel, bytes) in common::snapshot(&s.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__fiches"),
            "{rel}"
        );
    }
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let s = site();
    let mut srv = serve(&s);
    assert_eq!(get(srv.port, "/").status, 200);
    let pid = srv.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    // Waited for in a thread, so that a server that never stops fails the test.
    let mut child = std::mem::replace(&mut srv.child, Command::new("true").spawn().unwrap());
    let (tx, exited) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait()));
    let Ok(status) = exited.recv_timeout(PATIENCE) else {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
        panic!("still running after Ctrl-C");
    };
    let status = status.unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        TcpStream::connect(("127.0.0.1", srv.port)).is_err(),
        "the port is released"
    );
}

#[test]
fn the_overlay_stays_until_every_error_is_fixed_and_no_edit_is_lost() {
    let s = site();
    let srv = serve(&s);
    let events = subscribe(srv.port);
    // One broken fiche, then another fiche edited while the first is still broken.
    s.put("content/deux.md", b"+++\ntitle = \"Deux\"\ntagz = 1\n+++\n");
    events.reload();
    eventually(srv.port, "/", "overlay", |r| {
        r.body.contains("fiches-overlay")
    });
    s.put(
        "content/un.md",
        fiche(
            "Première fiche, version deux",
            "2024-01-01",
            "factual",
            "tags = [\"accueil\"]",
            sections(),
        )
        .as_bytes(),
    );
    events.reload();
    // Events follow the state: the rebuild of this save is in place.
    let still = get(srv.port, "/fiches/un/");
    assert!(
        still.body.contains("fiches-overlay"),
        "the error in deux.md is still there"
    );
    assert!(still.body.contains("Champ inconnu `tagz`"));
    // Fixing the broken fiche clears the overlay, and the other edit is not lost.
    s.put(
        "content/deux.md",
        fiche("Deuxième fiche", "2023-01-01", "factual", "", sections()).as_bytes(),
    );
    let fixed = eventually(srv.port, "/fiches/un/", "both edits", |r| {
        !r.body.contains("fiches-overlay") && r.body.contains("Première fiche, version deux")
    });
    assert_eq!(fixed.status, 200);
}

#[test]
fn a_folder_that_is_not_a_site_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(["serve", tmp.path().to_str().unwrap(), "--port", "0"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fiches init"));
    assert!(out.stdout.is_empty(), "nothing is served");
}

/// A WAV file of one second of silence at 8 kHz, 8 bits, mono.
fn wav() -> Vec<u8> {
    let data: u32 = 8000;
    let mut b = b"RIFF".to_vec();
    b.extend((36 + data).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend([1, 0, 1, 0]);
    b.extend(8000u32.to_le_bytes());
    b.extend(8000u32.to_le_bytes());
    b.extend([1, 0, 8, 0]);
    b.extend(b"data");
    b.extend(data.to_le_bytes());
    b.resize(b.len() + data as usize, 128);
    b
}

#[test]
fn every_output_made_of_many_fiches_follows_an_edit() {
    let radio = |title: &str| {
        fiche(
            title,
            "2024-06-01",
            "factual",
            "",
            "## Contexte\n\n![Entretien](entretien.wav)\n\n## Objectifs\n\n## Actions menées\n\n## Moyens\n\n## Résultats\n",
        )
    };
    let s = Site::new(&[
        (
            "fiches.toml",
            "title = \"Réseau test\"\nbase_url = \"https://exemple.org/reseau/\"\n\
             [network]\nname = \"Léman Solidaire\"\nurl = \"https://reseau.exemple.org/\"\n",
        ),
        ("content/radio/index.md", &radio("Radio ancienne")),
        (
            "content/deux.md",
            &fiche("Deuxième fiche", "2023-01-01", "factual", "", sections()),
        ),
    ]);
    s.write("content/radio/entretien.wav", &wav());
    let srv = serve(&s);
    let outputs = [
        "/podcast.xml",
        "/badge/",
        "/atom.xml",
        "/sitemap.xml",
        "/fiches.json",
    ];
    for path in outputs {
        assert_eq!(get(srv.port, path).status, 200, "{path}");
    }
    for path in ["/podcast.xml", "/badge/", "/atom.xml", "/fiches.json"] {
        assert!(
            get(srv.port, path).body.contains("Radio ancienne"),
            "{path}"
        );
    }
    let events = subscribe(srv.port);
    // Put in place whole, so that the one rebuild reads the whole new text.
    let stage = tempfile::tempdir_in(s.path().parent().unwrap()).unwrap();
    let staged = stage.path().join("index.md");
    std::fs::write(&staged, radio("Radio nouvelle")).unwrap();
    std::fs::rename(&staged, s.path().join("content/radio/index.md")).unwrap();
    events.reload();
    // Asked for first, before any of the outputs that used to refresh the others.
    for path in ["/podcast.xml", "/badge/"] {
        let r = get(srv.port, path);
        assert!(r.body.contains("Radio nouvelle"), "{path}: {}", r.body);
        assert!(!r.body.contains("Radio ancienne"), "{path}");
    }
    for path in ["/atom.xml", "/fiches.json"] {
        assert!(
            get(srv.port, path).body.contains("Radio nouvelle"),
            "{path}"
        );
    }
    // The badges themselves carry the network's name, which no fiche changes.
    for path in ["/badge/network.svg", "/badge/fiche.svg"] {
        let r = get(srv.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.body.contains("Léman Solidaire"), "{path}");
    }
}
