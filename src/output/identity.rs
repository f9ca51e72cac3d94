//! What tells one file from another and a changed file from an unchanged one (inode,
//! link count, modification time), where the system gives them. Elsewhere the values
//! never claim that two files are one: the staging tree then compares bytes.

use std::fs::{DirEntry, Metadata};

#[cfg(unix)]
pub(super) fn ino(m: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(m)
}

#[cfg(unix)]
pub(super) fn entry_ino(e: &DirEntry) -> std::io::Result<u64> {
    Ok(std::os::unix::fs::DirEntryExt::ino(e))
}

#[cfg(unix)]
pub(super) fn nlink(m: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(unix)]
pub(super) fn mtime(m: &Metadata) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (m.mtime(), m.mtime_nsec())
}

/// A number no other call gives: never equal to another file's.
#[cfg(not(unix))]
pub(super) fn ino(_: &Metadata) -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1 << 63);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(not(unix))]
pub(super) fn entry_ino(e: &DirEntry) -> std::io::Result<u64> {
    Ok(ino(&e.metadata()?))
}

/// Shared, as far as anyone can tell: a file is then written anew, never in place.
#[cfg(not(unix))]
pub(super) fn nlink(_: &Metadata) -> u64 {
    2
}

#[cfg(not(unix))]
pub(super) fn mtime(m: &Metadata) -> (i64, i64) {
    let since = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    (since.as_secs() as i64, i64::from(since.subsec_nanos()))
}
