//! What tells that a source file changed without reading it: its modification time,
//! and where the system gives them its change time (which no tool sets back) and
//! inode (a file replaced by another of the same size and date).

use std::fs::Metadata;

/// The modification time (seconds, nanoseconds), the change time and the inode of
/// the file of metadata `m`, as numbers; zero for what the system does not give.
#[cfg(unix)]
pub(super) fn of(m: &Metadata) -> [u64; 4] {
    use std::os::unix::fs::MetadataExt;
    // Times before 1970 keep their bits: only equality matters.
    [
        m.mtime() as u64,
        m.mtime_nsec() as u64,
        ((m.ctime() as u64) << 30) ^ m.ctime_nsec() as u64,
        m.ino(),
    ]
}

#[cfg(not(unix))]
pub(super) fn of(m: &Metadata) -> [u64; 4] {
    let since = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    [since.as_secs(), u64::from(since.subsec_nanos()), 0, 0]
}
