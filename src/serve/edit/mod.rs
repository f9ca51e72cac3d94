//! Editing fiches from the browser while `serve` runs: "Modifier cette fiche" on each
//! fiche page and "Nouvelle fiche" on the home page open the contribution form,
//! prefilled from the file on the disk ([`opened`]); saving checks the site as it would
//! be with `fiches check` ([`verify`]), writes the file (see [`write`]) and the page
//! reloads as after any save. Only on a loopback address, only from the server's own
//! pages (`Host` and `Origin` checked, against other web pages and DNS rebinding), only
//! with this run's secret token, only inside `content/`, one save at a time, and never
//! over a file that changed since the form was opened.

mod answer;
mod conflict;
mod image;
mod opened;
mod relink;
mod request;
mod save;
#[cfg(test)]
mod unicode;
mod values;
mod verify;
mod write;

use answer::{bar, text};
use conflict::hash;
pub use save::Known;

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Map, Value, json};

use crate::project::Project;

pub use crate::paths::{EDIT_PAGE as EDIT_PATH, SAVE_PAGE as SAVE_PATH};
/// A save request larger than this is refused: a fiche is a few tens of KB, a photo a
/// few MB (sent in base64).
pub const MAX_SAVE: usize = 12 << 20;
/// How many opened versions are remembered to show what changed on a conflict.
const REMEMBERED: usize = 64;

pub struct Editor {
    site_dir: PathBuf,
    /// Whether the server shows drafts: a new fiche (a draft) is shown only then.
    drafts: bool,
    token: String,
    /// `Host` values of this server (`127.0.0.1:1111`, `localhost:1111`).
    hosts: Vec<String>,
    /// The texts of the files as forms were opened, by their hash.
    opened: Mutex<HashMap<String, String>>,
    /// Held by a save from reading the file it changes to its last write: saves run
    /// one at a time, each checked against the site as the previous one left it.
    saving: Mutex<()>,
}

/// The `Host` values by which a browser reaches a server on `bind:port`: the address
/// it listens on, as written in a URL, and `localhost` when that name leads to it.
fn hosts(bind: &str, ip: std::net::IpAddr, port: u16) -> Vec<String> {
    let mut names = match ip {
        std::net::IpAddr::V6(v6) => vec![format!("[{v6}]")],
        std::net::IpAddr::V4(v4) => vec![v4.to_string()],
    };
    if bind == "localhost" {
        // The name may lead to either loopback address; the server listens on those
        // it resolved to.
        names = vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()];
    } else if ip == std::net::Ipv4Addr::LOCALHOST || ip == std::net::Ipv6Addr::LOCALHOST {
        names.push("localhost".into());
    }
    let mut hosts: Vec<String> = names.iter().map(|h| format!("{h}:{port}")).collect();
    if port == 80 {
        // Browsers leave out the default port.
        hosts.extend(names);
    }
    hosts
}

/// An answer of the editor, as the server sends it.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(status: u16, message: &str) -> Answer {
        Answer {
            status,
            content_type: "text/plain; charset=utf-8",
            body: message.as_bytes().to_vec(),
        }
    }

    fn html(status: u16, page: Vec<u8>) -> Answer {
        Answer {
            status,
            content_type: "text/html; charset=utf-8",
            body: page,
        }
    }

    fn json(status: u16, value: &Value) -> Answer {
        Answer {
            status,
            content_type: "application/json",
            body: value.to_string().into_bytes(),
        }
    }
}

/// A fiche just written, as the rebuilt site will hold it.
pub struct Written {
    pub rel: PathBuf,
    pub text: String,
}

/// An answer that wrote nothing.
fn no(answer: Answer) -> (Answer, Option<Written>) {
    (answer, None)
}

impl Editor {
    /// An editor for a server on `bind:port`, or `None` when that is not a loopback
    /// address: editing from another machine is never offered.
    pub fn new(site_dir: &Path, bind: &str, port: u16, drafts: bool) -> Option<Editor> {
        let ip: std::net::IpAddr = match bind {
            "localhost" => std::net::Ipv4Addr::LOCALHOST.into(),
            b => b.trim_matches(['[', ']']).parse().ok()?,
        };
        if !ip.is_loopback() {
            return None;
        }
        Some(Editor {
            site_dir: site_dir.to_path_buf(),
            drafts,
            token: secret(),
            hosts: hosts(bind, ip, port),
            opened: Mutex::new(HashMap::new()),
            saving: Mutex::new(()),
        })
    }

    /// Whether a request comes through this server's own address (not a rebound name).
    pub fn own_host(&self, host: Option<&str>) -> bool {
        host.is_some_and(|h| self.hosts.iter().any(|o| o.eq_ignore_ascii_case(h)))
    }

    /// Whether a request was sent by a page of this server.
    fn own_origin(&self, origin: Option<&str>) -> bool {
        origin.is_some_and(|o| {
            o.strip_prefix("http://")
                .is_some_and(|h| self.hosts.iter().any(|own| own.eq_ignore_ascii_case(h)))
        })
    }

    /// The form for `/__fiches/edit?fiche=SLUG` (or without a query: a new fiche),
    /// filled from the file as it is on the disk now, whatever the site shown holds.
    pub fn page(&self, project: &Project, query: &str) -> Answer {
        let lang = project.site.config.language;
        let slug = query
            .split('&')
            .find_map(|p| p.strip_prefix("fiche="))
            .map(|s| s.to_string());
        let mut edit = Map::new();
        edit.insert("save".into(), json!(format!("/{SAVE_PATH}")));
        edit.insert("token".into(), json!(self.token));
        match slug {
            Some(slug) => {
                let Some(f) = project.site.fiches.iter().find(|f| f.slug == slug) else {
                    return text(404, lang.pick("Fiche introuvable.", "No such sheet."));
                };
                let rel = crate::diagnostic::display_path(&f.path);
                // The file as a save would find it: not one a link leads to.
                let Some(full) = write::target(&self.site_dir, &rel) else {
                    return text(
                        403,
                        lang.pick(
                            "Ce fichier ne peut pas être modifié ici.",
                            "This file cannot be edited here.",
                        ),
                    );
                };
                let bytes = match crate::sources::read_fiche(&full, &f.path, lang) {
                    Ok(bytes) => bytes,
                    Err(d) => return text(422, d.message),
                };
                let cfg = &project.site.config;
                let on_disk = match opened::read(&bytes, f, cfg) {
                    Ok(fiche) => fiche,
                    Err(diags) => return opened::refused(&f.path, &diags, lang),
                };
                let hash = hash(&bytes);
                self.remember(&hash, String::from_utf8_lossy(&bytes).into_owned());
                let body = values::split(on_disk.body(), on_disk.variant_in(cfg));
                edit.insert("path".into(), json!(rel));
                edit.insert("hash".into(), json!(hash));
                edit.insert("draft".into(), json!(on_disk.draft));
                edit.insert("values".into(), values::of(&on_disk, cfg));
                let sections: Vec<Value> = body
                    .sections
                    .iter()
                    .map(|(t, x)| json!({ "title": t, "text": x }))
                    .collect();
                edit.insert("sections".into(), json!(sections));
                edit.insert("extra".into(), json!(body.extra));
            }
            None => {
                edit.insert("path".into(), Value::Null);
                edit.insert("values".into(), json!({}));
                // A new fiche is a draft until its author chooses to publish it.
                edit.insert("draft".into(), json!(true));
            }
        }
        let edit = Value::Object(edit);
        let site = &project.site;
        match crate::render::edit_page(site, &project.theme, &edit, &project.draft_slugs) {
            Ok(page) => Answer::html(200, page.bytes),
            Err(d) => text(500, d.message),
        }
    }

    fn remember(&self, hash: &str, text: String) {
        if let Ok(mut opened) = self.opened.lock() {
            if opened.len() >= REMEMBERED {
                opened.clear();
            }
            opened.insert(hash.to_string(), text);
        }
    }
}

/// 128 bits from the system's random source, for this run's token.
fn secret() -> String {
    let mut buf = [0u8; 16];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut buf))
        .is_ok();
    if !from_os {
        // Each RandomState is seeded from the system's randomness.
        for chunk in buf.chunks_mut(8) {
            let v = std::collections::hash_map::RandomState::new()
                .hash_one(std::time::SystemTime::now());
            chunk.copy_from_slice(&v.to_le_bytes()[..chunk.len()]);
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bar `serve` adds to its pages: edit this fiche, or write a new one, and the
/// confirmation of a save.
pub fn toolbar(project: &Project, page: &str) -> Option<String> {
    let lang = project.site.config.language;
    let saved = lang.pick(
        "Fiche enregistrée à {h}\u{a0}h\u{a0}{m}.",
        "Sheet saved at {h}:{m}.",
    );
    let draft = lang.pick(
        "Fiche enregistrée à {h}\u{a0}h\u{a0}{m}, comme brouillon\u{a0}: elle n'est visible qu'ici, dans «\u{a0}fiches serve\u{a0}». Elle ne sera publiée qu'une fois draft retiré\u{a0}: dans «\u{a0}Modifier cette fiche\u{a0}», choisissez «\u{a0}Publiée\u{a0}» puis enregistrez.",
        "Sheet saved at {h}:{m}, as a draft: it is shown only here, in \"fiches serve\". It will be published only once draft is removed: in \"Edit this sheet\", choose \"Published\", then save.",
    );
    let (href, label) = match crate::paths::fiche_of_page(page) {
        Some(slug) if project.site.fiches.iter().any(|f| f.slug == slug) => (
            format!("/{EDIT_PATH}?fiche={slug}"),
            lang.pick("Modifier cette fiche", "Edit this sheet"),
        ),
        _ if page == "index.html" => (
            format!("/{EDIT_PATH}"),
            lang.pick("Nouvelle fiche", "New sheet"),
        ),
        _ => return None,
    };
    Some(bar(&href, &label, &saved, &draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses_edit() {
        let site = Path::new("/tmp");
        assert!(Editor::new(site, "127.0.0.1", 1111, false).is_some());
        assert!(Editor::new(site, "::1", 1111, false).is_some());
        assert!(Editor::new(site, "localhost", 1111, false).is_some());
        assert!(Editor::new(site, "0.0.0.0", 1111, false).is_none());
        assert!(Editor::new(site, "192.168.1.10", 1111, false).is_none());
    }

    #[test]
    fn the_hosts_are_those_that_reach_the_server() {
        let e = Editor::new(Path::new("/tmp"), "127.0.0.2", 1111, false).unwrap();
        assert!(e.own_host(Some("127.0.0.2:1111")));
        assert!(e.own_origin(Some("http://127.0.0.2:1111")));
        assert!(
            !e.own_host(Some("localhost:1111")),
            "localhost leads to 127.0.0.1"
        );
        assert!(!e.own_host(Some("127.0.0.1:1111")));
        let e = Editor::new(Path::new("/tmp"), "::1", 80, false).unwrap();
        assert!(e.own_host(Some("[::1]:80")) && e.own_host(Some("[::1]")));
        assert!(e.own_host(Some("localhost")));
        assert!(!e.own_host(Some("127.0.0.1")));
    }

    #[test]
    fn own_host_and_origin_only() {
        let e = Editor::new(Path::new("/tmp"), "127.0.0.1", 1111, false).unwrap();
        assert!(e.own_host(Some("127.0.0.1:1111")));
        assert!(e.own_host(Some("localhost:1111")));
        assert!(!e.own_host(Some("evil.example:1111")), "a rebound name");
        assert!(!e.own_host(Some("127.0.0.1:2222")));
        assert!(!e.own_host(None));
        assert!(e.own_origin(Some("http://localhost:1111")));
        assert!(!e.own_origin(Some("https://evil.example")));
        assert!(!e.own_origin(Some("null")));
        assert!(!e.own_origin(None));
        assert_eq!(e.token.len(), 32);
        assert_ne!(
            e.token,
            Editor::new(Path::new("/tmp"), "127.0.0.1", 1, false)
                .unwrap()
                .token
        );
    }
}
