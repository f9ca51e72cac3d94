//! `fiches serve`: builds the site in memory, serves it, watches the sources,
//! rebuilds what a change touches and tells open pages to reload. Nothing is
//! written into the site folder.

mod clock;
mod edit;
mod http;
mod mime;
mod overlay;
mod range;
mod rebuild;
mod reload;
mod state;
mod target;
mod watch;
mod wire;

pub use clock::Clock;
pub use mime::content_type;
pub use overlay::overlay;
pub use target::safe_path;

use std::net::ToSocketAddrs;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::project::{Options as ProjectOptions, Project};
use crate::sources;
use rebuild::{IndexRequest, Loop, index_loop, rebuild_loop};
use reload::Hub;
use state::Shared;
use watch::Watcher;

/// Reserved paths of the server, outside any site's namespace.
const EVENTS_PATH: &str = "__fiches/events";
const SCRIPT_PATH: &str = "__fiches/live.js";

const HEARTBEAT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct Options {
    pub site_dir: PathBuf,
    pub bind: String,
    /// 0 picks any free port.
    pub port: u16,
    pub drafts: bool,
    /// The user's language, for a site whose `fiches.toml` cannot be read far enough
    /// to say its own.
    pub locale: Lang,
    /// Where the day comes from: the agenda moves on when it changes.
    pub clock: Clock,
}

/// What the server reports while it runs.
#[derive(Debug)]
pub enum Event {
    /// The first build, done before serving.
    Built {
        fiches: usize,
        millis: u128,
        warnings: Vec<Diagnostic>,
    },
    /// A change was rebuilt and announced to open pages.
    Rebuilt {
        changed: Vec<String>,
        pages: usize,
        millis: u128,
        full: bool,
        /// Warnings about the changed files.
        warnings: Vec<Diagnostic>,
    },
    /// A change has errors: the last good site is still served, under an overlay.
    Failed {
        changed: Vec<String>,
        diagnostics: Vec<Diagnostic>,
    },
    /// The day changed: the pages that depend on it were rendered again.
    NewDay {
        /// The new day, `YYYY-MM-DD`.
        day: String,
        pages: usize,
    },
    /// The watcher could not be started or failed.
    WatchError(String),
}

pub type Log = Arc<dyn Fn(Event) + Send + Sync>;

/// A running server.
pub struct Server {
    pub url: String,
    http: wire::Listening,
    hub: Arc<Hub>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Stops serving and watching, closing reload connections.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.http.stop();
        self.hub.close_all();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.shutdown();
        }
    }
}

/// Builds the site, starts the server, the watcher and the rebuilds. Returns once
/// serving; `log` receives what happens from then on.
pub fn start(opts: &Options, log: Log) -> Result<Server, Diagnostic> {
    let site_dir = std::fs::canonicalize(&opts.site_dir).unwrap_or_else(|_| opts.site_dir.clone());
    let start = Instant::now();
    let scan = sources::scan_in(&site_dir, opts.locale);
    // A folder that is not a site at all is a mistake of the command, not an error
    // to show in the browser; nothing is written in it (the photos' cache).
    if let Some(d) = scan.not_a_site().and_then(<[Diagnostic]>::last) {
        return Err(d.clone());
    }
    // The partners are asked once, at the start, not on every edit.
    let mut scan = scan;
    let pooled = crate::commands::Pooled::for_build(&mut scan, None);
    let mut sources = scan.load();
    crate::commands::realise_photos(&mut sources);
    let lang = sources.lang;
    let (listener, port, url) = bind(opts, lang)?;
    let popts = ProjectOptions {
        drafts: opts.drafts,
        base_url: Some(url.clone()),
        default_base_url: None,
        // serve keeps its index apart, and follows edits (`search::Live`).
        search_index: false,
        skip_pages: false,
        kept_bodies: None,
        locale: opts.locale,
        // When serve starts; each full rebuild asks the clock again, and a new day
        // moves the agenda on (`rebuild::new_day`).
        now: Some(opts.clock.now()),
        partners: pooled.partners.clone(),
        search_records: None,
    };
    let (project, errors) = match Project::assemble(sources, &popts) {
        Ok(p) => {
            log(Event::Built {
                fiches: p.site.fiches.len(),
                millis: start.elapsed().as_millis(),
                warnings: p.warnings(),
            });
            (Some(p), Vec::new())
        }
        Err(f) => {
            log(Event::Failed {
                changed: Vec::new(),
                diagnostics: f.diagnostics.clone(),
            });
            (None, f.diagnostics)
        }
    };
    let editor = edit::Editor::new(&site_dir, &opts.bind, port, opts.drafts);
    let shared = Arc::new(Shared::new(project, errors, lang, site_dir.clone(), editor));
    let hub = Arc::new(Hub::default());
    let stop = Arc::new(AtomicBool::new(false));
    let http = match wire::listen(listener, handler(&shared, &hub)) {
        Ok(l) => l,
        Err(e) => return Err(bind_error(&opts.bind, opts.port, &e.to_string(), lang)),
    };
    let said = pooled.warnings().to_vec();
    let threads = background(
        &site_dir,
        (popts, said, &opts.clock),
        &shared,
        &hub,
        &stop,
        &log,
    );
    Ok(Server {
        url,
        http,
        hub,
        stop,
        threads,
    })
}

/// The socket the server listens on, its port and its address.
fn bind(opts: &Options, lang: Lang) -> Result<(std::net::TcpListener, u16, String), Diagnostic> {
    let host = url_host(&opts.bind);
    let addr = format!("{host}:{}", opts.port);
    let sockets: Vec<_> = addr
        .to_socket_addrs()
        .map(|a| a.collect())
        .unwrap_or_default();
    let listener = match std::net::TcpListener::bind(sockets.as_slice()) {
        Ok(l) => l,
        Err(e) => return Err(bind_error(&opts.bind, opts.port, &e.to_string(), lang)),
    };
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    let url = format!("http://{host}:{port}/");
    Ok((listener, port, url))
}

/// `--bind`'s address as a URL and a socket address write it: `::1` and `[::1]` name
/// one address, written `[::1]` (an IPv6 address is bracketed once, whatever the user
/// wrote); an IPv4 address and a host name are written as they are.
fn url_host(bind: &str) -> String {
    let bare = bind.trim_start_matches('[').trim_end_matches(']');
    if bare.contains(':') {
        format!("[{bare}]")
    } else {
        bare.to_string()
    }
}

/// What answers each request.
fn handler(shared: &Arc<Shared>, hub: &Arc<Hub>) -> Arc<wire::Handler> {
    let (shared, hub) = (shared.clone(), hub.clone());
    Arc::new(move |req: &mut wire::Request<'_>| {
        // A panic answering one request (answered 500) leaves the site unlocked.
        let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            http::handle(req, &shared, &hub)
        }));
        answered.unwrap_or_else(|panic| {
            shared.state.clear_poison();
            shared.search.clear_poison();
            std::panic::resume_unwind(panic)
        })
    })
}

/// Starts what runs beside the requests: the search index, the heartbeat of reload
/// connections, the watcher and its rebuilds.
fn background(
    site_dir: &std::path::Path,
    (popts, partner_warnings, clock): (ProjectOptions, Vec<Diagnostic>, &Clock),
    shared: &Arc<Shared>,
    hub: &Arc<Hub>,
    stop: &Arc<AtomicBool>,
    log: &Log,
) -> Vec<JoinHandle<()>> {
    let mut threads = Vec::new();
    let (index_tx, index_rx) = std::sync::mpsc::channel();
    {
        let (shared, hub, stop) = (shared.clone(), hub.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            index_loop(&shared, &hub, &index_rx, &stop)
        }));
    }
    let _ = index_tx.send(IndexRequest::Whole);
    {
        let (hub, stop) = (hub.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            let mut last = Instant::now();
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(200));
                if last.elapsed() >= HEARTBEAT {
                    hub.heartbeat();
                    last = Instant::now();
                }
            }
        }));
    }
    match Watcher::start(site_dir) {
        Ok((watcher, rx)) => {
            let (shared, hub, stop, log) = (shared.clone(), hub.clone(), stop.clone(), log.clone());
            let site_dir = site_dir.to_path_buf();
            let clock = clock.clone();
            threads.push(std::thread::spawn(move || {
                let ctx = Loop {
                    site_dir: &site_dir,
                    popts,
                    shared: &shared,
                    hub: &hub,
                    stop: &stop,
                    log: &log,
                    index: index_tx,
                    partner_warnings,
                    clock,
                };
                rebuild_loop(watcher, rx, &ctx);
            }));
        }
        Err(e) => log(Event::WatchError(e.to_string())),
    }
    threads
}

fn bind_error(bind: &str, port: u16, detail: &str, lang: Lang) -> Diagnostic {
    let in_use = detail.to_ascii_lowercase().contains("in use");
    if in_use {
        Diagnostic::error(lang.pick(
            format!("le port {port} est déjà utilisé (un autre `fiches serve` ou un autre programme ?)"),
            format!("port {port} is already in use (another `fiches serve`, or another program?)"),
        ))
        .hint(lang.pick(
            format!("choisissez un autre port, par exemple --port {}, ou --port 0 pour n'importe quel port libre", port.saturating_add(1)),
            format!("choose another port, for example --port {}, or --port 0 for any free port", port.saturating_add(1)),
        ))
    } else {
        Diagnostic::error(lang.pick(
            format!("impossible d'ouvrir le serveur sur {bind}:{port} : {detail}"),
            format!("cannot start the server on {bind}:{port}: {detail}"),
        ))
        .hint(lang.pick("vérifiez --bind et --port", "check --bind and --port"))
    }
}

#[cfg(test)]
mod tests {
    use super::url_host;

    #[test]
    fn an_address_is_written_once_in_its_url_form() {
        for (bind, host) in [
            ("127.0.0.1", "127.0.0.1"),
            ("0.0.0.0", "0.0.0.0"),
            ("::1", "[::1]"),
            ("[::1]", "[::1]"),
            ("::", "[::]"),
            ("[::]", "[::]"),
            ("fe80::1", "[fe80::1]"),
            ("::ffff:127.0.0.1", "[::ffff:127.0.0.1]"),
            ("localhost", "localhost"),
            ("fiches.local", "fiches.local"),
        ] {
            assert_eq!(url_host(bind), host, "{bind}");
        }
    }
}
