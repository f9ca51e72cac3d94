//! Metadata taken out of an image without touching its pixels, for the images of
//! `static/` (logos, banners, an artwork), which are published as they are: a JPEG
//! keeps only what a decoder needs (its frame, tables and scans, JFIF without its
//! thumbnail, Adobe's colour transform, its colour profile, and its orientation
//! alone), a PNG its critical chunks and those that say how to show the pixels, a
//! WebP its image, animation, alpha and colour profile chunks, a GIF its frames and
//! loop count (`gif`). Everything else goes:
//! EXIF, XMP, IPTC, comments, text chunks, unknown segments, and any byte after the
//! image's end. An irregular file is walked as decoders walk it (a stray byte before
//! a marker, a WebP's size that does not match); one that cannot be walked at all
//! is [`Damaged`], and never published as it is.

/// The file cannot be walked (truncated, wrong lengths, not a JPEG, PNG, WebP or GIF):
/// what it holds cannot be told, so it must be re-encoded or refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Damaged;

/// `bytes` without metadata: `Ok(None)` when the file is regular and holds nothing
/// to take out (it is published as it is), `Ok(Some(copy))` otherwise.
pub fn strip(bytes: &[u8]) -> Result<Option<Vec<u8>>, Damaged> {
    let out = if bytes.is_empty() {
        // An empty file (a placeholder) holds nothing.
        return Ok(None);
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        jpeg(bytes)?
    } else if bytes.starts_with(PNG_SIGNATURE) {
        png(bytes)?
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes[8..12] == *b"WEBP" {
        webp(bytes)?
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        super::gif::gif(bytes)?
    } else {
        return Err(Damaged);
    };
    Ok((out != bytes).then_some(out))
}

fn jpeg(bytes: &[u8]) -> Result<Vec<u8>, Damaged> {
    let mut j = Jpeg {
        bytes,
        out: Vec::with_capacity(bytes.len()),
        i: 2,
        oriented: false,
        scanned: false,
    };
    j.out.extend_from_slice(&[0xff, 0xd8]);
    loop {
        let Some(marker) = j.next_marker() else {
            return j.cut();
        };
        match marker {
            // A stuffed zero, or a second start of image: not a marker here.
            0x00 | 0xd8 => {
                j.i += 2;
                continue;
            }
            // Markers without a length: restart markers, and TEM.
            0x01 | 0xd0..=0xd7 => {
                j.out.extend_from_slice(&[0xff, marker]);
                j.i += 2;
                continue;
            }
            // End of image: whatever follows (a trailer, a second picture, a video)
            // is left out.
            0xd9 => return Ok(j.ended()),
            _ => {}
        }
        let Some(end) = j.segment_end()? else {
            // A segment cut by the end of the file, after the picture: left out.
            return Ok(j.ended());
        };
        j.keep(marker, end);
        if marker == 0xda {
            j.scanned = true;
            if !j.entropy_coded() {
                return Ok(j.out);
            }
        }
    }
}

/// A JPEG walked segment by segment, as decoders walk it, and what is kept of it.
struct Jpeg<'a> {
    bytes: &'a [u8],
    out: Vec<u8>,
    /// Where the walk is.
    i: usize,
    /// Whether an orientation is kept (the first one only).
    oriented: bool,
    /// Whether a scan was read: the picture is there, and a cut after it ends it.
    scanned: bool,
}

impl Jpeg<'_> {
    /// The next marker, its `0xFF` at `self.i`; `None` when the file ends first.
    fn next_marker(&mut self) -> Option<u8> {
        // Bytes that are not a marker are skipped, as decoders do (libjpeg's
        // "extraneous bytes before marker"); so are fill bytes (0xFF) before one.
        let at = memchr::memchr(0xff, self.bytes.get(self.i..).unwrap_or_default())?;
        self.i += at;
        while self.bytes.get(self.i + 1) == Some(&0xff) {
            self.i += 1;
        }
        self.bytes.get(self.i + 1).copied()
    }

    /// The file ends before its end marker: cut after a scan, the picture is there
    /// and its end marker is added; before one, nothing can be told.
    fn cut(self) -> Result<Vec<u8>, Damaged> {
        if self.scanned {
            Ok(self.ended())
        } else {
            Err(Damaged)
        }
    }

    /// What is kept, with the end marker.
    fn ended(mut self) -> Vec<u8> {
        self.out.extend_from_slice(&[0xff, 0xd9]);
        self.out
    }

    /// Where the segment at `self.i` ends, by its length; `None` when the file cuts
    /// it after the picture.
    fn segment_end(&self) -> Result<Option<usize>, Damaged> {
        let (bytes, i) = (self.bytes, self.i);
        let len = match (bytes.get(i + 2), bytes.get(i + 3)) {
            (Some(&a), Some(&b)) => usize::from(u16::from_be_bytes([a, b])),
            _ => usize::MAX / 2,
        };
        let end = i + 2 + len;
        if end > bytes.len() && self.scanned {
            return Ok(None);
        }
        if len < 2 || end > bytes.len() {
            return Err(Damaged);
        }
        Ok(Some(end))
    }

    /// Keeps what a decoder needs of the segment from `self.i` to `end`, and walks on.
    fn keep(&mut self, marker: u8, end: usize) {
        let segment = &self.bytes[self.i..end];
        let payload = &self.bytes[self.i + 4..end];
        self.i = end;
        let out = &mut self.out;
        match marker {
            // Frames, tables, restart interval, scan header: the picture itself.
            0xc0..=0xcf | 0xda..=0xdf => out.extend_from_slice(segment),
            0xe0 if payload.starts_with(b"JFIF\0") && payload.len() >= 14 => {
                // JFIF may carry a thumbnail: a picture of the original, before any crop.
                out.extend_from_slice(&[0xff, 0xe0, 0, 16]);
                out.extend_from_slice(&payload[..12]);
                out.extend_from_slice(&[0, 0]);
            }
            0xe2 if payload.starts_with(b"ICC_PROFILE\0") => out.extend_from_slice(segment),
            0xee if payload.starts_with(b"Adobe") => out.extend_from_slice(segment),
            0xe1 if !self.oriented => {
                if let Some(o) = orientation(payload).filter(|&o| o != 1) {
                    out.extend_from_slice(&orientation_segment(o));
                    self.oriented = true;
                }
            }
            // Every other application segment, comments, reserved markers: left out.
            _ => {}
        }
    }

    /// Keeps a scan's entropy-coded data, which runs to the next marker that is not
    /// a stuffed zero or a restart marker; `false` when the file is cut inside it
    /// (what it has is kept, with the end marker).
    fn entropy_coded(&mut self) -> bool {
        let (bytes, i) = (self.bytes, self.i);
        let mut j = i;
        loop {
            let Some(at) = memchr::memchr(0xff, &bytes[j..]) else {
                self.out.extend_from_slice(&bytes[i..]);
                self.out.extend_from_slice(&[0xff, 0xd9]);
                return false;
            };
            j += at;
            match bytes.get(j + 1) {
                Some(0x00 | 0xd0..=0xd7) => j += 2,
                Some(0xff) => j += 1,
                _ => break,
            }
        }
        self.out.extend_from_slice(&bytes[i..j]);
        self.i = j;
        true
    }
}

/// The orientation an EXIF segment's payload (`Exif\0\0` and a TIFF block) gives.
fn orientation(payload: &[u8]) -> Option<u16> {
    let tiff = payload.strip_prefix(b"Exif\0\0")?;
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = [*tiff.get(at)?, *tiff.get(at.checked_add(1)?)?];
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count)
        .find_map(|n| {
            let entry = ifd.checked_add(2 + n * 12)?;
            (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8))
        })
        .flatten()
        .filter(|o| (1..=8).contains(o))
}

/// An EXIF segment that says the orientation only.
fn orientation_segment(o: u16) -> Vec<u8> {
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes()); // the first directory
    tiff.extend(1u16.to_le_bytes()); // one entry:
    tiff.extend(0x0112u16.to_le_bytes()); // orientation,
    tiff.extend(3u16.to_le_bytes()); // a short,
    tiff.extend(1u32.to_le_bytes()); // one of them,
    tiff.extend(o.to_le_bytes());
    tiff.extend([0, 0]);
    tiff.extend(0u32.to_le_bytes()); // no next directory
    let mut seg = vec![0xff, 0xe1];
    let len = u16::try_from(2 + 6 + tiff.len()).unwrap_or(u16::MAX);
    seg.extend(len.to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(tiff);
    seg
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const PNG_END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82];

/// The chunks a PNG keeps: the image, and what says how to show its pixels
/// (transparency, colour, physical size, animation). A critical chunk not among them
/// is one no decoder reads: the file is damaged.
fn png_keeps(kind: &[u8]) -> bool {
    matches!(
        kind,
        b"IHDR"
            | b"PLTE"
            | b"IDAT"
            | b"tRNS"
            | b"gAMA"
            | b"cHRM"
            | b"sRGB"
            | b"iCCP"
            | b"sBIT"
            | b"bKGD"
            | b"pHYs"
            | b"hIST"
            | b"cICP"
            | b"mDCV"
            | b"cLLI"
            | b"acTL"
            | b"fcTL"
            | b"fdAT"
    )
}

fn png(bytes: &[u8]) -> Result<Vec<u8>, Damaged> {
    let mut out = PNG_SIGNATURE.to_vec();
    let mut i = PNG_SIGNATURE.len();
    while i < bytes.len() {
        let len: [u8; 4] = bytes
            .get(i..i + 4)
            .ok_or(Damaged)?
            .try_into()
            .map_err(|_| Damaged)?;
        let len = usize::try_from(u32::from_be_bytes(len)).map_err(|_| Damaged)?;
        let kind = bytes.get(i + 4..i + 8).ok_or(Damaged)?;
        let end = (i + 12).checked_add(len).ok_or(Damaged)?;
        let critical = kind.first().is_some_and(u8::is_ascii_uppercase);
        let named = kind.iter().all(u8::is_ascii_alphabetic);
        if end > bytes.len() || !named || (critical && kind != b"IEND" && !png_keeps(kind)) {
            return Err(Damaged);
        }
        if kind == b"IEND" {
            break;
        }
        if png_keeps(kind) {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    // Whatever followed the end (or a missing end) is not published.
    out.extend_from_slice(&PNG_END);
    Ok(out)
}

/// The chunks a WebP keeps: its image (lossy, lossless, alpha, animation frames), the
/// extended header and the colour profile.
fn webp_keeps(kind: &[u8]) -> bool {
    matches!(
        kind,
        b"VP8 " | b"VP8L" | b"VP8X" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP"
    )
}

fn webp(bytes: &[u8]) -> Result<Vec<u8>, Damaged> {
    let mut out = bytes[..12].to_vec();
    // The RIFF size says where the file ends; a file cut short is read to its end,
    // and bytes after that size are not part of the image.
    let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
    let stop = usize::try_from(declared)
        .ok()
        .and_then(|d| d.checked_add(8))
        .map_or(bytes.len(), |d| d.min(bytes.len()));
    let mut i = 12;
    let mut vp8x = None;
    let mut image = false;
    while i + 8 <= stop {
        let kind = &bytes[i..i + 4];
        let len = u32::from_le_bytes([bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]]);
        let len = usize::try_from(len).map_err(|_| Damaged)?;
        let end = (i + 8).checked_add(len).ok_or(Damaged)?;
        if end > stop || !kind.iter().all(|b| b.is_ascii_alphanumeric() || *b == b' ') {
            return Err(Damaged);
        }
        if webp_keeps(kind) {
            if kind == b"VP8X" {
                // Flags and canvas size: ten bytes. A shorter one has no flags to
                // clear, and clearing them would write into the next chunk.
                if len < 10 {
                    return Err(Damaged);
                }
                vp8x = Some(out.len() + 8);
            }
            image |= matches!(kind, b"VP8 " | b"VP8L" | b"ANMF");
            out.extend_from_slice(&bytes[i..end]);
            // Chunks are padded to an even length; the pad byte is written here even
            // when the file left it out.
            if len % 2 == 1 {
                out.push(0);
            }
        }
        // A pad byte is skipped only when it is there: some writers leave it out.
        i = end;
        if len % 2 == 1 && i < stop && !starts_chunk(&bytes[i..stop]) {
            i += 1;
        }
    }
    if !image {
        return Err(Damaged);
    }
    // The extended header's flags no longer announce EXIF (bit 3) or XMP (bit 2).
    if let Some(flags) = vp8x.and_then(|at| out.get_mut(at)) {
        *flags &= !0b1100;
    }
    let size = u32::try_from(out.len() - 8).map_err(|_| Damaged)?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Ok(out)
}

/// Whether `rest` begins with a chunk's name (four letters, digits or spaces).
fn starts_chunk(rest: &[u8]) -> bool {
    rest.get(..4)
        .is_some_and(|k| k.iter().all(|b| b.is_ascii_alphanumeric() || *b == b' '))
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn encoded(format: image::ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        let img = image::DynamicImage::new_rgb8(8, 8);
        if format == image::ImageFormat::WebP {
            let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            img.to_rgba8().write_with_encoder(enc).unwrap();
        } else {
            img.write_to(&mut std::io::Cursor::new(&mut out), format)
                .unwrap();
        }
        out
    }

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut seg = vec![0xff, marker];
        seg.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        seg.extend(payload);
        seg
    }

    /// An EXIF payload holding `orientation` and a GPS-looking text.
    fn exif(orientation: u16) -> Vec<u8> {
        let mut tiff = b"Exif\0\0MM\0*".to_vec();
        tiff.extend(8u32.to_be_bytes());
        tiff.extend(2u16.to_be_bytes());
        tiff.extend(0x0112u16.to_be_bytes());
        tiff.extend(3u16.to_be_bytes());
        tiff.extend(1u32.to_be_bytes());
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]);
        tiff.extend(0x8825u16.to_be_bytes()); // GPS directory
        tiff.extend(4u16.to_be_bytes());
        tiff.extend(1u32.to_be_bytes());
        tiff.extend(46u32.to_be_bytes());
        tiff.extend(0u32.to_be_bytes());
        tiff.extend(b"GPS 46.2044N 6.1432E");
        tiff
    }

    /// A JPEG of 8 × 8 pixels with EXIF (orientation and GPS), XMP, a comment and
    /// IPTC before the picture.
    fn tagged_jpeg(orientation: u16) -> Vec<u8> {
        let plain = encoded(image::ImageFormat::Jpeg);
        let metadata = [
            segment(0xe1, &exif(orientation)),
            segment(0xe1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>SECRET-XMP"),
            segment(0xfe, b"SECRET-COMMENT Domicile"),
            segment(0xed, b"Photoshop 3.0\0SECRET-IPTC"),
        ]
        .concat();
        [&plain[..2], &metadata, &plain[2..]].concat()
    }

    const SECRETS: [&[u8]; 5] = [
        b"GPS 46.2044",
        b"SECRET",
        b"Domicile",
        b"ns.adobe.com",
        b"Photoshop",
    ];

    fn holds(bytes: &[u8], needle: &[u8]) -> bool {
        bytes.windows(needle.len()).any(|w| w == needle)
    }

    fn clean_of_secrets(bytes: &[u8]) -> bool {
        SECRETS.iter().all(|s| !holds(bytes, s))
    }

    fn pixels(bytes: &[u8]) -> Vec<u8> {
        image::load_from_memory(bytes).unwrap().into_bytes()
    }

    #[test]
    fn jpeg_loses_its_metadata_but_keeps_its_pixels_and_orientation() {
        let tagged = tagged_jpeg(6);
        let clean = strip(&tagged).unwrap().unwrap();
        assert!(clean_of_secrets(&clean));
        assert_eq!(orientation(&clean[6..]), Some(6));
        assert_eq!(pixels(&tagged), pixels(&clean));
        // Upright already: no EXIF at all is left.
        let clean = strip(&tagged_jpeg(1)).unwrap().unwrap();
        assert!(!holds(&clean, b"Exif"));
        // Nothing to take out: published as it is.
        assert_eq!(strip(&clean), Ok(None));
    }

    #[test]
    fn an_irregular_jpeg_is_walked_as_a_decoder_walks_it() {
        let plain = encoded(image::ImageFormat::Jpeg);
        let gps = segment(0xe1, &exif(1));
        let com = segment(0xfe, b"SECRET-COMMENT");
        let (head, rest) = plain.split_at(2);
        let cases: Vec<(&str, Vec<u8>)> = vec![
            (
                "stray byte before the EXIF",
                [head, b"\x00", &gps, rest].concat(),
            ),
            (
                "stray bytes between segments",
                [head, &gps, b"ab\n", &com, rest].concat(),
            ),
            ("fill bytes", [head, b"\xff\xff", &gps, rest].concat()),
            (
                "metadata after the picture",
                [&plain[..plain.len() - 2], &gps, &com, b"\xff\xd9"].concat(),
            ),
            (
                "a trailer after the end",
                [&plain[..], &gps, b"SECRET-TRAILER"].concat(),
            ),
            (
                "cut in the picture",
                [head, &gps, &rest[..rest.len() - 3]].concat(),
            ),
        ];
        for (what, bytes) in cases {
            let clean = strip(&bytes).unwrap_or_else(|_| panic!("{what}")).unwrap();
            assert!(clean_of_secrets(&clean), "{what}");
            assert!(image::load_from_memory(&clean).is_ok(), "{what}");
            assert_eq!(
                strip(&clean),
                Ok(None),
                "{what}: nothing is left to take out"
            );
        }
        // A JFIF thumbnail (a picture of the original, before any crop) goes.
        let mut jfif = b"JFIF\0\x01\x01\0\0\x01\0\x01\x01\x01".to_vec();
        jfif.extend(b"SECRET");
        let clean = strip(&[head, &segment(0xe0, &jfif), rest].concat())
            .unwrap()
            .unwrap();
        assert!(clean_of_secrets(&clean) && holds(&clean, b"JFIF\0"));
    }

    #[test]
    fn a_jpeg_that_cannot_be_walked_is_damaged() {
        let plain = encoded(image::ImageFormat::Jpeg);
        let (head, rest) = plain.split_at(2);
        let mut cut = segment(0xe1, &exif(1));
        cut.truncate(20);
        assert_eq!(
            strip(&[head, &cut].concat()),
            Err(Damaged),
            "cut in a segment"
        );
        let mut short = segment(0xe1, &exif(1));
        short[3] = 1; // a length below its own two bytes
        assert_eq!(strip(&[head, &short, rest].concat()), Err(Damaged));
        assert_eq!(strip(&[0xff, 0xd8]), Err(Damaged));
        assert_eq!(strip(&[0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), Err(Damaged));
        assert_eq!(strip(b"GIF89a"), Err(Damaged));
        assert_eq!(strip(b""), Ok(None), "an empty file holds nothing");
    }

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        c.extend(kind);
        c.extend(data);
        c.extend([0; 4]); // the CRC is not what is read here
        c
    }

    #[test]
    fn png_loses_its_text_exif_and_time_chunks_and_what_follows_its_end() {
        let plain = encoded(image::ImageFormat::Png);
        let (head, tail) = plain.split_at(33); // signature and IHDR
        let text = chunk(b"tEXt", b"GPS\x0046.2044N 6.1E");
        let meta = [
            text.clone(),
            chunk(b"zTXt", b"SECRET"),
            chunk(b"iTXt", b"SECRET"),
            chunk(b"eXIf", &exif(1)[6..]),
            chunk(b"tIME", b"\x07\xe8\x01\x01\0\0\0"),
            chunk(b"prVW", b"SECRET"),
        ]
        .concat();
        let tagged = [head, &meta, tail].concat();
        assert_eq!(strip(&tagged), Ok(Some(plain.clone())));
        for (what, bytes) in [
            ("newline after the end", [&plain[..], b"\n"].concat()),
            ("text after the end", [&plain[..], &text].concat()),
            (
                "text after the pixels",
                [
                    &plain[..plain.len() - 12],
                    &text,
                    &plain[plain.len() - 12..],
                ]
                .concat(),
            ),
            ("no end", plain[..plain.len() - 12].to_vec()),
        ] {
            assert_eq!(strip(&bytes), Ok(Some(plain.clone())), "{what}");
        }
        let mut long = text.clone();
        long[3] = 200; // a length past the end of the file
        assert_eq!(strip(&[head, &long, tail].concat()), Err(Damaged));
        let unknown_critical = chunk(b"ABCD", b"SECRET");
        assert_eq!(
            strip(&[head, &unknown_critical, tail].concat()),
            Err(Damaged)
        );
        assert_eq!(strip(b"\x89PNG\r\n\x1a\n\0\0\0\xffIHDR"), Err(Damaged));
    }

    fn riff(chunks: &[u8], size: usize) -> Vec<u8> {
        let mut out = b"RIFF".to_vec();
        out.extend(u32::try_from(size).unwrap().to_le_bytes());
        out.extend(b"WEBP");
        out.extend(chunks);
        out
    }

    fn webp_chunk(kind: &[u8], data: &[u8], pad: bool) -> Vec<u8> {
        let mut c = kind.to_vec();
        c.extend(u32::try_from(data.len()).unwrap().to_le_bytes());
        c.extend(data);
        if pad && data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    #[test]
    fn webp_loses_its_exif_and_xmp_chunks_and_their_flags() {
        let plain = encoded(image::ImageFormat::WebP);
        let image = &plain[12..];
        let vp8x = webp_chunk(b"VP8X", &[0b1_1100, 0, 0, 0, 7, 0, 0, 7, 0, 0], true);
        let exif = webp_chunk(b"EXIF", &exif(1)[6..], true);
        let xmp = webp_chunk(b"XMP ", b"SECRET-XMP", true);
        let odd = webp_chunk(b"EXIF", b"SECRET!", false); // 7 bytes, its pad left out
        let body = [&vp8x[..], image, &exif, &xmp].concat();
        let cases = [
            ("regular", riff(&body, body.len() + 4)),
            ("size too large", riff(&body, body.len() + 400)),
            (
                "size too small, metadata after it",
                riff(&body, vp8x.len() + image.len() + 4),
            ),
            ("pad left out", {
                let b = [&vp8x[..], &odd, image, &xmp].concat();
                riff(&b, b.len() + 4)
            }),
            ("pad left out at the end", {
                let b = [&vp8x[..], image, &odd].concat();
                riff(&b, b.len() + 4)
            }),
            ("unknown chunk", {
                let b = [&vp8x[..], image, &webp_chunk(b"ABCD", b"SECRET", true)].concat();
                riff(&b, b.len() + 4)
            }),
        ];
        for (what, tagged) in cases {
            let clean = strip(&tagged).unwrap_or_else(|_| panic!("{what}")).unwrap();
            assert!(clean_of_secrets(&clean) && !holds(&clean, b"GPS"), "{what}");
            assert_eq!(clean[20] & 0b1100, 0, "{what}: flags");
            assert_eq!(
                clean.len() - 8,
                u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize
            );
            assert_eq!(pixels(&clean), pixels(&plain), "{what}");
            assert_eq!(strip(&clean), Ok(None), "{what}");
        }
        assert_eq!(strip(&riff(&vp8x, 100)), Err(Damaged), "no image at all");
    }

    #[test]
    fn a_webp_header_too_short_for_its_flags_is_damaged_not_written_into_the_next_chunk() {
        // Found by the fuzz target: a VP8X chunk of no byte. Its flags were cleared
        // at the place they would have been, the next chunk's name (VP8L → RP8L):
        // the published copy lost its image.
        let plain = encoded(image::ImageFormat::WebP);
        for short in [&[][..], &[0b1100], &[0b1100, 0, 0, 0, 7, 0, 0, 7, 0]] {
            let body = [&webp_chunk(b"VP8X", short, true)[..], &plain[12..]].concat();
            let file = riff(&body, body.len() + 4);
            assert_eq!(strip(&file), Err(Damaged), "{} bytes", short.len());
        }
    }

    /// Every metadata container an output still holds, read strictly (no skipping,
    /// no guessing): a JPEG's segments but the frame, tables, scans, JFIF without
    /// thumbnail, ICC, Adobe and an orientation-only EXIF; a PNG's or a WebP's
    /// chunks outside what they keep. `Err` when the output is not regular.
    fn metadata_left(out: &[u8]) -> Result<Vec<String>, String> {
        let mut found = Vec::new();
        if out.is_empty() {
            Ok(found)
        } else if out.starts_with(&[0xff, 0xd8]) {
            let mut i = 2;
            loop {
                let (&ff, &m) = (out.get(i).ok_or("cut")?, out.get(i + 1).ok_or("cut")?);
                if ff != 0xff {
                    return Err(format!("stray byte at {i}"));
                }
                if m == 0xd9 {
                    return if i + 2 == out.len() {
                        Ok(found)
                    } else {
                        Err("after the end".into())
                    };
                }
                if m == 0x01 || (0xd0..=0xd7).contains(&m) {
                    i += 2;
                    continue;
                }
                let len = usize::from(u16::from_be_bytes([
                    *out.get(i + 2).ok_or("cut")?,
                    *out.get(i + 3).ok_or("cut")?,
                ]));
                let seg = out.get(i..i + 2 + len).ok_or("segment past the end")?;
                let payload = &seg[4..];
                let fine = match m {
                    0xc0..=0xcf | 0xda..=0xdf => true,
                    0xe0 => payload.starts_with(b"JFIF\0") && len == 16 && payload[12..] == [0, 0],
                    0xe1 => orientation(payload).is_some_and(|o| seg == orientation_segment(o)),
                    0xe2 => payload.starts_with(b"ICC_PROFILE\0"),
                    0xee => payload.starts_with(b"Adobe"),
                    _ => false,
                };
                if !fine {
                    found.push(format!("JPEG segment {m:#x}"));
                }
                i += 2 + len;
                if m == 0xda {
                    // To the next marker that ends the entropy-coded data.
                    let ends = |i: usize| {
                        out.get(i) == Some(&0xff)
                            && !matches!(out.get(i + 1), Some(0x00 | 0xd0..=0xd7 | 0xff))
                    };
                    while !ends(i) {
                        i += 1;
                        if i >= out.len() {
                            return Err("scan without end".into());
                        }
                    }
                }
            }
        } else if out.starts_with(PNG_SIGNATURE) {
            let mut i = 8;
            loop {
                let len = u32::from_be_bytes(out.get(i..i + 4).ok_or("cut")?.try_into().unwrap())
                    as usize;
                let kind = out.get(i + 4..i + 8).ok_or("cut")?;
                i += 12 + len;
                if kind == b"IEND" {
                    return if i == out.len() {
                        Ok(found)
                    } else {
                        Err("after the end".into())
                    };
                }
                if !png_keeps(kind) {
                    found.push(format!("PNG chunk {}", String::from_utf8_lossy(kind)));
                }
            }
        } else if out.starts_with(b"RIFF") {
            let size = u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize;
            if size + 8 != out.len() {
                return Err("RIFF size".into());
            }
            let mut i = 12;
            while i < out.len() {
                let kind = out.get(i..i + 4).ok_or("cut")?;
                let len =
                    u32::from_le_bytes(out.get(i + 4..i + 8).ok_or("cut")?.try_into().unwrap())
                        as usize;
                if kind == b"VP8X" && out.get(i + 8).ok_or("cut")? & 0b1100 != 0 {
                    found.push("VP8X flags".into());
                }
                if !webp_keeps(kind) {
                    found.push(format!("WebP chunk {}", String::from_utf8_lossy(kind)));
                }
                i += 8 + len + len % 2;
            }
            if i != out.len() {
                return Err("chunk past the end".into());
            }
            Ok(found)
        } else {
            Err("unknown format".into())
        }
    }

    fn tagged_files() -> Vec<Vec<u8>> {
        let png = encoded(image::ImageFormat::Png);
        let webp = encoded(image::ImageFormat::WebP);
        let exif_chunk = webp_chunk(b"EXIF", &exif(3)[6..], true);
        let vp8x = webp_chunk(b"VP8X", &[0b1000, 0, 0, 0, 7, 0, 0, 7, 0, 0], true);
        let body = [&vp8x[..], &webp[12..], &exif_chunk].concat();
        vec![
            tagged_jpeg(6),
            [
                &png[..33],
                &chunk(b"tEXt", b"GPS\x0046N"),
                &png[33..],
                b"\n",
            ]
            .concat(),
            riff(&body, body.len() + 4),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Random damage (bytes changed, inserted, removed, the file cut): never a
        /// panic, and what comes out is either refused or regular and free of every
        /// metadata container (and stripping it again finds nothing).
        #[test]
        fn damaged_files_are_stripped_or_refused(
            which in 0usize..3,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..6),
        ) {
            let mut bytes = tagged_files().swap_remove(which);
            for (at, op, byte) in edits {
                let at = at.index(bytes.len().max(1));
                match op {
                    0 => { if let Some(b) = bytes.get_mut(at) { *b = byte; } }
                    1 => bytes.insert(at.min(bytes.len()), byte),
                    2 => { if at < bytes.len() { bytes.remove(at); } }
                    _ => bytes.truncate(at),
                }
            }
            if let Ok(result) = strip(&bytes) {
                let out = result.unwrap_or_else(|| bytes.clone());
                let left = metadata_left(&out);
                prop_assert_eq!(left, Ok(Vec::new()));
                prop_assert_eq!(strip(&out), Ok(None));
            }
        }
    }
}
