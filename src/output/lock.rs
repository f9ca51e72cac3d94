//! One build at a time per output folder: a lock file beside the output
//! (`.public.fiches-lock`, left in place), held for the whole build. A second build
//! into the same folder waits for the first, then builds.

use std::fs::File;
use std::path::Path;

/// Held while a build owns its output folder; released when dropped.
pub struct OutputLock {
    _file: Option<File>,
}

/// Takes the lock of the output folder `out`, waiting while another build holds it.
/// Where no lock file can be made (a read-only parent), the build goes on unlocked:
/// publishing itself will then say what is wrong.
pub fn lock(out: &Path) -> OutputLock {
    let out = super::resolve(out);
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return OutputLock { _file: None };
    };
    let _ = std::fs::create_dir_all(parent);
    let path = parent.join(format!(".{}.fiches-lock", name.to_string_lossy()));
    // Anything but a file at that name (a pipe would block the opening for ever):
    // no lock, as where none can be made.
    if std::fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
        return OutputLock { _file: None };
    }
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .ok()
        .filter(|f| f.lock().is_ok());
    OutputLock { _file: file }
}
