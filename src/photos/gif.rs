//! A GIF walked block by block, as decoders walk it, keeping what draws the picture
//! (screen, colour tables, frames, their timing, the loop count) and nothing else:
//! comments, XMP and every other application block go, with any byte after the end.

use super::strip::Damaged;

/// The application block that says how often an animation loops: kept.
const LOOPS: [&[u8]; 2] = [b"NETSCAPE2.0", b"ANIMEXTS1.0"];

/// `bytes` (starting `GIF87a` or `GIF89a`) without metadata.
pub(super) fn gif(bytes: &[u8]) -> Result<Vec<u8>, Damaged> {
    let mut out = Vec::with_capacity(bytes.len());
    // Signature and logical screen: 13 bytes, then the global colour table.
    let screen = bytes.get(..13).ok_or(Damaged)?;
    let mut i = 13 + table(screen[10]);
    out.extend_from_slice(bytes.get(..i).ok_or(Damaged)?);
    let mut framed = false;
    loop {
        match bytes.get(i) {
            // The trailer: the picture ends here, whatever follows.
            Some(0x3b) => {
                out.push(0x3b);
                return Ok(out);
            }
            // Cut after a whole frame, as some encoders write it: browsers show it.
            None if framed => {
                out.push(0x3b);
                return Ok(out);
            }
            // A frame: its descriptor (10 bytes), local table, code size, data.
            Some(0x2c) => {
                let descriptor = bytes.get(i..i + 10).ok_or(Damaged)?;
                let end = blocks(bytes, i + 11 + table(descriptor[9]))?;
                out.extend_from_slice(bytes.get(i..end).ok_or(Damaged)?);
                i = end;
                framed = true;
            }
            Some(0x21) => {
                let label = *bytes.get(i + 1).ok_or(Damaged)?;
                let end = blocks(bytes, i + 2)?;
                let first = bytes.get(i + 3..).unwrap_or_default();
                // Graphic control (timing, transparency), plain text, loop count.
                let keep = label == 0xf9
                    || label == 0x01
                    || (label == 0xff && LOOPS.iter().any(|l| first.starts_with(l)));
                if keep {
                    out.extend_from_slice(bytes.get(i..end).ok_or(Damaged)?);
                }
                i = end;
            }
            _ => return Err(Damaged),
        }
    }
}

/// The size of the colour table a packed field announces.
fn table(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 7) + 1)
    }
}

/// Where the sub-blocks starting at `i` end (after their empty block).
fn blocks(bytes: &[u8], mut i: usize) -> Result<usize, Damaged> {
    loop {
        let len = usize::from(*bytes.get(i).ok_or(Damaged)?);
        i += 1 + len;
        if len == 0 {
            return Ok(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1 × 1 GIF: header, two-colour table, `middle` blocks, one frame, trailer.
    fn with(middle: &[u8]) -> Vec<u8> {
        let mut g = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
        g.extend([0, 0, 0, 255, 255, 255]);
        g.extend(middle);
        g.extend(b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0");
        g.push(0x3b);
        g
    }

    #[test]
    fn metadata_blocks_go_and_drawing_blocks_stay() {
        let comment = b"\x21\xfe\x05Lilas\0";
        let xmp = b"\x21\xff\x0bXMP DataXMP\x06Martin\0";
        let looped = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\0\0\0";
        let timing = b"\x21\xf9\x04\0\x0a\0\0\0";
        let dirty = [&comment[..], xmp, looped, timing].concat();
        let mut after = with(&dirty);
        after.extend(b"Lilas");
        let clean = [&looped[..], timing].concat();
        assert_eq!(gif(&after), Ok(with(&clean)));
        assert_eq!(gif(&with(&clean)), Ok(with(&clean)));
    }

    #[test]
    fn a_gif_cut_inside_its_frame_is_damaged_and_one_cut_after_it_is_ended() {
        let g = with(b"\x21\xfe\x05Lilas\0");
        for cut in 0..g.len() - 1 {
            assert_eq!(gif(&g[..cut]), Err(Damaged), "cut at {cut}");
        }
        assert_eq!(gif(&g[..g.len() - 1]), Ok(with(b"")));
    }
}
