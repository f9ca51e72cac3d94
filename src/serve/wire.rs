//! HTTP/1.1 on the sockets, one thread per connection: a request's head read within
//! bounds, its body only when the answer needs it, the answer written with its length,
//! files streamed from the disk. No pool: a connection kept alive, a slow download or
//! a body that never comes holds its own thread, never another connection's (the pool
//! of tiny_http, used before, queued a burst of new connections behind idle kept-alive
//! ones, and a page's scripts then waited forever).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A request line longer than this is refused (414); a browser's are far shorter.
const MAX_LINE: usize = 16 << 10;
/// The whole head (request line and headers) is at most this long (431).
const MAX_HEAD: usize = 64 << 10;
const MAX_HEADERS: usize = 128;
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
/// Connections open at once; beyond, a new one is answered 503 and closed.
const MAX_CONNECTIONS: usize = 1024;

/// A request's head, and its body left on the connection until asked for.
pub struct Request<'c> {
    pub method: String,
    pub target: String,
    headers: Vec<(String, String)>,
    keep_alive: bool,
    /// `Content-Length` (saturated when absurd); `None` without one.
    declared: Option<u64>,
    chunked: bool,
    expects_continue: bool,
    /// Whether the connection is at the next request: no body, or the body read.
    drained: bool,
    conn: &'c mut Conn,
}

/// Why a body was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Declared or sent larger than the limit.
    TooLarge,
    /// Sent chunked (without a length), which this server does not read.
    NoLength,
    /// The client stopped sending, or went away.
    Io,
}

impl Request<'_> {
    /// A header's value (the first, by case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Reads the body, at most `limit` bytes; a larger one is not read at all.
    pub fn body(&mut self, limit: usize) -> Result<Vec<u8>, BodyError> {
        if self.chunked {
            return Err(BodyError::NoLength);
        }
        let declared = self.declared.unwrap_or(0);
        if declared > limit as u64 {
            return Err(BodyError::TooLarge);
        }
        if self.expects_continue && declared > 0 {
            self.expects_continue = false;
            let sent = self.conn.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
            sent.map_err(|_| BodyError::Io)?;
        }
        let mut body = Vec::with_capacity(declared as usize);
        let read = (&mut self.conn.reader)
            .take(declared)
            .read_to_end(&mut body);
        if read.is_err() || body.len() as u64 != declared {
            return Err(BodyError::Io);
        }
        self.drained = true;
        Ok(body)
    }
}

/// What a response carries.
pub enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes of `file` from `start`, read as they are sent.
    File {
        file: std::fs::File,
        start: u64,
        len: u64,
    },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File { len, .. } => *len,
        }
    }
}

pub struct Response {
    pub status: u16,
    /// Headers but `Content-Length` and `Connection`, which the writer sets.
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, ctype: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", ctype.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body: Body::Bytes(body),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What a handler does with a request.
pub enum Outcome {
    Respond(Response),
    /// Takes the connection over (server-sent events): no more requests are read on it.
    Take(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = dyn Fn(&mut Request<'_>) -> Outcome + Send + Sync;

struct Conn {
    reader: BufReader<TcpStream>,
    stream: TcpStream,
}

/// The connections open now, to close them when the server stops.
#[derive(Default)]
struct Open {
    next: AtomicU64,
    streams: Mutex<HashMap<u64, TcpStream>>,
}

/// A listening socket and its connections.
pub struct Listening {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    open: Arc<Open>,
    accept: Option<JoinHandle<()>>,
}

impl Listening {
    #[cfg(test)]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

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
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        if let Ok(mut open) = self.open.streams.lock() {
            for (_, s) in open.drain() {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
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
    let open = Arc::new(Open::default());
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
        let Ok(mut stream) = stream else {
            // Out of descriptors, a connection reset before it was taken: the next.
            continue;
        };
        let id = open.next.fetch_add(1, Ordering::Relaxed);
        let registered = match open.streams.lock() {
            Ok(mut m) if m.len() < MAX_CONNECTIONS => {
                stream.try_clone().map(|c| m.insert(id, c)).is_ok()
            }
            _ => false,
        };
        if !registered {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
            );
            continue;
        }
        let (handler, mine) = (handler.clone(), open.clone());
        let spawned = std::thread::Builder::new()
            .name("fiches-conn".into())
            .spawn(move || {
                connection(stream, &handler);
                if let Ok(mut m) = mine.streams.lock() {
                    m.remove(&id);
                }
            });
        if spawned.is_err()
            && let Ok(mut m) = open.streams.lock()
        {
            m.remove(&id);
        }
    }
}

/// Answers the requests of one connection, in order, until it closes.
fn connection(stream: TcpStream, handler: &Arc<Handler>) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(STALLED));
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut conn = Conn {
        reader: BufReader::new(read_half),
        stream,
    };
    loop {
        let head = match read_head(&mut conn.reader) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(status) => {
                let answer = Response::new(status, "text/plain; charset=utf-8", Vec::new());
                let _ = write_response(&mut conn.stream, answer, false, false);
                return;
            }
        };
        let only_head = head.method == "HEAD";
        if head.declared.is_some_and(|n| n > MAX_BODY) {
            // No request to this server carries so much: refused unread.
            let answer = Response::new(413, "text/plain; charset=utf-8", b"413\n".to_vec());
            if write_response(&mut conn.stream, answer, only_head, false).is_ok() {
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
                if write_response(&mut conn.stream, answer, only_head, keep).is_err() {
                    return;
                }
                if !keep {
                    linger(&mut conn);
                    return;
                }
            }
            Ok(Outcome::Take(take)) => {
                take(conn.stream);
                return;
            }
            Err(_) => {
                let answer = Response::new(500, "text/plain; charset=utf-8", b"500\n".to_vec());
                if write_response(&mut conn.stream, answer, only_head, false).is_ok() {
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
    let _ = conn.stream.shutdown(Shutdown::Write);
    let _ = conn.stream.set_read_timeout(Some(LINGER));
    let _ = std::io::copy(
        &mut (&mut conn.reader).take(MAX_LINGER),
        &mut std::io::sink(),
    );
}

struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    keep_alive: bool,
    declared: Option<u64>,
    chunked: bool,
    expects_continue: bool,
}

/// One line of the head, without its end (`\r\n`, or a bare `\n`); `None` at the end
/// of the stream before any byte. `Err` with the status that refuses it.
fn read_line(r: &mut impl BufRead, max: usize) -> Result<Option<String>, u16> {
    let mut line = Vec::new();
    let n = r
        .take(max as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|_| 408u16)?;
    if n == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") {
        // Longer than allowed, or cut by the end of the stream.
        return Err(if n > max { 431 } else { 400 });
    }
    line.pop();
    if line.ends_with(b"\r") {
        line.pop();
    }
    String::from_utf8(line).map(Some).map_err(|_| 400)
}

/// Reads a request's head. `Ok(None)`: the client closed the connection (or left it
/// idle) between requests.
fn read_head(r: &mut impl BufRead) -> Result<Option<Head>, u16> {
    // Empty lines before a request line are tolerated (RFC 9112, 2.2).
    let line = loop {
        match read_line(r, MAX_LINE) {
            Ok(Some(l)) if l.is_empty() => continue,
            Ok(Some(l)) => break l,
            Ok(None) | Err(408) => return Ok(None),
            Err(431) => return Err(414),
            Err(e) => return Err(e),
        }
    };
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) || target.is_empty() {
        return Err(400);
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut size = line.len();
    loop {
        let Some(h) = read_line(r, MAX_HEAD)? else {
            return Err(400);
        };
        if h.is_empty() {
            break;
        }
        size += h.len();
        if size > MAX_HEAD || headers.len() >= MAX_HEADERS {
            return Err(431);
        }
        let Some((name, value)) = h.split_once(':') else {
            return Err(400);
        };
        // No space before the colon, no folded line (RFC 9112, 5.1 and 5.2).
        if name.is_empty()
            || name
                .bytes()
                .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return Err(400);
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    let values = |name: &'static str| {
        headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let mut declared: Option<u64> = None;
    for v in values("Content-Length") {
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(400);
        }
        let n = v.bytes().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        if declared.is_some_and(|d| d != n) {
            return Err(400);
        }
        declared = Some(n);
    }
    let chunked = values("Transfer-Encoding").next().is_some();
    let connection: Vec<String> = values("Connection").map(str::to_ascii_lowercase).collect();
    let says = |w: &str| {
        connection
            .iter()
            .any(|c| c.split(',').any(|t| t.trim() == w))
    };
    let keep_alive = if http10 {
        says("keep-alive")
    } else {
        !says("close")
    };
    let expects_continue = values("Expect").any(|v| v.eq_ignore_ascii_case("100-continue"));
    Ok(Some(Head {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        keep_alive,
        declared,
        chunked,
        expects_continue,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        416 => "Range Not Satisfiable",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes `answer`: its head with its length, then its body (none for `HEAD`).
fn write_response(
    stream: &mut TcpStream,
    answer: Response,
    only_head: bool,
    keep: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status));
    for (name, value) in &answer.headers {
        // Values come from this server; a line break would end the head early.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("Content-Length: {}\r\n", answer.body.len()));
    if !keep {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = std::io::BufWriter::with_capacity(64 << 10, stream);
    out.write_all(head.as_bytes())?;
    if !only_head {
        match answer.body {
            Body::Bytes(b) => out.write_all(&b)?,
            Body::File { file, start, len } => send_file(file, start, len, &mut out)?,
        }
    }
    out.flush()
}

/// Sends `len` bytes of `file` from `start`, as they are read. A file that shrank
/// since its length was taken is completed with zeros, so that the connection stays
/// in step with the length announced; one that grew is cut at that length.
pub fn send_file(
    mut file: std::fs::File,
    start: u64,
    len: u64,
    out: &mut impl Write,
) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(start))?;
    let sent = std::io::copy(&mut (&mut file).take(len), out)?;
    let mut missing = len.saturating_sub(sent);
    let zeros = [0u8; 8192];
    while missing > 0 {
        let n = missing.min(zeros.len() as u64) as usize;
        out.write_all(&zeros[..n])?;
        missing -= n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Option<Head>, u16> {
        read_head(&mut std::io::Cursor::new(text.as_bytes().to_vec()))
    }

    #[test]
    fn heads_are_read_leniently_and_refused_with_a_status() {
        let h = head("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!((h.method.as_str(), h.target.as_str()), ("GET", "/a"));
        assert!(h.keep_alive);
        assert_eq!(h.declared, Some(3));
        let h = head("\r\nGET / HTTP/1.0\nConnection: Keep-Alive\n\n")
            .unwrap()
            .unwrap();
        assert!(h.keep_alive);
        assert!(!head("GET / HTTP/1.0\r\n\r\n").unwrap().unwrap().keep_alive);
        assert!(
            !head("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                .unwrap()
                .unwrap()
                .keep_alive
        );
        let huge = head("GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n");
        assert_eq!(huge.unwrap().unwrap().declared, Some(u64::MAX));
        assert!(head("").unwrap().is_none());
        for (bad, status) in [
            ("GET /\r\n\r\n", 400),
            ("GET / HTTP/2.0\r\n\r\n", 505),
            ("GET / FTP\r\n\r\n", 400),
            ("GET  / HTTP/1.1\r\n\r\n", 400),
            ("G\u{e9}T / HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
            (
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                400,
            ),
            ("GET / HTTP/1.1\r\nHost: x", 400),
        ] {
            assert_eq!(head(bad).err(), Some(status), "{bad:?}");
        }
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE));
        assert_eq!(head(&long).err(), Some(414));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(head(&many).err(), Some(431));
        let big = format!("GET / HTTP/1.1\r\nA: {}\r\n\r\n", "b".repeat(MAX_HEAD));
        assert_eq!(head(&big).err(), Some(431));
    }

    #[test]
    fn a_file_that_shrank_is_completed_and_one_that_grew_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"abcdef").unwrap();
        let mut out = Vec::new();
        send_file(std::fs::File::open(&p).unwrap(), 2, 10, &mut out).unwrap();
        assert_eq!(out, b"cdef\0\0\0\0\0\0");
        let mut out = Vec::new();
        send_file(std::fs::File::open(&p).unwrap(), 1, 2, &mut out).unwrap();
        assert_eq!(out, b"bc");
    }
}
