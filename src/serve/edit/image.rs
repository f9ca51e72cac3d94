//! A cover photo added from the editor: checked to be an image of a known kind,
//! stripped of its metadata (a phone's photo carries where it was taken, and a
//! family's address must never be published that way), named plainly, and kept
//! in the fiche's folder.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde_json::{Map, Value};

use super::Answer;
use super::answer::errors;
use crate::lang::Lang;

/// The largest photo accepted, decoded.
pub const MAX_BYTES: usize = 8 << 20;

/// An uploaded photo, ready to write.
pub struct Photo {
    /// A plain file name: the slug of the original name and its extension.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why a photo is refused.
pub enum Refused {
    Kind,
    Size,
    Unreadable,
}

/// Reads `data` (base64) sent as `name`.
pub fn read(name: &str, data: &str) -> Result<Photo, Refused> {
    // A data URL's prefix may come along.
    let data = data.split_once(',').map_or(data, |(_, d)| d);
    if data.len() > MAX_BYTES / 3 * 4 + 4 {
        return Err(Refused::Size);
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| Refused::Unreadable)?;
    if bytes.len() > MAX_BYTES {
        return Err(Refused::Size);
    }
    let ext = match kind(&bytes) {
        Some(ext) => ext,
        None => return Err(Refused::Kind),
    };
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = crate::slug::slugify(stem);
    let stem = if stem.is_empty() {
        "photo".into()
    } else {
        stem
    };
    let bytes = match ext {
        "jpg" => strip_jpeg(&bytes).unwrap_or(bytes),
        "png" => strip_png(&bytes).unwrap_or(bytes),
        _ => bytes,
    };
    Ok(Photo {
        name: format!("{stem}.{ext}"),
        bytes,
    })
}

/// The photo a save carries (`image: {name, data, alt}`) with its description, or
/// the answer that refuses it.
pub(super) fn attach(
    req: &Map<String, Value>,
    lang: Lang,
) -> Result<Option<(Photo, String)>, Answer> {
    let Some(image) = req.get("image").and_then(Value::as_object) else {
        return Ok(None);
    };
    let field = |msg: String| errors(vec![("image".into(), msg)], None);
    let alt = image
        .get("alt")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if alt.is_empty() {
        return Err(errors(
            vec![(
                "image_alt".into(),
                lang.pick(
                    "Décrivez ce que montre la photo, pour les personnes qui ne la voient pas.",
                    "Describe what the photo shows, for people who cannot see it.",
                ),
            )],
            None,
        ));
    }
    let name = image.get("name").and_then(Value::as_str).unwrap_or("photo");
    let data = image.get("data").and_then(Value::as_str).unwrap_or("");
    match read(name, data) {
        Ok(p) => Ok(Some((p, alt.to_string()))),
        Err(Refused::Kind) => Err(field(lang.pick(
            "Ce fichier n'est pas une photo (JPEG, PNG, WebP ou GIF).",
            "This file is not a photo (JPEG, PNG, WebP or GIF).",
        ))),
        Err(Refused::Size) => Err(field(lang.pick(
            format!(
                "La photo dépasse {} Mo : réduisez-la avant de l'ajouter.",
                MAX_BYTES >> 20
            ),
            format!(
                "The photo is over {} MB: make it smaller before adding it.",
                MAX_BYTES >> 20
            ),
        ))),
        Err(Refused::Unreadable) => Err(field(lang.pick(
            "La photo n'a pas pu être lue : ajoutez-la de nouveau.",
            "The photo could not be read: add it again.",
        ))),
    }
}

/// Whether a fiche lives in its own folder (`content/NAME/index.md`).
pub(super) fn in_folder(rel: &str) -> bool {
    rel.ends_with("/index.md") && Path::new(rel).components().count() > 2
}

/// Where a single-file fiche goes to live in a folder: `content/a/x.md` →
/// `content/a/x/index.md`.
pub(super) fn folder_of(rel: &str) -> String {
    format!("{}/index.md", rel.trim_end_matches(".md"))
}

/// A photo written beside its fiche, and whether it replaced a file of that name.
pub(super) struct Placed {
    path: PathBuf,
    existed: bool,
}

impl Placed {
    /// Removes a photo written for a save that then failed.
    pub(super) fn undo(&self) {
        if !self.existed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes `photo` in the folder of the fiche at `fiche`.
pub(super) fn place(fiche: &Path, photo: &Photo) -> std::io::Result<Placed> {
    let dir = fiche.parent().unwrap_or(Path::new("."));
    let path = dir.join(&photo.name);
    let existed = path.exists();
    super::write::save(&path, &photo.bytes, false)?;
    Ok(Placed { path, existed })
}

/// The extension of an image by its first bytes, whatever its name says.
fn kind(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("gif")
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// A JPEG without its metadata segments (APP1: Exif and XMP, where GPS lives; APP13;
/// comments). `None` when the file does not read as a JPEG: it is then kept as it is.
pub fn strip_jpeg(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b.get(..2)?);
    let mut i = 2;
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        let marker = *b.get(i + 1)?;
        // Start of scan: the compressed image follows, up to the end.
        if marker == 0xDA {
            out.extend_from_slice(&b[i..]);
            return Some(out);
        }
        if marker == 0xD9 {
            out.extend_from_slice(&b[i..i + 2]);
            return Some(out);
        }
        let len = u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]) as usize;
        let end = i + 2 + len;
        let segment = b.get(i..end)?;
        if !matches!(marker, 0xE1 | 0xED | 0xFE) {
            out.extend_from_slice(segment);
        }
        i = end;
    }
}

/// A PNG without its metadata chunks (`eXIf`, text chunks, times). `None` when the
/// file does not read as a PNG.
pub fn strip_png(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b.get(..8)?);
    let mut i = 8;
    while i < b.len() {
        let len = u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize;
        let kind = b.get(i + 4..i + 8)?;
        let end = i.checked_add(12)?.checked_add(len)?;
        let chunk = b.get(i..end)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        i = end;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_gps() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        // APP0 (JFIF), kept.
        b.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x07, b'J', b'F', b'I', b'F', 0]);
        // APP1 (Exif, where the GPS position is), dropped.
        let exif = b"Exif\0\0GPS 46.2044N 6.1432E";
        b.extend_from_slice(&[0xFF, 0xE1]);
        b.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        b.extend_from_slice(exif);
        // Start of scan and data.
        b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9]);
        b
    }

    #[test]
    fn a_photo_loses_where_it_was_taken() {
        let data = base64::engine::general_purpose::STANDARD.encode(jpeg_with_gps());
        let Ok(photo) = read(
            "Fête des voisins.JPEG",
            &format!("data:image/jpeg;base64,{data}"),
        ) else {
            panic!("a JPEG is accepted");
        };
        assert_eq!(photo.name, "fete-des-voisins.jpg");
        let text = String::from_utf8_lossy(&photo.bytes);
        assert!(!text.contains("GPS"), "{text}");
        assert!(text.contains("JFIF"));
        assert!(
            photo
                .bytes
                .ends_with(&[0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9])
        );
    }

    #[test]
    fn png_text_and_exif_chunks_go() {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0, 0, 0, 0]);
            c
        };
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &[0; 13]));
        png.extend(chunk(b"eXIf", b"GPS"));
        png.extend(chunk(b"tEXt", b"Comment\0chez Nadia"));
        png.extend(chunk(b"IEND", b""));
        let out = strip_png(&png).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("GPS") && !text.contains("Nadia"));
        assert!(text.contains("IHDR") && text.contains("IEND"));
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        let engine = base64::engine::general_purpose::STANDARD;
        assert!(matches!(
            read("a.jpg", &engine.encode(b"<script>")),
            Err(Refused::Kind)
        ));
        assert!(matches!(read("a.jpg", "@@@"), Err(Refused::Unreadable)));
        let big = engine.encode(vec![0xFF; MAX_BYTES + 10]);
        assert!(matches!(read("a.jpg", &big), Err(Refused::Size)));
        // A truncated JPEG is kept as sent rather than broken further.
        assert!(strip_jpeg(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00]).is_none());
    }
}
