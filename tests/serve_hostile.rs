//! `fiches serve` against hostile HTTP clients: bodies declared larger than anything
//! it accepts, bodies that never come, bodies framed two ways (smuggling), paths that
//! climb out of the site. The server answers, and goes on answering
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
    // no request to this server carries so much: refused unread, and the server
    // holds nothing of it.
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

/// The form's data embedded in the edit page of `slug`.
fn form_data(port: u16, slug: &str) -> serde_json::Value {
    let (status, page) = request(
        port,
        &format!("GET /__fiches/edit?fiche={slug} HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
        "",
    );
    assert_eq!(status, 200, "{page}");
    let open = "id=\"fiches-form-data\">";
    let start = page.find(open).unwrap() + open.len();
    let end = start + page[start..].find("</script").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

#[test]
fn a_save_keeps_the_line_ends_and_the_bom_of_its_file() {
    let text = fiche(
        "Le jardin",
        "2024-03-14",
        "factual",
        "# Une note\nfeatured = false",
        "\nUn mot.\n\n## Contexte\n\nUn quartier.\n\n## Carnet\n\nNotes.\n",
    );
    let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let s = Site::new(&[("content/jardin.md", &windows)]);
    let srv = serve(&s);
    let port = srv.port;
    let edit = &form_data(port, "jardin")["edit"];
    let save = serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": edit["values"],
        "sections": [{"title": "Contexte", "text": "Un quartier du nord.\r\nSur deux lignes."}],
        "extra": edit["extra"],
    });
    let (status, reply) = request(
        port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json"
        ),
        &save.to_string(),
    );
    assert_eq!(status, 200, "{reply}");
    let now = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
    assert!(now.starts_with("\u{feff}+++\r\n"), "{now:?}");
    assert!(
        now.contains("Un quartier du nord.\r\nSur deux lignes.\r\n"),
        "{now:?}"
    );
    assert!(
        now.contains("# Une note\r\nfeatured = false\r\n"),
        "{now:?}"
    );
    assert_eq!(
        now.matches('\n').count(),
        now.matches("\r\n").count(),
        "every line ends as before: {now:?}"
    );
    assert!(!fiches::check(s.path()).has_errors());
}

/// Waits until the page at `path` holds `needle` (a rebuild is asynchronous), looked
/// at again after each event of the server.
fn eventually(port: u16, path: &str, needle: &str) {
    common::live::until(port, &format!("{needle} on {path}"), || {
        let (status, body) = request(port, &format!("GET {path} HTTP/1.1\r\nHost: localhost"), "");
        body.contains(needle).then_some(()).ok_or((status, body))
    });
}

#[test]
fn serve_rebuilds_on_after_its_terminal_is_gone() {
    use std::io::BufRead;
    let s = site();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(["serve", s.path().to_str().unwrap(), "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    // Stopped when dropped, even when an assertion fails.
    let srv = common::Server { child, port };
    // Its messages read up to the last one it writes when starting, then nobody reads
    // them any more (the terminal closed, `fiches serve 2>&1 | head`).
    for line in std::io::BufReader::new(stderr).lines() {
        if line.unwrap().contains("Ctrl-C") {
            break;
        }
    }
    for title in ["Premier titre", "Second titre", "Troisième titre"] {
        let stage = tempfile::tempdir_in(s.path()).unwrap();
        let staged = stage.path().join("jardin.md");
        std::fs::write(
            &staged,
            fiche(
                title,
                "2024-03-14",
                "factual",
                "",
                "\n## Contexte\n\nUn quartier.\n",
            ),
        )
        .unwrap();
        std::fs::rename(&staged, s.path().join("content/jardin.md")).unwrap();
        eventually(port, "/fiches/jardin/", title);
    }
    // Nothing went wrong with the site: no overlay says otherwise.
    let (_, page) = request(port, "GET /fiches/jardin/ HTTP/1.1\r\nHost: localhost", "");
    assert!(!page.contains("fiches-overlay"), "{page}");
    drop(srv);
}

#[test]
fn values_the_form_leaves_as_they_were_keep_their_comments_and_layout() {
    let front = "tags = [\n  \"jardin\", # le principal\n  \"entraide\",\n]\n\n[[testimonies]]\n# Accord écrit du 3 mars, dans le classeur.\nname = 'Nadia'\nquote = \"Je viens chaque semaine.\"\nconsent = true";
    let text = fiche(
        "Le jardin",
        "2024-03-14",
        "storytelling",
        front,
        "\n## Le récit\n\nUn quartier.\n",
    );
    let s = Site::new(&[("content/jardin.md", &text)]);
    let srv = serve(&s);
    let port = srv.port;
    let edit = &form_data(port, "jardin")["edit"];
    let save = serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": edit["values"],
        "sections": [{"title": "Le récit", "text": "Un quartier du nord."}],
        "extra": edit["extra"],
    });
    let (status, reply) = request(
        port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json"
        ),
        &save.to_string(),
    );
    assert_eq!(status, 200, "{reply}");
    let now = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
    assert!(now.contains("Un quartier du nord."), "{now}");
    // The front matter, untouched by the form, is as it was written.
    assert_eq!(now.split("+++").nth(1), text.split("+++").nth(1));
}

#[test]
fn a_fiche_the_site_reads_is_one_the_editor_opens_and_saves() {
    // `.MD` is read as a fiche like `.md`: the page offers editing, so the editor must
    // take it.
    let text = fiche(
        "Le jardin",
        "2024-03-14",
        "factual",
        "",
        "\n## Contexte\n\nUn quartier.\n",
    );
    let s = Site::new(&[("content/Jardin.MD", &text)]);
    let srv = serve(&s);
    let port = srv.port;
    let (_, page) = request(
        port,
        &format!("GET /fiches/jardin/ HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
        "",
    );
    assert!(page.contains("/__fiches/edit?fiche=jardin"), "{page}");
    let edit = &form_data(port, "jardin")["edit"];
    let save = serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": edit["values"],
        "sections": [{"title": "Contexte", "text": "Un quartier du nord."}],
        "extra": edit["extra"],
    });
    let (status, reply) = request(
        port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json"
        ),
        &save.to_string(),
    );
    assert_eq!(status, 200, "{reply}");
    let now = std::fs::read_to_string(s.path().join("content/Jardin.MD")).unwrap();
    assert!(now.contains("Un quartier du nord."), "{now}");
}

#[test]
fn a_section_of_its_own_stays_where_the_author_put_it() {
    let body = "\nUn mot d'abord.\n\n## Contexte\n\nUn quartier.\n\n## Chiffres\n\n```\n## pas un titre\n```\n\n## Résultats\n\nDes liens.\n\n# Annexe\n\nLa fin.\n";
    let text = fiche("Le jardin", "2024-03-14", "factual", "", body);
    let s = Site::new(&[("content/jardin.md", &text)]);
    let srv = serve(&s);
    let port = srv.port;
    let edit = &form_data(port, "jardin")["edit"];
    let mut sections = edit["sections"].clone();
    for s in sections.as_array_mut().unwrap() {
        if s["title"] == "Contexte" {
            s["text"] = "Un quartier du nord.".into();
        }
    }
    let save = serde_json::json!({
        "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": edit["values"],
        "sections": sections, "extra": edit["extra"],
    });
    let (status, reply) = request(
        port,
        &format!(
            "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json"
        ),
        &save.to_string(),
    );
    assert_eq!(status, 200, "{reply}");
    let now = std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap();
    // Only the section changed; the others, and the author's own, in their order.
    assert_eq!(
        now.trim_end(),
        text.replace("Un quartier.", "Un quartier du nord.")
            .trim_end()
    );
}

#[test]
fn a_value_that_cannot_be_written_as_its_type_is_refused_not_dropped() {
    let config = "title = \"Réseau\"\nbase_url = \"https://exemple.org/\"\n[fields.bilan]\ntype = \"date\"\n[fields.participants]\ntype = \"number\"\n[variants.factual]\nfields = [\"bilan\", \"participants\"]\n";
    let text = fiche(
        "Le jardin",
        "2024-03-14",
        "factual",
        "bilan = 2024-06-30\nparticipants = 12",
        "\n## Contexte\n\nUn quartier.\n",
    );
    let s = Site::new(&[("fiches.toml", config), ("content/jardin.md", &text)]);
    let srv = serve(&s);
    let port = srv.port;
    let edit = &form_data(port, "jardin")["edit"];
    for (key, typed) in [
        ("bilan", serde_json::json!("le 30 juin")),
        ("participants", serde_json::json!("une douzaine")),
        ("date", serde_json::json!("2024-13-45")),
        ("participants", serde_json::json!(["12"])),
    ] {
        let mut values = edit["values"].clone();
        values[key] = typed.clone();
        let save = serde_json::json!({
            "token": edit["token"], "path": edit["path"], "hash": edit["hash"], "values": values,
            "sections": edit["sections"], "extra": edit["extra"],
        });
        let (status, reply) = request(
            port,
            &format!(
                "POST /__fiches/save HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nContent-Type: application/json"
            ),
            &save.to_string(),
        );
        assert_eq!(status, 422, "{key} = {typed}: {reply}");
        let reply: serde_json::Value = serde_json::from_str(&reply).unwrap();
        assert!(
            reply["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == key),
            "{reply}"
        );
        assert_eq!(
            std::fs::read_to_string(s.path().join("content/jardin.md")).unwrap(),
            text,
            "nothing written"
        );
    }
}

/// Sends `raw` as it is and reads until the server closes the connection: every
/// status code it answered, in order.
fn answers_to(port: u16, raw: &[u8]) -> Vec<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    s.write_all(raw).unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got);
    text.match_indices("HTTP/1.1 ")
        .filter_map(|(i, _)| text[i + 9..].get(..3)?.parse().ok())
        .collect()
}

/// Request smuggling (RFC 9112, 6.1 and 6.3): a body framed two ways, or framed by
/// two lengths, never lets the bytes after it be read as a second request. A chunked
/// body, which serve does not read, ends the connection after its one answer.
#[test]
fn a_body_framed_two_ways_smuggles_no_second_request() {
    let s = site();
    let srv = serve(&s);
    let hidden = "GET /fiches/jardin/ HTTP/1.1\r\nHost: x\r\n\r\n";
    let both = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{hidden}",
        5 + hidden.len()
    );
    let answers = answers_to(srv.port, both.as_bytes());
    assert_eq!(answers.len(), 1, "{answers:?}");
    let chunked = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{hidden}"
    );
    assert_eq!(answers_to(srv.port, chunked.as_bytes()).len(), 1);
    let two = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: {}\r\n\r\n{hidden}",
        hidden.len()
    );
    assert_eq!(answers_to(srv.port, two.as_bytes()), vec![400]);
    // The same connection, framed once: both requests are answered.
    let last = hidden.replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
    let framed = format!("GET / HTTP/1.1\r\nHost: x\r\n\r\n{last}");
    assert_eq!(answers_to(srv.port, framed.as_bytes()), vec![200, 200]);
}

/// A path that climbs out of the site, however it is spelled, or that holds a NUL,
/// serves nothing of the sources: not fiches.toml, not a fiche's text.
#[test]
fn a_path_out_of_the_site_serves_nothing_of_the_sources() {
    let s = site();
    let srv = serve(&s);
    for target in [
        "/../fiches.toml",
        "/%2e%2e/fiches.toml",
        "/%2E%2E/%2E%2E/fiches.toml",
        "/fiches/..%2f..%2ffiches.toml",
        "/fiches/%2e%2e/%2e%2e/content/jardin.md",
        "/..\\fiches.toml",
        "/fiches.toml%00.html",
        "/%00",
        "//etc/passwd",
        "/fiches/jardin/%ff%fe",
    ] {
        let (status, body) = request(srv.port, &format!("GET {target} HTTP/1.1\r\nHost: x"), "");
        assert_ne!(status, 200, "{target}: {body}");
        assert!(
            !body.contains("base_url") && !body.contains("## Contexte"),
            "{target}: {body}"
        );
    }
}

/// Opens a connection that sends `sent` and no more.
fn stalled(port: u16, sent: &[u8]) -> TcpStream {
    let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    c.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    c.write_all(sent).unwrap();
    c
}

/// Whether the server closed `c` (what it had sent read and dropped first); `false`
/// when it was still open after 30 seconds.
fn closed(c: &mut TcpStream) -> bool {
    let mut buf = vec![0u8; 1 << 16];
    // A connection that keeps sending (heartbeats) is open as well.
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        match c.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
    false
}

/// Slowloris: more clients than the server keeps connections for, each sending
/// the start of a head and no more (as one sending a byte a second does between
/// its bytes). A page asked for afterwards is answered: the connection that did
/// nothing for longest makes room.
#[test]
fn slow_heads_beyond_the_connection_limit_do_not_stop_the_pages() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let slow: Vec<TcpStream> = (0..300)
        .map(|i| {
            stalled(
                port,
                format!("GET /{i} HTTP/1.1\r\nHost: x\r\nX-Slow: a").as_bytes(),
            )
        })
        .collect();
    let (status, page) = request(
        port,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
        "",
    );
    assert_eq!(status, 200, "{page}");
    // The server keeps 256 connections (MAX_CONNECTIONS): the page's and 255 others,
    // so at least 45 slow clients were closed to make room. Which ones depends on
    // when each one's thread read its bytes (its last progress), not on the order
    // they connected in, so the test counts them instead of naming the first.
    let need = slow.len() + 1 - 256;
    let start = std::time::Instant::now();
    let mut gone = 0;
    while start.elapsed() < std::time::Duration::from_secs(30) {
        gone = slow.iter().filter(|c| closed_now(c)).count();
        if gone >= need {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(gone >= need, "{gone} slow clients closed, {need} needed");
}

/// Whether the server has closed `c` (what it sent read and dropped), without waiting.
fn closed_now(mut c: &TcpStream) -> bool {
    let mut buf = [0u8; 4096];
    if c.set_nonblocking(true).is_err() {
        return false;
    }
    loop {
        match c.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

/// Clients that ask for a large file and never read the answer do not keep their
/// connections once others need them.
#[test]
fn answers_left_unread_do_not_stop_the_pages() {
    let s = site();
    s.write("static/gros.bin", &vec![7u8; 8 << 20]);
    let srv = serve(&s);
    let port = srv.port;
    let mut unread: Vec<TcpStream> = (0..8)
        .map(|_| stalled(port, b"GET /gros.bin HTTP/1.1\r\nHost: x\r\n\r\n"))
        .collect();
    // Each answer has begun (the server is blocked writing it): its status line.
    for c in &mut unread {
        assert!(status_line(c).starts_with("HTTP/1.1 200"));
    }
    // Then enough idle clients to reach the limit twice over.
    let idle: Vec<TcpStream> = (0..600).map(|_| stalled(port, b"")).collect();
    let (status, page) = request(
        port,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
        "",
    );
    assert_eq!(status, 200, "{page}");
    for (i, c) in unread.iter_mut().enumerate() {
        assert!(closed(c), "unread download {i} still holds its connection");
    }
    drop(idle);
}

/// Heads beyond the server's bounds are refused with their status, and the server
/// answers the next request.
#[test]
fn heads_too_long_or_too_many_are_refused_with_their_status() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let cases = [
        (
            format!("GET /{} HTTP/1.1\r\nHost: x", "a".repeat(20_000)),
            414,
        ),
        (
            format!(
                "GET / HTTP/1.1\r\nHost: x\r\nCookie: {}",
                "c".repeat(70_000)
            ),
            431,
        ),
        (
            format!("GET / HTTP/1.1\r\nHost: x{}", "\r\nX-A: b".repeat(500)),
            431,
        ),
        (
            format!(
                "GET / HTTP/1.1\r\nHost: x{}",
                format!("\r\nX-Long: {}", "d".repeat(4000)).repeat(20)
            ),
            431,
        ),
    ];
    for (head, want) in &cases {
        assert_eq!(
            status_of(port, head, b"", false),
            Some(*want),
            "{}",
            &head[..40]
        );
        let (status, _) = request(port, "GET / HTTP/1.1\r\nHost: x", "");
        assert_eq!(status, 200);
    }
}

/// A transfer coding this server does not read (anything but `chunked` alone) is
/// refused at once (RFC 9112, 6.1 and 6.3): 501 when the body is chunked last, 400
/// when its length cannot be told; the connection is then closed, never left
/// waiting for a body.
#[test]
fn a_transfer_coding_it_does_not_read_is_refused_at_once() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let own = format!("127.0.0.1:{port}");
    for (coding, want) in [
        ("gzip", 400),
        ("identity", 400),
        ("chunked, gzip", 400),
        ("gzip, chunked", 501),
        ("compress,chunked", 501),
    ] {
        for head in [
            format!("GET / HTTP/1.1\r\nHost: {own}\r\nTransfer-Encoding: {coding}"),
            format!(
                "POST /__fiches/save HTTP/1.1\r\nHost: {own}\r\nOrigin: http://{own}\r\nContent-Type: application/json\r\nTransfer-Encoding: {coding}"
            ),
        ] {
            assert_eq!(
                answers_to(port, format!("{head}\r\n\r\n{{").as_bytes()),
                vec![want],
                "{head}"
            );
        }
    }
}

/// A request in absolute form (RFC 9112, 3.2.2) names its host in its target, which
/// replaces the `Host` header: the editor, for the site's own address only, refuses
/// a target naming another host, whatever `Host` says.
#[test]
fn an_absolute_target_is_judged_by_the_host_it_names() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let own = format!("127.0.0.1:{port}");
    let (status, page) = request(
        port,
        &format!("GET http://evil.example/ HTTP/1.1\r\nHost: {own}"),
        "",
    );
    assert_eq!(status, 200, "a page of the site: {page}");
    let (status, _) = request(
        port,
        &format!("GET http://{own}/__fiches/edit?fiche=jardin HTTP/1.1\r\nHost: {own}"),
        "",
    );
    assert_eq!(status, 200);
    for (target, want) in [
        (
            "http://evil.example/__fiches/edit?fiche=jardin".to_string(),
            403,
        ),
        (
            format!("http://evil.example:{port}/__fiches/edit?fiche=jardin"),
            403,
        ),
        (
            format!("hTTp://localhost.evil.example:{port}/__fiches/edit?fiche=jardin"),
            403,
        ),
        // User information in an http URI is an error (RFC 9110, 4.2.4); no host.
        (
            format!("HTTP://{own}@evil.example/__fiches/edit?fiche=jardin"),
            400,
        ),
        ("http:///__fiches/edit?fiche=jardin".to_string(), 400),
    ] {
        let (status, _) = request(port, &format!("GET {target} HTTP/1.1\r\nHost: {own}"), "");
        assert_eq!(status, want, "{target}");
    }
}

/// Encoded twice, or mixed with a backslash: still nothing of the sources.
#[test]
fn a_traversal_encoded_twice_serves_nothing_of_the_sources() {
    let s = site();
    let srv = serve(&s);
    for target in [
        "/%252e%252e/fiches.toml",
        "/fiches/%252e%252e%252ffiches.toml",
        "/%2e%2e%5cfiches.toml",
        "/fiches/.%2e/.%2e/fiches.toml",
        "/fiches/%2e./content/jardin.md",
        "http://x/%2e%2e/fiches.toml",
        "/%c0%ae%c0%ae/fiches.toml",
        "/fiches/%e2%80%ae../fiches.toml",
    ] {
        let (status, body) = request(srv.port, &format!("GET {target} HTTP/1.1\r\nHost: x"), "");
        assert_ne!(status, 200, "{target}: {body}");
        assert!(
            !body.contains("base_url") && !body.contains("## Contexte"),
            "{target}: {body}"
        );
    }
}

/// Subscriptions to the server's events are kept within a bound: beyond it, the
/// oldest is closed, and the pages are still answered.
#[test]
fn subscriptions_beyond_the_bound_close_the_oldest() {
    let s = site();
    let srv = serve(&s);
    let port = srv.port;
    let mut subscribed: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut c = stalled(port, b"GET /__fiches/events HTTP/1.1\r\nHost: x\r\n\r\n");
            // Subscribed once its first message is read: the head, then `retry`.
            let mut got = Vec::new();
            let mut byte = [0u8; 1];
            while !got.ends_with(b"retry: 500\n\n") {
                assert_eq!(c.read(&mut byte).unwrap(), 1, "subscribed");
                got.push(byte[0]);
            }
            c
        })
        .collect();
    assert!(
        closed(&mut subscribed[0]),
        "the oldest subscription is closed"
    );
    let (status, _) = request(port, "GET / HTTP/1.1\r\nHost: x", "");
    assert_eq!(status, 200);
}
