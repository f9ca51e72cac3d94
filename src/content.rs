//! The content of a site: every fiche read from its text (in parallel), the files
//! each bundle publishes with its fiche, `static/`, what a link may point to, and
//! each fiche's body in HTML. Pure: works on the sources in memory. Every problem is
//! collected; none stops it. Checks across fiches are the validation pass's
//! (`check`), once the site is assembled.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::fiche::{self, Fiche};
use crate::lang::Lang;
use crate::links::Links;
use crate::markdown::Markdown;
use crate::media::{self, Media, Transcript};
use crate::output::Asset;
use crate::paths;
use crate::slug::slugify;
use crate::sources::{Sources, Text, decode, decode_owned, slash_path};

/// Where a published file comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A page fiches makes; `fiche` when it is a fiche's page (two of those are
    /// reported by `check::slugs`).
    Page { fiche: bool },
    /// A file of the theme (embedded, or `themes/NAME/static/`), which a file of the
    /// site replaces.
    Theme(Option<PathBuf>),
    /// A file of the site published as it is (`static/`, a bundle), from the site folder.
    File(PathBuf),
    /// A reduced copy of a photo of a bundle: the photo, and the copy's width.
    Copy(PathBuf, u32),
}

pub struct Loaded {
    /// Published fiches, in no particular order.
    pub fiches: Vec<Fiche>,
    /// Fiches whose front matter has errors: not published, their bodies still checked.
    pub invalid: Vec<Fiche>,
    /// Drafts left out (without `--drafts`): not published, but their addresses are
    /// taken all the same (see `check::slugs`).
    pub drafts: Vec<Fiche>,
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
    let mut diags = Vec::new();
    let mut links = Links::default();
    // Every fiche's file is a link target; a published one leads to its page.
    for t in &texts {
        links.fiches.insert(t.rel.clone(), None);
    }
    let (fiches, invalid) = parse_all(texts, cfg, &mut diags);
    let (fiches, left_out): (Vec<Fiche>, Vec<Fiche>) =
        fiches.into_iter().partition(|f| drafts || !f.draft);
    let mut skipped_drafts: Vec<(PathBuf, String)> = (left_out.iter())
        .map(|f| (f.path.clone(), f.title.clone()))
        .collect();
    skipped_drafts.sort();
    let mut loaded = Loaded {
        draft_slugs: left_out.iter().map(|f| f.slug.clone()).collect(),
        fiches,
        invalid,
        drafts: left_out,
        assets: Vec::new(),
        links,
        media: BTreeMap::new(),
        skipped_drafts,
    };
    bundle_files(src, cfg.language, &mut loaded, &mut diags);
    respell_covers(&mut loaded.fiches, &loaded.links);
    for f in &loaded.fiches {
        (loaded.links.fiches).insert(f.path.clone(), Some(paths::from_fiche_to(&f.slug, "")));
    }
    for file in &src.static_files {
        let rel = slash_path(file.strip_prefix("static").unwrap_or(file));
        loaded.links.root_files.insert(rel.clone());
        let from = src.static_copies.get(file).cloned();
        let from = Asset::File(from.unwrap_or_else(|| src.root.join(file)));
        loaded.assets.push((rel, from, Origin::File(file.clone())));
    }
    (loaded, diags)
}

/// Every fiche read from its text, in parallel: those published, and those whose
/// front matter has errors.
fn parse_all(
    texts: Vec<Text>,
    cfg: &Config,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Fiche>, Vec<Fiche>) {
    let parsed: Vec<(Option<Fiche>, Vec<Diagnostic>)> =
        texts.into_par_iter().map(|t| read_fiche(t, cfg)).collect();
    let mut fiches = Vec::new();
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
    (fiches, invalid)
}

/// The files of `content/` that are not fiches: each belongs to the closest bundle
/// above it, and is published with its fiche (a photo in each of its sizes), with
/// its audio or video noted; those of a draft left out, or of no bundle, are noted
/// for the links that lead to them.
fn bundle_files(src: &Sources, lang: Lang, loaded: &mut Loaded, diags: &mut Vec<Diagnostic>) {
    let bundles: HashMap<&Path, &Fiche> = (loaded.fiches.iter())
        .filter_map(|f| f.bundle.as_deref().map(|b| (b, f)))
        .collect();
    let draft_bundles: HashSet<&Path> = (loaded.drafts.iter())
        .filter_map(|f| f.bundle.as_deref())
        .collect();
    let links = &mut loaded.links;
    for file in &src.content_files {
        let owner = file
            .ancestors()
            .skip(1)
            .find_map(|dir| bundles.get(dir).map(|f| (dir, *f)));
        let Some((dir, f)) = owner else {
            if file.ancestors().any(|d| draft_bundles.contains(d)) {
                links.draft_assets.insert(file.clone());
            } else {
                links.others.insert(file.clone());
            }
            continue;
        };
        let rel = slash_path(file.strip_prefix(dir).unwrap_or(file));
        match src.photos.get(file) {
            // A photo is published as re-encoded: each size from the cache.
            Some(photo) => {
                let sizes = photo_sizes(src, file, photo, &f.slug, &rel, &mut loaded.assets);
                links.photos.insert(file.clone(), sizes);
            }
            // Published as it is, or without its metadata if it holds an image.
            None => {
                let from = src.static_copies.get(file).cloned();
                loaded.assets.push((
                    paths::fiche_file(&f.slug, &rel),
                    Asset::File(from.unwrap_or_else(|| src.root.join(file))),
                    Origin::File(file.clone()),
                ));
            }
        }
        let href = paths::from_fiche_to(&f.slug, &rel);
        links.assets.insert(file.clone(), href);
        if let Some(m) = media_file(src, file, dir, rel, lang, diags) {
            links.media.insert(file.clone(), m.clone());
            loaded.media.entry(dir.to_path_buf()).or_default().push(m);
        }
    }
}

/// Each published size of the photo `file` (at `rel` in the bundle of the fiche
/// `slug`) pushed to `assets`, from the cache; its sizes as pages show them (width,
/// height, address from the fiche's page).
fn photo_sizes(
    src: &Sources,
    file: &Path,
    photo: &crate::photos::Photo,
    slug: &str,
    rel: &str,
    assets: &mut Vec<(String, Asset, Origin)>,
) -> Vec<(u32, u32, String)> {
    let mut sizes = Vec::new();
    for size in &photo.sizes {
        let full = size.width == photo.width;
        let name = if full {
            rel.to_string()
        } else {
            crate::photos::sized_name(rel, size.width)
        };
        let from = size.file.clone().unwrap_or_else(|| src.root.join(file));
        let origin = if full {
            Origin::File(file.to_path_buf())
        } else {
            Origin::Copy(file.to_path_buf(), size.width)
        };
        assets.push((paths::fiche_file(slug, &name), Asset::File(from), origin));
        sizes.push((size.width, size.height, paths::from_fiche_to(slug, &name)));
    }
    sizes
}

/// A cover named with its accents written another way than its file's (NFC, NFD)
/// takes the file's spelling, which every later look-up uses.
fn respell_covers(fiches: &mut [Fiche], links: &Links) {
    for f in fiches {
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
}

/// Renders every fiche's body in parallel, published or not, into its `html` and
/// `sections`, with what the Markdown says of its links. The fiches with front
/// matter errors are not published, but their bodies are read all the same, so that
/// an author sees every mistake at once.
/// A fiche's body as the last build rendered it (its HTML, its `##` headings), when
/// that rendering is known to be what rendering it now gives, without a diagnostic:
/// what an incremental build keeps from the build before (`commands::incremental`).
#[derive(Clone)]
pub struct KeptBodies(pub std::sync::Arc<KeepBody>);

/// How [`KeptBodies`] tells a fiche's body (HTML, headings), when it can.
pub type KeepBody = dyn Fn(&Fiche) -> Option<(String, Vec<String>)> + Send + Sync;

impl std::fmt::Debug for KeptBodies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeptBodies")
    }
}

/// Renders each fiche's body, but those `kept` knows, which it takes as they are.
pub fn render_bodies(
    cfg: &Config,
    loaded: &mut Loaded,
    kept: &Option<KeptBodies>,
    forget: bool,
) -> Vec<Diagnostic> {
    let md = Markdown::new(cfg.unsafe_html, cfg.language);
    let links = &loaded.links;
    let fiches = loaded.fiches.par_iter_mut().chain(&mut loaded.invalid);
    let diags: Vec<Vec<Diagnostic>> = fiches
        .map(|f| {
            let diags = match kept.as_ref().and_then(|k| (k.0)(f)) {
                Some((html, sections)) => {
                    f.html = html;
                    f.sections = sections;
                    Vec::new()
                }
                None => render_body(&md, links, f),
            };
            if forget {
                f.forget_body();
            }
            diags
        })
        .collect();
    diags.into_iter().flatten().collect()
}

/// Renders `f`'s body into its `html` and `sections`: the links of a fiche's page
/// lead back to the site's root by [`paths::FICHE_TO_ROOT`].
pub fn render_body(md: &Markdown, links: &Links, f: &mut Fiche) -> Vec<Diagnostic> {
    let (r, diags) = md.render(f, links, paths::FICHE_TO_ROOT);
    f.html = r.html;
    f.sections = r.sections;
    diags
}

/// A media file of a bundle with its transcript and captions; a warning when it has
/// no transcript (WCAG 1.2.1: what is heard must also be readable).
fn media_file(
    sources: &Sources,
    file: &Path,
    dir: &Path,
    rel: String,
    lang: Lang,
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
