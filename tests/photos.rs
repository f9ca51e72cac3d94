//! Photos of fiches: published in a few widths with `srcset`, `width` and `height`,
//! turned upright by their EXIF orientation, with every metadata removed (a phone's
//! GPS position above all), cached so that a text edit encodes nothing, and refused
//! with a clear error when too large.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Site, fiche, png};

/// A JPEG `width` × `height` (as stored) with an EXIF block: orientation 6 (turn
/// 90° clockwise to show), a camera make and a GPS position.
fn phone_photo(width: u32, height: u32) -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(width, height);
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    // TIFF, big-endian: IFD0 (orientation, make, GPS pointer), then the GPS IFD.
    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    // IFD0 at 8: 3 entries (2 + 36 bytes + 4) → ends at 50; make at 50, GPS IFD at 60.
    t.extend(3u16.to_be_bytes());
    entry(&mut t, 0x010f, 2, 9, 50u32.to_be_bytes()); // Make
    entry(&mut t, 0x0112, 3, 1, [0, 6, 0, 0]); // Orientation
    entry(&mut t, 0x8825, 4, 1, 60u32.to_be_bytes()); // GPS IFD
    t.extend(0u32.to_be_bytes());
    t.extend(b"FicheCam\0\0");
    // GPS IFD at 60: 2 entries → 2 + 24 + 4 = 90; latitude at 90.
    t.extend(2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0"); // GPSLatitudeRef
    entry(&mut t, 0x0002, 5, 3, 90u32.to_be_bytes()); // GPSLatitude
    t.extend(0u32.to_be_bytes());
    for (n, d) in [(46u32, 1u32), (12, 1), (1584, 100)] {
        t.extend(n.to_be_bytes());
        t.extend(d.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(t);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn site() -> Site {
    let s = Site::new(&[
        (
            "content/halle/index.md",
            &fiche(
                "La halle",
                "2024-10-05",
                "storytelling",
                "image = \"telephone.jpg\"\nimage_alt = \"La halle\"",
                "## Le récit\n\n![Les bacs](bacs.png \"Au printemps\")\n\nTexte.\n\n![Petite](petite.png)\n",
            ),
        ),
        (
            "content/autre/index.md",
            &fiche(
                "Autre",
                "2024-01-01",
                "factual",
                "",
                "![Sans couverture](a.png)\n",
            ),
        ),
    ]);
    s.write("content/halle/telephone.jpg", &phone_photo(1200, 2000));
    // An image of static/ is published as it is, but without its metadata.
    s.write("static/bandeau.jpg", &phone_photo(64, 48));
    s.write("content/halle/bacs.png", &png(1000, 500));
    s.write("content/halle/petite.png", &png(300, 200));
    s.write("content/autre/a.png", &png(600, 400));
    s
}

#[test]
fn photos_are_published_in_several_widths_with_their_size() {
    let s = site();
    s.build_ok();
    let page = s.read("fiches/halle/index.html");
    // The cover: turned upright (2000 × 1200), every width but none above its own.
    assert!(page.contains("<img src=\"../../fiches/halle/telephone.jpg\" alt=\"La halle\" srcset=\"../halle/telephone-480w.jpg 480w, ../halle/telephone-960w.jpg 960w, ../halle/telephone-1600w.jpg 1600w, ../halle/telephone.jpg 2000w\" sizes=\"(min-width: 68rem) 65.5rem, calc(100vw - 2.5rem)\" width=\"2000\" height=\"1200\" decoding=\"async\">"), "{page}");
    for (file, size) in [
        ("telephone-480w.jpg", (480, 288)),
        ("telephone-960w.jpg", (960, 576)),
        ("telephone-1600w.jpg", (1600, 960)),
        ("telephone.jpg", (2000, 1200)),
        ("bacs-480w.png", (480, 240)),
        ("bacs-960w.png", (960, 480)),
        ("bacs.png", (1000, 500)),
        ("petite.png", (300, 200)),
    ] {
        let got = image::image_dimensions(s.out().join("fiches/halle").join(file)).unwrap();
        assert_eq!(got, size, "{file}");
    }
    assert!(!s.exists("fiches/halle/bacs-1600w.png"), "never upscaled");
    assert!(!s.exists("fiches/halle/petite-480w.png"));
    // Body photos load lazily below a cover; alt and title kept.
    assert!(page.contains("<img src=\"../halle/bacs.png\" alt=\"Les bacs\" title=\"Au printemps\" srcset=\"../halle/bacs-480w.png 480w, ../halle/bacs-960w.png 960w, ../halle/bacs.png 1000w\" sizes=\"(min-width: 46rem) 42rem, calc(100vw - 2.5rem)\" width=\"1000\" height=\"500\" loading=\"lazy\" decoding=\"async\">"), "{page}");
    assert!(page.contains("<img src=\"../halle/petite.png\" alt=\"Petite\" width=\"300\" height=\"200\" loading=\"lazy\" decoding=\"async\">"), "{page}");
    // Without a cover, the first photo is on the first screen: not lazy.
    let other = s.read("fiches/autre/index.html");
    // Lists show the cover's smallest copy, with its size.
    let home = s.read("index.html");
    assert!(home.contains("<img class=\"card__image\" src=\"./fiches/halle/telephone-480w.jpg\" alt=\"\" width=\"480\" height=\"288\" loading=\"lazy\" decoding=\"async\">"), "{home}");
    assert!(other.contains("alt=\"Sans couverture\" srcset=\"../autre/a-480w.png 480w, ../autre/a.png 600w\" sizes=\"(min-width: 46rem) 42rem, calc(100vw - 2.5rem)\" width=\"600\" height=\"400\" decoding=\"async\">"), "{other}");
}

/// Every image file under `dir`.
fn images(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            images(&p, out);
        } else if p.extension().is_some_and(|e| e == "jpg" || e == "png") {
            out.push(p);
        }
    }
}

#[test]
fn no_published_photo_keeps_any_metadata() {
    let s = site();
    let source = s.path().join("content/halle/telephone.jpg");
    let bytes = std::fs::read(&source).unwrap();
    assert!(
        bytes.windows(6).any(|w| w == b"Exif\0\0"),
        "the source has EXIF"
    );
    s.build_ok();
    let mut files = Vec::new();
    images(&s.out(), &mut files);
    assert!(files.len() >= 10, "{files:?}");
    for f in &files {
        let b = std::fs::read(f).unwrap();
        // A file of static/ keeps its pixels untouched, so its orientation stays
        // written (alone, checked with exiftool below).
        let kept = f.ends_with("bandeau.jpg");
        for marker in [
            &b"Exif"[..],
            b"FicheCam",
            b"http://ns.adobe.com/xap",
            b"eXIf",
            b"tEXt",
            b"iTXt",
            b"zTXt",
        ] {
            if kept && marker == b"Exif" {
                continue;
            }
            assert!(
                !b.windows(marker.len()).any(|w| w == marker),
                "{} holds {:?}",
                f.display(),
                String::from_utf8_lossy(marker)
            );
        }
    }
    // exiftool, the tool people use to look, finds no GPS and no camera either.
    match Command::new("exiftool")
        .arg("-j")
        .arg("-G")
        .args(&files)
        .output()
    {
        Ok(out) => {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let check: serde_json::Value = serde_json::from_slice(
                &Command::new("exiftool")
                    .args(["-j", "-G"])
                    .arg(&source)
                    .output()
                    .unwrap()
                    .stdout,
            )
            .unwrap();
            let source_text = check.to_string();
            assert!(
                source_text.contains("GPSLatitude"),
                "exiftool reads the source's GPS: {source_text}"
            );
            for item in json.as_array().unwrap() {
                let tags = item.as_object().unwrap();
                if item["SourceFile"]
                    .as_str()
                    .unwrap()
                    .ends_with("bandeau.jpg")
                {
                    assert_eq!(tags["EXIF:Orientation"], "Rotate 90 CW", "{item}");
                }
                let bad: Vec<&String> = tags
                    .keys()
                    .filter(|k| *k != "EXIF:Orientation" && !k.starts_with("EXIF:ExifByteOrder"))
                    .filter(|k| {
                        k.starts_with("EXIF:")
                            || k.starts_with("XMP:")
                            || k.starts_with("IPTC:")
                            || k.contains("GPS")
                            || k.starts_with("MakerNotes:")
                    })
                    .collect();
                assert!(bad.is_empty(), "{}: {bad:?}", item["SourceFile"]);
            }
        }
        Err(_)
            if std::env::var_os("CI").is_some()
                || std::env::var_os("FICHES_BROWSER_TESTS").is_some() =>
        {
            panic!("exiftool is needed here (apt-get install libimage-exiftool-perl)")
        }
        Err(_) => eprintln!("exiftool not found: checked the bytes only"),
    }
}

#[test]
fn a_text_edit_encodes_nothing_again_and_check_writes_nothing() {
    let s = site();
    let r = fiches::check(s.path());
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    assert!(
        !s.path().join(".fiches-cache").exists(),
        "check writes nothing"
    );
    s.build_ok();
    let cache = s.path().join(".fiches-cache/photos");
    let stamp = |dir: &Path| {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                // A file encoded again is a new file (written, then renamed):
                // builds mark the files they reuse, so times do change.
                (
                    e.file_name(),
                    std::os::unix::fs::MetadataExt::ino(&e.metadata().unwrap()),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = stamp(&cache);
    assert_eq!(before.len(), 4 + 3 + 1 + 2);
    let text = std::fs::read_to_string(s.path().join("content/halle/index.md")).unwrap();
    s.rewrite(
        "content/halle/index.md",
        text.replace("Texte.", "Un autre texte.").as_bytes(),
    );
    s.build_ok();
    assert_eq!(stamp(&cache), before, "no photo encoded again");
    assert!(
        s.read("fiches/halle/index.html")
            .contains("Un autre texte.")
    );
}

/// Sets a PNG's width and height in its header (and the header's checksum).
fn claim_size(png: &mut [u8], width: u32, height: u32) {
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = 0xffff_ffffu32;
    for &b in &png[12..29] {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    png[29..33].copy_from_slice(&(!crc).to_be_bytes());
}

#[test]
fn too_large_or_broken_photos_are_clear_errors() {
    let s = site();
    let mut huge = png(10, 10);
    claim_size(&mut huge, 10_000, 6_000);
    s.write("content/halle/immense.png", &huge);
    s.write("content/halle/casse.jpg", b"\xff\xd8\xff\xe0 not a photo");
    let r = s.build();
    assert!(r.built.is_none());
    let errors: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/halle/casse.jpg: cette image ne peut pas être lue"),
        "{errors:#?}"
    );
    assert_eq!(
        errors[1],
        "content/halle/immense.png: cette image est trop grande pour être publiée (60 mégapixels ; 20 Mo et 50 mégapixels au plus)"
    );
    let big = Site::new(&[(
        "content/a/index.md",
        &fiche("A", "2024-01-01", "factual", "", ""),
    )]);
    let file = std::fs::File::create(big.path().join("content/a/lourde.jpg")).unwrap();
    file.set_len(20_000_001).unwrap();
    let r = fiches::check(big.path());
    let d = r.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        d.message,
        "cette image est trop grande pour être publiée (20,0 Mo ; 20 Mo et 50 mégapixels au plus)"
    );
    assert!(d.hint.as_deref().unwrap().contains("2 000 pixels"));
}

#[test]
fn the_cache_forgets_what_no_build_has_used_for_an_hour() {
    let s = site();
    s.build_ok();
    let cache = s.path().join(".fiches-cache/photos");
    let age = |p: &Path, secs: u64| {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs))
            .unwrap();
    };
    // A photo since removed, and what a killed build left, both unused for two hours.
    let gone = cache.join("00000000deadbeef-480.jpg");
    let half = cache.join(".00000000deadbeef-960.jpg.4242.tmp");
    // Just written by a build running beside this one.
    let fresh = cache.join("00000000cafe0000-480.jpg");
    for p in [&gone, &half, &fresh] {
        std::fs::write(p, b"x").unwrap();
    }
    age(&gone, 7200);
    age(&half, 7200);
    // A file this site uses, not used for two hours: kept, and marked as used.
    let used = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-480.png"))
        .unwrap();
    age(&used, 7200);
    s.build_with(fiches::BuildOptions {
        force: true,
        ..Default::default()
    });
    assert!(!gone.exists() && !half.exists());
    assert!(fresh.exists());
    assert!(used.exists());
    let since = std::fs::metadata(&used).unwrap().modified().unwrap();
    assert!(since.elapsed().unwrap() < std::time::Duration::from_secs(600));
}

/// The same photo in several fiches (a logo, a group picture shared around) is
/// encoded by several threads at once into the same cached files: each writes its
/// own temporary file, or one thread's rename takes the file another is about to
/// rename, and the build failed with "No such file or directory".
#[test]
fn one_photo_in_many_fiches_builds_with_a_cold_cache() {
    let photo = png(2000, 400);
    let fiches: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("content/f{i}/index.md"),
                fiche(
                    &format!("F{i}"),
                    "2024-05-01",
                    "factual",
                    "",
                    "![Le groupe](groupe.png)",
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = fiches
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    // A race: a few cold builds make it show.
    for _ in 0..10 {
        let s = Site::new(&refs);
        for i in 0..12 {
            s.write(&format!("content/f{i}/groupe.png"), &photo);
        }
        s.build_ok();
        assert!(s.exists("fiches/f11/groupe-480w.png"));
    }
}
