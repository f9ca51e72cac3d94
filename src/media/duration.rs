//! A media file's duration read from its first and last bytes only: WAV (its format
//! and data chunks), MP3 (ID3 `TLEN`, a Xing/Info frame count, or a constant bit
//! rate) and Ogg (the last page's granule position). Other formats: unknown.

use super::Probe;

/// Whole seconds (rounded), or `None` when the bytes do not tell it.
pub fn duration(ext: &str, probe: &Probe) -> Option<u64> {
    let millis = match ext.to_ascii_lowercase().as_str() {
        "wav" => wav(probe),
        "mp3" => mp3(probe),
        "ogg" | "oga" | "opus" => ogg(probe),
        _ => None,
    }?;
    Some((millis + 500) / 1000)
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn wav(p: &Probe) -> Option<u64> {
    let h = &p.head;
    if h.get(0..4)? != b"RIFF" || h.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut at = 12;
    let mut byte_rate = None;
    while at + 8 <= h.len() {
        let id = &h[at..at + 4];
        let size = le32(h, at + 4)? as u64;
        if id == b"fmt " {
            byte_rate = le32(h, at + 16);
        } else if id == b"data" {
            let rate = byte_rate.filter(|&r| r > 0)? as u64;
            let data = size.min(p.len.saturating_sub(at as u64 + 8));
            return Some(data * 1000 / rate);
        }
        at = at.checked_add(8 + size as usize + (size as usize & 1))?;
    }
    None
}

fn syncsafe(b: &[u8]) -> u32 {
    b.iter().fold(0, |n, &x| (n << 7) | u32::from(x & 0x7f))
}

fn mp3(p: &Probe) -> Option<u64> {
    let h = &p.head;
    let mut start = 0usize;
    if h.get(0..3) == Some(b"ID3") && h.len() >= 10 {
        let major = h[3];
        let footer = if h[5] & 0x10 != 0 { 10 } else { 0 };
        let size = syncsafe(&h[6..10]) as usize;
        if let Some(ms) = tlen(&h[10..h.len().min(10 + size)], major) {
            return Some(ms);
        }
        start = 10 + size + footer;
    }
    let mut end = p.len;
    if p.tail.len() >= 128 && p.tail[p.tail.len() - 128..].starts_with(b"TAG") {
        end = end.saturating_sub(128);
    }
    // The first frame header after the tag.
    let mut at = start;
    let frame = loop {
        let b = h.get(at..at + 4)?;
        if b[0] == 0xff
            && b[1] & 0xe0 == 0xe0
            && let Some(f) = Frame::read(b)
        {
            break f;
        }
        at += 1;
    };
    let side = match (frame.mpeg1, frame.mono) {
        (true, false) => 32,
        (true, true) => 17,
        (false, false) => 17,
        (false, true) => 9,
    };
    let xing = at + 4 + side;
    if let Some(tag) = h.get(xing..xing + 4)
        && (tag == b"Xing" || tag == b"Info")
        && be32(h, xing + 4)? & 1 == 1
    {
        let frames = u64::from(be32(h, xing + 8)?);
        return Some(frames * frame.samples * 1000 / frame.rate);
    }
    let bytes = end.saturating_sub(at as u64);
    Some(bytes * 8 / frame.kbps)
}

/// The `TLEN` frame of an ID3v2.3 or 2.4 tag: the length in milliseconds.
fn tlen(tag: &[u8], major: u8) -> Option<u64> {
    let mut at = 0;
    while at + 10 <= tag.len() && tag[at] != 0 {
        let size = if major >= 4 {
            syncsafe(&tag[at + 4..at + 8]) as usize
        } else {
            be32(tag, at + 4)? as usize
        };
        let body = tag.get(at + 10..at + 10 + size)?;
        if &tag[at..at + 4] == b"TLEN" {
            let digits: String = body
                .iter()
                .skip(1)
                .filter(|b| b.is_ascii_digit())
                .map(|&b| b as char)
                .collect();
            return digits.parse().ok().filter(|&ms: &u64| ms > 0);
        }
        at += 10 + size;
    }
    None
}

struct Frame {
    mpeg1: bool,
    mono: bool,
    kbps: u64,
    rate: u64,
    samples: u64,
}

impl Frame {
    /// A Layer III frame header.
    fn read(b: &[u8]) -> Option<Frame> {
        let version = (b[1] >> 3) & 3;
        if version == 1 || (b[1] >> 1) & 3 != 1 {
            return None;
        }
        let mpeg1 = version == 3;
        const V1: [u64; 15] = [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ];
        const V2: [u64; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
        let kbps = *(if mpeg1 { &V1 } else { &V2 }).get(usize::from(b[2] >> 4))?;
        let base = *[44100u64, 48000, 32000].get(usize::from((b[2] >> 2) & 3))?;
        let rate = match version {
            3 => base,
            2 => base / 2,
            _ => base / 4,
        };
        (kbps > 0).then_some(Frame {
            mpeg1,
            mono: b[3] >> 6 == 3,
            kbps,
            rate,
            samples: if mpeg1 { 1152 } else { 576 },
        })
    }
}

fn ogg(p: &Probe) -> Option<u64> {
    let h = &p.head;
    if h.get(0..4)? != b"OggS" {
        return None;
    }
    // The first packet starts after the page header and its segment table.
    let packet = 27 + usize::from(*h.get(26)?);
    let body = h.get(packet..)?;
    let (rate, skip) = if body.starts_with(b"\x01vorbis") {
        (u64::from(le32(body, 12)?), 0)
    } else if body.starts_with(b"OpusHead") {
        (
            48_000,
            u64::from(u16::from_le_bytes([*body.get(10)?, *body.get(11)?])),
        )
    } else {
        return None;
    };
    let t = &p.tail;
    let last = t.windows(4).rposition(|w| w == b"OggS")?;
    let granule = u64::from_le_bytes(t.get(last + 6..last + 14)?.try_into().ok()?);
    (rate > 0 && granule != u64::MAX).then(|| granule.saturating_sub(skip) * 1000 / rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(bytes: Vec<u8>) -> Probe {
        Probe {
            len: bytes.len() as u64,
            tail: bytes.clone(),
            head: bytes,
        }
    }

    #[test]
    fn wav_duration_from_its_chunks() {
        let rate = 8000u32;
        let data = vec![0u8; 8000 * 3];
        let mut b = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
        b.extend(16u32.to_le_bytes());
        b.extend([1, 0, 1, 0]);
        b.extend(rate.to_le_bytes());
        b.extend(rate.to_le_bytes());
        b.extend([1, 0, 8, 0]);
        b.extend(b"data");
        b.extend((data.len() as u32).to_le_bytes());
        b.extend(data);
        assert_eq!(duration("wav", &probe(b)), Some(3));
    }

    #[test]
    fn mp3_duration_from_a_constant_bit_rate() {
        // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 16 000 bytes a second.
        let mut b = vec![0xff, 0xfb, 0x90, 0x00];
        b.resize(16_000 * 5, 0);
        assert_eq!(duration("mp3", &probe(b)), Some(5));
    }

    #[test]
    fn mp3_duration_from_id3_tlen() {
        let mut frame = b"TLEN".to_vec();
        frame.extend(6u32.to_be_bytes());
        frame.extend([0, 0, 0]);
        frame.extend(b"61500");
        let mut b = b"ID3\x03\x00\x00".to_vec();
        b.extend([0, 0, 0, frame.len() as u8]);
        b.extend(frame);
        assert_eq!(duration("mp3", &probe(b)), Some(62));
    }

    #[test]
    fn ogg_vorbis_duration_from_the_last_granule() {
        let mut b = b"OggS".to_vec();
        b.resize(26, 0);
        b.push(1); // one segment
        b.push(30);
        b.extend(b"\x01vorbis");
        b.extend([0, 0, 0, 0, 1]);
        b.extend(22050u32.to_le_bytes());
        b.resize(200, 0);
        b.extend(b"OggS\0\x04");
        b.extend((22050u64 * 4).to_le_bytes());
        b.resize(260, 0);
        assert_eq!(duration("ogg", &probe(b)), Some(4));
    }

    #[test]
    fn garbage_tells_nothing() {
        assert_eq!(duration("mp3", &probe(vec![1, 2, 3])), None);
        assert_eq!(duration("wav", &probe(b"RIFF".to_vec())), None);
        assert_eq!(duration("mp4", &probe(vec![0; 100])), None);
    }
}
