//! The one way to suggest a known name for a mistyped one (a field, a variant, a
//! value of a `choice` field, a term of a closed list), in bounded time: names are
//! indexed by their trigrams, and a mistyped name is compared with the few that share
//! the most of its rare trigrams, never with the whole list.

use std::cell::RefCell;
use std::collections::HashMap;

/// Longer than this (in characters), a name is no typo of another: no suggestion, and
/// no comparison whose cost grows with the square of the length.
const MAX_CHARS: usize = 100;
/// Names compared with a mistyped one, at most.
pub(crate) const CANDIDATES: usize = 16;
/// Entries of the index read for one suggestion, at most: the rarest trigrams first,
/// so that trigrams shared by half the list cost nothing.
const BUDGET: usize = 4096;
/// Below this Jaro-Winkler similarity, the closest name is not close: no suggestion.
const CLOSE: f64 = 0.8;

/// A trigram of a folded name, with `\u{2}` before and `\u{3}` after the name so that
/// its ends count.
type Gram = [char; 3];

/// Known names, indexed to find the one closest to a mistyped name.
pub struct Suggester<'a> {
    /// Each name as written and folded.
    names: Vec<(&'a str, String)>,
    grams: HashMap<Gram, Vec<u32>>,
    /// For each name, how many trigrams it shares with the name looked up: zero
    /// between lookups, so that a lookup costs what it reads, not the list's length.
    counts: RefCell<Vec<u32>>,
}

/// A name as it is compared: ASCII letters (accents and ligatures unfolded),
/// lowercase. `None` when it is too long to be a typo.
fn fold(name: &str) -> Option<String> {
    if name.chars().nth(MAX_CHARS).is_some() {
        return None;
    }
    Some(deunicode::deunicode(name).to_lowercase())
}

fn grams(folded: &str) -> Vec<Gram> {
    let chars: Vec<char> = ['\u{2}', '\u{2}']
        .into_iter()
        .chain(folded.chars())
        .chain(['\u{3}'])
        .collect();
    let mut out: Vec<Gram> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl<'a> Suggester<'a> {
    pub fn new(known: impl IntoIterator<Item = &'a str>) -> Self {
        let mut names = Vec::new();
        let mut index: HashMap<Gram, Vec<u32>> = HashMap::new();
        for name in known {
            let Some(folded) = fold(name) else { continue };
            let Ok(i) = u32::try_from(names.len()) else {
                break;
            };
            for g in grams(&folded) {
                index.entry(g).or_default().push(i);
            }
            names.push((name, folded));
        }
        let counts = RefCell::new(vec![0; names.len()]);
        Suggester {
            names,
            grams: index,
            counts,
        }
    }

    /// The known name closest to `input`, if one is close enough to be a likely typo;
    /// among equally close names, the first known.
    pub fn suggest(&self, input: &str) -> Option<&'a str> {
        let folded = fold(input)?;
        let mut best: Option<(f64, u32)> = None;
        for i in self.candidates(&folded) {
            let Some((_, name)) = self.names.get(i as usize) else {
                continue;
            };
            let score = strsim::jaro_winkler(&folded, name);
            let better = match best {
                None => true,
                Some((s, j)) => score > s || (score == s && i < j),
            };
            if score > CLOSE && better {
                best = Some((score, i));
            }
        }
        best.and_then(|(_, i)| self.names.get(i as usize).map(|(n, _)| *n))
    }

    /// The names worth comparing with `folded`: those sharing the most of its rarest
    /// trigrams, at most [`CANDIDATES`], found reading at most [`BUDGET`] entries.
    fn candidates(&self, folded: &str) -> Vec<u32> {
        let mut lists: Vec<&Vec<u32>> = grams(folded)
            .iter()
            .filter_map(|g| self.grams.get(g))
            .collect();
        lists.sort_by_key(|l| l.len());
        let Ok(mut counts) = self.counts.try_borrow_mut() else {
            return Vec::new();
        };
        // The names met, each counted in `counts` once per trigram it shares.
        let mut met: Vec<u32> = Vec::new();
        let mut left = BUDGET;
        for list in lists {
            if left == 0 {
                break;
            }
            let taken = list.len().min(left);
            for &i in list.iter().take(taken) {
                if let Some(c) = counts.get_mut(i as usize) {
                    if *c == 0 {
                        met.push(i);
                    }
                    *c += 1;
                }
            }
            left -= taken;
        }
        // Read and put back to zero for the next lookup.
        let mut ranked: Vec<(u32, u32)> = met
            .into_iter()
            .map(|i| (i, counts.get_mut(i as usize).map_or(0, std::mem::take)))
            .collect();
        let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > CANDIDATES {
            ranked.select_nth_unstable_by(CANDIDATES, order);
            ranked.truncate(CANDIDATES);
        }
        ranked.sort_unstable_by(order);
        ranked.into_iter().map(|(i, _)| i).collect()
    }
}

/// The known name closest to `input`, if one is close enough to be a likely typo.
/// For many mistyped names against one list, build a [`Suggester`] once.
pub fn closest<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    Suggester::new(known).suggest(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_suggested_and_far_names_are_not() {
        assert_eq!(closest("tagz", ["tags", "themes", "title"]), Some("tags"));
        assert_eq!(closest("zzz", ["tags", "themes"]), None);
        assert_eq!(closest("acceuil", ["Accueil", "Réseau"]), Some("Accueil"));
        assert_eq!(closest("reseau", ["Accueil", "Réseau"]), Some("Réseau"));
        assert_eq!(closest("ﬁnance", ["Finances", "Santé"]), Some("Finances"));
        assert_eq!(
            closest("factuele", ["factual", "factuelle", "récit"]),
            Some("factuelle")
        );
        assert_eq!(closest("", ["tags"]), None);
        assert_eq!(closest("tags", []), None);
        assert_eq!(closest(&"a".repeat(10_000), ["aaaa"]), None);
    }

    #[test]
    fn hostile_names_are_folded_or_left_alone() {
        assert_eq!(closest("𝐭𝐚𝐠𝐬", ["tags", "themes"]), Some("tags"));
        assert_eq!(closest("tag\u{301}s", ["tags", "themes"]), Some("tags"));
        assert_eq!(closest("Re\u{301}seau", ["Réseau"]), Some("Réseau"));
        assert_eq!(closest("\u{0}\u{b}\u{fffe}", ["tags"]), None);
        assert_eq!(closest("👩‍👩‍👧", ["tags", "👩‍👩‍👧‍👦"]), Some("👩‍👩‍👧‍👦"));
        assert_eq!(closest("שלום", ["tags"]), None);
        assert_eq!(closest("tags\r\n", ["tags"]), Some("tags"));
        // A known name too long to be a typo's target is never suggested.
        let long = "b".repeat(MAX_CHARS + 1);
        assert_eq!(closest(&long, [long.as_str()]), None);
    }

    #[test]
    fn the_names_compared_are_bounded_however_long_the_list() {
        // 50,000 names sharing most trigrams with the mistyped one.
        let names: Vec<String> = (0..50_000)
            .map(|i| format!("quartier nord {i:05}"))
            .collect();
        let s = Suggester::new(names.iter().map(String::as_str));
        let c = s.candidates(&fold("quartier nord 4321").unwrap_or_default());
        assert!(c.len() <= CANDIDATES, "{}", c.len());
        // The rare trigrams lead to the right name among them.
        assert_eq!(
            s.suggest("quartier nord 43210x"),
            Some("quartier nord 43210")
        );
        assert_eq!(
            s.suggest("Quartier Nord 04321"),
            Some("quartier nord 04321")
        );
        assert_eq!(s.suggest("tout autre chose"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn any_text_gets_a_suggestion_from_the_list_or_none(input in "\\PC{0,40}", known in proptest::collection::vec("\\PC{0,12}", 0..20)) {
            let got = closest(&input, known.iter().map(String::as_str));
            proptest::prop_assert!(got.is_none_or(|g| known.iter().any(|k| k == g)));
        }
    }
}
