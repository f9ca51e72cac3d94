//! A request's head read from a connection within bounds: its line, its headers, what
//! they say of its body and of the connection; `Err` with the status that refuses it.

use std::io::{BufRead, Read};

/// A request line longer than this is refused (414); a browser's are far shorter.
const MAX_LINE: usize = 16 << 10;
/// The whole head (request line and headers) is at most this long (431).
const MAX_HEAD: usize = 64 << 10;
const MAX_HEADERS: usize = 128;

pub(super) struct Head {
    pub(super) method: String,
    pub(super) target: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) keep_alive: bool,
    pub(super) declared: Option<u64>,
    pub(super) chunked: bool,
    pub(super) expects_continue: bool,
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
pub(super) fn read_head(r: &mut impl BufRead) -> Result<Option<Head>, u16> {
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
        // A bare CR or a NUL in a value is refused, not passed on (RFC 9112, 2.2;
        // RFC 9110, 5.5: a MUST); the other controls are kept, as the RFC allows,
        // for the headers that read them to judge (a Range with a DEL is ignored).
        if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(400);
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    let mut head = Head {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        keep_alive: true,
        declared: None,
        chunked: false,
        expects_continue: false,
    };
    head.frame(http10)?;
    head.absolute_form()?;
    Ok(Some(head))
}

/// Whether a body is chunked, from the `Transfer-Encoding` values (RFC 9112, 6.1 and
/// 6.3): `chunked` alone is (this server answers, then closes: it does not read
/// chunks); a length that cannot be told (chunked not last, or twice, or an empty
/// value) is refused 400; a coding it does not know under chunked, 501.
fn transfer_codings<'a>(values: impl Iterator<Item = &'a str>) -> Result<bool, u16> {
    let mut codings = Vec::new();
    let mut any = false;
    for v in values {
        any = true;
        codings.extend(
            v.split(',')
                .map(|c| c.trim_matches([' ', '\t']).to_ascii_lowercase())
                .filter(|c| !c.is_empty()),
        );
    }
    if !any {
        return Ok(false);
    }
    let is_chunked = |c: &String| c == "chunked";
    match codings.last() {
        Some(last) if is_chunked(last) => {}
        _ => return Err(400),
    }
    if codings.iter().filter(|c| is_chunked(c)).count() > 1 {
        return Err(400);
    }
    if codings.len() > 1 {
        return Err(501);
    }
    Ok(true)
}

impl Head {
    /// A target in absolute form (`http://host/path`, RFC 9112, 3.2.2) names the
    /// request's host, which replaces `Host` (so that the editor judges the host the
    /// request names); one without a host, or with user information, is refused.
    fn absolute_form(&mut self) -> Result<(), u16> {
        let t = self.target.as_str();
        let Some(rest) = ["http://", "https://"].iter().find_map(|scheme| {
            let head = t.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme)
                .then(|| &t[scheme.len()..])
        }) else {
            return Ok(());
        };
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        if authority.is_empty() || authority.contains('@') {
            return Err(400);
        }
        let authority = authority.to_string();
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case("Host"))
        {
            Some((_, v)) => *v = authority,
            None => self.headers.push(("Host".to_string(), authority)),
        }
        Ok(())
    }

    /// What the headers say of the body and of the connection.
    fn frame(&mut self, http10: bool) -> Result<(), u16> {
        let headers = &self.headers;
        let values = |name: &'static str| {
            headers
                .iter()
                .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        // One Host, and none only in HTTP/1.0 (RFC 9112, 3.2): the editor's check of
        // the Host against DNS rebinding must read the one a browser sent.
        let hosts = values("Host").count();
        if hosts > 1 || (hosts == 0 && !http10) {
            return Err(400);
        }
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
        let chunked = transfer_codings(values("Transfer-Encoding"))?;
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
        self.keep_alive = keep_alive;
        self.declared = declared;
        self.chunked = chunked;
        self.expects_continue = expects_continue;
        Ok(())
    }
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
            !head("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap()
                .unwrap()
                .keep_alive
        );
        let huge =
            head("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n");
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
            // RFC 9112, 3.2: an HTTP/1.1 request without a Host, or with two.
            ("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            ("GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", 400),
            // A bare CR or a NUL in a value (RFC 9112, 2.2; RFC 9110, 5.5).
            ("GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: x\r\nA: b\u{0}c\r\n\r\n", 400),
            // Transfer codings (RFC 9112, 6.1 and 6.3), absolute targets (3.2.2).
            (
                "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                400,
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n\r\n",
                400,
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                400,
            ),
            (
                "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
                501,
            ),
            ("GET http:///a HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("GET http://u@x/a HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ] {
            assert_eq!(head(bad).err(), Some(status), "{bad:?}");
        }
        let h = head("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n")
            .unwrap()
            .unwrap();
        assert!(h.chunked);
        let h = head("GET HTTP://Autre:8/a?b HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(h.headers, [("Host".to_string(), "Autre:8".to_string())]);
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
}
