//! The index held in memory: every stem with its postings (which fiches, how often
//! in each field, where first), the cards, the filters. Built once for a build;
//! kept by `serve` and changed fiche by fiche.

use rustc_hash::FxHashMap;

use super::record::{Card, Doc, FIELDS, NO_OFFSET, WEIGHTS};
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
    /// first, then newest: smallest id), those whose excerpt text holds the word.
    pub fn top(&self, sid: u32, k: usize) -> Vec<Post> {
        let posts = &self.posts[sid as usize];
        let levels: Vec<u8> = posts.iter().map(|p| self.level(p)).collect();
        top_of(posts, &levels, k)
    }
}

/// The first `k` of `posts` by level (`levels`, in the same order), then by id;
/// those with a place in the excerpt text.
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
    order
        .into_iter()
        .map(|(_, _, i)| posts[i])
        .filter(|p| p.offset != NO_OFFSET)
        .collect()
}
