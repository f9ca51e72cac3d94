//! Reading back the binary files kept between builds (the build state, the search
//! records): every read checks that the bytes left hold what it takes, so a cut or
//! damaged file reads as `None`, never a panic. Lengths are written as 8 bytes (the
//! state) or as varints (the search records, many and small). The search records
//! are read in pieces where they lie (`Pieces`, `Scan`), never whole.

/// How a file writes its lengths.
#[derive(Clone, Copy)]
pub enum Lengths {
    /// 8 bytes, little-endian.
    Fixed,
    /// 7 bits a byte, the high bit saying that more follow.
    Varint,
}

/// The bytes not read yet.
pub struct Reader<'a> {
    pub rest: &'a [u8],
    lengths: Lengths,
}

impl<'a> Reader<'a> {
    pub fn new(rest: &'a [u8], lengths: Lengths) -> Reader<'a> {
        Reader { rest, lengths }
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.rest.len() {
            return None;
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(head)
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn varint(&mut self) -> Option<u64> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.rest.split_first()?;
            self.rest = rest;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A length, as the file writes them.
    pub fn length(&mut self) -> Option<usize> {
        let n = match self.lengths {
            Lengths::Fixed => self.u64()?,
            Lengths::Varint => self.varint()?,
        };
        usize::try_from(n).ok()
    }

    /// A byte string after its length.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.length()?;
        self.take(n)
    }
}

/// A file read in pieces where it lies, never whole: the search records the last
/// build kept (tens of megabytes).
pub trait Pieces: Send + Sync {
    /// Its length in bytes.
    fn size(&self) -> u64;
    /// The `len` bytes at `offset`; `None` past the end or on an error.
    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>>;
}

/// Bytes in memory, read as a file is (tests, small files).
impl Pieces for Vec<u8> {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        let from = usize::try_from(offset).ok()?;
        Some(self.get(from..from.checked_add(len)?)?.to_vec())
    }
}

/// A file read from start to end a window at a time, its byte strings (length,
/// then bytes) one by one, each with where it starts: what reading a whole file
/// would give, with a window's memory.
pub struct Scan<'f> {
    file: &'f dyn Pieces,
    /// Where `window` starts in the file.
    at: u64,
    window: Vec<u8>,
    /// What was read of the window.
    pos: usize,
    /// Where the part scanned ends.
    end: u64,
}

/// The bytes read at once.
const WINDOW: usize = 1 << 20;

impl<'f> Scan<'f> {
    /// Bytes `from..end` of `file`, written with `Lengths::Varint`.
    pub fn new(file: &'f dyn Pieces, from: u64, end: u64) -> Scan<'f> {
        Scan {
            file,
            at: from,
            window: Vec::new(),
            pos: 0,
            end: end.min(file.size()),
        }
    }

    /// Where the next byte is in the file.
    pub fn offset(&self) -> u64 {
        self.at + self.pos as u64
    }

    /// At least `n` bytes in the window after `pos` when the part scanned holds them,
    /// else as many as it holds.
    fn fill(&mut self, n: usize) -> Option<()> {
        let have = self.window.len() - self.pos;
        if have >= n {
            return Some(());
        }
        self.window.drain(..self.pos);
        self.at += self.pos as u64;
        self.pos = 0;
        let from = self.at + self.window.len() as u64;
        let want = u64::try_from(n.max(WINDOW) - have)
            .ok()?
            .min(self.end.saturating_sub(from));
        let more = self.file.read_at(from, usize::try_from(want).ok()?)?;
        self.window.extend_from_slice(&more);
        Some(())
    }

    /// The next varint.
    pub fn varint(&mut self) -> Option<u64> {
        self.fill(10)?;
        let mut r = Reader::new(&self.window[self.pos..], Lengths::Varint);
        let n = r.varint()?;
        self.pos = self.window.len() - r.rest.len();
        Some(n)
    }

    /// The next byte string and where it starts; `None` when the part scanned is
    /// cut, or read whole.
    pub fn bytes(&mut self) -> Option<(u64, &[u8])> {
        let n = usize::try_from(self.varint()?).ok()?;
        // Never a window larger than what is left to scan.
        if n as u64 > self.end.checked_sub(self.offset())? {
            return None;
        }
        self.fill(n)?;
        let at = self.offset();
        let bytes = self.window.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some((at, bytes))
    }

    /// The part scanned was read to its end.
    pub fn done(&self) -> bool {
        self.offset() == self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_or_overlong_value_reads_as_none() {
        assert_eq!(Reader::new(&[1, 2, 3], Lengths::Fixed).u64(), None);
        assert_eq!(Reader::new(&[0x80, 0x80], Lengths::Varint).varint(), None);
        assert_eq!(Reader::new(&[0xff; 11], Lengths::Varint).varint(), None);
        assert_eq!(Reader::new(&[5, b'a'], Lengths::Varint).bytes(), None);
        let mut r = Reader::new(&[0xac, 0x02, 2, b'o', b'k'], Lengths::Varint);
        assert_eq!(r.varint(), Some(300));
        assert_eq!(r.bytes(), Some(&b"ok"[..]));
        assert!(r.rest.is_empty());
    }

    #[test]
    fn a_scan_gives_the_strings_a_reader_gives_across_windows() {
        // Strings longer than a window, and a cut one at the end.
        let mut file = Vec::new();
        let lens = [0, 3, WINDOW - 1, 5, WINDOW + 7, 1];
        for (i, &n) in lens.iter().enumerate() {
            let mut n = n as u64;
            while n >= 0x80 {
                file.push((n as u8) | 0x80);
                n >>= 7;
            }
            file.push(n as u8);
            file.extend(std::iter::repeat_n(i as u8, lens[i]));
        }
        let mut scan = Scan::new(&file, 0, file.len() as u64);
        let mut r = Reader::new(&file, Lengths::Varint);
        for _ in lens {
            let (at, bytes) = scan.bytes().unwrap();
            assert_eq!(bytes, r.bytes().unwrap());
            assert_eq!(at as usize, file.len() - r.rest.len() - bytes.len());
        }
        assert!(scan.done() && scan.bytes().is_none());
        let cut = file.len() as u64 - 1;
        let mut scan = Scan::new(&file, 0, cut);
        for _ in 0..lens.len() - 1 {
            scan.bytes().unwrap();
        }
        assert!(scan.bytes().is_none());
        // A length past the end is refused before anything is read.
        let huge = vec![0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2];
        assert!(Scan::new(&huge, 0, 7).bytes().is_none());
    }
}
