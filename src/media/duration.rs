//! A media file's duration read from its first and last bytes only: WAV (its format
//! and data chunks), MP3 (ID3 `TLEN`, a Xing/Info frame count, or a constant bit
//! rate), Ogg (the last page's granule position), MP4/QuickTime (the `moov/mvhd`
//! box, at the start or the end) and WebM/Matroska (the Segment's Info). Other
//! formats: unknown.

use super::Probe;

/// Whole seconds (rounded), or `None` when the bytes do not tell it.
pub fn duration(ext: &str, probe: &Probe) -> Option<u64> {
    let millis = match ext.to_ascii_lowercase().as_str() {
        "wav" => wav(probe),
        "mp3" => mp3(probe),
        "ogg" | "oga" | "opus" => ogg(probe),
        "m4a" | "mp4" | "m4v" | "mov" => mp4(probe),
        "webm" | "mkv" => webm(probe),
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

fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
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
    Some(bytes.checked_mul(8)? / frame.kbps)
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
    if rate == 0 || granule == u64::MAX {
        return None;
    }
    // A granule read from the file: past any clock in a damaged one.
    Some(granule.saturating_sub(skip).checked_mul(1000)? / rate)
}

/// `n` bytes at offset `at` of the file, from whichever window (head or tail) holds
/// them all.
fn bytes_at(p: &Probe, at: u64, n: usize) -> Option<&[u8]> {
    let end = at.checked_add(n as u64)?;
    if end <= p.head.len() as u64 {
        return p.head.get(at as usize..end as usize);
    }
    let tail_start = p.len.checked_sub(p.tail.len() as u64)?;
    let from = usize::try_from(at.checked_sub(tail_start)?).ok()?;
    p.tail.get(from..from.checked_add(n)?)
}

/// The body (start and end offsets) of the first ISO-BMFF box named `name` among the
/// boxes from `at` to `end`. Only headers are read, so a box too big for the head
/// (`mdat`) is jumped over, and the walk goes on in the tail.
fn find_box(p: &Probe, mut at: u64, end: u64, name: &[u8; 4]) -> Option<(u64, u64)> {
    // Each box moves `at` forward by at least its 8-byte header: the walk ends.
    while at < end {
        let h = bytes_at(p, at, 8)?;
        let (size, header) = match be32(h, 0)? {
            0 => (end - at, 8), // to the end of the file (or of the parent box)
            1 => (be64(bytes_at(p, at.checked_add(8)?, 8)?, 0)?, 16),
            n => (u64::from(n), 8),
        };
        let next = at
            .checked_add(size)
            .filter(|&n| size >= header && n <= end)?;
        if &h[4..8] == name {
            return Some((at + header, next));
        }
        at = next;
    }
    None
}

fn mp4(p: &Probe) -> Option<u64> {
    let (moov, moov_end) = find_box(p, 0, p.len, b"moov")?;
    let (body, end) = find_box(p, moov, moov_end, b"mvhd")?;
    // A full box: version and flags, then the creation and modification times
    // (32 or 64 bits each by version), the timescale, the duration.
    let version = *bytes_at(p, body, 1)?.first()?;
    let need = match version {
        0 => 20,
        1 => 32,
        _ => return None,
    };
    if end - body < need as u64 {
        return None;
    }
    let b = bytes_at(p, body, need)?;
    let (scale, dur, unknown) = if version == 0 {
        (be32(b, 12)?, u64::from(be32(b, 16)?), u64::from(u32::MAX))
    } else {
        (be32(b, 20)?, be64(b, 24)?, u64::MAX)
    };
    // Zero is what fragmented files write: their length is in the fragments.
    if scale == 0 || dur == 0 || dur == unknown {
        return None;
    }
    Some(dur.checked_mul(1000)? / u64::from(scale))
}

const EBML: u32 = 0x1A45_DFA3;
const SEGMENT: u32 = 0x1853_8067;
const INFO: u32 = 0x1549_A966;
const CLUSTER: u32 = 0x1F43_B675;
const TIMECODE_SCALE: u32 = 0x2A_D7B1;
const EBML_DURATION: u32 = 0x4489;

/// An EBML element's header at `at`: its ID (marker bits kept, as IDs are written),
/// its size (`None`: unknown) and where its body starts.
fn element(b: &[u8], at: usize) -> Option<(u32, Option<u64>, usize)> {
    let vint = |at: usize| {
        let len = b.get(at)?.leading_zeros() as usize + 1;
        let raw = b.get(at..at.checked_add(len)?)?;
        (len <= 8).then(|| (raw.iter().fold(0u64, |n, &x| n << 8 | u64::from(x)), len))
    };
    let (id, n) = vint(at).filter(|&(_, n)| n <= 4)?;
    let (raw, m) = vint(at + n)?;
    let all_ones = (1u64 << (7 * m)) - 1;
    let size = raw & all_ones;
    Some((id as u32, (size != all_ones).then_some(size), at + n + m))
}

fn skip(body: usize, size: Option<u64>) -> Option<usize> {
    body.checked_add(usize::try_from(size?).ok()?)
}

/// The first element `want` among those from `at` to `end`: its size and body start.
/// `None` at a Cluster (media data: the headers come before it) or at an element of
/// unknown size, which cannot be skipped.
fn find_element(b: &[u8], mut at: usize, end: usize, want: u32) -> Option<(Option<u64>, usize)> {
    // Each header is at least 2 bytes: the walk ends.
    while at < end.min(b.len()) {
        let (id, size, body) = element(b, at)?;
        if id == want {
            return Some((size, body));
        }
        if id == CLUSTER {
            return None;
        }
        at = skip(body, size)?;
    }
    None
}

fn webm(p: &Probe) -> Option<u64> {
    let h = &p.head;
    let (id, size, body) = element(h, 0)?;
    if id != EBML {
        return None;
    }
    let (size, body) = find_element(h, skip(body, size)?, usize::MAX, SEGMENT)?;
    // A live recording leaves the Segment's size unknown: it then runs to the end.
    let end = size.map_or(Some(usize::MAX), |s| skip(body, Some(s)))?;
    let (size, body) = find_element(h, body, end, INFO)?;
    let info = h.get(body..skip(body, size)?)?;
    let (mut scale, mut dur) = (1_000_000u64, None);
    let mut at = 0;
    while at < info.len() {
        let (id, size, body) = element(info, at)?;
        at = skip(body, size)?;
        let v = info.get(body..at)?;
        match (id, v.len()) {
            (TIMECODE_SCALE, 0..=8) => scale = v.iter().fold(0, |n, &x| n << 8 | u64::from(x)),
            (EBML_DURATION, 4) => dur = Some(f64::from(f32::from_be_bytes(v.try_into().ok()?))),
            (EBML_DURATION, 8) => dur = Some(f64::from_be_bytes(v.try_into().ok()?)),
            (TIMECODE_SCALE | EBML_DURATION, _) => return None,
            _ => {}
        }
    }
    // In TimecodeScale units (nanoseconds each); more than 1e7 s is a broken file.
    let ms = dur? * scale as f64 / 1e6;
    (ms.is_finite() && ms > 0.0 && ms <= 1e10).then(|| ms.round() as u64)
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

    /// An ISO-BMFF box with a 32-bit size.
    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend(kind);
        b.extend(body);
        b
    }

    fn mvhd(version: u8, scale: u32, dur: u64) -> Vec<u8> {
        let mut body = vec![version, 0, 0, 0];
        let times = if version == 1 { 16 } else { 8 };
        body.extend(vec![7; times]);
        body.extend(scale.to_be_bytes());
        if version == 1 {
            body.extend(dur.to_be_bytes());
        } else {
            body.extend((dur as u32).to_be_bytes());
        }
        body.extend([0; 80]); // rate, volume, matrix, next track: unread
        bx(b"mvhd", &body)
    }

    fn ftyp() -> Vec<u8> {
        bx(b"ftyp", b"isom\0\0\x02\0isomiso2mp41")
    }

    fn moov(mvhd: Vec<u8>) -> Vec<u8> {
        let mut body = mvhd;
        body.extend(bx(b"trak", &[0; 40]));
        bx(b"moov", &body)
    }

    #[test]
    fn mp4_duration_from_moov_at_the_start() {
        let mut b = ftyp();
        b.extend(bx(b"free", &[0; 12]));
        b.extend(moov(mvhd(0, 1000, 61_500)));
        b.extend(bx(b"mdat", &[0; 500]));
        assert_eq!(duration("mp4", &probe(b.clone())), Some(62));
        assert_eq!(duration("M4A", &probe(b.clone())), Some(62));
        assert_eq!(duration("mov", &probe(b)), Some(62));
    }

    /// A large file whose `moov` comes after its media data: only its first and last
    /// `PROBE` bytes are read, as `sources` does.
    fn windows(start: Vec<u8>, gap: u64, end: Vec<u8>) -> Probe {
        let (w, total) = (
            crate::media::PROBE,
            start.len() as u64 + gap + end.len() as u64,
        );
        let (mut head, mut tail) = (start, vec![0; w.saturating_sub(end.len())]);
        head.resize(w, 0);
        tail.extend(end);
        Probe {
            len: total,
            head,
            tail,
        }
    }

    #[test]
    fn mp4_duration_from_moov_in_the_tail() {
        let moov = moov(mvhd(0, 600, 600 * 3600));
        // A 32-bit mdat size.
        let mdat = 50_000_000u32;
        let mut start = ftyp();
        start.extend(mdat.to_be_bytes());
        start.extend(b"mdat");
        let gap = u64::from(mdat) - 8;
        assert_eq!(
            duration("mp4", &windows(start, gap, moov.clone())),
            Some(3600)
        );
        // A 64-bit largesize, past 4 GiB.
        let mdat = 5_000_000_000u64;
        let mut start = ftyp();
        start.extend(1u32.to_be_bytes());
        start.extend(b"mdat");
        start.extend(mdat.to_be_bytes());
        let gap = mdat - 16;
        let mut end = bx(b"free", &[0; 30]);
        end.extend(moov);
        assert_eq!(duration("m4v", &windows(start, gap, end)), Some(3600));
    }

    #[test]
    fn mp4_duration_from_a_version_1_mvhd() {
        let mut b = ftyp();
        b.extend(moov(mvhd(1, 48_000, 48_000 * 90 + 24_000)));
        assert_eq!(duration("m4a", &probe(b)), Some(91));
    }

    #[test]
    fn mp4_bad_boxes_tell_nothing() {
        let good = {
            let mut b = ftyp();
            b.extend(moov(mvhd(0, 1000, 61_500)));
            b
        };
        let box_at = ftyp().len();
        let with = |at: usize, patch: &[u8]| {
            let mut b = good.clone();
            b[at..at + patch.len()].copy_from_slice(patch);
            duration("mp4", &probe(b))
        };
        let cases: &[(usize, &[u8])] = &[
            (box_at, &[0, 0, 0, 0]),           // moov to the end: its mvhd is then found
            (0, &[0, 0, 0, 0]),                // ftyp to the end: no moov after it
            (0, &[0, 0, 0, 1]),                // largesize read from "isom"...: past the file
            (0, &[0, 0, 0, 4]),                // smaller than its header
            (0, &[0xff, 0xff, 0xff, 0xff]),    // past the file
            (box_at, &[0, 0, 0, 9]),           // moov too small for its mvhd
            (box_at + 8 + 8, &[2]),            // mvhd version 2
            (box_at + 8, &[0, 0, 0, 20]),      // mvhd too short for its fields
            (box_at + 8 + 8 + 12, &[0; 4]),    // timescale 0
            (box_at + 8 + 8 + 16, &[0xff; 4]), // duration unknown
            (box_at + 8 + 8 + 16, &[0; 4]),    // duration 0
        ];
        assert_eq!(with(cases[0].0, cases[0].1), Some(62));
        for (at, patch) in &cases[1..] {
            assert_eq!(with(*at, patch), None, "patch at {at}: {patch:?}");
        }
        // A largesize of 0, of less than its header, or that overflows.
        for large in [0u64, 8, u64::MAX - 3] {
            let mut b = 1u32.to_be_bytes().to_vec();
            b.extend(b"mdat");
            b.extend(large.to_be_bytes());
            b.extend(moov(mvhd(0, 1000, 61_500)));
            assert_eq!(duration("mp4", &probe(b)), None, "largesize {large}");
        }
        // The next box falls between the windows, or the probe is inconsistent.
        let start = [ftyp(), 100_000u32.to_be_bytes().to_vec(), b"mdat".to_vec()].concat();
        let p = windows(start, 100_000, moov(mvhd(0, 1000, 61_500)));
        assert_eq!(
            duration(
                "mp4",
                &Probe {
                    len: 300_000,
                    ..p.clone()
                }
            ),
            None
        );
        assert_eq!(duration("mp4", &Probe { len: 10, ..p }), None);
    }

    /// An EBML element: its ID as written, then an 8-byte size.
    fn el(id: &[u8], body: &[u8]) -> Vec<u8> {
        let mut b = id.to_vec();
        b.push(0x01);
        b.extend(&(body.len() as u64).to_be_bytes()[1..]);
        b.extend(body);
        b
    }

    /// A WebM file as MediaRecorder writes it: the Segment of unknown size, a SeekHead
    /// and a Void before the Info, a Cluster after it.
    fn webm_file(info: &[u8]) -> Vec<u8> {
        let mut b = el(&[0x1a, 0x45, 0xdf, 0xa3], &el(&[0x42, 0x82], b"webm"));
        b.extend([
            0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ]);
        b.extend(el(&[0x11, 0x4d, 0x9b, 0x74], &[0xbb; 30]));
        b.extend([0xec, 0x84, 0, 0, 0, 0]); // Void, a 1-byte size
        b.extend(el(&[0x15, 0x49, 0xa9, 0x66], info));
        b.extend([0x1f, 0x43, 0xb6, 0x75, 0xff, 0xe7, 0x81, 0x00]);
        b
    }

    fn info(scale: Option<&[u8]>, dur: &[u8]) -> Vec<u8> {
        let mut b = el(&[0x4d, 0x80], b"Lavf");
        if let Some(s) = scale {
            b.extend([0x2a, 0xd7, 0xb1, 0x80 | s.len() as u8]);
            b.extend(s);
        }
        b.extend([0x44, 0x89, 0x80 | dur.len() as u8]);
        b.extend(dur);
        b
    }

    #[test]
    fn webm_duration_from_the_segment_info() {
        let ms = 1_000_000u32.to_be_bytes();
        let b = webm_file(&info(Some(&ms[1..]), &5000.0f64.to_be_bytes()));
        assert_eq!(duration("webm", &probe(b.clone())), Some(5));
        assert_eq!(duration("mkv", &probe(b)), Some(5));
        // A 4-byte float, and 1 µs ticks.
        let b = webm_file(&info(Some(&[0x03, 0xe8]), &4_000_000.0f32.to_be_bytes()));
        assert_eq!(duration("webm", &probe(b)), Some(4));
        // No TimecodeScale: 1 ms ticks.
        let b = webm_file(&info(None, &7_400.0f32.to_be_bytes()));
        assert_eq!(duration("webm", &probe(b)), Some(7));
    }

    #[test]
    fn webm_bad_elements_tell_nothing() {
        let ms = Some(&[0x0f, 0x42, 0x40][..]);
        for dur in [f64::NAN, -5000.0, f64::INFINITY, 0.0, 2e10] {
            let b = webm_file(&info(ms, &dur.to_be_bytes()));
            assert_eq!(duration("webm", &probe(b)), None, "{dur}");
        }
        let bad = [
            info(ms, &[0x40, 0x00]),                 // a 2-byte float
            info(Some(&[]), &5000f64.to_be_bytes()), // TimecodeScale 0
            info(Some(&[1; 9]), &5000f64.to_be_bytes()),
            el(&[0x4d, 0x80], b"no duration"),
        ];
        for i in bad {
            assert_eq!(duration("webm", &probe(webm_file(&i))), None, "{i:?}");
        }
        let good = webm_file(&info(ms, &5000.0f64.to_be_bytes()));
        let with = |at: usize, patch: &[u8]| {
            let mut b = good.clone();
            b[at..at + patch.len()].copy_from_slice(patch);
            duration("webm", &probe(b))
        };
        assert_eq!(with(0, &[0x1a]), Some(5));
        assert_eq!(with(0, &[0x1b]), None); // not an EBML header
        assert_eq!(with(4, &[0xff]), None); // EBML header of unknown size
        assert_eq!(with(4, &[0x00]), None); // a size longer than 8 bytes
        assert_eq!(with(4, &[0x01, 0xff]), None); // a header past the file
        let find = |id: [u8; 4]| good.windows(4).position(|w| w == id).unwrap();
        let (seg, info) = (
            find([0x18, 0x53, 0x80, 0x67]),
            find([0x15, 0x49, 0xa9, 0x66]),
        );
        assert_eq!(with(seg + 12, &[0x1f, 0x43, 0xb6, 0x75]), None); // a Cluster first
        assert_eq!(with(seg + 4, &[0x01, 0, 0, 0, 0, 0, 0, 10]), None); // Segment ends early
        assert_eq!(with(info + 4, &[0xff]), None); // Info of unknown size
        // Info past the head.
        assert_eq!(
            duration("webm", &probe(good[..good.len() - 20].to_vec())),
            None
        );
    }

    #[test]
    fn cut_or_corrupted_files_never_panic() {
        let files = [
            ("mp4", [ftyp(), moov(mvhd(1, 1000, 61_500))].concat()),
            ("webm", webm_file(&info(None, &5000f64.to_be_bytes()))),
        ];
        for (ext, file) in files {
            for cut in 0..file.len() {
                duration(ext, &probe(file[..cut].to_vec()));
                let p = Probe {
                    len: u64::MAX,
                    ..probe(file[..cut].to_vec())
                };
                duration(ext, &p);
            }
            for at in 0..file.len() {
                for x in [0x00, 0x01, 0x7f, 0x80, 0xff] {
                    let mut b = file.clone();
                    b[at] = x;
                    duration(ext, &probe(b));
                }
            }
        }
        // Random bytes, from a fixed seed.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in 0..2000 {
            let b: Vec<u8> = (0..n % 300)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect();
            for ext in ["mp4", "webm"] {
                duration(ext, &probe(b.clone()));
            }
        }
    }

    #[test]
    fn garbage_tells_nothing() {
        assert_eq!(duration("mp3", &probe(vec![1, 2, 3])), None);
        assert_eq!(duration("wav", &probe(b"RIFF".to_vec())), None);
        assert_eq!(duration("mp4", &probe(vec![0; 100])), None);
        assert_eq!(duration("webm", &probe(vec![0; 100])), None);
        assert_eq!(duration("mkv", &probe(b"\x1a\x45\xdf\xa3".to_vec())), None);
    }

    #[test]
    fn numbers_too_large_for_any_file_give_no_duration_instead_of_overflowing() {
        // A constant bit rate over a length no disk holds.
        let mut b = vec![0xff, 0xfb, 0x90, 0x00];
        b.resize(2000, 0);
        let huge = Probe {
            len: u64::MAX,
            ..probe(b)
        };
        assert_eq!(duration("mp3", &huge), None);
        // An Ogg page whose granule position is past any clock (2^63 samples).
        let mut b = b"OggS".to_vec();
        b.resize(26, 0);
        b.extend([1, 30]);
        b.extend(b"\x01vorbis");
        b.extend([0, 0, 0, 0, 1]);
        b.extend(8000u32.to_le_bytes());
        b.resize(200, 0);
        b.extend(b"OggS\0\x04");
        b.extend((1u64 << 63).to_le_bytes());
        b.resize(260, 0);
        assert_eq!(duration("ogg", &probe(b)), None);
    }
}
