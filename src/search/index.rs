//! The index held in memory: every stem with its postings (which fiches, how often
//! in each field, where first), the cards, the filters. Built once for a build;
//! kept by `serve` and changed fiche by fiche.

use rustc_hash::FxHashMap;

use super::kept::Places;
use super::record::{Card, Count, Doc, FIELDS, WEIGHTS};
use super::words::Dict;

/// One fiche in one stem's postings (12 bytes: there are millions). Counts stop at
/// 255, far past where BM25 stops telling them apart.
#[derive(Clone, Copy, Debug)]
pub struct Post {
    pub doc: u32,
    pub tf: [u8; FIELDS],
    pub offset: u32,
}

/// A fiche of the index; `None` in [`Index::docs`] once removed.
pub struct Entry {
    pub card: Card,
    pub lens: [u32; FIELDS],
    pub filters: Vec<(String, String)>,
    /// (stem, place) of every word, sorted: what a phrase is checked against.
    pub positions: Box<[(u32, u16)]>,
}

#[derive(Default)]
pub struct Index {
    pub docs: Vec<Option<Entry>>,
    pub by_slug: FxHashMap<String, u32>,
    /// Stems and folded words, numbered.
    pub dict: Dict,
    /// Postings by stem number, sorted by fiche (empty for a word that is no stem).
    pub posts: Vec<Vec<Post>>,
    /// Folded word as written → stem, when they differ.
    pub surfaces: FxHashMap<u32, u32>,
    len_sum: [u64; FIELDS],
    live: u32,
    /// Per fiche and field: its weight over its length normalisation (BM25F),
    /// kept apart and dense because every posting's weight reads it.
    scales: Vec<[f32; FIELDS]>,
    /// When `Some`, the places of every stem written as fiches come in (what
    /// [`super::files::all_places`] makes of the kept positions), and no fiche keeps
    /// its positions: a build, whose fiches come in id order and never change. The
    /// positions weighed 8 bytes a word (56 MB at 10,000 fiches of 700 words) for
    /// the whole build; these texts, about 2 bytes a word.
    pub placed: Option<Vec<String>>,
}

/// BM25's saturation and length normalisation.
const K1: f32 = 1.2;
/// Steps of a posting's weight, written as one character.
pub const LEVELS: u8 = 64;
const B: [f32; FIELDS] = [0.5, 0.75, 0.5, 0.75];

impl Index {
    /// Adds `doc` as fiche `id` (a new id, or one whose fiche was removed).
    pub fn insert(&mut self, id: u32, doc: Doc) {
        let Doc {
            card,
            lens,
            words,
            surfaces,
            filters,
            positions,
            places,
        } = doc;
        // Postings grow with the stems seen, not with the dictionary: a build
        // inserts fiches while the dictionary is lent out to read the next ones.
        let top = words
            .iter()
            .map(|&(sid, _)| sid as usize + 1)
            .max()
            .unwrap_or(0);
        if self.posts.len() < top {
            self.posts.resize_with(top, Vec::new);
        }
        let positions = match (&mut self.placed, places) {
            (Some(placed), Some(places)) => {
                append_places(placed, &words, &places);
                Vec::new()
            }
            (Some(placed), None) => {
                append_places(placed, &words, &Places::of(&words, &positions));
                Vec::new()
            }
            // Only a build's index is given places (see `Doc::places`).
            (None, _) => positions,
        };
        for (sid, count) in words {
            let posts = &mut self.posts[sid as usize];
            let post = Post {
                doc: id,
                tf: count.tf,
                offset: count.offset,
            };
            // Fiches arrive in id order in a build: appending keeps the order.
            match posts.last() {
                Some(last) if last.doc > id => {
                    let at = posts.partition_point(|p| p.doc < id);
                    posts.insert(at, post);
                }
                _ => posts.push(post),
            }
        }
        self.surfaces.extend(surfaces);
        for (sum, len) in self.len_sum.iter_mut().zip(lens) {
            *sum += u64::from(len);
        }
        self.live += 1;
        let at = id as usize;
        if self.docs.len() <= at {
            self.docs.resize_with(at + 1, || None);
        }
        self.by_slug.insert(card.slug.clone(), id);
        self.docs[at] = Some(Entry {
            card,
            lens,
            filters,
            positions: positions.into_boxed_slice(),
        });
    }

    /// Takes fiche `id` out; returns its entry.
    pub fn remove(&mut self, id: u32) -> Option<Entry> {
        let entry = self.docs.get_mut(id as usize)?.take()?;
        for posts in &mut self.posts {
            if let Ok(at) = posts.binary_search_by_key(&id, |p| p.doc) {
                posts.remove(at);
            }
        }
        for (sum, len) in self.len_sum.iter_mut().zip(entry.lens) {
            *sum -= u64::from(len);
        }
        self.live -= 1;
        self.by_slug.remove(&entry.card.slug);
        Some(entry)
    }

    /// For each stem of fiche `id`: its posting's level and offset.
    pub fn levels_of(&self, id: u32) -> FxHashMap<u32, (u8, u32)> {
        if !matches!(self.docs.get(id as usize), Some(Some(_))) {
            return FxHashMap::default();
        }
        // Every stem's postings are searched: a fiche does not keep its stems,
        // which would weigh a third as much as the postings, for the rare edit.
        self.posts
            .iter()
            .enumerate()
            .filter_map(|(sid, posts)| {
                let at = posts.binary_search_by_key(&id, |p| p.doc).ok()?;
                let sid = u32::try_from(sid).ok()?;
                Some((sid, (self.level(&posts[at]), posts[at].offset)))
            })
            .collect()
    }

    /// The places of stem `sid` in fiche `doc`, in order (what the tests check
    /// [`super::files::all_places`] against).
    #[cfg(test)]
    pub fn places(&self, sid: u32, doc: u32) -> impl Iterator<Item = u16> + '_ {
        let all: &[(u32, u16)] = match self.docs.get(doc as usize) {
            Some(Some(e)) => &e.positions,
            _ => &[],
        };
        let from = all.partition_point(|&(s, _)| s < sid);
        all[from..]
            .iter()
            .take_while(move |&&(s, _)| s == sid)
            .map(|&(_, p)| p)
    }

    /// The places of every stem in each of its fiches (see [`Index::placed`]).
    pub fn all_places(&self) -> std::borrow::Cow<'_, [String]> {
        match &self.placed {
            Some(placed) => std::borrow::Cow::Borrowed(placed),
            None => std::borrow::Cow::Owned(super::files::all_places(self)),
        }
    }

    /// Every stem with fiches, in alphabetical order.
    pub fn sorted_stems(&self) -> Vec<(&str, u32)> {
        let mut out: Vec<(&str, u32)> = (0..self.posts.len() as u32)
            .filter(|&sid| !self.posts[sid as usize].is_empty())
            .map(|sid| (self.dict.get(sid), sid))
            .collect();
        out.sort_unstable();
        out
    }

    /// Every word as written whose stem has fiches, in alphabetical order.
    pub fn sorted_surfaces(&self) -> Vec<(&str, u32)> {
        let mut out: Vec<(&str, u32)> = self
            .surfaces
            .iter()
            .filter(|(_, sid)| {
                self.posts
                    .get(**sid as usize)
                    .is_some_and(|p| !p.is_empty())
            })
            .map(|(&w, &sid)| (self.dict.get(w), sid))
            .collect();
        out.sort_unstable();
        out
    }

    /// Number of fiches.
    pub fn fiches(&self) -> u32 {
        self.live
    }

    /// How rare stem `sid` is (BM25's inverse document frequency).
    pub fn idf(&self, sid: u32) -> f32 {
        let n = self.live as f32;
        let df = self.posts[sid as usize].len() as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The part of a posting's score that is its own (BM25F's saturated term
    /// frequency, between 0 and K1 + 1); the score is this times the idf.
    pub fn weight(&self, post: &Post) -> f32 {
        let Some(scale) = self.scales.get(post.doc as usize) else {
            return 0.0;
        };
        let tf: f32 = post
            .tf
            .iter()
            .zip(scale)
            .map(|(&t, s)| f32::from(t) * s)
            .sum();
        tf * (K1 + 1.0) / (K1 + tf)
    }

    /// Computes each fiche's field scales (weight over length normalisation) for
    /// the current lengths: after fiches came in or left, before any weight.
    pub fn rescale(&mut self) {
        let avg = self.averages();
        self.scales = self
            .docs
            .iter()
            .map(|d| {
                let mut scale = [0.0; FIELDS];
                if let Some(entry) = d {
                    for f in 0..FIELDS {
                        let norm = 1.0 - B[f] + B[f] * entry.lens[f] as f32 / avg[f];
                        scale[f] = WEIGHTS[f] / norm;
                    }
                }
                scale
            })
            .collect();
    }

    /// Each field's average length over the fiches, as weights normalise it.
    pub fn averages(&self) -> [f32; FIELDS] {
        let n = self.live.max(1) as f32;
        std::array::from_fn(|f| (self.len_sum[f] as f32 / n).max(1.0))
    }

    /// A posting's weight as the search page reads it: one of [`LEVELS`] steps.
    pub fn level(&self, post: &Post) -> u8 {
        let w = self.weight(post) / (K1 + 1.0) * f32::from(LEVELS - 1);
        // At least 1: a fiche holding the word always counts.
        w.round().clamp(1.0, f32::from(LEVELS - 1)) as u8
    }

    /// The first `k` fiches a search for stem `sid` alone lists (highest level
    /// first, then newest: smallest id).
    pub fn top(&self, sid: u32, k: usize) -> Vec<Post> {
        let posts = &self.posts[sid as usize];
        let levels: Vec<u8> = posts.iter().map(|p| self.level(p)).collect();
        top_of(posts, &levels, k)
    }
}

/// Appends, for each stem of `words`, its places in this fiche (`places`, in the
/// order of `words`: what [`super::files::all_places`] writes for one posting).
fn append_places(placed: &mut Vec<String>, words: &[(u32, Count)], places: &Places) {
    let top = words.iter().map(|&(sid, _)| sid as usize + 1).max();
    if placed.len() < top.unwrap_or(0) {
        placed.resize_with(top.unwrap_or(0), String::new);
    }
    for (i, &(sid, _)) in words.iter().enumerate() {
        placed[sid as usize].push_str(places.get(i));
    }
}

/// The first `k` of `posts` by level (`levels`, in the same order), then by id.
pub fn top_of(posts: &[Post], levels: &[u8], k: usize) -> Vec<Post> {
    let mut order: Vec<(u8, u32, usize)> = levels
        .iter()
        .zip(posts)
        .enumerate()
        .map(|(i, (&l, p))| (u8::MAX - l, p.doc, i))
        .collect();
    if order.len() > k {
        order.select_nth_unstable(k);
        order.truncate(k);
    }
    order.sort_unstable();
    order.into_iter().map(|(_, _, i)| posts[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::record::{Count, NO_OFFSET};

    /// A fiche `slug` with fields of lengths `lens` holding `words`: (stem, counts
    /// per field, offset).
    fn doc(slug: &str, lens: [u32; FIELDS], words: &[(u32, [u8; FIELDS], u32)]) -> Doc {
        Doc {
            card: Card {
                slug: slug.into(),
                title: slug.into(),
                variant: 0,
                date: String::new(),
                source: None,
                event: None,
            },
            lens,
            words: words
                .iter()
                .map(|&(s, tf, offset)| (s, Count { tf, offset }))
                .collect(),
            surfaces: Vec::new(),
            filters: Vec::new(),
            positions: Vec::new(),
            places: None,
        }
    }

    fn ids(posts: &[Post]) -> Vec<u32> {
        posts.iter().map(|p| p.doc).collect()
    }

    #[test]
    fn postings_stay_sorted_by_fiche_whatever_order_fiches_come_in() {
        let mut index = Index::default();
        for id in [5, 1, 9, 0, 3] {
            index.insert(
                id,
                doc(
                    &format!("f{id}"),
                    [1, 1, 1, 1],
                    &[(0, [0, 0, 0, 1], 0), (2, [1, 0, 0, 0], NO_OFFSET)],
                ),
            );
        }
        assert_eq!(ids(&index.posts[0]), [0, 1, 3, 5, 9]);
        assert_eq!(ids(&index.posts[2]), [0, 1, 3, 5, 9]);
        assert!(index.posts[1].is_empty());
        assert_eq!(index.fiches(), 5);
        let gone = index.remove(3).map(|e| e.card.slug);
        assert_eq!(gone.as_deref(), Some("f3"));
        assert_eq!(ids(&index.posts[0]), [0, 1, 5, 9]);
        assert_eq!(index.by_slug.get("f3"), None);
        assert_eq!(index.fiches(), 4);
        assert!(index.remove(3).is_none(), "removed twice");
        // The id comes back with another fiche, in its place.
        index.insert(3, doc("g3", [1, 1, 1, 1], &[(0, [0, 0, 0, 1], 0)]));
        assert_eq!(ids(&index.posts[0]), [0, 1, 3, 5, 9]);
        assert_eq!(index.by_slug.get("g3"), Some(&3));
    }

    /// An index of fiches of equal lengths, each holding stem 0 once in one field
    /// (`fields[i]` for fiche `i`), and stem 1 in every fiche.
    fn by_field(fields: &[usize]) -> Index {
        let mut index = Index::default();
        for (i, &field) in fields.iter().enumerate() {
            let mut tf = [0; FIELDS];
            tf[field] = 1;
            index.insert(
                i as u32,
                doc(
                    &format!("f{i}"),
                    [5, 20, 5, 200],
                    &[(0, tf, 7), (1, [0, 0, 0, 1], 9)],
                ),
            );
        }
        index.rescale();
        index
    }

    #[test]
    fn a_word_weighs_by_its_field_title_first_then_summary_names_and_text() {
        let index = by_field(&[3, 2, 1, 0]);
        let levels: Vec<u8> = index.posts[0].iter().map(|p| index.level(p)).collect();
        // Fiches 0..4 hold the word in the text, names, summary, title.
        assert!(levels.windows(2).all(|w| w[0] < w[1]), "{levels:?}");
        assert!(
            levels.iter().all(|&l| (1..LEVELS).contains(&l)),
            "{levels:?}"
        );
    }

    #[test]
    fn a_longer_text_lowers_a_words_level_and_more_mentions_raise_it() {
        let mut index = Index::default();
        index.insert(0, doc("short", [3, 10, 2, 50], &[(0, [0, 0, 0, 2], 0)]));
        index.insert(1, doc("long", [3, 10, 2, 5000], &[(0, [0, 0, 0, 2], 0)]));
        index.insert(2, doc("more", [3, 10, 2, 50], &[(0, [0, 0, 0, 9], 0)]));
        index.rescale();
        let level = |i: usize| index.level(&index.posts[0][i]);
        assert!(level(1) < level(0), "{} {}", level(1), level(0));
        assert!(level(2) > level(0), "{} {}", level(2), level(0));
        // Saturation: even 255 mentions in the title stay under the top.
        let mut index = Index::default();
        index.insert(0, doc("x", [1, 1, 1, 1], &[(0, [255; FIELDS], 0)]));
        index.rescale();
        assert_eq!(index.level(&index.posts[0][0]), LEVELS - 1);
    }

    #[test]
    fn a_rarer_word_counts_more() {
        let index = by_field(&[3, 3, 3, 3]);
        // Stem 0 and stem 1 are both in every fiche; make stem 2 rare.
        let mut index = index;
        index.insert(
            4,
            doc(
                "f4",
                [5, 20, 5, 200],
                &[(2, [0, 0, 0, 1], 0), (1, [0, 0, 0, 1], 0)],
            ),
        );
        index.rescale();
        assert!(
            index.idf(2) > index.idf(1),
            "{} {}",
            index.idf(2),
            index.idf(1)
        );
        assert!(index.idf(1) > 0.0);
    }

    #[test]
    fn the_best_fiches_of_a_word_come_by_level_then_newest() {
        // Fiches 0..6: the word in the text, but fiches 4 and 2 in the title (2
        // without a place in the passage text: it is listed all the same).
        let mut index = Index::default();
        for i in 0..6u32 {
            let (tf, offset) = match i {
                4 => ([1, 0, 0, 0], 3),
                2 => ([1, 0, 0, 0], NO_OFFSET),
                _ => ([0, 0, 0, 1], 5),
            };
            index.insert(
                i,
                doc(&format!("f{i}"), [4, 10, 3, 100], &[(0, tf, offset)]),
            );
        }
        index.rescale();
        assert_eq!(ids(&index.top(0, 3)), [2, 4, 0]);
        assert_eq!(ids(&index.top(0, 10)), [2, 4, 0, 1, 3, 5]);
        assert!(index.top(0, 0).is_empty());
        let levels = index.levels_of(4);
        assert_eq!(levels.get(&0).map(|&(_, o)| o), Some(3));
        assert!(index.levels_of(42).is_empty());
    }

    #[test]
    fn stems_and_spellings_are_listed_in_code_point_order_only_with_fiches() {
        let mut index = Index::default();
        let words = ["𝐛𝐨𝐥𝐝", "ﬁnance", "zèbre", "abri", "\u{ffff}x", "é", "ab"];
        for w in words {
            index.dict.id(w.to_string());
        }
        let all: Vec<(u32, [u8; FIELDS], u32)> = (0..words.len() as u32)
            .map(|s| (s, [0, 0, 0, 1], 0))
            .collect();
        index.insert(0, doc("a", [1, 1, 1, 7], &all));
        // "ab" also in fiche 1, which is then removed: "ab" keeps fiche 0 only.
        index.insert(1, doc("b", [1, 1, 1, 1], &[(6, [0, 0, 0, 1], 0)]));
        index.remove(1);
        let spelled = index.dict.id("fiNance".into());
        index.surfaces.insert(spelled, 1);
        let listed: Vec<&str> = index.sorted_stems().into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            listed,
            ["ab", "abri", "zèbre", "é", "ﬁnance", "\u{ffff}x", "𝐛𝐨𝐥𝐝"]
        );
        // JavaScript's `<` (UTF-16 units) would put the astral word before ﬁ.
        let mut by_units = listed.clone();
        by_units.sort_by_key(|w| w.encode_utf16().collect::<Vec<u16>>());
        assert_ne!(listed, by_units);
        assert_eq!(index.sorted_surfaces(), [("fiNance", 1)]);
        // A stem whose last fiche leaves is no longer listed.
        index.remove(0);
        assert!(index.sorted_stems().is_empty());
        assert!(index.sorted_surfaces().is_empty());
    }
}
