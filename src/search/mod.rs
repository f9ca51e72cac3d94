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
mod kept;
mod pool;
mod record;
mod update;
mod words;

use rayon::prelude::*;

use crate::fiche::Fiche;
use crate::output::Page;
use crate::packed::Pieces;
use crate::paths;
use crate::site::Site;
use crate::theme::DateFormat;
use files::Windows;
use index::Index;
use words::Analyzer;

pub use record::filter_key;

/// Fiches read at once (see [`Batches`]).
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
    /// The lower bounds of the chunks of places (`p/N.js`), which phrases need.
    phrase_bounds: Vec<String>,
    windows: Windows,
    group: usize,
    /// The variants whose positions the cards give, and what the entry says of
    /// partners.
    pooled: pool::Entry,
}

/// The whole index of `site` as files of the output. Nothing is kept for edits:
/// the places of words are written as fiches come in, not kept per fiche.
pub fn build(site: &Site, dates: &DateFormat) -> Vec<Page> {
    Live::made(site, dates, false, None).1
}

/// [`build`], keeping the words of each fiche for the next build, under the build's
/// `key` (what every fiche's reading depends on besides its texts): written into
/// `into` as the fiches are read; `true` when they are whole and worth keeping. The
/// next build gives them back as `previous`, and reads again only the fiches whose
/// texts changed.
pub fn build_keeping(
    site: &Site,
    dates: &DateFormat,
    key: u64,
    previous: Option<&dyn Pieces>,
    into: &mut dyn std::io::Write,
) -> (Vec<Page>, bool) {
    let (_, pages, kept) = Live::made(site, dates, false, Some((key, previous, into)));
    (pages, kept)
}

/// What a build keeps: its key, the last build's records, where its own go.
type Keep<'k> = (u64, Option<&'k dyn Pieces>, &'k mut dyn std::io::Write);

fn page(path: &str, bytes: Vec<u8>) -> Page {
    Page {
        path: format!("{}/{path}", paths::SEARCH_INDEX_DIR),
        bytes,
    }
}

impl Live {
    /// Indexes every fiche of `site` (ids in reading order: newest first) and
    /// writes every file.
    pub fn new(site: &Site, dates: &DateFormat) -> (Live, Vec<Page>) {
        let (live, pages, _) = Self::made(site, dates, true, None);
        (live, pages)
    }

    /// [`Live::new`]; `editable` keeps what edits need (each fiche's places);
    /// `keep`, for a build, the build's key and the records the last one kept (see
    /// [`build_keeping`]).
    fn made(
        site: &Site,
        dates: &DateFormat,
        editable: bool,
        keep: Option<Keep>,
    ) -> (Live, Vec<Page>, bool) {
        let lang = site.config.language;
        let analyzer = Analyzer::new(lang);
        let mut index = Index::default();
        index.placed = (!editable).then(Vec::new);
        let reader = record::Reader {
            dates,
            analyzer: &analyzer,
        };
        let keeping = (!editable).then_some(keep).flatten();
        let previous = (keeping.as_ref())
            .and_then(|(key, file, _)| kept::Kept::previous(*file, *key, &mut index.dict));
        let how = Reading {
            reader: &reader,
            previous: previous.as_ref(),
            keeping: keeping.is_some(),
            editable,
        };
        let mut batches = Batches::new(&mut index);
        batches.records = keeping.map(|(key, _, into)| kept::Records::new(key, into));
        let mut filters = record::all_filters(site).into_iter();
        batches.read(
            &site.fiches,
            |_| filters.next().unwrap_or_default(),
            |f, filters, cache, intern| how.fiche(f, filters, cache, intern),
        );
        let records = std::mem::take(&mut batches.records);
        let pool = pool::Pool::new(site);
        batches.read(
            &pool.fiches,
            |&(s, _, f)| record::partner_filters(site, &pool.names, f, &pool.entry.sources[s]),
            |&(s, v, f), filters, cache, intern| {
                let (text, names_at) = record::partner_text(f, &filters);
                let card = record::partner_card(dates, f, s, v);
                let texts = record::Texts {
                    title: &f.title,
                    summary_len: f.summary.len(),
                    text: &text,
                    names_at,
                };
                let doc = record::read_texts(&reader, cache, intern, card, texts, filters);
                (doc, None)
            },
        );
        drop(batches);
        let in_use = index.posts.iter().filter(|p| !p.is_empty()).count() + index.surfaces.len();
        let kept = records.is_some_and(|r| r.finish(&index.dict, in_use));
        index.rescale();
        let mut windows = Windows::new();
        let all = 0..index.posts.len() as u32;
        // Made again from the bodies rather than kept from the reading: a site's
        // texts would weigh on memory while its pages are rendered.
        let local = site.fiches.len();
        let text = |doc: u32| {
            let d = doc as usize;
            let of = match site.fiches.get(d) {
                Some(f) => Document::Fiche(f),
                None => Document::Partner(pool.fiches.get(d - local)?.2),
            };
            passage_text(of, &index, doc)
        };
        cut_windows(&index, &mut windows, &text, all);
        let live = Live::planned(index, windows, pool.entry);
        let chunks: Vec<usize> = (0..live.bounds.len()).collect();
        let groups: Vec<usize> = (0..live.index.docs.len().div_ceil(live.group)).collect();
        let phrases: Vec<usize> = (0..live.phrase_bounds.len()).collect();
        let pages = live.files(lang, (&chunks, &groups, &phrases), None);
        (live, pages, kept)
    }

    /// The index of `site` read, its files planned.
    fn planned(index: Index, windows: Windows, pooled: pool::Entry) -> Live {
        let sorted = (index.sorted_stems(), index.sorted_surfaces());
        let group = files::group_size(index.docs.len());
        let places = index.all_places();
        let filters = files::filters(&index).len();
        let fixed = index.docs.len().div_ceil(group) + filters + 1;
        let room = files::term_room(fixed, &places);
        let bounds = files::plan_fitted(&index, &sorted, &windows, room);
        let others = bounds.len() + fixed;
        let phrase_bounds = files::phrase_plan_fitted(&places, &sorted.0, others);
        drop(places);
        drop(sorted);
        Live {
            written: index.averages(),
            bounds,
            phrase_bounds,
            group,
            index,
            windows,
            pooled,
        }
    }

    /// The files of term chunks `chunks`, groups `groups`, chunks of places
    /// `phrases`, the filters of keys `filter_keys` (every filter: `None`), and
    /// the entry.
    fn files(
        &self,
        lang: crate::lang::Lang,
        (chunks, groups, phrases): (&[usize], &[usize], &[usize]),
        filter_keys: Option<&std::collections::BTreeSet<String>>,
    ) -> Vec<Page> {
        let sorted = (self.index.sorted_stems(), self.index.sorted_surfaces());
        let mut pages: Vec<Page> = chunks
            .par_iter()
            .map(|&c| {
                let bytes = files::term_chunk(&self.index, &sorted, &self.bounds, c, &self.windows);
                page(&files::term_file(c), bytes)
            })
            .collect();
        let places = if phrases.is_empty() {
            std::borrow::Cow::Owned(Vec::new())
        } else {
            self.index.all_places()
        };
        pages.par_extend(phrases.par_iter().map(|&c| {
            let bytes = files::phrase_chunk(&places, &sorted.0, &self.phrase_bounds, c);
            page(&files::phrase_file(c), bytes)
        }));
        pages.extend(groups.iter().map(|&g| {
            page(
                &files::group_file(g),
                files::group(&self.index, self.group, g, &self.pooled),
            )
        }));
        let filters = files::filters(&self.index);
        pages.extend(
            (filters.keys().enumerate())
                .filter(|(_, k)| filter_keys.is_none_or(|keys| keys.contains(**k)))
                .map(|(n, _)| page(&files::filter_file(n), files::filter(&filters, n))),
        );
        pages.push(page(
            "index.js",
            files::entry(
                (&self.index, &filters),
                lang,
                (&self.bounds, &self.phrase_bounds),
                self.group,
                &self.pooled,
            ),
        ));
        pages
    }
}

/// A document of the index: a fiche of the site, or a partner's.
#[derive(Clone, Copy)]
enum Document<'a> {
    Fiche(&'a Fiche),
    Partner(&'a crate::partners::PartnerFiche),
}

/// The passage text of document `of`, whose id is `doc` in `index`.
fn passage_text(of: Document, index: &Index, doc: u32) -> Option<String> {
    let entry = index.docs.get(doc as usize)?.as_ref()?;
    Some(match of {
        Document::Fiche(f) => record::excerpt_text(f, &entry.filters).0,
        Document::Partner(p) => record::partner_text(p, &entry.filters).0,
    })
}

/// What interns a word: its number in the index's dictionary.
type Intern<'d> = dyn FnMut(String) -> u32 + 'd;

/// Documents read in batches of [`BATCH`], in parallel, into an index, numbered
/// in the order they come: their word counts are folded into the index batch by
/// batch, so that memory holds one batch of them, not the whole site's.
struct Batches<'i, 'w> {
    index: &'i mut Index,
    /// One cache of analysed words per thread, for the whole build: each thread
    /// stems a word once.
    caches: Vec<std::sync::Mutex<words::Cache>>,
    next: usize,
    /// The records to keep of the documents read, when kept.
    records: Option<kept::Records<'w>>,
}

impl<'i, 'w> Batches<'i, 'w> {
    fn new(index: &'i mut Index) -> Batches<'i, 'w> {
        let caches = (0..rayon::current_num_threads().max(1))
            .map(|_| Default::default())
            .collect();
        Batches {
            index,
            caches,
            next: 0,
            records: None,
        }
    }

    /// Reads `items` as the next documents: `prepare` gives what each needs, in
    /// order, then `read` reads them in parallel.
    fn read<T: Sync, P: Send>(
        &mut self,
        items: &[T],
        mut prepare: impl FnMut(&T) -> P,
        read: impl Fn(&T, P, &mut words::Cache, &mut Intern) -> (record::Doc, Option<Vec<u8>>) + Sync,
    ) {
        for batch in items.chunks(BATCH) {
            let prepared: Vec<P> = batch.iter().map(&mut prepare).collect();
            // Threads number new words in one dictionary (rarely: their caches
            // answer for words seen before).
            let dict = std::sync::Mutex::new(std::mem::take(&mut self.index.dict));
            let caches = &self.caches;
            let docs: Vec<(record::Doc, Option<Vec<u8>>)> = batch
                .par_iter()
                .zip(prepared)
                .map(|(item, p)| {
                    let at = rayon::current_thread_index().unwrap_or(0) % caches.len();
                    let mut cache = caches[at].lock().unwrap_or_else(|e| e.into_inner());
                    let mut intern =
                        |s: String| dict.lock().unwrap_or_else(|e| e.into_inner()).id(s);
                    read(item, p, &mut cache, &mut intern)
                })
                .collect();
            self.index.dict = dict.into_inner().unwrap_or_else(|e| e.into_inner());
            for (doc, record) in docs {
                if let (Some(records), Some(record)) = (&mut self.records, record) {
                    records.put(&record);
                }
                self.index
                    .insert(u32::try_from(self.next).unwrap_or(u32::MAX), doc);
                self.next += 1;
            }
        }
    }
}

/// How a build reads its fiches: what each needs, the records the last build
/// kept, whether to keep them for the next, whether the index is `serve`'s.
struct Reading<'r> {
    reader: &'r record::Reader<'r>,
    previous: Option<&'r kept::Kept<'r>>,
    keeping: bool,
    editable: bool,
}

impl Reading<'_> {
    /// Fiche `f` as the index reads it, from its record when kept, and its record
    /// to keep.
    fn fiche(
        &self,
        f: &Fiche,
        filters: Vec<(String, String)>,
        cache: &mut words::Cache,
        intern: &mut Intern,
    ) -> (record::Doc, Option<Vec<u8>>) {
        let key = self.keeping.then(|| record::words_key(f, &filters));
        if let (Some(key), Some(previous)) = (key, self.previous)
            && let Some((bytes, words)) = previous.words(key)
        {
            let card = record::card(self.reader.dates, f);
            return (words.doc(card, filters), Some(bytes));
        }
        let (text, names_at) = record::excerpt_text(f, &filters);
        let mut doc = record::read(self.reader, cache, intern, f, (&text, names_at), filters);
        if self.editable {
            return (doc, None);
        }
        // Made here, in parallel, rather than where the fiche is added.
        let places = kept::Places::of(&doc.words, &doc.positions);
        doc.positions = Vec::new();
        let record = key.map(|key| kept::record(key, &doc, &places));
        doc.places = Some(places);
        (doc, record)
    }
}

/// Cuts the passages the stems `sids` show and `windows` lacks (one for each of a
/// stem's first results). `text` gives a fiche's passage text by id.
fn cut_windows(
    index: &Index,
    windows: &mut Windows,
    text: &(dyn Fn(u32) -> Option<String> + Sync),
    sids: impl Iterator<Item = u32>,
) {
    let want = files::wanted(index, sids, windows);
    if want.is_empty() {
        return;
    }
    let cut: Vec<((u32, u32), String)> = want
        .into_par_iter()
        .flat_map_iter(|(doc, wants)| {
            let text = text(doc);
            wants.into_iter().filter_map(move |(sid, offset)| {
                let text = text.as_ref()?;
                Some(((sid, doc), files::window_at(text, offset)))
            })
        })
        .collect();
    windows.extend(cut);
}

#[cfg(test)]
pub(super) mod fixture {
    //! Sites made in memory for the index's tests: read and rendered as a build
    //! reads them, but from texts given here.

    use std::path::PathBuf;

    use crate::lang::Lang;
    use crate::site::Site;
    use crate::sources::Sources;
    use crate::theme::DateFormat;

    /// A French site with `extra` appended to its `fiches.toml`.
    pub fn config(extra: &str) -> String {
        format!("title = \"Réseau\"\nlanguage = \"fr\"\n{extra}")
    }

    /// A fiche's text: front matter lines `front` (title, date, variant and summary
    /// among them) and Markdown `body`.
    pub fn text(front: &str, body: &str) -> String {
        format!("+++\n{front}\n+++\n{body}\n")
    }

    /// The site of `fiches` (path under `content/`, text), its date format and its
    /// bodies as HTML, in the site's order; panics on any error (a test's own input).
    pub fn site(config: &str, fiches: &[(String, String)]) -> (Site, DateFormat, Vec<String>) {
        let files = fiches
            .iter()
            .map(|(p, t)| {
                (
                    PathBuf::from(format!("content/{p}")),
                    t.clone().into_bytes(),
                )
            })
            .collect();
        let mut sources = Sources::in_memory(config, files);
        let (cfg, d, _) = crate::config::parse_with(config, Lang::Fr);
        let cfg = cfg.unwrap_or_else(|| panic!("{d:?}"));
        let (mut loaded, d) = crate::content::read(&mut sources, &cfg, false);
        assert!(!d.iter().any(|d| d.is_error()), "{d:?}");
        let d = crate::content::render_bodies(&cfg, &mut loaded, &None, false);
        assert!(!d.iter().any(|d| d.is_error()), "{d:?}");
        let (theme, d) = crate::theme::load(&sources, &cfg, &[]);
        let theme = theme.unwrap_or_else(|| panic!("{d:?}"));
        let site = Site::new(cfg, loaded.fiches);
        let bodies = site.fiches.iter().map(|f| f.html.clone()).collect();
        (site, theme.dates(), bodies)
    }

    /// SplitMix64: the same numbers on every machine.
    pub struct Rng(pub u64);

    impl Rng {
        pub fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// A number in `0..n` (`n > 0`).
        pub fn below(&mut self, n: usize) -> usize {
            ((u128::from(self.next()) * n as u128) >> 64) as usize
        }

        /// A number in `0..n` where small ones are far more likely (about as words
        /// are: a few very common, a long tail of rare ones).
        pub fn skewed(&mut self, n: usize) -> usize {
            let top = self.below(n) + 1;
            self.below(top)
        }
    }

    const COMMON: &[&str] = &[
        "les",
        "de",
        "la",
        "et",
        "des",
        "un",
        "une",
        "pour",
        "avec",
        "dans",
        "sur",
        "par",
        "atelier",
        "ateliers",
        "habitants",
        "habitantes",
        "quartier",
        "quartiers",
        "projet",
        "projets",
        "réseau",
        "réseaux",
        "famille",
        "familles",
        "jeunes",
        "parents",
        "école",
        "écoles",
        "association",
        "associations",
        "bénévoles",
        "salariés",
        "éducateur",
        "éducatrices",
        "médiation",
        "accompagnement",
        "accueil",
        "soirée",
        "débat",
        "rencontre",
        "rencontres",
        "partenaires",
        "financement",
        "mairie",
        "centre",
        "social",
        "sociaux",
        "maison",
        "jardin",
        "jardins",
        "cuisine",
        "repas",
        "café",
        "œuvre",
        "œuvres",
        "collectif",
        "collectifs",
        "participation",
        "coopération",
        "insertion",
        "emploi",
        "logement",
        "santé",
        "culture",
        "sport",
        "numérique",
        "mobilité",
        "aînés",
        "enfants",
        "adolescents",
        "été",
        "hiver",
        "l’équipe",
        "aujourd’hui",
        "c’est",
        "d’abord",
        "très",
        "beaucoup",
        "ensemble",
        "chaque",
        "semaine",
        "mois",
        "année",
        "ans",
    ];
    const SYLLABLES: &[&str] = &[
        "ba", "ché", "di", "fon", "ga", "lé", "mi", "nou", "pa", "ré", "sa", "ti", "vè", "zo",
        "cor", "man", "tal", "ver", "bru", "ques",
    ];

    /// A word of the long tail: syllables numbered by `n` (about 20³ of them).
    fn rare(mut n: usize) -> String {
        let mut w = String::new();
        for _ in 0..3 {
            w.push_str(SYLLABLES[n % SYLLABLES.len()]);
            n /= SYLLABLES.len();
        }
        w
    }

    /// `n` fiches of a network's site, `words` words of text each, made from `seed`:
    /// titles, summaries, dates over fifteen years, two variants, signatures, 2 to 5
    /// tags among 62, one or two themes among 12, a territory among 26.
    /// `k` words, common ones and the long tail's, as a fiche's text has them.
    fn line(rng: &mut Rng, k: usize) -> String {
        let mut out = String::new();
        for i in 0..k {
            if i > 0 {
                out.push(' ');
            }
            if rng.below(2) == 0 {
                out.push_str(COMMON[rng.skewed(COMMON.len())]);
            } else {
                out.push_str(&rare(rng.skewed(8000)));
            }
        }
        out
    }

    /// `n` fiches of a partner network, made from `seed` as [`corpus`] makes a
    /// site's: as long as a partner's `fiches.json` lets them be (their text cut
    /// where the partners module cuts it), tags among 80 (62 of them the site's),
    /// themes among 12, territories among 40.
    pub fn partner_corpus(n: usize, seed: u64) -> Vec<crate::partners::PartnerFiche> {
        let mut rng = Rng(seed);
        (0..n)
            .map(|i| {
                let k = 4 + rng.below(5);
                let title = line(&mut rng, k);
                let k = 25 + rng.below(10);
                let summary = line(&mut rng, k);
                let date = crate::lang::Date {
                    year: 2010 + rng.below(15) as u16,
                    month: 1 + rng.below(12) as u8,
                    day: 1 + rng.below(28) as u8,
                };
                let k = 2 + rng.below(4);
                let tags = (0..k).map(|_| format!("mot {}", rng.below(80))).collect();
                let themes = vec![format!("Thème {}", rng.below(12))];
                let body = (0..9)
                    .map(|_| line(&mut rng, 60))
                    .collect::<Vec<_>>()
                    .join(". ");
                crate::partners::PartnerFiche {
                    slug: format!("p{i:05}"),
                    url: format!("https://voisin.example/fiches/p{i:05}/"),
                    title,
                    date,
                    summary,
                    variant: ["factual", "storytelling"][rng.below(2)].to_string(),
                    variant_label: None,
                    authors: vec![format!("Auteur {}", rng.below(500))],
                    tags,
                    themes,
                    territory: Some(format!("Territoire {}", rng.below(40))),
                    commune: None,
                    coordinates: None,
                    organization: Some(format!("Association {}", rng.below(300))),
                    text: crate::cut::chars(&body, crate::partners::TEXT_KEPT).to_string(),
                }
            })
            .collect()
    }

    pub fn corpus(n: usize, words: usize, seed: u64) -> Vec<(String, String)> {
        let mut rng = Rng(seed);
        let list = |rng: &mut Rng, prefix: &str, of: usize, k: usize| -> String {
            let picked: Vec<String> = (0..k)
                .map(|_| format!("\"{prefix} {}\"", rng.below(of)))
                .collect();
            picked.join(", ")
        };
        (0..n)
            .map(|i| {
                let k = 4 + rng.below(5);
                let title = line(&mut rng, k);
                let k = 25 + rng.below(10);
                let summary = line(&mut rng, k);
                let variant = ["factual", "storytelling"][rng.below(2)];
                let date = format!(
                    "20{:02}-{:02}-{:02}",
                    10 + rng.below(15),
                    1 + rng.below(12),
                    1 + rng.below(28)
                );
                let k = 2 + rng.below(4);
                let tags = list(&mut rng, "mot", 62, k);
                let k = 1 + rng.below(2);
                let themes = list(&mut rng, "Thème", 12, k);
                let front = format!(
                    "title = \"{title}\"\ndate = {date}\nvariant = \"{variant}\"\nsummary = \"{summary}\"\nauthors = [\"Autrice {}\"]\norganization = \"Structure {}\"\ntags = [{tags}]\nthemes = [{themes}]\nterritory = \"Territoire {}\"",
                    rng.below(500),
                    rng.below(300),
                    rng.below(26),
                );
                let mut body = String::new();
                let mut left = words;
                while left > 0 {
                    let k = left.min(60);
                    body.push_str(&line(&mut rng, k));
                    body.push_str(".\n\n");
                    left -= k;
                }
                (format!("lot/f{i:05}.md"), text(&front, &body))
            })
            .collect()
    }

    /// The name and data of a file of the index (`fichesSearch(NAME, DATA);`).
    pub fn script_data(bytes: &[u8]) -> (String, serde_json::Value) {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let inner = text
            .strip_prefix("fichesSearch(")
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("not a script of the index: {text:.80}"));
        let v: serde_json::Value = serde_json::from_str(&format!("[{inner}]")).unwrap_or_default();
        (v[0].as_str().unwrap_or_default().to_string(), v[1].clone())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::Value;

    use proptest::test_runner::TestCaseError;
    use proptest::{prop_assert, prop_assert_eq};

    use super::fixture::*;
    use super::*;

    /// The written files of an index, by name (`index`, `t3`, `d0`), as data.
    struct Files(BTreeMap<String, (usize, Value)>);

    impl Files {
        fn new(pages: &[Page]) -> Files {
            Files(
                pages
                    .iter()
                    .map(|p| {
                        let (name, data) = script_data(&p.bytes);
                        (name, (p.bytes.len(), data))
                    })
                    .collect(),
            )
        }

        fn data(&self, name: &str) -> &Value {
            &self.0[name].1
        }

        /// The fiches of each value of filter `key`, from its file.
        fn filter(&self, key: &str) -> &Value {
            let keys = self.data("index")["filter_keys"].as_array().unwrap();
            let n = keys.iter().position(|k| k == key).unwrap();
            self.data(&format!("f{n}"))
        }
    }

    /// search-engine.js's order of words: by code point.
    fn chunk_of(bounds: &[Value], key: &str) -> usize {
        bounds
            .partition_point(|b| b.as_str().unwrap_or_default() <= key)
            .saturating_sub(1)
    }

    /// The files a first visit of the search page with `query` in its address loads
    /// (the entry, the chunks of the word and of its prefix range, the groups of
    /// its first ten results), found as search-engine.js finds them, from the files.
    /// A term's postings as the engine reads them: each fiche's id, written as the
    /// gap from the last one in base-32 digits (the last digit below 32), then its
    /// level in one digit.
    fn postings(packed: &str) -> Vec<(u64, f64)> {
        let (bytes, mut at, mut id) = (packed.as_bytes(), 0, 0u64);
        let mut out = Vec::new();
        while at < bytes.len() {
            let mut scale = 1;
            loop {
                let c = files::digit(bytes[at]);
                at += 1;
                if c < 32 {
                    id += c * scale;
                    break;
                }
                id += (c - 32) * scale;
                scale *= 32;
            }
            out.push((id, files::digit(bytes[at]) as f64));
            at += 1;
        }
        out
    }

    fn first_visit(files: &Files, query: &str) -> Vec<String> {
        let entry = files.data("index");
        let bounds = entry["chunks"].as_array().unwrap();
        let key = words::fold(query);
        let mut loaded = vec!["index".to_string()];
        let mut load = |c: usize| {
            let name = format!("t{c}");
            if !loaded.contains(&name) {
                loaded.push(name.clone());
            }
            files.data(&name).clone()
        };
        let lookup =
            |load: &mut dyn FnMut(usize) -> Value, k: &str| load(chunk_of(bounds, k))[k].clone();
        // Stem → factor.
        let mut stems: Vec<(String, f64)> = Vec::new();
        let add = |stems: &mut Vec<(String, f64)>, s: &str, factor: f64| {
            if !stems.iter().any(|(x, f)| x == s && *f >= factor) {
                stems.push((s.to_string(), factor));
            }
        };
        match lookup(&mut load, &key) {
            Value::Array(v) => {
                add(&mut stems, &key, 1.0);
                if let Some(other) = v.get(3).and_then(Value::as_str) {
                    add(&mut stems, other, 1.0);
                }
            }
            Value::String(s) => add(&mut stems, &s, 1.0),
            _ => {}
        }
        if key.chars().count() >= 3 {
            let first = chunk_of(bounds, &key);
            let last = chunk_of(bounds, &format!("{key}\u{10ffff}")).min(first + 2);
            let mut keys: Vec<(String, Value)> = Vec::new();
            for c in first..=last {
                for (k, v) in load(c).as_object().unwrap() {
                    if k.starts_with(&key) && *k != key {
                        keys.push((k.clone(), v.clone()));
                    }
                }
            }
            keys.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in keys.into_iter().take(200) {
                add(&mut stems, v.as_str().unwrap_or(&k), 0.9);
            }
        }
        // Each fiche's best score.
        let mut scores: BTreeMap<u64, f64> = BTreeMap::new();
        for (stem, factor) in &stems {
            let v = lookup(&mut load, stem);
            let idf = v[0].as_f64().unwrap();
            for (id, level) in postings(v[1].as_str().unwrap()) {
                let s = idf * level * factor;
                let best = scores.entry(id).or_insert(0.0);
                *best = best.max(s);
            }
        }
        let mut ranked: Vec<(u64, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let group = entry["group"].as_u64().unwrap();
        for (id, _) in ranked.into_iter().take(10) {
            let name = format!("d{}", id / group);
            if !loaded.contains(&name) {
                loaded.push(name);
            }
        }
        loaded
    }

    /// The files a first visit with the quoted phrase of `words` loads: the entry,
    /// each word's chunk and its stems', the chunk of places of each stem (what
    /// search-engine.js's `placesOf` loads), and the groups of the ten best fiches
    /// holding every word (the phrase keeps some of them: at most as many groups).
    fn phrase_visit(files: &Files, words: &[&str]) -> Vec<String> {
        let entry = files.data("index");
        let bounds = entry["chunks"].as_array().unwrap();
        let phrases = entry["phrases"].as_array().unwrap();
        let mut loaded = vec!["index".to_string()];
        let mut note = |name: String| {
            if !loaded.contains(&name) {
                loaded.push(name);
            }
        };
        let mut scores: Option<BTreeMap<u64, f64>> = None;
        for word in words {
            let key = words::fold(word);
            note(format!("t{}", chunk_of(bounds, &key)));
            let stems: Vec<String> =
                match &files.data(&format!("t{}", chunk_of(bounds, &key)))[&key] {
                    Value::Array(v) => std::iter::once(key.clone())
                        .chain(v.get(3).and_then(Value::as_str).map(str::to_string))
                        .collect(),
                    Value::String(s) => vec![s.clone()],
                    _ => Vec::new(),
                };
            let mut here: BTreeMap<u64, f64> = BTreeMap::new();
            for stem in &stems {
                let chunk = format!("t{}", chunk_of(bounds, stem));
                note(chunk.clone());
                note(format!("p{}", chunk_of(phrases, stem)));
                let v = &files.data(&chunk)[stem.as_str()];
                let idf = v[0].as_f64().unwrap();
                for (id, level) in postings(v[1].as_str().unwrap()) {
                    let s = idf * level;
                    let best = here.entry(id).or_insert(0.0);
                    *best = best.max(s);
                }
            }
            scores = Some(match scores {
                None => here,
                Some(before) => (before.into_iter())
                    .filter_map(|(d, s)| Some((d, s + here.get(&d)?)))
                    .collect(),
            });
        }
        let mut ranked: Vec<(u64, f64)> = scores.unwrap_or_default().into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let group = entry["group"].as_u64().unwrap();
        for (id, _) in ranked.into_iter().take(10) {
            note(format!("d{}", id / group));
        }
        loaded
    }

    /// A quoted phrase of two common words (each typed as its stem) loads at most
    /// 300 KiB at 10,000 fiches. Not yet (December 8): 716 KiB for « "quarti
    /// reseau" » (1,148 KiB on December 7, before the term chunks left more files
    /// to the places), and the places of the most common stem alone weigh
    /// 250 KiB; exact phrases within the budget need another layout (pairs of
    /// words, or places of the candidates only), not a finer cut of this one.
    #[test]
    #[ignore = "not yet: a phrase of two common words loads 716 KiB at 10,000 fiches"]
    fn a_first_phrase_search_at_10_000_fiches_loads_at_most_300_kib() {
        let (live, pages, stop) = ten_thousand();
        let files = Files::new(&pages);
        let mut common = live.index.sorted_stems();
        common.sort_by_key(|&(w, s)| (std::cmp::Reverse(live.index.posts[s as usize].len()), w));
        let common: Vec<&str> = (common.iter())
            .map(|&(w, _)| w)
            .filter(|w| !stop.contains(w))
            .take(12)
            .collect();
        let mut heaviest = (0, String::new());
        for pair in common.windows(2) {
            let names = phrase_visit(&files, pair);
            let bytes = weight(&files, &names);
            if bytes > heaviest.0 {
                heaviest = (bytes, format!("\"{} {}\"", pair[0], pair[1]));
            }
        }
        eprintln!("heaviest first phrase search: {heaviest:?}");
        assert!(
            heaviest.0 <= 300 * 1024,
            "a first phrase search loads {heaviest:?} bytes"
        );
    }

    /// The bytes of the files `names`.
    fn weight(files: &Files, names: &[String]) -> usize {
        names.iter().map(|n| files.0[n].0).sum()
    }

    /// The index of 10,000 fiches of 700 words (as long as the reference corpus's,
    /// examples/corpus.rs), over a longer tail of words (8,500 stems); its files.
    fn ten_thousand() -> (Live, Vec<Page>, Vec<&'static str>) {
        let (site, dates, _) = site(&config(""), &corpus(10_000, 700, 7));
        let (live, pages) = Live::new(&site, &dates);
        (
            live,
            pages,
            words::stop_words(site.config.language).to_vec(),
        )
    }

    /// The heaviest first visit among the most common words, each typed as the
    /// text spells it (?q=réseaux): they have the largest chunks and ten groups.
    fn heaviest_first_visit(live: &Live, files: &Files, stop: &[&str]) -> (usize, String) {
        let mut common = live.index.sorted_stems();
        common.sort_by_key(|&(w, s)| (std::cmp::Reverse(live.index.posts[s as usize].len()), w));
        let spellings = live.index.sorted_surfaces();
        let mut heaviest = (0, String::new());
        let mut tried = 0;
        for &(stem, sid) in common.iter().filter(|(w, _)| !stop.contains(w)).take(40) {
            let typed: Vec<&str> = spellings
                .iter()
                .filter(|(_, s)| *s == sid)
                .map(|(w, _)| *w)
                .collect();
            for word in if typed.is_empty() { vec![stem] } else { typed } {
                let names = first_visit(files, word);
                assert!(names.len() <= 1 + 4 + 10, "{word}: {names:?}");
                let bytes = weight(files, &names);
                if bytes > heaviest.0 {
                    heaviest = (bytes, word.to_string());
                }
                tried += 1;
            }
        }
        assert!(tried >= 40, "{tried}");
        // Ten groups and a large chunk at least: the model does load them.
        assert!(heaviest.0 > 150 * 1024, "{heaviest:?}");
        heaviest
    }

    /// 10,000 fiches as [`ten_thousand`]'s, and 10,000 of a partner network.
    fn ten_thousand_pooled() -> (Live, Vec<Page>, Vec<&'static str>) {
        let (mut site, dates, _) = site(&config(""), &corpus(10_000, 700, 7));
        site.partners = std::sync::Arc::new(vec![crate::partners::Partner {
            name: "Réseau voisin".into(),
            site_url: Some("https://voisin.example/".into()),
            fiches: partner_corpus(10_000, 9),
            fingerprint: 0,
        }]);
        let (live, pages) = Live::new(&site, &dates);
        (
            live,
            pages,
            words::stop_words(site.config.language).to_vec(),
        )
    }

    /// The budgets hold with a partner network's fiches pooled: at most 500 files,
    /// and a first search at most 300 KiB. December 8: 491 files (100 groups of
    /// 200 cards, partners' addresses said once per source; term chunks of up to
    /// 72 KiB; passages of 80 bytes after the word), 292 KiB for « repas »; 697
    /// files before (157 groups, 483 term chunks of 56 KiB).
    #[test]
    fn the_index_of_10_000_fiches_and_10_000_partner_fiches_keeps_the_budgets() {
        let (live, pages, stop) = ten_thousand_pooled();
        assert_eq!(live.index.fiches(), 20_000);
        let files = Files::new(&pages);
        let heaviest = heaviest_first_visit(&live, &files, &stop);
        eprintln!("{} files; heaviest first search: {heaviest:?}", pages.len());
        assert!(pages.len() <= 500, "{} files", pages.len());
        assert!(
            heaviest.0 <= 300 * 1024,
            "a first search loads {heaviest:?} bytes"
        );
    }

    #[test]
    fn the_index_of_10_000_fiches_is_at_most_500_files() {
        let (live, pages, stop) = ten_thousand();
        assert!(pages.len() <= 500, "{} files", pages.len());
        let files = Files::new(&pages);
        assert_eq!(files.0.len(), pages.len(), "two files of one name");
        // Every file holds data, and the first visits find what they load.
        heaviest_first_visit(&live, &files, &stop);
    }

    /// The entry (its filters' values and totals, their fiches in files of their
    /// own that a search does not load: 93 KiB with them on December 7, 286 KiB
    /// in all for « repas »), the chunk of the word as written and that of its
    /// stem (« rep »), each with the passages of the stems' first ten fiches, and
    /// ten group files of a hundred cards without summaries.
    #[test]
    fn a_first_search_at_10_000_fiches_loads_at_most_300_kib() {
        let (live, pages, stop) = ten_thousand();
        let heaviest = heaviest_first_visit(&live, &Files::new(&pages), &stop);
        eprintln!("heaviest first search: {heaviest:?}");
        assert!(
            heaviest.0 <= 300 * 1024,
            "a first search loads {heaviest:?} bytes"
        );
    }

    /// The places (`p/N.js`) of stem `stem` in each fiche holding it, read from
    /// `pages` as the engine reads them.
    fn places_in(pages: &[Page], live: &Live, stem: &str) -> Vec<Vec<u64>> {
        let c = files::chunk_of(&live.phrase_bounds, stem);
        let name = format!("{}/{}", paths::SEARCH_INDEX_DIR, files::phrase_file(c));
        let file = pages.iter().find(|p| p.path == name).unwrap();
        let (_, data) = script_data(&file.bytes);
        let packed = data[stem].as_str().unwrap().as_bytes();
        let mut at = 0;
        let mut read = || {
            let (mut n, mut scale) = (0, 1);
            loop {
                let c = files::digit(packed[at]);
                at += 1;
                if c < 32 {
                    return n + c * scale;
                }
                n += (c - 32) * scale;
                scale *= 32;
            }
        };
        let sid = live
            .index
            .sorted_stems()
            .into_iter()
            .find(|(k, _)| *k == stem)
            .unwrap()
            .1;
        let mut out = Vec::new();
        for _ in &live.index.posts[sid as usize] {
            let count = read();
            let mut place = 0;
            out.push(
                (0..count)
                    .map(|_| {
                        place += read();
                        place
                    })
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn an_edit_in_serve_rewrites_the_places_its_words_moved_to() {
        let fiche = |body: &str| {
            text(
                "title = \"Une action\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"Court.\"\nauthors = [\"A\"]",
                body,
            )
        };
        let before = vec![
            ("a.md".to_string(), fiche("Un jardin ouvert et partagé.")),
            ("b.md".to_string(), fiche("Le jardin des voisins.")),
        ];
        let (first, dates, _) = site(&config(""), &before);
        let (mut live, pages) = Live::new(&first, &dates);
        let stem = |w: &str| {
            words::Analyzer::new(crate::lang::Lang::Fr)
                .word(w)
                .unwrap()
                .stem
        };
        let (jardin, partage) = (stem("jardin"), stem("partagé"));
        // A gap, the title (2, 3), a gap, the summary (5), a gap, the text (7…).
        assert_eq!(places_in(&pages, &live, &jardin), [vec![8], vec![8]]);
        assert_eq!(places_in(&pages, &live, &partage), [vec![11]]);
        let after = vec![
            ("a.md".to_string(), fiche("Un jardin partagé, ouvert.")),
            before[1].clone(),
        ];
        let (second, dates, _) = site(&config(""), &after);
        let changed = live.update(&second, &dates, &["a".to_string()]);
        assert_eq!(places_in(&changed, &live, &partage), [vec![9]]);
        assert_eq!(places_in(&changed, &live, &jardin), [vec![8], vec![8]]);
    }

    #[test]
    fn an_edit_in_serve_rewrites_the_filters_it_moves_as_a_build_writes_them() {
        let fiche = |extra: &str| {
            text(
                &format!(
                    "title = \"Une action\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"Court.\"\nauthors = [\"A\"]\n{extra}"
                ),
                "Un jardin.",
            )
        };
        let sites = [
            vec![
                (
                    "a.md".to_string(),
                    fiche("tags = [\"Potager\"]\nterritory = \"Savoie\""),
                ),
                (
                    "b.md".to_string(),
                    fiche("tags = [\"Potager\", \"Été 🌞\"]"),
                ),
            ],
            // A tag moves: the tags' file only.
            vec![
                (
                    "a.md".to_string(),
                    fiche("tags = [\"Été 🌞\"]\nterritory = \"Savoie\""),
                ),
                (
                    "b.md".to_string(),
                    fiche("tags = [\"Potager\", \"Été 🌞\"]"),
                ),
            ],
            // The only territory goes: the keys after it are numbered anew.
            vec![
                ("a.md".to_string(), fiche("tags = [\"Été 🌞\"]")),
                (
                    "b.md".to_string(),
                    fiche("tags = [\"Potager\", \"Été 🌞\"]"),
                ),
            ],
        ];
        let (first, dates, _) = site(&config(""), &sites[0]);
        let (mut live, _) = Live::new(&first, &dates);
        for (step, fiches) in sites.iter().enumerate().skip(1) {
            let (now, dates, _) = site(&config(""), fiches);
            let changed = Files::new(&live.update(&now, &dates, &["a".to_string()]));
            let built = Files::new(&build(&now, &dates));
            let keys = built.data("index")["filter_keys"].clone();
            assert_eq!(changed.data("index")["filter_keys"], keys, "step {step}");
            assert_eq!(
                changed.data("index")["filters"],
                built.data("index")["filters"]
            );
            for n in 0..keys.as_array().unwrap().len() {
                let name = format!("f{n}");
                match changed.0.get(&name) {
                    Some(_) => assert_eq!(changed.data(&name), built.data(&name), "{name}"),
                    // Not written again: its key's fiches did not move.
                    None => assert_eq!(step, 1, "{name} not written at step {step}"),
                }
            }
            assert!(changed.0.contains_key("f0"), "the tags' file, step {step}");
            assert_eq!(built.filter("tag")["Été 🌞"], files::id_list([0, 1]));
        }
    }

    /// Every file of the index of `fiches`, built with `threads` threads.
    fn built(fiches: &[(String, String)], threads: usize) -> Vec<(String, Vec<u8>)> {
        let (site, dates, _) = site(&config(""), fiches);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut pages: Vec<(String, Vec<u8>)> = pool
            .install(|| build(&site, &dates))
            .into_iter()
            .map(|p| (p.path, p.bytes))
            .collect();
        pages.sort();
        pages
    }

    /// The build's index (places written as fiches come in, none kept) and the
    /// editable one (`serve`'s: places kept per fiche, written at the end) give the
    /// same bytes, file by file.
    fn same_as_editable(fiches: &[(String, String)]) -> Result<(), TestCaseError> {
        let (site, dates, _) = site(&config(""), fiches);
        let built = build(&site, &dates);
        let (live, editable) = Live::new(&site, &dates);
        prop_assert!(
            live.index.placed.is_none(),
            "serve keeps each fiche's places"
        );
        prop_assert_eq!(built.len(), editable.len());
        for (a, b) in built.iter().zip(&editable) {
            prop_assert_eq!(&a.path, &b.path);
            prop_assert!(a.bytes == b.bytes, "{} differs", a.path);
        }
        Ok(())
    }

    #[test]
    fn the_build_index_is_the_editable_ones() {
        // More fiches than one batch, and a word repeated past the last place kept
        // (65,535): its posting has fewer places than counts.
        let mut fiches = corpus(BATCH + 90, 60, 3);
        let long = vec!["jardin partagé"; 33_000].join(" ");
        fiches.push(("long.md".into(), text(
            "title = \"Long\"\ndate = 2020-01-01\nvariant = \"factual\"\nsummary = \"Jardin.\"\nauthors = [\"A\"]",
            &format!("{long} jardin final"),
        )));
        same_as_editable(&fiches).unwrap();
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Whatever the texts: any Unicode, no-break spaces, astral letters, RTL,
        /// control characters, words repeated.
        #[test]
        fn any_texts_index_alike_built_or_editable(
            bodies in proptest::collection::vec(
                "(\\PC|[\u{a0}\u{202f}\u{1f600}\u{10348}\u{202e}\u{7}ש]| jardin| partagé|\n\n){0,80}",
                1..6,
            ),
        ) {
            let fiches: Vec<(String, String)> = bodies
                .iter()
                .enumerate()
                .map(|(i, b)| (format!("f{i}.md"), text(
                    &format!("title = \"Fiche {i} jardin\"\ndate = 2021-01-0{}\nvariant = \"factual\"\nsummary = \"Un jardin.\"\nauthors = [\"A\"]", 1 + i % 9),
                    // Markdown's own characters would make other texts, not hostile ones.
                    &b.replace(['\\', '`', '*', '_', '<', '[', '#', '+', '-', '|', '>', '!', '~', '='], " "),
                )))
                .collect();
            same_as_editable(&fiches)?;
        }
    }

    /// A site of two fiches pooling `partner`'s fiches (« Réseau voisin »).
    fn pooled(partner: Vec<crate::partners::PartnerFiche>) -> (Site, DateFormat) {
        let fiche = |title: &str, tags: &str| {
            text(
                &format!(
                    "title = \"{title}\"\ndate = 2024-01-01\nvariant = \"factual\"\nsummary = \"Court.\"\nauthors = [\"A\"]\ntags = [{tags}]\nterritory = \"Haute-Savoie\""
                ),
                "Un jardin partagé.",
            )
        };
        let fiches = vec![
            ("a.md".to_string(), fiche("Le jardin", "\"Jardins\"")),
            ("b.md".to_string(), fiche("La cuisine", "\"Cuisine\"")),
        ];
        let (mut site, dates, _) = site(&config(""), &fiches);
        site.partners = std::sync::Arc::new(vec![crate::partners::Partner {
            name: "Réseau voisin".into(),
            site_url: Some("https://voisin.example/".into()),
            fiches: partner,
            fingerprint: 0,
        }]);
        (site, dates)
    }

    #[test]
    fn partner_fiches_are_searched_with_their_source_and_the_sites_terms() {
        let mut partner = partner_corpus(3, 5);
        partner[0].title = "Un jardin des voisins".into();
        partner[0].tags = vec!["jardins".into(), "JARDINS".into()];
        partner[0].territory = Some("74".into());
        partner[1].variant = "recette".into();
        partner[1].variant_label = Some("Recette".into());
        let (site, dates) = pooled(partner);
        let files = Files::new(&build(&site, &dates));
        let entry = files.data("index");
        assert_eq!(entry["fiches"], 5);
        assert_eq!(entry["sources"], serde_json::json!(["Réseau voisin"]));
        assert_eq!(entry["here"], "Réseau");
        let variants = entry["variants"].as_array().unwrap();
        assert_eq!(variants.last().unwrap(), "recette");
        assert_eq!(entry["variant_labels"]["recette"], "Recette");
        // Ids 2, 3, 4 are the partner's: its fiches carry the source, the site's
        // spelling of their terms, its territory by the place they name.
        assert_eq!(entry["filters"]["source"]["Réseau voisin"], 3);
        assert_eq!(entry["filters"]["tag"]["Jardins"], 2);
        assert_eq!(
            files.filter("source")["Réseau voisin"],
            files::id_list([2, 3, 4])
        );
        assert_eq!(files.filter("tag")["Jardins"], files::id_list([1, 2]));
        assert_eq!(
            files.filter("territory")["Haute-Savoie"],
            files::id_list([0, 1, 2])
        );
        assert!(files.filter("tag").get("jardins").is_none());
        // A partner's card: its page's address (after what its source's addresses
        // begin with, said once in the entry), never a page of the site, and its
        // source's number.
        let cards = files.data("d0").as_array().unwrap();
        assert_eq!(cards[0].as_array().unwrap().len(), 4);
        let card = cards[2].as_array().unwrap();
        let folder = entry["source_urls"][0].as_str().unwrap();
        assert_eq!(folder, "https://voisin.example/fiches/");
        assert_eq!(
            format!("{folder}{}", card[0].as_str().unwrap()),
            "https://voisin.example/fiches/p00000/"
        );
        assert_eq!(card[1], "Un jardin des voisins");
        assert_eq!(card[4], 0);
        let recette = cards[3].as_array().unwrap();
        assert_eq!(variants[recette[2].as_u64().unwrap() as usize], "recette");
    }

    #[test]
    fn a_site_without_partners_has_no_source_in_its_index() {
        let (site, dates) = pooled(Vec::new());
        let files = Files::new(&build(&site, &dates));
        let entry = files.data("index");
        assert!(entry.get("sources").is_none());
        assert!(entry["filters"].get("source").is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]
        /// Partners' texts of any Unicode index alike built or editable, and an
        /// edit in serve keeps their passages.
        #[test]
        fn any_partner_texts_index_alike_built_or_editable(
            texts in proptest::collection::vec(
                "(\\PC|[\u{a0}\u{202f}\u{1f600}\u{10348}\u{202e}\u{7}\u{0}ש\n]| jardin| partagé){0,60}",
                1..5,
            ),
        ) {
            let mut partner = partner_corpus(texts.len(), 3);
            for (p, t) in partner.iter_mut().zip(&texts) {
                p.title = t.chars().take(40).collect();
                p.summary = t.clone();
                p.text = format!("{t} jardin {t}");
                p.tags = vec![t.clone()];
                p.authors = vec![t.clone()];
            }
            let (site, dates) = pooled(partner);
            let built = build(&site, &dates);
            let (mut live, editable) = Live::new(&site, &dates);
            prop_assert_eq!(built.len(), editable.len());
            for (a, b) in built.iter().zip(&editable) {
                prop_assert!(a.bytes == b.bytes, "{} differs", a.path);
            }
            // An edit of a fiche of the site: the partner's passages stay.
            let changed = live.update(&site, &dates, &["a".to_string()]);
            let again = Files::new(&changed);
            prop_assert!(again.0.keys().all(|k| !k.starts_with('d') || k == "d0"));
        }
    }

    #[test]
    fn the_same_site_gives_the_same_bytes_whatever_the_threads_and_the_reading_order() {
        // More fiches than one batch, so that words are numbered by several threads.
        let fiches = corpus(BATCH + 90, 60, 11);
        let one = built(&fiches, 1);
        assert!(one.len() > 3, "{} files", one.len());
        let mut reversed = fiches.clone();
        reversed.reverse();
        for (threads, input) in [(1, &fiches), (4, &fiches), (3, &reversed), (4, &fiches)] {
            let other = built(input, threads);
            assert_eq!(other.len(), one.len());
            for (a, b) in one.iter().zip(&other) {
                assert!(a == b, "{} differs with {threads} threads", a.0);
            }
        }
    }
}
