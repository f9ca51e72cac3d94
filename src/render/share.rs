//! "Partager": links that share a fiche on LinkedIn, Facebook, WhatsApp, Bluesky or
//! by e-mail, with no script from anyone; only when the site's address is known.

use serde::Serialize;

use crate::lang::Lang;

#[derive(Serialize, Debug, PartialEq, Eq)]
pub(super) struct ShareLink {
    /// What the link is called (`LinkedIn`, `E-mail`).
    pub(super) name: String,
    /// Words said before the name by screen readers only (`Partager sur`).
    pub(super) hidden: String,
    /// A short key for styles and tests (`linkedin`).
    pub(super) key: &'static str,
    pub(super) href: String,
}

/// The share links of a page at the absolute address `url`.
pub(super) fn links(url: &str, title: &str, summary: &str, lang: Lang) -> Vec<ShareLink> {
    let u = encode(url);
    let text = encode(&format!("{title} {url}"));
    let on = lang.pick("Partager sur", "Share on");
    let link = |key, name: &str, href: String| ShareLink {
        name: name.to_string(),
        hidden: if key == "email" {
            lang.pick("Envoyer par", "Send by")
        } else {
            on.clone()
        },
        key,
        href,
    };
    vec![
        link(
            "linkedin",
            "LinkedIn",
            format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ),
        link(
            "facebook",
            "Facebook",
            format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        ),
        link(
            "whatsapp",
            "WhatsApp",
            format!("https://wa.me/?text={text}"),
        ),
        link(
            "bluesky",
            "Bluesky",
            format!("https://bsky.app/intent/compose?text={text}"),
        ),
        link(
            "email",
            "e-mail",
            format!(
                "mailto:?subject={}&body={}",
                encode(title),
                encode(&format!("{summary}\n\n{url}"))
            ),
        ),
    ]
}

/// Percent-encodes all but the unreserved characters (as `encodeURIComponent`).
/// Every page of a fiche encodes its address and title four times: each byte is
/// pushed as it is, without a string formatted for it.
pub(super) fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Any text (astral letters, controls, no-break spaces, RTL) is encoded to
        /// unreserved characters and `%XX` only, and decodes back to itself.
        #[test]
        fn encoding_keeps_only_unreserved_and_decodes_back(s in "\\PC{0,40}|.{0,40}|[\u{0}-\u{7f}]{0,40}") {
            let e = encode(&s);
            prop_assert!(e.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
            let plain = |b: u8| b.is_ascii_alphanumeric() || b"-_.~".contains(&b);
            let want: usize = s.bytes().map(|b| if plain(b) { 1 } else { 3 }).sum();
            prop_assert_eq!(e.len(), want);
            for (i, _) in e.match_indices('%') {
                let hex = &e.as_bytes()[i + 1..i + 3];
                prop_assert!(hex.iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)), "{}", e);
            }
            prop_assert_eq!(crate::links::percent_decode(&e), Some(s));
        }
    }

    #[test]
    fn share_links_carry_the_encoded_address() {
        let l = links(
            "https://ex.org/r/fiches/a/",
            "L'été & nous",
            "Un résumé.",
            Lang::Fr,
        );
        let hrefs: Vec<&str> = l.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fex.org%2Fr%2Ffiches%2Fa%2F",
                "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fex.org%2Fr%2Ffiches%2Fa%2F",
                "https://wa.me/?text=L%27%C3%A9t%C3%A9%20%26%20nous%20https%3A%2F%2Fex.org%2Fr%2Ffiches%2Fa%2F",
                "https://bsky.app/intent/compose?text=L%27%C3%A9t%C3%A9%20%26%20nous%20https%3A%2F%2Fex.org%2Fr%2Ffiches%2Fa%2F",
                "mailto:?subject=L%27%C3%A9t%C3%A9%20%26%20nous&body=Un%20r%C3%A9sum%C3%A9.%0A%0Ahttps%3A%2F%2Fex.org%2Fr%2Ffiches%2Fa%2F",
            ]
        );
    }
}
