//! A `serve` session across midnight: the day is the clock's (injected here), and
//! when it changes in the site's time zone the pages that depend on it — the agenda,
//! the home page's next events — are rendered again, equal to a build of that day.

mod common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use common::live::PATIENCE;
use common::{Site, between, fiche, request};
use fiches::project::incremental::Update;
use fiches::project::{Options, Project};
use fiches::serve::{Clock, Event};
use fiches::sources::Sources;

/// 23:30 in Paris on 11 March 2026: the evening before the debate.
const EVE: &str = "2026-03-11T22:30:00Z";
/// 00:30 in Paris on 13 March, still the 12th in UTC: the debate, held on the 12th
/// in Paris, is past only by the site's time zone.
const AFTER: &str = "2026-03-12T23:30:00Z";

fn at(t: &str) -> jiff::Timestamp {
    t.parse().unwrap()
}

fn site() -> Site {
    let debate = "+++\nvariant = \"event\"\ntitle = \"Ciné-débat du jeudi\"\nsummary = \"Un film, un débat.\"\ncollective = \"Réseau\"\nstart = 2026-03-12T19:00:00\nend = 2026-03-12T21:30:00\nplace = \"Centre social\"\ntown = \"Lyon\"\n+++\n\n## Au programme\n\nOn regarde, on parle.\n";
    Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\nbase_url = \"https://exemple.org/\"\n",
        ),
        ("content/cine-debat.md", debate),
        (
            "content/jardin.md",
            &fiche("Jardin partagé", "2025-05-01", "factual", "", "Des semis."),
        ),
    ])
}

fn assemble(s: &Site, now: &str) -> Project {
    let opts = Options {
        now: Some(at(now)),
        ..Options::default()
    };
    Project::assemble(Sources::read(s.path()), &opts)
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
}

fn page(p: &Project, path: &str) -> String {
    String::from_utf8(p.page(path).unwrap().bytes.clone()).unwrap()
}

#[test]
fn a_new_day_renders_what_a_build_of_that_day_renders() {
    let s = site();
    let mut kept = assemble(&s, EVE);
    assert!(page(&kept, "agenda/index.html").contains("datetime=\"2026-03-11\""));
    assert_eq!(kept.day_changed(at("2026-03-11T00:00:00Z")), None);
    let Some(Update::Pages(changed)) = kept.new_day(at(AFTER)) else {
        panic!("the day changed in Paris");
    };
    // `agenda.ics` too: it leaves out what passed more than a year before the day.
    assert_eq!(changed, ["agenda.ics", "agenda/index.html", "index.html"]);
    let fresh = assemble(&s, AFTER);
    for path in ["agenda.ics", "agenda/index.html", "index.html"] {
        assert_eq!(page(&kept, path), page(&fresh, path), "{path}");
    }
    let agenda = page(&kept, "agenda/index.html");
    assert!(between(&agenda, "id=\"agenda-past\"", "</section>").contains("Ciné-débat"));
    assert!(!page(&kept, "index.html").contains("fiches:events"));
    // The same day again changes nothing.
    assert!(kept.new_day(at(AFTER)).is_none());
}

#[test]
fn a_site_without_events_only_keeps_the_day() {
    let s = Site::new(&[(
        "content/jardin.md",
        &fiche("Jardin partagé", "2025-05-01", "factual", "", "Des semis."),
    )]);
    let mut kept = assemble(&s, EVE);
    let home = page(&kept, "index.html");
    let Some(Update::Pages(changed)) = kept.new_day(at(AFTER)) else {
        panic!("the day changed");
    };
    assert!(changed.is_empty(), "{changed:?}");
    assert_eq!(page(&kept, "index.html"), home);
    assert!(kept.new_day(at(AFTER)).is_none());
}

#[test]
fn serve_moves_the_agenda_on_when_the_clock_passes_midnight() {
    let s = site();
    let now = Arc::new(AtomicI64::new(at(EVE).as_second()));
    let clock = {
        let now = now.clone();
        Clock::from_fn(move || jiff::Timestamp::from_second(now.load(Ordering::SeqCst)).unwrap())
    };
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let log: fiches::serve::Log = Arc::new(move |e: Event| {
        if let Event::NewDay { day, pages } = e {
            let _ = tx.lock().unwrap().send((day, pages));
        }
    });
    let opts = fiches::serve::Options {
        site_dir: s.path().to_path_buf(),
        bind: "127.0.0.1".into(),
        port: 0,
        drafts: true,
        locale: fiches::Lang::Fr,
        clock,
    };
    let server = fiches::serve::start(&opts, log).unwrap();
    let port: u16 = server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let get = |path: &str| {
        let (status, body) = request(port, &format!("GET {path} HTTP/1.1\r\nHost: localhost"), "");
        assert_eq!(status, 200, "{path}");
        body
    };
    let agenda = get("/agenda/");
    assert!(
        between(&agenda, "id=\"agenda-upcoming\"", "id=\"agenda-past\"").contains("Ciné-débat")
    );
    assert!(get("/").contains("fiches:events"));

    now.store(at(AFTER).as_second(), Ordering::SeqCst);
    let (day, pages) = rx.recv_timeout(PATIENCE).expect("no new day");
    assert_eq!((day.as_str(), pages), ("2026-03-13", 3));
    let agenda = get("/agenda/");
    assert!(agenda.contains("datetime=\"2026-03-13\""));
    assert!(between(&agenda, "id=\"agenda-past\"", "</section>").contains("Ciné-débat"));
    assert!(
        !between(&agenda, "id=\"agenda-upcoming\"", "id=\"agenda-past\"").contains("Ciné-débat")
    );
    assert!(!get("/").contains("fiches:events"));
    // Told once: the next report is of the next day.
    now.store(at("2026-03-13T23:30:00Z").as_second(), Ordering::SeqCst);
    let (day, _) = rx.recv_timeout(PATIENCE).expect("no new day");
    assert_eq!(day, "2026-03-14");
    server.stop();
}
