//! Server-sent events: browsers subscribe on `/__fiches/events` and are told to
//! reload. A subscription takes the socket from its connection's thread at once, so
//! idle tabs never hold a thread; a heartbeat drops connections that went away.
//!
//! Each page says which events it has seen (`Seen`, counted when it was served): a page
//! that subscribes after an event was sent (it was loading meanwhile) is told at once,
//! so that no page stays behind the site it came from.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::Duration;

/// A client that reads nothing for this long is dropped, so that an event is never
/// held up by one tab.
const UNREAD: Duration = Duration::from_secs(5);
/// Subscriptions kept at once: beyond, the oldest is closed (its page, if it is
/// still open, subscribes again), so that no number of them runs the process out of
/// file descriptors.
const MAX_CLIENTS: usize = 256;

/// How many reloads and search updates were sent: what a page served now has seen.
/// Written in the page as `reloads.searches` and given back when it subscribes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    reloads: u64,
    searches: u64,
}

impl Seen {
    /// `12.3`, as pages carry it.
    pub fn mark(self) -> String {
        format!("{}.{}", self.reloads, self.searches)
    }

    /// What a page's mark says it has seen; `None` for anything else (a page of an
    /// earlier server, a hand-made request), which is then told nothing more.
    pub fn parse(mark: &str) -> Option<Seen> {
        let (reloads, searches) = mark.split_once('.')?;
        Some(Seen {
            reloads: reloads.parse().ok()?,
            searches: searches.parse().ok()?,
        })
    }
}

#[derive(Default)]
struct Clients {
    streams: Vec<TcpStream>,
    sent: Seen,
}

#[derive(Default)]
pub struct Hub {
    clients: Mutex<Clients>,
}

impl Hub {
    /// What a page served now has seen: taken before the page is read from the site,
    /// so that the page is at least as new as its mark says.
    pub fn seen(&self) -> Seen {
        self.clients.lock().map(|c| c.sent).unwrap_or_default()
    }

    /// Takes `w` as a client; a page that missed an event since `seen` gets it first.
    pub fn subscribe(&self, mut w: TcpStream, seen: Option<Seen>) {
        let _ = w.set_write_timeout(Some(UNREAD));
        let mut head = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
        );
        // Under the lock: an event is either counted in what the client is compared
        // with, or sent to it once it is in the list, never lost in between.
        let Ok(mut clients) = self.clients.lock() else {
            return;
        };
        if let Some(seen) = seen {
            if seen.reloads != clients.sent.reloads {
                head.push_str("data: reload\n\n");
            } else if seen.searches != clients.sent.searches {
                head.push_str("data: search\n\n");
            }
        }
        if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_ok() {
            clients.streams.push(w);
            if clients.streams.len() > MAX_CLIENTS {
                clients.streams.remove(0);
            }
        }
    }

    /// Sends `data` to every client, forgetting those that are gone; counts reloads
    /// and search updates, for the pages that subscribe later.
    pub fn send(&self, data: &str) {
        self.write(&format!("data: {data}\n\n"), |sent| match data {
            "reload" => sent.reloads += 1,
            "search" => sent.searches += 1,
            _ => {}
        });
    }

    /// A comment line, which browsers ignore: it finds closed connections.
    pub fn heartbeat(&self) {
        self.write(": ping\n\n", |_| {});
    }

    fn write(&self, text: &str, count: impl FnOnce(&mut Seen)) {
        if let Ok(mut clients) = self.clients.lock() {
            count(&mut clients.sent);
            clients
                .streams
                .retain_mut(|w| w.write_all(text.as_bytes()).and_then(|_| w.flush()).is_ok());
        }
    }

    pub fn close_all(&self) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.streams.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// What a client subscribed with `seen` reads, up to the closing of its stream.
    fn first_words(hub: &Hub, seen: Option<Seen>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        hub.subscribe(server, seen);
        hub.close_all();
        let mut text = String::new();
        client.read_to_string(&mut text).unwrap();
        text.split_once("retry: 500\n\n").unwrap().1.to_string()
    }

    #[test]
    fn a_page_that_missed_an_event_is_told_when_it_subscribes() {
        let hub = Hub::default();
        let fresh = hub.seen();
        assert_eq!(first_words(&hub, Some(fresh)), "");
        hub.send("search");
        assert_eq!(first_words(&hub, Some(fresh)), "data: search\n\n");
        hub.send("reload");
        // A reload covers the search too: the page loads the index again.
        assert_eq!(first_words(&hub, Some(fresh)), "data: reload\n\n");
        assert_eq!(first_words(&hub, Some(hub.seen())), "");
        assert_eq!(first_words(&hub, None), "", "no mark, nothing said");
        hub.heartbeat();
        assert_eq!(first_words(&hub, Some(Seen::parse("1.1").unwrap())), "");
    }

    #[test]
    fn marks_read_back_what_they_wrote_and_nothing_else() {
        let hub = Hub::default();
        hub.send("reload");
        hub.send("search");
        hub.send("search");
        assert_eq!(hub.seen().mark(), "1.2");
        assert_eq!(Seen::parse(&hub.seen().mark()), Some(hub.seen()));
        for bad in [
            "",
            "1",
            "1.",
            ".1",
            "a.b",
            "1.2.3",
            "-1.0",
            "1 .0",
            "99999999999999999999.0",
        ] {
            assert_eq!(Seen::parse(bad), None, "{bad:?}");
        }
    }
}
