//! Waiting on a running `fiches serve` for what a test needs, never for a time: its
//! events (each change of what it serves is followed by one: `reload` after a
//! rebuild, `search` after the search index), and a state looked at again after each.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a wait may last before the test fails. Generous: it only bounds a failure,
/// on a loaded machine running a debug build.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// The events of one subscription, in the order the server sent them.
pub struct Events {
    rx: mpsc::Receiver<String>,
}

/// Subscribes as a page without a mark (a client that saw nothing) and returns once
/// the server has taken the subscription (its `retry:` line arrived): no event sent
/// later is missed.
pub fn subscribe(port: u16) -> Events {
    subscribe_to(port, "/__fiches/events")
}

/// Subscribes as a page served when the server had sent what `mark` says
/// (its `data-since`).
pub fn subscribe_since(port: u16, mark: &str) -> Events {
    subscribe_to(port, &format!("/__fiches/events?since={mark}"))
}

fn subscribe_to(port: u16, target: &str) -> Events {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head =
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if line.starts_with("retry:") {
                let _ = ready_tx.send(());
            }
            if let Some(data) = line.strip_prefix("data: ")
                && tx.send(data.to_string()).is_err()
            {
                break;
            }
        }
    });
    ready
        .recv_timeout(PATIENCE)
        .expect("the server took no subscription");
    Events { rx }
}

impl Events {
    /// The next event, whatever it is.
    pub fn next(&self) -> String {
        self.rx
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|e| panic!("no event from the server: {e}"))
    }

    /// Waits for the next `reload`, past the search index's updates (which follow
    /// rebuilds at their own pace).
    pub fn reload(&self) {
        while self.next() != "reload" {}
    }
}

/// Waits until `look` finds what it looks for: looked at once subscribed, then after
/// each event of the server. Fails with `what` and the last look after [`PATIENCE`].
pub fn until<T, L: std::fmt::Debug>(
    port: u16,
    what: &str,
    mut look: impl FnMut() -> Result<T, L>,
) -> T {
    let events = subscribe(port);
    let end = Instant::now() + PATIENCE;
    loop {
        let last = match look() {
            Ok(found) => return found,
            Err(last) => last,
        };
        let left = end.saturating_duration_since(Instant::now());
        if events.rx.recv_timeout(left).is_err() {
            panic!("{what}: not so after {PATIENCE:?}; last seen: {last:?}");
        }
    }
}

/// The mark of what a page served by `fiches serve` has seen (its live script's
/// `data-since`).
pub fn mark_of(page: &str) -> String {
    let at = page
        .find("data-since=\"")
        .unwrap_or_else(|| panic!("no live script's mark in {page}"))
        + "data-since=\"".len();
    page[at..].split('"').next().unwrap_or_default().to_string()
}
