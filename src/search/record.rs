//! What the index reads of one fiche: its words by field (title, summary, the
//! names around it, the text), the text passages are cut from, and what a result
//! shows (title, type, date) and is filtered by.

use super::kept::Places;
use super::words::{Analyzer, Cache, tokens};
use crate::config::Config;
use crate::export::prose_text;
use crate::fiche::Fiche;
use crate::partners::PartnerFiche;
use crate::site::{Pooled, Site, TaxonomyKind};
use crate::theme::DateFormat;

/// The fields a word is counted in, each with its weight in the ranking.
pub const FIELDS: usize = 4;
/// Title, summary, names (authors, organization, terms), text.
pub const WEIGHTS: [f32; FIELDS] = [10.0, 3.0, 2.0, 1.0];

/// The filter of a fiche's source (`?source=…`), which only partners' fiches carry
/// in the index: the search page counts the site's own as every other fiche.
pub const SOURCE: &str = "source";

/// No offset: the word is not in the passage text (in the title only).
pub const NO_OFFSET: u32 = u32::MAX;

/// One word of a fiche: how often in each field, and where it first appears in
/// the passage text.
#[derive(Clone, Copy, Debug)]
pub struct Count {
    pub tf: [u8; FIELDS],
    pub offset: u32,
}

/// What a result shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// A fiche of the site: its slug. A partner's: the address of its page on the
    /// partner's site (absolute: no slug of the site is one).
    pub slug: String,
    pub title: String,
    /// Index of the fiche's variant in the index's variants (the site's, then
    /// those only partners use).
    pub variant: usize,
    pub date: String,
    /// A partner's fiche: the partner's number among the index's sources.
    pub source: Option<usize>,
    /// When the fiche is an event: when it ends, which the search page compares
    /// with its own day (« À venir / Passés »), so that it stays right after the build.
    pub event: Option<EventEnd>,
}

/// When an event's last date ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EventEnd {
    /// In Unix minutes.
    At(i64),
    /// A series without end: always to come.
    Never,
}

impl EventEnd {
    pub fn of(f: &Fiche) -> Option<EventEnd> {
        let e = f.event.as_ref()?;
        Some(e.last_end_minutes().map_or(EventEnd::Never, EventEnd::At))
    }
}

/// A fiche as the index reads it.
pub struct Doc {
    pub card: Card,
    /// Words in each field.
    pub lens: [u32; FIELDS],
    /// Stem (its number in the index's dictionary) → counts, in no order.
    pub words: Vec<(u32, Count)>,
    /// Folded word as written → its stem, when they differ.
    pub surfaces: Vec<(u32, u32)>,
    /// (filter key, value) pairs.
    pub filters: Vec<(String, String)>,
    /// (stem, place) of every word: places count every word of the fiche, stop
    /// words too, so that a phrase's words are next to each other when their
    /// places follow; sorted.
    pub positions: Vec<(u32, u16)>,
    /// The places of each word of `words` as a build's index writes them (see
    /// [`Places`]), in place of `positions` (then empty): what a build reads from
    /// the records the last one kept, and makes of a fiche read anew while other
    /// threads read the next ones.
    pub places: Option<Places>,
}

/// The text passages are cut from: summary, testimonies, body, then one line of
/// the names and terms of the fiche (so that a result found by a name shows it),
/// and where that line starts. `filters` are the fiche's, as [`filters`] gives them.
pub fn excerpt_text(f: &Fiche, filters: &[(String, String)]) -> (String, usize) {
    let mut text = f.summary.clone();
    for t in &f.testimonies {
        text.push('\n');
        text.push_str(&t.quote);
    }
    text.push('\n');
    text.push_str(&prose_text(&f.html));
    names_line(text, names(f, filters))
}

/// The passage text of a partner's fiche, as [`excerpt_text`] makes a fiche's: its
/// summary, the start of its text its `fiches.json` gives, then the names' line.
pub fn partner_text(p: &PartnerFiche, filters: &[(String, String)]) -> (String, usize) {
    let mut text = p.summary.clone();
    text.push('\n');
    text.push_str(&p.text);
    let names = (p.authors.iter().chain(&p.organization))
        .map(String::as_str)
        .chain(terms_of(filters));
    names_line(text, names)
}

/// `text`, then a line of `names`, and where that line starts.
fn names_line<'a>(mut text: String, names: impl Iterator<Item = &'a str>) -> (String, usize) {
    text.push('\n');
    let names_at = text.len();
    for (i, name) in names.enumerate() {
        if i > 0 {
            text.push_str(" · ");
        }
        // One line: a name holds no line break, but a hostile one might.
        text.extend(name.chars().map(|c| if c == '\n' { ' ' } else { c }));
    }
    (text, names_at)
}

/// The terms among a fiche's filters, as the site names them (not its variant,
/// its year, its source).
fn terms_of(filters: &[(String, String)]) -> impl Iterator<Item = &str> {
    filters
        .iter()
        .filter(|(k, _)| k != "variant" && k != "year" && k != SOURCE)
        .map(|(_, v)| v.as_str())
}

/// The names around a fiche (authors, collective, organization, people quoted),
/// then its terms as the site names them (not its variant, not its year).
fn names<'a>(f: &'a Fiche, filters: &'a [(String, String)]) -> impl Iterator<Item = &'a str> {
    f.authors
        .iter()
        .chain(&f.collective)
        .chain(&f.organization)
        .chain(f.testimonies.iter().map(|t| &t.name))
        .map(String::as_str)
        .chain(terms_of(filters))
}

/// The filters of `f`: variant, year, themes, tags, territory and the declared
/// fields with `filter = true`, by their key.
pub fn filters(site: &Site, f: &Fiche) -> Vec<(String, String)> {
    let mut out = own_filters(&site.config, f);
    for &kind in &site.kinds {
        let tax = site.taxonomy(kind);
        for t in kind
            .terms_of(&site.config, f)
            .iter()
            .filter_map(|t| tax.find(t.as_str()))
        {
            out.push((filter_key(&site.config, kind).to_string(), t.name.clone()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// [`filters`] of every fiche of `site`, by position, read from the term lists
/// (no term named again for each fiche: that is what a build does).
pub fn all_filters(site: &Site) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = site
        .fiches
        .iter()
        .map(|f| own_filters(&site.config, f))
        .collect();
    for (&kind, tax) in site.kinds.iter().zip(&site.taxonomies) {
        for t in &tax.terms {
            for &i in &t.fiches {
                if let Some(list) = out.get_mut(i) {
                    list.push((filter_key(&site.config, kind).to_string(), t.name.clone()));
                }
            }
        }
    }
    for list in &mut out {
        list.sort();
        list.dedup();
    }
    out
}

/// The filters a fiche has of itself: its variant and its year.
fn own_filters(cfg: &crate::config::Config, f: &Fiche) -> Vec<(String, String)> {
    let name = f.variant_in(cfg).map_or("", |v| v.name.as_str());
    let mut out = vec![("variant".to_string(), name.to_string())];
    if let Some(d) = f.date {
        out.push(("year".to_string(), d.year.to_string()));
    }
    out
}

/// The filters of partner `source`'s fiche `p`: its variant and year, its terms
/// as the site names them (`pooled`), and its source.
pub fn partner_filters(
    site: &Site,
    pooled: &Pooled,
    p: &PartnerFiche,
    source: &str,
) -> Vec<(String, String)> {
    let mut out = vec![
        ("variant".to_string(), p.variant.clone()),
        ("year".to_string(), p.date.year.to_string()),
        (SOURCE.to_string(), source.to_string()),
    ];
    for &kind in &site.kinds {
        let key = filter_key(&site.config, kind);
        for t in pooled.terms(kind, p) {
            out.push((key.to_string(), t.into_owned()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The card of partner fiche `p`, of source number `source`, its variant the
/// index's number `variant`.
pub fn partner_card(dates: &DateFormat, p: &PartnerFiche, source: usize, variant: usize) -> Card {
    Card {
        slug: p.url.clone(),
        title: crate::cut::clamp(&p.title, crate::fiche::TITLE_MAX),
        variant,
        date: dates.long(p.date),
        source: Some(source),
        event: None,
    }
}

/// The key of a term list in the search page's address (`?theme=…`).
pub fn filter_key(cfg: &Config, kind: TaxonomyKind) -> &str {
    kind.filter_key(cfg)
}

/// What reading a fiche needs of its site: the same for every fiche.
pub struct Reader<'a> {
    pub dates: &'a DateFormat,
    pub analyzer: &'a Analyzer,
}

/// What a result of fiche `f` shows.
pub fn card(dates: &DateFormat, f: &Fiche) -> Card {
    Card {
        slug: f.slug.clone(),
        title: crate::cut::clamp(&f.title, crate::fiche::TITLE_MAX),
        variant: f.variant.map_or(0, |v| v.index()),
        date: f.date.map(|d| dates.long(d)).unwrap_or_default(),
        source: None,
        event: EventEnd::of(f),
    }
}

/// A fingerprint of all that [`read`] reads of fiche `f` with its `filters`
/// besides its card: its title and what [`excerpt_text`] is made of (the body's
/// HTML rather than its text, which would cost what it saves). Two fiches with the
/// same give the same words, counts, offsets and places; a collision is left to
/// chance (64 bits), as for the build's other fingerprints.
pub fn words_key(f: &Fiche, filters: &[(String, String)]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    let mut field = |s: &str| {
        h.write_usize(s.len());
        h.write(s.as_bytes());
    };
    field(&f.title);
    field(&f.summary);
    for t in &f.testimonies {
        field(&t.quote);
    }
    field("\0testimonies");
    field(&f.html);
    for name in names(f, filters) {
        field(name);
    }
    h.write_usize(f.testimonies.len());
    h.finish()
}

/// Reads fiche `f` of the site.
pub fn read(
    reader: &Reader,
    cache: &mut Cache,
    intern: &mut dyn FnMut(String) -> u32,
    f: &Fiche,
    (text, names_at): (&str, usize),
    filters: Vec<(String, String)>,
) -> Doc {
    let card = card(reader.dates, f);
    let texts = Texts {
        title: &f.title,
        summary_len: f.summary.len(),
        text,
        names_at,
    };
    read_texts(reader, cache, intern, card, texts, filters)
}

/// What the index reads of a document: its title, and its passage text (made by
/// [`excerpt_text`] or [`partner_text`]): its summary first (`summary_len` bytes),
/// then its text, then from `names_at` the names' line.
pub struct Texts<'a> {
    pub title: &'a str,
    pub summary_len: usize,
    pub text: &'a str,
    pub names_at: usize,
}

/// Reads a document: a fiche of the site, or a partner's.
pub fn read_texts(
    reader: &Reader,
    cache: &mut Cache,
    intern: &mut dyn FnMut(String) -> u32,
    card: Card,
    texts: Texts,
    filters: Vec<(String, String)>,
) -> Doc {
    let analyzer = reader.analyzer;
    let mut scratch = std::mem::take(&mut cache.scratch);
    scratch.next();
    let mut counts: Vec<(u32, Count)> = Vec::new();
    let mut surfaces: Vec<(u32, u32)> = Vec::new();
    let mut lens = [0; FIELDS];
    let mut doc = Doc {
        card,
        lens: [0; FIELDS],
        words: Vec::new(),
        surfaces: Vec::new(),
        filters,
        positions: Vec::new(),
        places: None,
    };
    let mut positions: Vec<(u32, u16)> = Vec::new();
    let mut place: usize = 0;
    let mut add = |field: usize, text: &str, base: Option<usize>| {
        // A place left empty between fields: no phrase runs from one to the next.
        place += 1;
        for (at, w) in tokens(text) {
            place += 1;
            let Some((surface, stem)) = analyzer.cached(cache, intern, w) else {
                continue;
            };
            // Past 65,535 words (a fiche far longer than any), no place is kept.
            if let Ok(place) = u16::try_from(place) {
                positions.push((stem, place));
            }
            lens[field] += 1;
            let offset = base.map_or(NO_OFFSET, |b| u32::try_from(b + at).unwrap_or(NO_OFFSET));
            let at = scratch.place(stem, counts.len()).unwrap_or_else(|| {
                let fresh = Count {
                    tf: [0; FIELDS],
                    offset: NO_OFFSET,
                };
                counts.push((stem, fresh));
                counts.len() - 1
            });
            let count = &mut counts[at].1;
            count.tf[field] = count.tf[field].saturating_add(1);
            if count.offset == NO_OFFSET {
                count.offset = offset;
            }
            if surface != stem && scratch.first_sight(surface) {
                surfaces.push((surface, stem));
            }
        }
    };
    let Texts {
        title,
        summary_len,
        text,
        names_at,
    } = texts;
    add(0, title, None);
    // `text` is `excerpt_text`: the summary, the text, then the names' line;
    // offsets are into it.
    let summary_end = summary_len.min(names_at);
    add(1, &text[..summary_end], Some(0));
    add(3, &text[summary_end..names_at], Some(summary_end));
    add(2, &text[names_at..], Some(names_at));
    doc.lens = lens;
    doc.words = counts;
    doc.surfaces = surfaces;
    positions.sort_unstable();
    doc.positions = positions;
    cache.scratch = scratch;
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fixture;
    use crate::search::words::{Analyzer, Dict};

    /// The documents `read` makes of every fiche of `fiches`, the dictionary that
    /// numbers their words, and each fiche's excerpt text.
    fn docs(config: &str, fiches: &[(String, String)]) -> (Vec<Doc>, Dict, Vec<String>, Site) {
        let (site, dates, _) = fixture::site(config, fiches);
        let analyzer = Analyzer::new(site.config.language);
        let reader = Reader {
            dates: &dates,
            analyzer: &analyzer,
        };
        let mut dict = Dict::default();
        let mut cache = Cache::default();
        let mut texts = Vec::new();
        let mut out = Vec::new();
        for f in &site.fiches {
            let filters = filters(&site, f);
            let (text, names_at) = excerpt_text(f, &filters);
            let doc = read(
                &reader,
                &mut cache,
                &mut |s| dict.id(s),
                f,
                (&text, names_at),
                filters,
            );
            out.push(doc);
            texts.push(text);
        }
        (out, dict, texts, site)
    }

    /// The counts of the word whose stem `stem` has in `doc`.
    fn count<'d>(doc: &'d Doc, dict: &Dict, stem: &str) -> Option<&'d Count> {
        doc.words
            .iter()
            .find(|(s, _)| dict.get(*s) == stem)
            .map(|(_, c)| c)
    }

    fn stem(word: &str) -> String {
        Analyzer::new(crate::lang::Lang::Fr)
            .word(word)
            .unwrap()
            .stem
    }

    fn garden() -> Vec<(String, String)> {
        vec![(
            "jardin.md".into(),
            fixture::text(
                "title = \"Le jardin partagé\"\ndate = 2021-03-04\nvariant = \"factual\"\n\
                 summary = \"Un jardin\u{a0}: au cœur du quartier.\"\nauthors = [\"Aïcha Benali\"]\n\
                 organization = \"Centre social\"\ntags = [\"potager\"]",
                "Les habitants cultivent le jardin, **ensemble**.\n\n## Résultats\n\nDes légumes.",
            ),
        )]
    }

    #[test]
    fn a_fiche_gives_its_words_by_field_with_offsets_into_its_excerpt_text() {
        let (docs, dict, texts, _) = docs(&fixture::config(""), &garden());
        let (doc, text) = (&docs[0], &texts[0]);
        let jardin = count(doc, &dict, &stem("jardin")).expect("jardin is indexed");
        // Title, summary, names, text.
        assert_eq!(jardin.tf, [1, 1, 0, 1]);
        // The first place in the excerpt text: the summary's, which comes first.
        assert!(
            text[jardin.offset as usize..].starts_with("jardin"),
            "{text:?}"
        );
        let habitants = count(doc, &dict, &stem("habitants")).unwrap();
        assert_eq!(habitants.tf, [0, 0, 0, 1]);
        assert!(text[habitants.offset as usize..].starts_with("habitants"));
        let heading = count(doc, &dict, &stem("résultats")).unwrap();
        assert!(text[heading.offset as usize..].starts_with("Résultats"));
        // Names and terms count as names, and are found in the names' line that
        // ends the passage text.
        let line = text.rsplit('\n').next().unwrap();
        assert_eq!(line, "Aïcha Benali · Centre social · potager");
        for name in ["Aïcha", "Benali", "Centre", "potager"] {
            let c = count(doc, &dict, &stem(name)).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(c.tf, [0, 0, 1, 0], "{name}");
            assert!(text[c.offset as usize..].starts_with(name), "{name}");
        }
        // A word of the title only has no place in it.
        let partage = count(doc, &dict, &stem("partagé")).unwrap();
        assert_eq!((partage.tf, partage.offset), ([1, 0, 0, 0], NO_OFFSET));
        // Stop words are not counted, in any field: "Le", "Un", "au", "du", "les"...
        for stop in ["le", "un", "au", "du", "les", "des"] {
            assert!(count(doc, &dict, stop).is_none(), "{stop}");
        }
        // Words of each field: jardin partage | jardin coeur quartier | aicha benali
        // centre social potager | habitants cultivent jardin ensemble resultats legumes.
        assert_eq!(doc.lens, [2, 3, 5, 6]);
        // No stem is listed twice.
        let mut stems: Vec<u32> = doc.words.iter().map(|(s, _)| *s).collect();
        stems.sort_unstable();
        stems.dedup();
        assert_eq!(stems.len(), doc.words.len());
    }

    #[test]
    fn passages_read_footnotes_without_their_numbers() {
        let fiches = vec![(
            "note.md".into(),
            fixture::text(
                "title = \"Notes\"\ndate = 2021-01-01\nvariant = \"factual\"\nsummary = \"Court.\"\nauthors = [\"A\"]",
                "Un modèle économique[^1] ? Oui[^1], et durable[^deux].\n\n[^1]: Voir le rapport.\n\n[^deux]: Autre note.",
            ),
        )];
        let (docs, dict, texts, _) = docs(&fixture::config(""), &fiches);
        let text = &texts[0];
        assert!(
            text.contains("Un modèle économique\u{a0}? Oui, et durable."),
            "{text:?}"
        );
        assert!(
            text.contains("\nVoir le rapport.\nAutre note.\n"),
            "{text:?}"
        );
        assert!(!text.contains('↩'), "{text:?}");
        // No number is a word of the fiche; the notes' words are.
        assert!(count(&docs[0], &dict, "1").is_none());
        assert!(count(&docs[0], &dict, &stem("rapport")).is_some());
    }

    #[test]
    fn places_count_every_word_and_leave_a_gap_between_fields() {
        let (docs, dict, _, _) = docs(&fixture::config(""), &garden());
        let places = |word: &str| -> Vec<u16> {
            let stem = stem(word);
            docs[0]
                .positions
                .iter()
                .filter(|&&(s, _)| dict.get(s) == stem)
                .map(|&(_, p)| p)
                .collect()
        };
        // A gap (1), « Le jardin partagé » (2–4), a gap (5), « Un jardin : au
        // cœur du quartier. » (6–11), a gap (12), « Les habitants cultivent le
        // jardin » (13–17).
        assert_eq!(places("jardin"), [3, 7, 17]);
        assert_eq!(places("partagé"), [4]);
        // « au » is a stop word, yet takes its place: « cœur » is two after « jardin ».
        assert_eq!(places("cœur"), [9]);
        assert_eq!(places("quartier"), [11]);
        assert_eq!(places("habitants"), [14]);
        let mut sorted = docs[0].positions.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, docs[0].positions);
    }

    #[test]
    fn a_card_holds_what_a_result_shows_clamped() {
        let long = "mot ".repeat(100);
        let mut fiches = garden();
        fiches.push((
            "long.md".into(),
            fixture::text(
                &format!(
                    "title = \"{}\"\ndate = 2020-01-01\nvariant = \"storytelling\"\nsummary = \"Un résumé.\"\nauthors = [\"A\"]",
                    long.trim()
                ),
                "Texte.",
            ),
        ));
        let (docs, _, _, site) = docs(&fixture::config(""), &fiches);
        let card = &docs[0].card;
        assert_eq!(card.slug, "jardin");
        assert_eq!(card.title, "Le jardin partagé");
        assert_eq!(card.date, "4 mars 2021");
        let factual = site
            .config
            .variants
            .iter()
            .position(|v| v.name == "factual");
        assert_eq!(Some(card.variant), factual);
        let story = &docs[1].card;
        let storytelling = site
            .config
            .variants
            .iter()
            .position(|v| v.name == "storytelling");
        assert_eq!(Some(story.variant), storytelling);
        let max = crate::fiche::TITLE_MAX;
        assert!(story.title.chars().count() <= max + 1, "{}", story.title);
        assert!(story.title.ends_with('…'));
    }

    #[test]
    fn counts_stop_at_255_and_each_spelling_is_listed_once_per_fiche() {
        let body = "réseaux ".repeat(300);
        let fiches = vec![(
            "r.md".into(),
            fixture::text(
                "title = \"Réseaux\"\ndate = 2021-01-01\nvariant = \"factual\"\nsummary = \"Le réseau.\"\nauthors = [\"A\"]",
                &body,
            ),
        )];
        let (docs, dict, _, _) = docs(&fixture::config(""), &fiches);
        let c = count(&docs[0], &dict, &stem("réseaux")).unwrap();
        assert_eq!(c.tf, [1, 1, 0, 255]);
        assert_eq!(docs[0].lens[3], 300);
        // "reseaux" is written three hundred times and stems to "reseau": one pair.
        let pairs: Vec<(&str, &str)> = docs[0]
            .surfaces
            .iter()
            .map(|&(w, s)| (dict.get(w), dict.get(s)))
            .collect();
        assert_eq!(pairs, [("reseaux", stem("réseaux").as_str())]);
    }

    #[test]
    fn the_filters_a_build_reads_from_the_term_lists_are_those_of_each_fiche() {
        // Spellings that differ in case and accents, closed and open lists, a
        // declared field that filters, and fiches without date or terms.
        let config = fixture::config(
            "[fields.public]\nlabel = \"Public\"\ntype = \"choices\"\nvalues = [\"Jeunes\", \"Aînés\"]\nfilter = true\n\
             [variants.factual]\nfields = [\"public\"]\n",
        );
        let fiche = |n: usize, date: &str, extra: &str| {
            (
                format!("f{n}.md"),
                fixture::text(
                    &format!(
                        "title = \"Fiche {n}\"\n{date}variant = \"factual\"\nsummary = \"S.\"\nauthors = [\"A\"]\n{extra}"
                    ),
                    "Texte.",
                ),
            )
        };
        let fiches = vec![
            fiche(
                1,
                "date = 2021-01-01\n",
                "tags = [\"Jardin\", \"été\"]\nthemes = [\"Nature\"]\npublic = [\"Jeunes\"]",
            ),
            fiche(
                2,
                "date = 2022-01-01\n",
                "tags = [\"jardin\", \"Été\", \"été\"]\nterritory = \"Nord\"",
            ),
            fiche(3, "date = 2020-02-02\n", "public = [\"Aînés\", \"Jeunes\"]"),
            fiche(4, "date = 2021-06-01\n", ""),
        ];
        let (site, _, _) = fixture::site(&config, &fiches);
        let all = all_filters(&site);
        assert_eq!(all.len(), site.fiches.len());
        for (f, built) in site.fiches.iter().zip(&all) {
            assert_eq!(built, &filters(&site, f), "{}", f.slug);
        }
        // The spelling each term list keeps, once per fiche.
        let of = |slug: &str| &all[site.fiches.iter().position(|f| f.slug == slug).unwrap()];
        assert!(!of("f4").iter().any(|(k, _)| k == "tag"));
        let tags: Vec<&str> = of("f2")
            .iter()
            .filter(|(k, _)| k == "tag")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(tags.len(), 2, "{tags:?}");
        assert!(of("f3").iter().any(|(k, v)| k == "public" && v == "Aînés"));
        assert!(of("f1").contains(&("year".into(), "2021".into())));
    }
}
