//! The podcast's artwork: podcast directories (Apple Podcasts, Spotify) refuse a
//! feed without a square image of 1400 to 3000 pixels, in JPEG or PNG.

use std::path::Path;

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::output::Asset;
use crate::paths;
use crate::photos;
use crate::site::Site;

/// The sides podcast directories accept, in pixels.
const SIDES: std::ops::RangeInclusive<u32> = 1400..=3000;

/// Warns when the site has a podcast feed whose artwork (`[podcast] image`, else
/// the network's logo) is missing, not square, too small or too large, or neither
/// JPEG nor PNG. `assets` are the site's published files, by output path.
pub fn artwork(
    site: &Site,
    assets: &[(String, Asset)],
    root: &Path,
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
    let Some((image, span)) = chosen(cfg) else {
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
    let file = assets.iter().find_map(|(dest, a)| match a {
        Asset::File(path) if dest == image => Some(path),
        _ => None,
    });
    let Some(file) = file else {
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
    };
    let jpeg_or_png = image.rsplit_once('.').is_some_and(|(_, ext)| {
        matches!(ext.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png")
    });
    let rel = file.strip_prefix(root).unwrap_or(file);
    let problem = match photos::measure(root, rel, lang) {
        Err(d) => Some(d.message),
        Ok(p) if !jpeg_or_png => Some(lang.pick(
            format!(
                "l'image du podcast `{image}` n'est ni en JPEG ni en PNG, les deux formats que les annuaires de podcasts acceptent ({} × {} pixels)",
                p.width, p.height
            ),
            format!(
                "the podcast's image `{image}` is neither JPEG nor PNG, the two formats podcast directories accept ({} × {} pixels)",
                p.width, p.height
            ),
        )),
        Ok(p) if p.width != p.height || !SIDES.contains(&p.width) => Some(lang.pick(
            format!(
                "l'image du podcast `{image}` mesure {} × {} pixels : les annuaires de podcasts demandent une image carrée de 1400 à 3000 pixels",
                p.width, p.height
            ),
            format!(
                "the podcast's image `{image}` is {} × {} pixels: podcast directories ask for a square image of 1400 to 3000 pixels",
                p.width, p.height
            ),
        )),
        Ok(_) => None,
    };
    if let Some(message) = problem {
        diags.push(
            Diagnostic::warning(message)
                .in_file(config::FILE_NAME)
                .at(config_text, span)
                .hint(advice),
        );
    }
}

/// The artwork the feed names, with where `fiches.toml` writes it.
fn chosen(cfg: &Config) -> Option<(&str, std::ops::Range<usize>)> {
    if let Some(image) = &cfg.podcast.image {
        return Some((image, cfg.podcast.image_span.clone()));
    }
    let network = cfg.network.as_ref()?;
    Some((network.logo.as_deref()?, network.logo_span.clone()))
}
