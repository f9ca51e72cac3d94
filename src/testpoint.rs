//! Named points of a run where a test can stop or break the process, in debug builds
//! only: `FICHES_TEST_STOP_AT=<point>` aborts at that point, as a kill would (no
//! destructor runs, nothing is tidied), so that a test kills a build at an exact step
//! instead of after a guessed time; `FICHES_TEST_PANIC_AT=<point>` panics there once,
//! so that a test sees a thread survive its panic. Release builds read nothing.

/// Marks the point `name`: in a debug build, aborts or panics there when the
/// environment asks for it.
#[cfg(debug_assertions)]
pub fn reach(name: &str) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static PANICKED: AtomicBool = AtomicBool::new(false);
    if std::env::var_os("FICHES_TEST_STOP_AT").is_some_and(|p| p == name) {
        std::process::abort();
    }
    if std::env::var_os("FICHES_TEST_PANIC_AT").is_some_and(|p| p == name)
        && !PANICKED.swap(true, Ordering::SeqCst)
    {
        panic!("test point {name}");
    }
}

/// Marks the point `name`: nothing, in a release build.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn reach(_name: &str) {}
