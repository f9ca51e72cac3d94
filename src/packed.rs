//! Reading back the binary files kept between builds (the build state, the search
//! records): every read checks that the bytes left hold what it takes, so a cut or
//! damaged file reads as `None`, never a panic. Lengths are written as 8 bytes (the
//! state) or as varints (the search records, many and small).

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
}
