//! The real binary: exit codes, where it writes, what it prints.

mod common;

use std::process::Command;

use common::{Site, fiche};

fn fiches(args: &[&str]) -> std::process::Output {
    fiches_in(args, "fr_FR.UTF-8")
}

/// The binary run with `LANG` set to `locale` (and the other locale variables unset).
fn fiches_in(args: &[&str], locale: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .output()
        .unwrap()
}

fn ok_site() -> Site {
    Site::new(&[(
        "content/a.md",
        &fiche(
            "A",
            "2020-01-01",
            "factual",
            "",
            "## Contexte\n## Objectifs\n## Actions menées\n## Résultats",
        ),
    )])
}

#[test]
fn build_succeeds_with_exit_0_and_says_where() {
    let s = ok_site();
    let out = fiches(&["build", s.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Site construit\u{a0}: 1 fiche,"), "{err}");
    assert!(s.exists("fiches/a/index.html"));
}

#[test]
fn build_defaults_to_the_current_folder() {
    let s = ok_site();
    let out = Command::new(env!("CARGO_BIN_EXE_fiches"))
        .arg("build")
        .current_dir(s.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(s.exists("index.html"));
}

#[test]
fn output_folder_and_drafts_flags() {
    let s = ok_site();
    s.write(
        "content/b.md",
        fiche("B", "2020-01-01", "factual", "draft = true", "").as_bytes(),
    );
    let target = s.path().join("ailleurs");
    let out = fiches(&[
        "build",
        s.path().to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
        "--drafts",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(target.join("fiches/b/index.html").exists());
    assert!(!s.exists("index.html"));
}

#[test]
fn errors_exit_1_with_file_line_and_hint() {
    let s = ok_site();
    s.write("content/b.md", b"+++\ntitle = \"B\"\ntagz = 1\n+++\n");
    // Never built: there is no previous version to speak of.
    let out = fiches(&["build", s.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Le site n'a pas été construit."), "{err}");
    assert!(!err.contains("intacte"), "{err}");
    std::fs::remove_file(s.path().join("content/b.md")).unwrap();
    assert_eq!(
        fiches(&["build", s.path().to_str().unwrap()]).status.code(),
        Some(0)
    );
    s.write("content/b.md", b"+++\ntitle = \"B\"\ntagz = 1\n+++\n");
    let out = fiches(&["build", s.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("erreur\u{a0}: champ inconnu `tagz` dans la fiche"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md, ligne 3, colonne 1\u{a0}:\n"),
        "{err}"
    );
    assert!(err.contains("vouliez-vous dire `tags`\u{a0}?"), "{err}");
    assert!(err.contains("erreurs"), "{err}");
    assert!(err.contains("la version précédente est intacte"), "{err}");
    assert!(s.exists("index.html"), "the previous site stays");
}

#[test]
fn a_folder_that_is_not_a_site_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = fiches(&["build", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fiches init"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(fiches(&["build", "--nope"]).status.code(), Some(2));
    assert_eq!(fiches(&["publier"]).status.code(), Some(2));
    assert_eq!(fiches(&[]).status.code(), Some(2));
}

#[test]
fn the_command_line_speaks_one_language() {
    let text = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
    };
    // Outside a site: the user's locale, French when it is neither.
    let help = fiches_in(&["--help"], "fr_FR.UTF-8");
    assert_eq!(help.status.code(), Some(0));
    let h = text(&help);
    assert!(
        h.contains("Utilisation\u{a0}: fiches COMMANDE") && h.contains("Afficher cette aide"),
        "{h}"
    );
    assert!(
        !h.contains("Usage") && !h.contains("Print help") && !h.contains(" / "),
        "{h}"
    );
    let h = text(&fiches_in(&["build", "--help"], "en_GB.UTF-8"));
    assert!(
        h.contains("Usage: fiches build [FOLDER]") && h.contains("Include drafts"),
        "{h}"
    );
    assert!(!h.contains("Inclure") && !h.contains("[default"), "{h}");
    assert!(text(&fiches_in(&["--help"], "C.UTF-8")).contains("Utilisation"));
    // clap's own errors, in our words.
    let out = fiches_in(&["biuld"], "fr_FR.UTF-8");
    assert_eq!(out.status.code(), Some(2));
    let e = text(&out);
    assert!(
        e.contains("«\u{a0}biuld\u{a0}» n'est pas une commande de fiches")
            && e.contains("vouliez-vous dire «\u{a0}build\u{a0}»\u{a0}?"),
        "{e}"
    );
    let e = text(&fiches_in(&["new"], "fr_FR.UTF-8"));
    assert!(
        e.starts_with("erreur\u{a0}: il manque") && e.contains("--variant"),
        "{e}"
    );
    let e = text(&fiches_in(&["serve", "--port", "abc"], "en_US.UTF-8"));
    assert!(
        e.starts_with("error: `abc` does not fit --port") && e.contains("Usage: fiches serve"),
        "{e}"
    );
    // Inside a site, the site's language wins over the locale.
    let s = Site::new(&[("fiches.toml", "title = \"T\"\nlanguage = \"en\"\n")]);
    let e = text(&fiches_in(
        &["build", s.path().to_str().unwrap(), "--nope"],
        "fr_FR.UTF-8",
    ));
    assert!(e.starts_with("error: `--nope` is not an option"), "{e}");
    let s = ok_site();
    let e = text(&fiches_in(
        &["check", s.path().to_str().unwrap(), "--nope"],
        "en_GB.UTF-8",
    ));
    assert!(e.starts_with("erreur\u{a0}: «\u{a0}--nope\u{a0}»"), "{e}");
}

#[test]
fn every_option_with_a_value_is_told_from_the_site_folder() {
    // Which options take a value is clap's to say: `--base-url` was missing from a
    // list copied by hand, so its value was taken for the site folder, and the
    // site's language was lost.
    let s = Site::new(&[("fiches.toml", "title = \"T\"\nlanguage = \"en\"\n")]);
    let site = s.path().to_str().unwrap();
    for args in [
        ["build", "--base-url", "https://e.org/", site, "--nope"],
        ["build", "-o", "/nonexistent/out", site, "--nope"],
        ["check", "--format", "json", site, "--nope"],
    ] {
        let out = fiches_in(&args, "fr_FR.UTF-8");
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(
            e.starts_with("error: `--nope` is not an option"),
            "{args:?}: {e}"
        );
    }
}

#[test]
fn build_names_the_drafts_it_left_out() {
    let s = ok_site();
    s.write(
        "content/brouillon.md",
        fiche(
            "Mon brouillon",
            "2020-01-02",
            "factual",
            "draft = true",
            "## Contexte",
        )
        .as_bytes(),
    );
    let out = fiches(&["build", s.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1 brouillon non publié (--drafts pour les inclure)\u{a0}: content/brouillon.md («\u{a0}Mon brouillon\u{a0}»)"),
        "{err}"
    );
    assert!(err.contains("Site construit\u{a0}: 1 fiche,"), "{err}");
    let out = fiches(&[
        "build",
        s.path().to_str().unwrap(),
        "--drafts",
        "-o",
        s.path().join("tout").to_str().unwrap(),
    ]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("brouillon non publié"));
    // With --drafts, a draft says so on its page and its card.
    let page = std::fs::read_to_string(s.path().join("tout/fiches/brouillon/index.html")).unwrap();
    assert!(page.contains("class=\"draft-notice\""), "{page}");
    let home = std::fs::read_to_string(s.path().join("tout/index.html")).unwrap();
    assert_eq!(home.matches("badge--draft").count(), 1, "{home}");
}

/// What a folder holds, every file and folder under it.
fn tree(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p.clone());
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn a_command_that_fails_on_its_folder_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no/such/site");
    let m = missing.to_str().unwrap();
    let out_dir = tmp.path().join("nor/this/out");
    let o = out_dir.to_str().unwrap();
    for args in [
        vec!["build", m],
        vec!["build", m, "-o", o],
        vec!["check", m],
        vec!["serve", m, "--port", "0"],
    ] {
        let out = fiches(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("fiches init"),
            "{args:?}"
        );
        assert_eq!(
            tree(tmp.path()),
            Vec::<std::path::PathBuf>::new(),
            "{args:?}"
        );
    }
    // A folder that exists but is not a site: nothing is added to it.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "mes notes").unwrap();
    let before = tree(tmp.path());
    let e = empty.to_str().unwrap();
    for args in [
        vec!["build", e],
        vec!["build", e, "-o", o],
        vec!["check", e],
        vec!["serve", e, "--port", "0"],
    ] {
        assert_eq!(fiches(&args).status.code(), Some(1), "{args:?}");
        assert_eq!(tree(tmp.path()), before, "{args:?}");
    }
}

#[test]
fn a_broken_fiches_toml_is_reported_in_the_site_language_else_the_user_s() {
    let text = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    // An English site with a mistake in a table: its language is still read.
    let en = Site::new(&[(
        "fiches.toml",
        "title = \"T\"\nlanguage = \"en\"\n[network]\nname = \n",
    )]);
    let p = en.path().to_str().unwrap();
    let out = fiches_in(&["build", p], "fr_FR.UTF-8");
    assert_eq!(out.status.code(), Some(1));
    let e = text(&out);
    assert!(
        e.contains("error: this line is not written correctly"),
        "{e}"
    );
    assert!(e.contains("  hint: each line reads"), "{e}");
    assert!(e.contains("The site was not built."), "{e}");
    assert!(
        !e.contains("erreur") && !e.contains("conseil") && !e.contains("construit"),
        "{e}"
    );
    let e = text(&fiches_in(&["check", p], "fr_FR.UTF-8"));
    assert!(
        e.contains("error: this line") && e.contains("1 error"),
        "{e}"
    );
    let e = text(&fiches_in(
        &["new", "Titre", "--variant", "factual", "--site", p],
        "fr_FR.UTF-8",
    ));
    assert!(
        e.contains("error: this line") && !e.contains("erreur"),
        "{e}"
    );
    // A site whose language cannot be read: the user's locale.
    let unknown = Site::new(&[("fiches.toml", "title = \"T\nlanguage = en\n")]);
    let p = unknown.path().to_str().unwrap();
    let e = text(&fiches_in(&["build", p], "en_US.UTF-8"));
    assert!(
        e.contains("error: this line is not written correctly"),
        "{e}"
    );
    assert!(e.contains("The site was not built."), "{e}");
    assert!(!e.contains("erreur") && !e.contains("construit"), "{e}");
    let e = text(&fiches_in(&["check", p], "en_US.UTF-8"));
    assert!(
        e.contains("error: this line") && !e.contains("erreur"),
        "{e}"
    );
    let e = text(&fiches_in(&["build", p], "fr_FR.UTF-8"));
    assert!(e.contains("erreur\u{a0}: cette ligne"), "{e}");
    assert!(e.contains("Le site n'a pas été construit."), "{e}");
    // No site, or a fiches.toml that is no text: the user's language only.
    let missing = unknown.path().join("nulle-part");
    let e = text(&fiches_in(
        &["build", missing.to_str().unwrap()],
        "en_US.UTF-8",
    ));
    assert!(e.contains("this folder is not a fiches site"), "{e}");
    assert!(
        e.contains("The site was not built.") && !e.contains("aucun"),
        "{e}"
    );
    let e = text(&fiches_in(
        &["check", missing.to_str().unwrap()],
        "fr_FR.UTF-8",
    ));
    assert!(e.contains("ce dossier n'est pas un site fiches"), "{e}");
    assert!(!e.contains("this folder"), "{e}");
    unknown.write("fiches.toml", b"title = \"\xff\xfe\"\nlanguage = \"fr\"\n");
    let e = text(&fiches_in(&["build", p], "en_US.UTF-8"));
    assert!(
        e.contains("error: ") && e.contains("The site was not built."),
        "{e}"
    );
    assert!(!e.contains("erreur"), "{e}");
    // A site that says no language is French, whatever the locale.
    let fr = Site::new(&[("fiches.toml", "title = \"T\"\n[network]\nname = \n")]);
    let e = text(&fiches_in(
        &["build", fr.path().to_str().unwrap()],
        "en_US.UTF-8",
    ));
    assert!(e.contains("Le site n'a pas été construit."), "{e}");
}

#[test]
fn an_unchanged_build_counts_its_warnings_instead_of_printing_them_again() {
    // Sections missing: warnings.
    let s = Site::new(&[
        ("content/a.md", &fiche("A", "2020-01-01", "factual", "", "")),
        ("content/b.md", &fiche("B", "2020-01-02", "factual", "", "")),
    ]);
    let dir = s.path().to_str().unwrap();
    let first = fiches(&["build", dir]);
    let first = String::from_utf8_lossy(&first.stderr);
    let check = fiches(&["check", dir]);
    let check = String::from_utf8_lossy(&check.stderr);
    let message = "parties conseillées absentes";
    assert!(first.contains(message), "{first}");
    let n = check.matches(message).count();
    assert!(n >= 2, "{check}");
    let again = fiches(&["build", dir]);
    assert_eq!(again.status.code(), Some(0));
    let again = String::from_utf8_lossy(&again.stderr);
    assert!(again.contains("déjà à jour"), "{again}");
    assert!(!again.contains(message), "not printed again: {again}");
    assert!(
        again.contains(&format!(
            "La dernière construction a laissé {n} avertissements\u{a0}; pour les lire\u{a0}: fiches check {dir}\n"
        )),
        "{again}"
    );
}

/// After an edit, a build prints the warnings of the fiches it read again in full,
/// and only counts the others (printed by the last build, read with `fiches check`).
#[test]
fn an_incremental_build_prints_the_warnings_of_its_edits_and_counts_the_others() {
    let body = |extra: &str| {
        fiche(
            "Été 🌞",
            "2020-01-01",
            "factual",
            "",
            &format!("Texte\u{a0}: « ici ».{extra}"),
        )
    };
    let s = Site::new(&[
        ("content/a.md", &body("")),
        ("content/b.md", &fiche("B", "2020-01-02", "factual", "", "")),
        ("content/c.md", &fiche("C", "2020-01-03", "factual", "", "")),
    ]);
    let dir = s.path().to_str().unwrap();
    let message = "parties conseillées absentes";
    let first = fiches(&["build", dir]);
    let first = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.matches(message).count(), 3, "{first}");
    s.write(
        "content/a.md",
        body("\n\nUne phrase de plus, \u{202e}ajoutée.").as_bytes(),
    );
    let again = fiches(&["build", dir]);
    assert_eq!(again.status.code(), Some(0));
    let again = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.matches(message).count(), 1, "only a.md's: {again}");
    assert!(again.contains("a.md") && !again.contains("b.md"), "{again}");
    assert!(
        again.contains(&format!(
            "2 avertissements portent sur des fichiers que cette construction n'a pas relus\u{a0}; pour les lire\u{a0}: fiches check {dir}\n"
        )),
        "{again}"
    );
    assert!(
        again.contains("3 avertissements"),
        "the summary counts all: {again}"
    );
    // The edit made whole: its warning is gone, the others are still counted.
    let sections: String = [
        "Contexte",
        "Objectifs",
        "Actions menées",
        "Moyens",
        "Résultats",
    ]
    .iter()
    .map(|t| format!("\n\n## {t}\n\nDu texte."))
    .collect();
    s.write("content/a.md", body(&sections).as_bytes());
    let whole = fiches(&["build", dir]);
    let whole = String::from_utf8_lossy(&whole.stderr);
    assert_eq!(whole.matches(message).count(), 0, "{whole}");
    assert!(
        whole.contains(
            "2 avertissements portent sur des fichiers que cette construction n'a pas relus"
        ),
        "{whole}"
    );
    // In English too, and a single one is said in the singular: c's alone.
    let english: String = [
        "Context",
        "Objectives",
        "What was done",
        "Resources",
        "Results",
    ]
    .iter()
    .map(|t| format!("\n\n## {t}\n\nText."))
    .collect();
    s.write("content/a.md", body(&english).as_bytes());
    s.write("fiches.toml", b"title = \"T\"\nlanguage = \"en\"\n");
    fiches(&["build", dir]);
    s.write(
        "content/b.md",
        fiche("B", "2020-01-02", "factual", "", "More.").as_bytes(),
    );
    let en = fiches(&["build", dir]);
    let en = String::from_utf8_lossy(&en.stderr);
    assert!(
        en.contains(&format!(
            "1 warning is about a file this build did not read again; to read it: fiches check {dir}\n"
        )),
        "{en}"
    );
}

/// The address `serve` prints is a URL a browser opens, and it leads to the server:
/// an IPv4 address and a host name as written, an IPv6 address bracketed once
/// (`--bind ::1` and `--bind '[::1]'` both print `http://[::1]:PORT/`, not `[[::1]]`).
#[test]
fn the_bound_address_prints_a_url_a_browser_opens() {
    let s = Site::new(&[("content/a.md", &fiche("A", "2020-01-01", "factual", "", ""))]);
    let mut binds = vec![("127.0.0.1", "127.0.0.1"), ("localhost", "localhost")];
    if std::net::TcpListener::bind("[::1]:0").is_ok() {
        binds.extend([("::1", "[::1]"), ("[::1]", "[::1]")]);
    } else {
        eprintln!("no IPv6 loopback on this machine: IPv6 binds not checked");
    }
    for (bind, host) in binds {
        let (line, why, reached) = serve_first_line(s.path(), bind, host);
        assert_eq!(reached, Some(true), "{bind}: {line}\n{why}");
    }
}

/// Starts `fiches serve --bind BIND` on a free port: the first line it prints, what it
/// wrote on stderr, and whether the URL of that line, read as `http://HOST:PORT/`,
/// leads to a server (`None` when the line has no such URL).
fn serve_first_line(
    dir: &std::path::Path,
    bind: &str,
    host: &str,
) -> (String, String, Option<bool>) {
    use std::io::{BufRead, Read};
    let mut child = Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args([
            "serve",
            dir.to_str().unwrap(),
            "--port",
            "0",
            "--bind",
            bind,
        ])
        .env("LANG", "fr_FR.UTF-8")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    // The first line it prints; none when it stopped (then stderr says why).
    let line = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .next()
        .unwrap_or_default();
    let reached = line
        .split_once("http://")
        .and_then(|(_, u)| u.strip_prefix(host)?.strip_prefix(':'))
        .and_then(|p| p.strip_suffix('/')?.parse::<u16>().ok())
        .map(|port| {
            let addr = format!("{host}:{port}");
            std::net::TcpStream::connect(addr.as_str()).is_ok()
        });
    child.kill().ok();
    let mut why = String::new();
    child.stderr.take().unwrap().read_to_string(&mut why).ok();
    child.wait().ok();
    (line, why, reached)
}

/// What follows `fiches check ` in `text` up to the end of its line (or the backquote
/// that closes a command shown in backquotes).
fn suggested_word(text: &str, command: &str) -> String {
    let at = text
        .find(command)
        .unwrap_or_else(|| panic!("no « {command} » in: {text}"));
    let rest = &text[at + command.len()..];
    let end = rest.find(['\n', '`']).unwrap_or(rest.len());
    rest[..end].to_string()
}

/// `word` as bash reads it: one argument, printed back.
fn read_by_bash(word: &str, cwd: &std::path::Path) -> String {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("printf '%s\\0' {word}"))
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(out.status.success(), "bash refused {word}");
    let text = String::from_utf8(out.stdout).unwrap();
    let args: Vec<&str> = text.split_terminator('\0').collect();
    assert_eq!(args.len(), 1, "{word} is read as {args:?}");
    args[0].to_string()
}

/// The commands a message suggests with the site's folder (`fiches check SITE` after a
/// build's warnings, grouped or counted; `fiches init` and `fiches new`'s next steps)
/// can be pasted into a shell as shown, whatever the folder's name: spaces, quotes,
/// French punctuation that typesetting would touch, a leading dash.
#[test]
fn the_commands_a_message_suggests_quote_the_folder_as_a_shell_needs() {
    let name = "-mon site : l'été « 2 » $HOME";
    let rel = |f: &str| format!("{name}/content/{f}.md");
    let mut files: Vec<(String, String)> = ["a", "b", "c", "d"]
        .iter()
        .map(|f| (rel(f), fiche(f, "2020-01-01", "factual", "", "")))
        .collect();
    files.push((format!("{name}/fiches.toml"), "title = \"T\"\n".to_string()));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let s = Site::new(&files);
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_fiches"))
            .args(args)
            .current_dir(s.path())
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "fr_FR.UTF-8")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // Four fiches with the same warning: one group, and how to read them all.
    let first = run(&["build", "--", name]);
    assert!(
        first.contains("4 fiches ont le même avertissement"),
        "{first}"
    );
    let word = suggested_word(&first, "`fiches check ");
    assert_eq!(
        read_by_bash(&word, s.path()),
        format!("./{name}"),
        "{first}"
    );
    // Unchanged: counted, with the same command.
    let again = run(&["build", "--", name]);
    let word = suggested_word(&again, "pour les lire\u{a0}: fiches check ");
    assert_eq!(
        read_by_bash(&word, s.path()),
        format!("./{name}"),
        "{again}"
    );
    // The command, pasted, reads that site.
    let pasted = Command::new("bash")
        .arg("-c")
        .arg(format!("\"$0\" check {word}"))
        .arg(env!("CARGO_BIN_EXE_fiches"))
        .current_dir(s.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let pasted_err = String::from_utf8_lossy(&pasted.stderr);
    assert!(
        pasted_err.contains("parties conseillées absentes"),
        "{pasted_err}"
    );
    // `fiches new`'s and `fiches init`'s next steps.
    let made = run(&[
        "new",
        "Une fiche",
        "--variant",
        "factuelle",
        "--site",
        &format!("./{name}"),
    ]);
    let word = suggested_word(&made, "fiches serve ");
    assert_eq!(read_by_bash(&word, s.path()), format!("./{name}"), "{made}");
    let other = format!("./{name} bis");
    let init = run(&["init", &other]);
    for command in ["fiches serve ", "--site ", "fiches build "] {
        let word = suggested_word(&init, command);
        let word = word.trim_end_matches(" --open");
        let word = word.split(" (").next().unwrap();
        assert_eq!(read_by_bash(word, s.path()), other, "{command}: {init}");
    }
    // `fiches init` on a folder that holds a site suggests a free one, quoted.
    let taken = run(&["init", &other]);
    let word = suggested_word(&taken, "fiches init ");
    assert_eq!(
        read_by_bash(&word, s.path()),
        format!("{other}-2"),
        "{taken}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
    /// Any folder name, as a message quotes it, is read back by bash as that name, and
    /// French typesetting of the message leaves the quoted word as it is.
    #[test]
    fn any_folder_name_is_quoted_so_that_bash_reads_it_back(
        name in "(\\PC|[ '\"$`\\\\\n\t\u{a0}\u{202e}\u{85}«»:;!?*~={}-]){1,16}"
    ) {
        proptest::prop_assume!(!name.contains(['/', '\0']) && name != "." && name != "..");
        let word = fiches::diagnostic::shell_word(std::path::Path::new(&name));
        let dir = tempfile::tempdir().unwrap();
        let expected = if name.starts_with('-') { format!("./{name}") } else { name.clone() };
        proptest::prop_assert_eq!(read_by_bash(&word, dir.path()), expected);
        let typeset = fiches::diagnostic::typeset(&word, fiches::Lang::Fr);
        proptest::prop_assert_eq!(typeset, word);
    }
}
