//! A cover photo added from the editor: checked to be an image of a known kind
//! that decodes whole, stripped of its metadata (a phone's photo carries where it was taken, and a
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
    /// Over [`MAX_BYTES`].
    Size,
    /// Over [`crate::photos::MAX_PIXELS`]: its width and height.
    Pixels(u32, u32),
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
    let ext = kind(&bytes).ok_or(Refused::Kind)?;
    decodes(&bytes)?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = crate::slug::slugify(stem);
    let stem = if stem.is_empty() {
        "photo".into()
    } else {
        stem
    };
    let bytes = match crate::photos::without_metadata(&bytes, ext) {
        Ok(clean) => clean.unwrap_or(bytes),
        Err(_) => return Err(Refused::Unreadable),
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
            "Ce fichier n'est pas une photo en JPEG, PNG ou WebP.",
            "This file is not a JPEG, PNG or WebP photo.",
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
        Err(Refused::Pixels(w, h)) => {
            let mega = |n: u64| lang.number(n.div_ceil(1_000_000) as usize);
            let (size, max) = (
                mega(u64::from(w) * u64::from(h)),
                mega(crate::photos::MAX_PIXELS),
            );
            let (w, h) = (lang.number(w as usize), lang.number(h as usize));
            Err(field(lang.pick(
                format!("La photo fait {w} × {h} pixels, soit {size} mégapixels : {max} au plus. Réduisez ses dimensions (2 000 pixels de large suffisent) avant de l'ajouter."),
                format!("The photo is {w} × {h} pixels, {size} megapixels: {max} at most. Make it smaller (2,000 pixels wide is enough) before adding it."),
            )))
        }
        Err(Refused::Unreadable) => Err(field(lang.pick(
            "La photo n'a pas pu être lue (fichier abîmé ou incomplet) : ouvrez-la dans un logiciel d'images, enregistrez-la en JPEG ou PNG, puis ajoutez-la de nouveau.",
            "The photo could not be read (a damaged or incomplete file): open it in an image editor, save it as JPEG or PNG, then add it again.",
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
    let stem = Path::new(rel).with_extension("");
    format!("{}/index.md", stem.to_string_lossy())
}

/// A photo written beside its fiche under a name no file had, and the folders made
/// for it, so that a save that fails leaves nothing behind.
pub(super) struct Placed {
    pub name: String,
    path: PathBuf,
    made: Option<PathBuf>,
}

impl Placed {
    /// Removes a photo written for a save that then failed, and the folders made for it.
    pub(super) fn undo(&self) {
        let _ = std::fs::remove_file(&self.path);
        if let Some(dir) = self.path.parent() {
            unmake(dir, self.made.as_deref());
        }
    }
}

/// Removes the empty folders from `dir` up to `made`, the first one a save made.
fn unmake(dir: &Path, made: Option<&Path>) {
    let Some(made) = made else { return };
    for d in dir.ancestors() {
        if std::fs::remove_dir(d).is_err() || d == made {
            break;
        }
    }
}

/// Writes `photo` in `dir` (the fiche's folder) under its name, or `NAME-2`, `NAME-3`…
/// when a file has it: a photo never replaces a file.
pub(super) fn place(dir: &Path, photo: &Photo) -> std::io::Result<Placed> {
    let made = dir
        .ancestors()
        .take_while(|d| !d.exists())
        .last()
        .map(Path::to_path_buf);
    let (stem, ext) = photo.name.rsplit_once('.').unwrap_or((&photo.name, ""));
    let mut last = None;
    for n in 1..=100 {
        let name = match n {
            1 => photo.name.clone(),
            n => format!("{stem}-{n}.{ext}"),
        };
        let path = dir.join(&name);
        match super::write::save(&path, &photo.bytes, true) {
            Ok(()) => return Ok(Placed { name, path, made }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => {
                unmake(dir, made.as_deref());
                return Err(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free name")))
}

/// The extension of an image by its first bytes, whatever its name says. No GIF:
/// the build's decoder (the `image` crate without its `gif` feature) could not read it.
fn kind(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("webp")
    } else {
        None
    }
}

/// Whether `b` decodes as a whole image of a sensible size: a file that only
/// starts like one would be kept, then refused by the next build.
fn decodes(b: &[u8]) -> Result<(), Refused> {
    let reader = || {
        image::ImageReader::new(std::io::Cursor::new(b))
            .with_guessed_format()
            .map_err(|_| Refused::Unreadable)
    };
    let (w, h) = reader()?
        .into_dimensions()
        .map_err(|_| Refused::Unreadable)?;
    if u64::from(w) * u64::from(h) > crate::photos::MAX_PIXELS {
        return Err(Refused::Pixels(w, h));
    }
    reader()?.decode().map_err(|_| Refused::Unreadable)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real JPEG with an APP1 segment that holds a GPS position.
    fn jpeg_with_gps() -> Vec<u8> {
        let mut plain = Vec::new();
        image::DynamicImage::new_rgb8(16, 8)
            .write_to(
                &mut std::io::Cursor::new(&mut plain),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let exif = b"Exif\0\0GPS 46.2044N 6.1432E";
        let mut b = plain[..2].to_vec();
        b.extend_from_slice(&[0xFF, 0xE1]);
        b.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        b.extend_from_slice(exif);
        b.extend_from_slice(&plain[2..]);
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
        assert!(image::load_from_memory(&photo.bytes).is_ok());
    }

    /// A whole 1 × 1 GIF: the build's decoder has no GIF support, so a GIF is told
    /// "not a photo we take", never "damaged".
    #[test]
    fn a_gif_is_refused_for_its_kind() {
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        let engine = base64::engine::general_purpose::STANDARD;
        assert!(matches!(
            read("a.gif", &engine.encode(gif)),
            Err(Refused::Kind)
        ));
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
        // What only starts like an image is refused: the build could not read it.
        let fake = engine.encode([&[0xFF, 0xD8, 0xFF, 0xE0][..], b"pas une photo"].concat());
        assert!(matches!(read("a.jpg", &fake), Err(Refused::Unreadable)));
        let mut cut = jpeg_with_gps();
        cut.truncate(cut.len() / 2);
        assert!(matches!(
            read("a.jpg", &engine.encode(cut)),
            Err(Refused::Unreadable)
        ));
    }

    /// A PNG of `w` × `h` pixels that holds almost nothing: its header says the size.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        fn crc(bytes: &[u8]) -> u32 {
            let mut c = !0u32;
            for &b in bytes {
                c ^= u32::from(b);
                for _ in 0..8 {
                    c = if c & 1 == 1 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        }
        let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let body = [kind, data].concat();
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc(&body).to_be_bytes());
        };
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let ihdr = [&w.to_be_bytes()[..], &h.to_be_bytes(), &[8, 0, 0, 0, 0]].concat();
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn a_photo_over_the_pixel_limit_is_told_so_not_over_the_bytes() {
        let engine = base64::engine::general_purpose::STANDARD;
        let small = png_header(9_000, 6_000);
        assert!(small.len() < 6_000);
        let req: Map<String, Value> = serde_json::from_value(serde_json::json!({
            "image": {"name": "grand.png", "alt": "Un champ", "data": engine.encode(&small)},
        }))
        .unwrap();
        let Err(Answer { status, body, .. }) = attach(&req, Lang::Fr) else {
            panic!("a 54-megapixel photo is refused");
        };
        let body = String::from_utf8(body).unwrap();
        assert_eq!(status, 422);
        assert!(
            body.contains("9\u{a0}000 × 6\u{a0}000 pixels, soit 54 mégapixels : 50 au plus"),
            "{body}"
        );
        assert!(!body.contains("Mo"), "{body}");
        let Err(Answer { body, .. }) = attach(&req, Lang::En) else {
            panic!("refused in English too");
        };
        assert!(
            String::from_utf8(body)
                .unwrap()
                .contains("9,000 × 6,000 pixels, 54 megapixels: 50 at most")
        );
    }
}
