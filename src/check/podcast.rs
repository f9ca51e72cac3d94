//! The podcast's artwork: podcast directories (Apple Podcasts, Spotify) refuse a
//! feed without a square image of 1400 to 3000 pixels, in JPEG or PNG.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config;
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::paths;
use crate::site::Site;

/// The sides podcast directories accept, in pixels.
const SIDES: std::ops::RangeInclusive<u32> = 1400..=3000;

/// Warns when the site has a podcast feed whose artwork (`[podcast] image`, else
/// the network's logo) is missing, not square, too small or too large, or neither
/// JPEG nor PNG. `root_files` are the site's files by published path, and
/// `static_sizes` the sizes `sources` read of the images of `static/`.
pub fn artwork(
    site: &Site,
    root_files: &HashSet<String>,
    static_sizes: &BTreeMap<PathBuf, Result<(u32, u32), String>>,
    config_text: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if !paths::has_podcast(site) {
        return;
    }
    let cfg = &site.config;
    let lang = cfg.language;
    let advice = lang.pick(
        "préparez une image carrée de 1400 à 3000 pixels de côté, en JPEG ou PNG, placez-la dans static/ et indiquez-la dans fiches.toml : [podcast] image = \"podcast.jpg\"",
        "make a square image of 1400 to 3000 pixels a side, in JPEG or PNG, put it in static/ and name it in fiches.toml: [podcast] image = \"podcast.jpg\"",
    );
    let Some((image, span)) = cfg.podcast_image() else {
        diags.push(
            Diagnostic::warning(lang.pick(
                "le podcast n'a pas d'image : Apple Podcasts et Spotify refusent un podcast sans image",
                "the podcast has no image: Apple Podcasts and Spotify refuse a podcast without one",
            ))
            .in_file(config::FILE_NAME)
            .hint(advice),
        );
        return;
    };
    if !root_files.contains(image) {
        if cfg.podcast.image.is_some() {
            diags.push(
                Diagnostic::error(lang.pick(
                    format!("l'image du podcast `{image}` est introuvable"),
                    format!("the podcast's image `{image}` cannot be found"),
                ))
                .in_file(config::FILE_NAME)
                .at(config_text, span)
                .hint(lang.pick(
                    format!("placez l'image dans static/{image}, ou corrigez son nom"),
                    format!("put the image at static/{image}, or fix its name"),
                )),
            );
        }
        // A missing logo is said by the network's check.
        return;
    }
    // A theme's file is not measured: the theme's author chose it.
    let Some(size) = static_sizes.get(&Path::new("static").join(image)) else {
        return;
    };
    let problem = problem(image, size, lang);
    if let Some(message) = problem {
        diags.push(
            Diagnostic::warning(message)
                .in_file(config::FILE_NAME)
                .at(config_text, span)
                .hint(advice),
        );
    }
}

/// What is wrong with the podcast's artwork `image`, of `size` as `sources` read it:
/// a format podcast directories refuse, or a size they refuse.
fn problem(image: &str, size: &Result<(u32, u32), String>, lang: Lang) -> Option<String> {
    let jpeg_or_png = image.rsplit_once('.').is_some_and(|(_, ext)| {
        matches!(ext.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png")
    });
    match size {
        Err(why) => Some(why.clone()),
        Ok(_) if !jpeg_or_png => Some(lang.pick(
            format!(
                "l'image du podcast `{image}` n'est ni en JPEG ni en PNG, les deux formats que les annuaires de podcasts acceptent"
            ),
            format!(
                "the podcast's image `{image}` is neither JPEG nor PNG, the two formats podcast directories accept"
            ),
        )),
        &Ok((w, h)) if w != h || !SIDES.contains(&w) => Some(lang.pick(
            format!(
                "l'image du podcast `{image}` mesure {w} × {h} pixels : les annuaires de podcasts demandent une image carrée de 1400 à 3000 pixels"
            ),
            format!(
                "the podcast's image `{image}` is {w} × {h} pixels: podcast directories ask for a square image of 1400 to 3000 pixels"
            ),
        )),
        Ok(_) => None,
    }
}
