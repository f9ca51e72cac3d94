//! `fiches`: a static site generator for experience sheets ("fiches expérience").
//!
//! The pipeline runs one way (see ARCHITECTURE.md): [`sources`] reads the disk once;
//! [`project::Project::assemble`] turns the sources into a configuration, fiches, a
//! [`site::Site`] and pages rendered in memory ([`render`], planned by [`paths`]);
//! [`output`], the only writer, publishes them. The library never prints and never
//! exits.

// Diagnostics are built on the cold path only; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod agenda;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod cut;
pub mod diagnostic;
pub mod embedded;
pub mod escape;
pub mod export;
pub mod fiche;
pub mod fields;
pub mod hash;
pub mod lang;
pub mod links;
pub mod map;
pub mod markdown;
pub mod media;
pub mod output;
pub mod packed;
pub mod partners;
pub mod paths;
pub mod photos;
pub mod places;
pub mod project;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod sources;
pub mod span;
pub mod testpoint;
pub mod theme;

pub use commands::{BuildOptions, Built, Report, build, check, check_in, render_one};
pub use diagnostic::{Diagnostic, Severity};
pub use lang::Lang;
pub use scaffold::{Forge, add_forge, init, new_fiche};
