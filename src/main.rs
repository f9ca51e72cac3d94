//! The `fiches` command: parses arguments, calls the library, prints what it reports
//! and turns it into an exit code (0 success, 1 errors in the site, 2 bad usage).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use fiches::{BuildOptions, Lang, Report, diagnostic};

/// The command line's shape; its words, in the run's language, come from `fiches::cli`.
#[derive(Parser)]
#[command(name = "fiches", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Init {
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = Language::Fr)]
        language: Language,
        #[arg(long, value_enum)]
        forge: Option<ForgeArg>,
    },
    New {
        title: String,
        #[arg(long)]
        variant: String,
        #[arg(long, default_value = ".")]
        site: PathBuf,
        #[arg(long)]
        bundle: bool,
    },
    Serve {
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        open: bool,
    },
    Check {
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    Build {
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        replace_output: bool,
        #[arg(long)]
        base_url: Option<String>,
    },
    Forge {
        forge: ForgeArg,
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ForgeArg {
    Github,
    Gitlab,
    Forgejo,
}

impl ForgeArg {
    fn forge(self) -> fiches::Forge {
        match self {
            ForgeArg::Github => fiches::Forge::Github,
            ForgeArg::Gitlab => fiches::Forge::Gitlab,
            ForgeArg::Forgejo => fiches::Forge::Forgejo,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Language {
    Fr,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    /// GitHub or Forgejo Actions: one annotation per problem, on its line.
    Github,
    /// GitLab's Code Quality report.
    Gitlab,
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|k| std::env::var(k).ok());
    let lang = fiches::cli::language(&Cli::command(), &args, &locale);
    let user = fiches::cli::user_language(&locale);
    let cli = match parse(&args, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match cli.command {
        Command::Serve {
            site_dir,
            port,
            bind,
            drafts: _,
            open,
        } => serve(
            fiches::serve::Options {
                site_dir,
                bind,
                port,
                // `serve` is the authors' preview: drafts are shown, marked as such, so
                // that a fiche saved from the editor (a draft) never vanishes.
                // `--drafts` is still accepted, for the commands people wrote down.
                drafts: true,
                locale: user,
                clock: fiches::serve::Clock::system(),
            },
            open,
            lang,
        ),
        Command::Forge { forge, site } => add_forge(&site, forge, lang),
        Command::Init {
            dir,
            language,
            forge,
        } => init(&dir, language, forge),
        Command::New {
            title,
            variant,
            site,
            bundle,
        } => new_fiche(&site, &title, &variant, bundle),
        Command::Check { site_dir, format } => check(&site_dir, format, user),
        Command::Build {
            site_dir,
            output,
            drafts,
            force,
            replace_output,
            base_url,
        } => {
            let base_url = match base_url.as_deref().map(fiches::config::normal_base_url) {
                Some(None) => return bad_base_url(lang),
                given => given.flatten(),
            };
            let opts = BuildOptions {
                output,
                drafts,
                force,
                replace_output,
                locale: user,
                base_url,
                now: Some(jiff::Timestamp::now()),
                partner_timeout: None,
            };
            build(&site_dir, &opts)
        }
    }
}

/// The command line read in the run's language; the exit code when it cannot be (or
/// when it asked for help or the version, printed).
fn parse(args: &[std::ffi::OsString], lang: Lang) -> Result<Cli, ExitCode> {
    let matches = match fiches::cli::parse(fiches::cli::localize(Cli::command(), lang), args, lang)
    {
        Ok(m) => m,
        Err((text, code)) => {
            if code == 0 {
                print!("{text}");
            } else {
                eprint!("{text}");
            }
            return Err(ExitCode::from(code));
        }
    };
    Cli::from_arg_matches(&matches).map_err(|e| {
        eprint!("{}", e.render());
        ExitCode::from(2)
    })
}

/// `fiches init`: a new site, and what to do next.
fn init(dir: &std::path::Path, language: Language, forge: Option<ForgeArg>) -> ExitCode {
    let lang = match language {
        Language::Fr => Lang::Fr,
        Language::En => Lang::En,
    };
    match fiches::init(dir, lang) {
        Ok(_) if forge.is_some_and(|f| add_forge(dir, f, lang) != ExitCode::SUCCESS) => {
            ExitCode::from(1)
        }
        Ok(_) => {
            let d = dir.display();
            // A folder in a command, quoted as a shell needs it to paste the command.
            let w = diagnostic::shell_word(dir);
            eprintln!(
                "{}",
                lang.pick(
                    format!("Site créé dans {d}.\nPour le voir dans le navigateur\u{a0}: fiches serve {w} --open\nPour écrire une fiche\u{a0}: fiches new \"Mon titre\" --variant factuelle --site {w}\nPour le publier\u{a0}: fiches build {w} (le site est alors dans {d}/public, à déposer chez un hébergeur ou à ouvrir depuis le disque\u{a0}: {d}/public/index.html)\nUne fois le site en ligne, indiquez son adresse (base_url) dans {d}/fiches.toml\u{a0}: les lecteurs pourront s'abonner aux nouvelles fiches."),
                    format!("Site created in {d}.\nTo see it in the browser: fiches serve {w} --open\nTo write a sheet: fiches new \"My title\" --variant factual --site {w}\nTo publish it: fiches build {w} (the site is then in {d}/public, to upload to a host or open from the disk: {d}/public/index.html)\nOnce the site is online, give its address (base_url) in {d}/fiches.toml: readers can then subscribe to new sheets."),
                )
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", diagnostic::render_human(&[d], lang, color()));
            ExitCode::from(1)
        }
    }
}

/// `fiches new`: a new fiche, its path on stdout.
fn new_fiche(site: &std::path::Path, title: &str, variant: &str, bundle: bool) -> ExitCode {
    match fiches::new_fiche(site, title, variant, bundle, today()) {
        Ok(made) => {
            let lang = made.lang;
            let path = site.join(&made.path);
            let s = diagnostic::shell_word(site);
            println!("{}", path.display());
            eprintln!(
                    "{}",
                    lang.pick(
                        format!("Fiche créée\u{a0}: {}\nC'est un brouillon (draft = true). Pour la voir en l'écrivant\u{a0}: fiches serve {s}", path.display()),
                        format!("Sheet created: {}\nIt is a draft (draft = true). To preview it while writing: fiches serve {s}", path.display()),
                    )
                );
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprint!(
                "{}",
                diagnostic::render_human(&f.diagnostics, f.lang, color())
            );
            ExitCode::from(1)
        }
    }
}

/// `fiches check`: every problem, in the format asked for.
fn check(site_dir: &std::path::Path, format: Format, user: Lang) -> ExitCode {
    let report = fiches::check_in(site_dir, user);
    match format {
        Format::Json => println!("{}", diagnostic::render_json(&report.diagnostics)),
        // The forge reads stdout; the job's log gets the readable text.
        Format::Github | Format::Gitlab => {
            let forge = if matches!(format, Format::Github) {
                diagnostic::render_github(&report.diagnostics, site_dir)
            } else {
                diagnostic::render_gitlab(&report.diagnostics, site_dir)
            };
            print!("{forge}");
            if !report.diagnostics.is_empty() {
                eprint!(
                    "{}",
                    diagnostic::render_human(&report.diagnostics, report.lang, false)
                );
            }
        }
        // Notes are things to know, not problems.
        Format::Human if report.diagnostics.iter().all(|d| d.is_note()) => {
            if !report.diagnostics.is_empty() {
                eprint!(
                    "{}",
                    diagnostic::render_human(&report.diagnostics, report.lang, color())
                );
            }
            eprintln!(
                "{}",
                report
                    .lang
                    .pick("Aucun problème trouvé.", "No problem found.")
            )
        }
        Format::Human => print_diagnostics(&report),
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `fiches build`: the site, or why not.
fn build(site_dir: &std::path::Path, opts: &BuildOptions) -> ExitCode {
    let start = Instant::now();
    let report = fiches::build(site_dir, opts);
    match &report.built {
        // Its warnings were printed by the build that made it: counted only.
        Some(b) if b.unchanged => eprint!("{}", warnings_left(&report, site_dir)),
        Some(b) if b.incremental && !report.diagnostics.is_empty() => {
            print_warnings_read(&report, &b.read, site_dir);
        }
        _ if !report.diagnostics.is_empty() => {
            eprint!(
                "{}",
                diagnostic::render_grouped(&report.diagnostics, report.lang, color(), site_dir)
            );
            eprintln!("{}", diagnostic::summary(&report.diagnostics, report.lang));
        }
        _ => {}
    }
    match &report.built {
        Some(b) if b.unchanged => {
            eprintln!(
                "{}",
                report.lang.pick(
                    format!("Le site {} est déjà à jour\u{a0}: rien n'a changé depuis la dernière construction.", b.output.display()),
                    format!("The site {} is up to date: nothing changed since the last build.", b.output.display()),
                )
            );
            ExitCode::SUCCESS
        }
        Some(b) => {
            print_built(b, report.lang, start.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        None => {
            let out = (opts.output.clone()).unwrap_or_else(|| site_dir.join("public"));
            // Only a site that was built before has a previous version.
            let kept = site_dir.join("fiches.toml").is_file() && out.is_dir();
            eprintln!(
                "{}",
                match (kept, report.lang) {
                    (true, Lang::Fr) =>
                        "Le site n'a pas été construit\u{a0}; la version précédente est intacte.",
                    (true, Lang::En) =>
                        "The site was not built; the previous version is untouched.",
                    (false, Lang::Fr) => "Le site n'a pas été construit.",
                    (false, Lang::En) => "The site was not built.",
                }
            );
            ExitCode::from(1)
        }
    }
}

/// What a build made, and in how long.
fn print_built(b: &fiches::Built, lang: Lang, secs: f64) {
    let out = b.output.display();
    let n = |count: usize, one: &str, many: &str| lang.count(count, one, many);
    if !b.drafts.is_empty() {
        eprintln!("{}", drafts_left_out(&b.drafts, lang));
    }
    match lang {
        Lang::Fr => eprintln!(
            "Site construit\u{a0}: {}, {} dans {out} ({})",
            n(b.fiches, "fiche", "fiches"),
            n(b.files, "fichier", "fichiers"),
            format!("{secs:.2} s").replace('.', ",")
        ),
        Lang::En => eprintln!(
            "Site built: {}, {} in {out} ({secs:.2} s)",
            n(b.fiches, "sheet", "sheets"),
            n(b.files, "file", "files"),
        ),
    }
}

/// `lang`: the run's, as the command line found it (the site's, else the user's).
fn serve(opts: fiches::serve::Options, open: bool, lang: Lang) -> ExitCode {
    let log: fiches::serve::Log = std::sync::Arc::new(move |e| print_event(e, lang));
    let server = match fiches::serve::start(&opts, log) {
        Ok(s) => s,
        Err(d) => {
            eprint!("{}", diagnostic::render_human(&[d], lang, color()));
            return ExitCode::from(1);
        }
    };
    println!(
        "{}",
        lang.pick(
            format!("Site visible sur {}", server.url),
            format!("Serving at {}", server.url)
        )
    );
    eprintln!("{}", lang.pick("Ctrl-C pour arrêter.", "Ctrl-C to stop."));
    if open {
        open_browser(&server.url);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    if ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .is_err()
    {
        eprintln!(
            "{}",
            lang.pick(
                "Ctrl-C ne peut pas être intercepté ici.",
                "Ctrl-C cannot be caught here."
            )
        );
    }
    let _ = rx.recv();
    server.stop();
    eprintln!("{}", lang.pick("Serveur arrêté.", "Server stopped."));
    ExitCode::SUCCESS
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(cmd).arg(url).spawn();
}

/// Writes to stderr, which nobody may read any more (the terminal closed, `fiches
/// serve 2>&1 | head`): serving goes on all the same, so a failed write is let go.
macro_rules! say {
    ($($t:tt)*) => {{
        let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!($($t)*));
    }};
}

macro_rules! sayln {
    ($($t:tt)*) => {{
        say!($($t)*);
        say!("\n");
    }};
}

/// What `serve` reports, on stderr.
fn print_event(e: fiches::serve::Event, lang: Lang) {
    use fiches::serve::Event;
    match e {
        Event::Built {
            fiches,
            millis,
            warnings,
        } => {
            if !warnings.is_empty() {
                say!("{}", diagnostic::render_human(&warnings, lang, color()));
            }
            sayln!(
                "{}",
                lang.pick(
                    format!(
                        "Site construit en mémoire\u{a0}: {} ({millis} ms)",
                        lang.count(fiches, "fiche", "fiches")
                    ),
                    format!(
                        "Site built in memory: {} ({millis} ms)",
                        lang.count(fiches, "sheet", "sheets")
                    )
                )
            );
        }
        Event::Rebuilt {
            changed,
            pages,
            millis,
            full,
            warnings,
        } => {
            if !warnings.is_empty() {
                say!("{}", diagnostic::render_human(&warnings, lang, color()));
            }
            let what = changed.join(", ");
            let how = if full {
                lang.pick("tout le site", "whole site")
            } else {
                lang.count(pages, "page", "pages")
            };
            sayln!(
                "{}",
                lang.pick(
                    format!("Modifié\u{a0}: {what} → reconstruit ({how}) en {millis} ms"),
                    format!("Changed: {what} → rebuilt ({how}) in {millis} ms")
                )
            );
        }
        Event::Failed {
            changed,
            diagnostics,
        } => print_failed(&changed, &diagnostics, lang),
        Event::NewDay { day, pages } => sayln!(
            "{}",
            lang.pick(
                format!(
                    "Nouveau jour ({day})\u{a0}: l’agenda avance ({})",
                    lang.count(pages, "page", "pages")
                ),
                format!(
                    "New day ({day}): the agenda moves on ({})",
                    lang.count(pages, "page", "pages")
                )
            )
        ),
        Event::WatchError(e) => sayln!(
            "{}",
            lang.pick(
                format!("Surveillance des fichiers impossible\u{a0}: {e}"),
                format!("Cannot watch files: {e}")
            )
        ),
    }
}

/// A rebuild that failed: what changed, why, and that the last good site stays.
fn print_failed(changed: &[String], diagnostics: &[fiches::Diagnostic], lang: Lang) {
    if !changed.is_empty() {
        sayln!(
            "{}",
            lang.pick(
                format!("Modifié\u{a0}: {}", changed.join(", ")),
                format!("Changed: {}", changed.join(", "))
            )
        );
    }
    say!("{}", diagnostic::render_human(diagnostics, lang, color()));
    sayln!("{}", diagnostic::summary(diagnostics, lang));
    sayln!(
        "{}",
        lang.pick(
            "La dernière version correcte reste affichée.",
            "The last correct version is still shown."
        )
    );
}

/// `fiches forge NAME` (and `init --forge`): the CI of the site's forge, written once.
fn add_forge(site: &std::path::Path, forge: ForgeArg, lang: Lang) -> ExitCode {
    match fiches::add_forge(site, forge.forge(), lang) {
        Ok(files) => {
            let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            eprintln!(
                "{}",
                lang.pick(
                    format!(
                        "Vérification et publication automatiques préparées pour la forge\u{a0}: {}\nÀ chaque proposition de fiche (pull request), la forge vérifie les fiches et montre chaque problème à sa ligne\u{a0}; quand l’équipe accepte la proposition, le site est construit et publié.",
                        list.join(", ")
                    ),
                    format!(
                        "Continuous integration written: {}\nOn every proposal (pull request), fiches check shows each problem on its line; on every merge, the site is built and published.",
                        list.join(", ")
                    ),
                )
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", diagnostic::render_human(&[d], lang, color()));
            ExitCode::from(1)
        }
    }
}

fn bad_base_url(lang: Lang) -> ExitCode {
    eprintln!(
        "{}",
        lang.pick(
            "erreur\u{a0}: --base-url doit être une adresse web complète, par exemple https://exemple.org/reseau/",
            "error: --base-url must be a full web address, for example https://example.org/network/",
        )
    );
    ExitCode::from(2)
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Today, from the system clock (UTC): the only place the program reads the clock.
fn today() -> fiches::lang::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    fiches::lang::Date::from_unix_days((secs / 86_400) as i64)
}

fn print_diagnostics(report: &Report) {
    if report.diagnostics.is_empty() {
        return;
    }
    eprint!(
        "{}",
        diagnostic::render_human(&report.diagnostics, report.lang, color())
    );
    eprintln!("{}", diagnostic::summary(&report.diagnostics, report.lang));
}

/// An incremental build's warnings: those of the files it read again (`read`) in
/// full, the others counted with how to read them (the last build printed them;
/// 5,000 warnings of a large site, printed at every edit, would hide the new ones).
fn print_warnings_read(report: &Report, read: &[PathBuf], site_dir: &std::path::Path) {
    let (fresh, other): (Vec<&fiches::Diagnostic>, Vec<&fiches::Diagnostic>) =
        (report.diagnostics.iter())
            .partition(|d| d.file.as_ref().is_some_and(|f| read.contains(f)));
    if !fresh.is_empty() {
        let fresh: Vec<fiches::Diagnostic> = fresh.into_iter().cloned().collect();
        eprint!(
            "{}",
            diagnostic::render_grouped(&fresh, report.lang, color(), site_dir)
        );
    }
    eprint!("{}", not_read_again(&other, report.lang, site_dir));
    eprintln!("{}", diagnostic::summary(&report.diagnostics, report.lang));
}

/// How many of `other` (warnings about files an incremental build did not read
/// again) there are, and how to read them.
fn not_read_again(other: &[&fiches::Diagnostic], lang: Lang, site: &std::path::Path) -> String {
    let n = other.iter().filter(|d| !d.is_note()).count();
    if n == 0 {
        return String::new();
    }
    let said = lang.pick(
        format!(
            "{} {}",
            lang.count(n, "avertissement", "avertissements"),
            if n > 1 {
                "portent sur des fichiers que cette construction n'a pas relus"
            } else {
                "porte sur un fichier que cette construction n'a pas relu"
            }
        ),
        format!(
            "{} {} this build did not read again",
            lang.count(n, "warning", "warnings"),
            if n > 1 {
                "are about files"
            } else {
                "is about a file"
            }
        ),
    );
    format!("{said}{}", how_to_read(n, lang, site))
}

/// `; pour les lire : fiches check SITE`, the end of a count of warnings not shown.
fn how_to_read(n: usize, lang: Lang, site: &std::path::Path) -> String {
    let site = diagnostic::shell_word(site);
    lang.pick(
        format!(
            "\u{a0}; pour {} lire\u{a0}: fiches check {site}\n",
            if n > 1 { "les" } else { "le" }
        ),
        format!(
            "; to read {}: fiches check {site}\n",
            if n > 1 { "them" } else { "it" }
        ),
    )
}

/// What an unchanged site's last build warned of: how many, and how to read them
/// (a large site may have thousands, printed at every build otherwise).
fn warnings_left(report: &Report, site: &std::path::Path) -> String {
    let n = report.diagnostics.iter().filter(|d| !d.is_note()).count();
    if n == 0 {
        return String::new();
    }
    let lang = report.lang;
    let said = lang.pick(
        format!(
            "La dernière construction a laissé {}",
            lang.count(n, "avertissement", "avertissements")
        ),
        format!(
            "The last build left {}",
            lang.count(n, "warning", "warnings")
        ),
    );
    format!("{said}{}", how_to_read(n, lang, site))
}

/// `1 brouillon non publié : content/a.md (« Titre »)`, the first few named.
fn drafts_left_out(drafts: &[(PathBuf, String)], lang: Lang) -> String {
    const NAMED: usize = 5;
    let mut named: Vec<String> = drafts
        .iter()
        .take(NAMED)
        .map(|(p, t)| {
            lang.pick(
                format!("{} («\u{a0}{t}\u{a0}»)", p.display()),
                format!("{} (\"{t}\")", p.display()),
            )
        })
        .collect();
    if drafts.len() > NAMED {
        let rest = drafts.len() - NAMED;
        named.push(lang.pick(
            lang.count(rest, "autre", "autres"),
            lang.count(rest, "other", "others"),
        ));
    }
    lang.pick(
        format!(
            "{} non publié{} (--drafts pour les inclure)\u{a0}: {}",
            lang.count(drafts.len(), "brouillon", "brouillons"),
            if drafts.len() > 1 { "s" } else { "" },
            named.join(", ")
        ),
        format!(
            "{} left out (--drafts to include {}): {}",
            lang.count(drafts.len(), "draft", "drafts"),
            if drafts.len() > 1 { "them" } else { "it" },
            named.join(", ")
        ),
    )
}
