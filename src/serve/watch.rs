//! Watches the site's sources (never its output) and turns bursts of file events into
//! one set of changed paths: an editor's save, a vim save-by-rename or a `git
//! checkout` of hundreds of files each give one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::sources::{SOURCE_DIRS as WATCHED_DIRS, is_ignored};

/// Quiet time before a burst of events counts as finished.
const DEBOUNCE: Duration = Duration::from_millis(30);

pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` (canonical). Batches of changed paths, relative to
    /// `root` and already filtered, arrive on the returned channel.
    pub fn start(root: &Path) -> notify::Result<(Watcher, Receiver<Vec<PathBuf>>)> {
        let (tx, rx) = channel::<Vec<PathBuf>>();
        let base = root.to_path_buf();
        let sender: Sender<Vec<PathBuf>> = tx;
        let debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
            if let Ok(events) = res {
                // Reading a file is an event too (our own rebuild reads them all): only
                // changes count.
                let mut paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                    .flat_map(|e| e.paths.iter())
                    .filter_map(|p| relevant(&base, p))
                    .collect();
                paths.sort();
                paths.dedup();
                if !paths.is_empty() {
                    let _ = sender.send(paths);
                }
            }
        })?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        w.watch_new_dirs();
        Ok((w, rx))
    }

    /// Watches the source folders that exist and are not watched yet (one may be
    /// created while serving).
    pub fn watch_new_dirs(&mut self) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.push(path);
            }
        }
        self.watched.retain(|p| p.is_dir());
    }
}

/// The path relative to the site folder if a change there matters.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    if rel
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    (first == crate::config::FILE_NAME || WATCHED_DIRS.contains(&first.as_str()))
        .then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_matter() {
        let root = Path::new("/site");
        let r = |p: &str| relevant(root, Path::new(p)).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(r("/site/content/a.md").as_deref(), Some("content/a.md"));
        assert_eq!(r("/site/fiches.toml").as_deref(), Some("fiches.toml"));
        assert_eq!(
            r("/site/themes/t/templates/base.html").as_deref(),
            Some("themes/t/templates/base.html")
        );
        assert_eq!(r("/site/public/index.html"), None);
        assert_eq!(r("/site/content/.a.md.swp"), None);
        assert_eq!(r("/site/content/a.md~"), None);
        assert_eq!(r("/site/content/4913"), None);
        assert_eq!(r("/site/README.md"), None);
        assert_eq!(r("/elsewhere/content/a.md"), None);
    }
}
