//! The hot parts of a build, one at a time, on fiches of the benchmark corpus's
//! shape: `cargo bench`.

use std::path::Path;

use fiches::config::{self, Config};
use fiches::fiche::{self, Fiche};
use fiches::links::Links;
use fiches::markdown::Markdown;
use fiches::site::Site;

fn main() {
    divan::main();
}

fn config() -> Config {
    config::parse("title = \"Banc\"\nbase_url = \"https://exemple.org/\"\n")
        .0
        .expect("valid config")
}

/// A fiche of about 700 words with the usual Markdown constructs.
fn text(i: usize) -> String {
    let tags = [
        "réseautage",
        "entraide",
        "soirée-débat",
        "jeunesse",
        "logement",
        "numérique",
        "médiation",
    ];
    let mut body = String::new();
    for section in [
        "Contexte",
        "Objectifs",
        "Actions menées",
        "Moyens",
        "Résultats",
    ] {
        body.push_str(&format!("## {section}\n\n"));
        for p in 0..3 {
            body.push_str(&format!(
                "Les habitants du quartier {i} ont **organisé** une rencontre avec les *travailleurs sociaux* \
                 du centre, pour parler de ce qui change au quotidien et de ce qui reste à faire ({p}). \
                 Chacun a pu dire ce qu'il attendait, et le groupe a noté les idées[^{p}{i}].\n\n"
            ));
        }
        body.push_str("- une première idée\n- une deuxième idée, plus longue, avec un [lien](https://exemple.org/)\n\n");
        body.push_str("| Mois | Rencontres | Personnes |\n|---|---|---|\n| mars | 2 | 31 |\n| avril | 3 | 44 |\n\n");
        body.push_str("> Une parole rapportée, qui dit ce que l'action a changé.\n\n");
    }
    for p in 0..3 {
        body.push_str(&format!("[^{p}{i}]: Une note de bas de page.\n"));
    }
    format!(
        "+++\ntitle = \"Fiche {i} : une action de quartier\"\ndate = 2024-03-{:02}\nvariant = \"factual\"\n\
         summary = \"Un résumé de deux phrases pour la fiche {i}. Il dit ce qui a été fait.\"\n\
         authors = [\"Aïcha\", \"Karim\"]\ntags = [\"{}\", \"{}\"]\nthemes = [\"Travail en réseau\"]\n\
         territory = \"Lyon\"\norganization = \"Association\"\naudience = [\"Habitants\"]\n+++\n{body}",
        i % 28 + 1,
        tags[i % tags.len()],
        tags[(i + 3) % tags.len()],
    )
}

fn parsed(n: usize, cfg: &Config) -> Vec<Fiche> {
    (0..n)
        .map(|i| {
            let path = format!("content/f{i}.md");
            fiche::parse(text(i), Path::new(&path), &format!("f{i}"), None, cfg)
                .0
                .expect("valid fiche")
        })
        .collect()
}

#[divan::bench]
fn front_matter_parse(b: divan::Bencher) {
    let cfg = config();
    let t = text(7);
    b.bench(|| {
        fiche::parse(
            divan::black_box(t.clone()),
            Path::new("content/f.md"),
            "f",
            None,
            &cfg,
        )
    });
}

#[divan::bench]
fn markdown_render(b: divan::Bencher) {
    let cfg = config();
    let f = parsed(1, &cfg).remove(0);
    let md = Markdown::new(false, cfg.language);
    let links = Links::default();
    b.bench(|| md.render(divan::black_box(&f), &links, "../../"));
}

#[divan::bench(args = [1_000, 10_000])]
fn taxonomy_and_related(b: divan::Bencher, n: usize) {
    let cfg = config();
    let fiches = parsed(n, &cfg);
    b.bench(|| Site::new(cfg.clone(), divan::black_box(fiches.clone())));
}

#[divan::bench]
fn template_render_fiche_page(b: divan::Bencher) {
    let cfg = config();
    let fiches = parsed(50, &cfg);
    let (theme, _) = fiches::theme::load(
        &fiches::sources::Sources::in_memory("", Vec::new()),
        &cfg,
        &["fiche.html", "factual.html"],
    );
    let theme = theme.expect("embedded theme");
    let mut site = Site::new(cfg, fiches);
    for f in &mut site.fiches {
        f.html = "<p>Corps</p>".repeat(200);
    }
    let jobs = [fiches::paths::Job::Fiche(3)];
    b.bench(|| fiches::render::pages(&site, &theme, divan::black_box(&jobs)));
}

/// Bodies that once made the Markdown stage quadratic (issue 16), each under the size
/// limit of a fiche: a regression shows as seconds here instead of milliseconds.
fn pathological(kind: &str) -> String {
    let body = match kind {
        "emphasis" => "a**b".repeat(30_000) + &"c*".repeat(30_000),
        "images" => "![[]()".repeat(30_000),
        "footnotes" => {
            let calls: String = (0..15_000).map(|i| format!("x[^{i}] ")).collect();
            let notes: String = (0..15_000).map(|i| format!("[^{i}]: note\n")).collect();
            format!("{calls}\n\n{notes}")
        }
        "table" => {
            let row = |cell: &str| format!("|{}\n", format!("{cell}|").repeat(5_000));
            row("a") + &row("-") + &row("b").repeat(90)
        }
        // A thousand broken links on one line, each reported with its place.
        _ => (0..900)
            .map(|i| format!("[l](manque{i}.md) {}", "x".repeat(1_000)))
            .collect(),
    };
    format!("+++\ntitle = \"P\"\n+++\n{body}\n")
}

#[divan::bench(args = ["emphasis", "images", "footnotes", "table", "broken_links"])]
fn markdown_pathological(b: divan::Bencher, kind: &str) {
    let cfg = config();
    let text = pathological(kind);
    assert!(text.len() <= fiche::MAX_BYTES);
    let (f, _) = fiche::parse(text, Path::new("content/p.md"), "p", None, &cfg);
    let f = f.expect("front matter read");
    let md = Markdown::new(false, cfg.language);
    let links = Links::default();
    b.bench(|| md.render(divan::black_box(&f), &links, "../../"));
}

/// A front matter of 30 000 terms, all to report (no letter) or all repeats.
#[divan::bench(args = ["\"!\"", "\"Été\""])]
fn front_matter_many_terms(b: divan::Bencher, term: &str) {
    let cfg = config();
    let t = format!("+++\ntags = [{}]\n+++\n", vec![term; 30_000].join(", "));
    b.bench(|| {
        fiche::parse(
            divan::black_box(t.clone()),
            Path::new("content/f.md"),
            "f",
            None,
            &cfg,
        )
    });
}

/// A site declaring `n` fields (term lists, all in one variant), filled by 100 fiches:
/// every check of a build but the disk. Each fiche costs what it holds, so the time
/// grows as `n` (it was quadratic: issue 22).
#[divan::bench(args = [3_000, 9_000])]
fn declared_fields(b: divan::Bencher, n: usize) {
    let names: Vec<String> = (0..n).map(|i| format!("\"f{i}\"")).collect();
    let mut toml = format!(
        "title = \"t\"\n[variants.factual]\nfields = [{}]\n",
        names.join(", ")
    );
    for i in 0..n {
        toml.push_str(&format!("[fields.f{i}]\ntype = \"list\"\nfilter = true\n"));
    }
    let per = n / 100;
    let fiches: Vec<(std::path::PathBuf, Vec<u8>)> = (0..100)
        .map(|j| {
            let mut t = format!(
                "+++\ntitle = \"Fiche {j}\"\ndate = 2025-01-01\nvariant = \"factual\"\n\
                 summary = \"Un résumé.\"\nauthors = [\"A B\"]\n"
            );
            for i in j * per..(j + 1) * per {
                t.push_str(&format!("f{i} = [\"valeur {i}\", \"autre\"]\n"));
            }
            t.push_str("+++\n\nCorps.\n");
            (format!("content/f{j}.md").into(), t.into_bytes())
        })
        .collect();
    let opts = fiches::project::Options {
        drafts: true,
        ..Default::default()
    };
    b.bench(|| {
        let sources = fiches::sources::Sources::in_memory(&toml, fiches.clone());
        fiches::project::Project::assemble(divan::black_box(sources), &opts).is_ok()
    });
}

/// A closed list of 1,000 terms and 20,000 fiches each using a term outside it: one
/// suggestion looked for per distinct term, among a bounded set of the list's terms.
#[divan::bench(sample_count = 5)]
fn closed_list_suggestions(b: divan::Bencher) {
    let list: Vec<String> = (0..1_000)
        .map(|i| format!("\"thème numéro {i}\""))
        .collect();
    let cfg = config::parse(&format!(
        "title = \"Banc\"\n[taxonomies.tags]\nterms = [{}]\n",
        list.join(", ")
    ))
    .0
    .expect("valid config");
    let fiches: Vec<Fiche> = (0..20_000)
        .map(|i| {
            let text = format!(
                "+++\ntitle = \"F{i}\"\ndate = 2024-01-01\nvariant = \"factual\"\n\
                 tags = [\"theme numero {}x{i}\"]\n+++\n",
                i % 1_000
            );
            let path = format!("content/f{i}.md");
            fiche::parse(text, Path::new(&path), &format!("f{i}"), None, &cfg)
                .0
                .expect("valid fiche")
        })
        .collect();
    b.bench(|| fiches::check::terms::check(&cfg, divan::black_box(&fiches)));
}

/// One mistyped value against a list of 1,000 (a `choice` field's, say).
#[divan::bench]
fn closest_in_a_long_list(b: divan::Bencher) {
    let list: Vec<String> = (0..1_000).map(|i| format!("valeur {i}")).collect();
    b.bench(|| {
        fiches::fields::closest(
            divan::black_box("valuer 421"),
            list.iter().map(String::as_str),
        )
    });
}
