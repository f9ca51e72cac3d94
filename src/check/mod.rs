//! Checks that need more than one fiche's front matter: addresses shared by two
//! fiches or two published files, cover images, the sections a variant expects, and
//! the terms fiches use.

pub mod addresses;
pub mod images;
pub mod network;
pub mod placeholders;
pub mod podcast;
pub mod sections;
pub mod slugs;
pub mod terms;
