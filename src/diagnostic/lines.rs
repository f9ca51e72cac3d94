//! Where a byte of a file is, in lines and columns counted in characters: the line
//! starts are found once per file, so each of thousands of diagnostics costs a
//! search, not a reading of the file.

/// How many bytes [`LineIndex`] counts characters by.
const BLOCK: usize = 1024;

/// Where each line of a text starts, and how many characters come before each block
/// of [`BLOCK`] bytes, found in one pass. Placing a diagnostic then costs a binary
/// search and a bounded scan rather than a pass over the file: a thousand broken links
/// on one long line would otherwise read that line a thousand times.
pub struct LineIndex<'a> {
    pub(super) src: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    pub(super) starts: Vec<usize>,
    /// Characters in `src[..k * BLOCK]`, for each block `k`.
    chars_before: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        let mut chars_before = Vec::with_capacity(src.len() / BLOCK + 1);
        let mut chars = 0;
        for (k, block) in src.as_bytes().chunks(BLOCK).enumerate() {
            chars_before.push(chars);
            for (i, &b) in block.iter().enumerate() {
                if b == b'\n' {
                    starts.push(k * BLOCK + i + 1);
                }
                chars += usize::from(starts_char(b));
            }
        }
        LineIndex {
            src,
            starts,
            chars_before,
        }
    }

    /// Byte offset of 1-based `line` and 1-based `column` counted in bytes (as
    /// comrak counts them), clamped to the line; the end of the text past its last line.
    pub fn byte_offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.src.len();
        };
        let end = self.line_end(line.saturating_sub(1));
        (start + column.saturating_sub(1)).min(end)
    }

    /// 0-based line holding byte `at`.
    pub(super) fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    /// Where 0-based `line` ends: its `\n`, or the end of the text.
    pub(super) fn line_end(&self, line: usize) -> usize {
        self.starts
            .get(line + 1)
            .map_or(self.src.len(), |&next| next - 1)
    }

    /// Characters in `src[..at]`.
    pub(super) fn chars_to(&self, at: usize) -> usize {
        let at = at.min(self.src.len());
        let k = (at / BLOCK).min(self.chars_before.len().saturating_sub(1));
        let base = self.chars_before.get(k).copied().unwrap_or(0);
        base + count_chars(&self.src.as_bytes()[(k * BLOCK).min(at)..at])
    }

    /// Byte offset of 1-based `column` (in characters) of 1-based `line`; the end of
    /// the line when it is shorter, the end of the text past its last line.
    pub(super) fn char_offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.src.len();
        };
        let end = self.line_end(line.saturating_sub(1));
        let target = self.chars_to(start) + column.saturating_sub(1);
        // Start from the last block beginning before the target character, or from the
        // line's start if later: at most one block to scan.
        let k = self
            .chars_before
            .partition_point(|&c| c <= target)
            .saturating_sub(1);
        let (mut at, mut chars) = if k * BLOCK > start {
            (k * BLOCK, self.chars_before[k])
        } else {
            (start, self.chars_to(start))
        };
        let bytes = self.src.as_bytes();
        while at < end {
            if starts_char(bytes[at]) {
                if chars == target {
                    return at;
                }
                chars += 1;
            }
            at += 1;
        }
        end
    }
}

/// UTF-8 continuation bytes (`10xxxxxx`) are the only ones not starting a character.
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| starts_char(b)).count()
}
