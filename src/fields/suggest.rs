//! The one way to suggest a known name for a mistyped one (a field, a variant, a
//! value of a `choice` field, a term of a closed list), in bounded time: names are
//! indexed by their trigrams, and a mistyped name is compared with the few that share
//! the most of its rare trigrams, never with the whole list. Also the diagnostics of
//! an unknown key or value, which carry the suggestion.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

use super::Reader;
use crate::diagnostic::Diagnostic;
use crate::span::Place;

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
pub struct Suggester {
    /// Each name as written and folded.
    names: Vec<(String, String)>,
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

impl Suggester {
    pub fn new<'a>(known: impl IntoIterator<Item = &'a str>) -> Self {
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
            names.push((name.to_string(), folded));
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
    pub fn suggest(&self, input: &str) -> Option<&str> {
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
        best.and_then(|(_, i)| self.names.get(i as usize).map(|(n, _)| n.as_str()))
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

/// A closed list's values shown in the hint about a value outside it, at most.
const VALUES_IN_HINT: usize = 30;

impl Reader<'_> {
    /// Reports a key that is not one of `known`, suggesting the closest one.
    pub fn unknown_key(&mut self, span: impl Place, key: &str, known: &[&str], place: &str) {
        let lang = self.lang;
        let mut d = Diagnostic::error(lang.pick(
            format!("champ inconnu `{key}` {place}"),
            format!("unknown field `{key}` {place}"),
        ));
        if let Some(best) = closest(key, known.iter().copied()) {
            d = d.label(lang.pick(
                format!("vouliez-vous dire `{best}` ?"),
                format!("did you mean `{best}`?"),
            ));
        }
        // A site may declare thousands of fields: each message lists a few of them,
        // or the messages would grow with the fields times the mistakes.
        let listed = known.get(..super::LISTED).unwrap_or(known).join(", ");
        let listed = match known.len().saturating_sub(super::LISTED) {
            0 => listed,
            n => lang.pick(
                format!("{listed}, … et {}", lang.count(n, "autre", "autres")),
                format!("{listed}, … and {} more", lang.number(n)),
            ),
        };
        d = d.hint(lang.pick(
            format!("champs possibles : {listed}"),
            format!("possible fields: {listed}"),
        ));
        self.push(d, span);
    }

    /// A value outside the closed list `known` (`place` says which list).
    pub fn unknown_value(&mut self, span: impl Place, value: &str, known: &[&str], place: &str) {
        let best = closest(value, known.iter().copied()).map(str::to_string);
        self.unknown_value_near(span, value, known, place, best);
    }

    /// [`Reader::unknown_value`], with the closest known value already found (`best`).
    pub fn unknown_value_near(
        &mut self,
        span: impl Place,
        value: &str,
        known: &[&str],
        place: &str,
        best: Option<String>,
    ) {
        let lang = self.lang;
        let mut d = Diagnostic::error(lang.pick(
            format!("valeur inconnue « {value} » {place}"),
            format!("unknown value \"{value}\" {place}"),
        ));
        if let Some(best) = best {
            d = d.label(lang.pick(
                format!("vouliez-vous dire « {best} » ?"),
                format!("did you mean \"{best}\"?"),
            ));
        }
        // A long list is not copied into every message about it.
        let shown = known
            .iter()
            .take(VALUES_IN_HINT)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let rest = known.len().saturating_sub(VALUES_IN_HINT);
        d = d.hint(if rest == 0 {
            lang.pick(
                format!("valeurs possibles : {shown}"),
                format!("possible values: {shown}"),
            )
        } else {
            lang.pick(
                format!(
                    "valeurs possibles : {shown} et {}",
                    lang.count(rest, "autre", "autres")
                ),
                format!(
                    "possible values: {shown} and {}",
                    lang.count(rest, "other", "others")
                ),
            )
        });
        self.push(d, span);
    }
}

/// The known name closest to `input`, if one is close enough to be a likely typo.
/// For many mistyped names against one list, build a [`Suggester`] once.
pub fn closest<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let known: Vec<&'a str> = known.into_iter().collect();
    let index = Suggester::new(known.iter().copied());
    let best = index.suggest(input)?;
    known.into_iter().find(|k| *k == best)
}

/// The suggestions for names outside one list, each worked out once however many
/// fiches write it: the list is indexed at the first miss. Shared by the threads that
/// read fiches. Not part of the value that holds it: a copy starts afresh, and any two
/// are equal.
#[derive(Default)]
pub struct Memo(Mutex<Option<Memoized>>);

struct Memoized {
    index: Suggester,
    seen: HashMap<String, Option<String>>,
}

impl Memo {
    /// [`closest`] for `input`; `known` is the same list at every call.
    pub fn closest<'a>(
        &self,
        input: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        let Ok(mut memo) = self.0.lock() else {
            return closest(input, known).map(str::to_string);
        };
        let memo = memo.get_or_insert_with(|| Memoized {
            index: Suggester::new(known),
            seen: HashMap::new(),
        });
        if let Some(done) = memo.seen.get(input) {
            return done.clone();
        }
        let best = memo.index.suggest(input).map(str::to_string);
        memo.seen.insert(input.to_string(), best.clone());
        best
    }
}

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl PartialEq for Memo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
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
    fn a_memo_indexes_its_list_once_and_looks_each_name_up_once() {
        let memo = Memo::default();
        assert_eq!(
            memo.closest("tagz", ["tags", "themes"]),
            Some("tags".into())
        );
        // Later calls reuse the index made at the first (the list is the same).
        assert_eq!(memo.closest("themez", ["autre"]), Some("themes".into()));
        assert_eq!(memo.closest("zzz", ["zzz"]), None);
        let seen = memo
            .0
            .lock()
            .map(|m| m.as_ref().map_or(0, |m| m.seen.len()));
        assert_eq!(seen.ok(), Some(3));
        assert_eq!(
            memo.clone().closest("x", ["x"]),
            Some("x".into()),
            "a copy starts afresh"
        );
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
