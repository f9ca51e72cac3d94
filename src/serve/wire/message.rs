//! The messages of a connection: a request, its body read on demand, and the answer
//! written with its length, a file streamed from the disk.

use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::net::TcpStream;

use super::room::Watched;

/// A request's head, and its body left on the connection until asked for.
pub struct Request<'c> {
    pub method: String,
    pub target: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) keep_alive: bool,
    /// `Content-Length` (saturated when absurd); `None` without one.
    pub(super) declared: Option<u64>,
    pub(super) chunked: bool,
    pub(super) expects_continue: bool,
    /// Whether the connection is at the next request: no body, or the body read.
    pub(super) drained: bool,
    pub(super) conn: &'c mut Conn,
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
            let sent = self
                .conn
                .stream()
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
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

/// A connection: read through a buffer, written directly (one socket for both).
pub(super) struct Conn {
    pub(super) reader: BufReader<Watched>,
}

impl Conn {
    pub(super) fn stream(&mut self) -> &mut Watched {
        self.reader.get_mut()
    }
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
pub(super) fn write_response(
    stream: &mut impl Write,
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
