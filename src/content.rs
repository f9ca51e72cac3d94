//! The content of a site: every fiche read from its text (in parallel), the files
//! each bundle publishes with its fiche, `static/`, and what a link may point to.
//! Pure: works on the sources in memory. Every problem is collected; none stops it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check;
use crate::check::addresses::Origin;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::fiche::{self, Fiche};
use crate::links::Links;
use crate::media::{self, Media, Transcript};
use crate::output::Asset;
use crate::paths;
use crate::slug::slugify;
use crate::sources::{Sources, Text, decode, decode_owned, slash_path};

pub struct Loaded {
    /// Published fiches, in no particular order.
    pub fiches: Vec<Fiche>,
    /// Fiches whose front matter has errors: not published, their bodies still checked.
    pub invalid: Vec<Fiche>,
    /// Bundle files of published fiches (photos in each size), then `static/`, by
    /// output path, with where each comes from.
    pub assets: Vec<(String, Asset, Origin)>,
    pub links: Links,
    /// The audio and video files of each published bundle, by its folder, sorted.
    pub media: BTreeMap<PathBuf, Vec<Media>>,
    /// Drafts left out (without `--drafts`): their files and titles, by path.
    pub skipped_drafts: Vec<(PathBuf, String)>,
    /// The addresses (slugs) of those drafts, which a new fiche may not take either.
    pub draft_slugs: Vec<String>,
}

/// Reads every fiche of `sources`; the other files of `content/` are published with
/// their bundle, those of `static/` at the root. Drafts are kept only when `drafts`
/// is set.
pub fn read(sources: &mut Sources, cfg: &Config, drafts: bool) -> (Loaded, Vec<Diagnostic>) {
    let texts = std::mem::take(&mut sources.fiches);
    let src = &*sources;
    let root = src.root.as_path();
    let files = &src.content_files;
    let statics = &src.static_files;
    let lang = cfg.language;
    let mut diags = Vec::new();
    let sources: Vec<PathBuf> = texts.iter().map(|t| t.rel.clone()).collect();
    let parsed: Vec<(Option<Fiche>, Vec<Diagnostic>)> =
        texts.into_par_iter().map(|t| read_fiche(t, cfg)).collect();

    let mut fiches = Vec::new();
    let mut links = Links::default();
    let mut invalid = Vec::new();
    for (fiche, mut d) in parsed {
        let failed = d.iter().any(Diagnostic::is_error);
        diags.append(&mut d);
        match fiche {
            Some(f) if failed => invalid.push(f),
            Some(f) => fiches.push(f),
            None => {}
        }
    }
    check::slugs::check(fiches.iter().chain(&invalid), lang, &mut diags);
    let draft_bundles: std::collections::HashSet<PathBuf> = fiches
        .iter()
        .filter(|f| f.draft && !drafts)
        .filter_map(|f| f.bundle.clone())
        .collect();
    let mut skipped_drafts: Vec<(PathBuf, String)> = fiches
        .iter()
        .filter(|f| f.draft && !drafts)
        .map(|f| (f.path.clone(), f.title.clone()))
        .collect();
    skipped_drafts.sort();
    let draft_slugs = fiches
        .iter()
        .filter(|f| f.draft && !drafts)
        .map(|f| f.slug.clone())
        .collect();
    fiches.retain(|f| drafts || !f.draft);

    // Bundle files belong to the closest bundle above them.
    let bundles: HashMap<&Path, &Fiche> = fiches
        .iter()
        .filter_map(|f| f.bundle.as_deref().map(|b| (b, f)))
        .collect();
    let mut assets = Vec::new();
    let mut all_media: BTreeMap<PathBuf, Vec<Media>> = BTreeMap::new();
    for file in files {
        let owner = file
            .ancestors()
            .skip(1)
            .find_map(|dir| bundles.get(dir).map(|f| (dir, *f)));
        match owner {
            Some((dir, f)) => {
                let rel = slash_path(file.strip_prefix(dir).unwrap_or(file));
                match src.photos.get(file) {
                    // A photo is published as re-encoded: each size from the cache.
                    Some(photo) => {
                        let mut sizes = Vec::new();
                        for size in &photo.sizes {
                            let name = if size.width == photo.width {
                                rel.clone()
                            } else {
                                crate::photos::sized_name(&rel, size.width)
                            };
                            let from = size.file.clone().unwrap_or_else(|| root.join(file));
                            let origin = if size.width == photo.width {
                                Origin::File(file.clone())
                            } else {
                                Origin::Copy(file.clone(), size.width)
                            };
                            assets.push((
                                paths::fiche_file(&f.slug, &name),
                                Asset::File(from),
                                origin,
                            ));
                            sizes.push((
                                size.width,
                                size.height,
                                paths::from_fiche_to(&f.slug, &name),
                            ));
                        }
                        links.photos.insert(file.clone(), sizes);
                    }
                    // Published as it is, or without its metadata if it holds an image.
                    None => assets.push((
                        paths::fiche_file(&f.slug, &rel),
                        Asset::File(
                            src.static_copies
                                .get(file)
                                .cloned()
                                .unwrap_or_else(|| root.join(file)),
                        ),
                        Origin::File(file.clone()),
                    )),
                }
                links
                    .assets
                    .insert(file.clone(), paths::from_fiche_to(&f.slug, &rel));
                if let Some(m) = media_file(src, file, dir, rel, lang, &mut diags) {
                    links.media.insert(file.clone(), m.clone());
                    all_media.entry(dir.to_path_buf()).or_default().push(m);
                }
            }
            None if file.ancestors().any(|d| draft_bundles.contains(d)) => {
                links.draft_assets.insert(file.clone());
            }
            None => {
                links.others.insert(file.clone());
            }
        }
    }
    for rel in sources {
        links.fiches.insert(rel, None);
    }
    // A cover named with its accents written another way than its file's (NFC, NFD)
    // takes the file's spelling, which every later look-up uses.
    for f in &mut fiches {
        let (Some(image), Some(bundle)) = (&f.image, &f.bundle) else {
            continue;
        };
        let Some(path) = crate::links::normalise(&bundle.join(&image.value)) else {
            continue;
        };
        let spelled = links.spelled(path.clone());
        if spelled != path
            && let Ok(rel) = spelled.strip_prefix(bundle)
        {
            let spelled = slash_path(rel);
            if let Some(image) = &mut f.image {
                image.value = spelled;
            }
        }
    }
    // The placeholder check reads every line of every fiche: in parallel, its
    // diagnostics kept in the order of a fiche-by-fiche check.
    let placeholders: Vec<Vec<Diagnostic>> = fiches
        .par_iter()
        .map(|f| {
            let mut d = Vec::new();
            check::placeholders::check(cfg, f, &mut d);
            d
        })
        .collect();
    for (f, mut placeholders) in fiches.iter().zip(placeholders) {
        links
            .fiches
            .insert(f.path.clone(), Some(paths::from_fiche_to(&f.slug, "")));
        check::images::check(f, &links, lang, &mut diags);
        diags.append(&mut placeholders);
    }

    for file in statics {
        let rel = slash_path(file.strip_prefix("static").unwrap_or(file));
        links.root_files.insert(rel.clone());
        let from = src.static_copies.get(file).cloned();
        let from = Asset::File(from.unwrap_or_else(|| root.join(file)));
        assets.push((rel, from, Origin::File(file.clone())));
    }
    (
        Loaded {
            fiches,
            invalid,
            assets,
            links,
            media: all_media,
            skipped_drafts,
            draft_slugs,
        },
        diags,
    )
}

/// A media file of a bundle with its transcript and captions; a warning when it has
/// no transcript (WCAG 1.2.1: what is heard must also be readable).
fn media_file(
    sources: &Sources,
    file: &Path,
    dir: &Path,
    rel: String,
    lang: crate::lang::Lang,
    diags: &mut Vec<Diagnostic>,
) -> Option<Media> {
    let (kind, mime) = media::kind_of(file)?;
    let probe = sources.media.get(file).cloned().unwrap_or_default();
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let in_bundle = |p: &Path| slash_path(p.strip_prefix(dir).unwrap_or(p));
    let companions = media::companions(file);
    let transcript = companions.iter().find_map(|c| {
        let text = sources.transcripts.get(c)?;
        match decode(&text.bytes, c, lang) {
            Ok(words) => Some(Transcript::read(in_bundle(c), &words)),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    });
    let vtt = &companions[2];
    let captions = (kind == media::Kind::Video && sources.transcripts.contains_key(vtt))
        .then(|| in_bundle(vtt));
    if transcript.is_none() {
        let want = display_path(&companions[0]);
        diags.push(
            Diagnostic::warning(lang.pick(
                "ce fichier audio ou vidéo n'a pas de transcription : les personnes sourdes ou malentendantes n'y ont pas accès (WCAG 1.2.1)",
                "this audio or video file has no transcript: deaf and hard of hearing readers cannot follow it (WCAG 1.2.1)",
            ))
            .in_file(file)
            .hint(lang.pick(
                format!("écrivez ce qui est dit dans {want} (ou un .md, ou des sous-titres .vtt pour une vidéo), à côté du fichier"),
                format!("write what is said in {want} (or a .md, or .vtt captions for a video), beside the file"),
            )),
        );
    }
    Some(Media {
        duration: media::duration(ext, &probe),
        size: probe.len,
        rel,
        kind,
        mime,
        transcript,
        captions,
    })
}

fn read_fiche(t: Text, cfg: &Config) -> (Option<Fiche>, Vec<Diagnostic>) {
    let lang = cfg.language;
    let rel = t.rel.as_path();
    let text = match decode_owned(t.bytes, rel, lang) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let (name, slug) = default_slug(rel);
    let bundle = is_bundle(rel).then(|| rel.parent().unwrap_or(Path::new("")).to_path_buf());
    let (fiche, mut diags) = fiche::parse(text, rel, &slug, bundle, cfg);
    if let Some(f) = &fiche
        && f.slug.is_empty()
        && !diags.iter().any(Diagnostic::is_error)
    {
        diags.push(
            Diagnostic::error(lang.pick(
                format!(
                    "le nom « {name} » ne donne pas d'adresse de page (aucune lettre ni chiffre)"
                ),
                format!("the name \"{name}\" gives no page address (no letter or digit)"),
            ))
            .in_file(rel)
            .hint(lang.pick(
                "renommez le fichier, ou ajoutez slug = \"nom-de-la-page\"",
                "rename the file, or add slug = \"page-name\"",
            )),
        );
        return (None, diags);
    }
    (fiche, diags)
}

/// `NAME/index.md` in a folder of `content/`; `content/index.md` itself is an
/// ordinary fiche, or every loose file of `content/` would belong to it.
fn is_bundle(rel: &Path) -> bool {
    rel.file_name().is_some_and(|n| n == "index.md") && rel.components().count() > 2
}

/// The name a fiche's address comes from (its file, or its folder for a bundle), and
/// the slug made of it.
pub fn default_slug(rel: &Path) -> (String, String) {
    let name = if is_bundle(rel) {
        rel.parent().and_then(Path::file_name)
    } else {
        rel.file_stem()
    };
    let name = name
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(&name);
    (name, slug)
}
