//! Text shortened on character boundaries: every cut of a text by bytes (excerpts,
//! windows, titles and summaries cut for lists, slugs, diagnostics' lines) goes
//! through here, so that none lands inside a character — a no-break space
//! (U+00A0, U+202F) before a French colon is two or three bytes.
//! `str::floor_char_boundary` is not stable yet: these are ours.

use unicode_normalization::char::is_combining_mark;

/// The last character boundary at or before byte `i` (the end when past it).
pub fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first character boundary at or after byte `i` (the end when past it).
pub fn ceil(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// At most the first `max` bytes of `s`, ending on a character boundary.
pub fn head(s: &str, max: usize) -> &str {
    &s[..floor(s, max)]
}

/// At most the first `max` characters of `s`, not parting a letter from its
/// accents or an emoji sequence from its joiner: a cut before a combining mark, a
/// zero-width joiner or a variation selector, or after a joiner, moves back.
pub fn chars(s: &str, max: usize) -> &str {
    let Some((mut cut, _)) = s.char_indices().nth(max) else {
        return s;
    };
    let glued =
        |c: char| is_combining_mark(c) || c == '\u{200d}' || ('\u{fe00}'..='\u{fe0f}').contains(&c);
    while cut > 0 {
        let next = s[cut..].chars().next();
        let prev = s[..cut].chars().next_back();
        if next.is_some_and(glued) || prev == Some('\u{200d}') {
            cut -= prev.map_or(1, char::len_utf8);
        } else {
            break;
        }
    }
    &s[..cut]
}

/// `text` cut at a word boundary before `max` characters, with an ellipsis; whole
/// when it is not longer. A text without a space to cut at (one long word, a row
/// of emoji) is cut between characters.
pub fn clamp(text: &str, max: usize) -> String {
    let head = chars(text, max);
    if head.len() == text.len() {
        return text.to_string();
    }
    let by_word = head
        .rfind(char::is_whitespace)
        .map_or(head, |i| &head[..i])
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let head = if by_word.is_empty() {
        head.trim_end()
    } else {
        by_word
    };
    format!("{head}…")
}

/// Text for the property tests of every module that cuts or writes text: French
/// typography mixed with what breaks byte arithmetic and escaping.
#[cfg(test)]
pub(crate) mod hostile {
    use proptest::prelude::*;

    pub const PIECES: &[&str] = &[
        "Attention\u{a0}: ",
        "texte\u{202f}; ",
        "« guillemets\u{a0}» ",
        "Quoi\u{a0}? ",
        "Oui\u{202f}! ",
        "l’atelier ",
        "œuvre ",
        "ﬁnancement ",
        "Ça ",
        "élèves ",
        " ",
        "\u{a0}",
        "\u{202f}",
        "e\u{301}",
        "\u{301}",
        "ﬁ",
        "ﬂ",
        "👨\u{200d}👩\u{200d}👧",
        "❤\u{fe0f}",
        "🇫🇷",
        "𝐛𝐨𝐥𝐝",
        "שלום",
        "مرحبا",
        "\u{202e}",
        "\r\n",
        "\r",
        "\n",
        "\t",
        "\u{b}",
        "\u{0}",
        "\u{1f}",
        "\u{7f}",
        "\u{85}",
        "\u{fffe}",
        "\u{feff}",
        "\u{200b}",
        "\u{2028}",
        "\u{10ffff}",
        "İ",
        "ß",
        "\"",
        "\\",
        "<",
        "&",
        "#",
        "[",
        "`",
        "+++",
        "## ",
        "- ",
    ];

    /// Up to `max` pieces, or arbitrary characters.
    pub fn text(max: usize) -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..max).prop_map(|v| v.concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(256) })]

        #[test]
        fn every_cut_is_a_prefix_on_a_boundary(s in hostile::text(40), i in 0usize..400, n in 0usize..60) {
            let (f, c) = (floor(&s, i), ceil(&s, i));
            prop_assert!(s.is_char_boundary(f) && f <= i && s.is_char_boundary(c));
            prop_assert!(c >= i.min(s.len()) && c - f <= 4);
            prop_assert!(s.starts_with(head(&s, i)));
            let cut = chars(&s, n);
            prop_assert!(s.starts_with(cut) && cut.chars().count() <= n);
            let clamped = clamp(&s, n);
            prop_assert!(clamped == s || clamped.ends_with('…'));
            prop_assert!(clamped.chars().count() <= n.max(1) + 1 || clamped == s);
        }
    }

    #[test]
    fn bounds_never_fall_inside_a_character() {
        let s = "a\u{a0}:\u{202f};𝐛é";
        for i in 0..=s.len() + 2 {
            assert!(s.is_char_boundary(floor(s, i)) && floor(s, i) <= i);
            assert!(s.is_char_boundary(ceil(s, i)) && ceil(s, i) >= i.min(s.len()));
            assert!(head(s, i).len() <= i);
        }
        assert_eq!(floor(s, 2), 1);
        assert_eq!(ceil(s, 2), 3);
    }

    #[test]
    fn chars_keeps_accents_and_emoji_sequences_whole() {
        assert_eq!(chars("ab", 5), "ab");
        assert_eq!(chars("abc", 2), "ab");
        // e + combining acute: the cut moves before the `e`.
        assert_eq!(chars("cafe\u{301}s", 4), "caf");
        // A family (man ZWJ woman): never left ending in a joiner.
        let family = "x👨\u{200d}👩";
        assert_eq!(chars(family, 2), "x");
        assert_eq!(chars(family, 3), "x");
        assert_eq!(chars("❤\u{fe0f}!", 1), "");
    }

    #[test]
    fn clamp_cuts_at_a_word_and_marks_the_cut() {
        assert_eq!(clamp("Un titre court", 40), "Un titre court");
        assert_eq!(clamp("Attention\u{a0}: voici un texte", 16), "Attention…");
        assert_eq!(clamp(&"🎉".repeat(10), 3), "🎉🎉🎉…");
        assert_eq!(clamp(&"ﬁ".repeat(10), 4), "ﬁﬁﬁﬁ…");
        assert!(clamp(&"𝐛𝐨𝐥𝐝 ".repeat(100), 50).chars().count() <= 51);
    }
}
