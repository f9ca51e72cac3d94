//! Getting a partner's `fiches.json`: over HTTP(S) (`ureq`, with rustls and Mozilla's
//! roots compiled in, so that a build gives the same answer on every machine), or
//! from the disk (`file://…`, a path from the site's folder). What was fetched is
//! kept in `.fiches-cache/partners/`, and read from there when the partner is down,
//! slow or unreachable, or answers that it has not changed since (a conditional
//! request, with the `ETag` and `Last-Modified` kept beside the copy).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Fetch, MAX_BYTES};
use crate::config::PartnerSource;
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// What a partner gave: its bytes when any could be had, and what to say about it.
pub(super) struct Got {
    pub bytes: Option<Vec<u8>>,
    pub warning: Option<Diagnostic>,
}

pub(super) fn get(root: &Path, source: &PartnerSource, how: Fetch, lang: Lang) -> Got {
    let url = source.url.as_str();
    let Some(remote) = remote(url) else {
        return from_disk(root, source, lang);
    };
    let cache = cache_file(root, url);
    if !how.network
        && let Ok(bytes) = read_capped(&cache)
    {
        return Got {
            bytes: Some(bytes),
            warning: None,
        };
    }
    // What the kept copy's server said of it, asked again only when it changed.
    let known = Validators::read(&cache).filter(|_| cache.is_file());
    let fresh = match download(remote, how, known.as_ref()) {
        // Not changed since the copy was kept: the copy, unless it is gone since.
        Ok(Fetched::Same) => match read_capped(&cache) {
            Ok(bytes) => {
                return Got {
                    bytes: Some(bytes),
                    warning: None,
                };
            }
            Err(_) => download(remote, how, None),
        },
        other => other,
    };
    match fresh {
        Ok(Fetched::New(bytes, validators)) => {
            // The validators go with the copy they describe, or not at all: a copy
            // left from before must not pass for the file they name.
            if how.keep {
                let _ = std::fs::remove_file(Validators::file(&cache));
                if keep(&cache, &bytes) {
                    validators.keep(&cache);
                }
            }
            Got {
                bytes: Some(bytes),
                warning: None,
            }
        }
        Ok(Fetched::Same) => fallback(&cache, source, &Why::Missing.say(lang), lang),
        Err(why) => fallback(&cache, source, &why.say(lang), lang),
    }
}

/// What a partner's server answered.
enum Fetched {
    /// Its file, and what tells the server it has not changed since.
    New(Vec<u8>, Validators),
    /// `304 Not Modified`: the copy kept is its file.
    Same,
}

/// What a server says to tell a file from its later versions (`ETag`,
/// `Last-Modified`), kept beside the copy (`….meta`, a line each) and sent back
/// (`If-None-Match`, `If-Modified-Since`), so that an unchanged partner answers
/// `304` and sends nothing.
#[derive(Debug, Default, PartialEq)]
struct Validators {
    etag: Option<String>,
    modified: Option<String>,
}

impl Validators {
    fn of(answer: &ureq::http::Response<ureq::Body>) -> Validators {
        let header = |name: &str| {
            let value = answer.headers().get(name)?.to_str().ok()?.trim();
            // One line each in the file, and a header's value has none anyway.
            (!value.is_empty() && !value.contains(['\n', '\r'])).then(|| value.to_string())
        };
        Validators {
            etag: header("etag"),
            modified: header("last-modified"),
        }
    }

    fn file(cache: &Path) -> PathBuf {
        cache.with_extension("meta")
    }

    fn read(cache: &Path) -> Option<Validators> {
        let text = std::fs::read_to_string(Self::file(cache)).ok()?;
        let mut v = Validators::default();
        for line in text.lines() {
            if let Some(etag) = line.strip_prefix("etag: ") {
                v.etag = Some(etag.to_string());
            } else if let Some(date) = line.strip_prefix("last-modified: ") {
                v.modified = Some(date.to_string());
            }
        }
        (v != Validators::default()).then_some(v)
    }

    /// Kept beside the copy (when the server gave any).
    fn keep(&self, cache: &Path) {
        let mut text = String::new();
        for (name, value) in [("etag", &self.etag), ("last-modified", &self.modified)] {
            if let Some(value) = value {
                text.push_str(&format!("{name}: {value}\n"));
            }
        }
        let file = Self::file(cache);
        if !text.is_empty() {
            keep(&file, text.as_bytes());
        }
    }
}

/// The partner could not be fetched: its last copy, said, or nothing, said.
fn fallback(cache: &Path, source: &PartnerSource, why: &str, lang: Lang) -> Got {
    let name = &source.name;
    match read_capped(cache) {
        Ok(bytes) => Got {
            bytes: Some(bytes),
            warning: Some(
                Diagnostic::warning(lang.pick(
                    format!("le partenaire « {name} » n'a pas pu être joint ({why}) : ses fiches viennent de la dernière copie gardée"),
                    format!("partner \"{name}\" could not be reached ({why}): its sheets come from the last copy kept"),
                ))
                .hint(lang.pick(
                    "elles seront mises à jour au prochain build où il répondra",
                    "they will be updated at the next build where it answers",
                )),
            ),
        },
        Err(_) => Got {
            bytes: None,
            warning: Some(
                Diagnostic::warning(lang.pick(
                    format!("le partenaire « {name} » n'a pas pu être joint ({why}) : ses fiches ne sont pas publiées"),
                    format!("partner \"{name}\" could not be reached ({why}): its sheets are not published"),
                ))
                .hint(lang.pick(
                    format!("vérifiez l'adresse {} et la connexion ; le site est construit sans elles", source.url),
                    format!("check the address {} and the connection; the site is built without them", source.url),
                )),
            ),
        },
    }
}

/// The address to ask, when `url` is one of the web.
fn remote(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

/// A partner's file on the disk: `file://PATH`, or a path from the site's folder.
fn local_path(root: &Path, url: &str) -> PathBuf {
    match url.strip_prefix("file://") {
        Some(path) => {
            PathBuf::from(crate::links::percent_decode(path).unwrap_or_else(|| path.to_string()))
        }
        None => root.join(url),
    }
}

fn from_disk(root: &Path, source: &PartnerSource, lang: Lang) -> Got {
    let path = local_path(root, &source.url);
    match read_capped(&path) {
        Ok(bytes) => Got {
            bytes: Some(bytes),
            warning: None,
        },
        Err(why) => {
            let why = why.say(lang);
            let name = &source.name;
            Got {
                bytes: None,
                warning: Some(
                    Diagnostic::warning(lang.pick(
                        format!("le fichier du partenaire « {name} » ne peut pas être lu ({why}) : ses fiches ne sont pas publiées"),
                        format!("the file of partner \"{name}\" cannot be read ({why}): its sheets are not published"),
                    ))
                    .hint(lang.pick(
                        format!("`url` désigne {} : un chemin depuis le dossier du site, ou file://…, ou https://…", path.display()),
                        format!("`url` points to {}: a path from the site's folder, or file://…, or https://…", path.display()),
                    )),
                ),
            }
        }
    }
}

/// A file read whole, when it weighs at most [`MAX_BYTES`].
fn read_capped(path: &Path) -> Result<Vec<u8>, Why> {
    // A pipe would block the opening for ever: only a regular file (or a link to one).
    if !std::fs::metadata(path)
        .map_err(|e| Why::of_io(&e))?
        .is_file()
    {
        return Err(Why::NotAFile);
    }
    let file = std::fs::File::open(path).map_err(|e| Why::of_io(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Why::of_io(&e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Why::TooLarge);
    }
    Ok(bytes)
}

fn download(url: &str, how: Fetch, known: Option<&Validators>) -> Result<Fetched, Why> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(how.timeout))
        .http_status_as_error(true)
        .max_redirects(5)
        .user_agent(concat!("fiches/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut ask = agent.get(url);
    if let Some(known) = known {
        if let Some(etag) = &known.etag {
            ask = ask.header("If-None-Match", etag);
        }
        if let Some(date) = &known.modified {
            ask = ask.header("If-Modified-Since", date);
        }
    }
    let mut answer = ask.call().map_err(|e| Why::of_http(&e))?;
    if answer.status() == ureq::http::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::Same);
    }
    let validators = Validators::of(&answer);
    let bytes = answer
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| Why::of_http(&e))?;
    Ok(Fetched::New(bytes, validators))
}

/// Why a partner's file could not be had, said in the site's language: the
/// messages go to authors, not to whoever reads ureq's or the system's words.
#[derive(Debug)]
enum Why {
    Status(u16),
    Timeout,
    TooLarge,
    Missing,
    Denied,
    Unreachable,
    Secure,
    NotAFile,
    Other(String),
}

impl Why {
    fn of_io(e: &std::io::Error) -> Why {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => Why::Missing,
            K::PermissionDenied => Why::Denied,
            K::TimedOut => Why::Timeout,
            K::ConnectionRefused | K::ConnectionReset | K::ConnectionAborted => Why::Unreachable,
            other => Why::Other(other.to_string()),
        }
    }

    fn of_http(e: &ureq::Error) -> Why {
        match e {
            ureq::Error::StatusCode(code) => Why::Status(*code),
            ureq::Error::Timeout(_) => Why::Timeout,
            ureq::Error::BodyExceedsLimit(_) => Why::TooLarge,
            ureq::Error::Io(io) => Why::of_io(io),
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => Why::Unreachable,
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => Why::Secure,
            other => Why::Other(other.to_string()),
        }
    }

    fn say(&self, lang: Lang) -> String {
        let mib = MAX_BYTES / (1024 * 1024);
        match self {
            Why::Status(code) => lang.pick(
                format!("son serveur répond « erreur {code} »"),
                format!("its server answers \"error {code}\""),
            ),
            Why::Timeout => lang.pick("pas de réponse à temps", "no answer in time"),
            Why::TooLarge => {
                lang.pick(format!("plus de {mib} Mio"), format!("more than {mib} MiB"))
            }
            Why::Missing => lang.pick("fichier introuvable", "file not found"),
            Why::Denied => lang.pick("accès refusé", "permission denied"),
            Why::Unreachable => lang.pick("serveur injoignable", "server unreachable"),
            Why::Secure => lang.pick("connexion sécurisée impossible", "secure connection failed"),
            Why::NotAFile => lang.pick("pas un fichier ordinaire", "not a regular file"),
            Why::Other(s) => s.clone(),
        }
    }
}

/// Where the last copy of the partner at `url` is kept.
fn cache_file(root: &Path, url: &str) -> PathBuf {
    let h = crate::hash::Fnv64::new().field(url.as_bytes()).finish();
    root.join(crate::photos::CACHE_DIR)
        .join("partners")
        .join(format!("{h:016x}.json"))
}

/// Keeps a copy, written aside then renamed, so that a build stopped midway never
/// leaves half a file. A copy that cannot be kept only costs the next offline build.
/// Whether it was kept.
fn keep(path: &Path, bytes: &[u8]) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let mut aside = path.as_os_str().to_owned();
    aside.push(".part");
    let aside = PathBuf::from(aside);
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&aside, bytes))
        .and_then(|()| std::fs::rename(&aside, path))
        .is_ok()
}
