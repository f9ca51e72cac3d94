//! Full-text search of our own, run in the reader's browser with no service: the
//! fiches' words (case and accents folded, stemmed) are written as small script
//! files that the search page loads with `<script>` elements, so that search also
//! works from a site opened from the disk. Ranking is BM25F (a word in a title
//! weighs more than in the text), newest first on ties.
//!
//! `build` makes the whole index; `Live` keeps it in memory for `serve`, where an
//! edit rewrites only the files its words touch.

mod files;
mod index;
mod record;
mod words;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::fiche::Fiche;
use crate::output::Page;
use crate::site::Site;
use crate::theme::DateFormat;
use files::Windows;
use index::Index;
use words::Analyzer;

pub use record::filter_key;

/// Where the index lives in the output (beside the search page).
pub const BUNDLE_DIR: &str = "search/data";

/// Fiches read at once: their word counts are folded into the index batch by
/// batch, so that memory holds one batch of them, not the whole site's.
const BATCH: usize = 512;

/// How far the average field lengths may move, relatively, before `Live` writes
/// every file again: a weight then moves by less than this share, and a level (at
/// most [`index::LEVELS`] - 1 steps of it) by less than one step.
const DRIFT: f32 = 1.0 / index::LEVELS as f32;

/// The index of `site` kept between edits.
pub struct Live {
    index: Index,
    /// The average field lengths every file was last written with. The files an
    /// edit does not touch keep the weights of these averages: when the averages
    /// move by more than [`DRIFT`], every file is written again.
    written: [f32; record::FIELDS],
    bounds: Vec<String>,
    windows: Windows,
    group: usize,
    /// The site's variants, whose positions the cards give.
    variants: Vec<String>,
}

/// The whole index of `site` as files of the output.
pub fn build(site: &Site, dates: &DateFormat, bodies: &dyn Bodies) -> Vec<Page> {
    Live::new(site, dates, bodies).1
}

/// The fiches' bodies as HTML: by position in the site's fiches while a site is
/// assembled, by slug once it is.
pub trait Bodies: Sync {
    /// The body of `f`, fiche `at` of the site; empty when it has none.
    fn body(&self, at: usize, f: &Fiche) -> &str;
}

impl Bodies for Vec<String> {
    fn body(&self, at: usize, _: &Fiche) -> &str {
        self.get(at).map_or("", String::as_str)
    }
}

impl Bodies for HashMap<String, String> {
    fn body(&self, _: usize, f: &Fiche) -> &str {
        by_slug(self, f)
    }
}

fn by_slug<'a>(bodies: &'a HashMap<String, String>, f: &Fiche) -> &'a str {
    bodies.get(&f.slug).map_or("", String::as_str)
}

fn page(path: &str, bytes: Vec<u8>) -> Page {
    Page {
        path: format!("{BUNDLE_DIR}/{path}"),
        bytes,
    }
}

impl Live {
    /// Indexes every fiche of `site` (ids in reading order: newest first) and
    /// writes every file.
    pub fn new(site: &Site, dates: &DateFormat, bodies: &dyn Bodies) -> (Live, Vec<Page>) {
        let lang = site.config.language;
        let analyzer = Analyzer::new(lang);
        let mut index = Index::default();
        // One cache of analysed words per thread, for the whole build: each thread
        // stems a word once.
        let caches: Vec<std::sync::Mutex<words::Cache>> = (0..rayon::current_num_threads().max(1))
            .map(|_| Default::default())
            .collect();
        let mut filters = record::all_filters(site).into_iter();
        let reader = record::Reader {
            dates,
            analyzer: &analyzer,
        };
        for (b, batch) in site.fiches.chunks(BATCH).enumerate() {
            // Threads number new words in one dictionary (rarely: their caches
            // answer for words seen before).
            let dict = std::sync::Mutex::new(std::mem::take(&mut index.dict));
            let docs: Vec<record::Doc> = batch
                .par_iter()
                .enumerate()
                .zip(filters.by_ref().take(batch.len()).collect::<Vec<_>>())
                .map(|((i, f), filters)| {
                    let at = rayon::current_thread_index().unwrap_or(0) % caches.len();
                    let mut cache = caches[at].lock().unwrap_or_else(|e| e.into_inner());
                    let mut intern =
                        |s: String| dict.lock().unwrap_or_else(|e| e.into_inner()).id(s);
                    let text = record::excerpt_text(f, bodies.body(b * BATCH + i, f));
                    record::read(&reader, &mut cache, &mut intern, f, &text, filters)
                })
                .collect();
            index.dict = dict.into_inner().unwrap_or_else(|e| e.into_inner());
            for (i, doc) in docs.into_iter().enumerate() {
                index.insert(u32::try_from(b * BATCH + i).unwrap_or(u32::MAX), doc);
            }
        }
        drop(caches);
        index.rescale();
        let mut live = Live {
            written: index.averages(),
            bounds: files::plan(&index, &(index.sorted_stems(), index.sorted_surfaces())),
            group: files::group_size(site.fiches.len()),
            index,
            windows: Windows::new(),
            variants: site
                .config
                .variants
                .iter()
                .map(|v| v.name.clone())
                .collect(),
        };
        let all: Vec<u32> = (0..live.index.posts.len() as u32).collect();
        live.cut_windows(
            // Made again from the bodies rather than kept from the reading: a
            // site's texts would weigh on memory while its pages are rendered.
            &|doc| {
                let f = site.fiches.get(doc as usize)?;
                Some(record::excerpt_text(f, bodies.body(doc as usize, f)).into())
            },
            all.into_iter(),
            Some(files::EXCERPTS_PER_FICHE),
        );
        let chunks: Vec<usize> = (0..live.bounds.len()).collect();
        let groups: Vec<usize> = (0..live.index.docs.len().div_ceil(live.group)).collect();
        let pages = live.files(lang, &chunks, &groups);
        (live, pages)
    }

    /// Cuts the excerpts the chunks of stems `sids` need and `windows` lacks.
    /// `text` gives a fiche's excerpt text by id.
    fn cut_windows<'t>(
        &mut self,
        text: &(dyn Fn(u32) -> Option<Cow<'t, str>> + Sync),
        sids: impl Iterator<Item = u32>,
        cap: Option<usize>,
    ) {
        let want = files::wanted(&self.index, sids, &self.windows, cap);
        if want.is_empty() {
            return;
        }
        let cut: Vec<((u32, u32), String)> = want
            .into_par_iter()
            .flat_map_iter(|(doc, wants)| {
                let text = text(doc);
                wants.into_iter().filter_map(move |(sid, offset)| {
                    let text = text.as_ref()?;
                    Some(((sid, doc), files::window(text, offset as usize)))
                })
            })
            .collect();
        self.windows.extend(cut);
    }

    /// The files of term chunks `chunks`, groups `groups`, and the entry.
    fn files(&self, lang: crate::lang::Lang, chunks: &[usize], groups: &[usize]) -> Vec<Page> {
        let sorted = (self.index.sorted_stems(), self.index.sorted_surfaces());
        let mut pages: Vec<Page> = chunks
            .par_iter()
            .map(|&c| {
                let bytes = files::term_chunk(&self.index, &sorted, &self.bounds, c, &self.windows);
                page(&files::term_file(c), bytes)
            })
            .collect();
        pages.extend(groups.iter().map(|&g| {
            page(
                &files::group_file(g),
                files::group(&self.index, self.group, g),
            )
        }));
        pages.push(page(
            "index.js",
            files::entry(&self.index, lang, &self.bounds, self.group, &self.variants),
        ));
        pages
    }

    /// Takes in the fiches of `site` whose slugs are `changed` (edited, added or
    /// removed) and returns the files that changed. Chunk bounds stay those of the
    /// last full build; new fiches take new ids (after the others).
    pub fn update(
        &mut self,
        site: &Site,
        dates: &DateFormat,
        bodies: &HashMap<String, String>,
        changed: &[String],
    ) -> Vec<Page> {
        let lang = site.config.language;
        let analyzer = Analyzer::new(lang);
        let mut cache = words::Cache::default();
        let mut touched: BTreeSet<u32> = BTreeSet::new();
        let mut keys: BTreeSet<String> = BTreeSet::new();
        let mut groups: BTreeSet<usize> = BTreeSet::new();
        let mut gone: BTreeSet<u32> = BTreeSet::new();
        for slug in changed {
            let old = self.index.by_slug.get(slug).copied();
            // What the search page reads of this fiche before: its level and
            // place for each stem, and its card.
            let before = old.map(|id| self.index.levels_of(id)).unwrap_or_default();
            let old_card = old
                .and_then(|id| self.index.docs.get(id as usize)?.as_ref())
                .map(|e| e.card.clone());
            if let Some(id) = old {
                self.index.remove(id);
                self.index.rescale();
            }
            let Some(f) = site.fiches.iter().find(|f| &f.slug == slug) else {
                touched.extend(before.keys());
                if let Some(id) = old {
                    gone.insert(id);
                    groups.insert(id as usize / self.group);
                }
                continue;
            };
            let text = record::excerpt_text(f, by_slug(bodies, f));
            let dict = &mut self.index.dict;
            let reader = record::Reader {
                dates,
                analyzer: &analyzer,
            };
            let doc = record::read(
                &reader,
                &mut cache,
                &mut |s| dict.id(s),
                f,
                &text,
                record::filters(site, f),
            );
            keys.extend(doc.surfaces.iter().map(|&(w, _)| dict.get(w).to_string()));
            let id = old.unwrap_or(u32::try_from(self.index.docs.len()).unwrap_or(u32::MAX));
            if old_card.as_ref() != Some(&doc.card) {
                groups.insert(id as usize / self.group);
            }
            self.index.insert(id, doc);
            self.index.rescale();
            // Only the stems whose postings changed touch their chunk.
            let after = self.index.levels_of(id);
            touched.extend(
                after
                    .iter()
                    .filter(|(s, v)| before.get(s) != Some(v))
                    .map(|(s, _)| *s),
            );
            touched.extend(before.keys().filter(|s| !after.contains_key(s)));
            // An excerpt of this fiche whose text changed.
            for (&(sid, doc), window) in self.windows.iter_mut() {
                if doc != id {
                    continue;
                }
                let fresh = after
                    .get(&sid)
                    .map(|&(_, offset)| files::window(&text, offset as usize));
                if fresh.as_ref() != Some(window) {
                    *window = fresh.unwrap_or_default();
                    touched.insert(sid);
                }
            }
        }
        // Excerpts of stems whose best fiches changed.
        self.windows
            .retain(|(s, d), _| !touched.contains(s) && !gone.contains(d));
        let fiche_of: HashMap<&str, &Fiche> =
            site.fiches.iter().map(|f| (f.slug.as_str(), f)).collect();
        let by_id: Vec<Option<&Fiche>> = self
            .index
            .docs
            .iter()
            .map(|e| {
                e.as_ref()
                    .and_then(|e| fiche_of.get(e.card.slug.as_str()).copied())
            })
            .collect();
        let text = |doc: u32| -> Option<Cow<'_, str>> {
            let f = (*by_id.get(doc as usize)?)?;
            Some(record::excerpt_text(f, by_slug(bodies, f)).into())
        };
        self.cut_windows(&text, touched.iter().copied(), None);
        keys.extend(touched.iter().map(|&s| self.index.dict.get(s).to_string()));
        let now = self.index.averages();
        if now
            .iter()
            .zip(&self.written)
            .any(|(a, w)| (a - w).abs() > w * DRIFT)
        {
            // Every level the search page reads is then within one step of a full
            // index's (a level is at most LEVELS - 1 times the weight's share).
            self.written = now;
            let chunks: Vec<usize> = (0..self.bounds.len()).collect();
            let groups: Vec<usize> = (0..self.index.docs.len().div_ceil(self.group)).collect();
            return self.files(lang, &chunks, &groups);
        }
        let chunks: BTreeSet<usize> = keys
            .iter()
            .map(|k| files::chunk_of(&self.bounds, k))
            .collect();
        let chunks: Vec<usize> = chunks.into_iter().collect();
        let groups: Vec<usize> = groups.into_iter().collect();
        self.files(lang, &chunks, &groups)
    }
}
