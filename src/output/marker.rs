//! The marker file left in every output: it tells a later build that the folder is
//! its own to update, and keeps what the build was made from (the sources' stamp, see
//! [`crate::sources::Scan::stamp`]) with its warnings, so that a build with nothing
//! to do can say so.

use std::path::Path;

/// Left in every output so a later build knows the folder is its own to update.
pub const MARKER: &str = ".fiches-build";

/// The marker's content: a line for people, then the build's record.
pub fn text(record: Option<&str>) -> String {
    let mut marker = String::from(
        "Ce dossier est produit par `fiches build`, qui le met à jour à chaque construction.\n",
    );
    if let Some(record) = record {
        marker.push_str(record);
        marker.push('\n');
    }
    marker
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
    let text = std::fs::read_to_string(out.join(MARKER)).ok()?;
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
