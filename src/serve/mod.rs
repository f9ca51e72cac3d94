//! `fiches serve`: builds the site in memory, serves it, watches the sources,
//! rebuilds what a change touches and tells open pages to reload. Nothing is
//! written into the site folder.

mod edit;
mod http;
pub mod incremental;
mod intake;
mod mime;
mod rebuild;
mod reload;
mod watch;

pub use http::{overlay, safe_path};
pub use mime::content_type;

use std::net::ToSocketAddrs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::project::{Options as ProjectOptions, Project};
use crate::sources;
use rebuild::{IndexRequest, Loop, index_loop, rebuild_loop};
use reload::Hub;
use watch::Watcher;

/// Reserved paths of the server, outside any site's namespace.
const EVENTS_PATH: &str = "__fiches/events";
const SCRIPT_PATH: &str = "__fiches/live.js";

/// Requests are answered by this many threads; subscriptions to reload events never
/// hold one.
const WORKERS: usize = 8;
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
    /// The watcher could not be started or failed.
    WatchError(String),
}

pub type Log = Arc<dyn Fn(Event) + Send + Sync>;

struct State {
    project: Option<Project>,
    /// Errors of the last rebuild; empty when it succeeded.
    errors: Vec<Diagnostic>,
}

/// The search index's files, kept in step in the background so that indexing never
/// delays a reload; by path (`search/data/...`).
type SearchFiles = RwLock<std::collections::HashMap<String, Vec<u8>>>;

pub(crate) struct Shared {
    state: RwLock<State>,
    search: SearchFiles,
    lang: Lang,
    /// Editing from the browser; `None` unless bound to a loopback address.
    editor: Option<edit::Editor>,
}

/// A running server.
pub struct Server {
    pub url: String,
    http: Arc<tiny_http::Server>,
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
        for _ in 0..WORKERS {
            self.http.unblock();
        }
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
    let mut sources = scan.load();
    crate::commands::realise_photos(&mut sources);
    let lang = sources.lang;
    // `::1` and `[::1]` name one address; in a URL and a socket address it is `[::1]`.
    let bare = opts.bind.trim_start_matches('[').trim_end_matches(']');
    let host = if bare.contains(':') {
        format!("[{bare}]")
    } else {
        bare.to_string()
    };
    let addr = format!("{host}:{}", opts.port);
    let sockets: Vec<_> = addr
        .to_socket_addrs()
        .map(|a| a.collect())
        .unwrap_or_default();
    let http = match tiny_http::Server::http(sockets.as_slice()) {
        Ok(s) => Arc::new(s),
        Err(e) => return Err(bind_error(&opts.bind, opts.port, &e.to_string(), lang)),
    };
    let port = http.server_addr().to_ip().map_or(opts.port, |a| a.port());
    let url = format!("http://{host}:{port}/");

    let popts = ProjectOptions {
        drafts: opts.drafts,
        base_url: Some(url.clone()),
        default_base_url: None,
        // serve keeps its index apart, and follows edits (`search::Live`).
        search_index: false,
        locale: opts.locale,
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
    let shared = Arc::new(Shared {
        state: RwLock::new(State { project, errors }),
        search: RwLock::new(Default::default()),
        lang,
        editor: edit::Editor::new(&site_dir, &opts.bind, port, opts.drafts),
    });

    let hub = Arc::new(Hub::default());
    let stop = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();

    let (index_tx, index_rx) = std::sync::mpsc::channel();
    {
        let (shared, hub, stop) = (shared.clone(), hub.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            index_loop(&shared, &hub, &index_rx, &stop)
        }));
    }
    let _ = index_tx.send(IndexRequest::Whole);

    for _ in 0..WORKERS {
        let (http, shared, hub) = (http.clone(), shared.clone(), hub.clone());
        threads.push(std::thread::spawn(move || {
            while let Ok(req) = http.recv() {
                // A panic answering one request (tiny_http then answers 500) leaves
                // this thread to answer the next ones, and the site unlocked.
                let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    intake::dispatch(req, &shared, &hub);
                }));
                if answered.is_err() {
                    shared.state.clear_poison();
                    shared.search.clear_poison();
                }
            }
        }));
    }
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
    match Watcher::start(&site_dir) {
        Ok((watcher, rx)) => {
            let (shared, hub, stop, log) = (shared.clone(), hub.clone(), stop.clone(), log.clone());
            threads.push(std::thread::spawn(move || {
                let ctx = Loop {
                    site_dir: &site_dir,
                    popts,
                    shared: &shared,
                    hub: &hub,
                    stop: &stop,
                    log: &log,
                    index: index_tx,
                };
                rebuild_loop(watcher, rx, &ctx);
            }));
        }
        Err(e) => log(Event::WatchError(e.to_string())),
    }
    Ok(Server {
        url,
        http,
        hub,
        stop,
        threads,
    })
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
