//! What a build was made from, in one line kept in the output's marker file: when
//! nothing has changed since (no source file added, removed or modified, same
//! options, same version of fiches), `build` has nothing to do.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use crate::load::walk;
use crate::watch_dirs::SOURCE_DIRS;

/// A fingerprint of the sources (paths, sizes, modification times), the options
/// and this version of fiches with its embedded theme.
pub fn of(site: &Path, drafts: bool) -> String {
    let mut h = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    crate::theme::embedded_hash().hash(&mut h);
    drafts.hash(&mut h);
    let mut files = vec![std::path::PathBuf::from(crate::config::FILE_NAME)];
    let mut ignored = Vec::new();
    for dir in SOURCE_DIRS {
        walk(
            site,
            Path::new(dir),
            &mut files,
            &mut ignored,
            crate::Lang::Fr,
        );
    }
    for rel in &files {
        rel.hash(&mut h);
        match std::fs::metadata(site.join(rel)) {
            Ok(m) => {
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            }
            Err(_) => "missing".hash(&mut h),
        }
    }
    format!("sources {:016x} {}", h.finish(), files.len())
}

/// How many files a folder holds, the marker included, counting subfolders: a
/// previous output that lost files is built again.
pub fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => count_files(&e.path()),
                    _ => 1,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// The stamp of a previous output and the warnings of that build, if any.
pub fn previous(out: &Path) -> Option<(String, Vec<crate::Diagnostic>)> {
    let text = std::fs::read_to_string(out.join(crate::output::MARKER)).ok()?;
    let (_, rest) = text.split_once("\nsources ")?;
    let (line, warnings) = rest.split_once('\n').unwrap_or((rest, ""));
    let warnings = crate::diagnostic::from_json(warnings.trim()).unwrap_or_default();
    Some((format!("sources {line}"), warnings))
}

/// What the marker keeps of a build: its stamp, the number of fiches, and its
/// warnings (shown again when the next build finds nothing to do).
pub fn record(stamp: &str, fiches: usize, files: usize, warnings: &[crate::Diagnostic]) -> String {
    format!(
        "{stamp} {fiches} {files}\n{}",
        crate::diagnostic::render_json(warnings)
    )
}
