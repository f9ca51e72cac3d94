//! What the server shares between its threads: the last good project, the errors of
//! the last change, the search index's files. Pages are read under a read lock;
//! changes and the outputs made of every fiche are made beside it and put in place
//! under a brief write lock, so that no request waits for a render.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use super::edit;
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::project::Project;

pub(crate) struct State {
    pub(crate) project: Option<Project>,
    /// Errors of the last rebuild; empty when it succeeded.
    pub(crate) errors: Vec<Diagnostic>,
}

/// The search index's files, kept in step in the background so that indexing never
/// delays a reload; by path (`search/data/...`).
pub(crate) type SearchFiles = RwLock<HashMap<String, Vec<u8>>>;

pub(crate) struct Shared {
    pub(crate) state: RwLock<State>,
    /// Held by whoever changes the state, and by a render of the outputs made of
    /// every fiche from start to put: a change never waits on the lock in front of
    /// the readers (a waiting writer stops new readers) while a render holds it.
    turn: Mutex<()>,
    /// How many changes were made; told to those who wait for one.
    changes: Mutex<u64>,
    changed: Condvar,
    pub(crate) search: SearchFiles,
    pub(crate) lang: Lang,
    /// The site folder, canonical: no file outside it is served.
    pub(crate) root: PathBuf,
    /// Editing from the browser; `None` unless bound to a loopback address.
    pub(crate) editor: Option<edit::Editor>,
    /// Called while the outputs made of every fiche are rendered (tests pause there).
    #[cfg(test)]
    pub(crate) rendering: Mutex<Option<Box<dyn Fn() + Send>>>,
}

impl Shared {
    pub(crate) fn new(
        project: Option<Project>,
        errors: Vec<Diagnostic>,
        lang: Lang,
        root: PathBuf,
        editor: Option<edit::Editor>,
    ) -> Shared {
        Shared {
            state: RwLock::new(State { project, errors }),
            turn: Mutex::new(()),
            changes: Mutex::new(0),
            changed: Condvar::new(),
            search: RwLock::new(HashMap::new()),
            lang,
            root,
            editor,
            #[cfg(test)]
            rendering: Mutex::new(None),
        }
    }

    /// Changes the state, after any render in progress has been put in place.
    pub(crate) fn change<R>(&self, f: impl FnOnce(&mut State) -> R) -> Option<R> {
        let _turn = self.turn.lock().unwrap_or_else(PoisonError::into_inner);
        self.state.clear_poison();
        let done = {
            let mut state = self.state.write().ok()?;
            f(&mut state)
        };
        *self.changes.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.changed.notify_all();
        Some(done)
    }

    /// How many changes were made so far.
    pub(crate) fn changes(&self) -> u64 {
        *self.changes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `done` holds of the state and the number of changes made so far,
    /// at most `patience`, woken by each change.
    pub(crate) fn wait_for(&self, patience: Duration, done: impl Fn(&State, u64) -> bool) {
        let end = Instant::now() + patience;
        // Held from each look to the wait: a change made between them is not missed.
        let mut seen = self.changes.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if self.state.read().is_ok_and(|s| done(&s, *seen)) {
                return;
            }
            let Some(left) = end.checked_duration_since(Instant::now()) else {
                return;
            };
            seen = match self.changed.wait_timeout(seen, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// Renders the outputs made of every fiche when `file` is one of them and is
    /// behind the edits: under a read lock, so that every other page is served
    /// meanwhile, then put in place. Requests for them wait for the one render.
    pub(crate) fn refresh(&self, file: &str) {
        let stale = |s: &State| s.project.as_ref().is_some_and(|p| p.is_stale(file));
        if !self.state.read().is_ok_and(|s| stale(&s)) {
            return;
        }
        let _turn = self.turn.lock().unwrap_or_else(PoisonError::into_inner);
        let pages = {
            let Ok(state) = self.state.read() else {
                return;
            };
            // Rendered by the request that came first, while this one waited.
            let Some(project) = state.project.as_ref().filter(|_| stale(&state)) else {
                return;
            };
            #[cfg(test)]
            if let Ok(hook) = self.rendering.lock()
                && let Some(hook) = hook.as_ref()
            {
                hook();
            }
            project.render_whole_site()
        };
        // No change came between: changes take the turn this render holds.
        if let Ok(mut state) = self.state.write()
            && let Some(project) = state.project.as_mut()
        {
            project.put_whole_site(pages);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Options;
    use std::sync::Arc;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    const FICHE: &str = "+++\ntitle = \"Une fiche\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"Un résumé.\"\nauthors = [\"A\"]\n+++\n\n## Contexte\n\nDu texte.\n";

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("fiches.toml"),
            "title = \"T\"\nbase_url = \"https://exemple.org/\"\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), FICHE).unwrap();
        let sources = crate::sources::Sources::read(dir.path());
        let project = Project::assemble(sources, &Options::default()).unwrap();
        (dir, project)
    }

    /// Issue 28, item 11: a request for `atom.xml` after an edit renders every fiche;
    /// it used to do so under the write lock, and every other request waited.
    #[test]
    fn a_page_is_served_while_the_whole_site_renders() {
        let (_dir, mut project) = project();
        let edited = FICHE.replace("Du texte.", "Un texte revu.");
        let update = project.update_fiches(&[(PathBuf::from("content/a.md"), edited.into())]);
        assert!(matches!(
            update,
            crate::project::incremental::Update::Pages(_)
        ));
        assert!(project.is_stale("atom.xml"));
        let shared = Arc::new(Shared::new(
            Some(project),
            Vec::new(),
            Lang::Fr,
            PathBuf::new(),
            None,
        ));
        let (entered_tx, entered) = channel();
        let (release_tx, release) = channel::<()>();
        let release = Mutex::new(release);
        *shared.rendering.lock().unwrap() = Some(Box::new(move || {
            let _ = entered_tx.send(());
            let _ = release.lock().unwrap().recv();
        }));
        let feed = {
            let shared = shared.clone();
            std::thread::spawn(move || shared.refresh("atom.xml"))
        };
        entered.recv_timeout(Duration::from_secs(10)).unwrap();
        // The render is paused: a page is read now, or never.
        let (page_tx, page) = channel();
        {
            let shared = shared.clone();
            std::thread::spawn(move || {
                shared.refresh("index.html");
                let state = shared.state.read().unwrap();
                let home = state.project.as_ref().unwrap().page("index.html").is_some();
                let _ = page_tx.send(home);
            });
        }
        let served = page.recv_timeout(Duration::from_secs(10));
        release_tx.send(()).unwrap();
        feed.join().unwrap();
        assert_eq!(
            served,
            Ok(true),
            "the home page waited for the feed's render"
        );
        let state = shared.state.read().unwrap();
        let project = state.project.as_ref().unwrap();
        assert!(!project.is_stale("atom.xml"));
        let atom = String::from_utf8_lossy(&project.page("atom.xml").unwrap().bytes).into_owned();
        assert!(atom.contains("Un texte revu."), "{atom}");
    }

    /// A save waits for the rebuild that shows it: woken by the change, not by
    /// looking again and again.
    #[test]
    fn a_wait_ends_with_the_change_it_waits_for() {
        let shared = Arc::new(Shared::new(
            None,
            Vec::new(),
            Lang::Fr,
            PathBuf::new(),
            None,
        ));
        let (tx, rx) = channel();
        {
            let shared = shared.clone();
            std::thread::spawn(move || {
                shared.wait_for(Duration::from_secs(600), |s, _| !s.errors.is_empty());
                let _ = tx.send(());
            });
        }
        shared.change(|s| s.errors.push(Diagnostic::error("x")));
        rx.recv_timeout(Duration::from_secs(20))
            .expect("the waiter was not woken by the change");
    }
}
