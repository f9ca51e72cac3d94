//! `serve`'s search index following edits: the fiches edited, added or removed taken
//! into [`Live`], and only the files of the index whose contents they change written
//! again.

use std::collections::{BTreeSet, HashMap};

use super::words::{self, Analyzer};
use super::{DRIFT, Document, Live, cut_windows, files, passage_text, record};
use crate::output::Page;
use crate::site::Site;
use crate::theme::DateFormat;

impl Live {
    /// Takes in the fiches of `site` whose slugs are `changed` (edited, added or
    /// removed) and returns the files that changed. Chunk bounds stay those of the
    /// last full build; new fiches take new ids (after the others).
    pub fn update(&mut self, site: &Site, dates: &DateFormat, changed: &[String]) -> Vec<Page> {
        let lang = site.config.language;
        let analyzer = Analyzer::new(lang);
        let mut cache = words::Cache::default();
        let mut t = Touched::default();
        let reader = record::Reader {
            dates,
            analyzer: &analyzer,
        };
        let keys_before = self.filter_keys();
        for slug in changed {
            self.take_in(site, &reader, &mut cache, slug, &mut t);
        }
        t.renumbered = self.filter_keys() != keys_before;
        t.placed.extend(t.stems.iter().copied());
        self.recut_windows(site, &t.stems, &t.gone);
        t.keys
            .extend(t.stems.iter().map(|&s| self.index.dict.get(s).to_string()));
        self.changed_files(lang, &t)
    }

    /// Takes in the fiche `slug` as `site` has it now (or its absence), noting in `t`
    /// what the search page reads that changed.
    fn take_in(
        &mut self,
        site: &Site,
        reader: &record::Reader<'_>,
        cache: &mut words::Cache,
        slug: &String,
        t: &mut Touched,
    ) {
        let old = self.index.by_slug.get(slug).copied();
        // What the search page reads of this fiche before: its level and
        // place for each stem, and its card.
        let before = old.map(|id| self.index.levels_of(id)).unwrap_or_default();
        let old_card = old
            .and_then(|id| self.index.docs.get(id as usize)?.as_ref())
            .map(|e| e.card.clone());
        let old_places = old
            .and_then(|id| self.index.remove(id))
            .map(|e| {
                t.filters.extend(e.filters.into_iter().map(|(k, _)| k));
                e.positions
            })
            .unwrap_or_default();
        self.index.rescale();
        let Some(f) = site.fiches.iter().find(|f| &f.slug == slug) else {
            t.stems.extend(before.keys());
            if let Some(id) = old {
                t.gone.insert(id);
                t.groups.insert(id as usize / self.group);
            }
            return;
        };
        let filters = record::filters(site, f);
        t.filters.extend(filters.iter().map(|(k, _)| k.clone()));
        let (text, names_at) = record::excerpt_text(f, &filters);
        let dict = &mut self.index.dict;
        let doc = record::read(
            reader,
            cache,
            &mut |s| dict.id(s),
            f,
            (&text, names_at),
            filters,
        );
        t.keys
            .extend(doc.surfaces.iter().map(|&(w, _)| dict.get(w).to_string()));
        let id = old.unwrap_or(u32::try_from(self.index.docs.len()).unwrap_or(u32::MAX));
        if old_card.as_ref() != Some(&doc.card) {
            t.groups.insert(id as usize / self.group);
        }
        self.index.insert(id, doc);
        self.index.rescale();
        // Only the stems whose postings changed touch their chunk.
        let after = self.index.levels_of(id);
        t.stems.extend(
            after
                .iter()
                .filter(|(s, v)| before.get(s) != Some(v))
                .map(|(s, _)| *s),
        );
        t.stems
            .extend(before.keys().filter(|s| !after.contains_key(s)));
        self.refresh_windows(id, &text, &after, &mut t.stems);
        let places = self.index.docs.get(id as usize).and_then(Option::as_ref);
        t.placed.extend(changed_places(
            &old_places,
            places.map_or(&[][..], |e| &e.positions),
        ));
    }

    /// The filter keys of the index's fiches, in order: what numbers the filters' files.
    fn filter_keys(&self) -> BTreeSet<String> {
        let keys: BTreeSet<&str> = (self.index.docs.iter().flatten())
            .flat_map(|e| e.filters.iter().map(|(k, _)| k.as_str()))
            .collect();
        keys.into_iter().map(str::to_string).collect()
    }

    /// The files of the chunks, groups and phrase chunks `t` touched; every file
    /// when the site's averages drifted past what the written levels allow.
    fn changed_files(&mut self, lang: crate::lang::Lang, t: &Touched) -> Vec<Page> {
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
            let phrases: Vec<usize> = (0..self.phrase_bounds.len()).collect();
            return self.files(lang, (&chunks, &groups, &phrases), None);
        }
        let chunks: BTreeSet<usize> = (t.keys.iter())
            .map(|k| files::chunk_of(&self.bounds, k))
            .collect();
        let phrases: BTreeSet<usize> = (t.placed.iter())
            .map(|&s| files::chunk_of(&self.phrase_bounds, self.index.dict.get(s)))
            .collect();
        let chunks: Vec<usize> = chunks.into_iter().collect();
        let groups: Vec<usize> = t.groups.iter().copied().collect();
        let phrases: Vec<usize> = phrases.into_iter().collect();
        // A filter key that came or went renumbers the filters' files after it.
        let keys = (!t.renumbered).then_some(&t.filters);
        self.files(lang, (&chunks, &groups, &phrases), keys)
    }

    /// Cuts again the passages of fiche `id` whose text changed (`text`, its
    /// stems' levels and offsets `after`); their stems are `touched`.
    fn refresh_windows(
        &mut self,
        id: u32,
        text: &str,
        after: &rustc_hash::FxHashMap<u32, (u8, u32)>,
        touched: &mut BTreeSet<u32>,
    ) {
        for (&(sid, doc), window) in self.windows.iter_mut() {
            if doc != id {
                continue;
            }
            let fresh = after
                .get(&sid)
                .map(|&(_, offset)| files::window_at(text, offset));
            if fresh.as_ref() != Some(window) {
                *window = fresh.unwrap_or_default();
                touched.insert(sid);
            }
        }
    }

    /// Drops the excerpts of stems whose best fiches changed (and of fiches gone),
    /// and cuts them again from the fiches' current text.
    fn recut_windows(&mut self, site: &Site, touched: &BTreeSet<u32>, gone: &BTreeSet<u32>) {
        self.windows
            .retain(|(s, d), _| !touched.contains(s) && !gone.contains(d));
        // A partner's fiche goes by its page's address, which no slug is.
        let doc_of: HashMap<&str, Document> = (site.fiches.iter())
            .map(|f| (f.slug.as_str(), Document::Fiche(f)))
            .chain(
                (site.partners.iter().flat_map(|p| &p.fiches))
                    .map(|p| (p.url.as_str(), Document::Partner(p))),
            )
            .collect();
        let by_id: Vec<Option<Document>> = self
            .index
            .docs
            .iter()
            .map(|e| {
                e.as_ref()
                    .and_then(|e| doc_of.get(e.card.slug.as_str()).copied())
            })
            .collect();
        let text = |doc: u32| passage_text((*by_id.get(doc as usize)?)?, &self.index, doc);
        cut_windows(
            &self.index,
            &mut self.windows,
            &text,
            touched.iter().copied(),
        );
    }
}

/// What an update of [`Live`] touched, fiche after fiche.
#[derive(Default)]
struct Touched {
    /// Stems whose postings or excerpts changed.
    stems: BTreeSet<u32>,
    /// Words whose chunk must be written again.
    keys: BTreeSet<String>,
    /// Groups of cards that changed.
    groups: BTreeSet<usize>,
    /// Fiches gone, by id.
    gone: BTreeSet<u32>,
    /// Stems whose places the chunks of places write changed.
    placed: BTreeSet<u32>,
    /// Filter keys whose fiches changed.
    filters: BTreeSet<String>,
    /// Whether a filter key came or went (the filters' files are numbered by key).
    renumbered: bool,
}

/// The stems whose places differ between `old` and `new` (sorted lists of
/// (stem, place)), those in one only included.
fn changed_places(old: &[(u32, u16)], new: &[(u32, u16)]) -> BTreeSet<u32> {
    let of = |list: &[(u32, u16)]| -> HashMap<u32, Vec<u16>> {
        let mut out: HashMap<u32, Vec<u16>> = HashMap::new();
        for &(s, p) in list {
            out.entry(s).or_default().push(p);
        }
        out
    };
    let (old, new) = (of(old), of(new));
    old.iter()
        .filter(|(s, p)| new.get(s) != Some(p))
        .map(|(s, _)| *s)
        .chain(new.keys().filter(|s| !old.contains_key(s)).copied())
        .collect()
}
