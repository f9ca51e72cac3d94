//! Images of `static/` are published without their metadata even when their file is
//! irregular (a stray byte between segments, bytes after the end, wrong lengths,
//! metadata after the picture): what `exiftool` reads in the published file holds no
//! place, no comment and no XMP. A file that can be neither walked nor decoded stops
//! the build with an error naming it; it is never copied as it is.

mod common;

use std::process::Command;

use common::{Site, fiche};

/// Words of the metadata planted in every fixture; none may be published.
const SECRETS: [&str; 4] = ["Lilas", "Martin", "GPSLatitude", "FicheCam"];

fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut seg = vec![0xff, marker];
    seg.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    seg.extend(payload);
    seg
}

/// A TIFF block (big-endian) with a camera make and a GPS position.
fn tiff() -> Vec<u8> {
    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    // IFD0 at 8: 2 entries → ends at 38; make at 38, GPS IFD at 48.
    t.extend(2u16.to_be_bytes());
    entry(&mut t, 0x010f, 2, 9, 38u32.to_be_bytes()); // Make
    entry(&mut t, 0x8825, 4, 1, 48u32.to_be_bytes()); // GPS IFD
    t.extend(0u32.to_be_bytes());
    t.extend(b"FicheCam\0\0");
    // GPS IFD at 48: 2 entries → 48 + 30 = 78; latitude at 78.
    t.extend(2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, 78u32.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    for (n, d) in [(46u32, 1u32), (12, 1), (1584, 100)] {
        t.extend(n.to_be_bytes());
        t.extend(d.to_be_bytes());
    }
    t
}

const XMP: &str = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:description>Chez Mme Martin, rue des Lilas</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>";

fn encoded(format: image::ImageFormat) -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(40, 30);
    let mut out = Vec::new();
    if format == image::ImageFormat::WebP {
        let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
        img.to_rgba8().write_with_encoder(enc).unwrap();
    } else {
        img.write_to(&mut std::io::Cursor::new(&mut out), format)
            .unwrap();
    }
    out
}

fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut c = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    c.extend(kind);
    c.extend(data);
    let mut crc = crc32(kind, data);
    crc = !crc;
    c.extend((!crc).to_be_bytes());
    c
}

/// The PNG CRC of a chunk, so that every reader takes the chunk as it is.
fn crc32(kind: &[u8], data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in kind.iter().chain(data) {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
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

fn riff(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = b"RIFF".to_vec();
    out.extend(u32::try_from(size).unwrap().to_le_bytes());
    out.extend(b"WEBP");
    out.extend(body);
    out
}

/// Damaged files, each with a GPS position, a comment and XMP somewhere.
fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let jpeg = encoded(image::ImageFormat::Jpeg);
    let (soi, rest) = jpeg.split_at(2);
    let (picture, eoi) = rest.split_at(rest.len() - 2);
    let exif = segment(0xe1, &[&b"Exif\0\0"[..], &tiff()].concat());
    let xmp = segment(
        0xe1,
        format!("http://ns.adobe.com/xap/1.0/\0{XMP}").as_bytes(),
    );
    let com = segment(0xfe, b"Chez Mme Martin, rue des Lilas");
    let mut short_xmp = xmp.clone();
    short_xmp[3] -= 40; // its length says 40 bytes fewer than it holds
    let png = encoded(image::ImageFormat::Png);
    let (head, tail) = png.split_at(33);
    let (pixels, iend) = tail.split_at(tail.len() - 12);
    let text = png_chunk(b"tEXt", b"Comment\0Chez Mme Martin, rue des Lilas");
    let itxt = png_chunk(
        b"iTXt",
        format!("XML:com.adobe.xmp\0\0\0\0\0{XMP}").as_bytes(),
    );
    let exif_chunk = png_chunk(b"eXIf", &tiff());
    let webp = encoded(image::ImageFormat::WebP);
    let vp8x = webp_chunk(b"VP8X", &[0b1_1100, 0, 0, 0, 39, 0, 0, 29, 0, 0], true);
    let wexif = webp_chunk(b"EXIF", &tiff(), true);
    let wxmp = webp_chunk(b"XMP ", format!("{XMP} ").as_bytes(), false);
    let body = [&vp8x[..], &webp[12..], &wexif, &wxmp].concat();
    vec![
        (
            "stray-byte.jpg",
            [soi, &exif, b"\n", &xmp, &com, rest].concat(),
        ),
        (
            "after-the-picture.jpg",
            [soi, picture, &exif, &xmp, &com, eoi].concat(),
        ),
        ("after-the-end.jpg", [&jpeg[..], &exif, &xmp, &com].concat()),
        (
            "wrong-length.jpg",
            [soi, &exif, &short_xmp, &com, rest].concat(),
        ),
        ("cut-segment.jpg", {
            let mut cut = [soi, &exif, &xmp, &com, picture].concat();
            cut.extend(&com[..12]);
            cut
        }),
        (
            "newline-after-end.png",
            [head, &text, &exif_chunk, tail, b"\n"].concat(),
        ),
        (
            "after-the-end.png",
            [&png[..], &text, &itxt, &exif_chunk].concat(),
        ),
        (
            "after-the-pixels.png",
            [head, pixels, &text, &itxt, &exif_chunk, iend].concat(),
        ),
        ("cut-chunk.png", {
            let mut cut = [head, pixels, &itxt].concat();
            cut.truncate(cut.len() - 30);
            cut
        }),
        (
            "riff-too-short.webp",
            riff(&body, vp8x.len() + webp.len() - 12 + 4),
        ),
        ("riff-too-long.webp", riff(&body, body.len() + 1000)),
        ("odd-padding.webp", riff(&body, body.len() + 4)),
    ]
}

fn site_with(files: &[(&str, Vec<u8>)]) -> Site {
    let s = Site::new(&[(
        "content/a.md",
        &fiche("A", "2024-01-01", "factual", "", "Texte."),
    )]);
    for (name, bytes) in files {
        s.write(&format!("static/{name}"), bytes);
    }
    s
}

/// What exiftool reads in `files`, as JSON text; `None` without exiftool.
fn exiftool(files: &[std::path::PathBuf]) -> Option<String> {
    match Command::new("exiftool")
        .args(["-j", "-G", "-a"])
        .args(files)
        .output()
    {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(_)
            if std::env::var_os("CI").is_some()
                || std::env::var_os("FICHES_BROWSER_TESTS").is_some() =>
        {
            panic!("exiftool is needed here (apt-get install libimage-exiftool-perl)")
        }
        Err(_) => {
            eprintln!("exiftool not found: checked the bytes only");
            None
        }
    }
}

#[test]
fn damaged_images_of_static_are_published_without_their_metadata() {
    let files = fixtures();
    let s = site_with(&files);
    let sources: Vec<_> = files
        .iter()
        .map(|(n, _)| s.path().join("static").join(n))
        .collect();
    if let Some(before) = exiftool(&sources) {
        // The fixtures do hold what must go, as exiftool reads them.
        for word in ["GPSLatitude", "Lilas", "XMP"] {
            assert!(before.contains(word), "{word}: {before}");
        }
    }
    s.build_ok();
    let published: Vec<_> = files.iter().map(|(n, _)| s.out().join(n)).collect();
    for (f, (name, _)) in published.iter().zip(&files) {
        let bytes = std::fs::read(f).unwrap();
        for secret in SECRETS {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{name} holds {secret}"
            );
        }
        let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((img.width(), img.height()), (40, 30), "{name}");
    }
    if let Some(after) = exiftool(&published) {
        let json: serde_json::Value = serde_json::from_str(&after).unwrap();
        assert_eq!(json.as_array().unwrap().len(), published.len(), "{after}");
        for item in json.as_array().unwrap() {
            let file = item["SourceFile"].as_str().unwrap();
            for (key, value) in item.as_object().unwrap() {
                let bad = key.contains("GPS")
                    || key.contains("Comment")
                    || key.starts_with("XMP")
                    || key.starts_with("IPTC")
                    || (key.starts_with("EXIF:") && key != "EXIF:ExifByteOrder")
                    || SECRETS.iter().any(|s| value.to_string().contains(s));
                assert!(!bad, "{file}: {key} = {value}");
            }
        }
    }
}

#[test]
fn an_image_that_can_be_neither_stripped_nor_read_stops_the_build() {
    let exif = segment(0xe1, &[&b"Exif\0\0"[..], &tiff()].concat());
    // A JPEG start, its EXIF with the GPS position, and nothing else.
    let broken = [&[0xff, 0xd8][..], &exif[..exif.len() - 10]].concat();
    let s = site_with(&[("banner.jpg", broken)]);
    let r = s.build();
    assert!(r.built.is_none());
    let errors: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "static/banner.jpg: cette image ne peut pas être publiée sans ses métadonnées"
        ),
        "{errors:#?}"
    );
    assert!(!s.out().exists(), "nothing is written");
}

/// A GIF with a comment, XMP and bytes after its end, all naming the place.
fn gif_with_metadata() -> Vec<u8> {
    let mut g = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\0\0\0\xff\xff\xff".to_vec();
    g.extend(b"\x21\xfe\x1eChez Mme Martin, rue des Lilas\0");
    g.extend(b"\x21\xff\x0bXMP DataXMP\x0bGPSLatitude\0");
    g.extend(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\0\0\0");
    g.extend(b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3b");
    g.extend(b"FicheCam");
    g
}

/// A PNG holding a comment that names the place.
fn png_with_comment() -> Vec<u8> {
    let png = encoded(image::ImageFormat::Png);
    let (head, tail) = png.split_at(33);
    let text = png_chunk(b"tEXt", b"Comment\0Chez Mme Martin, rue des Lilas");
    [head, &text, tail].concat()
}

#[test]
fn an_image_under_any_name_or_in_a_bundle_is_published_without_its_metadata() {
    let s = site_with(&[
        ("anim.gif", gif_with_metadata()),
        ("plan", png_with_comment()),
        ("photo.jpe", png_with_comment()),
    ]);
    s.write(
        "content/jardin/index.md",
        fiche(
            "Jardin",
            "2024-01-01",
            "factual",
            "",
            "![Le plan](plan.gif)",
        )
        .as_bytes(),
    );
    s.write("content/jardin/plan.gif", &gif_with_metadata());
    s.write("content/jardin/croquis.jpe", &png_with_comment());
    s.build_ok();
    let published = [
        "anim.gif",
        "plan",
        "photo.jpe",
        "fiches/jardin/plan.gif",
        "fiches/jardin/croquis.jpe",
    ];
    for name in published {
        let bytes = std::fs::read(s.out().join(name)).unwrap();
        for secret in SECRETS {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{name} holds {secret}"
            );
        }
        if name.ends_with(".gif") {
            // The picture and its loop count stay.
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.starts_with("GIF89a") && text.contains("NETSCAPE2.0"));
            assert_eq!(bytes.last(), Some(&0x3b), "{name}");
        } else {
            let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((img.width(), img.height()), (40, 30), "{name}");
        }
    }
}

#[test]
fn an_image_fiches_cannot_strip_is_refused_by_check_as_by_build() {
    let exif = segment(0xe1, &[&b"Exif\0\0"[..], &tiff()].concat());
    let broken = [&[0xff, 0xd8][..], &exif[..exif.len() - 10]].concat();
    let s = site_with(&[("scan.tif", tiff()), ("banner.jpg", broken)]);
    s.write(
        "content/jardin/index.md",
        fiche("Jardin", "2024-01-01", "factual", "", "Texte.").as_bytes(),
    );
    s.write(
        "content/jardin/photo.heic",
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    );
    let errors = |r: &fiches::Report| -> Vec<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    };
    let checked = errors(&fiches::check(s.path()));
    let r = s.build();
    assert!(r.built.is_none());
    let built = errors(&r);
    assert_eq!(checked, built, "check says what stops the build");
    assert_eq!(built.len(), 3, "{built:#?}");
    for (file, start) in [
        (
            "content/jardin/photo.heic",
            "cette image HEIF ne peut pas être publiée",
        ),
        (
            "static/scan.tif",
            "cette image TIFF ne peut pas être publiée",
        ),
        (
            "static/banner.jpg",
            "cette image ne peut pas être publiée sans",
        ),
    ] {
        let want = format!("{file}: {start}");
        assert!(
            built.iter().any(|e| e.starts_with(&want)),
            "{want}: {built:#?}"
        );
    }
    assert!(!s.out().exists(), "nothing is written");
}

/// A GIF is not a photo: given as a cover image anyway, it is published as it is (its
/// metadata taken out) and shown, with a warning at its place that says so and what to
/// save it as; the same cover as a PNG gets none.
#[test]
fn a_gif_cover_is_published_as_it_is_with_a_warning() {
    let extra = "image = \"anim.gif\"\nimage_alt = \"Une animation\"\n";
    let s = site_with(&[]);
    let text = fiche("Jardin", "2024-01-01", "factual", extra, "Texte.");
    s.write("content/jardin/index.md", text.as_bytes());
    s.write("content/jardin/anim.gif", &gif_with_metadata());
    let r = s.build_ok();
    let warned: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("anim.gif"))
        .collect();
    assert_eq!(warned.len(), 1, "{:#?}", r.diagnostics);
    let d = warned[0];
    assert!(!d.is_error() && d.message.contains("GIF"), "{d:?}");
    assert!(
        d.hint.as_deref().unwrap_or("").contains("JPEG, PNG"),
        "{d:?}"
    );
    let line = text.lines().position(|l| l.starts_with("image =")).unwrap() + 1;
    assert_eq!((d.line, d.column), (line, 9), "{d:?}");
    let published = std::fs::read(s.out().join("fiches/jardin/anim.gif")).unwrap();
    assert!(!String::from_utf8_lossy(&published).contains("Lilas"));
    assert!(s.read("fiches/jardin/index.html").contains("anim.gif\""));

    let png = fiche(
        "Jardin",
        "2024-01-01",
        "factual",
        &extra.replace("gif", "png"),
        "",
    );
    s.write("content/jardin/index.md", png.as_bytes());
    s.write("content/jardin/anim.png", &png_with_comment());
    let r = s.build_ok();
    assert!(
        !r.diagnostics.iter().any(|d| d.message.contains("anim.")),
        "{:#?}",
        r.diagnostics
    );
}
