//! Answers HTTP requests from the site kept in memory: only files of the built site,
//! whatever the request says, with the live-reload script and the error overlay
//! injected into HTML pages.

use std::sync::Arc;

use super::edit::{Answer, EDIT_PATH, Editor, Known, MAX_SAVE, SAVE_PATH};
use super::mime::content_type;
use super::overlay::overlay;
use super::range::{self, Range};
use super::reload::{Hub, Seen};
use super::target::{encode_path, safe_path};
use super::wire::{Body, BodyError, Outcome, Request, Response};
use super::{EVENTS_PATH, SCRIPT_PATH, Shared};
use crate::output::Asset;
use crate::paths;

// The page's mark (what it has seen, `data-since`) goes with its subscription: an
// event sent while the page was loading is told to it at once.
const LIVE_JS: &str = r#"(function () {
  var script = document.currentScript;
  var since = script && script.dataset.since;
  var source = new EventSource("/__fiches/events" + (since ? "?since=" + encodeURIComponent(since) : ""));
  source.onmessage = function (event) {
    if (event.data === "reload") { window.location.reload(); }
    if (event.data === "search") { window.dispatchEvent(new Event("fiches:search-index")); }
  };
})();
"#;

fn reply(status: u16, ctype: &str, body: Vec<u8>) -> Outcome {
    Outcome::Respond(Response::new(status, ctype, body))
}

fn plain(status: u16, text: &str) -> Outcome {
    reply(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

/// The editor's two addresses: its form, and where the form saves.
fn edit_request(req: &mut Request<'_>, shared: &Shared, editor: &Editor, path: &str) -> Outcome {
    let answer = edit_answer(req, shared, editor, path);
    reply(answer.status, answer.content_type, answer.body)
}

/// What the editor answers to a request for one of its addresses.
fn edit_answer(req: &mut Request<'_>, shared: &Shared, editor: &Editor, path: &str) -> Answer {
    let query = req
        .target
        .split_once('?')
        .map_or("", |(_, q)| q)
        .to_string();
    let host = req.header("Host").map(str::to_string);
    let origin = req.header("Origin").map(str::to_string);
    if path == EDIT_PATH && req.method == "GET" {
        if !editor.own_host(host.as_deref()) {
            return Answer::text(403, "403 Forbidden\n");
        }
        match shared.state.read() {
            Ok(state) => match state.project.as_ref() {
                // No live reload here: a rebuild must not wipe what is being typed;
                // a file changed meanwhile is caught when saving.
                Some(project) => editor.page(project, &query),
                None => Answer::text(503, "503\n"),
            },
            Err(_) => Answer::text(503, "503\n"),
        }
    } else if path == SAVE_PATH && req.method == "POST" {
        let body = match req.body(MAX_SAVE) {
            Ok(body) => body,
            Err(BodyError::TooLarge) => return Answer::text(413, "413 Payload Too Large\n"),
            Err(BodyError::NoLength) => return Answer::text(411, "411 Length Required\n"),
            Err(BodyError::Io) => return Answer::text(400, "400 Bad Request\n"),
        };
        // Taken at once: the save's check must not hold the site, rebuilds replace it.
        let known = shared
            .state
            .read()
            .ok()
            .and_then(|s| s.project.as_ref().map(Known::of));
        let Some(known) = known else {
            return Answer::text(503, "503\n");
        };
        // Counted before anything is written: a failure from before the save (a file
        // broken meanwhile, which the save may fix) does not end the wait.
        let before = shared.changes();
        let (answer, written) = editor.save(&known, host.as_deref(), origin.as_deref(), &body);
        if let Some(written) = written {
            wait_for_rebuild(shared, &written, before);
        }
        answer
    } else {
        Answer::text(405, "405 Method Not Allowed\n")
    }
}

/// Waits (a few seconds at most) until the rebuild that follows a save shows it: the
/// page the form then opens is the new one.
fn wait_for_rebuild(shared: &Shared, written: &super::edit::Written, before: u64) {
    shared.wait_for(std::time::Duration::from_secs(5), |s, changes| {
        shows_save(s, changes > before, written)
    });
}

/// Whether the site holds the text a save wrote, or a rebuild `since` the save failed
/// (an error from before, of a file the save may fix, is not its rebuild's).
fn shows_save(s: &super::state::State, since: bool, written: &super::edit::Written) -> bool {
    (since && !s.errors.is_empty())
        || s.project.as_ref().is_some_and(|p| {
            p.site
                .fiches
                .iter()
                .any(|f| f.path == written.rel && f.text == written.text)
        })
}

/// Answers one request.
pub fn handle(req: &mut Request<'_>, shared: &Shared, hub: &Arc<Hub>) -> Outcome {
    crate::testpoint::reach("serve:request");
    if let Some(editor) = &shared.editor
        && let Some(path) = safe_path(&req.target)
        && (path == EDIT_PATH || path == SAVE_PATH)
    {
        return edit_request(req, shared, editor, &path);
    }
    if req.method != "GET" && req.method != "HEAD" {
        return Outcome::Respond(
            Response::new(
                405,
                "text/plain; charset=utf-8",
                b"405 Method Not Allowed\n".to_vec(),
            )
            .with("Allow", "GET, HEAD"),
        );
    }
    // Before the page is read: the page is at least as new as what it says it saw.
    let seen = hub.seen();
    let url = req.target.clone();
    let Some(path) = safe_path(&url) else {
        return not_found(shared, seen);
    };
    if path == EVENTS_PATH {
        let hub = hub.clone();
        let since = query_value(&url, "since").and_then(|v| Seen::parse(&v));
        return Outcome::Take(Box::new(move |stream| hub.subscribe(stream, since)));
    }
    if path == SCRIPT_PATH {
        return reply(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        );
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    match find(shared, &file) {
        Some(found) => {
            let ctype = content_type(&file);
            let found = match found {
                Found::Bytes(body) if ctype.starts_with("text/html") => {
                    Found::Bytes(inject(body, shared, (&file, seen), req.header("Host")))
                }
                other => other,
            };
            let range = match req.header("If-Range") {
                // Nothing here says which version a client holds: all of it again.
                Some(_) => None,
                None => req.header("Range").filter(|_| req.method == "GET"),
            };
            send(found, ctype, range)
        }
        None if !path.is_empty()
            && !path.ends_with('/')
            && find(shared, &format!("{path}/index.html")).is_some() =>
        {
            let query = url.find('?').map(|i| &url[i..]).unwrap_or("");
            let location = format!("/{}/{query}", encode_path(&path));
            Outcome::Respond(
                Response::new(301, "text/plain; charset=utf-8", Vec::new())
                    .with("Location", location),
            )
        }
        None => not_found(shared, seen),
    }
}

/// The value of `key` in the query of `target`, when it has one (`since=3.1`).
fn query_value(target: &str, key: &str) -> Option<String> {
    let (_, query) = target.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

/// A file of the site, whole or the part `range` asks for. A file on the disk is
/// streamed from it, never held in memory.
fn send(found: Found, ctype: &str, range: Option<&str>) -> Outcome {
    let (body, len) = match found {
        Found::Bytes(b) => {
            let len = b.len() as u64;
            (Body::Bytes(b), len)
        }
        Found::File(path) => {
            let Ok(file) = std::fs::File::open(&path) else {
                return plain(404, "404\n");
            };
            // The length of the file opened, whatever the name leads to later.
            let Ok(len) = file.metadata().map(|m| m.len()) else {
                return plain(404, "404\n");
            };
            (
                Body::File {
                    file,
                    start: 0,
                    len,
                },
                len,
            )
        }
    };
    let part = range.map_or(Range::Whole, |r| range::parse(r, len));
    let mut answer = Response::new(200, ctype, Vec::new()).with("Accept-Ranges", "bytes");
    match part {
        Range::Whole => answer.body = body,
        Range::Unsatisfiable => {
            answer.status = 416;
            answer
                .headers
                .push(("Content-Range", format!("bytes */{len}")));
        }
        Range::Part { start, end } => {
            answer.status = 206;
            answer
                .headers
                .push(("Content-Range", format!("bytes {start}-{end}/{len}")));
            answer.body = match body {
                Body::Bytes(b) => Body::Bytes(
                    b.get(start as usize..=end as usize)
                        .unwrap_or_default()
                        .to_vec(),
                ),
                Body::File { file, .. } => Body::File {
                    file,
                    start,
                    len: end - start + 1,
                },
            };
        }
    }
    Outcome::Respond(answer)
}

fn not_found(shared: &Shared, seen: Seen) -> Outcome {
    let body = match find(shared, paths::NOT_FOUND) {
        Some(Found::Bytes(b)) => b,
        _ => b"<!doctype html><title>404</title><h1>404</h1>".to_vec(),
    };
    reply(
        404,
        "text/html; charset=utf-8",
        inject(body, shared, ("", seen), None),
    )
}

/// A page or file of the current site: its bytes, or where it is on the disk.
enum Found {
    Bytes(Vec<u8>),
    File(std::path::PathBuf),
}

fn find(shared: &Shared, path: &str) -> Option<Found> {
    // Outputs made of every fiche are rendered again only when asked for, so that
    // edits stay fast on large sites.
    shared.refresh(path);
    if path.starts_with(crate::paths::SEARCH_INDEX_DIR) {
        let search = shared.search.read().ok()?;
        return search.get(path).cloned().map(Found::Bytes);
    }
    let state = shared.state.read().ok()?;
    let project = state.project.as_ref()?;
    if let Some(page) = project.page(path) {
        return Some(Found::Bytes(page.bytes.clone()));
    }
    match project.asset(path)? {
        Asset::Embedded(b) => Some(Found::Bytes(b.to_vec())),
        Asset::File(p) => within(&shared.root, p).map(Found::File),
    }
}

/// Where `path` really is, when that is inside the site folder (`root`, canonical):
/// a file the last good site had may have been replaced since by a link out of the
/// site, which the rebuild refused but the site still names.
fn within(root: &std::path::Path, path: &std::path::Path) -> Option<std::path::PathBuf> {
    std::fs::canonicalize(path)
        .ok()
        .filter(|real| real.starts_with(root))
}

/// Adds the live-reload script, the editor's link when editing is on and the page was
/// asked for by an address the editor answers, and the overlay when the last rebuild
/// failed. `page` is the file served, with what its reader has seen of the events.
fn inject(body: Vec<u8>, shared: &Shared, page: (&str, Seen), host: Option<&str>) -> Vec<u8> {
    let (page, seen) = page;
    let (errors, lang, toolbar) = match shared.state.read() {
        Ok(s) => (
            s.errors.clone(),
            shared.lang,
            shared
                .editor
                .as_ref()
                .filter(|e| e.own_host(host))
                .and(s.project.as_ref())
                .and_then(|p| super::edit::toolbar(p, page)),
        ),
        Err(_) => (Vec::new(), shared.lang, None),
    };
    let mut extra = format!(
        "<script src=\"/{SCRIPT_PATH}\" data-since=\"{}\"></script>\n",
        seen.mark()
    );
    if !errors.is_empty() {
        extra.push_str(&overlay(&errors, lang));
    }
    let toolbar = toolbar.unwrap_or_default();
    // The editor's bar opens the page's content, in its flow (never over it); the
    // rest goes at the end of the body.
    let bar_at = main_start(&body);
    let at = find_last(&body, b"</body>").unwrap_or(body.len());
    let mut out = Vec::with_capacity(body.len() + extra.len() + toolbar.len());
    match bar_at.filter(|&b| b <= at) {
        Some(b) => {
            out.extend_from_slice(&body[..b]);
            out.extend_from_slice(toolbar.as_bytes());
            out.extend_from_slice(&body[b..at]);
        }
        None => {
            out.extend_from_slice(&body[..at]);
            out.extend_from_slice(toolbar.as_bytes());
        }
    }
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&body[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// Just after the page's `<main …>` tag, when it has one.
fn main_start(hay: &[u8]) -> Option<usize> {
    let open = hay
        .windows(5)
        .position(|w| w[..5].eq_ignore_ascii_case(b"<main"))?;
    let next = *hay.get(open + 5)?;
    if next != b'>' && !next.is_ascii_whitespace() {
        return None;
    }
    let end = hay[open..].iter().position(|&b| b == b'>')?;
    Some(open + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_waits_past_an_error_from_before_it() {
        let written = crate::serve::edit::Written {
            rel: "content/a.md".into(),
            text: "+++\n".into(),
        };
        let broken = crate::serve::state::State {
            project: None,
            errors: vec![crate::diagnostic::Diagnostic::error("cassé")],
        };
        assert!(
            !shows_save(&broken, false, &written),
            "an error from before"
        );
        assert!(
            shows_save(&broken, true, &written),
            "its own rebuild failed"
        );
        let fine = crate::serve::state::State {
            project: None,
            errors: Vec::new(),
        };
        assert!(!shows_save(&fine, true, &written), "not shown yet");
    }

    #[test]
    fn types_say_utf8_for_text() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
