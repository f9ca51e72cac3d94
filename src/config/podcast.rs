//! `[podcast]`: what podcast directories (Apple Podcasts, Spotify, Podcast Index)
//! ask of the feed beyond the site's title: its artwork, its owner's e-mail, its
//! author, its category.

use crate::fields::{Local, Reader, Value};
use crate::schema;
use crate::span::FileSpan;

const KEYS: [&str; 5] = ["image", "email", "author", "category", "explicit"];

/// Apple Podcasts' top-level categories, as the feed writes them.
pub const CATEGORIES: [&str; 19] = [
    "Arts",
    "Business",
    "Comedy",
    "Education",
    "Fiction",
    "Government",
    "Health & Fitness",
    "History",
    "Kids & Family",
    "Leisure",
    "Music",
    "News",
    "Religion & Spirituality",
    "Science",
    "Society & Culture",
    "Sports",
    "Technology",
    "True Crime",
    "TV & Film",
];

#[derive(Clone, Debug)]
pub struct Podcast {
    /// A file of the site (from `static/`), as a path from the site's root.
    pub image: Option<String>,
    /// Where `image` is written in `fiches.toml`.
    pub image_span: FileSpan,
    /// The owner's address, which directories use to confirm the podcast is theirs.
    pub email: Option<String>,
    pub author: Option<String>,
    pub category: &'static str,
    pub explicit: bool,
}

impl Default for Podcast {
    fn default() -> Self {
        Podcast {
            image: None,
            image_span: FileSpan::default(),
            email: None,
            author: None,
            category: "Society & Culture",
            explicit: false,
        }
    }
}

pub(super) fn read(r: &mut Reader, value: &Value) -> Podcast {
    let lang = r.lang;
    let mut out = Podcast::default();
    let Some(t) = r.table("podcast", value) else {
        return out;
    };
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "image" => {
                out.image = r
                    .nonempty_string("image", v)
                    .map(|l| l.trim().trim_start_matches('/').to_string());
                out.image_span = r.in_file(v.local());
            }
            "email" => {
                let email = r.nonempty_string("email", v);
                if email.as_deref().is_some_and(|e| !schema::is_email(e)) {
                    r.error(
                        v.local(),
                        lang.pick(
                            "`email` du podcast doit être une adresse e-mail",
                            "the podcast's `email` must be an e-mail address",
                        ),
                        Some(lang.pick(
                            "par exemple : email = \"podcast@reseau.exemple.org\"",
                            "for example: email = \"podcast@network.example.org\"",
                        )),
                    );
                } else {
                    out.email = email.map(|e| e.trim().to_string());
                }
            }
            "author" => out.author = r.nonempty_string("author", v),
            "category" => {
                let Some(c) = r.nonempty_string("category", v) else {
                    continue;
                };
                match CATEGORIES.iter().find(|k| k.eq_ignore_ascii_case(c.trim())) {
                    Some(k) => out.category = k,
                    None => r.unknown_value(
                        v.local(),
                        &c,
                        &CATEGORIES,
                        &lang.pick(
                            "pour la catégorie du podcast (celles d'Apple Podcasts)",
                            "for the podcast's category (Apple Podcasts' ones)",
                        ),
                    ),
                }
            }
            "explicit" => {
                if let Some(b) = r.bool("explicit", v) {
                    out.explicit = b;
                }
            }
            other => r.unknown_key(
                k.local(),
                other,
                &KEYS,
                &lang.pick("dans [podcast]", "in [podcast]"),
            ),
        }
    }
    out
}
