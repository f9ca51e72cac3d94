//! `fiches serve` against hostile HTTP clients: a body declared larger than anything
//! it accepts is refused, and the server goes on answering every other request.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};

use common::{Site, fiche, request, serve};

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

/// Sends `head` (its lines, without the blank line) and `body`, then reads the
/// answer's status line; `None` when the connection closed without one.
fn status_of(port: u16, head: &str, body: &[u8], close_after: bool) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    s.write_all(format!("{head}\r\n\r\n").as_bytes()).unwrap();
    s.write_all(body).unwrap();
    if close_after {
        s.shutdown(Shutdown::Write).unwrap();
    }
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(b"\r\n") {
        match s.read(&mut byte) {
            Ok(1) => got.push(byte[0]),
            _ => break,
        }
    }
    let line = String::from_utf8_lossy(&got).into_owned();
    line.split(' ').nth(1).and_then(|c| c.parse().ok())
}

#[test]
fn a_body_declared_huge_is_refused_and_serve_lives_on() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let own = format!("127.0.0.1:{port}");
    // A page asked for with a body it does not need, a save whose body never ends:
    // tiny_http would make room for the whole declared body when dropping the request,
    // and that allocation's failure ends the process.
    let huge = "Content-Length: 999999999999";
    let cases = [
        (format!("GET / HTTP/1.1\r\nHost: {own}\r\n{huge}"), false),
        (
            format!(
                "POST /__fiches/save HTTP/1.1\r\nHost: {own}\r\nOrigin: http://{own}\r\nContent-Type: application/json\r\n{huge}"
            ),
            true,
        ),
        (
            format!("PUT /fiches/ HTTP/1.1\r\nHost: {own}\r\n{huge}"),
            true,
        ),
    ];
    for (head, close) in &cases {
        assert_eq!(
            status_of(port, head, b"{\"token\": 1}", *close),
            Some(413),
            "{head}"
        );
        let (status, page) = request(port, &format!("GET / HTTP/1.1\r\nHost: {own}"), "");
        assert_eq!(status, 200, "after {head}: {page}");
    }
}
