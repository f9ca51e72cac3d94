//! Reads a site from disk: `fiches.toml`, every fiche under `content/` (in parallel),
//! bundle files and `static/`. Every problem is collected; none stops the reading.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::fiche::{self, Fiche};
use crate::lang::Lang;
use crate::markdown::Links;
use crate::slug::slugify;

/// A file published as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub source: PathBuf,
    /// Path in the output, with `/` separators.
    pub dest: String,
}

pub struct Loaded {
    /// Published fiches, in no particular order.
    pub fiches: Vec<Fiche>,
    /// Fiches whose front matter has errors: not published, their bodies still checked.
    pub invalid: Vec<Fiche>,
    /// Bundle files of published fiches, then `static/`.
    pub assets: Vec<Asset>,
    pub links: Links,
}

/// Reads `fiches.toml`; a missing or unreadable file is an error that says what a
/// site folder looks like.
pub fn config(site: &Path) -> (Option<Config>, Vec<Diagnostic>) {
    let path = site.join(config::FILE_NAME);
    match std::fs::read(&path) {
        Ok(bytes) => match fiche::decode(&bytes, Path::new(config::FILE_NAME), Lang::Fr) {
            Ok(text) => config::parse(&text),
            Err(d) => (None, vec![d]),
        },
        Err(e) => {
            let d = if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::error(format!(
                    "aucun fichier {} dans `{}` : ce dossier n'est pas un site fiches \
                     / no {} in `{}`: this folder is not a fiches site",
                    config::FILE_NAME,
                    site.display(),
                    config::FILE_NAME,
                    site.display()
                ))
                .hint(
                    "indiquez le dossier du site (fiches build mon-site) ou créez-en un avec \
                     `fiches init mon-site` / give the site's folder, or create one with `fiches init my-site`",
                )
            } else {
                io_error(&path, &e, Lang::Fr)
            };
            (None, vec![d])
        }
    }
}

/// Reads every fiche. Drafts are kept only when `drafts` is set.
pub fn content(site: &Path, cfg: &Config, drafts: bool) -> (Loaded, Vec<Diagnostic>) {
    let lang = cfg.language;
    let mut diags = Vec::new();
    let mut files = Vec::new();
    walk(site, Path::new("content"), &mut files, &mut diags, lang);

    let sources: Vec<&PathBuf> = files.iter().filter(|p| is_markdown(p)).collect();
    let parsed: Vec<(Option<Fiche>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|rel| read_fiche(site, rel, cfg))
        .collect();

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
    check_slugs(fiches.iter().chain(&invalid), lang, &mut diags);
    let draft_bundles: std::collections::HashSet<PathBuf> = fiches
        .iter()
        .filter(|f| f.draft && !drafts)
        .filter_map(|f| f.bundle.clone())
        .collect();
    fiches.retain(|f| drafts || !f.draft);

    // Bundle files belong to the closest bundle above them.
    let bundles: HashMap<&Path, &Fiche> = fiches
        .iter()
        .filter_map(|f| f.bundle.as_deref().map(|b| (b, f)))
        .collect();
    let mut assets = Vec::new();
    for file in files.iter().filter(|p| !is_markdown(p)) {
        let owner = file
            .ancestors()
            .skip(1)
            .find_map(|dir| bundles.get(dir).map(|f| (dir, *f)));
        match owner {
            Some((dir, f)) => {
                let rel = slash_path(file.strip_prefix(dir).unwrap_or(file));
                assets.push(Asset {
                    source: site.join(file),
                    dest: format!("fiches/{}/{rel}", f.slug),
                });
                links.assets.insert(file.clone(), (f.slug.clone(), rel));
            }
            None if file.ancestors().any(|d| draft_bundles.contains(d)) => {
                links.draft_assets.insert(file.clone());
            }
            None => {
                links.others.insert(file.clone());
            }
        }
    }
    for rel in &sources {
        links.fiches.insert((*rel).clone(), None);
    }
    for f in &fiches {
        links.fiches.insert(f.path.clone(), Some(f.slug.clone()));
        check_image(f, &links, lang, &mut diags);
    }

    let mut statics = Vec::new();
    walk(site, Path::new("static"), &mut statics, &mut diags, lang);
    for file in statics {
        let rel = slash_path(file.strip_prefix("static").unwrap_or(&file));
        links.root_files.insert(rel.clone());
        assets.push(Asset {
            source: site.join(&file),
            dest: rel,
        });
    }
    (
        Loaded {
            fiches,
            invalid,
            assets,
            links,
        },
        diags,
    )
}

fn read_fiche(site: &Path, rel: &Path, cfg: &Config) -> (Option<Fiche>, Vec<Diagnostic>) {
    let lang = cfg.language;
    let bytes = match std::fs::read(site.join(rel)) {
        Ok(b) => b,
        Err(e) => return (None, vec![io_error(rel, &e, lang)]),
    };
    let text = match fiche::decode(&bytes, rel, lang) {
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

fn check_slugs<'a>(
    fiches: impl Iterator<Item = &'a Fiche>,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Fiche> = HashMap::new();
    let mut sorted: Vec<&Fiche> = fiches.filter(|f| !f.slug.is_empty()).collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        if let Some(first) = seen.get(f.slug.as_str()) {
            let (a, b) = (
                crate::diagnostic::display_path(&first.path),
                crate::diagnostic::display_path(&f.path),
            );
            let mut d = Diagnostic::error(lang.pick(
                format!(
                    "deux fiches ont la même adresse `fiches/{}/` : {a} et {b}",
                    f.slug
                ),
                format!(
                    "two fiches have the same address `fiches/{}/`: {a} and {b}",
                    f.slug
                ),
            ))
            .in_file(&f.path)
            .hint(lang.pick(
                "renommez l'un des fichiers, ou donnez à l'une des fiches un `slug` différent",
                "rename one of the files, or give one of the fiches a different `slug`",
            ));
            if !f.slug_span.is_empty() {
                d = d.at(&f.text, f.slug_span.clone());
            }
            diags.push(d);
        } else {
            seen.insert(&f.slug, f);
        }
    }
}

fn check_image(f: &Fiche, links: &Links, lang: Lang, diags: &mut Vec<Diagnostic>) {
    let Some(image) = &f.image else { return };
    let err = |msg: String, hint: String| {
        Diagnostic::error(msg)
            .in_file(&f.path)
            .at(&f.text, f.image_span.clone())
            .hint(hint)
    };
    let Some(bundle) = &f.bundle else {
        diags.push(err(
            lang.pick(
                "une image de couverture se range avec la fiche, dans son dossier",
                "a cover image is kept with the fiche, in its folder",
            ),
            lang.pick(
                "créez un dossier au nom de la fiche, déplacez-y la fiche sous le nom index.md et l'image à côté",
                "create a folder named after the fiche, move the fiche into it as index.md and the image beside it",
            ),
        ));
        return;
    };
    let found = crate::markdown::normalise(&bundle.join(image))
        .is_some_and(|p| links.assets.contains_key(&p));
    if !found {
        diags.push(err(
            lang.pick(
                format!("l'image `{image}` est introuvable dans le dossier de la fiche"),
                format!("the image `{image}` is not in the fiche's folder"),
            ),
            lang.pick(
                format!(
                    "placez le fichier dans {} ou corrigez son nom",
                    crate::diagnostic::display_path(bundle)
                ),
                format!(
                    "put the file in {} or fix its name",
                    crate::diagnostic::display_path(bundle)
                ),
            ),
        ));
    }
}

/// Lists the files under `site/dir` (paths relative to `site`), sorted, skipping
/// hidden files and editors' temporary files. Symbolic links to folders are not
/// followed, so a loop cannot hang a build.
pub fn walk(
    site: &Path,
    dir: &Path,
    out: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
    lang: Lang,
) {
    let entries = match std::fs::read_dir(site.join(dir)) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            diags.push(io_error(dir, &e, lang));
            return;
        }
    };
    let mut names: Vec<_> = entries.filter_map(Result::ok).collect();
    names.sort_by_key(|e| e.file_name());
    for entry in names {
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if is_ignored(&name_str) {
            continue;
        }
        let rel = dir.join(&name);
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(site, &rel, out, diags, lang),
            Ok(t) if t.is_file() => out.push(rel),
            Ok(t)
                if t.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) =>
            {
                out.push(rel)
            }
            _ => {}
        }
    }
}

/// Hidden files and the temporary files editors leave while saving.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

pub fn slash_path(p: &Path) -> String {
    crate::diagnostic::display_path(p)
}

pub fn io_error(path: &Path, e: &std::io::Error, lang: Lang) -> Diagnostic {
    Diagnostic::error(lang.pick(
        format!("lecture impossible : {e}"),
        format!("cannot read: {e}"),
    ))
    .in_file(path)
}
