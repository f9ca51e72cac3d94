//! The help of every command, in the run's language: clap's texts replaced by ours.

use clap::{Arg, ArgAction, Command};

use crate::lang::Lang;

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
        "fiches init DOSSIER [--language fr|en] [--forge github|gitlab|forgejo]¦fiches init FOLDER [--language fr|en] [--forge github|gitlab|forgejo]",
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
        "Langue du site\u{a0}: fr ou en (par défaut\u{a0}: fr)",
        "Language of the site: fr or en (default: fr)",
        "LANGUE¦LANGUAGE",
    ),
    (
        "init",
        "forge",
        "Écrire aussi l'intégration continue de la forge\u{a0}: github, gitlab ou forgejo",
        "Also write the CI of the forge: github, gitlab or forgejo",
        "FORGE¦FORGE",
    ),
    (
        "new",
        "",
        "Crée une nouvelle fiche à compléter (un brouillon)",
        "Create a new sheet to fill in (a draft)",
        "fiches new \"TITRE\" --variant VARIANTE [--site DOSSIER] [--bundle]¦fiches new \"TITLE\" --variant KIND [--site FOLDER] [--bundle]",
    ),
    (
        "new",
        "title",
        "Titre de la fiche",
        "Title of the sheet",
        "TITRE¦TITLE",
    ),
    (
        "new",
        "variant",
        "Type de fiche\u{a0}: factuelle (factual), récit (storytelling), événement (event), ou une variante du site",
        "Kind of sheet: factual, storytelling, event, or one of the site's",
        "VARIANTE¦KIND",
    ),
    (
        "new",
        "site",
        "Dossier du site (par défaut\u{a0}: le dossier courant)",
        "The site's folder (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "new",
        "bundle",
        "Créer un dossier pour ranger images et documents avec la fiche",
        "Make a folder to keep images and documents with the sheet",
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
        "Dossier du site (par défaut\u{a0}: le dossier courant)",
        "The site's folder (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "serve",
        "port",
        "Port (par défaut\u{a0}: 1111\u{a0}; 0\u{a0}: n'importe quel port libre)",
        "Port (default: 1111; 0: any free port)",
        "N¦N",
    ),
    (
        "serve",
        "bind",
        "Adresse d'écoute (par défaut\u{a0}: 127.0.0.1, cet ordinateur seulement)",
        "Address to listen on (default: 127.0.0.1, this computer only)",
        "ADRESSE¦ADDRESS",
    ),
    (
        "serve",
        "drafts",
        "Sans effet\u{a0}: serve montre toujours les brouillons, marqués «\u{a0}Brouillon\u{a0}»",
        "No effect: serve always shows drafts, marked \"Draft\"",
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
        "fiches check [DOSSIER] [--format human|json|github|gitlab]¦fiches check [FOLDER] [--format human|json|github|gitlab]",
    ),
    (
        "check",
        "site_dir",
        "Dossier du site, qui contient fiches.toml (par défaut\u{a0}: le dossier courant)",
        "The site's folder, holding fiches.toml (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "check",
        "format",
        "Format des messages\u{a0}: human, json, github (annotations GitHub et Forgejo) ou gitlab (rapport Code Quality)\u{a0}; par défaut\u{a0}: human",
        "Format of the messages: human, json, github (GitHub and Forgejo annotations) or gitlab (Code Quality report); default: human",
        "FORMAT¦FORMAT",
    ),
    (
        "build",
        "",
        "Construit le site à publier (dans DOSSIER/public)",
        "Build the site to publish (in FOLDER/public)",
        "fiches build [DOSSIER] [-o SORTIE] [--drafts] [--force] [--replace-output] [--base-url ADRESSE]¦fiches build [FOLDER] [-o OUTPUT] [--drafts] [--force] [--replace-output] [--base-url ADDRESS]",
    ),
    (
        "build",
        "site_dir",
        "Dossier du site, qui contient fiches.toml (par défaut\u{a0}: le dossier courant)",
        "The site's folder, holding fiches.toml (default: the current folder)",
        "DOSSIER¦FOLDER",
    ),
    (
        "build",
        "output",
        "Dossier de sortie (par défaut\u{a0}: DOSSIER/public)",
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
        "Tout reconstruire, même si rien n'a changé depuis la dernière construction",
        "Build everything again, even when nothing changed since the last build",
        "",
    ),
    (
        "build",
        "replace_output",
        "Remplacer un dossier de sortie qui ne vient pas de fiches (ce qu'il contient est perdu)",
        "Replace an output folder fiches did not write (what it holds is lost)",
        "",
    ),
    (
        "build",
        "base_url",
        "Adresse publique du site, si fiches.toml n'en donne pas (l'intégration continue d'une forge la connaît)",
        "The site's public address, when fiches.toml gives none (a forge's CI knows it)",
        "ADRESSE¦ADDRESS",
    ),
    (
        "forge",
        "",
        "Écrit l'intégration continue de la forge du site\u{a0}: vérifier chaque proposition, publier à chaque fusion",
        "Write the CI of the site's forge: check every proposal, publish on every merge",
        "fiches forge github|gitlab|forgejo [--site DOSSIER]¦fiches forge github|gitlab|forgejo [--site FOLDER]",
    ),
    (
        "forge",
        "forge",
        "La forge\u{a0}: github (GitHub Actions et Pages), gitlab (GitLab CI et Pages) ou forgejo (Codeberg, Forgejo)",
        "The forge: github (GitHub Actions and Pages), gitlab (GitLab CI and Pages) or forgejo (Codeberg, Forgejo)",
        "FORGE¦FORGE",
    ),
    (
        "forge",
        "site",
        "Dossier du site (par défaut\u{a0}: le dossier courant)",
        "The site's folder (default: the current folder)",
        "DOSSIER¦FOLDER",
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
                "{about-with-newline}\nUtilisation\u{a0}: {usage}\n\n{all-args}{after-help}\n",
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
            "\nPour l'aide d'une commande\u{a0}: fiches COMMANDE --help",
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
