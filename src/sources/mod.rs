//! All reading of a site's sources from the disk, once: `fiches.toml`, every file
//! under `content/`, `static/`, `templates/` and `themes/`. Everything after this
//! works on the [`Sources`] value in memory; files published as they are (images,
//! PDFs) are only listed here and copied by the output.
//!
//! Reading happens in two steps: [`scan`] lists the files with their size and time
//! (enough to tell that nothing changed since the last build), then [`Scan::load`]
//! reads the texts the build needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod config_file;
mod entries;
mod limit;
mod media;
mod stamp;
mod text;
mod walk;

pub use config_file::read_config;
pub use limit::{FICHE_ON_DISK, Limited, MAX_FICHE, fiche_too_large, read_at_most, read_fiche};

use entries::sort_entries;
pub use text::{decode, decode_owned, io_error};
pub use walk::is_ignored;
use walk::{leaves, outside, walk};

use crate::config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::lang::Lang;

/// The folders of a site that hold its sources; anything else in the site folder (the
/// output, notes, a README) is not part of the site.
pub const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// A file of the site, relative to the site folder.
#[derive(Clone, Debug)]
pub struct Entry {
    pub rel: PathBuf,
    len: u64,
    /// What tells that the file changed without reading it (see [`stamp::of`]).
    when: [u64; 4],
}

impl Entry {
    fn stamp(&self) -> u64 {
        let mut h = crate::hash::Fnv64::new();
        h.u64(self.len);
        self.when.iter().for_each(|&n| {
            h.u64(n);
        });
        h.finish()
    }
}

/// The listing of a site: every source file, and the text of `fiches.toml`.
pub struct Scan {
    pub root: PathBuf,
    /// The text of `fiches.toml`, or why it cannot be had.
    pub config: Result<String, Vec<Diagnostic>>,
    /// The language `fiches.toml` asks for, for the messages of the reading itself
    /// (the user's when the file cannot be read far enough to say).
    pub lang: Lang,
    entries: Vec<Entry>,
    theme_names: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// A fingerprint of the partners' files read for this run (`[[sources]]`, see
    /// [`crate::partners`]), 0 without: part of [`Scan::key`], so that a build whose
    /// partners changed is not skipped.
    pub partners: u64,
}

/// A text read from a source file.
#[derive(Clone, Debug)]
pub struct Text {
    pub rel: PathBuf,
    /// The bytes as read; decoding (BOM, line ends, UTF-8) is the reader's job.
    pub bytes: Vec<u8>,
}

/// Everything a build reads, in memory.
pub struct Sources {
    pub root: PathBuf,
    pub config: Result<String, Vec<Diagnostic>>,
    /// The language of the messages of the reading (see [`Scan::lang`]).
    pub lang: Lang,
    /// The fiches (`content/**/*.md`), sorted by path.
    pub fiches: Vec<Text>,
    /// The other files of `content/`, sorted.
    pub content_files: Vec<PathBuf>,
    /// The files of `static/`, sorted.
    pub static_files: Vec<PathBuf>,
    /// The size of each image of `static/` (or why it cannot be read), by path.
    pub static_sizes: BTreeMap<PathBuf, Result<(u32, u32), String>>,
    /// Files published as they are (`static/`, bundles) that hold an image, published
    /// from a copy without its metadata, by path
    /// (see [`crate::photos::publish_statics`]).
    pub static_copies: BTreeMap<PathBuf, PathBuf>,
    /// Each audio or video file of `content/`: its size, first and last bytes.
    pub media: BTreeMap<PathBuf, crate::media::Probe>,
    /// The transcripts and captions beside them (`NAME.txt`, `.md`, `.vtt`).
    pub transcripts: BTreeMap<PathBuf, Text>,
    /// Each photo of `content/`, measured; its re-encoded files once
    /// `commands::realise_photos` has made them.
    pub photos: BTreeMap<PathBuf, crate::photos::Photo>,
    /// The site's templates (`templates/NAME`), by name.
    pub templates: BTreeMap<String, Text>,
    /// Each folder of `themes/`, by name.
    pub themes: BTreeMap<String, ThemeSources>,
    /// Problems met while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// The files of one theme folder.
#[derive(Clone, Debug, Default)]
pub struct ThemeSources {
    /// `themes/NAME/templates/…`, by template name.
    pub templates: BTreeMap<String, Text>,
    /// `themes/NAME/i18n/LANG.toml`, by language code.
    pub strings: BTreeMap<String, Text>,
    /// `themes/NAME/static/…`, as paths relative to the site folder.
    pub static_files: Vec<PathBuf>,
}

/// Lists the site's sources and reads `fiches.toml`.
pub fn scan(root: &Path) -> Scan {
    scan_in(root, Lang::Fr)
}

/// [`scan`], with the user's language (`locale`) for the messages about a site whose
/// `fiches.toml` cannot be read far enough to say its own.
pub fn scan_in(root: &Path, locale: Lang) -> Scan {
    let config = read_config(root, locale);
    let lang = config
        .as_ref()
        .map_or(locale, |t| config::written_language(t).or_locale(locale));
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    // A theme folder counts even when it holds no file yet.
    let theme_names = std::fs::read_dir(root.join("themes"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !is_ignored(n))
                .collect()
        })
        .unwrap_or_default();
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for dir in SOURCE_DIRS {
        let rel = Path::new(dir);
        match leaves(&root.join(rel), &real_root) {
            Some(target) => diagnostics.push(outside(rel, &target, lang)),
            None => walk(root, &real_root, rel, &mut entries, &mut diagnostics, lang),
        }
    }
    Scan {
        root: root.to_path_buf(),
        config,
        lang,
        entries,
        theme_names,
        diagnostics,
        partners: 0,
    }
}

impl Scan {
    /// A fingerprint of the sources (paths, sizes, times and inodes), the options
    /// and this version of fiches with its embedded theme: when it is the one of the
    /// last build, there is nothing to build. Stable across toolchains (FNV-1a).
    /// The day does not count: a site whose pages read it (its agenda) records
    /// beside the stamp until when they hold (see `commands`).
    pub fn stamp(&self, drafts: bool) -> String {
        let mut h = crate::hash::Fnv64::new();
        h.u64(self.key(drafts, None));
        for e in &self.entries {
            h.field(e.rel.as_os_str().as_encoded_bytes()).u64(e.stamp());
        }
        format!("sources {:016x} {}", h.finish(), self.entries.len() + 1)
    }

    /// A fingerprint of what a build depends on besides the files listed: this
    /// version of fiches, its code and its embedded theme, the options (`drafts`, the address
    /// given on the command line) and the text of `fiches.toml`.
    pub fn key(&self, drafts: bool, base_url: Option<&str>) -> u64 {
        let mut h = crate::hash::Fnv64::new();
        h.field(env!("CARGO_PKG_VERSION").as_bytes());
        h.u64(crate::embedded::program());
        h.u64(crate::embedded::hash()).u64(u64::from(drafts));
        match base_url {
            Some(url) => h.u64(1).field(url.as_bytes()),
            None => h.u64(0),
        };
        match &self.config {
            Ok(text) => h.u64(1).field(text.as_bytes()),
            Err(_) => h.u64(0),
        };
        if self.partners != 0 {
            h.u64(self.partners);
        }
        h.finish()
    }

    /// Each file listed, with a fingerprint of its size, times and inode (see
    /// [`stamp::of`]): what tells, file by file, what changed since a build.
    pub fn file_stamps(&self) -> impl Iterator<Item = (&Path, u64)> {
        self.entries.iter().map(|e| (e.rel.as_path(), e.stamp()))
    }

    /// Reads the templates and themes only, nothing of the fiches, their media and
    /// photos: what needs the theme but not the site.
    pub fn load_theme(mut self) -> Sources {
        self.entries
            .retain(|e| e.rel.starts_with("templates") || e.rel.starts_with("themes"));
        self.load()
    }

    /// Reads the texts a build needs: the fiches (in parallel), the templates and the
    /// themes' interface strings.
    pub fn load(self) -> Sources {
        let Scan {
            root,
            config,
            lang,
            entries,
            theme_names,
            mut diagnostics,
            partners: _,
        } = self;
        let mut sorted = sort_entries(&root, lang, entries, theme_names);
        diagnostics.append(&mut sorted.diagnostics);
        // A `NAME.md` beside `NAME.mp3` is its transcript: published, not a fiche.
        let mut content_files = sorted.content_files;
        let media_files = media::media_set(&content_files);
        let stems = media::stems(&media_files);
        let mut companions: Vec<PathBuf> = content_files
            .iter()
            .filter(|f| media::is_companion(f, &stems))
            .cloned()
            .collect();
        let (transcript_md, fiche_paths): (Vec<PathBuf>, Vec<PathBuf>) = (sorted.fiches)
            .into_iter()
            .partition(|f| media::is_companion(f, &stems));
        companions.extend(transcript_md.iter().cloned());
        content_files.extend(transcript_md);
        content_files.sort();
        companions.sort();
        let (probes, transcripts, mut d) = media::read(&root, &media_files, &companions, lang);
        diagnostics.append(&mut d);
        let photos = measure_photos(&root, &content_files, lang, &mut diagnostics);
        let read_fiches: Vec<Result<Text, Diagnostic>> = (fiche_paths.par_iter())
            .map(|rel| {
                limit::read_fiche(&root.join(rel), rel, lang).map(|bytes| Text {
                    rel: rel.clone(),
                    bytes,
                })
            })
            .collect();
        let mut fiches = Vec::with_capacity(read_fiches.len());
        for r in read_fiches {
            match r {
                Ok(t) => fiches.push(t),
                Err(d) => diagnostics.push(d),
            }
        }
        let static_sizes = crate::photos::sizes(&root, &sorted.static_files, lang);
        Sources {
            root,
            config,
            lang,
            fiches,
            content_files,
            static_sizes,
            static_files: sorted.static_files,
            static_copies: BTreeMap::new(),
            media: probes,
            transcripts,
            photos,
            templates: sorted.templates,
            themes: sorted.themes,
            diagnostics,
        }
    }
}

/// The text of the file `rel` of the site at `root`.
pub(super) fn read_text(root: &Path, rel: &Path, lang: Lang) -> Result<Text, Diagnostic> {
    std::fs::read(root.join(rel))
        .map(|bytes| Text {
            rel: rel.to_path_buf(),
            bytes,
        })
        .map_err(|e| io_error(rel, &e, lang))
}

/// Each photo of `content/` measured, in parallel.
fn measure_photos(
    root: &Path,
    content_files: &[PathBuf],
    lang: Lang,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<PathBuf, crate::photos::Photo> {
    let measured: Vec<_> = content_files
        .par_iter()
        .filter(|f| crate::photos::is_photo(f))
        .map(|f| (f.clone(), crate::photos::measure(root, f, lang)))
        .collect();
    let mut photos = BTreeMap::new();
    for (rel, m) in measured {
        match m {
            Ok(p) => {
                photos.insert(rel, p);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    photos
}

impl Sources {
    /// Reads every source of the site at `root`.
    pub fn read(root: &Path) -> Sources {
        scan(root).load()
    }

    /// The files published as they are: `static/`, and the files of `content/` that
    /// are not photos (re-encoded, or refused when they cannot be read): what may
    /// hold an image to strip.
    pub fn as_is(&self) -> impl Iterator<Item = &PathBuf> {
        let content = self.content_files.iter();
        (self.static_files.iter()).chain(content.filter(|f| !crate::photos::is_photo(f)))
    }

    /// The errors `commands::realise_photos` would add about the files published
    /// as they are, without writing anything: what `check` runs.
    pub fn check_as_is(&mut self) {
        let mut d = crate::photos::unpublishable(&self.root, self.as_is(), self.lang);
        self.diagnostics.append(&mut d);
    }

    /// A site held in memory only: `fiches.toml` and fiches given as bytes, with the
    /// embedded theme. What the fuzz target and tools that check one file use.
    pub fn in_memory(config: &str, fiches: Vec<(PathBuf, Vec<u8>)>) -> Sources {
        Sources {
            root: PathBuf::from("/nonexistent-fiches-site"),
            config: Ok(config.to_string()),
            lang: config::sniff_language(config),
            fiches: fiches
                .into_iter()
                .map(|(rel, bytes)| Text { rel, bytes })
                .collect(),
            content_files: Vec::new(),
            static_files: Vec::new(),
            static_sizes: BTreeMap::new(),
            static_copies: BTreeMap::new(),
            media: BTreeMap::new(),
            transcripts: BTreeMap::new(),
            photos: BTreeMap::new(),
            templates: BTreeMap::new(),
            themes: BTreeMap::new(),
            diagnostics: Vec::new(),
        }
    }
}

pub fn is_markdown(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// A path relative to a folder, with `/` separators, as addresses use.
pub fn slash_path(p: &Path) -> String {
    display_path(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fiches new` reads the theme of a site, never its fiches, media or photos
    /// (a broken photo must not stop it, nor a large site slow it).
    #[test]
    fn the_theme_alone_reads_nothing_of_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let files = [
            ("fiches.toml", "title = \"t\"\n"),
            ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
            ("content/a.jpg", "not a photo"),
            ("static/logo.png", "not a photo"),
            ("templates/fiche.html", "{{ fiche.title }}"),
            ("themes/mine/i18n/fr.toml", "x = \"y\"\n"),
        ];
        for (rel, text) in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let theme = scan(root).load_theme();
        assert!(theme.fiches.is_empty() && theme.photos.is_empty());
        assert!(theme.static_sizes.is_empty() && theme.diagnostics.is_empty());
        assert_eq!(theme.templates.keys().collect::<Vec<_>>(), ["fiche.html"]);
        assert!(theme.themes["mine"].strings.contains_key("fr"));
        // The whole site reads them all, and says the photos cannot be read.
        let site = scan(root).load();
        assert_eq!(site.fiches.len(), 1);
        assert_eq!(site.static_sizes.len(), 1);
        assert!(!site.diagnostics.is_empty());
    }

    /// A file put back with its old size and date (a sync tool, an editor that keeps
    /// dates) still changes the stamp: its inode and change time differ.
    #[test]
    fn a_file_replaced_with_its_old_size_and_date_changes_the_stamp() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("fiches.toml"), "title = \"t\"\n").unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let fiche = root.join("content/a.md");
        std::fs::write(&fiche, "+++\ntitle = \"A\"\n+++\nun\n").unwrap();
        let stamp = scan(root).stamp(false);
        assert_eq!(
            scan(root).stamp(false),
            stamp,
            "the same files, the same stamp"
        );
        assert_ne!(scan(root).stamp(true), stamp, "the options count");
        let date = std::fs::metadata(&fiche).unwrap().modified().unwrap();
        let beside = root.join("content/.a.md.new");
        std::fs::write(&beside, "+++\ntitle = \"A\"\n+++\nde\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&beside)
            .unwrap()
            .set_modified(date)
            .unwrap();
        std::fs::rename(&beside, &fiche).unwrap();
        assert_eq!(std::fs::metadata(&fiche).unwrap().modified().unwrap(), date);
        assert_ne!(scan(root).stamp(false), stamp);
    }
}
