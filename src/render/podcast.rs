//! The podcast feed (`podcast.xml`): RSS 2.0 with the `itunes:` tags podcast apps
//! read, one episode per audio file of the published fiches, newest first.

use serde::Serialize;

use super::context::Ctx;
use super::ser;
use crate::diagnostic::Diagnostic;
use crate::fiche::Fiche;
use crate::lang::Date;
use crate::media::{Kind, clock};
use crate::output::Page;
use crate::paths;

/// What the feed says of itself to directories.
#[derive(Serialize)]
struct Channel<'a> {
    author: &'a str,
    email: Option<&'a str>,
    /// The artwork's absolute address.
    image: Option<String>,
    category: &'a str,
    explicit: bool,
}

#[derive(Serialize)]
struct Episode<'a> {
    title: String,
    summary: &'a str,
    /// The fiche's page.
    link: String,
    url: String,
    length: u64,
    mime: &'static str,
    /// Stable across builds: the fiche's address and the file's name.
    guid: String,
    pub_date: String,
    duration: Option<String>,
    author: String,
    transcript: Option<String>,
    transcript_type: &'static str,
}

impl Ctx<'_> {
    pub(super) fn podcast(&self, path: &str) -> Result<Page, Diagnostic> {
        let cfg = &self.site.config;
        let base = cfg.base_url.clone().unwrap_or_default();
        let mut episodes = Vec::new();
        for f in &self.site.fiches {
            let audio: Vec<_> = self
                .site
                .media_of(f)
                .iter()
                .filter(|m| m.kind == Kind::Audio)
                .collect();
            let link = format!("{base}{}", paths::fiche_dir(&f.slug));
            for (n, m) in audio.iter().enumerate() {
                let title = if audio.len() > 1 {
                    format!("{} ({}/{})", f.title, n + 1, audio.len())
                } else {
                    f.title.clone()
                };
                episodes.push(Episode {
                    title,
                    summary: &f.summary,
                    url: format!("{base}{}", paths::fiche_file_href(&f.slug, &m.rel)),
                    guid: format!("{link}#{}", m.rel),
                    link: link.clone(),
                    length: m.size,
                    mime: m.mime,
                    pub_date: rfc822(f.date.unwrap_or(Date {
                        year: 1970,
                        month: 1,
                        day: 1,
                    })),
                    duration: m.duration.map(clock),
                    author: author(f, &cfg.title),
                    transcript: m
                        .transcript
                        .as_ref()
                        .map(|t| format!("{base}{}", paths::fiche_file_href(&f.slug, &t.rel))),
                    transcript_type: m
                        .transcript
                        .as_ref()
                        .map_or("text/plain", |t| transcript_type(&t.rel)),
                });
            }
        }
        let newest = self.site.fiches.iter().filter_map(|f| f.date).max();
        let podcast = &cfg.podcast;
        let network = cfg.network.as_ref();
        let channel = Channel {
            author: podcast
                .author
                .as_deref()
                .or(network.map(|n| n.name.as_str()))
                .unwrap_or(&cfg.title),
            email: podcast.email.as_deref(),
            image: cfg.podcast_image().map(|(i, _)| format!("{base}{i}")),
            category: podcast.category,
            explicit: podcast.explicit,
        };
        let page = self.page(
            "podcast",
            cfg.title.clone(),
            cfg.description.clone(),
            path.to_string(),
        );
        self.emit(
            path,
            "podcast.xml",
            page,
            minijinja::context! {
                episodes => ser(episodes),
                channel => ser(channel),
                updated => newest.map(rfc822),
                feed_url => format!("{base}{}", paths::PODCAST),
            },
        )
    }
}

/// An episode's author: the fiche's collective, else its authors, else the site.
fn author(f: &Fiche, site_title: &str) -> String {
    f.collective
        .clone()
        .or_else(|| (!f.authors.is_empty()).then(|| f.authors.join(", ")))
        .unwrap_or_else(|| site_title.to_string())
}

/// The MIME type of a transcript, by its file's extension.
fn transcript_type(rel: &str) -> &'static str {
    match rel
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("vtt") => "text/vtt",
        Some("md") => "text/markdown",
        _ => "text/plain",
    }
}

/// A date as RSS writes it (RFC 822, at midnight UTC): `Sat, 05 Oct 2024 00:00:00 +0000`.
pub(super) fn rfc822(d: Date) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // Days since 1970-01-01 (a Thursday), from the civil date.
    let (y, m) = if d.month <= 2 {
        (i64::from(d.year) - 1, i64::from(d.month) + 9)
    } else {
        (i64::from(d.year), i64::from(d.month) - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    format!(
        "{}, {:02} {} {:04} 00:00:00 +0000",
        DAYS[days.rem_euclid(7) as usize],
        d.day,
        MONTHS[usize::from(d.month.clamp(1, 12)) - 1],
        d.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc822_dates_have_their_weekday() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(rfc822(d(2024, 10, 5)), "Sat, 05 Oct 2024 00:00:00 +0000");
        assert_eq!(rfc822(d(1970, 1, 1)), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc822(d(2000, 2, 29)), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(rfc822(d(2023, 12, 31)), "Sun, 31 Dec 2023 00:00:00 +0000");
    }
}
