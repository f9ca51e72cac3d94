//! The `Range` header of a request (RFC 9110, 14): one byte range answered with
//! 206, one that lies past the end with 416, anything else (several ranges, another
//! unit, a malformed one) with the whole file, as the RFC lets a server do.

/// What to send of a file of a known length.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Range {
    Whole,
    /// Bytes `start..=end`, both within the file.
    Part {
        start: u64,
        end: u64,
    },
    Unsatisfiable,
}

/// The part of a file of `len` bytes that `header` asks for.
pub fn parse(header: &str, len: u64) -> Range {
    let Some((unit, set)) = header.split_once('=') else {
        return Range::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return Range::Whole;
    }
    // A list may hold empty elements (`bytes=0-1,`); only one range is answered.
    let mut specs = set.split(',').map(str::trim).filter(|s| !s.is_empty());
    let (Some(spec), None) = (specs.next(), specs.next()) else {
        return Range::Whole;
    };
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    match (number(first), number(last)) {
        // `bytes=-N`: the last N bytes; `bytes=-0` asks for none.
        (None, Some(n)) if first.is_empty() => {
            if n == 0 || len == 0 {
                Range::Unsatisfiable
            } else {
                Range::Part {
                    start: len - n.min(len),
                    end: len - 1,
                }
            }
        }
        (Some(start), None) if last.is_empty() => from(start, u64::MAX, len),
        (Some(start), Some(end)) if start <= end => from(start, end, len),
        _ => Range::Whole,
    }
}

fn from(start: u64, end: u64, len: u64) -> Range {
    if start >= len {
        Range::Unsatisfiable
    } else {
        Range::Part {
            start,
            end: end.min(len - 1),
        }
    }
}

/// Digits only, saturated: a position past any file is past this one.
fn number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use super::Range::{Part, Unsatisfiable, Whole};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn single_ranges() {
        assert_eq!(parse("bytes=0-99", 1000), Part { start: 0, end: 99 });
        assert_eq!(
            parse("bytes=500-", 1000),
            Part {
                start: 500,
                end: 999
            }
        );
        assert_eq!(
            parse("bytes=-100", 1000),
            Part {
                start: 900,
                end: 999
            }
        );
        assert_eq!(parse("bytes=-5000", 1000), Part { start: 0, end: 999 });
        assert_eq!(
            parse("bytes=990-5000", 1000),
            Part {
                start: 990,
                end: 999
            }
        );
        assert_eq!(parse("BYTES = 1-1 ,", 10), Part { start: 1, end: 1 });
        assert_eq!(
            parse("bytes=0-99999999999999999999999", 10),
            Part { start: 0, end: 9 }
        );
    }

    #[test]
    fn past_the_end_is_unsatisfiable() {
        assert_eq!(parse("bytes=1000-", 1000), Unsatisfiable);
        assert_eq!(parse("bytes=1000-2000", 1000), Unsatisfiable);
        assert_eq!(parse("bytes=99999999999999999999999-", 1000), Unsatisfiable);
        assert_eq!(parse("bytes=-0", 1000), Unsatisfiable);
        assert_eq!(parse("bytes=0-", 0), Unsatisfiable);
        assert_eq!(parse("bytes=-1", 0), Unsatisfiable);
    }

    #[test]
    fn anything_else_is_the_whole_file() {
        for h in [
            "",
            "bytes",
            "bytes=",
            "bytes=-",
            "bytes=5-1",
            "bytes=-5-10",
            "bytes=--5",
            "bytes=a-b",
            "bytes=+1-2",
            "bytes=0x10-",
            "bytes=0-1,5-6",
            "bytes=0-1,0-1",
            "items=0-1",
            "bytes=١-٢",
        ] {
            assert_eq!(parse(h, 1000), Whole, "{h:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Whatever the header, a part lies within the file and is not empty.
        #[test]
        fn a_part_is_always_within_the_file(header in ".{0,40}", len in 0u64..5000) {
            if let Part { start, end } = parse(&header, len) {
                prop_assert!(start <= end && end < len);
            }
        }

        #[test]
        fn ranges_written_as_numbers(a in 0u64..3000, b in 0u64..3000, len in 0u64..2000) {
            let got = parse(&format!("bytes={a}-{b}"), len);
            let want = if a > b { Whole } else if a >= len { Unsatisfiable }
                else { Part { start: a, end: b.min(len - 1) } };
            prop_assert_eq!(got, want);
        }
    }
}
