//! `fiches serve` against hostile HTTP clients: bodies declared larger than anything
//! it accepts, bodies that never come. The server answers, and goes on answering
//! every other request.

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

/// Reads a status line from `s`.
fn status_line(s: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(b"\r\n") {
        match s.read(&mut byte) {
            Ok(1) => got.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

#[test]
fn bodies_that_never_come_do_not_hold_the_pages() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let own = format!("127.0.0.1:{port}");
    // More slow requests than the server has threads for requests: saves whose body
    // stops after one byte, once the server has asked for it (`100 Continue`), and
    // pages asked for with a body that never comes, once answered (the server then
    // reads the rest, to reach the next request). Each is followed by a page asked for
    // as usual.
    let mut slow = Vec::new();
    for i in 0..24 {
        let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        let (head, waited) = if i % 2 == 0 {
            (
                format!(
                    "POST /__fiches/save HTTP/1.1\r\nHost: {own}\r\nOrigin: http://{own}\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 5000"
                ),
                "HTTP/1.1 100",
            )
        } else {
            (
                format!("GET / HTTP/1.1\r\nHost: {own}\r\nContent-Length: 5000"),
                "HTTP/1.1 200",
            )
        };
        c.write_all(format!("{head}\r\n\r\n").as_bytes()).unwrap();
        if i % 2 == 1 {
            c.write_all(b"{").unwrap();
        }
        let line = status_line(&mut c);
        assert!(line.starts_with(waited), "slow request {i}: {line:?}");
        if i % 2 == 0 {
            c.write_all(b"{").unwrap();
        }
        slow.push(c);
        let (status, page) = request(port, &format!("GET / HTTP/1.1\r\nHost: {own}"), "");
        assert_eq!(status, 200, "after {i} slow requests: {page}");
    }
    let (status, _) = request(
        port,
        &format!("GET /__fiches/edit?fiche=jardin HTTP/1.1\r\nHost: {own}"),
        "",
    );
    assert_eq!(status, 200);
    drop(slow);
}
