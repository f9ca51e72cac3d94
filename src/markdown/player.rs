//! An audio or video file written as an image (`![Entretien avec Nadia](entretien.mp3)`)
//! becomes a player: a `<figure>` with the text as caption, a download link, the
//! captions of a video and the transcript in a disclosure.

use comrak::Arena;
use comrak::nodes::{AstNode, NodeValue};

use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::links::{Links, Sizes, normalise};
use crate::media::{Kind, Media, clock, escape};

/// The player of `m`, published at `href` (from the fiche's page); `poster` is the
/// address of the fiche's cover image, shown before a video plays.
pub(super) fn figure(
    m: &Media,
    href: &str,
    caption: &str,
    poster: Option<&str>,
    lang: Lang,
) -> String {
    // The address of the fiche's folder, for the files beside this one.
    let base = href.strip_suffix(m.rel.as_str()).unwrap_or("");
    let src = escape(href);
    let label = escape(caption);
    let mut out = String::new();
    let class = match m.kind {
        Kind::Audio => "audio",
        Kind::Video => "video",
    };
    out.push_str(&format!("<figure class=\"media media--{class}\">\n"));
    let ext = m.rel.rsplit('.').next().unwrap_or("").to_ascii_uppercase();
    let mut facts = vec![ext, size(m.size, lang)];
    if let Some(d) = m.duration {
        facts.push(clock(d));
    }
    out.push_str(&format!(
        "<figcaption>{label} <a class=\"media__download\" href=\"{src}\" download>{} <span class=\"media__facts\">({})</span></a></figcaption>\n",
        escape(&lang.pick("Télécharger", "Download")),
        escape(&facts.join(", "))
    ));
    let fallback = format!(
        "<a href=\"{src}\">{}</a>",
        escape(&lang.pick("Télécharger le fichier", "Download the file"))
    );
    match m.kind {
        Kind::Audio => out.push_str(&format!(
            "<audio controls preload=\"none\" aria-label=\"{label}\"><source src=\"{src}\" type=\"{}\">{fallback}</audio>\n",
            m.mime
        )),
        Kind::Video => {
            let poster = poster
                .map(|p| format!(" poster=\"{}\"", escape(p)))
                .unwrap_or_default();
            let track = m
                .captions
                .as_ref()
                .map(|vtt| {
                    format!(
                        "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\" default>",
                        escape(&format!("{base}{vtt}")),
                        lang.code(),
                        lang.pick("Français", "English")
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "<video controls preload=\"metadata\"{poster} aria-label=\"{label}\"><source src=\"{src}\" type=\"{}\">{track}{fallback}</video>\n",
                m.mime
            ));
        }
    }
    if let Some(t) = &m.transcript {
        out.push_str(&format!(
            "<details class=\"media__transcript\">\n<summary>{}</summary>\n<div class=\"media__transcript-text\">\n{}</div>\n</details>\n",
            escape(&lang.pick("Lire la transcription", "Read the transcript")),
            t.html
        ));
    }
    out.push_str("</figure>\n");
    out
}

/// Puts the photos (every size) and the players of a body in place of their images.
pub(super) fn place_all<'a>(
    arena: &'a Arena<'a>,
    fiche: &Fiche,
    links: &Links,
    photos: Vec<(&'a AstNode<'a>, &Sizes)>,
    players: Vec<(&'a AstNode<'a>, &Media, String)>,
    lang: Lang,
) {
    // The cover image is shown before a video plays.
    let poster = fiche
        .image
        .as_ref()
        .zip(fiche.bundle.as_ref())
        .and_then(|(i, b)| normalise(&b.join(&i.value)))
        .and_then(|p| links.assets.get(&p));
    // Photos in every size; the first one is on the first screen when the fiche
    // has no cover image, the others load as the reader gets near them.
    for (n, (node, sizes)) in photos.into_iter().enumerate() {
        let lazy = n > 0 || fiche.image.is_some();
        let html = super::photo::img(node, sizes, lazy);
        node.insert_before(arena.alloc(NodeValue::Raw(html).into()));
        node.detach();
    }
    // From the last, so that two players of one paragraph keep their order.
    for (node, m, href) in players.into_iter().rev() {
        let caption = node.collect_text();
        let poster = (m.kind == crate::media::Kind::Video)
            .then_some(poster)
            .flatten()
            .map(String::as_str);
        let html = figure(m, &href, caption.trim(), poster, lang);
        place(arena, node, html);
    }
}

/// Puts a player in place of its image: the paragraph it stands alone in, or after
/// the paragraph it is written in (a `<figure>` cannot sit inside a `<p>`); anywhere
/// else (a table, a heading), a plain link to the file.
pub(super) fn place<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, html: String) {
    let parent = node
        .parent()
        .filter(|p| matches!(p.data.borrow().value, NodeValue::Paragraph));
    let Some(p) = parent else {
        let href = match &node.data.borrow().value {
            NodeValue::Image(link) => link.url.clone(),
            _ => return,
        };
        let text = crate::media::escape(node.collect_text().trim());
        let link = format!("<a href=\"{}\">{text}</a>", crate::media::escape(&href));
        node.insert_before(arena.alloc(NodeValue::Raw(link).into()));
        node.detach();
        return;
    };
    let raw = arena.alloc(NodeValue::Raw(html).into());
    let alone = p.children().filter(|c| !std::ptr::eq(*c, node)).all(|c| {
        matches!(
            c.data.borrow().value,
            NodeValue::Text(_) | NodeValue::SoftBreak | NodeValue::LineBreak
        ) && c.collect_text().trim().is_empty()
    });
    if alone {
        p.insert_before(raw);
        p.detach();
    } else {
        p.insert_after(raw);
        node.detach();
    }
}

/// A size in bytes as readers say it: `850 Ko`, `1,2 Mo` / `850 KB`, `1.2 MB`.
pub(super) fn size(bytes: u64, lang: Lang) -> String {
    let (n, unit) = if bytes >= 1_000_000 {
        (bytes as f64 / 1e6, lang.pick("Mo", "MB"))
    } else {
        ((bytes as f64 / 1e3).max(1.0), lang.pick("Ko", "KB"))
    };
    let text = if n < 10.0 && bytes >= 1_000_000 {
        format!("{n:.1}")
    } else {
        format!("{n:.0}")
    };
    let text = match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    };
    format!("{text}\u{a0}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::Transcript;

    fn media(kind: Kind, rel: &str) -> Media {
        Media {
            rel: rel.into(),
            kind,
            mime: if kind == Kind::Audio {
                "audio/mpeg"
            } else {
                "video/webm"
            },
            size: 1_234_567,
            duration: Some(75),
            transcript: Some(Transcript::read("e.txt".into(), "Bonjour.")),
            captions: (kind == Kind::Video).then(|| "atelier.vtt".to_string()),
        }
    }

    #[test]
    fn audio_player_with_caption_download_and_transcript() {
        let m = media(Kind::Audio, "entretien.mp3");
        let html = figure(
            &m,
            "../j/entretien.mp3",
            "Entretien <Nadia>",
            None,
            Lang::Fr,
        );
        assert!(html.starts_with("<figure class=\"media media--audio\">"));
        assert!(html.contains("<audio controls preload=\"none\" aria-label=\"Entretien &lt;Nadia&gt;\"><source src=\"../j/entretien.mp3\" type=\"audio/mpeg\">"), "{html}");
        assert!(html.contains("<figcaption>Entretien &lt;Nadia&gt; <a class=\"media__download\" href=\"../j/entretien.mp3\" download>Télécharger <span class=\"media__facts\">(MP3, 1,2\u{a0}Mo, 1:15)</span></a></figcaption>"), "{html}");
        assert!(html.contains("<summary>Lire la transcription</summary>"));
        assert!(html.contains("<p>Bonjour.</p>"));
    }

    #[test]
    fn video_player_with_poster_and_captions() {
        let m = media(Kind::Video, "atelier.webm");
        let html = figure(
            &m,
            "../j/atelier.webm",
            "Atelier",
            Some("../j/c.jpg"),
            Lang::En,
        );
        assert!(
            html.contains("<video controls preload=\"metadata\" poster=\"../j/c.jpg\""),
            "{html}"
        );
        assert!(html.contains("<track kind=\"captions\" src=\"../j/atelier.vtt\" srclang=\"en\" label=\"English\" default>"), "{html}");
        assert!(html.contains("Read the transcript"));
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(size(850_000, Lang::Fr), "850\u{a0}Ko");
        assert_eq!(size(1_234_567, Lang::En), "1.2\u{a0}MB");
        assert_eq!(size(25_000_000, Lang::Fr), "25\u{a0}Mo");
        assert_eq!(size(12, Lang::Fr), "1\u{a0}Ko");
    }
}
