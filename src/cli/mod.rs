//! The command line in one language: chosen once (the site's, else the user's locale,
//! else French), with clap's help and errors written by us in it.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::PathBuf;

use clap::Command;

use crate::lang::Lang;

mod errors;
mod help;

pub use errors::parse;
pub use help::localize;

/// The language of every message of this run: `init --language`, else the `language`
/// of the site the command works on (French when it says none), else — no site, or a
/// `fiches.toml` that cannot be read far enough to say — the user's ([`user_language`]).
/// `cmd` is the command line's shape, which says the options that take a value.
pub fn language(cmd: &Command, args: &[OsString], locale: &[Option<String>]) -> Lang {
    let args: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let value_of = |name: &str| {
        args.iter().enumerate().find_map(|(i, a)| {
            a.strip_prefix(&format!("{name}="))
                .map(str::to_string)
                .or_else(|| (a == name).then(|| args.get(i + 1).cloned()).flatten())
        })
    };
    if let Some(lang) = value_of("--language").and_then(|c| Lang::from_code(&c)) {
        return lang;
    }
    let user = user_language(locale);
    if let Some(site) = site_dir(&args, value_of("--site"), &with_value(cmd))
        && let Ok(text) = crate::sources::read_config(&site, user)
    {
        return crate::config::written_language(&text).or_locale(user);
    }
    user
}

/// The user's language: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set
/// (`locale`, in that order), else French.
pub fn user_language(locale: &[Option<String>]) -> Lang {
    locale
        .iter()
        .flatten()
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::from_code(v.get(..2).unwrap_or("")))
        .unwrap_or(Lang::Fr)
}

/// The options of `cmd` and its subcommands that take a value (`-o`, `--output`),
/// as clap knows them: what follows one is its value, not a folder.
fn with_value(cmd: &Command) -> HashSet<String> {
    let mut out = HashSet::new();
    for sub in std::iter::once(cmd).chain(cmd.get_subcommands()) {
        let options = (sub.get_arguments()).filter(|a| !a.is_positional());
        for arg in options.filter(|a| a.get_action().takes_values()) {
            out.extend(arg.get_long().map(|l| format!("--{l}")));
            out.extend(arg.get_short().map(|s| format!("-{s}")));
        }
    }
    out
}

/// The site folder a command names: `--site` for `new`, the first free argument
/// after `serve`, `check` or `build`, else the current folder. `None` for `init`.
/// `with_value`: the options whose next argument is their value.
fn site_dir(
    args: &[String],
    site: Option<String>,
    with_value: &HashSet<String>,
) -> Option<PathBuf> {
    let mut free = args.iter().enumerate().filter(|(i, a)| {
        let value_of_option = *i > 0 && with_value.contains(args[i - 1].as_str());
        !a.starts_with('-') && !value_of_option
    });
    let (_, sub) = free.next()?;
    match sub.as_str() {
        "init" => None,
        "new" => Some(PathBuf::from(site.unwrap_or_else(|| ".".into()))),
        _ => Some(
            free.next()
                .map_or_else(|| PathBuf::from("."), |(_, a)| PathBuf::from(a)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("fiches")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// A command line shaped like the binary's: free arguments, flags, and options
    /// that take a value.
    fn shape() -> Command {
        use clap::{Arg, ArgAction};
        let free = |name: &'static str| Arg::new(name);
        let value = |name: &'static str| Arg::new(name).long(name);
        let flag = |name: &'static str| Arg::new(name).long(name).action(ArgAction::SetTrue);
        Command::new("fiches")
            .subcommand(Command::new("init").arg(free("dir")).arg(value("language")))
            .subcommand(
                Command::new("new")
                    .args([free("title"), value("variant"), value("site")])
                    .arg(flag("bundle")),
            )
            .subcommand(
                Command::new("serve")
                    .args([free("site_dir"), value("port"), value("bind")])
                    .args([flag("drafts"), flag("open")]),
            )
            .subcommand(
                Command::new("build")
                    .args([free("site_dir"), value("output").short('o')])
                    .args([value("base-url"), flag("drafts")]),
            )
    }

    #[test]
    fn the_site_a_command_names() {
        let with_value = with_value(&shape());
        let dir = |l: &[&str], site: Option<&str>| {
            site_dir(&strings(l), site.map(String::from), &with_value)
        };
        assert_eq!(dir(&["build"], None), Some(".".into()));
        assert_eq!(
            dir(&["build", "-o", "out", "site"], None),
            Some("site".into())
        );
        assert_eq!(
            dir(&["serve", "--port", "0", "s", "--open"], None),
            Some("s".into())
        );
        assert_eq!(
            dir(&["new", "Titre", "--variant", "récit"], Some("s")),
            Some("s".into())
        );
        assert_eq!(dir(&["new", "Titre"], None), Some(".".into()));
        assert_eq!(dir(&["init", "x"], None), None);
        // Flags take no value: what follows is the folder.
        assert_eq!(dir(&["serve", "--open", "s"], None), Some("s".into()));
        assert_eq!(
            dir(&["build", "--base-url", "https://e.org/", "s"], None),
            Some("s".into())
        );
    }

    #[test]
    fn the_language_falls_back_on_the_locale_then_french() {
        let none = "/nonexistent/fiches-site";
        let en = [None, None, Some("en_GB.UTF-8".to_string())];
        assert_eq!(language(&shape(), &args(&["check", none]), &en), Lang::En);
        // LC_ALL comes first, an empty variable does not count.
        let first = [
            Some(String::new()),
            Some("fr_CH".into()),
            Some("en_US".into()),
        ];
        assert_eq!(
            language(&shape(), &args(&["check", none]), &first),
            Lang::Fr
        );
        assert_eq!(
            language(&shape(), &args(&["check", none]), &[Some("de_DE".into())]),
            Lang::Fr
        );
        assert_eq!(
            language(&shape(), &args(&["check", none]), &[None, None, None]),
            Lang::Fr
        );
        // init says its language.
        assert_eq!(
            language(&shape(), &args(&["init", "x", "--language", "en"]), &[]),
            Lang::En
        );
        assert_eq!(
            language(&shape(), &args(&["init", "x", "--language=fr"]), &en),
            Lang::Fr
        );
    }
}
