//! Words as the index and the search page both see them: split on anything that is
//! not a letter or a digit, case and accents folded, stop words left out, and each
//! word reduced to its stem (Snowball) so that `réseaux` finds `réseau`.
//!
//! The search page repeats `fold` and `tokens` in JavaScript (`search.js`): both
//! follow the same Unicode rules (NFKD, marks removed, lower case), so a word typed
//! by a reader folds to the key the index wrote.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::lang::Lang;

/// Longer runs of letters are not words a reader types (links, codes, pasted
/// garbage): left out so that no input makes the dictionary grow without bound.
pub const MAX_WORD: usize = 40;

/// Whether `c` belongs to a word: `[\p{Alphabetic}\p{N}\p{M}]` in the script.
/// Latin letters with accents (U+00C0–U+024F, but × and ÷) are answered without
/// Unicode's tables: they are most of the non-ASCII letters of a French text.
fn in_word(c: char) -> bool {
    match c {
        '\u{c0}'..='\u{24f}' => c != '×' && c != '÷',
        _ => c.is_alphabetic() || c.is_numeric() || is_combining_mark(c),
    }
}

/// The words of `text`, each with its byte offset. ASCII, most of any text, is
/// classified byte by byte; other characters by their Unicode properties.
pub fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // To the start of a word.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 128 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = char_at(text, i);
                if in_word(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        // To its end.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 128 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = char_at(text, i);
                if !in_word(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        Some((start, &text[start..i]))
    })
}

/// The character starting at byte `at` of `text` (a character boundary).
fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or(' ')
}

/// Case and accents folded: `Réseaux` → `reseaux`, `Œuvre` → `oeuvre`; ligatures
/// and wide letters as the letters a reader types (`ﬁn` → `fin`, `ｃａｆｅ` → `cafe`:
/// compatibility decomposition, NFKD, as `search-engine.js` folds).
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let bare: String = word.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    let lower = bare.to_lowercase();
    if lower.contains(['œ', 'æ']) {
        lower.replace('œ', "oe").replace('æ', "ae")
    } else {
        lower
    }
}

/// Words too common to tell fiches apart, folded; the search page is given the
/// same list, so that a query drops them too.
pub fn stop_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Fr => FRENCH_STOP,
        Lang::En => ENGLISH_STOP,
    }
}

const FRENCH_STOP: &[&str] = &[
    "a", "ai", "au", "aux", "avec", "ce", "ces", "cet", "cette", "ci", "d", "dans", "de", "des",
    "du", "elle", "elles", "en", "est", "et", "eu", "il", "ils", "j", "je", "l", "la", "le", "les",
    "leur", "leurs", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "ni", "nos",
    "notre", "nous", "on", "ont", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se",
    "ses", "si", "son", "sont", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une",
    "vos", "votre", "vous", "y", "etait", "ete", "etre", "sans", "tout", "tres",
];

const ENGLISH_STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of",
    "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "to", "us", "was", "we", "were", "what", "which", "who", "will",
    "with", "you", "your",
];

/// Turns the words of a text into index keys: the folded word as typed (the
/// surface) and its folded stem.
pub struct Analyzer {
    stemmer: Stemmer,
    stop: std::collections::HashSet<&'static str>,
}

/// One word of a text, as the index keeps it.
#[derive(Clone, Debug)]
pub struct Word {
    pub surface: String,
    pub stem: String,
}

/// Every stem and folded word of an index, numbered.
#[derive(Default)]
pub struct Dict {
    strings: Vec<Box<str>>,
    ids: FxHashMap<Box<str>, u32>,
}

impl Dict {
    /// The number of `s`, given now if it has none.
    pub fn id(&mut self, s: String) -> u32 {
        if let Some(&id) = self.ids.get(s.as_str()) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        let s = s.into_boxed_str();
        self.strings.push(s.clone());
        self.ids.insert(s, id);
        id
    }

    pub fn get(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", |s| s)
    }

    /// The dictionary numbering `words` in order; `None` when one is there twice.
    pub fn of(words: impl Iterator<Item = Box<str>>) -> Option<Dict> {
        let strings: Vec<Box<str>> = words.collect();
        let mut ids = FxHashMap::default();
        ids.reserve(strings.len());
        for (i, s) in strings.iter().enumerate() {
            if ids.insert(s.clone(), u32::try_from(i).ok()?).is_some() {
                return None;
            }
        }
        Some(Dict { strings, ids })
    }

    /// Every word, by number.
    pub fn words(&self) -> &[Box<str>] {
        &self.strings
    }
}

/// Words already analysed, by their spelling in the text, with the numbers of
/// their folded form and stem: texts repeat their words, and folding and stemming
/// are the costly part of indexing. One per thread.
#[derive(Default)]
pub struct Cache {
    /// Words of up to 16 bytes (nearly all), by [`short_key`]: no string to
    /// follow and compare on each lookup.
    short: FxHashMap<(u64, u64, u8), Option<(u32, u32)>>,
    long: FxHashMap<Box<str>, Option<(u32, u32)>>,
    /// Where a fiche's words are counted while it is read, kept for the next one.
    pub scratch: Scratch,
}

/// Tables by word number that tell, for the fiche being read, where a stem is
/// counted and whether a spelling was seen: an array lookup per word, where a
/// map would hash it. An entry is valid when its stamp is the fiche's.
#[derive(Default)]
pub struct Scratch {
    stamp: u32,
    /// By stem number: stamp, and place in the fiche's list of words.
    slots: Vec<(u32, u32)>,
    /// By spelling number: stamp.
    seen: Vec<u32>,
}

impl Scratch {
    /// Starts a new fiche: every entry left by the last one is now stale.
    pub fn next(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // Once in four billion fiches: old stamps could look fresh.
            self.slots.iter_mut().for_each(|s| s.0 = 0);
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 1;
        }
    }

    /// The place of `stem` in the fiche's list of words, or `None` and the stem
    /// is given place `next`.
    pub fn place(&mut self, stem: u32, next: usize) -> Option<usize> {
        let i = stem as usize;
        if i >= self.slots.len() {
            self.slots.resize((i + 1).max(self.slots.len() * 2), (0, 0));
        }
        let slot = &mut self.slots[i];
        if slot.0 == self.stamp {
            return Some(slot.1 as usize);
        }
        *slot = (self.stamp, u32::try_from(next).unwrap_or(u32::MAX));
        None
    }

    /// Whether spelling `surface` is seen for the first time in this fiche.
    pub fn first_sight(&mut self, surface: u32) -> bool {
        let i = surface as usize;
        if i >= self.seen.len() {
            self.seen.resize((i + 1).max(self.seen.len() * 2), 0);
        }
        let fresh = self.seen[i] != self.stamp;
        self.seen[i] = self.stamp;
        fresh
    }
}

/// `word` as a key when it has at most 16 bytes: its first and last 8 (or 4)
/// bytes, read straight from the text, and its length, which tells how they
/// overlap. Building it leaves no bytes to copy through memory.
fn short_key(word: &str) -> Option<(u64, u64, u8)> {
    let b = word.as_bytes();
    let n = b.len();
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes(
            b[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    let key = match n {
        8..=16 => (u64_at(0), u64_at(n - 8)),
        4..=7 => (u32_at(0) | u32_at(n - 4) << 32, 0),
        1..=3 => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        ),
        _ => return None,
    };
    Some((key.0, key.1, n as u8))
}

impl Analyzer {
    /// [`Analyzer::word`] as numbers (surface, stem), which `intern` gives to the
    /// words `cache` has not seen.
    pub fn cached(
        &self,
        cache: &mut Cache,
        intern: &mut dyn FnMut(String) -> u32,
        word: &str,
    ) -> Option<(u32, u32)> {
        let short = short_key(word);
        let known = match short {
            Some(key) => cache.short.get(&key),
            None => cache.long.get(word),
        };
        if let Some(&known) = known {
            return known;
        }
        let ids = self.word(word).map(|w| {
            let same = w.surface == w.stem;
            let stem = intern(w.stem);
            let surface = if same { stem } else { intern(w.surface) };
            (surface, stem)
        });
        match short {
            Some(key) => cache.short.insert(key, ids),
            None => cache.long.insert(word.into(), ids),
        };
        ids
    }

    pub fn new(lang: Lang) -> Analyzer {
        let algorithm = match lang {
            Lang::Fr => Algorithm::French,
            Lang::En => Algorithm::English,
        };
        Analyzer {
            stemmer: Stemmer::create(algorithm),
            stop: stop_words(lang).iter().copied().collect(),
        }
    }

    /// The key of `word`, or `None` for a word not indexed (stop word, a single
    /// letter, too long).
    pub fn word(&self, word: &str) -> Option<Word> {
        if word.len() > MAX_WORD * 4 {
            return None;
        }
        let surface = fold(word);
        let chars = surface.chars().count();
        // Not an empty surface: a lone combining mark folds to nothing.
        let numeric = !surface.is_empty() && surface.chars().all(char::is_numeric);
        if chars > MAX_WORD || (chars < 2 && !numeric) || self.stop.contains(surface.as_str()) {
            return None;
        }
        if numeric {
            let stem = surface.clone();
            return Some(Word { surface, stem });
        }
        // Snowball's French rules read accents (`-ée`, `-èrent`): stem the word as
        // written, in lower case, then fold the stem; its ligatures and wide letters
        // as plain letters first (NFKC), which the rules also read.
        let lower = if word.is_ascii() {
            word.to_ascii_lowercase()
        } else {
            word.nfkc().collect::<String>().to_lowercase()
        };
        let stem = fold(&self.stemmer.stem(&lower));
        let stem = if stem.chars().count() < 2 {
            surface.clone()
        } else {
            stem
        };
        Some(Word { surface, stem })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).map(|(_, w)| w).collect()
    }

    fn stems(lang: Lang, text: &str) -> Vec<String> {
        let a = Analyzer::new(lang);
        tokens(text)
            .filter_map(|(_, w)| a.word(w))
            .map(|w| w.stem)
            .collect()
    }

    #[test]
    fn splits_on_apostrophes_hyphens_and_punctuation() {
        assert_eq!(words("l'atelier"), ["l", "atelier"]);
        assert_eq!(
            words("l’atelier, soirée-débat!"),
            ["l", "atelier", "soirée", "débat"]
        );
        assert_eq!(words("En 2024 : 12,5 %"), ["En", "2024", "12", "5"]);
        assert_eq!(words("covid19 ok"), ["covid19", "ok"]);
    }

    #[test]
    fn emoji_and_symbols_are_not_words() {
        assert_eq!(words("🎉 fête 👍🏽 réussie ✨"), ["fête", "réussie"]);
        assert!(words("→ — … « »").is_empty());
    }

    #[test]
    fn offsets_point_at_the_word() {
        let text = "Un « café » partagé";
        for (at, w) in tokens(text) {
            assert_eq!(&text[at..at + w.len()], w);
        }
    }

    #[test]
    fn short_keys_tell_every_word_apart() {
        // Overlapping halves, lengths that differ by one, and the 4/8-byte edges.
        let words = [
            "a",
            "aa",
            "aaa",
            "ab",
            "ba",
            "aba",
            "aab",
            "aaaa",
            "aaaaa",
            "aaaaaaa",
            "aaaaaaaa",
            "aaaaaaaaa",
            "aaaaaaaaaa",
            "abcdefgh",
            "abcdefghi",
            "bcdefghi",
            "abcdabcd",
            "abcdeabcd",
            "été",
            "ete",
            "réseaux",
            "reseaux",
            "aaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaab",
            "baaaaaaaaaaaaaaa",
        ];
        let mut keys = std::collections::HashSet::new();
        for w in words {
            assert!(keys.insert(short_key(w).unwrap()), "{w} shares a key");
        }
        assert_eq!(short_key(&"a".repeat(17)), None);
        assert_eq!(short_key(""), None);
    }

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Réseau"), "reseau");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("ex-æquo"), "ex-aequo");
        assert_eq!(fold("Ça"), "ca");
        // Decomposed input (e + combining acute) folds the same.
        assert_eq!(fold("re\u{301}seau"), "reseau");
    }

    #[test]
    fn french_stems_join_plurals_and_accents() {
        let s = stems(Lang::Fr, "réseaux réseau Réseaux reseau");
        assert!(s.iter().all(|x| x == &s[0]), "{s:?}");
        let s = stems(Lang::Fr, "ateliers atelier");
        assert_eq!(s[0], s[1]);
    }

    #[test]
    fn english_stems() {
        let s = stems(Lang::En, "gardens garden gardening");
        assert!(s.iter().all(|x| x == "garden"), "{s:?}");
    }

    #[test]
    fn stop_words_and_single_letters_are_left_out_but_numbers_kept() {
        assert_eq!(stems(Lang::Fr, "l'atelier de la rue"), ["ateli", "ru"]);
        let a = Analyzer::new(Lang::Fr);
        assert!(a.word("7").is_some());
        assert!(a.word("x").is_none());
        assert!(a.word(&"a".repeat(MAX_WORD + 1)).is_none());
    }

    #[test]
    fn no_break_spaces_apostrophes_and_hyphens_of_every_kind_end_words() {
        // U+00A0 and U+202F before French punctuation and in numbers, the typographic
        // apostrophe, the non-breaking hyphen (U+2011), the en dash and the soft hyphen.
        assert_eq!(
            words("Attention\u{a0}: voilà\u{202f}!"),
            ["Attention", "voilà"]
        );
        assert_eq!(
            words("12\u{a0}000 et 3\u{202f}500"),
            ["12", "000", "et", "3", "500"]
        );
        assert_eq!(words("aujourd’hui l'été"), ["aujourd", "hui", "l", "été"]);
        assert_eq!(
            words("porte\u{2011}parole mi–temps co\u{ad}opération"),
            ["porte", "parole", "mi", "temps", "co", "opération"]
        );
        assert_eq!(words("a\u{2028}b\u{200b}c"), ["a", "b", "c"]);
    }

    #[test]
    fn combining_marks_stay_in_their_word_and_fold_away() {
        let text = "re\u{301}seau e\u{301}cole";
        assert_eq!(words(text), ["re\u{301}seau", "e\u{301}cole"]);
        let a = Analyzer::new(Lang::Fr);
        let composed = a.word("réseau").unwrap();
        let decomposed = a.word("re\u{301}seau").unwrap();
        assert_eq!(decomposed.surface, "reseau");
        assert_eq!(composed.stem, decomposed.stem);
        // A mark with no letter before it is a word of nothing: folded to empty, dropped.
        assert!(a.word("\u{301}").is_none());
    }

    #[test]
    fn ligatures_fold_in_capitals_too_and_stem_as_their_letters() {
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        assert_eq!(fold("Æ"), "ae");
        assert_eq!(fold("cœur"), "coeur");
        let a = Analyzer::new(Lang::Fr);
        for (x, y) in [
            ("œuvres", "oeuvre"),
            ("Cœurs", "coeur"),
            ("ŒUVRE", "oeuvres"),
        ] {
            assert_eq!(a.word(x).unwrap().stem, a.word(y).unwrap().stem, "{x} {y}");
        }
    }

    #[test]
    fn ligatures_pasted_from_a_pdf_and_wide_letters_are_the_letters_a_reader_types() {
        // Text copied from a PDF keeps its ﬁ and ﬂ ligatures; a reader types f, i.
        assert_eq!(fold("ﬁnancement"), "financement");
        assert_eq!(fold("ﬂyer"), "flyer");
        assert_eq!(fold("ｃｏｍｐｔｅ"), "compte");
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        let a = Analyzer::new(Lang::Fr);
        for (x, y) in [
            ("ﬁnancements", "financement"),
            ("ｃｏｍｐｔｅｓ", "comptes"),
            ("ﬂyers", "flyer"),
        ] {
            let (x, y) = (a.word(x).unwrap(), a.word(y).unwrap());
            assert_eq!(x.stem, y.stem, "{x:?} {y:?}");
        }
        // A word that unfolds into many letters is still measured after folding.
        assert!(a.word(&"\u{fdfa}".repeat(3)).is_none());
    }

    #[test]
    fn french_stems_join_the_forms_a_reader_types() {
        let a = Analyzer::new(Lang::Fr);
        let stem = |w: &str| a.word(w).unwrap().stem;
        for group in [
            &["élève", "élèves", "eleves", "ÉLÈVES"][..],
            &["habitant", "habitants", "habitante", "habitantes"],
            &["éducateur", "éducateurs"],
            &["animation", "animations"],
        ] {
            let first = stem(group[0]);
            for w in group {
                assert_eq!(stem(w), first, "{w} in {group:?}");
            }
        }
        // Different words keep different stems.
        assert_ne!(stem("jardin"), stem("jardinier"));
        assert_ne!(stem("ville"), stem("village"));
    }

    #[test]
    fn length_limits_count_characters_not_bytes() {
        let a = Analyzer::new(Lang::Fr);
        // Astral letters (Gothic, which stays itself) weigh four bytes each: 40 of
        // them are still a word, 41 are not.
        let gothic = "𐌰".repeat(MAX_WORD);
        assert_eq!(words(&gothic), [gothic.as_str()]);
        assert_eq!(a.word(&gothic).map(|w| w.surface), Some(gothic.clone()));
        assert!(a.word(&"𐌰".repeat(MAX_WORD + 1)).is_none());
        assert!(a.word(&"é".repeat(MAX_WORD)).is_some());
        assert!(a.word(&"é".repeat(MAX_WORD + 1)).is_none());
        // Bold mathematical letters fold to the letters they show.
        assert_eq!(a.word("𝐛𝐨𝐥𝐝").map(|w| w.surface).as_deref(), Some("bold"));
        // One letter is no word, but one digit is a number.
        assert!(a.word("é").is_none());
        assert_eq!(a.word("٣").map(|w| w.stem), Some("٣".to_string()));
    }

    #[test]
    fn the_cache_answers_as_the_analyzer_and_numbers_each_string_once() {
        let a = Analyzer::new(Lang::Fr);
        let mut dict = Dict::default();
        let mut cache = Cache::default();
        let text = "Les réseaux, le réseau, LES RÉSEAUX ! œuvre 𝐛𝐨𝐥𝐝 ﬁn l’atelier";
        for (_, w) in tokens(text) {
            let direct = a.word(w);
            let cached = a.cached(&mut cache, &mut |s| dict.id(s), w);
            let again = a.cached(&mut cache, &mut |s| dict.id(s), w);
            assert_eq!(cached, again, "{w}");
            match (direct, cached) {
                (None, None) => {}
                (Some(d), Some((surface, stem))) => {
                    assert_eq!(dict.get(surface), d.surface, "{w}");
                    assert_eq!(dict.get(stem), d.stem, "{w}");
                }
                (d, c) => panic!("{w}: {d:?} against {c:?}"),
            }
        }
        let mut strings: Vec<&str> = (0..dict.strings.len() as u32)
            .map(|i| dict.get(i))
            .collect();
        let n = strings.len();
        strings.sort_unstable();
        strings.dedup();
        assert_eq!(strings.len(), n, "a string numbered twice: {strings:?}");
    }

    #[test]
    fn scratch_stamps_forget_the_last_fiche_even_when_they_wrap() {
        let mut s = Scratch::default();
        s.next();
        assert_eq!(s.place(3, 0), None);
        assert_eq!(s.place(3, 1), Some(0));
        assert!(s.first_sight(5));
        assert!(!s.first_sight(5));
        s.next();
        assert_eq!(s.place(3, 7), None, "a new fiche sees no stem yet");
        assert!(s.first_sight(5));
        // Four billion fiches later, the stamp wraps: old entries must not look fresh.
        s.stamp = u32::MAX;
        s.slots[3] = (1, 9);
        s.next();
        assert_eq!(s.place(3, 2), None);
    }
}
