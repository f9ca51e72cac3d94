//! Positions in a file's text, typed by what they count from: a [`FileSpan`] from
//! the start of the whole file (what a diagnostic points at, what a fiche keeps), a
//! [`LocalSpan`] from the start of a fragment of it (a fiche's front matter, as the
//! TOML parser counts). The one way from the second to the first is
//! [`Origin::file`], so that an offset forgotten or added twice is a type error.

use std::ops::Range;

/// A byte range of a whole file's text.
///
/// A span counted in a fragment is placed in its file through its origin:
///
/// ```
/// use fiches::span::{LocalSpan, Origin};
/// let local = LocalSpan::from(0..3);
/// let d = fiches::Diagnostic::error("x").at("+++a = 1", Origin::at(3).file(local));
/// assert_eq!(d.column, 4);
/// ```
///
/// never used as it is:
///
/// ```compile_fail
/// use fiches::span::LocalSpan;
/// let local = LocalSpan::from(0..3);
/// let d = fiches::Diagnostic::error("x").at("+++a = 1", local);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileSpan {
    start: usize,
    end: usize,
}

impl FileSpan {
    /// From `start` to `end`; an `end` before `start` makes an empty span at `start`.
    pub const fn new(start: usize, end: usize) -> FileSpan {
        let end = if end < start { start } else { end };
        FileSpan { start, end }
    }

    /// An empty span at `at`.
    pub fn at(at: usize) -> FileSpan {
        FileSpan::new(at, at)
    }

    pub fn start(self) -> usize {
        self.start
    }

    pub fn end(self) -> usize {
        self.end
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The range, to slice the file's text.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A byte range of a fragment of a file: the spans the TOML parser gives, counted
/// from the start of the text it was given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalSpan {
    start: usize,
    end: usize,
}

impl From<Range<usize>> for LocalSpan {
    fn from(r: Range<usize>) -> LocalSpan {
        LocalSpan {
            start: r.start,
            end: r.end.max(r.start),
        }
    }
}

/// Where a fragment starts in its file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Origin(usize);

impl Origin {
    /// A fragment that is the whole file (`fiches.toml`, a theme's strings).
    pub const WHOLE: Origin = Origin(0);

    /// A fragment starting at byte `start` of its file.
    pub fn at(start: usize) -> Origin {
        Origin(start)
    }

    /// `span`, counted in the fragment, counted in the file.
    pub fn file(self, span: LocalSpan) -> FileSpan {
        FileSpan::new(
            span.start.saturating_add(self.0),
            span.end.saturating_add(self.0),
        )
    }
}

/// A span of either kind, placed in its file: what a diagnostic about a fragment
/// takes, so that one method serves both.
pub trait Place {
    fn in_file(self, origin: Origin) -> FileSpan;
}

impl Place for FileSpan {
    fn in_file(self, _: Origin) -> FileSpan {
        self
    }
}

impl Place for LocalSpan {
    fn in_file(self, origin: Origin) -> FileSpan {
        origin.file(self)
    }
}

/// A value and where it is written in its file. Compared, ordered and hashed by its
/// value alone, as it serialises: a term moved one line down is the same term.
#[derive(Clone, Debug, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub span: FileSpan,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: FileSpan) -> Spanned<T> {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_span_is_moved_by_its_fragments_origin_only() {
        let local = LocalSpan::from(2..5);
        assert_eq!(Origin::at(4).file(local), FileSpan::new(6, 9));
        assert_eq!(local.in_file(Origin::at(4)), FileSpan::new(6, 9));
        assert_eq!(
            FileSpan::new(6, 9).in_file(Origin::at(4)),
            FileSpan::new(6, 9)
        );
        assert_eq!(Origin::WHOLE.file(local).range(), 2..5);
        // Reversed bounds make an empty span, never a panic when slicing.
        assert!(FileSpan::new(9, 3).is_empty());
        assert!(Origin::at(usize::MAX).file(local).is_empty());
    }

    #[test]
    fn a_spanned_value_compares_and_serialises_as_its_value() {
        let a = Spanned::new("Été".to_string(), FileSpan::new(1, 2));
        let b = Spanned::new("Été".to_string(), FileSpan::new(40, 45));
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&vec![a]).unwrap(), "[\"Été\"]");
    }
}
