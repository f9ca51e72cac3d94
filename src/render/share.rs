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
pub(super) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
