//! Audio and video files kept with a fiche: their kind and MIME type, their
//! transcript (a `.txt`, `.md` or `.vtt` file beside them) made readable, and their
//! duration when the first or last bytes of the file tell it cheaply. Pure.

use std::path::{Path, PathBuf};

use serde::Serialize;

mod duration;

pub use duration::duration;

/// How many bytes of a media file's start and end `sources` reads for its duration.
pub const PROBE: usize = 64 * 1024;
/// A transcript longer than this is not read (a fiche's own limit).
pub const MAX_TRANSCRIPT: u64 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Audio,
    Video,
}

/// The kind and MIME type of a media file, by its extension; `None` for any other file.
pub fn kind_of(path: &Path) -> Option<(Kind, &'static str)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "mp3" => (Kind::Audio, "audio/mpeg"),
        "ogg" | "oga" | "opus" => (Kind::Audio, "audio/ogg"),
        "m4a" => (Kind::Audio, "audio/mp4"),
        "wav" => (Kind::Audio, "audio/wav"),
        "mp4" | "m4v" => (Kind::Video, "video/mp4"),
        "webm" => (Kind::Video, "video/webm"),
        _ => return None,
    })
}

/// The files that may sit beside a media file to give its words: a transcript
/// (`.txt`, `.md`) or captions (`.vtt`, also read as a transcript), in that order of
/// preference.
pub fn companions(media: &Path) -> [PathBuf; 3] {
    ["txt", "md", "vtt"].map(|e| media.with_extension(e))
}

/// What a media file's bytes told: its size and, when cheap, its duration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Probe {
    pub len: u64,
    /// Up to [`PROBE`] bytes from the start of the file.
    pub head: Vec<u8>,
    /// Up to [`PROBE`] bytes from the end of the file.
    pub tail: Vec<u8>,
}

/// A media file published with a fiche.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Media {
    /// Its path inside the fiche's folder, with `/`.
    pub rel: String,
    pub kind: Kind,
    pub mime: &'static str,
    /// Its exact size in bytes.
    pub size: u64,
    /// Whole seconds, when the file tells it cheaply.
    pub duration: Option<u64>,
    pub transcript: Option<Transcript>,
    /// The `.vtt` captions file beside a video, inside the fiche's folder.
    pub captions: Option<String>,
}

/// The words of a media file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transcript {
    /// The transcript's file inside the fiche's folder, with `/`.
    pub rel: String,
    /// As HTML, ready to show under the player.
    pub html: String,
    /// As plain text, for the data export.
    pub text: String,
}

impl Transcript {
    /// Reads a transcript from its file's text, by the file's extension.
    pub fn read(rel: String, text: &str) -> Transcript {
        let lower = rel.to_ascii_lowercase();
        let (html, text) = if lower.ends_with(".md") {
            (markdown_html(text), text.trim().to_string())
        } else if lower.ends_with(".vtt") {
            let plain = vtt_text(text);
            (paragraphs_html(&plain), plain)
        } else {
            (paragraphs_html(text), text.trim().to_string())
        };
        Transcript { rel, html, text }
    }
}

/// Plain text cut into paragraphs at blank lines, lines kept, HTML escaped.
fn paragraphs_html(text: &str) -> String {
    let mut out = String::new();
    let text = text.replace("\r\n", "\n");
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        let lines: Vec<String> = para.lines().map(|l| escape(l.trim())).collect();
        out.push_str(&lines.join("<br>\n"));
        out.push_str("</p>\n");
    }
    out
}

/// A Markdown transcript as HTML: no raw HTML let through, whatever the site allows.
fn markdown_html(text: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    comrak::markdown_to_html(text, &options)
}

/// The words of WebVTT captions: the header, cue numbers, timings, notes, styles
/// and tags left out; one cue's lines joined, a speaker change (`<v Nadia>`) kept as
/// a new paragraph with the name.
pub fn vtt_text(vtt: &str) -> String {
    let vtt = vtt.replace("\r\n", "\n");
    let mut paras: Vec<String> = Vec::new();
    for block in vtt.split("\n\n") {
        let lines: Vec<&str> = block.lines().map(str::trim).collect();
        let Some(timing) = lines.iter().position(|l| l.contains("-->")) else {
            continue;
        };
        let words: Vec<String> = lines[timing + 1..]
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| strip_tags(l))
            .collect();
        if words.is_empty() {
            continue;
        }
        let joined = words.join(" ");
        let speaker = lines[timing + 1..]
            .first()
            .and_then(|l| l.strip_prefix("<v "))
            .and_then(|l| l.split_once('>'))
            .map(|(name, _)| name.trim().to_string());
        match (speaker, paras.last_mut()) {
            (Some(name), _) => paras.push(format!("{name} : {joined}")),
            (None, Some(last)) => {
                last.push(' ');
                last.push_str(&joined);
            }
            (None, None) => paras.push(joined),
        }
    }
    paras.join("\n\n")
}

fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
}

pub use crate::escape::escape;

/// A duration as podcast apps read it: `H:MM:SS`, or `M:SS` under an hour.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(
            kind_of(Path::new("a/Entretien.MP3")),
            Some((Kind::Audio, "audio/mpeg"))
        );
        assert_eq!(
            kind_of(Path::new("atelier.webm")),
            Some((Kind::Video, "video/webm"))
        );
        assert_eq!(kind_of(Path::new("photo.jpg")), None);
        assert_eq!(kind_of(Path::new("mp3")), None);
    }

    #[test]
    fn text_transcripts_are_escaped_paragraphs() {
        let t = Transcript::read("e.txt".into(), "Nadia : <b>oui</b>\net alors\n\n\nFin.\n");
        assert_eq!(
            t.html,
            "<p>Nadia : &lt;b&gt;oui&lt;/b&gt;<br>\net alors</p>\n<p>Fin.</p>\n"
        );
        assert_eq!(t.text, "Nadia : <b>oui</b>\net alors\n\n\nFin.");
    }

    #[test]
    fn markdown_transcripts_let_no_html_through() {
        let t = Transcript::read("e.md".into(), "**Nadia** : bonjour <script>x</script>");
        assert!(t.html.contains("<strong>Nadia</strong>"), "{}", t.html);
        assert!(!t.html.contains("<script>"), "{}", t.html);
    }

    #[test]
    fn captions_become_words() {
        let vtt = "WEBVTT\n\nNOTE made by hand\n\n1\n00:00.000 --> 00:02.000\n<v Nadia>Au début\nje venais\n\n\
                   00:02.000 --> 00:04.000 align:start\npour le <i>café</i> &amp; le reste\n\n\
                   00:04.000 --> 00:05.000\n<v Karim>Moi aussi.\n";
        assert_eq!(
            vtt_text(vtt),
            "Nadia : Au début je venais pour le café & le reste\n\nKarim : Moi aussi."
        );
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(7), "0:07");
        assert_eq!(clock(3725), "1:02:05");
    }
}
