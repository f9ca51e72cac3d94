//! Re-encoding photos into the cache: each source decoded once, turned upright, cut
//! to each width and encoded again with no metadata; the files are named by a hash of
//! the source's bytes, so an unchanged photo is never encoded twice.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, imageops::FilterType};
use rayon::prelude::*;

use super::{CACHE_DIR, Photo};
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

/// Raised when the encoding changes, so that old cached files are not reused.
const PIPELINE: u32 = 1;
const JPEG_QUALITY: u8 = 82;

/// Makes every size of every photo in the cache (`root/.fiches-cache/photos/`) and
/// records the files in `photos`; photos are done in parallel. An error names the
/// photo that could not be encoded.
pub fn realise(root: &Path, photos: &mut BTreeMap<PathBuf, Photo>, lang: Lang) -> Vec<Diagnostic> {
    let dir = root.join(CACHE_DIR).join("photos");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return vec![cache_error(&dir, &e.to_string(), lang)];
    }
    let results: Vec<Option<Diagnostic>> = photos
        .par_iter_mut()
        .map(|(rel, photo)| {
            one(root, rel, photo, &dir)
                .err()
                .map(|why| unprepared(rel, &why, lang))
        })
        .collect();
    results.into_iter().flatten().collect()
}

/// Decodes each photo as [`realise`] will, writing nothing: what `check` runs, so
/// that a build it passed never fails on a photo (a truncated PNG has a readable
/// header). A photo whose sizes are all in the cache was decoded before: not again.
pub fn verify(root: &Path, photos: &BTreeMap<PathBuf, Photo>, lang: Lang) -> Vec<Diagnostic> {
    let dir = root.join(CACHE_DIR).join("photos");
    let results: Vec<Option<Diagnostic>> = photos
        .par_iter()
        .map(|(rel, photo)| {
            let decodes = std::fs::read(root.join(rel))
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    let (key, ext) = (key_of(&bytes), ext_of(rel));
                    let cached =
                        (photo.sizes.iter()).all(|s| cache_file(&dir, key, s.width, ext).is_file());
                    if cached {
                        Ok(())
                    } else {
                        decode(&bytes).map(drop)
                    }
                });
            decodes.err().map(|why| unprepared(rel, &why, lang))
        })
        .collect();
    results.into_iter().flatten().collect()
}

fn unprepared(rel: &Path, why: &str, lang: Lang) -> Diagnostic {
    Diagnostic::error(lang.pick(
        format!("cette image n'a pas pu être préparée pour la publication ({why})"),
        format!("this image could not be prepared for publishing ({why})"),
    ))
    .in_file(rel)
    .hint(lang.pick(
        "ouvrez-la dans un logiciel d'images et enregistrez-la de nouveau en JPEG ou PNG",
        "open it in an image editor and save it again as JPEG or PNG",
    ))
}

/// The cache's name for a photo's bytes: a hash of them and of the encoding.
fn key_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    PIPELINE.hash(&mut h);
    JPEG_QUALITY.hash(&mut h);
    bytes.hash(&mut h);
    h.finish()
}

fn ext_of(rel: &Path) -> &'static str {
    format_of(rel)
        .extensions_str()
        .first()
        .copied()
        .unwrap_or("img")
}

/// The cached file of a photo's size `width`.
fn cache_file(dir: &Path, key: u64, width: u32, ext: &str) -> PathBuf {
    dir.join(format!("{key:016x}-{width}.{ext}"))
}

/// A number no other call in this process gets: the same picture in two places is
/// written to the cache by two threads at once, each through a temporary file of
/// its own (with one name, one thread's rename took the file from under the other).
pub(super) fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

pub(super) fn cache_error(dir: &Path, why: &str, lang: Lang) -> Diagnostic {
    Diagnostic::error(lang.pick(
        format!("le dossier des images préparées ne peut pas être écrit ({why})"),
        format!("the folder of prepared images cannot be written ({why})"),
    ))
    .in_file(dir)
    .hint(lang.pick(
        "vérifiez les droits d'écriture dans le dossier du site",
        "check that the site's folder can be written",
    ))
}

fn one(root: &Path, rel: &Path, photo: &mut Photo, dir: &Path) -> Result<(), String> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| e.to_string())?;
    let key = key_of(&bytes);
    let format = format_of(rel);
    let ext = ext_of(rel);
    let mut image: Option<DynamicImage> = None;
    for size in &mut photo.sizes {
        let file = cache_file(dir, key, size.width, ext);
        if !file.is_file() {
            if image.is_none() {
                image = Some(decode(&bytes)?);
            }
            let full = image.as_ref().ok_or("no image")?;
            let resized;
            let img = if size.width == full.width() {
                full
            } else {
                resized = full.resize_exact(size.width, size.height, FilterType::CatmullRom);
                &resized
            };
            let out = encode(img, format)?;
            let tmp = dir.join(format!(
                ".{key:016x}-{}.{}.{}.tmp",
                size.width,
                std::process::id(),
                unique()
            ));
            std::fs::write(&tmp, out).map_err(|e| e.to_string())?;
            std::fs::rename(&tmp, &file).map_err(|e| e.to_string())?;
        } else {
            super::touch(&file);
        }
        size.file = Some(file);
    }
    Ok(())
}

/// An image's pixels encoded again in the format its extension `ext` says, upright,
/// with no metadata: what is published of an image whose metadata cannot be taken
/// out of the file itself.
pub(super) fn reencode(bytes: &[u8], ext: &str) -> Result<Vec<u8>, String> {
    encode(
        &decode(bytes)?,
        format_of(Path::new(&format!("image.{ext}"))),
    )
}

/// The format a photo is published in: the one its extension says.
fn format_of(rel: &Path) -> ImageFormat {
    match rel
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => ImageFormat::Png,
        Some("webp") => ImageFormat::WebP,
        _ => ImageFormat::Jpeg,
    }
}

/// Decodes a photo and turns it upright by its EXIF orientation.
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut decoder = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > super::MAX_PIXELS {
        return Err(format!("{w} × {h} pixels"));
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// Encodes with no metadata at all: the encoders write pixels, never EXIF, XMP or
/// text chunks.
fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            rgb.write_with_encoder(enc).map_err(|e| e.to_string())?;
        }
        ImageFormat::Png => {
            let enc = image::codecs::png::PngEncoder::new(&mut out);
            img.write_with_encoder(enc).map_err(|e| e.to_string())?;
        }
        _ => {
            let rgba = DynamicImage::ImageRgba8(img.to_rgba8());
            let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            rgba.write_with_encoder(enc).map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_is_applied_and_sizes_are_made() {
        let dir = tempfile::tempdir().unwrap();
        // A 40 × 20 PNG; no orientation.
        let img = DynamicImage::new_rgb8(1000, 500);
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        std::fs::write(dir.path().join("a.png"), &png).unwrap();
        let mut photos = BTreeMap::new();
        photos.insert(PathBuf::from("a.png"), Photo::planned(1000, 500));
        let diags = realise(dir.path(), &mut photos, Lang::Fr);
        assert!(diags.is_empty(), "{diags:?}");
        let sizes = &photos[Path::new("a.png")].sizes;
        assert_eq!(sizes.len(), 3);
        for s in sizes {
            let file = s.file.as_ref().unwrap();
            let (w, h) = image::image_dimensions(file).unwrap();
            assert_eq!((w, h), (s.width, s.height));
        }
        // Again: nothing encoded, the same files.
        let before: Vec<_> = sizes
            .iter()
            .map(|s| {
                // Encoded again would be a new file; reused, it is only marked.
                std::os::unix::fs::MetadataExt::ino(
                    &std::fs::metadata(s.file.as_ref().unwrap()).unwrap(),
                )
            })
            .collect();
        let mut again = BTreeMap::new();
        again.insert(PathBuf::from("a.png"), Photo::planned(1000, 500));
        realise(dir.path(), &mut again, Lang::Fr);
        let after: Vec<_> = again[Path::new("a.png")]
            .sizes
            .iter()
            .map(|s| {
                // Encoded again would be a new file; reused, it is only marked.
                std::os::unix::fs::MetadataExt::ino(
                    &std::fs::metadata(s.file.as_ref().unwrap()).unwrap(),
                )
            })
            .collect();
        assert_eq!(before, after);
    }
}
