//! What killed builds leave beside the output, dealt with: the tree of a build
//! killed before or after its exchange becomes the next staging tree, other trees are
//! removed; a finished build's old site is kept as the staging tree.

use std::path::Path;

/// Keeps the tree `dir` (the old site, or one half brought up to date) as the next
/// build's staging tree `kept`, if it is there.
pub(super) fn keep(dir: &Path, kept: &Path) {
    if dir.is_dir() && std::fs::rename(dir, kept).is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Deals with what killed builds left beside the output `out` (absolute, links
/// resolved), for a build that publishes nothing: a build killed after its exchange
/// left the old site in a tree of its own, which becomes the staging tree.
pub(in super::super) fn clear_beside(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    clear_leftovers(parent, &name, &parent.join(format!(".{name}.fiches-stage")));
}

/// Deals with what killed builds left beside the output: the first tree becomes the
/// staging tree if there is none (it is brought up to date like any), the others are
/// removed.
pub(super) fn clear_leftovers(parent: &Path, name: &str, kept: &Path) {
    let prefixes = [
        format!(".{name}.fiches-new-"),
        format!(".{name}.fiches-old-"),
    ];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some(rest) = prefixes.iter().find_map(|p| file.strip_prefix(p.as_str())) else {
            continue;
        };
        // A build that is alive (one beside this one where there is no lock) keeps
        // its tree.
        let pid = rest.split('-').next().unwrap_or(rest);
        if !pid.is_empty() && Path::new("/proc").join(pid).is_dir() {
            continue;
        }
        let path = entry.path();
        let adopted = entry.file_type().is_ok_and(|t| t.is_dir())
            && std::fs::symlink_metadata(kept).is_err()
            && std::fs::rename(&path, kept).is_ok();
        if !adopted && std::fs::remove_dir_all(&path).is_err() {
            let _ = std::fs::remove_file(&path);
        }
        crate::testpoint::reach("publish:leftover");
    }
}
