//! The bad-input corpus: every folder under `tests/bad-input/` is a small site with one
//! mistake, and `expected.txt` pins what `fiches` must say about it (severity, place
//! and message, one per line). A site without `fiches.toml` gets a minimal French one
//! with a `base_url`.
//! `FICHES_BLESS=1 cargo test --test bad_input` rewrites the expectations; read the
//! diff before committing it.

mod common;

use std::path::Path;

use common::copy_dir;

fn describe(d: &fiches::Diagnostic) -> String {
    let sev = match d.severity {
        fiches::Severity::Error => "error",
        fiches::Severity::Warning => "warning",
        fiches::Severity::Note => "note",
    };
    format!("{sev} {}: {}", d.location(), d.message)
}

#[test]
fn every_case_reports_exactly_its_expected_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let bless = std::env::var_os("FICHES_BLESS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&case, &site);
        std::fs::remove_file(site.join("expected.txt")).ok();
        if !site.join("fiches.toml").exists() {
            std::fs::write(
                site.join("fiches.toml"),
                "title = \"Corpus\"\nbase_url = \"https://exemple.org/\"\n",
            )
            .unwrap();
        }
        let report = fiches::build(&site, &fiches::BuildOptions::default());
        let got: String = report
            .diagnostics
            .iter()
            .map(|d| describe(d) + "\n")
            .collect();
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                case.display()
            ));
        }
        let has_error = expected.lines().any(|l| l.starts_with("error"));
        assert_eq!(
            report.built.is_none(),
            has_error,
            "{}: a site with errors is never written",
            case.display()
        );
        assert_eq!(
            site.join("public").exists(),
            !has_error,
            "{}",
            case.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The word an English text uses for a fiche, outside what it quotes: a command
/// (`fiches check`), a file or folder (`fiches.toml`, `fiches/jardin/`), the program
/// itself (« which fiches makes »), or an author's own words between quotes.
fn fiche_words(text: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '`' | '"' => {
                quoted = !quoted;
                plain.push(' ');
            }
            '«' | '“' => {
                quoted = true;
                plain.push(' ');
            }
            '»' | '”' => {
                quoted = false;
                plain.push(' ');
            }
            c if quoted => plain.push(if c.is_whitespace() { c } else { ' ' }),
            c => plain.push(c),
        }
    }
    let program = [
        "fiches makes",
        "fiches did not",
        "fiches writes",
        "fiches leaves",
        "fiches cannot",
        "fiches prepares",
        "with fiches",
        "of fiches while",
        "by fiches",
        "a fiches site",
        "command of fiches",
    ];
    for p in program {
        plain = plain.replace(p, " ");
    }
    // A command: `fiches` then one of its commands or options.
    for command in [
        "init", "new", "serve", "check", "build", "forge", "help", "--help", "COMMAND",
    ] {
        plain = plain.replace(&format!("fiches {command}"), " ");
    }
    plain
        .split(|c: char| !(c.is_alphanumeric() || c == '/' || c == '.' || c == '-'))
        .map(|w| w.trim_end_matches(['.', '-']))
        .filter(|w| matches!(w.to_lowercase().as_str(), "fiche" | "fiches"))
        .map(str::to_string)
        .collect()
}

/// An English site says "sheet", the README's English word, never "fiche": every case
/// of the corpus, its site made English, reports its diagnostics (messages and hints)
/// without the French word.
#[test]
fn english_messages_say_sheet_not_fiche() {
    assert_eq!(
        fiche_words("a fiche, the `fiches check` command"),
        ["fiche"]
    );
    assert!(fiche_words("see fiches/jardin/ and fiches.toml, « la fiche »").is_empty());
    assert_eq!(
        fiche_words("the fiche's folder. Every Fiche."),
        ["fiche", "Fiche"]
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut sheets = 0;
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(&case, &site);
        let config = std::fs::read_to_string(site.join("fiches.toml"))
            .unwrap_or_else(|_| "title = \"Corpus\"\nbase_url = \"https://exemple.org/\"\n".into());
        let config: String = config
            .lines()
            .filter(|l| !l.trim_start().starts_with("language"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(
            site.join("fiches.toml"),
            format!("language = \"en\"\n{config}"),
        )
        .unwrap();
        let report = fiches::build(&site, &fiches::BuildOptions::default());
        for d in &report.diagnostics {
            for text in [Some(&d.message), d.hint.as_ref()].into_iter().flatten() {
                sheets += text.matches("sheet").count();
                if !fiche_words(text).is_empty() {
                    failures.push(format!("{}: {text}", case.display()));
                }
            }
        }
    }
    assert!(
        sheets > 10,
        "the corpus speaks of sheets {sheets} times only"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The English interface strings of the default theme say "sheet" too.
#[test]
fn the_english_theme_says_sheet_not_fiche() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let en = std::fs::read_to_string(root.join("themes/default/i18n/en.toml")).unwrap();
    let table: toml::Table = en.parse().unwrap();
    let mut failures = Vec::new();
    for (key, value) in &table {
        let Some(text) = value.as_str() else { continue };
        if !fiche_words(text).is_empty() {
            failures.push(format!("{key} = {text:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(table["search_many"].as_str().unwrap().contains("sheets"));
}

/// The string literals of each English argument of `lang.pick(fr, en)` in `source`, with
/// the placeholders of `format!` taken out; and the English halves of the command line's
/// `français¦English` strings.
fn english_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut from = 0;
    while let Some(at) = source[from..].find(".pick(") {
        let start = from + at + ".pick(".len();
        from = start;
        let (args, _) = call_args(bytes, start);
        if let Some(en) = args.get(1) {
            let text: String = literals(&source[en.clone()]).concat();
            out.push(text);
        }
    }
    for literal in literals(source) {
        if let Some((_, en)) = literal.split_once('¦') {
            out.push(en.to_string());
        }
    }
    out.into_iter().map(|t| without_placeholders(&t)).collect()
}

/// The byte ranges of a call's arguments, from just after its `(`, and where it ends.
fn call_args(bytes: &[u8], start: usize) -> (Vec<std::ops::Range<usize>>, usize) {
    let (mut args, mut depth, mut arg_start, mut i) = (Vec::new(), 0usize, start, start);
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'r' if literal_at(bytes, i).is_some() => {
                i = literal_at(bytes, i).unwrap().1;
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => {
                args.push(arg_start..i);
                return (args, i);
            }
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => {
                args.push(arg_start..i);
                arg_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (args, i)
}

/// A string literal (`"…"`, `r"…"`, `r#"…"#`) starting at `i`: its text as written
/// (escapes kept, which no word of ours holds) and where it ends.
fn literal_at(bytes: &[u8], i: usize) -> Option<(std::ops::Range<usize>, usize)> {
    if bytes[i] == b'"' {
        let mut j = i + 1;
        while j < bytes.len() && bytes[j] != b'"' {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        return Some((i + 1..j.min(bytes.len()), j + 1));
    }
    // `r"`, `r#"`: not the end of a name (`for"`), not inside one.
    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        return None;
    }
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    if bytes.get(i + 1 + hashes) != Some(&b'"') {
        return None;
    }
    let body = i + 2 + hashes;
    let close: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    let end = (body..bytes.len()).find(|&j| bytes[j..].starts_with(&close))?;
    Some((body..end, end + close.len()))
}

/// Every string literal of `code`, in order.
fn literals(code: &str) -> Vec<&str> {
    let bytes = code.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < bytes.len() {
        match literal_at(bytes, i) {
            Some((text, end)) if matches!(bytes[i], b'"' | b'r') => {
                out.push(&code[text]);
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// `text` without `format!`'s `{name}` placeholders (what fills them is checked where
/// it is written).
fn without_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        match c {
            '{' => inside = true,
            '}' if inside => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every English string of the program's source, each argument `en` of a
/// `lang.pick(fr, en)` and each English half of the command line's strings, says
/// "sheet": messages only some runs print (serve's, the editor's, the partners'
/// warnings, the help) are read where they are written.
#[test]
fn every_english_string_of_the_source_says_sheet_not_fiche() {
    assert_eq!(
        english_literals(
            "x.pick(\"la fiche\", format!(\"a fiche {n}\")); y.pick(a(\"b\", \"c\"), r#\"the \"fiche\"\"#)"
        ),
        ["a fiche ", "the \"fiche\""]
    );
    assert_eq!(
        english_literals("\"DOSSIER¦FOLDER of fiche\""),
        ["FOLDER of fiche"]
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.clone()];
    let (mut failures, mut seen) = (Vec::new(), 0);
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for text in english_literals(&source) {
            seen += 1;
            if !fiche_words(&text).is_empty() {
                failures.push(format!("{}: {text}", path.display()));
            }
        }
    }
    assert!(
        seen > 500,
        "only {seen} English strings found: the scan is broken"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the binary prints, both outputs, run with an English locale from `cwd`.
fn english_run(args: &[&str], cwd: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `serve`'s lines at its start, up to « Ctrl-C to stop. », English locale.
fn english_serve_start(site: &Path) -> String {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fiches"))
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .env("NO_COLOR", "1")
        .env("LANG", "en_US.UTF-8")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    for line in std::io::BufReader::new(child.stderr.take().unwrap()).lines() {
        let Ok(line) = line else { break };
        said.push_str(&line);
        said.push('\n');
        if line.contains("Ctrl-C to stop") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    said
}

/// The command line, run in English, says "sheet": its help (every command's), its
/// errors, what a build, an unchanged build, `check`, `new` and `init` print, the
/// partners' warnings and `serve`'s start.
#[test]
fn the_english_command_line_serve_and_partners_say_sheet_not_fiche() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut said = Vec::new();
    let mut run = |args: &[&str]| said.push((args.join(" "), english_run(args, dir)));
    run(&["--help"]);
    run(&["help"]);
    for command in ["init", "new", "serve", "check", "build", "forge"] {
        run(&[command, "--help"]);
    }
    run(&["build", "-o"]);
    run(&["frobnicate"]);
    run(&["new", "A title"]);
    run(&["init", "site", "--language", "en"]);
    run(&["init", "site", "--language", "en"]);
    run(&["new", "A title", "--variant", "recti", "--site", "site"]);
    run(&["new", "A title", "--variant", "factual", "--site", "site"]);
    // A partner on the disk, two of its sheets wrong, and one that is not there.
    std::fs::write(
        dir.join("site/partner.json"),
        r#"{"version": 1, "site": {"title": "P", "url": "https://p.example/", "language": "en"},
        "fiches": [{"slug": "Bad Slug", "url": "https://p.example/a/", "title": "A", "date": "2024-01-01", "variant": "factual", "summary": "S", "authors": ["L"], "tags": [], "themes": [], "body_html": "<p>T</p>", "body_text": "T"},
                   {"slug": "b", "url": "nowhere", "title": "", "date": "soon", "variant": "factual"}]}"#,
    )
    .unwrap();
    let config = std::fs::read_to_string(dir.join("site/fiches.toml")).unwrap();
    std::fs::write(
        dir.join("site/fiches.toml"),
        format!("{config}\n[[sources]]\nname = \"Partner\"\nurl = \"partner.json\"\n\n[[sources]]\nname = \"Gone\"\nurl = \"gone.json\"\n"),
    )
    .unwrap();
    run(&["build", "site"]);
    run(&["build", "site"]);
    run(&["check", "site"]);
    said.push(("serve".into(), english_serve_start(&dir.join("site"))));
    let all: String = said.iter().map(|(_, s)| s.as_str()).collect();
    for needed in ["Partner", "Gone", "Ctrl-C to stop", "Usage: fiches build"] {
        assert!(all.contains(needed), "{needed} never said: {all}");
    }
    assert!(all.matches("sheet").count() > 10, "{all}");
    assert!(
        all.contains("sheet #1 \"Bad Slug\" left out: `slug` is not made of"),
        "{all}"
    );
    // English quotes in English: « » only around what French data holds.
    assert!(!all.contains('«') && !all.contains('»'), "{all}");
    let failures: Vec<String> = said
        .iter()
        .filter(|(_, text)| !fiche_words(text).is_empty())
        .map(|(args, text)| format!("fiches {args}:\n{text}"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
