//! What runs in the background of `serve`: the rebuild after each change (in place
//! when only fiches were edited, in full otherwise) and the search index, which
//! follows each change without delaying the reload.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::reload::Hub;
use super::watch::Watcher;
use super::{Event, Log, Shared};
use crate::diagnostic::{Diagnostic, display_path};
use crate::project::incremental::Update;
use crate::project::{Options as ProjectOptions, Project};

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

/// What the search index is asked to take in.
pub(super) enum IndexRequest {
    /// The fiches of these slugs, after an edit.
    Fiches(Vec<String>),
    /// The whole site, after a full rebuild.
    Whole,
}

/// Keeps the search index in step with the site, in the background: a full index
/// after a full rebuild, only the files an edit's words touch otherwise. Requests
/// that pile up during a run are taken together.
pub(super) fn index_loop(
    shared: &Shared,
    hub: &Hub,
    rx: &std::sync::mpsc::Receiver<IndexRequest>,
    stop: &AtomicBool,
) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut live: Option<crate::search::Live> = None;
    while !stop.load(Ordering::SeqCst) {
        let first = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut slugs = first;
        while let Ok(more) = rx.try_recv() {
            slugs = match (slugs, more) {
                (IndexRequest::Fiches(mut a), IndexRequest::Fiches(b)) => {
                    a.extend(b);
                    IndexRequest::Fiches(a)
                }
                _ => IndexRequest::Whole,
            };
        }
        // A panic loses this index, never the next ones: the next is made whole.
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            index_once(shared, hub, slugs, &mut live);
        }));
        if done.is_err() {
            live = None;
            shared.state.clear_poison();
            shared.search.clear_poison();
        }
    }
}

/// Takes one request of [`index_loop`] in.
fn index_once(
    shared: &Shared,
    hub: &Hub,
    slugs: IndexRequest,
    live: &mut Option<crate::search::Live>,
) {
    crate::testpoint::reach("serve:index");
    let Ok(state) = shared.state.read() else {
        return;
    };
    let Some(p) = state.project.as_ref().filter(|p| p.site.config.search) else {
        *live = None;
        return;
    };
    let (files, whole) = match (slugs, live.as_mut()) {
        (IndexRequest::Fiches(mut slugs), Some(live)) => {
            // An edit's words: quick, done under the lock.
            slugs.sort();
            slugs.dedup();
            (live.update(&p.site, &p.theme.dates(), &slugs), false)
        }
        _ => {
            // The whole site takes longer: indexed from a copy, so that the next
            // rebuild never waits for the lock (a copy is a small part of the cost).
            let (site, dates) = (p.site.clone(), p.theme.dates());
            drop(state);
            let (fresh, files) = crate::search::Live::new(&site, &dates);
            *live = Some(fresh);
            (files, true)
        }
    };
    if let Ok(mut search) = shared.search.write() {
        if whole {
            search.clear();
        }
        search.extend(files.into_iter().map(|p| (p.path, p.bytes)));
    }
    // An open search page loads the index again and runs its search anew.
    hub.send("search");
}

/// What the rebuild loop works with.
pub(super) struct Loop<'a> {
    pub(super) site_dir: &'a Path,
    pub(super) popts: ProjectOptions,
    pub(super) shared: &'a Shared,
    pub(super) hub: &'a Hub,
    pub(super) stop: &'a AtomicBool,
    pub(super) log: &'a Log,
    /// Asks for the search index to be built again.
    pub(super) index: std::sync::mpsc::Sender<IndexRequest>,
    /// What was said about the partners when serve started (they are asked once):
    /// said again after each full rebuild, so that it is not lost from view.
    pub(super) partner_warnings: Vec<Diagnostic>,
    /// Asked after each change and each quiet moment: a new day moves the agenda on.
    pub(super) clock: super::Clock,
}

pub(super) fn rebuild_loop(
    mut watcher: Watcher,
    rx: std::sync::mpsc::Receiver<Vec<PathBuf>>,
    ctx: &Loop,
) {
    while !ctx.stop.load(Ordering::SeqCst) {
        // A panic there is a rebuild's: it ends that one only.
        let moved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| new_day(ctx)));
        if let Err(panic) = moved {
            survive(ctx.shared, ctx.hub, panic.as_ref());
        }
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
        // A panic, wherever it comes from, ends this rebuild, never the next ones.
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rebuild(ctx, paths);
        }));
        if let Err(panic) = done {
            survive(ctx.shared, ctx.hub, panic.as_ref());
        }
    }
}

/// After a panic in a rebuild: the site is unlocked, and shown under the overlay with
/// what happened, until a full rebuild (which the next change makes) succeeds.
pub(super) fn survive(shared: &Shared, hub: &Hub, panic: &(dyn std::any::Any + Send)) {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let lang = shared.lang;
    shared.change(|state| {
        state.errors = vec![
            Diagnostic::error(lang.pick(
                format!("erreur interne de fiches pendant la reconstruction : {what}"),
                format!("internal error of fiches while rebuilding: {what}"),
            ))
            .hint(lang.pick(
                "enregistrez de nouveau le fichier modifié ; si l'erreur revient, signalez-la avec ce message",
                "save the changed file again; if the error comes back, report it with this message",
            )),
        ];
    });
    hub.send("reload");
}

/// When the clock has passed into another day in the site's time zone, renders again
/// the pages that depend on the day (the agenda, the home page's next events) and
/// tells the open pages. The day is looked at under the read lock, which pages share.
fn new_day(ctx: &Loop) {
    let now = ctx.clock.now();
    let changed = ctx.shared.state.read().is_ok_and(|state| {
        state.errors.is_empty()
            && (state.project.as_ref()).is_some_and(|p| p.day_changed(now).is_some())
    });
    if !changed {
        return;
    }
    let moved = ctx.shared.change(|state| {
        let project = state.project.as_mut()?;
        let day = project.day_changed(now)?.to_string();
        Some((day, project.new_day(now)?))
    });
    let Some((day, outcome)) = moved.flatten() else {
        return;
    };
    match outcome {
        Update::Pages(pages) => {
            ctx.hub.send("reload");
            (ctx.log)(Event::NewDay {
                day,
                pages: pages.len(),
            });
        }
        Update::Failed(diagnostics) => {
            ctx.shared
                .change(|state| state.errors.clone_from(&diagnostics));
            ctx.hub.send("reload");
            (ctx.log)(Event::Failed {
                changed: Vec::new(),
                diagnostics,
            });
        }
        Update::NeedsFull => {}
    }
}

/// Rebuilds what `paths` touch, and tells the open pages.
fn rebuild(ctx: &Loop, paths: Vec<PathBuf>) {
    crate::testpoint::reach("serve:rebuild");
    let Loop {
        shared, hub, log, ..
    } = ctx;
    let changed: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
    let start = Instant::now();
    let (outcome, edited) = in_place(ctx, &paths);
    match outcome {
        Update::Pages(pages) => {
            hub.send("reload");
            let _ = ctx.index.send(IndexRequest::Fiches(edited));
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
            let event = full(ctx, &paths, changed, start);
            hub.send("reload");
            log(event);
        }
    }
}

/// Applies a change in place when it is an edit of fiches only (the slugs edited
/// with the outcome); anything else needs a full rebuild.
fn in_place(ctx: &Loop, paths: &[PathBuf]) -> (Update, Vec<String>) {
    let Loop {
        site_dir,
        popts,
        shared,
        ..
    } = ctx;
    // A link is for the full rebuild to judge (it may lead outside the site).
    let fiche_edits = paths.iter().all(|p| {
        p.starts_with("content")
            && crate::sources::is_markdown(p)
            && site_dir
                .join(p)
                .symlink_metadata()
                .is_ok_and(|m| m.is_file())
    });
    // A file that cannot be read now (removed meanwhile, grown too large) is for
    // the full rebuild to report.
    let files: Option<Vec<(PathBuf, Vec<u8>)>> = fiche_edits
        .then(|| {
            paths
                .iter()
                .map(|p| {
                    let read = crate::sources::read_fiche(&site_dir.join(p), p, popts.locale);
                    read.ok().map(|b| (p.clone(), b))
                })
                .collect()
        })
        .flatten();
    let Some(files) = files else {
        return (Update::NeedsFull, Vec::new());
    };
    // Parsing and rendering the edited fiches only reads the project: pages are
    // served meanwhile, however long a fiche takes.
    let prepared = match shared.state.read() {
        // After a failed change, only a full rebuild knows whether every error is
        // gone (the broken file may not be the one saved now).
        Ok(state) if state.errors.is_empty() => {
            state.project.as_ref().map(|p| p.prepare_edits(&files))
        }
        _ => None,
    };
    let Some(prepared) = prepared else {
        return (Update::NeedsFull, Vec::new());
    };
    let mut edited = Vec::new();
    let outcome = shared.change(|state| {
        let outcome = match (prepared, state.project.as_mut()) {
            (Ok(edits), Some(project)) => {
                edited = edits.slugs();
                project.apply_edits(edits, &files)
            }
            (Err(done), _) => done,
            (Ok(_), None) => Update::NeedsFull,
        };
        match &outcome {
            Update::Pages(_) => state.errors.clear(),
            Update::Failed(d) => state.errors = d.clone(),
            Update::NeedsFull => {}
        }
        outcome
    });
    (outcome.unwrap_or(Update::NeedsFull), edited)
}

/// Builds the whole site again from the disk, and puts it in place when it has no
/// error; the event that says so.
fn full(ctx: &Loop, paths: &[PathBuf], changed: Vec<String>, start: Instant) -> Event {
    let Loop {
        site_dir,
        popts,
        shared,
        index,
        ..
    } = ctx;
    // The day of this rebuild, not the one serve started on.
    let popts = ProjectOptions {
        now: Some(ctx.clock.now()),
        ..popts.clone()
    };
    match Project::assemble(
        crate::commands::read_for_publishing(site_dir, popts.locale),
        &popts,
    ) {
        Ok(project) => {
            let pages = project.generated.pages.len();
            shared.change(|state| {
                state.project = Some(project);
                state.errors.clear();
            });
            let _ = index.send(IndexRequest::Whole);
            let mut warnings = warnings_about(shared, paths);
            for w in &ctx.partner_warnings {
                if !warnings.iter().any(|d| d.message == w.message) {
                    warnings.push(w.clone());
                }
            }
            Event::Rebuilt {
                changed,
                pages,
                millis: start.elapsed().as_millis(),
                full: true,
                warnings,
            }
        }
        Err(failure) => {
            let diagnostics = failure.diagnostics;
            shared.change(|state| state.errors = diagnostics.clone());
            Event::Failed {
                changed,
                diagnostics,
            }
        }
    }
}
