//! Server-sent events: browsers subscribe on `/__fiches/events` and are told to
//! reload. A subscription takes the raw socket out of the worker pool at once, so
//! idle tabs never hold a worker; a heartbeat drops connections that went away.

use std::io::Write;
use std::sync::Mutex;

use tiny_http::Request;

#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Hub {
    pub fn subscribe(&self, req: Request) {
        let mut w = req.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
        // Under the lock: once a client has read the head, it gets every later event.
        if let Ok(mut clients) = self.clients.lock()
            && w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_ok()
        {
            clients.push(w);
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
