//! Server-sent events: browsers subscribe on `/__fiches/events` and are told to
//! reload. A subscription takes the socket from its connection's thread at once, so
//! idle tabs never hold a thread; a heartbeat drops connections that went away.

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

#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<TcpStream>>,
}

impl Hub {
    pub fn subscribe(&self, mut w: TcpStream) {
        let _ = w.set_write_timeout(Some(UNREAD));
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
        // Under the lock: once a client has read the head, it gets every later event.
        if let Ok(mut clients) = self.clients.lock()
            && w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_ok()
        {
            clients.push(w);
            if clients.len() > MAX_CLIENTS {
                clients.remove(0);
            }
        }
    }

    /// Sends `data` to every client, forgetting those that are gone.
    pub fn send(&self, data: &str) {
        self.write(&format!("data: {data}\n\n"));
    }

    /// A comment line, which browsers ignore: it finds closed connections.
    pub fn heartbeat(&self) {
        self.write(": ping\n\n");
    }

    fn write(&self, text: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain_mut(|w| w.write_all(text.as_bytes()).and_then(|_| w.flush()).is_ok());
        }
    }

    pub fn close_all(&self) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.clear();
        }
    }
}
