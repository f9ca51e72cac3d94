//! HTTP/1.1 on the sockets, one thread per connection: a request's head read within
//! bounds, its body only when the answer needs it, the answer written with its length,
//! files streamed from the disk. No pool: a connection kept alive, a slow download or
//! a body that never comes holds its own thread, never another connection's (the pool
//! of tiny_http, used before, queued a burst of new connections behind idle kept-alive
//! ones, and a page's scripts then waited forever).

mod head;
mod message;
mod room;

pub use message::{Body, BodyError, Handler, Outcome, Request, Response};

use head::read_head;
use message::{Conn, write_response};
use room::{Open, Watched};
use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a kept-alive connection may stay idle, or a client take to send a head or
/// a body, before its connection is closed.
const IDLE: Duration = Duration::from_secs(60);
/// How long a client may leave an answer unread (a paused video) before its
/// connection is closed; it asks again, with `Range`, when it needs more.
const STALLED: Duration = Duration::from_secs(60);
/// A request declaring a larger body is refused (413) before it is handled.
const MAX_BODY: u64 = 64 << 20;
/// How long, and how much, a closing connection reads of what the client still sends.
const LINGER: Duration = Duration::from_secs(2);
const MAX_LINGER: u64 = 64 << 20;
/// Connections open at once; beyond, a new one closes the one idle longest (see
/// [`room`]). Each takes two file descriptors (three while it sends a file), well
/// within the usual limit of 1024 a process may open.
const MAX_CONNECTIONS: usize = 256;

/// A listening socket and its connections.
pub struct Listening {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    open: Arc<Open>,
    accept: Option<JoinHandle<()>>,
}

impl Listening {
    /// Stops accepting and closes every open connection.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // The accept loop wakes at the next connection: this one.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let woken = TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok();
        // Never waited for when it could not be woken: it ends with the process.
        if let Some(t) = self.accept.take().filter(|_| woken) {
            let _ = t.join();
        }
        self.open.close_all();
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        if self.accept.is_some() {
            self.stop();
        }
    }
}

/// Accepts connections on `listener`, each answered by `handler` on a thread of its own.
pub fn listen(listener: TcpListener, handler: Arc<Handler>) -> std::io::Result<Listening> {
    let addr = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let open = Arc::new(Open::new());
    let accept = {
        let (stop, open) = (stop.clone(), open.clone());
        std::thread::Builder::new()
            .name("fiches-accept".into())
            .spawn(move || accept_loop(&listener, &handler, &stop, &open))?
    };
    Ok(Listening {
        addr,
        stop,
        open,
        accept: Some(accept),
    })
}

fn accept_loop(
    listener: &TcpListener,
    handler: &Arc<Handler>,
    stop: &AtomicBool,
    open: &Arc<Open>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else {
            // Out of descriptors, a connection reset before it was taken: the next,
            // after a moment, so that a lasting error does not spin.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let (id, watched) = match open.admit(stream, MAX_CONNECTIONS) {
            Ok(admitted) => admitted,
            Err(mut stream) => {
                let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
                let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
            );
                continue;
            }
        };
        let (handler, mine) = (handler.clone(), open.clone());
        let spawned = std::thread::Builder::new()
            .name("fiches-conn".into())
            .spawn(move || {
                connection(watched, &handler);
                mine.leave(id);
            });
        if spawned.is_err() {
            open.leave(id);
        }
    }
}

/// Answers the requests of one connection, in order, until it closes.
fn connection(stream: Watched, handler: &Arc<Handler>) {
    let _ = stream.tcp().set_read_timeout(Some(IDLE));
    let _ = stream.tcp().set_write_timeout(Some(STALLED));
    let _ = stream.tcp().set_nodelay(true);
    let mut conn = Conn {
        reader: BufReader::new(stream),
    };
    loop {
        let head = match read_head(&mut conn.reader) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(status) => {
                let answer = Response::new(status, "text/plain; charset=utf-8", Vec::new());
                if write_response(conn.stream(), answer, false, false).is_ok() {
                    linger(&mut conn);
                }
                return;
            }
        };
        let only_head = head.method == "HEAD";
        if head.declared.is_some_and(|n| n > MAX_BODY) {
            // No request to this server carries so much: refused unread.
            let answer = Response::new(413, "text/plain; charset=utf-8", b"413\n".to_vec());
            if write_response(conn.stream(), answer, only_head, false).is_ok() {
                linger(&mut conn);
            }
            return;
        }
        let mut req = Request {
            drained: head.declared.unwrap_or(0) == 0 && !head.chunked,
            method: head.method,
            target: head.target,
            headers: head.headers,
            keep_alive: head.keep_alive,
            declared: head.declared,
            chunked: head.chunked,
            expects_continue: head.expects_continue,
            conn: &mut conn,
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&mut req)));
        // A body left unread would be taken for the next request: the connection ends.
        let keep = req.keep_alive && req.drained;
        match outcome {
            Ok(Outcome::Respond(answer)) => {
                if write_response(conn.stream(), answer, only_head, keep).is_err() {
                    return;
                }
                if !keep {
                    linger(&mut conn);
                    return;
                }
            }
            Ok(Outcome::Take(take)) => {
                take(conn.reader.into_inner().into_inner());
                return;
            }
            Err(_) => {
                let answer = Response::new(500, "text/plain; charset=utf-8", b"500\n".to_vec());
                if write_response(conn.stream(), answer, only_head, false).is_ok() {
                    linger(&mut conn);
                }
                return;
            }
        }
    }
}

/// Closes a connection after its last answer. What the client still sends (a body
/// left unread) is read and dropped for a moment first: closing with unread bytes
/// resets the connection, and the client could lose the answer (a 413) before
/// reading it.
fn linger(conn: &mut Conn) {
    let _ = conn.stream().tcp().shutdown(Shutdown::Write);
    let _ = conn.stream().tcp().set_read_timeout(Some(LINGER));
    let _ = std::io::copy(
        &mut (&mut conn.reader).take(MAX_LINGER),
        &mut std::io::sink(),
    );
}
