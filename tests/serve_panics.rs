//! `fiches serve` survives a panic in each of its threads (issue 28, item 9): a
//! request, a rebuild, the search index. Each is made to panic once at a named point
//! (`FICHES_TEST_PANIC_AT`, debug builds), and the next one of its kind is done.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{Site, fiche, request, serve_in_env};

fn site() -> Site {
    Site::new(&[(
        "content/jardin.md",
        &fiche(
            "Le jardin",
            "2024-03-14",
            "factual",
            "",
            "\n## Contexte\n\nUn quartier.\n",
        ),
    )])
}

/// Writes the fiche anew under `title`, in one step (a rename), so that the
/// watcher sees one change.
fn retitle(s: &Site, title: &str) {
    let stage = tempfile::tempdir_in(s.path()).unwrap();
    let staged = stage.path().join("jardin.md");
    let text = fiche(
        title,
        "2024-03-14",
        "factual",
        "",
        "\n## Contexte\n\nUn quartier.\n",
    );
    std::fs::write(&staged, text).unwrap();
    std::fs::rename(&staged, s.path().join("content/jardin.md")).unwrap();
}

/// A subscription to the server's events, as an open page has.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        c.write_all(b"GET /__fiches/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut events = Events(BufReader::new(c));
        // Subscribed once the server's first message is read.
        events.until("retry:");
        events
    }

    /// Reads until a line starting with `start`; fails after the read timeout, or
    /// after [`common::live::PATIENCE`] of other lines (the heartbeats come forever).
    fn until(&mut self, start: &str) {
        let mut line = String::new();
        let began = std::time::Instant::now();
        loop {
            assert!(
                began.elapsed() < common::live::PATIENCE,
                "no {start:?} from the server"
            );
            line.clear();
            let n = self.0.read_line(&mut line).unwrap();
            assert!(n > 0, "the events ended before {start:?}");
            if line.starts_with(start) {
                return;
            }
        }
    }
}

#[test]
fn a_request_that_panics_is_answered_500_and_the_next_one_200() {
    let s = site();
    let srv = serve_in_env(&s, &[], &[("FICHES_TEST_PANIC_AT", "serve:request")]);
    let (status, _) = request(srv.port, "GET / HTTP/1.1\r\nHost: x", "");
    assert_eq!(status, 500);
    for path in ["/", "/fiches/jardin/"] {
        let (status, _) = request(srv.port, &format!("GET {path} HTTP/1.1\r\nHost: x"), "");
        assert_eq!(status, 200, "{path}");
    }
}

#[test]
fn a_rebuild_that_panics_is_shown_and_the_next_change_is_rebuilt() {
    let s = site();
    let srv = serve_in_env(&s, &[], &[("FICHES_TEST_PANIC_AT", "serve:rebuild")]);
    let mut events = Events::open(srv.port);
    retitle(&s, "Premier titre");
    events.until("data: reload");
    let (_, page) = request(srv.port, "GET /fiches/jardin/ HTTP/1.1\r\nHost: x", "");
    assert!(page.contains("fiches-overlay"), "the panic is shown");
    let at = page.find("fiches-overlay").unwrap();
    assert!(
        page[at..].contains("Erreur interne de fiches"),
        "{}",
        &page[at..]
    );
    assert!(!page[at..].contains("<code></code>"), "no empty place");
    retitle(&s, "Second titre");
    events.until("data: reload");
    let (status, page) = request(srv.port, "GET /fiches/jardin/ HTTP/1.1\r\nHost: x", "");
    assert_eq!(status, 200);
    assert!(page.contains("Second titre"), "the next change is rebuilt");
    assert!(
        !page.contains("fiches-overlay"),
        "and nothing is wrong any more"
    );
}

#[test]
fn a_search_index_that_panics_is_made_again_at_the_next_change() {
    let s = site();
    let srv = serve_in_env(&s, &[], &[("FICHES_TEST_PANIC_AT", "serve:index")]);
    let mut events = Events::open(srv.port);
    retitle(&s, "Premier titre");
    // The index of the start panicked; the change's is made, whole.
    events.until("data: search");
    let (status, _) = request(srv.port, "GET /fiches/jardin/ HTTP/1.1\r\nHost: x", "");
    assert_eq!(status, 200);
}
