//! The photos of fiches: measured when the sources are read (size, orientation),
//! then re-encoded for publishing — EXIF orientation applied, **every** metadata
//! left behind (a phone photo carries where it was taken), in a few widths for
//! `srcset` — and kept in a cache by content hash (`.fiches-cache/` beside the
//! site), so a build after a text edit encodes nothing. Disk side effects: the cache.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;

mod encode;
mod gif;
mod strip;

pub use encode::{realise, verify};
pub use strip::{Damaged, strip};

/// The widths a photo is published in, besides its full size; never upscaled.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// A photo file larger than this is refused (a phone photo is 2 to 8 MB).
pub const MAX_BYTES: u64 = 20_000_000;
/// A photo with more pixels than this is refused (decoding it would need gigabytes).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The cache folder, beside the site's sources.
pub const CACHE_DIR: &str = ".fiches-cache";

/// Whether a file is a photo fiches re-encodes, by its extension.
pub fn is_photo(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}

/// A photo of the sources: its size as shown (orientation applied), and every size
/// it is published in, smallest first, full size last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub width: u32,
    pub height: u32,
    pub sizes: Vec<Size>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
    /// The re-encoded file in the cache, once [`realise`] has made it.
    pub file: Option<PathBuf>,
}

impl Photo {
    /// The published sizes of a photo `width` × `height`: each of [`WIDTHS`] below
    /// its width, then the full size.
    pub fn planned(width: u32, height: u32) -> Photo {
        let mut sizes: Vec<Size> = WIDTHS
            .iter()
            .filter(|&&w| w < width)
            .map(|&w| Size {
                width: w,
                height: ((u64::from(height) * u64::from(w) + u64::from(width) / 2)
                    / u64::from(width).max(1))
                .max(1) as u32,
                file: None,
            })
            .collect();
        sizes.push(Size {
            width,
            height,
            file: None,
        });
        Photo {
            width,
            height,
            sizes,
        }
    }
}

/// The size (orientation applied) of each image among `files` (paths from `root`),
/// or why it cannot be read: the header only is read.
pub fn sizes(
    root: &Path,
    files: &[PathBuf],
    lang: Lang,
) -> std::collections::BTreeMap<PathBuf, Result<(u32, u32), String>> {
    files
        .iter()
        .filter(|f| is_photo(f))
        .map(|f| {
            let size = measure(root, f, lang).map(|p| (p.width, p.height));
            (f.clone(), size.map_err(|d| d.message))
        })
        .collect()
}

/// What to publish of an image file named with extension `ext`: `Ok(None)` when it
/// holds no metadata (published as it is), else the file without it ([`strip`]),
/// or, when the file cannot be walked, its pixels encoded again with none. `Err`
/// (why) when none of this can be done: such a file is never published as it is.
pub fn without_metadata(bytes: &[u8], ext: &str) -> Result<Option<Vec<u8>>, String> {
    match strip(bytes) {
        Ok(clean) => Ok(clean),
        Err(Damaged) => encode::reencode(bytes, ext).map(Some),
    }
}

/// Whether the file holds an image, whatever its name, from its first bytes: one
/// fiches strips ([`strip`]), or one [`foreign`] to it.
fn holds_image(file: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 12];
    let n = std::fs::File::open(file)
        .and_then(|f| f.take(12).read(&mut head))
        .unwrap_or(0);
    let head = &head[..n];
    head.starts_with(&[0xff, 0xd8])
        || head.starts_with(b"\x89PNG")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
        || head.starts_with(b"GIF8")
        || foreign(head).is_some()
}

/// The name of an image format that can carry a place too but that fiches cannot
/// strip, when `bytes` start like one: such a file is refused, never published.
fn foreign(bytes: &[u8]) -> Option<&'static str> {
    let brand = bytes.get(8..12).unwrap_or_default();
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("TIFF")
    } else if bytes.starts_with(&[0xff, 0x0a]) || bytes.starts_with(b"\0\0\0\x0cJXL ") {
        Some("JPEG XL")
    } else if bytes.get(4..8) != Some(b"ftyp") {
        None
    } else if brand == b"avif" || brand == b"avis" {
        Some("AVIF")
    } else {
        let heif = [
            &b"heic"[..],
            b"heix",
            b"hevc",
            b"heim",
            b"heis",
            b"mif1",
            b"msf1",
        ];
        heif.contains(&brand).then_some("HEIF")
    }
}

/// The files published as they are that must be stripped first: photos by their
/// name, and any other file that holds an image (a photo named `plan`, `scan.tif`).
fn to_strip<'a>(
    root: &'a Path,
    files: impl IntoIterator<Item = &'a PathBuf> + 'a,
) -> impl Iterator<Item = &'a PathBuf> + 'a {
    files
        .into_iter()
        .filter(move |f| is_photo(f) || holds_image(&root.join(f)))
}

/// A file without its metadata, and its bytes as read.
type Cleaned = (Vec<u8>, Vec<u8>);

/// `rel` without its metadata, `None` when it holds none.
fn cleaned(root: &Path, rel: &Path, lang: Lang) -> Result<Option<Cleaned>, Diagnostic> {
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("img");
    let bytes =
        std::fs::read(root.join(rel)).map_err(|e| unstrippable(rel, &e.to_string(), lang))?;
    if let Some(format) = foreign(&bytes) {
        return Err(foreign_format(rel, format, lang));
    }
    Ok(without_metadata(&bytes, ext)
        .map_err(|why| unstrippable(rel, &why, lang))?
        .map(|clean| (clean, bytes)))
}

/// The errors [`publish_statics`] would report, without writing any copy: what
/// `check` says, so that it passes only where `build` does.
pub fn unpublishable<'a>(
    root: &'a Path,
    files: impl IntoIterator<Item = &'a PathBuf> + 'a,
    lang: Lang,
) -> Vec<Diagnostic> {
    to_strip(root, files)
        .filter_map(|rel| cleaned(root, rel, lang).err())
        .collect()
}

/// The files published as they are (`static/`, a bundle's files other than its
/// photos; paths from `root`) that hold an image with metadata, each with a copy
/// without it in the cache (`.fiches-cache/static/`), which is what gets
/// published: a photo put in `static/` must not tell where it was taken either.
/// Images with nothing to take out are published as they are; one that can be
/// neither stripped nor decoded is an error.
pub fn publish_statics<'a>(
    root: &'a Path,
    files: impl IntoIterator<Item = &'a PathBuf> + 'a,
    lang: Lang,
) -> (
    std::collections::BTreeMap<PathBuf, PathBuf>,
    Vec<Diagnostic>,
) {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let dir = root.join(CACHE_DIR).join("static");
    let mut out = std::collections::BTreeMap::new();
    let mut diags = Vec::new();
    for rel in to_strip(root, files) {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("img");
        let (clean, bytes) = match cleaned(root, rel, lang) {
            Ok(Some(both)) => both,
            Ok(None) => continue,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut h = DefaultHasher::new();
        // Raised when `strip` changes, so that older copies are not reused.
        2u32.hash(&mut h);
        bytes.hash(&mut h);
        let file = dir.join(format!("{:016x}.{}", h.finish(), ext.to_ascii_lowercase()));
        let written = (file.is_file() && touch(&file)) || {
            let tmp = dir.join(format!(
                ".{:016x}.{}.{}.tmp",
                h.finish(),
                std::process::id(),
                encode::unique()
            ));
            std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(&tmp, &clean))
                .and_then(|()| std::fs::rename(&tmp, &file))
                .map_err(|e| diags.push(encode::cache_error(&dir, &e.to_string(), lang)))
                .is_ok()
        };
        if written {
            out.insert(rel.clone(), file);
        }
    }
    (out, diags)
}

/// An image published as it is that cannot be published without its metadata.
fn unstrippable(rel: &Path, why: &str, lang: Lang) -> Diagnostic {
    let why = why.lines().next().unwrap_or("").trim();
    Diagnostic::error(lang.pick(
        format!("cette image ne peut pas être publiée sans ses métadonnées (lieu, appareil, commentaires) : le fichier est abîmé et ne peut pas être lu ({why})"),
        format!("this image cannot be published without its metadata (place, camera, comments): the file is damaged and cannot be read ({why})"),
    ))
    .in_file(rel)
    .hint(lang.pick(
        "ouvrez-la dans un logiciel d'images et enregistrez-la de nouveau en JPEG ou PNG, ou retirez-la du site",
        "open it in an image editor and save it again as JPEG or PNG, or remove it from the site",
    ))
}

/// An image in a format fiches cannot take metadata out of.
fn foreign_format(rel: &Path, format: &str, lang: Lang) -> Diagnostic {
    Diagnostic::error(lang.pick(
        format!("cette image {format} ne peut pas être publiée : fiches ne sait pas retirer les métadonnées (lieu, appareil, commentaires) de ce format"),
        format!("this {format} image cannot be published: fiches cannot take the metadata (place, camera, comments) out of this format"),
    ))
    .in_file(rel)
    .hint(lang.pick(
        "ouvrez-la dans un logiciel d'images et enregistrez-la en JPEG ou PNG, ou retirez-la du site",
        "open it in an image editor and save it as JPEG or PNG, or remove it from the site",
    ))
}

/// How long a cached file no build has used is kept: a build running beside this
/// one may be about to use it (builds mark the files they use).
const CACHE_GRACE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Marks a cached file as used now, so that [`tidy`] leaves it; true when done.
fn touch(file: &Path) -> bool {
    std::fs::File::options()
        .write(true)
        .open(file)
        .and_then(|f| f.set_modified(std::time::SystemTime::now()))
        .is_ok()
}

/// Removes from the cache under `root` the files no build has used for an hour and
/// that this site's `photos` and `static_copies` do not name: photos since removed
/// or changed, and what killed builds left half-written. Best effort: the cache
/// can always be made again.
pub fn tidy(
    root: &Path,
    photos: &std::collections::BTreeMap<PathBuf, Photo>,
    static_copies: &std::collections::BTreeMap<PathBuf, PathBuf>,
) {
    let used: std::collections::HashSet<&Path> = photos
        .values()
        .flat_map(|p| p.sizes.iter().filter_map(|s| s.file.as_deref()))
        .chain(static_copies.values().map(PathBuf::as_path))
        .collect();
    let now = std::time::SystemTime::now();
    for dir in ["photos", "static"] {
        let Ok(entries) = std::fs::read_dir(root.join(CACHE_DIR).join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let idle = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > CACHE_GRACE);
            if idle && !used.contains(path.as_path()) && path.is_file() {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// The published name of a reduced copy: `photo.jpg` at 480 px → `photo-480w.jpg`.
pub fn sized_name(rel: &str, width: u32) -> String {
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => {
            format!("{stem}-{width}w.{ext}")
        }
        _ => format!("{rel}-{width}w"),
    }
}

/// Reads a photo's header: its size as shown and the sizes to publish. Refuses a
/// file over [`MAX_BYTES`] or [`MAX_PIXELS`] before decoding anything.
pub fn measure(root: &Path, rel: &Path, lang: Lang) -> Result<Photo, Diagnostic> {
    use image::ImageDecoder;
    let path = root.join(rel);
    let unreadable = |why: String| {
        // Libraries' messages can run over several lines: the first says enough.
        let why = why.lines().next().unwrap_or("").trim().to_string();
        Diagnostic::error(lang.pick(
            format!("cette image ne peut pas être lue ({why})"),
            format!("this image cannot be read ({why})"),
        ))
        .in_file(rel)
        .hint(lang.pick(
            "ouvrez-la dans un logiciel d'images et enregistrez-la de nouveau en JPEG ou PNG",
            "open it in an image editor and save it again as JPEG or PNG",
        ))
    };
    let len = std::fs::metadata(&path)
        .map_err(|e| unreadable(e.to_string()))?
        .len();
    if len > MAX_BYTES {
        return Err(too_big(
            rel,
            lang,
            format!("{:.1}", len as f64 / 1e6),
            "Mo",
            "MB",
        ));
    }
    let reader = image::ImageReader::open(&path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|e| unreadable(e.to_string()))?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| unreadable(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        let mp = format!("{:.0}", u64::from(w) as f64 * u64::from(h) as f64 / 1e6);
        return Err(too_big(rel, lang, mp, "mégapixels", "megapixels"));
    }
    if w == 0 || h == 0 {
        return Err(unreadable(lang.pick("elle est vide", "it is empty")));
    }
    let turned = matches!(
        decoder.orientation().ok(),
        Some(
            image::metadata::Orientation::Rotate90
                | image::metadata::Orientation::Rotate270
                | image::metadata::Orientation::Rotate90FlipH
                | image::metadata::Orientation::Rotate270FlipH
        )
    );
    let (w, h) = if turned { (h, w) } else { (w, h) };
    Ok(Photo::planned(w, h))
}

fn too_big(rel: &Path, lang: Lang, n: String, fr: &str, en: &str) -> Diagnostic {
    Diagnostic::error(lang.pick(
        format!("cette image est trop grande pour être publiée ({} {fr} ; 20 Mo et 50 mégapixels au plus)", n.replace('.', ",")),
        format!("this image is too large to publish ({n} {en}; 20 MB and 50 megapixels at most)"),
    ))
    .in_file(rel)
    .hint(lang.pick(
        "réduisez-la (2 000 pixels de large suffisent pour une page web) et enregistrez-la de nouveau",
        "make it smaller (2,000 pixels wide is plenty for a web page) and save it again",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_never_upscaled() {
        let p = Photo::planned(1200, 800);
        let sizes: Vec<(u32, u32)> = p.sizes.iter().map(|s| (s.width, s.height)).collect();
        assert_eq!(sizes, [(480, 320), (960, 640), (1200, 800)]);
        let small = Photo::planned(300, 200);
        assert_eq!(small.sizes.len(), 1);
    }

    #[test]
    fn sized_names() {
        assert_eq!(sized_name("photo.jpg", 480), "photo-480w.jpg");
        assert_eq!(sized_name("img/a.b.png", 960), "img/a.b-960w.png");
        assert_eq!(sized_name("noext", 480), "noext-480w");
    }

    #[test]
    fn photos_by_extension() {
        assert!(is_photo(Path::new("a/B.JPG")));
        assert!(is_photo(Path::new("b.webp")));
        assert!(!is_photo(Path::new("logo.svg")));
        assert!(!is_photo(Path::new("anim.gif")));
    }
}
