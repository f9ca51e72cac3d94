//! What clap finds wrong in a command line, said by us in the run's language.

use std::ffi::OsString;

use clap::ArgMatches;
use clap::Command;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::lang::Lang;

/// Parses `args` with `cmd`; when it cannot, the text to print and the exit code:
/// the help or the version (0), or what is wrong with the command, in `lang` (2).
pub fn parse(cmd: Command, args: &[OsString], lang: Lang) -> Result<ArgMatches, (String, u8)> {
    let args = &help_word(args);
    let e = match cmd.clone().try_get_matches_from(args) {
        Ok(m) => return Ok(m),
        Err(e) => e,
    };
    let (message, hint) = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return Err((headings(&e.render().to_string(), lang), 0));
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            return Err((e.render().to_string(), 2));
        }
        _ => said(&e, lang),
    };
    let usage = usage(&cmd, args, &e);
    let out = lang.pick(
        format!("erreur\u{a0}: {message}\n  conseil\u{a0}: {hint}\n\nUtilisation\u{a0}: {usage}\nPour l'aide\u{a0}: fiches --help\n"),
        format!("error: {message}\n  hint: {hint}\n\nUsage: {usage}\nFor help: fiches --help\n"),
    );
    Err((out, 2))
}

/// What is wrong with the command line, and how to write it: message and hint.
fn said(e: &clap::Error, lang: Lang) -> (String, String) {
    let text = |k: ContextKind| text(e, k);
    let quoted = |s: String| quoted(s, lang);
    match e.kind() {
        ErrorKind::InvalidSubcommand => (
            lang.pick(
                format!(
                    "{} n'est pas une commande de fiches",
                    quoted(text(ContextKind::InvalidSubcommand))
                ),
                format!(
                    "{} is not a command of fiches",
                    quoted(text(ContextKind::InvalidSubcommand))
                ),
            ),
            suggestion(&text(ContextKind::SuggestedSubcommand), lang).unwrap_or_else(|| {
                lang.pick(
                    "commandes\u{a0}: init, new, serve, check, build, forge",
                    "commands: init, new, serve, check, build, forge",
                )
            }),
        ),
        ErrorKind::UnknownArgument => (
            lang.pick(
                format!(
                    "{} n'est pas une option de cette commande",
                    quoted(text(ContextKind::InvalidArg))
                ),
                format!(
                    "{} is not an option of this command",
                    quoted(text(ContextKind::InvalidArg))
                ),
            ),
            suggestion(&text(ContextKind::SuggestedArg), lang).unwrap_or_else(|| {
                lang.pick(
                    "un texte qui contient des espaces s'écrit entre guillemets\u{a0}: \"Mon titre\"",
                    "a text holding spaces goes between quotes: \"My title\"",
                )
            }),
        ),
        ErrorKind::MissingRequiredArgument => (
            lang.pick(
                format!("il manque {}", text(ContextKind::InvalidArg)),
                format!("missing: {}", text(ContextKind::InvalidArg)),
            ),
            lang.pick(
                "la ligne d'utilisation ci-dessous montre ce qu'il faut écrire",
                "the usage line below shows what to write",
            ),
        ),
        // An option given without its value (`-o` last): clap reports an empty value.
        ErrorKind::InvalidValue if text(ContextKind::InvalidValue).is_empty() => {
            missing_value(&text(ContextKind::InvalidArg), lang)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => bad_value(e, lang),
        _ => (
            lang.pick(
                "cette commande n'est pas écrite correctement",
                "this command is not written correctly",
            ),
            lang.pick(
                "fiches --help montre les commandes et leurs options",
                "fiches --help shows the commands and their options",
            ),
        ),
    }
}

/// An option given without its value: message and hint.
fn missing_value(option: &str, lang: Lang) -> (String, String) {
    (
        lang.pick(
            format!("il manque la valeur de {option}"),
            format!("{option} needs a value"),
        ),
        lang.pick(
            format!(
                "écrivez-la juste après, par exemple\u{a0}: {}",
                example(option, lang)
            ),
            format!(
                "write it right after, for example: {}",
                example(option, lang)
            ),
        ),
    )
}

/// A value that does not fit its option: message and hint (the values it takes).
fn bad_value(e: &clap::Error, lang: Lang) -> (String, String) {
    let text = |k: ContextKind| text(e, k);
    let quoted = |s: String| quoted(s, lang);
    (
        lang.pick(
            format!(
                "{} ne convient pas pour {}",
                quoted(text(ContextKind::InvalidValue)),
                text(ContextKind::InvalidArg)
            ),
            format!(
                "{} does not fit {}",
                quoted(text(ContextKind::InvalidValue)),
                text(ContextKind::InvalidArg)
            ),
        ),
        match text(ContextKind::ValidValue) {
            v if v.is_empty() && text(ContextKind::InvalidArg).starts_with("--port") => lang
                .pick(
                    "pour --port, un nombre entre 0 et 65535",
                    "for --port, a number between 0 and 65535",
                )
                .to_string(),
            v if v.is_empty() => lang
                .pick(
                    "la ligne d'utilisation ci-dessous montre ce qu'il faut écrire",
                    "the usage line below shows what to write",
                )
                .to_string(),
            v => lang.pick(
                format!("valeurs possibles\u{a0}: {v}"),
                format!("possible values: {v}"),
            ),
        },
    )
}

/// The usage line of the command: clap's, or when it gives none, the one of the
/// subcommand named, or the root's.
fn usage(cmd: &Command, args: &[OsString], e: &clap::Error) -> String {
    let mut usage = text(e, ContextKind::Usage);
    if usage.trim().is_empty() {
        // Some errors carry no usage: the one of the subcommand named, or the root's.
        let named = args
            .iter()
            .skip(1)
            .find_map(|a| cmd.find_subcommand(a.to_string_lossy().as_ref()));
        usage = named
            .cloned()
            .unwrap_or_else(|| cmd.clone())
            .render_usage()
            .to_string();
    }
    usage
        .trim()
        .trim_start_matches("Usage:")
        .trim_start_matches("Utilisation\u{a0}:")
        .trim()
        .to_string()
}

/// A piece of what clap found, as text ("" when it has none).
fn text(e: &clap::Error, k: ContextKind) -> String {
    match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A name written as typed, in the language's quotes.
fn quoted(s: String, lang: Lang) -> String {
    lang.pick(format!("«\u{a0}{s}\u{a0}»"), format!("`{s}`"))
}

fn suggestion(s: &str, lang: Lang) -> Option<String> {
    (!s.is_empty()).then(|| {
        lang.pick(
            format!("vouliez-vous dire «\u{a0}{s}\u{a0}»\u{a0}?"),
            format!("did you mean `{s}`?"),
        )
    })
}

/// `--output <SORTIE>` as it is written with a value: `-o public` style examples for
/// the options authors use, the option and its value's name for the others.
fn example(option: &str, lang: Lang) -> String {
    let (name, value) = option.split_once(' ').unwrap_or((option, ""));
    let value = value.trim_matches(['<', '>']);
    match name {
        "--output" => lang.pick("-o public", "-o public").to_string(),
        "--port" => "--port 8080".to_string(),
        "--variant" => lang
            .pick("--variant récit", "--variant storytelling")
            .to_string(),
        "--site" => lang.pick("--site mon-site", "--site my-site").to_string(),
        _ => format!("{name} {value}"),
    }
}

/// `fiches help [COMMAND]`, as people write it, read as `fiches [COMMAND] --help`.
fn help_word(args: &[OsString]) -> Vec<OsString> {
    match args.get(1) {
        Some(word) if word == "help" => {
            let mut out: Vec<OsString> = args.iter().take(1).cloned().collect();
            out.extend(args.iter().skip(2).take(1).cloned());
            out.push("--help".into());
            out
        }
        _ => args.to_vec(),
    }
}

/// clap's help headings (`Options:`) with French typography in French.
fn headings(help: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => ["Commandes", "Options", "Arguments"]
            .iter()
            .fold(help.to_string(), |h, name| {
                h.replace(&format!("{name}:"), &format!("{name}\u{a0}:"))
            }),
        Lang::En => help.to_string(),
    }
}
