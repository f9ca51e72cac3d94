//! `fiches serve`: builds the site in memory, serves it, watches the sources,
//! rebuilds what a change touches and tells open pages to reload. Nothing is
//! written into the site folder.

mod http;
mod reload;
mod watch;

pub use http::{content_type, overlay, safe_path};

use std::net::ToSocketAddrs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, display_path};
use crate::lang::Lang;
use crate::project::{Options as ProjectOptions, Project, Update};
use reload::Hub;
use watch::Watcher;

/// Reserved paths of the server, outside any site's namespace.
const EVENTS_PATH: &str = "__fiches/events";
const SCRIPT_PATH: &str = "__fiches/live.js";

/// Requests are answered by this many threads; subscriptions to reload events never
/// hold one.
const WORKERS: usize = 8;
const HEARTBEAT: Duration = Duration::from_secs(10);
/// Quiet time after the last rebuild before the search index is built again.
const INDEX_QUIET: Duration = Duration::from_millis(1500);

#[derive(Clone, Debug)]
pub struct Options {
    pub site_dir: PathBuf,
    pub bind: String,
    /// 0 picks any free port.
    pub port: u16,
    pub drafts: bool,
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

/// The search index, built in the background after each rebuild so that it never
/// delays a reload; by path (`pagefind/...`).
type SearchFiles = RwLock<std::collections::HashMap<String, Vec<u8>>>;

pub(crate) struct Shared {
    state: RwLock<State>,
    search: SearchFiles,
    lang: Lang,
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
    let (cfg, mut problems) = crate::load::config(&site_dir);
    // A folder that is not a site at all is a mistake of the command, not an error
    // to show in the browser.
    if !site_dir.join(crate::config::FILE_NAME).is_file()
        && let Some(d) = problems.pop()
    {
        return Err(d);
    }
    let lang = cfg.map(|c| c.language).unwrap_or_default();
    let addr = format!("{}:{}", opts.bind, opts.port);
    let sockets: Vec<_> = addr
        .to_socket_addrs()
        .map(|a| a.collect())
        .unwrap_or_default();
    let http = match tiny_http::Server::http(sockets.as_slice()) {
        Ok(s) => Arc::new(s),
        Err(e) => return Err(bind_error(&opts.bind, opts.port, &e.to_string(), lang)),
    };
    let port = http.server_addr().to_ip().map_or(opts.port, |a| a.port());
    let host = if opts.bind.contains(':') {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.clone()
    };
    let url = format!("http://{host}:{port}/");

    let popts = ProjectOptions {
        drafts: opts.drafts,
        base_url: Some(url.clone()),
    };
    let start = Instant::now();
    let (lang, result) = Project::build(&site_dir, &popts);
    let (project, errors) = match result {
        Ok(p) => {
            log(Event::Built {
                fiches: p.site.fiches.len(),
                millis: start.elapsed().as_millis(),
                warnings: p.warnings(),
            });
            (Some(p), Vec::new())
        }
        Err(d) => {
            log(Event::Failed {
                changed: Vec::new(),
                diagnostics: d.clone(),
            });
            (None, d)
        }
    };
    let shared = Arc::new(Shared {
        state: RwLock::new(State { project, errors }),
        search: RwLock::new(Default::default()),
        lang,
    });

    let hub = Arc::new(Hub::default());
    let stop = Arc::new(AtomicBool::new(false));
    let mut threads = Vec::new();

    let (index_tx, index_rx) = std::sync::mpsc::channel::<()>();
    {
        let (shared, stop) = (shared.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            index_loop(&shared, &index_rx, &stop)
        }));
    }
    let _ = index_tx.send(());

    for _ in 0..WORKERS {
        let (http, shared, hub) = (http.clone(), shared.clone(), hub.clone());
        threads.push(std::thread::spawn(move || {
            while let Ok(req) = http.recv() {
                http::handle(req, &shared, &hub);
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

/// The current warnings about the files of a change.
fn warnings_about(shared: &Shared, paths: &[PathBuf]) -> Vec<Diagnostic> {
    let Ok(state) = shared.state.read() else {
        return Vec::new();
    };
    let Some(project) = &state.project else {
        return Vec::new();
    };
    project
        .warnings()
        .into_iter()
        .filter(|d| d.file.as_ref().is_some_and(|f| paths.contains(f)))
        .collect()
}

/// Rebuilds the search index whenever asked, in the background; requests that pile
/// up during a run make one more run.
fn index_loop(shared: &Shared, rx: &std::sync::mpsc::Receiver<()>, stop: &AtomicBool) {
    use std::sync::mpsc::RecvTimeoutError;
    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(()) => {}
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // Indexing a large site takes seconds of work: wait until the author pauses,
        // so that it never competes with the rebuilds of a writing session.
        loop {
            match rx.recv_timeout(INDEX_QUIET) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let records = match shared.state.read() {
            Ok(state) => match &state.project {
                Some(p) if p.site.config.search => crate::search::records(p),
                _ => continue,
            },
            Err(_) => break,
        };
        if let Ok(files) = crate::search::index(records, shared.lang)
            && let Ok(mut search) = shared.search.write()
        {
            *search = files.into_iter().map(|p| (p.path, p.bytes)).collect();
        }
    }
}

/// What the rebuild loop works with.
struct Loop<'a> {
    site_dir: &'a Path,
    popts: ProjectOptions,
    shared: &'a Shared,
    hub: &'a Hub,
    stop: &'a AtomicBool,
    log: &'a Log,
    /// Asks for the search index to be built again.
    index: std::sync::mpsc::Sender<()>,
}

fn rebuild_loop(mut watcher: Watcher, rx: std::sync::mpsc::Receiver<Vec<PathBuf>>, ctx: &Loop) {
    let Loop {
        site_dir,
        popts,
        shared,
        hub,
        stop,
        log,
        index,
    } = ctx;
    while !stop.load(Ordering::SeqCst) {
        let Ok(first) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        // Whatever piled up meanwhile joins this rebuild.
        let mut paths = first;
        while let Ok(more) = rx.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        watcher.watch_new_dirs();
        let changed: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
        let start = Instant::now();
        let fiche_edits = paths.iter().all(|p| {
            p.starts_with("content")
                && p.extension().is_some_and(|e| e == "md")
                && site_dir.join(p).is_file()
        });

        let mut outcome = Update::NeedsFull;
        if fiche_edits && let Ok(mut state) = shared.state.write() {
            // After a failed change, only a full rebuild knows whether every error is
            // gone (the broken file may not be the one saved now).
            if state.errors.is_empty()
                && let Some(project) = state.project.as_mut()
            {
                outcome = project.update_fiches(&paths);
            }
            match &outcome {
                Update::Pages(_) => state.errors.clear(),
                Update::Failed(d) => state.errors = d.clone(),
                Update::NeedsFull => {}
            }
        }
        match outcome {
            Update::Pages(pages) => {
                hub.send("reload");
                let _ = index.send(());
                let warnings = warnings_about(shared, &paths);
                log(Event::Rebuilt {
                    changed,
                    pages: pages.len(),
                    millis: start.elapsed().as_millis(),
                    full: false,
                    warnings,
                });
            }
            Update::Failed(diagnostics) => {
                hub.send("reload");
                log(Event::Failed {
                    changed,
                    diagnostics,
                });
            }
            Update::NeedsFull => {
                let (_, result) = Project::build(site_dir, popts);
                let event = match result {
                    Ok(project) => {
                        let pages = project.generated.pages.len();
                        if let Ok(mut state) = shared.state.write() {
                            state.project = Some(project);
                            state.errors.clear();
                        }
                        let _ = index.send(());
                        Event::Rebuilt {
                            changed,
                            pages,
                            millis: start.elapsed().as_millis(),
                            full: true,
                            warnings: warnings_about(shared, &paths),
                        }
                    }
                    Err(diagnostics) => {
                        if let Ok(mut state) = shared.state.write() {
                            state.errors = diagnostics.clone();
                        }
                        Event::Failed {
                            changed,
                            diagnostics,
                        }
                    }
                };
                hub.send("reload");
                log(event);
            }
        }
    }
}
