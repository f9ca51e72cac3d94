//! Answers HTTP requests from the site kept in memory: only files of the built site,
//! whatever the request says, with the live-reload script and the error overlay
//! injected into HTML pages.

use std::io::Cursor;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::edit::{Answer, EDIT_PATH, Editor, Known, MAX_SAVE, SAVE_PATH};
use super::mime::content_type;
use super::reload::Hub;
use super::{EVENTS_PATH, SCRIPT_PATH, Shared};
use crate::diagnostic::Diagnostic;
use crate::escape::escape;
use crate::links::percent_decode;
use crate::output::Asset;
use crate::paths;

const LIVE_JS: &str = r#"(function () {
  var source = new EventSource("/__fiches/events");
  source.onmessage = function (event) {
    if (event.data === "reload") { window.location.reload(); }
    if (event.data === "search") { window.dispatchEvent(new Event("fiches:search-index")); }
  };
})();
"#;

/// The site path a request target asks for, percent-decoded and checked: `None` for
/// anything that could name a file outside the site (`..`, encoded slashes or
/// backslashes, NUL, invalid UTF-8). Absolute-form targets keep only their path.
/// The result has no leading `/` and keeps a trailing one (`fiches/x/`).
pub fn safe_path(target: &str) -> Option<String> {
    let mut t = target;
    for scheme in ["http://", "https://"] {
        if let Some(head) = t.get(..scheme.len())
            && head.eq_ignore_ascii_case(scheme)
        {
            let rest = &t[head.len()..];
            t = rest.find('/').map_or("/", |i| &rest[i..]);
        }
    }
    let t = &t[..t.find(['?', '#']).unwrap_or(t.len())];
    let raw = t.strip_prefix('/')?;
    let lower = raw.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    let decoded = percent_decode(raw)?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let trailing = decoded.ends_with('/');
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII constants or checked paths.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Fiches"[..], &b"1"[..]).expect("constant header is valid")
    })
}

fn reply(req: Request, status: u16, ctype: &str, body: Vec<u8>, extra: Option<Header>) {
    let mut resp = Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", ctype),
            header("Cache-Control", "no-store"),
        ],
        Cursor::new(body.clone()),
        Some(body.len()),
        None,
    );
    if let Some(h) = extra {
        resp.add_header(h);
    }
    // A client that went away is not an error worth reporting.
    let _ = req.respond(resp);
}

/// A request header's value.
pub(super) fn header_value<'a>(req: &'a Request, name: &'static str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// The editor's two addresses: its form, and where the form saves.
fn edit_request(mut req: Request, shared: &Shared, editor: &Editor, path: &str) {
    let url = req.url().to_string();
    let query = url.split_once('?').map_or("", |(_, q)| q).to_string();
    let host = header_value(&req, "Host").map(str::to_string);
    let origin = header_value(&req, "Origin").map(str::to_string);
    let answer = if path == EDIT_PATH && matches!(req.method(), Method::Get) {
        if !editor.own_host(host.as_deref()) {
            Answer::text(403, "403 Forbidden\n")
        } else {
            match shared.state.read() {
                Ok(state) => match state.project.as_ref() {
                    // No live reload here: a rebuild must not wipe what is being typed;
                    // a file changed meanwhile is caught when saving.
                    Some(project) => editor.page(project, &query),
                    None => Answer::text(503, "503\n"),
                },
                Err(_) => Answer::text(503, "503\n"),
            }
        }
    } else if path == SAVE_PATH && matches!(req.method(), Method::Post) {
        let mut body = Vec::new();
        let read = std::io::Read::read_to_end(
            &mut std::io::Read::take(req.as_reader(), MAX_SAVE as u64 + 1),
            &mut body,
        );
        if read.is_err() || body.len() > MAX_SAVE {
            Answer::text(413, "413 Payload Too Large\n")
        } else {
            // Taken at once: the save's check must not hold the site, rebuilds replace it.
            let known = shared
                .state
                .read()
                .ok()
                .and_then(|s| s.project.as_ref().map(Known::of));
            let saved = match known {
                Some(known) => editor.save(&known, host.as_deref(), origin.as_deref(), &body),
                None => (Answer::text(503, "503\n"), None),
            };
            let (answer, written) = saved;
            if let Some(written) = written {
                wait_for_rebuild(shared, &written);
            }
            answer
        }
    } else {
        Answer::text(405, "405 Method Not Allowed\n")
    };
    reply(req, answer.status, answer.content_type, answer.body, None);
}

/// Waits (a few seconds at most) until the rebuild that follows a save holds the
/// new text, or has failed: the page the form then opens is the new one.
fn wait_for_rebuild(shared: &Shared, written: &super::edit::Written) {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(5) {
        let done = shared.state.read().is_ok_and(|s| {
            !s.errors.is_empty()
                || s.project.as_ref().is_some_and(|p| {
                    p.site
                        .fiches
                        .iter()
                        .any(|f| f.path == written.rel && f.text == written.text)
                })
        });
        if done {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

/// Answers one request.
pub fn handle(req: Request, shared: &Shared, hub: &Hub) {
    if let Some(editor) = &shared.editor
        && let Some(path) = safe_path(req.url())
        && (path == EDIT_PATH || path == SAVE_PATH)
    {
        edit_request(req, shared, editor, &path);
        return;
    }
    if !matches!(req.method(), Method::Get | Method::Head) {
        reply(
            req,
            405,
            "text/plain; charset=utf-8",
            b"405 Method Not Allowed\n".to_vec(),
            Some(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let url = req.url().to_string();
    let Some(path) = safe_path(&url) else {
        not_found(req, shared);
        return;
    };
    if path == EVENTS_PATH {
        hub.subscribe(req);
        return;
    }
    if path == SCRIPT_PATH {
        reply(
            req,
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
            None,
        );
        return;
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    match find(shared, &file) {
        Some(body) => {
            let ctype = content_type(&file);
            let body = if ctype.starts_with("text/html") {
                inject(body, shared, &file, header_value(&req, "Host"))
            } else {
                body
            };
            reply(req, 200, ctype, body, None);
        }
        None if !path.is_empty()
            && !path.ends_with('/')
            && find(shared, &format!("{path}/index.html")).is_some() =>
        {
            let query = url.find('?').map(|i| &url[i..]).unwrap_or("");
            let location = format!("/{}/{query}", encode_path(&path));
            reply(
                req,
                301,
                "text/plain; charset=utf-8",
                Vec::new(),
                Some(header("Location", &location)),
            );
        }
        None => not_found(req, shared),
    }
}

/// Percent-encodes what a `Location` header cannot carry as is.
fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn not_found(req: Request, shared: &Shared) {
    let body = find(shared, paths::NOT_FOUND)
        .unwrap_or_else(|| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
    reply(
        req,
        404,
        "text/html; charset=utf-8",
        inject(body, shared, "", None),
        None,
    );
}

/// The bytes of a page or file of the current site.
fn find(shared: &Shared, path: &str) -> Option<Vec<u8>> {
    // Outputs made of every fiche are rendered again only when asked for, so that
    // edits stay fast on large sites.
    let stale = shared
        .state
        .read()
        .is_ok_and(|s| s.project.as_ref().is_some_and(|p| p.is_stale(path)));
    if stale
        && let Ok(mut state) = shared.state.write()
        && let Some(project) = state.project.as_mut()
    {
        project.refresh_whole_site();
    }
    if path.starts_with(crate::paths::SEARCH_INDEX_DIR) {
        return shared.search.read().ok()?.get(path).cloned();
    }
    let state = shared.state.read().ok()?;
    let project = state.project.as_ref()?;
    if let Some(page) = project.page(path) {
        return Some(page.bytes.clone());
    }
    match project.asset(path)? {
        Asset::Embedded(b) => Some(b.to_vec()),
        Asset::File(p) => std::fs::read(p).ok(),
    }
}

/// Adds the live-reload script, the editor's link when editing is on and the page was
/// asked for by an address the editor answers, and the overlay when the last rebuild
/// failed. `page` is the file served.
fn inject(body: Vec<u8>, shared: &Shared, page: &str, host: Option<&str>) -> Vec<u8> {
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
    let mut extra = format!("<script src=\"/{SCRIPT_PATH}\"></script>\n");
    extra.push_str(&toolbar.unwrap_or_default());
    if !errors.is_empty() {
        extra.push_str(&overlay(&errors, lang));
    }
    let at = find_last(&body, b"</body>").unwrap_or(body.len());
    let mut out = Vec::with_capacity(body.len() + extra.len());
    out.extend_from_slice(&body[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&body[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The diagnostics of a failed rebuild, over the last good page.
pub fn overlay(diags: &[Diagnostic], lang: crate::Lang) -> String {
    let title = lang.pick(
        "La dernière modification contient des erreurs",
        "The last change has errors",
    );
    let note = lang.pick(
        "Le site affiché est la dernière version correcte. Corrigez le fichier : cette page se mettra à jour seule.",
        "The site shown is the last correct version. Fix the file: this page will update by itself.",
    );
    let mut items = String::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        items.push_str("<li style=\"margin:0 0 1rem\">");
        items.push_str(&format!(
            "<strong>{}</strong><br><code>{}</code>",
            escape(&d.message),
            escape(&d.location())
        ));
        if let Some(line) = d.source_line() {
            items.push_str(&format!("<pre style=\"margin:.4rem 0;padding:.4rem;background:#2b2b2b;color:#f1f1f1;overflow-x:auto;white-space:pre-wrap\">{}</pre>", escape(line)));
        }
        if let Some(hint) = &d.hint {
            items.push_str(&format!("<span>{}</span>", escape(hint)));
        }
        items.push_str("</li>");
    }
    format!(
        "<div id=\"fiches-overlay\" role=\"alert\" style=\"position:fixed;inset:1rem;z-index:2147483647;overflow:auto;\
         background:#fff;color:#1a1a1a;border:4px solid #b00020;border-radius:10px;padding:1.25rem;\
         font:16px/1.5 system-ui,sans-serif;box-shadow:0 10px 40px rgba(0,0,0,.4)\">\
         <h2 style=\"margin:0 0 .5rem;color:#b00020;font-size:1.3rem\">{}</h2><p style=\"margin:0 0 1rem\">{}</p>\
         <ol style=\"padding-left:1.25rem;margin:0\">{items}</ol></div>\n",
        escape(&title),
        escape(&note)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths() {
        assert_eq!(safe_path("/").as_deref(), Some(""));
        assert_eq!(safe_path("/fiches/x/").as_deref(), Some("fiches/x/"));
        assert_eq!(
            safe_path("/style.css?v=2#top").as_deref(),
            Some("style.css")
        );
        assert_eq!(
            safe_path("/tags/soir%C3%A9e/").as_deref(),
            Some("tags/soirée/")
        );
        assert_eq!(
            safe_path("//double//slash").as_deref(),
            Some("double/slash")
        );
    }

    #[test]
    fn absolute_form_keeps_only_the_path() {
        assert_eq!(
            safe_path("http://127.0.0.1:1111/fiches/").as_deref(),
            Some("fiches/")
        );
        assert_eq!(safe_path("HTTPS://exemple.org").as_deref(), Some(""));
        // A character across where a scheme would end (`get`, not slicing).
        assert_eq!(safe_path("httpéé/x").as_deref(), None);
        assert_eq!(safe_path("/httpéé").as_deref(), Some("httpéé"));
        assert_eq!(safe_path("http://x/../etc/passwd"), None);
    }

    #[test]
    fn traversal_attempts_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/fiches/../../secret",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/a%2Fb",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "/a%00.html",
            "/%ff%fe",
            "/a%zz",
            "/a%2",
            "*",
            "fiches/x",
            "/./index.html",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn types_say_utf8_for_text() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn overlay_escapes_what_authors_wrote() {
        let d = Diagnostic::error("champ <script>")
            .in_file("content/a.md")
            .at(
                "+++\ntitle = \"<b>\"\n+++\n",
                crate::span::FileSpan::new(4, 9),
            )
            .hint("x & y");
        let html = overlay(&[d], crate::Lang::Fr);
        assert!(html.contains("champ &lt;script&gt;"));
        assert!(html.contains("title = &quot;&lt;b&gt;&quot;"));
        assert!(html.contains("content/a.md:2:1"));
        assert!(html.contains("x &amp; y"));
        assert!(!html.contains("<script>"));
    }
}
