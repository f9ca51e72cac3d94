//! The command line in one language: chosen once (the site's, else the user's locale,
//! else French), with clap's help and errors written by us in it.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::lang::Lang;

/// Options of the subcommands that take a value (so the value is not a folder).
const WITH_VALUE: [&str; 7] = [
    "-o",
    "--output",
    "--port",
    "--bind",
    "--format",
    "--site",
    "--variant",
];

/// The language of every message of this run: `init --language`, else the `language`
/// of the site the command works on, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
/// that is set (`locale`, in that order), else French.
pub fn language(args: &[OsString], locale: &[Option<String>]) -> Lang {
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
    if let Some(site) = site_dir(&args, value_of("--site"))
        && let Ok(text) = crate::sources::read_config(&site)
    {
        return crate::config::sniff_language(&text);
    }
    locale
        .iter()
        .flatten()
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::from_code(v.get(..2).unwrap_or("")))
        .unwrap_or(Lang::Fr)
}

/// The site folder a command names: `--site` for `new`, the first free argument
/// after `serve`, `check` or `build`, else the current folder. `None` for `init`.
fn site_dir(args: &[String], site: Option<String>) -> Option<PathBuf> {
    let mut free = args.iter().enumerate().filter(|(i, a)| {
        !a.starts_with('-') && !(*i > 0 && WITH_VALUE.contains(&args[i - 1].as_str()))
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

/// What a subcommand and its arguments say, in each language: (subcommand, argument
/// id or "" for the command itself, French, English, and the value's name or the
/// usage line, French and English split by `¦`).
type Text = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);
const TEXTS: &[Text] = &[
    (
        "",
        "",
        "Publier des fiches expérience",
        "Publish experience sheets",
        "",
    ),
    (
        "init",
        "",
        "Crée un nouveau site prêt à construire",
        "Create a new site, ready to build",
        "fiches init DOSSIER [--language fr|en]¦fiches init FOLDER [--language fr|en]",
    ),
    (
        "init",
        "dir",
        "Dossier du nouveau site",
        "Folder of the new site",
        "DOSSIER¦FOLDER",
    ),
    (
        "init",
        "language",
        "Langue du site : fr ou en (par défaut : fr)",
        "Language of the site: fr or en (default: fr)",
        "LANGUE¦LANGUAGE",
    ),
    (
        "new",
        "",
        "Crée une nouvelle fiche à compléter (un brouillon)",
        "Create a new fiche to fill in (a draft)",
        "fiches new \"TITRE\" --variant VARIANTE [--site DOSSIER] [--bundle]¦fiches new \"TITLE\" --variant KIND [--site FOLDER] [--bundle]",
    ),
    (
        "new",
        "title",
        "Titre de la fiche",
        "Title of the fiche",
        "TITRE¦TITLE",
    ),
    (
        "new",
        "variant",
        "Type de fiche : factuelle (factual), récit (storytelling), ou une variante du site",
        "Kind of fiche: factual, storytelling, or one of the site's",
        "VARIANTE¦KIND",
    ),
    (
        "new",
        "site",
        "Dossier du site (par défaut : le dossier courant)",
        "The site's folder (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "new",
        "bundle",
        "Créer un dossier pour ranger images et documents avec la fiche",
        "Make a folder to keep images and documents with the fiche",
        "",
    ),
    (
        "serve",
        "",
        "Montre le site dans le navigateur et le recharge à chaque enregistrement",
        "Show the site in the browser, reloading it on every save",
        "fiches serve [DOSSIER] [--open] [--drafts] [--port N] [--bind ADRESSE]¦fiches serve [FOLDER] [--open] [--drafts] [--port N] [--bind ADDRESS]",
    ),
    (
        "serve",
        "site_dir",
        "Dossier du site (par défaut : le dossier courant)",
        "The site's folder (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "serve",
        "port",
        "Port (par défaut : 1111 ; 0 : n'importe quel port libre)",
        "Port (default: 1111; 0: any free port)",
        "N¦N",
    ),
    (
        "serve",
        "bind",
        "Adresse d'écoute (par défaut : 127.0.0.1, cet ordinateur seulement)",
        "Address to listen on (default: 127.0.0.1, this computer only)",
        "ADRESSE¦ADDRESS",
    ),
    (
        "serve",
        "drafts",
        "Montrer aussi les brouillons",
        "Show drafts too",
        "",
    ),
    (
        "serve",
        "open",
        "Ouvrir le site dans le navigateur",
        "Open the site in the browser",
        "",
    ),
    (
        "check",
        "",
        "Vérifie tout le site sans rien écrire",
        "Check the whole site without writing anything",
        "fiches check [DOSSIER] [--format human|json]¦fiches check [FOLDER] [--format human|json]",
    ),
    (
        "check",
        "site_dir",
        "Dossier du site, qui contient fiches.toml (par défaut : le dossier courant)",
        "The site's folder, holding fiches.toml (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "check",
        "format",
        "Format des messages : human ou json (par défaut : human)",
        "Format of the messages: human or json (default: human)",
        "FORMAT¦FORMAT",
    ),
    (
        "build",
        "",
        "Construit le site à publier (dans DOSSIER/public)",
        "Build the site to publish (in FOLDER/public)",
        "fiches build [DOSSIER] [-o SORTIE] [--drafts] [--force]¦fiches build [FOLDER] [-o OUTPUT] [--drafts] [--force]",
    ),
    (
        "build",
        "site_dir",
        "Dossier du site, qui contient fiches.toml (par défaut : le dossier courant)",
        "The site's folder, holding fiches.toml (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "build",
        "output",
        "Dossier de sortie (par défaut : DOSSIER/public)",
        "Output folder (default: FOLDER/public)",
        "SORTIE¦OUTPUT",
    ),
    (
        "build",
        "drafts",
        "Inclure les brouillons",
        "Include drafts",
        "",
    ),
    (
        "build",
        "force",
        "Remplacer un dossier de sortie qui ne vient pas de fiches",
        "Replace an output folder fiches did not write",
        "",
    ),
];

/// `cmd` (the command line as the binary declares it) with every text in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let pick = |fr: &'static str, en: &'static str| if lang == Lang::Fr { fr } else { en };
    let half = |both: &'static str| {
        let (fr, en) = both.split_once('¦').unwrap_or((both, both));
        pick(fr, en)
    };
    let words = move |c: Command, sub: &str| -> Command {
        let mut c = c
            .help_template(pick(
                "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}\n",
                "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}\n",
            ))
            .disable_help_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help(pick("Afficher cette aide", "Show this help")),
            );
        for &(s, id, fr, en, names) in TEXTS.iter().filter(|t| t.0 == sub) {
            if id.is_empty() {
                c = c.about(pick(fr, en));
                if !names.is_empty() {
                    c = c.override_usage(half(names));
                }
                continue;
            }
            let _ = s;
            c = c.mut_arg(id, |a| {
                // Defaults and values are told in our words, in the help itself.
                let a = a.help(pick(fr, en));
                let a = if a.get_action().takes_values() {
                    a.hide_default_value(true).hide_possible_values(true)
                } else {
                    a
                };
                if names.is_empty() {
                    a
                } else {
                    a.value_name(half(names))
                }
            });
        }
        c
    };
    let mut cmd = words(cmd, "")
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .subcommand_help_heading(pick("Commandes", "Commands"))
        .subcommand_value_name(pick("COMMANDE", "COMMAND"))
        .override_usage(pick(
            "fiches COMMANDE [OPTIONS]",
            "fiches COMMAND [OPTIONS]",
        ))
        .after_help(pick(
            "\nPour l'aide d'une commande : fiches COMMANDE --help",
            "\nFor a command's help: fiches COMMAND --help",
        ))
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(pick("Afficher la version", "Show the version")),
        );
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(&sub, |c| words(c, &sub));
    }
    cmd
}

/// Parses `args` with `cmd`; when it cannot, the text to print and the exit code:
/// the help or the version (0), or what is wrong with the command, in `lang` (2).
pub fn parse(cmd: Command, args: &[OsString], lang: Lang) -> Result<ArgMatches, (String, u8)> {
    let e = match cmd.clone().try_get_matches_from(args) {
        Ok(m) => return Ok(m),
        Err(e) => e,
    };
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let quoted = |s: String| lang.pick(format!("« {s} »"), format!("`{s}`"));
    let (message, hint) = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return Err((e.render().to_string(), 0));
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            return Err((e.render().to_string(), 2));
        }
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
                    "commandes : init, new, serve, check, build",
                    "commands: init, new, serve, check, build",
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
                    "un texte qui contient des espaces s'écrit entre guillemets : \"Mon titre\"",
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
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => (
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
                v if v.is_empty() => lang.pick(
                    "pour --port, un nombre entre 0 et 65535",
                    "for --port, a number between 0 and 65535",
                ),
                v => lang.pick(
                    format!("valeurs possibles : {v}"),
                    format!("possible values: {v}"),
                ),
            },
        ),
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
    };
    let mut usage = text(ContextKind::Usage);
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
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim_start_matches("Utilisation :")
        .trim();
    let out = lang.pick(
        format!("erreur : {message}\n  = conseil : {hint}\n\nUtilisation : {usage}\nPour l'aide : fiches --help\n"),
        format!("error: {message}\n  = hint: {hint}\n\nUsage: {usage}\nFor help: fiches --help\n"),
    );
    Err((out, 2))
}

fn suggestion(s: &str, lang: Lang) -> Option<String> {
    (!s.is_empty()).then(|| {
        lang.pick(
            format!("vouliez-vous dire « {s} » ?"),
            format!("did you mean `{s}`?"),
        )
    })
}
