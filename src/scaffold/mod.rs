//! `fiches init` and `fiches new`: a new site, a new fiche; `fiches forge`: the CI of
//! its forge. Never overwrites a file.

mod event;
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
            "ce dossier contient déjà un site (fiches.toml)\u{a0}: rien n'a été écrit",
            "this folder already holds a site (fiches.toml): nothing was written",
        ))
        .in_file(dir)
        .hint({
            let free = crate::diagnostic::shell_word(&free_folder(dir, lang));
            lang.pick(
                format!("choisissez un nouveau dossier, par exemple\u{a0}: fiches init {free}"),
                format!("choose a new folder, for example: fiches init {free}"),
            )
        }));
    }
    let files = text::site_files(lang);
    if let Some(d) = already_there(dir, files.iter().map(|(rel, _)| rel.as_ref()), lang) {
        return Err(d.hint(lang.pick("choisissez un dossier vide", "choose an empty folder")));
    }
    let io = |p: &Path, e: std::io::Error| {
        Diagnostic::error(lang.pick(
            format!("écriture impossible\u{a0}: {e}"),
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

/// A folder beside `dir` that holds nothing yet, to suggest instead of it: `dir-2`,
/// `dir-3`…, or `mon-site` when `dir` has no name of its own (`.`, `/`).
fn free_folder(dir: &Path, lang: Lang) -> PathBuf {
    let base = match dir.file_name() {
        Some(name)
            if dir
                .components()
                .next_back()
                .is_some_and(|c| matches!(c, std::path::Component::Normal(_))) =>
        {
            dir.with_file_name(name)
        }
        _ => PathBuf::from(lang.pick("mon-site", "my-site")),
    };
    let name = base
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `site-2` taken too: `site-3`, not `site-2-2`.
    let name = match name.rsplit_once('-') {
        Some((stem, n)) if !stem.is_empty() && n.parse::<u32>().is_ok() => stem.to_string(),
        _ => name,
    };
    let candidates = (2..100).map(|i| base.with_file_name(format!("{name}-{i}")));
    std::iter::once(base.clone())
        .filter(|b| b.as_path() != dir)
        .chain(candidates)
        .find(|p| !p.exists())
        .unwrap_or_else(|| PathBuf::from(name))
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
            format!("ces fichiers existent déjà et ne seront pas remplacés\u{a0}: {taken}"),
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
/// (`factuelle`, `récit`, `recit`, `événement`), ignoring case and accents.
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
        "evenement" | "evenements" | "agenda" => Some("event"),
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

/// What an author types for each variant: the French names of the two built-in ones
/// on a French site (`factuelle`, `récit`), else each variant's own name.
fn typed_name(v: &crate::schema::Variant, lang: Lang) -> &str {
    match (lang, v.name.as_str()) {
        (Lang::Fr, "factual") => "factuelle",
        (Lang::Fr, "storytelling") => "récit",
        (Lang::Fr, "event") => "événement",
        _ => v.name.as_str(),
    }
}

/// A variant `fiches new` does not know: the closest name when one is close (typed as
/// the site's language names it), and every name with its label.
fn unknown_variant(cfg: &crate::config::Config, variant: &str) -> Diagnostic {
    let lang = cfg.language;
    let names: Vec<&str> = cfg.variants.iter().map(|v| typed_name(v, lang)).collect();
    let listed: Vec<String> = cfg
        .variants
        .iter()
        .map(|v| format!("{} ({})", typed_name(v, lang), v.label))
        .collect();
    let listed = listed.join(", ");
    let d = Diagnostic::error(lang.pick(
        format!("variante inconnue «\u{a0}{variant}\u{a0}»"),
        format!("unknown variant \"{variant}\""),
    ));
    match crate::fields::Suggester::new(names).suggest(variant) {
        Some(close) => d.hint(lang.pick(
            format!("vouliez-vous dire «\u{a0}{close}\u{a0}»\u{a0}? Les variantes possibles sont\u{a0}: {listed}"),
            format!("did you mean \"{close}\"? The possible variants are: {listed}"),
        )),
        None => d.hint(lang.pick(
            format!("les variantes possibles sont\u{a0}: {listed}"),
            format!("the possible variants are: {listed}"),
        )),
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
        return Err(Failure {
            lang,
            diagnostics: vec![unknown_variant(&cfg, variant)],
        });
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
            "une fiche porte déjà cette adresse\u{a0}: elle n'est pas remplacée",
            "a sheet already has this address: it is not replaced",
        ))
        .in_file(existing.strip_prefix(site_dir).unwrap_or(existing))
        .hint(lang.pick(
            "choisissez un autre titre, ou ouvrez la fiche existante",
            "choose another title, or open the existing sheet",
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
                format!("écriture impossible\u{a0}: {e}"),
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
