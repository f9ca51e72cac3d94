//! `fiches`: a static site generator for experience sheets ("fiches expérience").
//!
//! The pipeline runs one way: `fiches.toml` → [`config::Config`]; `content/` →
//! [`fiche::Fiche`]s (read in parallel, every mistake collected) → [`site::Site`]
//! (order, taxonomies) → pages rendered in memory ([`render`]) → written by
//! [`output`], the only writer. The library never prints and never exits.

// Diagnostics are built on the cold path only; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod diagnostic;
pub mod export;
pub mod fiche;
pub mod fields;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod output;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod stamp;

/// The folders of a site that hold its sources; anything else in the site folder (the
/// output, notes, a README) is not part of the site.
pub mod watch_dirs {
    pub const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];
}
pub mod theme;
pub mod variant;
pub mod vocabulary;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Severity};
pub use lang::Lang;

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Output folder; `SITE/public` when `None`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Replace a non-empty output folder that `fiches` did not write.
    pub force: bool,
}

/// What a run found and, when it wrote a site, what it wrote.
pub struct Report {
    /// Language of the site, for printing the diagnostics; French when unknown.
    pub lang: Lang,
    pub diagnostics: Vec<Diagnostic>,
    pub built: Option<Built>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub struct Built {
    pub fiches: usize,
    pub files: usize,
    pub output: PathBuf,
    /// Nothing had changed since the previous build: nothing was done.
    pub unchanged: bool,
}

/// Reads and renders one fiche given as raw bytes, in a site of its own with the
/// embedded theme, entirely in memory: what the fuzz target exercises, and a quick
/// way for tools to validate a single file.
pub fn render_one(bytes: &[u8], site_toml: &str) -> (Vec<render::Page>, Vec<Diagnostic>) {
    let (cfg, mut diags) = config::parse(site_toml);
    let Some(cfg) = cfg else {
        return (Vec::new(), diags);
    };
    let path = Path::new("content/fiche.md");
    let text = match fiche::decode(bytes, path, cfg.language) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return (Vec::new(), diags);
        }
    };
    let (f, mut d) = fiche::parse(text, path, "fiche", None, &cfg);
    diags.append(&mut d);
    let Some(f) = f else {
        return (Vec::new(), diags);
    };
    let mut links = markdown::Links::default();
    links
        .fiches
        .insert(path.to_path_buf(), Some(f.slug.clone()));
    let failed = diags.iter().any(Diagnostic::is_error);
    let (published, invalid) = if failed {
        (vec![], vec![f])
    } else {
        (vec![f], vec![])
    };
    let mut needed: Vec<&str> = render::TEMPLATES.to_vec();
    needed.extend(cfg.variants.iter().map(|v| v.template.as_str()));
    let (theme, mut d) = theme::load(Path::new("/nonexistent-fiches-site"), &cfg, &needed);
    diags.append(&mut d);
    let Some(theme) = theme else {
        return (Vec::new(), diags);
    };
    diags.append(&mut vocabulary::check(&cfg, &published));
    let mut cfg = cfg;
    theme.name_variants(&mut cfg.variants);
    let site = site::Site::new(cfg, published);
    let (bodies, mut d) = render::bodies(&site, &links, &invalid);
    diags.append(&mut d);
    let (pages, mut d) = render::pages(&site, &theme, &render::all_jobs(&site), &bodies);
    diags.append(&mut d);
    diagnostic::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diags);
    }
    (pages, diags)
}

/// `fiches check`: every validation of a build, drafts included, without writing.
pub fn check(site_dir: &Path) -> Report {
    let opts = project::Options {
        drafts: true,
        base_url: None,
    };
    let (lang, result) = project::Project::build(site_dir, &opts);
    let diagnostics = match result {
        Ok(p) => p.warnings(),
        Err(d) => d,
    };
    Report {
        lang,
        diagnostics,
        built: None,
    }
}

/// `fiches build`: generates the site, then writes it only if there was no error.
pub fn build(site_dir: &Path, opts: &BuildOptions) -> Report {
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| site_dir.join("public"));
    // The output is replaced file by file: refuse at once a folder holding the
    // sources, before any work is done.
    let site_lang = load::config(site_dir)
        .0
        .map(|c| c.language)
        .unwrap_or_default();
    if let Some(d) = unsafe_output(site_dir, &output, site_lang) {
        return Report {
            lang: site_lang,
            diagnostics: vec![d],
            built: None,
        };
    }
    let stamp = stamp::of(site_dir, opts.drafts);
    if !opts.force
        && let Some(done) = unchanged(&output, &stamp, site_lang)
    {
        return done;
    }
    let popts = project::Options {
        drafts: opts.drafts,
        base_url: None,
    };
    let (lang, result) = project::Project::build(site_dir, &popts);
    let project = match result {
        Ok(p) => p,
        Err(diagnostics) => {
            return Report {
                lang,
                diagnostics,
                built: None,
            };
        }
    };
    let mut diagnostics = project.warnings();
    let fiches = project.site.fiches.len();
    let search = project.site.config.search;
    let records = search.then(|| search::records(&project));
    // Only the pages are needed from here on: the fiches and their bodies are freed
    // before the search index, the most memory-hungry step, is built.
    let project::Project { mut generated, .. } = project;
    if let Some(records) = records {
        match search::index(records, lang) {
            Ok(mut files) => generated.pages.append(&mut files),
            Err(e) => diagnostics.push(
                Diagnostic::warning(lang.pick(
                    format!("l'index de recherche n'a pas pu être construit : {e}"),
                    format!("the search index could not be built: {e}"),
                ))
                .hint(lang.pick(
                    "le site est publié sans recherche ; signalez ce problème aux développeurs de fiches",
                    "the site is published without search; please report this to the developers of fiches",
                )),
            ),
        }
    }
    // The marker itself is one more file of the output.
    let files = generated.pages.len() + generated.assets.len() + 1;
    let record = stamp::record(&stamp, fiches, files, &diagnostics);
    match output::write(&output, &generated, opts.force, lang, Some(&record)) {
        Ok(files) => Report {
            lang,
            diagnostics,
            built: Some(Built {
                fiches,
                files,
                output,
                unchanged: false,
            }),
        },
        Err(d) => {
            diagnostics.push(d);
            Report {
                lang,
                diagnostics,
                built: None,
            }
        }
    }
}

/// The report of a build skipped because its sources are those of the output.
fn unchanged(output: &Path, stamp: &str, lang: Lang) -> Option<Report> {
    let (previous, warnings) = stamp::previous(output)?;
    let (fiches, files) = previous.strip_prefix(stamp)?.trim().split_once(' ')?;
    let (fiches, files): (usize, usize) = (fiches.parse().ok()?, files.parse().ok()?);
    if stamp::count_files(output) != files {
        return None;
    }
    Some(Report {
        lang,
        diagnostics: warnings,
        built: Some(Built {
            fiches,
            files: 0,
            output: output.to_path_buf(),
            unchanged: true,
        }),
    })
}

/// The output folder is replaced wholesale, so it must not hold the site's sources.
fn unsafe_output(site_dir: &Path, output: &Path, lang: Lang) -> Option<Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).ok().map(|p| lexical(&p));
    let (site, out) = (abs(site_dir)?, abs(output)?);
    let sources = ["content", "static", "templates", "themes"].map(|d| site.join(d));
    let bad = site.starts_with(&out) || sources.iter().any(|s| out.starts_with(s));
    bad.then(|| {
        Diagnostic::error(lang.pick(
            "le dossier de sortie contient les sources du site : il serait effacé",
            "the output folder holds the site's sources: they would be erased",
        ))
        .in_file(output)
        .hint(lang.pick(
            "choisissez un dossier à part, par exemple -o public",
            "choose a separate folder, for example -o public",
        ))
    })
}

/// Resolves `.` and `..` of an absolute path without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

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
    let files = scaffold::site_files(lang);
    let taken: Vec<String> = files
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| rel.to_string())
        .collect();
    if !taken.is_empty() {
        return Err(Diagnostic::error(lang.pick(
            format!(
                "ces fichiers existent déjà et ne seront pas remplacés : {}",
                taken.join(", ")
            ),
            format!(
                "these files already exist and will not be replaced: {}",
                taken.join(", ")
            ),
        ))
        .in_file(dir)
        .hint(lang.pick("choisissez un dossier vide", "choose an empty folder")));
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

/// `fiches new`: writes the scaffold of a new fiche of `variant` titled `title`, as
/// `content/SLUG.md` or, for a bundle, `content/SLUG/index.md`. Never overwrites.
pub fn new_fiche(
    site_dir: &Path,
    title: &str,
    variant: &str,
    bundle: bool,
    today: lang::Date,
) -> (Lang, Result<PathBuf, Vec<Diagnostic>>) {
    let (cfg, diags) = load::config(site_dir);
    let Some(mut cfg) = cfg else {
        return (Lang::Fr, Err(diags));
    };
    let lang = cfg.language;
    // Labels as readers see them, from the embedded theme's strings.
    let (theme, _) = theme::load(site_dir, &cfg, &[]);
    if let Some(theme) = &theme {
        theme.name_variants(&mut cfg.variants);
    }
    let Some(def) = cfg.variant(variant) else {
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
        return (lang, Err(vec![d]));
    };
    let slug = slug::slugify(title);
    if slug.is_empty() {
        let d = Diagnostic::error(lang.pick(
            "le titre doit contenir au moins une lettre ou un chiffre",
            "the title must hold at least one letter or digit",
        ));
        return (lang, Err(vec![d]));
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
        return (lang, Err(vec![d]));
    }
    let text = scaffold::fiche(&cfg, def, title, today, bundle);
    let result = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| write_new(&path, &text));
    match result {
        Ok(()) => (lang, Ok(rel)),
        Err(e) => {
            let d = Diagnostic::error(lang.pick(
                format!("écriture impossible : {e}"),
                format!("cannot write: {e}"),
            ))
            .in_file(&rel);
            (lang, Err(vec![d]))
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
