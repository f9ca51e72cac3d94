//! ASCII slugs for URLs: `Soirée-débat` → `soiree-debat`. Terms that differ only by
//! case or accents share a slug, which is how they are folded into one term.

/// Lowercase ASCII letters and digits separated by single hyphens; empty when the
/// text holds no letter or digit at all.
pub fn slugify(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::slugify;

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
    fn no_letters_gives_empty() {
        assert_eq!(slugify("!!! ?"), "");
        assert_eq!(slugify(""), "");
    }
}
