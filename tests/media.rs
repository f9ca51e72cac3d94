//! Audio and video in a fiche's folder: players with caption, download link and
//! transcript, the captions track of a video, the warning for media without words,
//! media in `fiches.json`, the podcast feed, and the share links.

mod common;

use common::{Site, fiche};

/// A WAV file of `seconds` of silence at 8 kHz, 8 bits, mono.
fn wav(seconds: u32) -> Vec<u8> {
    let data = 8000 * seconds;
    let mut b = b"RIFF".to_vec();
    b.extend((36 + data).to_le_bytes());
    b.extend(b"WAVEfmt ");
    b.extend(16u32.to_le_bytes());
    b.extend([1, 0, 1, 0]);
    b.extend(8000u32.to_le_bytes());
    b.extend(8000u32.to_le_bytes());
    b.extend([1, 0, 8, 0]);
    b.extend(b"data");
    b.extend(data.to_le_bytes());
    b.resize(b.len() + data as usize, 128);
    b
}

fn radio() -> Site {
    let s = Site::new(&[
        (
            "content/radio/index.md",
            &fiche(
                "La radio du marché",
                "2024-10-05",
                "storytelling",
                "image = \"cover.png\"\nimage_alt = \"La table du marché\"",
                "## Le récit\n\nÉcoutez :\n\n![Entretien avec Yasmine](entretien.wav)\n\n\
                 Et en vidéo ![L'atelier](atelier.webm) ici.\n\n\
                 | son |\n|---|\n| ![table](entretien.wav) |\n",
            ),
        ),
        (
            "content/radio/entretien.txt",
            "Yasmine : bonjour <à tous>.\n",
        ),
        (
            "content/radio/atelier.vtt",
            "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Karim>On commence.\n",
        ),
        // A Markdown transcript beside a media file is not a fiche.
        ("content/radio/muet.md", "**Rien** n'est dit."),
        (
            "content/autre.md",
            &fiche("Autre", "2024-01-01", "factual", "", "Texte."),
        ),
    ]);
    s.write("content/radio/entretien.wav", &wav(3));
    s.write(
        "content/radio/atelier.webm",
        b"\x1a\x45\xdf\xa3 not really a video",
    );
    s.write("content/radio/muet.ogg", b"OggS not really");
    s.write(
        "content/radio/sans-mots.mp3",
        &[0xff, 0xfb, 0x90, 0x00, 0, 0],
    );
    s.write("content/radio/cover.png", &common::png(64, 48));
    s
}

#[test]
fn audio_becomes_a_player_with_caption_download_and_transcript() {
    let s = radio();
    s.build_ok();
    let page = s.read("fiches/radio/index.html");
    // Alone in its paragraph: the paragraph is replaced, no <figure> inside a <p>.
    assert!(
        page.contains("<p>Écoutez\u{a0}:</p>\n<figure class=\"media media--audio\">\n<figcaption>Entretien avec Yasmine "),
        "{page}"
    );
    assert!(page.contains("<figcaption>Entretien avec Yasmine <a class=\"media__download\" href=\"../radio/entretien.wav\" download>Télécharger <span class=\"media__facts\">(WAV, 24\u{a0}Ko, 0:03)</span></a></figcaption>"), "{page}");
    assert!(page.contains("</figcaption>\n<audio controls preload=\"none\" aria-label=\"Entretien avec Yasmine\"><source src=\"../radio/entretien.wav\" type=\"audio/wav\">"), "{page}");
    assert!(page.contains("<summary>Lire la transcription</summary>"));
    assert!(
        page.contains("<p>Yasmine\u{a0}: bonjour &lt;à tous&gt;.</p>"),
        "{page}"
    );
    assert!(!page.contains("<img src=\"../radio/entretien.wav\""));
    assert!(!page.contains("<p><figure"));
}

#[test]
fn video_has_poster_captions_and_their_words_as_transcript() {
    let s = radio();
    s.build_ok();
    let page = s.read("fiches/radio/index.html");
    // Written inside a sentence: the sentence stays, the player follows it.
    assert!(
        page.contains("<p>Et en vidéo  ici.</p>\n<figure class=\"media media--video\">"),
        "{page}"
    );
    assert!(page.contains("<video controls preload=\"metadata\" poster=\"../radio/cover.png\" aria-label=\"L&#39;atelier\"><source src=\"../radio/atelier.webm\" type=\"video/webm\"><track kind=\"captions\" src=\"../radio/atelier.vtt\" srclang=\"fr\" label=\"Français\" default>"), "{page}");
    assert!(page.contains("<p>Karim\u{a0}: On commence.</p>"), "{page}");
    // In a table cell, a plain link.
    assert!(
        page.contains("<td><a href=\"../radio/entretien.wav\">table</a></td>"),
        "{page}"
    );
}

#[test]
fn a_markdown_transcript_is_published_not_read_as_a_fiche() {
    let s = radio();
    let r = s.build_ok();
    assert!(s.exists("fiches/radio/muet.md"));
    assert!(!s.exists("fiches/muet/index.html"));
    assert!(
        !r.diagnostics.iter().any(|d| d.location().contains("muet")),
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn media_without_transcript_is_a_warning_naming_the_file_to_create() {
    let s = radio();
    let r = fiches::check(s.path());
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
    let missing: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("transcription"))
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    let d = missing[0];
    assert_eq!(d.location(), "content/radio/sans-mots.mp3");
    assert!(d.message.contains("WCAG 1.2.1"));
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("content/radio/sans-mots.txt"),
        "{d:?}"
    );
}

#[test]
fn media_are_in_the_open_data() {
    let s = radio();
    s.build_ok();
    let data: serde_json::Value = serde_json::from_str(&s.read("fiches.json")).unwrap();
    let fiche = data["fiches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slug"] == "radio")
        .unwrap();
    let media = fiche["media"].as_array().unwrap();
    let names: Vec<&str> = media.iter().map(|m| m["url"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "https://exemple.org/reseau/fiches/radio/atelier.webm",
            "https://exemple.org/reseau/fiches/radio/entretien.wav",
            "https://exemple.org/reseau/fiches/radio/muet.ogg",
            "https://exemple.org/reseau/fiches/radio/sans-mots.mp3",
        ]
    );
    let wav = &media[1];
    assert_eq!(wav["type"], "audio/wav");
    assert_eq!(wav["kind"], "audio");
    assert_eq!(wav["size"], 44 + 24_000);
    assert_eq!(wav["duration"], 3);
    assert_eq!(
        wav["transcript"]["url"],
        "https://exemple.org/reseau/fiches/radio/entretien.txt"
    );
    assert_eq!(wav["transcript"]["text"], "Yasmine : bonjour <à tous>.");
    assert_eq!(
        media[0]["captions"],
        "https://exemple.org/reseau/fiches/radio/atelier.vtt"
    );
    assert!(media[3]["transcript"].is_null());
}

fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> roxmltree::Node<'a, 'a> {
    n.children()
        .find(|c| c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no <{name}>"))
}

#[test]
fn podcast_feed_lists_every_audio_file_with_its_exact_length() {
    let s = radio();
    s.build_ok();
    let xml = s.read("podcast.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let channel = child(rss, "channel");
    assert_eq!(child(channel, "title").text(), Some("Réseau test"));
    assert_eq!(child(channel, "language").text(), Some("fr"));
    let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    assert!(
        channel
            .children()
            .any(|c| c.has_tag_name((itunes, "category")))
    );
    assert!(
        channel
            .children()
            .any(|c| c.has_tag_name((itunes, "explicit")))
    );
    let items: Vec<_> = channel
        .children()
        .filter(|c| c.has_tag_name("item"))
        .collect();
    // Audio only: the video is not an episode.
    assert_eq!(items.len(), 3);
    for item in &items {
        let enclosure = child(*item, "enclosure");
        let url = enclosure.attribute("url").unwrap();
        let rel = url.strip_prefix("https://exemple.org/reseau/").unwrap();
        let size = std::fs::metadata(s.out().join(rel)).unwrap().len();
        assert_eq!(
            enclosure.attribute("length"),
            Some(size.to_string().as_str())
        );
        assert!(enclosure.attribute("type").unwrap().starts_with("audio/"));
        assert_eq!(
            child(*item, "pubDate").text(),
            Some("Sat, 05 Oct 2024 00:00:00 +0000")
        );
        assert_eq!(
            child(*item, "link").text(),
            Some("https://exemple.org/reseau/fiches/radio/")
        );
        assert_eq!(child(*item, "guid").attribute("isPermaLink"), Some("false"));
    }
    let wav = items[0];
    assert_eq!(child(wav, "title").text(), Some("La radio du marché (1/3)"));
    assert_eq!(
        child(wav, "guid").text(),
        Some("https://exemple.org/reseau/fiches/radio/#entretien.wav")
    );
    let duration = wav
        .children()
        .find(|c| c.has_tag_name((itunes, "duration")))
        .unwrap();
    assert_eq!(duration.text(), Some("0:03"));
    // Stable: the same sources give the same feed.
    s.build_with(fiches::BuildOptions {
        force: true,
        ..Default::default()
    });
    assert_eq!(s.read("podcast.xml"), xml);
    // Every page links it; the home page says it in words.
    let link = "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Podcast\u{a0}: les entretiens des fiches\" href=\"https://exemple.org/reseau/podcast.xml\">";
    assert!(s.read("index.html").contains(link));
    assert!(s.read("tags/index.html").contains(link));
    assert!(s.read("fiches/autre/index.html").contains(link));
    assert!(s.read("index.html").contains("class=\"podcast-invite\""));
}

#[test]
fn no_audio_no_podcast() {
    let s = Site::new(&[(
        "content/a.md",
        &fiche("A", "2024-01-01", "factual", "", "Texte."),
    )]);
    s.build_ok();
    assert!(!s.exists("podcast.xml"));
    assert!(!s.read("index.html").contains("podcast"));
}

#[test]
fn share_links_need_the_site_address() {
    let s = radio();
    s.build_ok();
    let page = s.read("fiches/autre/index.html");
    let url = "https%3A%2F%2Fexemple.org%2Freseau%2Ffiches%2Fautre%2F";
    for href in [
        format!("https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        format!("https://www.facebook.com/sharer/sharer.php?u={url}"),
        format!("https://wa.me/?text=Autre%20{url}"),
        format!("https://bsky.app/intent/compose?text=Autre%20{url}"),
        format!("mailto:?subject=Autre&amp;body=R%C3%A9sum%C3%A9%20de%20Autre.%0A%0A{url}"),
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}\n{page}");
    }
    assert!(page.contains("<a class=\"share__link share__link--copy\" href=\"https://exemple.org/reseau/fiches/autre/\" data-copy=\"https://exemple.org/reseau/fiches/autre/\""));
    assert!(page.contains("<script src=\"../../share.js\" defer></script>"));
    assert!(s.exists("share.js"));

    let bare = Site::new(&[
        ("fiches.toml", "title = \"Sans adresse\"\n"),
        (
            "content/a.md",
            &fiche("A", "2024-01-01", "factual", "", "Texte."),
        ),
    ]);
    bare.build_ok();
    let page = bare.read("fiches/a/index.html");
    assert!(!page.contains("class=\"share"), "{page}");
    // No warning for it: a site read from a folder or a USB key has no address,
    // and `fiches init` explains what the address adds.
    let r = fiches::check(bare.path());
    assert!(!r.has_errors(), "{:#?}", r.diagnostics);
}

/// The podcast warnings of a build of `radio()` with `toml` added to its settings.
fn podcast_diagnostics(toml: &str, files: &[(&str, Vec<u8>)]) -> Vec<fiches::Diagnostic> {
    let s = radio();
    s.write(
        "fiches.toml",
        format!("title = \"Réseau test\"\nbase_url = \"https://exemple.org/reseau/\"\n{toml}")
            .as_bytes(),
    );
    for (path, bytes) in files {
        s.write(path, bytes);
    }
    s.build()
        .diagnostics
        .into_iter()
        .filter(|d| d.message.contains("podcast"))
        .collect()
}

#[test]
fn podcast_artwork_must_be_a_square_of_1400_to_3000_pixels() {
    // None at all.
    let d = podcast_diagnostics("", &[]);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(!d[0].is_error());
    assert!(d[0].message.contains("pas d'image"), "{}", d[0].message);
    // The network's logo stands in, and is too small: its size is said at its place.
    let toml = "[network]\nname = \"R\"\nurl = \"https://r.example.org/\"\nlogo = \"logo.png\"\n";
    let d = podcast_diagnostics(toml, &[("static/logo.png", common::png(240, 240))]);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message.contains("240 × 240 pixels"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].location(), "fiches.toml:6:8");
    assert!(d[0].hint.as_deref().unwrap().contains("[podcast] image"));
    // Not square.
    let toml = "[podcast]\nimage = \"p.png\"\n";
    let d = podcast_diagnostics(toml, &[("static/p.png", common::png(1600, 1400))]);
    assert!(d[0].message.contains("1600 × 1400"), "{d:?}");
    // Right: no word about it.
    let d = podcast_diagnostics(toml, &[("static/p.png", common::png(1400, 1400))]);
    assert!(d.is_empty(), "{d:?}");
    // Not JPEG or PNG.
    let toml = "[podcast]\nimage = \"p.webp\"\n";
    let webp = {
        let mut out = Vec::new();
        image::DynamicImage::new_rgb8(1400, 1400)
            .write_to(
                &mut std::io::Cursor::new(&mut out),
                image::ImageFormat::WebP,
            )
            .unwrap();
        out
    };
    let d = podcast_diagnostics(toml, &[("static/p.webp", webp)]);
    assert!(d[0].message.contains("ni en JPEG ni en PNG"), "{d:?}");
    // Named but absent: an error, at its place.
    let d = podcast_diagnostics("[podcast]\nimage = \"absent.jpg\"\n", &[]);
    assert!(
        d[0].is_error() && d[0].message.contains("introuvable"),
        "{d:?}"
    );
    assert_eq!(d[0].location(), "fiches.toml:4:9");
}

#[test]
fn podcast_settings_reach_the_feed() {
    let s = radio();
    s.write(
        "fiches.toml",
        "title = \"Réseau test\"\nbase_url = \"https://exemple.org/reseau/\"\n\
         [podcast]\nimage = \"p.jpg\"\nemail = \"podcast@exemple.org\"\nauthor = \"Les voix\"\n\
         category = \"education\"\nexplicit = true\n"
            .as_bytes(),
    );
    s.write("static/p.jpg", &common::png(1400, 1400));
    s.build_ok();
    let xml = s.read("podcast.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let channel = child(doc.root_element(), "channel");
    let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    let tag = |name: &str| {
        channel
            .children()
            .find(|c| c.has_tag_name((itunes, name)))
            .unwrap_or_else(|| panic!("no itunes:{name}"))
    };
    let owner = tag("owner");
    let email = owner.children().find(|c| c.has_tag_name((itunes, "email")));
    assert_eq!(email.and_then(|e| e.text()), Some("podcast@exemple.org"));
    assert_eq!(tag("author").text(), Some("Les voix"));
    assert_eq!(tag("category").attribute("text"), Some("Education"));
    assert_eq!(tag("explicit").text(), Some("true"));
    assert_eq!(
        tag("image").attribute("href"),
        Some("https://exemple.org/reseau/p.jpg")
    );
    // `check` asks for the address when it is missing, as a note.
    let s = radio();
    let report = fiches::check(s.path());
    let notes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == fiches::Severity::Note && d.message.contains("e-mail"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", report.diagnostics);
}

#[test]
fn podcast_settings_are_checked() {
    let d = podcast_diagnostics("[podcast]\ncategory = \"Societe & Culture\"\n", &[]);
    let bad = d.iter().find(|d| d.is_error()).expect("an error");
    assert!(bad.message.contains("Societe & Culture"), "{bad:?}");
    assert!(format!("{bad:?}").contains("Society & Culture"), "{bad:?}");
    let s = radio();
    s.write(
        "fiches.toml",
        b"title = \"T\"\n[podcast]\nemail = \"pas une adresse\"\nimagee = \"x.jpg\"\n",
    );
    let r = s.build();
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].location(), "fiches.toml:3:9");
    assert!(format!("{:?}", errors[1]).contains("image"));
}
