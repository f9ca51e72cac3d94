//! The index written as the small script files the search page loads with
//! `<script>` elements (so that it works from the disk, where `fetch` does not):
//! an entry (`index.js`: chunk bounds, stop words, filters), term chunks cut by
//! alphabetical ranges of words (`t/N.js`), and fiche groups (`d/N.js`: what a
//! result shows). Each file calls `fichesSearch(name, data)`.
//!
//! Numbers are packed in strings of 64 characters: postings are fiche-id gaps
//! (5 bits per character, the 6th says "more follows") each followed by the
//! posting's weight level in one character.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::{Value, json};

use std::fmt::Write;

use super::index::{Index, Post, top_of};
use super::record::{EventEnd, NO_OFFSET};
use super::words::stop_words;
use crate::cut;
use crate::lang::Lang;
use unicode_normalization::char::is_combining_mark;

/// The 64 characters numbers are written with; none needs escaping in JSON.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Fiches per group file: a results page loads one group per result, so groups
/// stay small (a card is about 75 bytes); but a large site must not make
/// thousands of files: a hundred groups up to 20,000 fiches (a site's and its
/// partners').
pub fn group_size(fiches: usize) -> usize {
    fiches.div_ceil(100).clamp(16, 200)
}

/// Bytes a term chunk aims at: one chunk answers a one-word search (two when the
/// word as written and its stem fall apart). With the entry and ten groups, a
/// first search stays under 300 KiB; at 10,000 fiches of 700 words, the index
/// under 500 files (the tests of `search` hold both).
const CHUNK_BYTES: usize = 56 * 1024;

/// The most bytes a term chunk may aim at when the files left make it grow (see
/// [`plan_fitted`]): two chunks and ten groups of 200 cards still under 300 KiB.
const CHUNK_BYTES_MAX: usize = 72 * 1024;

/// Excerpts kept per word: the first page of a one-word search.
pub const EXCERPTS: usize = 10;

/// The value of a character of [`DIGITS`] (64 for any other).
#[cfg(test)]
pub fn digit(c: u8) -> u64 {
    DIGITS.iter().position(|&d| d == c).unwrap_or(64) as u64
}

/// Writes `n` as a varint of [`DIGITS`].
pub fn push_number(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(DIGITS[(32 + (n & 31)) as usize] as char);
        n >>= 5;
    }
    out.push(DIGITS[n as usize] as char);
}

/// Sorted ids as gaps.
pub fn id_list(ids: impl IntoIterator<Item = u32>) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (i, id) in ids.into_iter().enumerate() {
        push_number(&mut out, if i == 0 { id } else { id - last });
        last = id;
    }
    out
}

/// The script text of file `name` holding `data`.
pub fn script(name: &str, data: &Value) -> Vec<u8> {
    format!("fichesSearch({},{});\n", json!(name), data).into_bytes()
}

/// Where a file of the index lives, under the index's folder.
pub fn term_file(chunk: usize) -> String {
    format!("t/{chunk}.js")
}

pub fn group_file(group: usize) -> String {
    format!("d/{group}.js")
}

pub fn phrase_file(chunk: usize) -> String {
    format!("p/{chunk}.js")
}

/// Files the whole index may make at 10,000 fiches (a site's host and its uploads
/// count files), with a margin under the 500 the tests hold it to.
const MOST_FILES: usize = 480;

/// The least bytes a chunk of places aims at: below it, files would multiply for a
/// gain a reader does not feel.
const PHRASE_BYTES_MIN: usize = 32 * 1024;

/// The most bytes a chunk of places aims at (the aim of every chunk before it was
/// fitted to the files left).
const PHRASE_BYTES_MAX: usize = 512 * 1024;

/// The lower bound of each chunk of places, given the files the rest of the index
/// makes (term chunks, groups, the entry). Only a search for a phrase loads them,
/// one for each of its words, and it loads the whole chunk for one word's places:
/// chunks are made as small as the files left to them allow ([`MOST_FILES`] in
/// all), aiming between [`PHRASE_BYTES_MIN`] and [`PHRASE_BYTES_MAX`]. Chunks cut
/// greedily hold less than their aim (a word whose places pass it has a chunk of
/// its own), so the aim grows by an eighth until they fit. At 10,000 fiches of the
/// reference corpus (11 MB of places, 218 other files), about 50 KiB, where a
/// phrase loaded 512 KiB a word; over a longer tail of words (15 MB, 424 other
/// files), 512 KiB still.
pub fn phrase_plan_fitted(
    places: &[String],
    stems: &[(&str, u32)],
    other_files: usize,
) -> Vec<String> {
    let room = MOST_FILES.saturating_sub(other_files).max(1);
    let total: usize = places.iter().map(String::len).sum();
    let mut aim = total
        .div_ceil(room)
        .clamp(PHRASE_BYTES_MIN, PHRASE_BYTES_MAX);
    loop {
        let bounds = phrase_plan(places, stems, aim);
        if bounds.len() <= room || aim >= PHRASE_BYTES_MAX {
            return bounds;
        }
        aim = (aim + aim / 8).min(PHRASE_BYTES_MAX);
    }
}

/// The places of every stem in each of its fiches, by stem number, in the order of
/// its postings: for each fiche, how many, then the first and the gaps to the next.
/// Made in one pass over the fiches (each fiche's places are sorted by stem), each
/// stem's text growing as its fiches come: looking each (stem, fiche) up in turn
/// jumped across every fiche's places, a cache miss a step, and took a third of a
/// build's CPU at 10,000 fiches, nearly half at 100,000.
pub fn all_places(index: &Index) -> Vec<String> {
    let mut out = vec![String::new(); index.posts.len()];
    // For each stem, its next posting to write.
    let mut next = vec![0usize; index.posts.len()];
    // A posting whose fiche has no place of the stem has none (0).
    let catch_up =
        |out: &mut String, next: &mut usize, posts: &[crate::search::index::Post], doc: u32| {
            while posts.get(*next).is_some_and(|p| p.doc < doc) {
                push_number(out, 0);
                *next += 1;
            }
        };
    for (doc, entry) in index.docs.iter().enumerate() {
        let (Some(e), Ok(doc)) = (entry, u32::try_from(doc)) else {
            continue;
        };
        let mut rest = &e.positions[..];
        while let Some(&(sid, _)) = rest.first() {
            let (mine, after) = rest.split_at(rest.partition_point(|&(s, _)| s == sid));
            rest = after;
            let (Some(posts), Some(text), Some(at)) = (
                index.posts.get(sid as usize),
                out.get_mut(sid as usize),
                next.get_mut(sid as usize),
            ) else {
                continue;
            };
            catch_up(text, at, posts, doc);
            if posts.get(*at).is_some_and(|p| p.doc == doc) {
                push_number(text, mine.len() as u32);
                let mut last = 0;
                for &(_, place) in mine {
                    push_number(text, u32::from(place - last));
                    last = place;
                }
                *at += 1;
            }
        }
    }
    for ((text, at), posts) in out.iter_mut().zip(&mut next).zip(&index.posts) {
        catch_up(text, at, posts, u32::MAX);
        while *at < posts.len() {
            push_number(text, 0);
            *at += 1;
        }
    }
    out
}

/// The lower bound of each chunk of places, cut every `aim` bytes or so;
/// `places` is [`all_places`].
pub fn phrase_plan(places: &[String], stems: &[(&str, u32)], aim: usize) -> Vec<String> {
    let mut bounds = vec![String::new()];
    let mut size = 0;
    for &(key, sid) in stems {
        let packed = places.get(sid as usize).map_or(0, String::len);
        let bytes = key.len() + packed + 6;
        if size > 0 && size + bytes > aim {
            bounds.push(key.to_string());
            size = 0;
        }
        size += bytes;
    }
    bounds
}

/// The text of chunk of places `chunk`: `{stem: places}`.
pub fn phrase_chunk(
    places: &[String],
    stems: &[(&str, u32)],
    bounds: &[String],
    chunk: usize,
) -> Vec<u8> {
    let lo = bounds.get(chunk).map_or("", String::as_str);
    let hi = bounds.get(chunk + 1).map(String::as_str);
    let from = stems.partition_point(|(k, _)| *k < lo);
    let mut out = format!("fichesSearch(\"p{chunk}\",{{");
    let start = out.len();
    for &(key, sid) in stems[from..]
        .iter()
        .take_while(|(k, _)| hi.is_none_or(|h| *k < h))
    {
        if out.len() > start {
            out.push(',');
        }
        push_json_str(&mut out, key);
        out.push_str(":\"");
        out.push_str(places.get(sid as usize).map_or("", String::as_str));
        out.push('"');
    }
    out.push_str("});\n");
    out.into_bytes()
}

/// Every key of the dictionary in order (stems with fiches, and words as written
/// whose stem has fiches), with its size in a chunk: its postings as written, its
/// passages as cut, give or take a few bytes of punctuation.
fn keys<'a>(index: &'a Index, sorted: &Sorted<'a>, windows: &Windows) -> Vec<(&'a str, usize)> {
    let (stems, surfaces) = sorted;
    let stems = stems.iter().map(|&(k, sid)| {
        let posts = &index.posts[sid as usize];
        let mut bytes = k.len() + 16;
        let mut last = 0;
        for p in posts {
            bytes += number_len(p.doc - last) + 1;
            last = p.doc;
        }
        for p in index.top(sid, EXCERPTS) {
            let w = windows.get(&(sid, p.doc)).map_or(0, String::len);
            bytes += w + number_len(p.doc) + 6;
        }
        (k, bytes)
    });
    let surfaces = surfaces
        .iter()
        .map(|&(k, sid)| (k, k.len() + index.dict.get(sid).len() + 6));
    let mut keys: Vec<(&str, usize)> = stems.chain(surfaces).collect();
    keys.sort_unstable();
    keys.dedup_by(|b, a| {
        // A key both a stem and a word as written: one entry.
        let same = a.0 == b.0;
        if same {
            a.1 += b.1;
        }
        same
    });
    keys
}

/// The characters [`push_number`] writes for `n`.
fn number_len(mut n: u32) -> usize {
    let mut len = 1;
    while n >= 32 {
        n >>= 5;
        len += 1;
    }
    len
}

/// The lower bound of each term chunk, made as few as `room` files when chunks of
/// [`CHUNK_BYTES`] would pass it: the aim grows by an eighth until they fit, up to
/// [`CHUNK_BYTES_MAX`]. At 10,000 fiches, chunks of 56 KiB; at 10,000 and 10,000
/// partner fiches (twice the postings), larger ones rather than 480 files.
pub fn plan_fitted(index: &Index, sorted: &Sorted, windows: &Windows, room: usize) -> Vec<String> {
    let keys = keys(index, sorted, windows);
    let mut aim = CHUNK_BYTES;
    loop {
        let bounds = cut_keys(&keys, aim);
        if bounds.len() <= room || aim >= CHUNK_BYTES_MAX {
            return bounds;
        }
        aim = (aim + aim / 8).min(CHUNK_BYTES_MAX);
    }
}

/// The files the term chunks may make: what [`MOST_FILES`] leaves once the
/// groups, the filters, the entry and the places (as few as chunks of
/// [`PHRASE_BYTES_MAX`] make) are counted.
pub fn term_room(other_files: usize, places: &[String]) -> usize {
    let total: usize = places.iter().map(String::len).sum();
    MOST_FILES
        .saturating_sub(other_files + total.div_ceil(PHRASE_BYTES_MAX))
        .max(1)
}

/// The lower bound of each term chunk: cut every [`CHUNK_BYTES`] or so.
#[cfg(test)]
pub fn plan(index: &Index, sorted: &Sorted, windows: &Windows) -> Vec<String> {
    cut_keys(&keys(index, sorted, windows), CHUNK_BYTES)
}

/// The lower bound of each chunk of `keys`, cut every `aim` bytes or so.
fn cut_keys(keys: &[(&str, usize)], aim: usize) -> Vec<String> {
    let mut bounds = vec![String::new()];
    let mut size = 0;
    for &(key, bytes) in keys {
        if size > 0 && size + bytes > aim {
            bounds.push(key.to_string());
            size = 0;
        }
        size += bytes;
    }
    bounds
}

/// The chunk holding `key`. Words are ordered by code point (`str`'s order, that
/// of UTF-8 bytes) here as in the keys' lists; the engine's `compare` does the same,
/// where JavaScript's `<` would put astral letters (𝐛) before U+E000–U+FFFF (ﬁ).
pub fn chunk_of(bounds: &[String], key: &str) -> usize {
    bounds
        .partition_point(|b| b.as_str() <= key)
        .saturating_sub(1)
}

/// Excerpts already cut, by (stem id, fiche id).
pub type Windows = HashMap<(u32, u32), String>;

/// Stems and words as written, each in alphabetical order.
pub type Sorted<'a> = (Vec<(&'a str, u32)>, Vec<(&'a str, u32)>);

/// The text of term chunk `chunk`.
pub fn term_chunk(
    index: &Index,
    (stems, surfaces): &Sorted,
    bounds: &[String],
    chunk: usize,
    windows: &Windows,
) -> Vec<u8> {
    let lo = bounds.get(chunk).map_or("", String::as_str);
    let hi = bounds.get(chunk + 1).map(String::as_str);
    let in_range = |k: &&str| *k >= lo && hi.is_none_or(|h| *k < h);
    let range = |list: &'_ [(&'_ str, u32)]| {
        let from = list.partition_point(|(k, _)| *k < lo);
        let len = list[from..].iter().take_while(|(k, _)| in_range(k)).count();
        (from, from + len)
    };
    let (s0, s1) = range(stems);
    let (w0, w1) = range(surfaces);
    let (stems, surfaces) = (&stems[s0..s1], &surfaces[w0..w1]);
    // Written by hand rather than through JSON values: this is most of the index.
    let mut out = format!("fichesSearch(\"t{chunk}\",{{");
    let (mut i, mut j) = (0, 0);
    let mut levels = Vec::new();
    let start = out.len();
    while i < stems.len() || j < surfaces.len() {
        if out.len() > start {
            out.push(',');
        }
        let stem = stems
            .get(i)
            .filter(|(k, _)| surfaces.get(j).is_none_or(|(w, _)| k <= w));
        let Some(&(key, sid)) = stem else {
            // A word as written: the stem it stands for.
            let (key, sid) = surfaces[j];
            push_json_str(&mut out, key);
            out.push(':');
            push_json_str(&mut out, index.dict.get(sid));
            j += 1;
            continue;
        };
        i += 1;
        let posts = &index.posts[sid as usize];
        levels.clear();
        levels.extend(posts.iter().map(|p| index.level(p)));
        push_json_str(&mut out, key);
        let idf = (f64::from(index.idf(sid)) * 1000.0).round() / 1000.0;
        let _ = write!(out, ":[{idf},\"");
        let mut last = 0;
        for (n, (p, &level)) in posts.iter().zip(&levels).enumerate() {
            push_number(&mut out, if n == 0 { p.doc } else { p.doc - last });
            last = p.doc;
            out.push(DIGITS[usize::from(level)] as char);
        }
        out.push_str("\",[");
        let mut first = true;
        for p in top_of(posts, &levels, EXCERPTS) {
            let Some(text) = windows.get(&(sid, p.doc)) else {
                continue;
            };
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(out, "[{},", p.doc);
            push_json_str(&mut out, text);
            out.push(']');
        }
        out.push(']');
        // A stem that is also another stem's word as written.
        if let Some(&(w, other)) = surfaces.get(j)
            && w == key
        {
            out.push(',');
            push_json_str(&mut out, index.dict.get(other));
            j += 1;
        }
        out.push(']');
    }
    out.push_str("});\n");
    out.into_bytes()
}

/// `s` as a JSON string.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The text of group file `group`: one card per fiche, `null` for a removed one.
/// No summary: every result shows a passage of its own instead. A partner's card
/// gives its page's address without what the entry's `source_urls` says every
/// address of its source begins with.
pub fn group(index: &Index, size: usize, group: usize, pooled: &super::pool::Entry) -> Vec<u8> {
    let cards: Vec<Value> = (group * size..(group + 1) * size)
        .take_while(|&i| i < index.docs.len())
        .map(|i| match &index.docs[i] {
            Some(e) => {
                let c = &e.card;
                match c.source {
                    // A partner's: its page's address, and its source.
                    Some(source) => {
                        let folder = pooled.urls.get(source).map_or("", String::as_str);
                        let rest = c.slug.strip_prefix(folder).unwrap_or(&c.slug);
                        json!([rest, c.title, c.variant, c.date, source])
                    }
                    None => json!([c.slug, c.title, c.variant, c.date]),
                }
            }
            None => Value::Null,
        })
        .collect();
    script(&format!("d{group}"), &Value::Array(cards))
}

/// Every filter's values and, for each, its fiches' ids, by filter key: what the
/// filters' files hold.
pub type Filters<'i> = BTreeMap<&'i str, BTreeMap<&'i str, Vec<u32>>>;

/// The filters of every fiche of `index`, gathered by key and value.
pub fn filters(index: &Index) -> Filters<'_> {
    let mut filters: Filters = BTreeMap::new();
    for (id, e) in index.docs.iter().enumerate() {
        let Some(e) = e else { continue };
        for (key, value) in &e.filters {
            filters
                .entry(key)
                .or_default()
                .entry(value)
                .or_default()
                .push(id as u32);
        }
    }
    filters
}

/// Where the fiches of one filter live, by the filter's number among the entry's
/// `filter_keys`: read only once a reader uses the filters, so that a search
/// loads none of them (10,000 fiches: 89 KiB of lists, most of the entry's weight).
pub fn filter_file(n: usize) -> String {
    format!("f/{n}.js")
}

/// The text of filter file `n` (the `n`th key of `filters`): each value's fiches.
pub fn filter(filters: &Filters, n: usize) -> Vec<u8> {
    let values = filters.values().nth(n);
    let data: serde_json::Map<String, Value> = (values.into_iter().flatten())
        .map(|(v, ids)| (v.to_string(), json!(id_list(ids.iter().copied()))))
        .collect();
    script(&format!("f{n}"), &Value::Object(data))
}

/// The entry file: what the page needs before any search. Of the filters, their
/// keys and each value's number of fiches (what the page lists before any search);
/// their fiches are in the filters' files.
pub fn entry(
    (index, filters): (&Index, &Filters),
    lang: Lang,
    (bounds, phrases): (&[String], &[String]),
    size: usize,
    pooled: &super::pool::Entry,
) -> Vec<u8> {
    let totals: serde_json::Map<String, Value> = (filters.iter())
        .map(|(key, values)| {
            let counts = values
                .iter()
                .map(|(v, ids)| (v.to_string(), json!(ids.len())));
            (key.to_string(), Value::Object(counts.collect()))
        })
        .collect();
    // Removed fiches (serve's edits) leave their ids empty.
    let gone = (index.docs.iter().enumerate())
        .filter(|(_, e)| e.is_none())
        .map(|(id, _)| id as u32);
    let mut data = json!({
        "fiches": index.fiches(),
        "events": events(index),
        "ids": index.docs.len(),
        "gone": id_list(gone),
        "group": size,
        "levels": super::index::LEVELS,
        "stop": stop_words(lang),
        "variants": pooled.variants,
        "chunks": bounds,
        "phrases": phrases,
        "filter_keys": filters.keys().collect::<Vec<_>>(),
        "filters": totals,
    });
    // Partners' fiches: who published them, and how they label their variants.
    if !pooled.sources.is_empty() {
        data["sources"] = json!(pooled.sources);
        data["source_urls"] = json!(pooled.urls);
        data["here"] = json!(pooled.here);
        data["variant_labels"] = json!(pooled.variant_labels);
    }
    script("index", &data)
}

/// The events' ids (as [`id_list`] packs them) and when each ends, in Unix minutes
/// (`null` for a series without end): the page tells upcoming from past by its own
/// clock.
fn events(index: &Index) -> Value {
    let mut ids = Vec::new();
    let mut ends = Vec::new();
    for (id, e) in index.docs.iter().enumerate() {
        let Some(end) = e.as_ref().and_then(|e| e.card.event) else {
            continue;
        };
        ids.push(id as u32);
        ends.push(match end {
            EventEnd::At(minutes) => json!(minutes),
            EventEnd::Never => Value::Null,
        });
    }
    json!({ "ids": id_list(ids), "ends": ends })
}

/// The first place at or after byte `i` (a character boundary) that is not inside
/// a cluster a reader sees as one character: not before a combining mark, a
/// joiner, a variation selector or a skin tone, not after a joiner, not between
/// the two letters of a flag.
fn whole(text: &str, mut i: usize) -> usize {
    let glued = |c: char| {
        is_combining_mark(c)
            || c == '\u{200d}'
            || ('\u{fe00}'..='\u{fe0f}').contains(&c)
            || ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
            || ('\u{e0020}'..='\u{e007f}').contains(&c)
    };
    let regional = |c: char| ('\u{1f1e6}'..='\u{1f1ff}').contains(&c);
    while let Some(next) = text[i..].chars().next() {
        let before = &text[..i];
        let prev = before.chars().next_back();
        let flag_half = regional(next)
            && prev.is_some_and(regional)
            && before.chars().rev().take_while(|&c| regional(c)).count() % 2 == 1;
        if glued(next)
            || prev == Some('\u{200d}')
            || flag_half
            || (prev == Some('\r') && next == '\n')
        {
            i += next.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The passage of `text` for a word first found at `offset`: at the start (the
/// summary's) for a word of the title only ([`NO_OFFSET`]).
pub fn window_at(text: &str, offset: u32) -> String {
    window(
        text,
        if offset == NO_OFFSET {
            0
        } else {
            offset as usize
        },
    )
}

/// An excerpt of `text` around byte `at`: some words before, more after, cut at
/// word boundaries, with an ellipsis where the text goes on.
pub fn window(text: &str, at: usize) -> String {
    // 80 bytes after: the passages are a third of the term chunks' bytes.
    const BEFORE: usize = 40;
    const AFTER: usize = 80;
    // Every bound is put on a character boundary: a no-break space is 2 or 3 bytes.
    let at = cut::floor(text, at);
    let mut start = cut::floor(text, at.saturating_sub(BEFORE));
    // Start at a line (a paragraph) when one begins close before the word.
    if let Some(nl) = text[start..at].rfind('\n') {
        start += nl + 1;
    } else if start > 0 {
        start = text[start..at]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(at, |(i, c)| start + i + c.len_utf8());
    }
    let mut end = cut::ceil(text, at + AFTER);
    if let Some(nl) = text[at..end].find('\n') {
        end = at + nl;
    } else if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&i| i > at)
            .unwrap_or(end);
    }
    let mut out = String::new();
    if start > 0 && !text[..start].ends_with('\n') {
        out.push('…');
    }
    out.push_str(whole_piece(text, start, end));
    if end < text.len() && !text[end..].starts_with('\n') {
        out.push('…');
    }
    out
}

/// `text[start..end]` without spaces at either end, and never inside a letter
/// with its accents or an emoji sequence: the marks left at the start go, those
/// after the end come along.
fn whole_piece(text: &str, start: usize, end: usize) -> &str {
    let end = whole(text, end);
    let mut start = start.min(end);
    loop {
        let trimmed = end - text[start..end].trim_start().len();
        let next = whole(text, trimmed).min(end);
        if next == start {
            break;
        }
        start = next;
    }
    text[start..end].trim_end()
}

/// Which passages the chunks of stems `sids` need and `windows` lacks, by fiche:
/// (stem id, offset), one for each of a stem's first [`EXCERPTS`] fiches (the
/// first page of a search for it).
pub fn wanted(
    index: &Index,
    sids: impl Iterator<Item = u32>,
    windows: &Windows,
) -> HashMap<u32, Vec<(u32, u32)>> {
    let sids: Vec<u32> = sids.collect();
    let tops: Vec<(u32, Vec<Post>)> = sids
        .par_iter()
        .map(|&sid| (sid, index.top(sid, EXCERPTS)))
        .collect();
    let mut want: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
    for (sid, top) in tops {
        for Post { doc, offset, .. } in top {
            if !windows.contains_key(&(sid, doc)) {
                want.entry(doc).or_default().push((sid, offset));
            }
        }
    }
    want
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(256) })]

        #[test]
        fn an_excerpt_never_parts_what_a_reader_sees_as_one_character(
            text in crate::cut::hostile::text(120),
            at in 0usize..1500,
        ) {
            use unicode_segmentation::UnicodeSegmentation;
            let w = window(&text, at);
            let core = w.strip_prefix('…').unwrap_or(&w);
            let core = core.strip_suffix('…').unwrap_or(core);
            let core = core.trim();
            if !core.is_empty() {
                let bounds: Vec<usize> = text
                    .grapheme_indices(true)
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                // Some place of the text where the excerpt starts and ends on
                // grapheme boundaries (Unicode's extended grapheme clusters).
                let whole = text.match_indices(core).any(|(i, _)| {
                    bounds.binary_search(&i).is_ok() && bounds.binary_search(&(i + core.len())).is_ok()
                });
                prop_assert!(whole, "{:?} cut from {:?}", w, text);
            }
        }

        #[test]
        fn an_excerpt_is_a_piece_of_its_text_wherever_it_starts(
            text in crate::cut::hostile::text(80),
            at in 0usize..1000,
        ) {
            let w = window(&text, at);
            let core = w.strip_prefix('…').unwrap_or(&w);
            let core = core.strip_suffix('…').unwrap_or(core);
            prop_assert!(text.contains(core), "{:?}", w);
            prop_assert!(core.len() <= 40 + 80 + 4);
        }
    }

    #[test]
    fn chunks_order_words_by_code_point_on_both_sides_of_u_ffff() {
        let mut words = [
            "𝐛𝐨𝐥𝐝",
            "ﬁnance",
            "zebre",
            "ｃａｆｅ",
            "\u{10000}",
            "\u{ffff}x",
            "𝐚𝐳",
        ];
        words.sort_unstable();
        let order = [
            "zebre",
            "ﬁnance",
            "ｃａｆｅ",
            "\u{ffff}x",
            "\u{10000}",
            "𝐚𝐳",
            "𝐛𝐨𝐥𝐝",
        ];
        assert_eq!(words, order);
        // In UTF-16 units the astral letters would come first.
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        assert!(utf16("𝐛𝐨𝐥𝐝") < utf16("ﬁnance"));
        let bounds: Vec<String> = ["", "ﬁ", "𝐚"].map(String::from).to_vec();
        let chunks = order.map(|w| chunk_of(&bounds, w));
        assert_eq!(chunks, [0, 1, 1, 1, 1, 2, 2]);
    }

    #[test]
    fn excerpts_cut_on_characters_after_no_break_spaces() {
        // Issue 22: the window moved one byte past a no-break space and panicked.
        let text = "Attention\u{a0}: voici un texte\u{202f}; avec « guillemets\u{a0}» et 𝐛𝐨𝐥𝐝 ﬁn\n"
            .repeat(8);
        for at in 0..=text.len() + 1 {
            let w = window(&text, at);
            let core = w.trim_start_matches('…').trim_end_matches('…');
            assert!(text.contains(core), "{at}: {w}");
        }
        let at = text.find("texte").unwrap() + 200;
        let w = window(&text, at);
        assert!(w.chars().count() < 200, "{w}");
    }

    use crate::search::index::Post;
    use crate::search::record::{Card, Count, Doc, NO_OFFSET};

    /// Reads a varint of [`DIGITS`] as search-engine.js does.
    fn read_number(s: &[u8], at: &mut usize) -> u32 {
        let (mut n, mut scale) = (0u64, 1u64);
        loop {
            let c = DIGITS.iter().position(|&d| d == s[*at]).unwrap() as u64;
            *at += 1;
            if c < 32 {
                return u32::try_from(n + c * scale).unwrap();
            }
            n += (c - 32) * scale;
            scale *= 32;
        }
    }

    /// The data of a script file: `fichesSearch(NAME, DATA);`.
    fn data(bytes: &[u8]) -> (String, Value) {
        let text = std::str::from_utf8(bytes).unwrap();
        let inner = text
            .strip_prefix("fichesSearch(")
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("not a script of the index: {text:.80}"));
        let v: Value = serde_json::from_str(&format!("[{inner}]")).unwrap();
        (v[0].as_str().unwrap().to_string(), v[1].clone())
    }

    #[test]
    fn numbers_and_id_lists_read_back_as_the_engine_reads_them() {
        let values = [
            0,
            1,
            31,
            32,
            33,
            1023,
            1024,
            32 * 32 * 32,
            1 << 30,
            u32::MAX,
        ];
        let mut s = String::new();
        for v in values {
            push_number(&mut s, v);
        }
        assert!(s.bytes().all(|b| DIGITS.contains(&b)));
        let mut at = 0;
        let back: Vec<u32> = values
            .iter()
            .map(|_| read_number(s.as_bytes(), &mut at))
            .collect();
        assert_eq!(back, values);
        assert_eq!(at, s.len());
        // Sorted ids as gaps.
        let ids = [3, 4, 40, 41, 5000, 5000 + (1 << 20)];
        let list = id_list(ids);
        let (mut at, mut id, mut out) = (0, 0, Vec::new());
        while at < list.len() {
            id += read_number(list.as_bytes(), &mut at);
            out.push(id);
        }
        assert_eq!(out, ids);
        assert!(list.len() < ids.len() * 3, "{list}");
    }

    /// An index of `n` fiches over stems named by `word(i)`: stem `i` is in fiche
    /// `f` when `f % (i % 97 + 1) == 0`, so that postings lengths vary; every stem
    /// has an excerpt per fiche, made hostile.
    fn index(n: u32, stems: u32, word: impl Fn(u32) -> String) -> (Index, Windows) {
        let mut index = Index::default();
        for i in 0..stems {
            index.dict.id(word(i));
        }
        let mut windows = Windows::new();
        for f in 0..n {
            let words: Vec<(u32, Count)> = (0..stems)
                .filter(|i| f % (i % 97 + 1) == 0)
                .map(|i| {
                    let tf = [u8::from(i % 5 == 0), 0, 0, (i % 7) as u8];
                    (
                        i,
                        Count {
                            tf,
                            offset: if i % 11 == 0 { NO_OFFSET } else { i },
                        },
                    )
                })
                .collect();
            for (i, _) in &words {
                windows.insert(
                    (*i, f),
                    format!("…« {} »\u{a0}: \"\\\u{1}\t\u{2028}𝐛 {f}…", word(*i)),
                );
            }
            let card = Card {
                slug: format!("f{f}"),
                title: format!("Fiche \"{f}\" <b>"),
                variant: (f % 2) as usize,
                date: "1 mars 2021".into(),
                source: None,
                event: None,
            };
            let filters = vec![
                ("tag".to_string(), format!("mot {}", f % 3)),
                ("variant".into(), "factual".into()),
            ];
            let lens = [3, 10, 2, 100 + f % 50];
            // Stem i at place i, and at i + 5000 unless i is a multiple of 3.
            let mut positions: Vec<(u32, u16)> = words
                .iter()
                .flat_map(|&(i, _)| [(i, i as u16), (i, i as u16 + 5000)])
                .filter(|&(i, p)| p < 5000 || i % 3 != 0)
                .collect();
            positions.sort_unstable();
            index.insert(
                f,
                Doc {
                    card,
                    lens,
                    words,
                    surfaces: Vec::new(),
                    filters,
                    positions,
                    places: None,
                },
            );
        }
        // Spellings that stand for a stem (a few are stems themselves).
        for i in (0..stems).step_by(13) {
            let w = index.dict.id(format!("{}s", word(i)));
            index.surfaces.insert(w, i);
        }
        index.rescale();
        (index, windows)
    }

    fn hostile(i: u32) -> String {
        let pieces = ["ﬁ", "𝐛", "é", "a", "z", "\u{ffff}", "ß", "œ", "0", "د"];
        let mut w = String::new();
        let mut n = i as usize;
        loop {
            w.push_str(pieces[n % pieces.len()]);
            n /= pieces.len();
            if n == 0 {
                break;
            }
        }
        w
    }

    #[test]
    fn every_key_is_written_once_in_the_chunk_the_engine_looks_in() {
        let (index, windows) = index(300, 3000, hostile);
        let sorted = (index.sorted_stems(), index.sorted_surfaces());
        let bounds = plan(&index, &sorted, &windows);
        assert!(bounds.len() > 3, "{} chunks", bounds.len());
        assert_eq!(bounds[0], "");
        assert!(bounds.windows(2).all(|b| b[0] < b[1]), "{bounds:?}");
        let mut seen: HashMap<String, usize> = HashMap::new();
        for c in 0..bounds.len() {
            let (name, chunk) = data(&term_chunk(&index, &sorted, &bounds, c, &windows));
            assert_eq!(name, format!("t{c}"));
            let keys: Vec<&String> = chunk.as_object().unwrap().keys().collect();
            assert!(!keys.is_empty(), "chunk {c} is empty");
            for k in keys {
                assert_eq!(chunk_of(&bounds, k), c, "{k:?}");
                assert!(seen.insert(k.clone(), c).is_none(), "{k:?} twice");
            }
        }
        let mut all: Vec<&str> = sorted.0.iter().chain(&sorted.1).map(|(k, _)| *k).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(seen.len(), all.len());
    }

    #[test]
    fn chunks_are_cut_where_the_next_key_would_pass_the_aim() {
        let (index, windows) = index(300, 3000, hostile);
        let sorted = (index.sorted_stems(), index.sorted_surfaces());
        let bounds = plan(&index, &sorted, &windows);
        let keys = keys(&index, &sorted, &windows);
        let mut sizes = vec![0; bounds.len()];
        for (k, bytes) in &keys {
            sizes[chunk_of(&bounds, k)] += bytes;
        }
        for (c, size) in sizes.iter().enumerate() {
            let single = keys
                .iter()
                .filter(|(k, _)| chunk_of(&bounds, k) == c)
                .count()
                == 1;
            assert!(*size <= CHUNK_BYTES || single, "chunk {c}: {size}");
            // Greedy: the next chunk's first key would not have fitted.
            if let Some(next) = bounds.get(c + 1) {
                let first = keys.iter().find(|(k, _)| k == next).unwrap().1;
                assert!(size + first > CHUNK_BYTES, "chunk {c} could hold {next:?}");
            }
        }
    }

    #[test]
    fn a_stems_entry_holds_its_rarity_postings_excerpts_and_its_other_stem() {
        let (index, windows) = index(40, 30, |i| format!("mot{i:02}"));
        let sorted = (index.sorted_stems(), index.sorted_surfaces());
        let bounds = plan(&index, &sorted, &windows);
        assert_eq!(bounds.len(), 1);
        let (_, chunk) = data(&term_chunk(&index, &sorted, &bounds, 0, &windows));
        // Stem 3 is in every 4th fiche.
        let entry = chunk["mot03"].as_array().unwrap();
        let idf = entry[0].as_f64().unwrap();
        assert!((idf - f64::from(index.idf(3))).abs() < 0.001, "{idf}");
        let packed = entry[1].as_str().unwrap().as_bytes();
        let (mut at, mut id, mut docs) = (0, 0, Vec::new());
        while at < packed.len() {
            id += read_number(packed, &mut at);
            let level = DIGITS.iter().position(|&d| d == packed[at]).unwrap() as u8;
            at += 1;
            let post = index.posts[3].iter().find(|p| p.doc == id).unwrap();
            assert_eq!(level, index.level(post));
            docs.push(id);
        }
        assert_eq!(docs, (0..40).step_by(4).collect::<Vec<u32>>());
        // Excerpts of its best fiches: the newest first on equal levels.
        let excerpts = entry[2].as_array().unwrap();
        let first: Vec<u64> = excerpts.iter().map(|e| e[0].as_u64().unwrap()).collect();
        assert_eq!(first.len(), EXCERPTS);
        let best: Vec<u64> = index
            .top(3, EXCERPTS)
            .iter()
            .map(|p: &Post| u64::from(p.doc))
            .collect();
        assert_eq!(first, best);
        assert_eq!(
            excerpts[0][1].as_str(),
            windows.get(&(3, best[0] as u32)).map(String::as_str)
        );
        // Spellings: "mot00s" stands for "mot00"; a stem is never its own spelling.
        assert_eq!(chunk["mot00s"], "mot00");
        assert!(chunk["mot00"].as_array().unwrap().len() == 3);
    }

    #[test]
    fn all_places_are_each_postings_places_looked_up_one_by_one() {
        let (mut index, _) = index(120, 400, hostile);
        index.remove(17);
        let all = all_places(&index);
        assert_eq!(all.len(), index.posts.len());
        for (sid, posts) in index.posts.iter().enumerate() {
            let mut want = String::new();
            for p in posts {
                let places: Vec<u16> = index.places(sid as u32, p.doc).collect();
                push_number(&mut want, places.len() as u32);
                let mut last = 0;
                for place in places {
                    push_number(&mut want, u32::from(place - last));
                    last = place;
                }
            }
            assert_eq!(all[sid], want, "stem {sid}");
        }
    }

    #[test]
    fn places_are_written_in_the_order_of_postings_and_read_back() {
        let (index, _) = index(120, 400, hostile);
        let stems = index.sorted_stems();
        let places = all_places(&index);
        let bounds = phrase_plan(&places, &stems, 4096);
        assert_eq!(bounds[0], "");
        let mut seen = 0;
        for c in 0..bounds.len() {
            let (name, chunk) = data(&phrase_chunk(&places, &stems, &bounds, c));
            assert_eq!(name, format!("p{c}"));
            for (key, packed) in chunk.as_object().unwrap() {
                assert_eq!(chunk_of(&bounds, key), c, "{key:?}");
                let sid = stems.iter().find(|(k, _)| k == key).unwrap().1;
                let packed = packed.as_str().unwrap().as_bytes();
                let mut at = 0;
                for p in &index.posts[sid as usize] {
                    let n = read_number(packed, &mut at);
                    let mut place = 0;
                    let mut places = Vec::new();
                    for _ in 0..n {
                        place += read_number(packed, &mut at);
                        places.push(place as u16);
                    }
                    // Stem i at place i, and i + 5000 unless i is a multiple of 3.
                    let i = sid as u16;
                    let want = if sid % 3 == 0 {
                        vec![i]
                    } else {
                        vec![i, i + 5000]
                    };
                    assert_eq!(places, want, "{key:?} in {}", p.doc);
                }
                assert_eq!(at, packed.len());
                seen += 1;
            }
        }
        assert_eq!(seen, stems.len());
    }

    #[test]
    fn chunks_of_places_are_as_small_as_the_files_left_allow() {
        // 12 MB of places over 3,000 stems, and 218 other files (a corpus of 10,000
        // fiches): small chunks, and every file within the aim.
        let places: Vec<String> = (0..3000)
            .map(|i| "x".repeat(2000 + (i * 7919) % 4000))
            .collect();
        let names: Vec<String> = (0..3000).map(|i| format!("w{i:05}")).collect();
        let stems: Vec<(&str, u32)> = names
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i as u32))
            .collect();
        let fitted = phrase_plan_fitted(&places, &stems, 218).len();
        assert!(218 + fitted <= MOST_FILES, "{fitted} chunks of places");
        assert!(
            fitted > 180,
            "{fitted} chunks of places: they could be smaller"
        );
        // Words whose places pass the aim (a chunk each) make the chunks more
        // numerous than their bytes say: the aim grows until they fit.
        let mut heavy = places.clone();
        for p in heavy.iter_mut().step_by(15) {
            *p = "x".repeat(60_000);
        }
        let fitted = phrase_plan_fitted(&heavy, &stems, 218).len();
        assert!(218 + fitted <= MOST_FILES, "{fitted} chunks of places");
        // Few files left, or none: no chunk aims past what every chunk aimed at before.
        let at_most = phrase_plan(&places, &stems, PHRASE_BYTES_MAX).len();
        assert_eq!(phrase_plan_fitted(&places, &stems, 470).len(), at_most);
        assert_eq!(phrase_plan_fitted(&places, &stems, 100_000).len(), at_most);
        // A small site: one chunk.
        assert_eq!(phrase_plan_fitted(&places[..5], &stems[..5], 5).len(), 1);
        assert_eq!(phrase_plan_fitted(&[], &[], 0), [""]);
    }

    #[test]
    fn groups_and_the_entry_say_what_the_page_needs() {
        let (mut index, _) = index(40, 5, |i| format!("mot{i}"));
        index.remove(17);
        let size = group_size(40);
        assert_eq!(size, 16);
        let (name, cards) = data(&group(&index, size, 1, &Default::default()));
        assert_eq!(name, "d1");
        let cards = cards.as_array().unwrap();
        assert_eq!(cards.len(), 16);
        assert_eq!(cards[0][0], "f16");
        assert_eq!(cards[0][1], "Fiche \"16\" <b>");
        assert_eq!(cards[0].as_array().unwrap().len(), 4, "no summary");
        assert!(cards[1].is_null(), "a removed fiche");
        let (_, last) = data(&group(&index, size, 2, &Default::default()));
        assert_eq!(last.as_array().unwrap().len(), 8);
        let filters = filters(&index);
        let (name, entry) = data(&entry(
            (&index, &filters),
            Lang::Fr,
            (&["".into(), "m".into()], &["".into()]),
            size,
            &crate::search::pool::Entry {
                variants: vec!["factual".into()],
                ..Default::default()
            },
        ));
        assert_eq!(name, "index");
        assert_eq!(entry["fiches"], 39);
        assert_eq!(entry["ids"], 40);
        assert_eq!(entry["chunks"], json!(["", "m"]));
        assert_eq!(entry["gone"], id_list([17]));
        // Of the filters, the entry has their keys and totals; their files, the
        // fiches of each value.
        assert_eq!(entry["filter_keys"], json!(["tag", "variant"]));
        assert_eq!(entry["filters"]["tag"]["mot 2"], 12);
        assert_eq!(entry["filters"]["variant"]["factual"], 39);
        let (name, tags) = data(&filter(&filters, 0));
        assert_eq!(name, "f0");
        let packed = tags["mot 2"].as_str().unwrap().as_bytes();
        let (mut at, mut id, mut ids) = (0, 0, Vec::new());
        while at < packed.len() {
            id += read_number(packed, &mut at);
            ids.push(id);
        }
        let want: Vec<u32> = (0..40).filter(|f| f % 3 == 2 && *f != 17).collect();
        assert_eq!(ids, want);
        assert!(entry["stop"].as_array().unwrap().iter().any(|w| w == "les"));
    }

    #[test]
    fn groups_stay_few_and_small_whatever_the_number_of_fiches() {
        for n in [0, 1, 100, 3_200, 10_000, 100_000, 1_000_000] {
            let size = group_size(n);
            assert!((16..=200).contains(&size), "{n}: {size}");
            let groups = n.div_ceil(size);
            assert!(
                groups <= 100 || size == 200,
                "{n}: {groups} groups of {size}"
            );
        }
        assert!(10_000usize.div_ceil(group_size(10_000)) <= 100);
        assert!(20_000usize.div_ceil(group_size(20_000)) <= 100);
    }
}
