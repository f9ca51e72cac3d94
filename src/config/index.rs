//! Lookups by name in a site's settings — each field by key, each variant by name,
//! the fields each variant carries and in which order — made once when
//! `fiches.toml` is read, so that a fiche's key costs the same with ten declared
//! fields or ten thousand.

use std::collections::HashMap;

use super::Config;
use crate::schema::{Field, Variant};

#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// Position of each field in `Config::fields`, by key (the first, as a search
    /// from the start would find).
    fields: HashMap<String, usize>,
    /// Position of each variant in `Config::variants`, by name.
    variants: HashMap<String, usize>,
    /// For each variant, in order: each field it carries, with its place in the
    /// variant's own list (`fields`, then `required_fields`, each key once).
    carried: Vec<HashMap<String, usize>>,
}

impl Index {
    pub(super) fn new(fields: &[Field], variants: &[Variant]) -> Index {
        let mut by_key = HashMap::with_capacity(fields.len());
        for (i, f) in fields.iter().enumerate() {
            by_key.entry(f.key.clone()).or_insert(i);
        }
        let mut by_name = HashMap::with_capacity(variants.len());
        for (i, v) in variants.iter().enumerate() {
            by_name.entry(v.name.clone()).or_insert(i);
        }
        let carried = variants
            .iter()
            .map(|v| {
                let mut places = HashMap::new();
                for key in v.fields.iter().chain(&v.required_fields) {
                    let next = places.len();
                    places.entry(key.clone()).or_insert(next);
                }
                places
            })
            .collect();
        Index {
            fields: by_key,
            variants: by_name,
            carried,
        }
    }

    pub(super) fn field(&self, key: &str) -> Option<usize> {
        self.fields.get(key).copied()
    }

    pub(super) fn variant(&self, name: &str) -> Option<usize> {
        self.variants.get(name).copied()
    }

    /// The place of `key` in the own list of the variant at `variant`; `None` when
    /// the variant does not carry it. `Err` when the index does not know the variant.
    pub(super) fn place(&self, variant: usize, key: &str) -> Result<Option<usize>, ()> {
        self.carried
            .get(variant)
            .map(|places| places.get(key).copied())
            .ok_or(())
    }
}

/// One of a site's variants, found by name once (as a fiche is read): its place in
/// [`Config::variants`], valid for the configuration that gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VariantId(usize);

impl VariantId {
    /// Its place in [`Config::variants`].
    pub fn index(self) -> usize {
        self.0
    }
}

impl Config {
    /// The variant named `name`, as a handle to keep.
    pub fn variant_id(&self, name: &str) -> Option<VariantId> {
        let i = self.index.variant(name)?;
        self.variants
            .get(i)
            .filter(|v| v.name == name)
            .map(|_| VariantId(i))
    }

    /// The variant `id` stands for.
    pub fn variant_at(&self, id: VariantId) -> Option<&Variant> {
        self.variants.get(id.0)
    }

    /// The place of `key` among the fields `variant` carries (in the order its
    /// declaration lists them), or `None` when it does not carry it.
    pub fn carried_at(&self, variant: &Variant, key: &str) -> Option<usize> {
        // This site's variant of that name (the one `variant` is, when it came from here).
        let found = self
            .index
            .variant(&variant.name)
            .map(|i| self.index.place(i, key));
        match found {
            Some(Ok(place)) => place,
            // A variant made elsewhere: its lists are read as they are.
            _ => variant.own_fields().iter().position(|&f| f == key),
        }
    }

    /// Whether fiches of `variant` may carry `key` (one of the specific fields).
    pub fn carries(&self, variant: &Variant, key: &str) -> bool {
        self.carried_at(variant, key).is_some()
    }

    /// The declared fields among `keys` in the order a fiche's page shows them: those
    /// `variant` lists, in its order, then the others in the order of `fiches.toml`.
    pub fn shown_fields<'a>(
        &'a self,
        variant: Option<&Variant>,
        keys: impl Iterator<Item = &'a str>,
    ) -> Vec<&'a Field> {
        let mut found: Vec<((bool, usize), &Field)> = keys
            .filter_map(|k| {
                let at = self.index.field(k)?;
                let d = self.fields.get(at).filter(|d| !d.builtin && d.key == k)?;
                let rank = match variant.and_then(|v| self.carried_at(v, k)) {
                    Some(place) => (false, place),
                    None => (true, at),
                };
                Some((rank, d))
            })
            .collect();
        found.sort_by_key(|&(rank, _)| rank);
        found.into_iter().map(|(_, d)| d).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let toml = "title = \"t\"\n\
            [fields.a]\ntype = \"text\"\n[fields.b]\ntype = \"text\"\n\
            [fields.c]\ntype = \"list\"\n[fields.d]\ntype = \"text\"\n\
            [variants.factual]\nfields = [\"c\", \"a\", \"period\"]\n\
            required_fields = [\"a\", \"d\"]\n";
        let (cfg, diags) = super::super::parse(toml);
        assert!(diags.is_empty(), "{diags:?}");
        cfg.unwrap()
    }

    #[test]
    fn fields_and_variants_are_found_by_name() {
        let cfg = config();
        assert_eq!(cfg.field("c").map(|f| f.key.as_str()), Some("c"));
        assert_eq!(cfg.field("title").map(|f| f.builtin), Some(true));
        assert!(cfg.field("zzz").is_none());
        let v = cfg.variant("factual").unwrap();
        assert_eq!(v.name, "factual");
        assert!(cfg.variant("nope").is_none());
        let id = cfg.variant_id("storytelling").unwrap();
        assert_eq!(
            cfg.variant_at(id).map(|v| v.name.as_str()),
            Some("storytelling")
        );
        assert_eq!(cfg.variants[id.index()].name, "storytelling");
        assert!(cfg.variant_id("nope").is_none());
        // Its own list, each key once, in the order of its declaration.
        for (key, place) in [("c", 0), ("a", 1), ("period", 2), ("d", 3)] {
            assert_eq!(cfg.carried_at(v, key), Some(place), "{key}");
        }
        assert!(!cfg.carries(v, "b"));
        let story = cfg.variant("storytelling").unwrap();
        assert!(cfg.carries(story, "testimonies") && !cfg.carries(story, "a"));
    }

    #[test]
    fn a_page_shows_the_variant_s_fields_first_then_the_declaration_order() {
        let cfg = config();
        let keys = ["title", "d", "b", "a", "unknown", "c", "period"];
        let shown = |v: Option<&Variant>| -> Vec<String> {
            cfg.shown_fields(v, keys.into_iter())
                .iter()
                .map(|f| f.key.clone())
                .collect()
        };
        // Built-in fields (title, period) are shown elsewhere on the page.
        assert_eq!(shown(cfg.variant("factual")), ["c", "a", "d", "b"]);
        assert_eq!(shown(cfg.variant("storytelling")), ["a", "b", "c", "d"]);
        assert_eq!(shown(None), ["a", "b", "c", "d"]);
    }
}
