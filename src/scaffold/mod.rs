//! `fiches init` and `fiches new`: a new site, a new fiche; `fiches forge`: the CI of
//! its forge. Never overwrites a file.

mod examples;
mod forge;
mod text;

use std::path::{Path, PathBuf};

use crate::config;
use crate::diagnostic::{Diagnostic, Failure};
use crate::lang::{self, Lang};
use crate::slug;
use crate::sources;
use crate::theme;

pub use forge::{Forge, add as add_forge};
pub use text::config_text;

/// `fiches init`: writes a ready site into `dir`. Refuses a folder that already holds
/// a site, or any file it would overwrite; nothing is written then.
pub fn init(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.join(config::FILE_NAME).exists() {
        return Err(Diagnostic::error(lang.pick(
            "ce dossier contient déjà un site (fiches.toml) : rien n'a été écrit",
            "this folder already holds a site (fiches.toml): nothing was written",
        ))
        .in_file(dir)
        .hint(lang.pick(
            "choisissez un nouveau dossier, par exemple : fiches init mon-site",
            "choose a new folder, for example: fiches init my-site",
        )));
    }
    let files = text::site_files(lang);
    if let Some(d) = already_there(dir, files.iter().map(|(rel, _)| rel.as_ref()), lang) {
        return Err(d.hint(lang.pick("choisissez un dossier vide", "choose an empty folder")));
    }
    let io = |p: &Path, e: std::io::Error| {
        Diagnostic::error(lang.pick(
            format!("écriture impossible : {e}"),
            format!("cannot write: {e}"),
        ))
        .in_file(p)
    };
    let mut written = Vec::new();
    for dir_name in ["content", "static"] {
        let p = dir.join(dir_name);
        std::fs::create_dir_all(&p).map_err(|e| io(&p, e))?;
    }
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        write_new(&p, &text).map_err(|e| io(&p, e))?;
        written.push(p);
    }
    Ok(written)
}

/// The files of `rels` that already exist under `dir`, as one error: a scaffold
/// never replaces a file, and writes nothing when one is there.
fn already_there<'a>(
    dir: &Path,
    rels: impl Iterator<Item = &'a str>,
    lang: Lang,
) -> Option<Diagnostic> {
    let taken: Vec<&str> = rels.filter(|rel| dir.join(rel).exists()).collect();
    if taken.is_empty() {
        return None;
    }
    let taken = taken.join(", ");
    Some(
        Diagnostic::error(lang.pick(
            format!("ces fichiers existent déjà et ne seront pas remplacés : {taken}"),
            format!("these files already exist and will not be replaced: {taken}"),
        ))
        .in_file(dir),
    )
}

/// A fiche `fiches new` wrote: its path in the site, and the site's language.
pub struct NewFiche {
    pub path: PathBuf,
    pub lang: Lang,
}

/// The variant a user names on the command line: its name (`factual`), its label
/// as readers see it (`Récit d'expérience`), or the French word for a built-in one
/// (`factuelle`, `récit`, `recit`), ignoring case and accents.
fn find_variant<'c>(
    cfg: &'c crate::config::Config,
    given: &str,
) -> Option<&'c crate::schema::Variant> {
    if let Some(v) = cfg.variant(given) {
        return Some(v);
    }
    let wanted = slug::slugify(given);
    let alias = match wanted.as_str() {
        "factuelle" | "fiche-factuelle" => Some("factual"),
        "recit" | "recit-d-experience" | "story" => Some("storytelling"),
        _ => None,
    };
    alias.and_then(|a| cfg.variant(a)).or_else(|| {
        cfg.variants
            .iter()
            .find(|v| slug::slugify(&v.label) == wanted || slug::slugify(&v.name) == wanted)
    })
}

/// The settings of the site at `site_dir`, its variants named by its theme's
/// strings as readers see them.
fn site_config(site_dir: &Path) -> Result<config::Config, Failure> {
    let scan = sources::scan(site_dir);
    let (cfg, diags, lang) = match &scan.config {
        Ok(text) => config::parse_with(text, scan.lang),
        Err(d) => (None, d.clone(), scan.lang),
    };
    let Some(mut cfg) = cfg else {
        return Err(Failure {
            lang,
            diagnostics: diags,
        });
    };
    let (theme, _) = theme::load(&scan.load_theme(), &cfg, &[]);
    if let Some(theme) = &theme {
        theme.name_variants(&mut cfg.variants);
    }
    Ok(cfg)
}

/// The error of a variant the site does not have, with those it has.
fn unknown_variant(cfg: &config::Config, variant: &str) -> Failure {
    let lang = cfg.language;
    let names: Vec<String> = cfg
        .variants
        .iter()
        .map(|v| format!("{} ({})", v.name, v.label))
        .collect();
    let d = Diagnostic::error(lang.pick(
        format!("variante inconnue « {variant} »"),
        format!("unknown variant \"{variant}\""),
    ))
    .hint(lang.pick(
        format!("les variantes possibles sont : {}", names.join(", ")),
        format!("the possible variants are: {}", names.join(", ")),
    ));
    Failure {
        lang,
        diagnostics: vec![d],
    }
}

/// `fiches new`: writes the scaffold of a new fiche of `variant` titled `title`, as
/// `content/SLUG.md` or, for a bundle, `content/SLUG/index.md`. Never overwrites.
pub fn new_fiche(
    site_dir: &Path,
    title: &str,
    variant: &str,
    bundle: bool,
    today: lang::Date,
) -> Result<NewFiche, Failure> {
    let cfg = site_config(site_dir)?;
    let lang = cfg.language;
    let Some(def) = find_variant(&cfg, variant) else {
        return Err(unknown_variant(&cfg, variant));
    };
    let slug = slug::slugify(title);
    if slug.is_empty() {
        let d = Diagnostic::error(lang.pick(
            "le titre doit contenir au moins une lettre ou un chiffre",
            "the title must hold at least one letter or digit",
        ));
        return Err(Failure {
            lang,
            diagnostics: vec![d],
        });
    }
    let rel = if bundle {
        PathBuf::from("content").join(&slug).join("index.md")
    } else {
        PathBuf::from("content").join(format!("{slug}.md"))
    };
    let path = site_dir.join(&rel);
    let twin = if bundle {
        site_dir.join("content").join(format!("{slug}.md"))
    } else {
        site_dir.join("content").join(&slug).join("index.md")
    };
    if path.exists() || twin.exists() {
        let existing = if path.exists() { &path } else { &twin };
        let d = Diagnostic::error(lang.pick(
            "une fiche porte déjà cette adresse : elle n'est pas remplacée",
            "a fiche already has this address: it is not replaced",
        ))
        .in_file(existing.strip_prefix(site_dir).unwrap_or(existing))
        .hint(lang.pick(
            "choisissez un autre titre, ou ouvrez la fiche existante",
            "choose another title, or open the existing fiche",
        ));
        return Err(Failure {
            lang,
            diagnostics: vec![d],
        });
    }
    let text = text::fiche(&cfg, def, title, today, bundle);
    let result = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| write_new(&path, &text));
    match result {
        Ok(()) => Ok(NewFiche { path: rel, lang }),
        Err(e) => {
            let d = Diagnostic::error(lang.pick(
                format!("écriture impossible : {e}"),
                format!("cannot write: {e}"),
            ))
            .in_file(&rel);
            Err(Failure {
                lang,
                diagnostics: vec![d],
            })
        }
    }
}

/// Creates a file that must not exist yet, so a race cannot overwrite an author's work.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}
