//! The connections open at once, kept within a bound: each notes when it last moved a
//! byte (read or written), and a new connection beyond the bound closes the one that
//! moved none for longest (a client sending its head a byte at a time, an answer left
//! unread, an idle kept-alive connection) instead of being refused, so that no number
//! of clients doing nothing keeps the pages from being answered.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The connections open now.
pub(super) struct Open {
    epoch: Instant,
    next: AtomicU64,
    streams: Mutex<HashMap<u64, Entry>>,
}

struct Entry {
    stream: TcpStream,
    last: Arc<AtomicU64>,
}

impl Open {
    pub(super) fn new() -> Open {
        Open {
            epoch: Instant::now(),
            next: AtomicU64::new(0),
            streams: Mutex::new(HashMap::new()),
        }
    }

    /// Registers `stream`, first closing the idlest connection when `max` are open:
    /// its id and the stream, watched. `Err` gives the stream back when it cannot be
    /// registered.
    pub(super) fn admit(&self, stream: TcpStream, max: usize) -> Result<(u64, Watched), TcpStream> {
        let Ok(mut open) = self.streams.lock() else {
            return Err(stream);
        };
        let Ok(clone) = stream.try_clone() else {
            return Err(stream);
        };
        while open.len() >= max.max(1) {
            // The least recent progress; among equals, the oldest connection.
            let idlest = open
                .iter()
                .min_by_key(|(id, e)| (e.last.load(Ordering::Relaxed), **id))
                .map(|(id, _)| *id);
            let Some(gone) = idlest.and_then(|id| open.remove(&id)) else {
                break;
            };
            // Its thread, reading or writing, wakes with an error and ends.
            let _ = gone.stream.shutdown(Shutdown::Both);
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let last = Arc::new(AtomicU64::new(self.now()));
        open.insert(
            id,
            Entry {
                stream: clone,
                last: last.clone(),
            },
        );
        let watched = Watched {
            stream,
            last,
            epoch: self.epoch,
        };
        Ok((id, watched))
    }

    /// Forgets the connection `id`, closed.
    pub(super) fn leave(&self, id: u64) {
        if let Ok(mut open) = self.streams.lock() {
            open.remove(&id);
        }
    }

    /// Closes every open connection.
    pub(super) fn close_all(&self) {
        if let Ok(mut open) = self.streams.lock() {
            for (_, e) in open.drain() {
                let _ = e.stream.shutdown(Shutdown::Both);
            }
        }
    }

    fn now(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }
}

/// A connection's socket, noting each byte it moves.
pub(super) struct Watched {
    stream: TcpStream,
    last: Arc<AtomicU64>,
    epoch: Instant,
}

impl Watched {
    pub(super) fn tcp(&self) -> &TcpStream {
        &self.stream
    }

    pub(super) fn into_inner(self) -> TcpStream {
        self.stream
    }

    fn moved(&self, n: usize) {
        if n > 0 {
            let now = self.epoch.elapsed().as_millis() as u64;
            self.last.store(now, Ordering::Relaxed);
        }
    }
}

impl Read for Watched {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.stream.read(buf)?;
        self.moved(n);
        Ok(n)
    }
}

impl Write for Watched {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.stream.write(buf)?;
        self.moved(n);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.flush()
    }
}
