//! ASCII slugs for URLs: `Soirée-débat` → `soiree-debat`. Terms that differ only by
//! case or accents share a slug, which is how they are folded into one term.

/// Longest slug, in bytes. A slug is a folder name, and file names stop at 255 bytes
/// on most systems: a 300-letter tag, or a short one that transliteration lengthens
/// (`北京` gives `bei-jing`), must still make a page.
pub const MAX_LEN: usize = 80;

/// Lowercase ASCII letters and digits separated by single hyphens; empty when the
/// text holds no letter or digit at all. Past [`MAX_LEN`] bytes, the slug is cut and
/// ends with a hash of the whole, so that two long texts sharing a beginning keep
/// apart while texts differing only by case or accents still fold together.
pub fn slugify(text: &str) -> String {
    let out = fold(text);
    if out.len() <= MAX_LEN {
        return out;
    }
    let hash = format!("{:08x}", fnv1a(out.as_bytes()));
    let head = crate::cut::head(&out, MAX_LEN - 1 - hash.len()).trim_end_matches('-');
    format!("{head}-{hash}")
}

/// The slug before it is cut: what sorting by title ignoring case and accents
/// compares, as a cut slug orders long titles by their hash.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// 32-bit FNV-1a: tiny, and the same on every platform and Rust version, as a slug
/// is part of published addresses; the contribution form's script computes the same
/// (the slugs taken, which the form's data gives hashed).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn french_titles_become_ascii() {
        assert_eq!(slugify("Soirée-débat"), "soiree-debat");
        assert_eq!(slugify("L'été où tout a changé"), "l-ete-ou-tout-a-change");
        assert_eq!(slugify("  Œuvre   commune !  "), "oeuvre-commune");
        assert_eq!(slugify("Bien-être au travail"), "bien-etre-au-travail");
        assert_eq!(slugify("Ça marche, 2024"), "ca-marche-2024");
    }

    #[test]
    fn case_and_accents_fold_together() {
        assert_eq!(slugify("Réseautage"), slugify("reseautage"));
        assert_eq!(slugify("RÉSEAUTAGE"), slugify("Réseautage"));
    }

    #[test]
    fn long_slugs_are_cut_and_keep_apart() {
        let a = slugify(&"a".repeat(300));
        assert_eq!(a.len(), MAX_LEN);
        assert_eq!(a, format!("{}-279e8f01", "a".repeat(71)));
        // Same beginning, different ends: different slugs.
        let b = slugify(&format!("{}b", "a".repeat(299)));
        assert_ne!(a, b);
        assert_eq!(a[..71], b[..71]);
        // Case and accents still fold together.
        assert_eq!(
            slugify(&"Été ".repeat(40)),
            slugify(&"ete ".repeat(40).to_uppercase())
        );
        // Transliteration lengthens: 120 characters give far more than 80 bytes.
        let cjk = slugify(&"北京".repeat(60));
        assert!(
            cjk.len() <= MAX_LEN && cjk.starts_with("bei-jing-bei-jing"),
            "{cjk}"
        );
        // A cut never leaves two hyphens.
        let cut = slugify(&"ab ".repeat(100));
        assert!(!cut.contains("--") && cut.len() <= MAX_LEN, "{cut}");
        // Up to the limit, nothing changes.
        assert_eq!(slugify(&"a".repeat(MAX_LEN)), "a".repeat(MAX_LEN));
    }

    #[test]
    fn no_letters_gives_empty() {
        assert_eq!(slugify("!!! ?"), "");
        assert_eq!(slugify(""), "");
    }
}
