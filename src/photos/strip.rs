//! Metadata taken out of an image without touching its pixels, for the images of
//! `static/` (logos, banners, an artwork), which are published as they are: a JPEG
//! loses its EXIF, XMP, IPTC and comments (its orientation is kept, alone), a PNG
//! its `eXIf` and text chunks, a WebP its `EXIF` and `XMP ` chunks.

/// `bytes` without metadata, or `None` when there is none to take out or the
/// format is not one of JPEG, PNG and WebP (or is damaged: then it is published
/// as it is, as a browser would read it).
pub fn strip(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.starts_with(&[0xff, 0xd8]) {
        jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(bytes)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        webp(bytes)
    } else {
        None
    }
}

fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut i = 2;
    let mut dropped = false;
    loop {
        // Fill bytes (0xFF) may pad before a marker.
        while bytes.get(i) == Some(&0xff) && bytes.get(i + 1) == Some(&0xff) {
            i += 1;
        }
        let (&0xff, &marker) = (bytes.get(i)?, bytes.get(i + 1)?) else {
            return None;
        };
        // Markers without a length.
        if marker == 0x01 || (0xd0..=0xd7).contains(&marker) {
            out.extend_from_slice(&bytes[i..i + 2]);
            i += 2;
            continue;
        }
        if marker == 0xd9 {
            out.extend_from_slice(&bytes[i..]);
            break;
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]));
        let end = i
            .checked_add(2 + len)
            .filter(|&e| e <= bytes.len() && len >= 2)?;
        let payload = &bytes[i + 4..end];
        if marker == 0xda {
            // Start of scan: what follows is the picture, kept whole.
            out.extend_from_slice(&bytes[i..]);
            break;
        }
        let keep = match marker {
            // JFIF, and Adobe's colour transform: how to read the pixels.
            0xe0 | 0xee => true,
            // APP2 holds the colour profile, or other things (left out).
            0xe2 => payload.starts_with(b"ICC_PROFILE\0"),
            // Every other application segment, and comments: metadata.
            0xe1 | 0xe3..=0xed | 0xef | 0xfe => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(&bytes[i..end]);
        } else {
            dropped = true;
            if marker == 0xe1
                && let Some(o) = orientation(payload).filter(|&o| o != 1)
            {
                out.extend_from_slice(&orientation_segment(o));
            }
        }
        i = end;
    }
    dropped.then_some(out)
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
        let b = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count).find_map(|n| {
        let entry = ifd + 2 + n * 12;
        (u16_at(entry)? == 0x0112)
            .then(|| u16_at(entry + 8))
            .flatten()
    })
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

fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes[..8].to_vec();
    let mut i = 8;
    let mut dropped = false;
    while i < bytes.len() {
        let len: [u8; 4] = bytes.get(i..i + 4)?.try_into().ok()?;
        let len = usize::try_from(u32::from_be_bytes(len)).ok()?;
        let end = i.checked_add(12)?.checked_add(len)?;
        let kind = bytes.get(i + 4..i + 8)?;
        if end > bytes.len() {
            return None;
        }
        if matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            dropped = true;
        } else {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    dropped.then_some(out)
}

fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = bytes[..12].to_vec();
    let mut i = 12;
    let mut dropped = false;
    let mut vp8x = None;
    while i < bytes.len() {
        let kind = bytes.get(i..i + 4)?;
        let len: [u8; 4] = bytes.get(i + 4..i + 8)?.try_into().ok()?;
        let len = usize::try_from(u32::from_le_bytes(len)).ok()?;
        // Chunks are padded to an even length.
        let end = i
            .checked_add(8)?
            .checked_add(len + len % 2)?
            .min(bytes.len());
        if matches!(kind, b"EXIF" | b"XMP ") {
            dropped = true;
        } else {
            if kind == b"VP8X" {
                vp8x = Some(out.len() + 8);
            }
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    if !dropped {
        return None;
    }
    // The extended header's flags no longer announce EXIF (bit 3) or XMP (bit 2).
    if let Some(flags) = vp8x.and_then(|at| out.get_mut(at)) {
        *flags &= !0b1100;
    }
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG of 8 × 8 pixels with an EXIF segment holding `orientation` and a
    /// GPS-looking tag, a comment, and an XMP segment.
    fn tagged_jpeg(orientation: u16) -> Vec<u8> {
        let mut plain = Vec::new();
        image::DynamicImage::new_rgb8(8, 8)
            .write_to(
                &mut std::io::Cursor::new(&mut plain),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let mut tiff = b"MM\0*".to_vec();
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
        tiff.extend(b"46.2044N 6.1432E");
        let mut seg = vec![0xff, 0xe1];
        seg.extend(u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes());
        seg.extend(b"Exif\0\0");
        seg.extend(tiff);
        let mut xmp = vec![0xff, 0xe1, 0, 30];
        xmp.extend(b"http://ns.adobe.com/xap/1.0/\0");
        xmp.truncate(4 + 28);
        let mut com = vec![0xff, 0xfe, 0, 10];
        com.extend(b"Domicile");
        [&plain[..2], &seg, &xmp, &com, &plain[2..]].concat()
    }

    #[test]
    fn jpeg_loses_its_metadata_but_keeps_its_pixels_and_orientation() {
        let tagged = tagged_jpeg(6);
        let clean = strip(&tagged).unwrap();
        assert!(!clean.windows(7).any(|w| w == b"46.2044"));
        assert!(!clean.windows(8).any(|w| w == b"Domicile"));
        assert!(!clean.windows(9).any(|w| w == b"ns.adobe."));
        assert_eq!(orientation(&clean[6..]), Some(6));
        let a = image::load_from_memory(&tagged).unwrap();
        let b = image::load_from_memory(&clean).unwrap();
        assert_eq!(a.as_bytes(), b.as_bytes());
        // Upright already: no EXIF at all is left.
        let clean = strip(&tagged_jpeg(1)).unwrap();
        assert!(!clean.windows(4).any(|w| w == b"Exif"));
        // Nothing to take out: published as it is.
        assert_eq!(strip(&clean), None);
    }

    #[test]
    fn png_loses_its_text_and_exif_chunks() {
        let mut plain = Vec::new();
        image::DynamicImage::new_rgb8(4, 4)
            .write_to(
                &mut std::io::Cursor::new(&mut plain),
                image::ImageFormat::Png,
            )
            .unwrap();
        let mut chunk = 14u32.to_be_bytes().to_vec();
        chunk.extend(b"tEXtGPS\x0046.2N 6.1E");
        chunk.extend([0; 4]);
        let tagged = [&plain[..33], &chunk, &plain[33..]].concat();
        let clean = strip(&tagged).unwrap();
        assert_eq!(clean, plain);
    }

    #[test]
    fn webp_loses_its_exif_chunk_and_flag() {
        let mut vp8x = b"VP8X".to_vec();
        vp8x.extend(10u32.to_le_bytes());
        vp8x.extend([0b1000, 0, 0, 0, 3, 0, 0, 3, 0, 0]);
        let mut exif = b"EXIF".to_vec();
        exif.extend(5u32.to_le_bytes());
        exif.extend(b"GPS!!\0");
        let body = [&vp8x[..], &exif].concat();
        let mut tagged = b"RIFF".to_vec();
        tagged.extend(u32::try_from(4 + body.len()).unwrap().to_le_bytes());
        tagged.extend(b"WEBP");
        tagged.extend(&body);
        let clean = strip(&tagged).unwrap();
        assert!(!clean.windows(4).any(|w| w == b"GPS!"));
        assert_eq!(clean[20], 0);
        assert_eq!(
            u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize,
            clean.len() - 8
        );
    }

    #[test]
    fn damaged_or_other_files_are_left_alone() {
        assert_eq!(strip(b"GIF89a"), None);
        assert_eq!(strip(&[0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]), None);
        assert_eq!(strip(&[0xff, 0xd8]), None);
        assert_eq!(strip(b"\x89PNG\r\n\x1a\n\0\0\0\xffIHDR"), None);
    }
}
