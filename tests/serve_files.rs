//! `fiches serve` sending files (issue 28, item 13): streamed from the disk, never
//! read whole; `Range` answered, so that a player can seek; slow downloads and
//! kept-alive connections never keep a page from being answered.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use common::{Site, fiche, serve};

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn connect(port: u16) -> BufReader<TcpStream> {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(common::live::PATIENCE)).unwrap();
    BufReader::new(s)
}

/// Sends one request on a kept-alive connection and reads its answer by its length.
fn ask(conn: &mut BufReader<TcpStream>, method: &str, path: &str, extra: &str) -> Reply {
    let req = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n{extra}\r\n");
    conn.get_mut().write_all(req.as_bytes()).unwrap();
    read_reply(conn, method == "HEAD")
}

fn read_reply(conn: &mut BufReader<TcpStream>, head_only: bool) -> Reply {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(conn.read_line(&mut line).unwrap() > 0, "closed: {head}");
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut reply = Reply {
        status,
        head,
        body: Vec::new(),
    };
    let len: usize = reply
        .header("Content-Length")
        .map_or(0, |l| l.parse().unwrap());
    if !head_only {
        reply.body = vec![0; len];
        conn.read_exact(&mut reply.body).unwrap();
    }
    reply
}

fn site() -> Site {
    let s = Site::new(&[(
        "content/un.md",
        &fiche(
            "Une fiche",
            "2024-01-01",
            "factual",
            "",
            "## Contexte\n\nDu texte.\n",
        ),
    )]);
    // 1000 bytes, each telling its position.
    let numbered: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    s.write("static/media/son.mp3", &numbered);
    s
}

/// A sparse file: its size costs no disk.
fn sparse(s: &Site, rel: &str, len: u64) {
    let path = s.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
}

#[test]
fn ranges_are_answered_as_the_rfc_says() {
    let s = site();
    let srv = serve(&s);
    let whole: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    let mut c = connect(srv.port);
    let r = ask(&mut c, "GET", "/media/son.mp3", "");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, whole);
    assert_eq!(r.header("Accept-Ranges").as_deref(), Some("bytes"));
    assert_eq!(r.header("Content-Type").as_deref(), Some("audio/mpeg"));
    for (range, start, end) in [
        ("bytes=0-99", 0, 99),
        ("bytes=900-", 900, 999),
        ("bytes=-10", 990, 999),
        ("bytes=-5000", 0, 999),
        ("bytes=995-99999999999999999999999", 995, 999),
        ("bytes=500-500", 500, 500),
    ] {
        let r = ask(
            &mut c,
            "GET",
            "/media/son.mp3",
            &format!("Range: {range}\r\n"),
        );
        assert_eq!(r.status, 206, "{range}");
        assert_eq!(
            r.header("Content-Range"),
            Some(format!("bytes {start}-{end}/1000")),
            "{range}"
        );
        assert_eq!(r.body, whole[start..=end], "{range}");
    }
    for range in ["bytes=1000-", "bytes=-0", "bytes=5000-6000"] {
        let r = ask(
            &mut c,
            "GET",
            "/media/son.mp3",
            &format!("Range: {range}\r\n"),
        );
        assert_eq!(r.status, 416, "{range}");
        assert_eq!(r.header("Content-Range").as_deref(), Some("bytes */1000"));
        assert!(r.body.is_empty());
    }
    // Several ranges, another unit, malformed or negative ones: the whole file.
    for range in [
        "bytes=0-1,5-6",
        "bytes=0-10,5-20",
        "items=0-1",
        "bytes=9-1",
        "bytes=-5-10",
        "bytes=a-b",
        "bytes",
        "bytes=\u{7f}",
    ] {
        let r = ask(
            &mut c,
            "GET",
            "/media/son.mp3",
            &format!("Range: {range}\r\n"),
        );
        assert_eq!(r.status, 200, "{range}");
        assert_eq!(r.body, whole, "{range}");
    }
    // A client that cannot say which version it holds gets all of it.
    let r = ask(
        &mut c,
        "GET",
        "/media/son.mp3",
        "Range: bytes=0-1\r\nIf-Range: \"x\"\r\n",
    );
    assert_eq!((r.status, r.body.len()), (200, 1000));
    let r = ask(&mut c, "HEAD", "/media/son.mp3", "Range: bytes=0-1\r\n");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Length").as_deref(), Some("1000"));
    // Pages too, and the connection is still in step after all that.
    let r = ask(&mut c, "GET", "/fiches/un/", "Range: bytes=0-14\r\n");
    assert_eq!(
        (r.status, r.body.as_slice()),
        (206, &b"<!doctype html>"[..])
    );
    assert_eq!(ask(&mut c, "GET", "/", "").status, 200);
}

/// The editor page hung when its script was split into six files: tiny_http's pool
/// queued a burst of new kept-alive connections behind the idle ones, forever. And
/// each download held one of eight workers for as long as the client took.
#[test]
fn a_burst_of_kept_alive_connections_is_answered_while_downloads_stall() {
    let s = site();
    sparse(&s, "static/media/film.mp4", 256 << 20);
    let srv = serve(&s);
    // Downloads that read nothing past their head, more than the old workers.
    let stalled: Vec<_> = (0..10)
        .map(|_| {
            let mut c = connect(srv.port);
            c.get_mut()
                .write_all(b"GET /media/film.mp4 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .unwrap();
            let mut line = String::new();
            c.read_line(&mut line).unwrap();
            assert!(line.starts_with("HTTP/1.1 200"), "{line}");
            c
        })
        .collect();
    // A page's assets, each on its own connection opened at once, each asked twice.
    let assets = ["/style.css", "/", "/fiches/un/", "/media/son.mp3", "/tags/"];
    let mut conns: Vec<_> = (0..12).map(|_| connect(srv.port)).collect();
    for round in 0..2 {
        for (i, c) in conns.iter_mut().enumerate() {
            let path = assets[(i + round) % assets.len()];
            let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
            c.get_mut().write_all(req.as_bytes()).unwrap();
        }
        for (i, c) in conns.iter_mut().enumerate() {
            let r = read_reply(c, false);
            assert_eq!(r.status, 200, "{}", assets[(i + round) % assets.len()]);
        }
    }
    drop(stalled);
}

#[test]
fn a_hundred_connections_at_once_are_all_answered() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let threads: Vec<_> = (0..100)
        .map(|i| {
            std::thread::spawn(move || {
                let mut c = connect(port);
                let a = ask(&mut c, "GET", ["/", "/style.css", "/fiches/un/"][i % 3], "");
                let b = ask(&mut c, "GET", "/media/son.mp3", "Range: bytes=10-19\r\n");
                (a.status, b.status, b.body.len())
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), (200, 206, 10));
    }
}

/// Peak resident memory of a process, in bytes (Linux).
fn peak_memory(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_large_file_is_streamed_not_held_in_memory() {
    let s = site();
    let len: u64 = 512 << 20;
    sparse(&s, "static/media/film.mp4", len);
    let srv = serve(&s);
    let mut c = connect(srv.port);
    for _ in 0..2 {
        c.get_mut()
            .write_all(b"GET /media/film.mp4 HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let r = read_reply(&mut c, true);
        assert_eq!(r.header("Content-Length"), Some(len.to_string()));
        let got = std::io::copy(&mut (&mut c).take(len), &mut std::io::sink()).unwrap();
        assert_eq!(got, len);
    }
    let r = ask(&mut c, "GET", "/media/film.mp4", "Range: bytes=-3\r\n");
    assert_eq!((r.status, r.body), (206, vec![0, 0, 0]));
    let Some(peak) = peak_memory(srv.child.id()) else {
        return;
    };
    // Reading it whole would take 512 MiB at once (1 GiB to copy it).
    assert!(peak < 128 << 20, "serve peaked at {} MiB", peak >> 20);
}

#[test]
fn a_file_replaced_by_a_link_out_of_the_site_is_not_served() {
    let s = site();
    s.write("static/note.txt", b"une note");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    let srv = serve(&s);
    let mut c = connect(srv.port);
    assert_eq!(ask(&mut c, "GET", "/note.txt", "").body, b"une note");
    let note = s.path().join("static/note.txt");
    std::fs::remove_file(&note).unwrap();
    std::os::unix::fs::symlink(&secret, &note).unwrap();
    // The rebuild refuses the link; the last good site, which had the file, is served.
    common::live::until(srv.port, "the rebuild refusing the link", || {
        let r = ask(&mut c, "GET", "/", "");
        let body = String::from_utf8_lossy(&r.body).into_owned();
        body.contains("fiches-overlay").then_some(()).ok_or(body)
    });
    let r = ask(&mut c, "GET", "/note.txt", "");
    assert_eq!(r.status, 404);
    assert!(!String::from_utf8_lossy(&r.body).contains("SECRET"));
}

#[test]
fn malformed_requests_get_a_status_and_the_server_lives_on() {
    let s = site();
    let srv = serve(&s);
    for (req, status) in [
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("GET /\r\n\r\n", 400),
        ("\u{0}\u{1} / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nBad Header\r\n\r\n", 400),
        (
            "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            400,
        ),
        ("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
    ] {
        let mut c = connect(srv.port);
        c.get_mut().write_all(req.as_bytes()).unwrap();
        assert_eq!(read_reply(&mut c, false).status, status, "{req:?}");
    }
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(70_000));
    let mut c = connect(srv.port);
    c.get_mut().write_all(long.as_bytes()).unwrap();
    assert_eq!(read_reply(&mut c, false).status, 414);
    let mut c = connect(srv.port);
    assert_eq!(ask(&mut c, "GET", "/", "").status, 200);
}

#[test]
fn a_file_that_shrinks_while_it_is_sent_keeps_the_connection_in_step() {
    let s = site();
    let len: u64 = 64 << 20;
    sparse(&s, "static/media/film.mp4", len);
    let srv = serve(&s);
    let mut c = connect(srv.port);
    c.get_mut()
        .write_all(b"GET /media/film.mp4 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let r = read_reply(&mut c, true);
    assert_eq!(r.header("Content-Length"), Some(len.to_string()));
    let mut some = vec![0u8; 1 << 20];
    c.read_exact(&mut some).unwrap();
    // Cut while the rest is on its way: what was announced still comes, then the
    // next answer on the same connection.
    std::fs::OpenOptions::new()
        .write(true)
        .open(s.path().join("static/media/film.mp4"))
        .unwrap()
        .set_len(10)
        .unwrap();
    let rest = std::io::copy(&mut (&mut c).take(len - (1 << 20)), &mut std::io::sink()).unwrap();
    assert_eq!(rest, len - (1 << 20));
    let r = ask(&mut c, "GET", "/media/son.mp3", "Range: bytes=0-3\r\n");
    assert_eq!((r.status, r.body), (206, vec![0, 1, 2, 3]));
    // The next download announces the new length.
    let r = ask(&mut c, "HEAD", "/media/film.mp4", "");
    assert_eq!(r.header("Content-Length").as_deref(), Some("10"));
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let s = site();
    let srv = serve(&s);
    let mut c = connect(srv.port);
    c.get_mut()
        .write_all(
            b"GET /media/son.mp3 HTTP/1.1\r\nHost: x\r\nRange: bytes=0-0\r\n\r\n\
              HEAD / HTTP/1.1\r\nHost: x\r\n\r\n\
              GET /media/son.mp3 HTTP/1.1\r\nHost: x\r\nRange: bytes=-1\r\n\r\n\
              GET /nulle-part HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    assert_eq!(read_reply(&mut c, false).body, vec![0]);
    assert_eq!(read_reply(&mut c, true).status, 200);
    assert_eq!(read_reply(&mut c, false).body, vec![(999 % 251) as u8]);
    let last = read_reply(&mut c, false);
    assert_eq!(last.status, 404);
    assert_eq!(last.header("Connection").as_deref(), Some("close"));
    let mut more = Vec::new();
    assert_eq!(c.read_to_end(&mut more).unwrap(), 0, "closed after it");
}

/// Connections that send nothing hold their place only while there is room: beyond
/// the bound, a new connection closes the one idle longest and is answered.
#[test]
fn connections_beyond_the_bound_make_room_for_new_ones() {
    let s = site();
    let srv = serve(&s);
    let mut idle: Vec<_> = (0..256).map(|_| connect(srv.port)).collect();
    let mut c = connect(srv.port);
    assert_eq!(ask(&mut c, "GET", "/", "").status, 200);
    // The first idle connection made room: closed, with nothing sent.
    let mut rest = Vec::new();
    assert_eq!(idle[0].read_to_end(&mut rest).unwrap_or(0), 0);
    // Later ones are still open and answered.
    let last = idle.last_mut().unwrap();
    assert_eq!(ask(last, "GET", "/", "").status, 200);
}
