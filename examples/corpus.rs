//! Generates a large, deterministic corpus of fiches for benchmarks and load tests: a
//! complete `fiches` site (`fiches.toml` and `content/`), and on request the same
//! fiches as a Hugo site, with layouts that produce the same pages, to compare the two.
//!
//! ```sh
//! cargo run --release --example corpus -- --n 10000 --out /tmp/corpus [--seed 42] [--hugo /tmp/corpus-hugo]
//! fiches build /tmp/corpus
//! hugo --quiet -s /tmp/corpus-hugo -d /tmp/corpus-hugo-out
//! ```
//!
//! The text is French-looking, assembled from the phrase lists below (no lorem ipsum).
//! Every fiche follows its variant's `##` sections, holds 600 to 900 words, a bullet
//! list, a numbered list, a table, a blockquote, bold and italic text, an external link,
//! sometimes a footnote, and links to one or two fiches with a smaller number (so every
//! link target exists whatever `--n`). Files are `content/lot-00/fiche-00001.md`, a
//! thousand per folder.
//!
//! The same arguments always give byte-identical files: the only randomness is a
//! SplitMix64 generator seeded from `--seed` (default 42). An output folder must be
//! empty, or one this generator wrote before (its `content/` is then replaced).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: cargo run --release --example corpus -- --n N --out DIR [--seed S] [--hugo HUGO_DIR]

  --n N            number of fiches to write (at least 1)
  --out DIR        the fiches site to write (fiches.toml and content/)
  --seed S         seed of the generator (default 42); same arguments, same files
  --hugo HUGO_DIR  also write the equivalent Hugo site there";

/// First line of the configuration files written, which marks a folder as ours.
const MARKER: &str = "# Corpus généré par examples/corpus.rs";

/// Fiches per folder of `content/`.
const PER_LOT: usize = 1000;

/// Bounds on the number of words in a fiche's body.
const MIN_WORDS: usize = 600;
const MAX_WORDS: usize = 900;

const SUMMARY_MAX_CHARS: usize = 250;

// ---------------------------------------------------------------------------------
// Arguments

struct Args {
    n: usize,
    out: PathBuf,
    seed: u64,
    hugo: Option<PathBuf>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut n, mut out, mut seed, mut hugo) = (None, None, 42u64, None);
    while let Some(arg) = it.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if key == "--help" || key == "-h" {
            return Err(String::new());
        }
        if !matches!(key.as_str(), "--n" | "--out" | "--seed" | "--hugo") {
            return Err(format!("unknown argument `{arg}`"));
        }
        let Some(value) = inline.or_else(|| it.next()) else {
            return Err(format!("`{key}` needs a value"));
        };
        match key.as_str() {
            "--n" => match value.parse::<usize>() {
                Ok(v) if v >= 1 => n = Some(v),
                _ => return Err(format!("`--n` must be a whole number >= 1, not `{value}`")),
            },
            "--seed" => {
                seed = value
                    .parse()
                    .map_err(|_| format!("`--seed` must be a whole number, not `{value}`"))?
            }
            "--out" => out = Some(PathBuf::from(value)),
            _ => hugo = Some(PathBuf::from(value)),
        }
    }
    match (n, out) {
        (Some(n), Some(out)) => Ok(Args { n, out, seed, hugo }),
        (None, _) => Err("`--n` is required".into()),
        (_, None) => Err("`--out` is required".into()),
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let start = Instant::now();
    let fiches = generate(args.n, args.seed);
    let generated = start.elapsed();

    let words: Vec<usize> = fiches.iter().map(Fiche::words).collect();
    let factual = fiches.iter().filter(|f| f.kind == Kind::Factual).count();
    let footnotes = fiches.iter().filter(|f| f.footnote.is_some()).count();
    let updated = fiches.iter().filter(|f| f.updated.is_some()).count();

    let bytes = write_fiches_site(&args.out, &fiches, args.seed)?;
    let mut report = format!(
        "{} fiches ({factual} factual, {} storytelling, {footnotes} with a footnote, {updated} updated), \
         {}-{} words each; {:.1} MB of Markdown in {}",
        fiches.len(),
        fiches.len() - factual,
        words.iter().min().unwrap_or(&0),
        words.iter().max().unwrap_or(&0),
        bytes as f64 / 1e6,
        args.out.display(),
    );
    if let Some(dir) = &args.hugo {
        let bytes = write_hugo_site(dir, &fiches, args.seed)?;
        let _ = write!(
            report,
            "; Hugo site in {} ({:.1} MB of Markdown)",
            dir.display(),
            bytes as f64 / 1e6
        );
    }
    println!(
        "{report}\ngenerated in {:.2?}, written in {:.2?}",
        generated,
        start.elapsed() - generated
    );
    Ok(())
}

// ---------------------------------------------------------------------------------
// Random numbers

/// SplitMix64: tiny, fast, and good enough to pick phrases.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct positions of `0..n`, in the order drawn.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }

    /// Between `lo` and `hi` distinct items, in the order drawn.
    fn some<T: Copy>(&mut self, items: &[T], lo: usize, hi: usize) -> Vec<T> {
        let k = self.range(lo, hi);
        self.sample(items, k)
    }

    /// Between `lo` and `hi` distinct positions of `0..n`.
    fn distinct_between(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.distinct(n, k)
    }

    /// `k` distinct items, in the order drawn.
    fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        self.distinct(items.len(), k)
            .into_iter()
            .map(|i| items[i])
            .collect()
    }
}

// ---------------------------------------------------------------------------------
// Dates

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    year: i64,
    month: u32,
    day: u32,
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------
// Phrase lists

/// Tags: each spelled one single way, no two folding to the same ASCII slug.
const TAGS: [&str; 62] = [
    "réseautage",
    "soirée-débat",
    "pair-aidance",
    "éducation populaire",
    "entraide",
    "quartier",
    "participation",
    "jeunesse",
    "isolement",
    "personnes âgées",
    "accès aux droits",
    "logement",
    "précarité",
    "santé mentale",
    "parentalité",
    "insertion",
    "emploi",
    "bénévolat",
    "médiation",
    "interculturel",
    "alimentation",
    "jardin partagé",
    "café-rencontre",
    "théâtre-forum",
    "numérique",
    "mobilité",
    "handicap",
    "égalité femmes-hommes",
    "migrations",
    "formation",
    "analyse de pratiques",
    "supervision",
    "coopération",
    "partenariat",
    "animation",
    "démocratie locale",
    "budget participatif",
    "écoute",
    "accueil",
    "hébergement",
    "réduction des risques",
    "sport",
    "culture",
    "lecture",
    "décrochage scolaire",
    "familles",
    "aidants",
    "solidarité",
    "économie sociale",
    "travail de rue",
    "maraude",
    "écologie",
    "estime de soi",
    "pouvoir d'agir",
    "récit de vie",
    "atelier d'écriture",
    "fête de quartier",
    "ruralité",
    "groupe de pairs",
    "co-construction",
    "évaluation",
    "intergénérationnel",
];

const THEMES: [&str; 12] = [
    "Participation des habitants",
    "Coopération entre structures",
    "Lien social",
    "Accès aux droits",
    "Jeunesse et familles",
    "Santé et bien-être",
    "Insertion et emploi",
    "Logement et habitat",
    "Culture et éducation populaire",
    "Pratiques professionnelles",
    "Transition écologique",
    "Vivre ensemble",
];

#[derive(Clone, Copy, PartialEq)]
enum Country {
    France,
    Suisse,
    Quebec,
}

const TERRITORIES: [(&str, Country); 26] = [
    ("Haute-Savoie", Country::France),
    ("Savoie", Country::France),
    ("Lyon", Country::France),
    ("Villeurbanne", Country::France),
    ("Grenoble", Country::France),
    ("Seine-Saint-Denis", Country::France),
    ("Marseille", Country::France),
    ("Lille", Country::France),
    ("Nantes", Country::France),
    ("Rennes", Country::France),
    ("Ariège", Country::France),
    ("Drôme", Country::France),
    ("Strasbourg", Country::France),
    ("Genève", Country::Suisse),
    ("Lausanne", Country::Suisse),
    ("Vaud", Country::Suisse),
    ("Fribourg", Country::Suisse),
    ("Neuchâtel", Country::Suisse),
    ("Valais", Country::Suisse),
    ("Jura", Country::Suisse),
    ("Montréal", Country::Quebec),
    ("Québec", Country::Quebec),
    ("Gatineau", Country::Quebec),
    ("Sherbrooke", Country::Quebec),
    ("Saguenay", Country::Quebec),
    ("Bas-Saint-Laurent", Country::Quebec),
];

const FIRST_NAMES: [&str; 44] = [
    "Maëlle",
    "Karim",
    "Nadia",
    "Jérôme",
    "Hélène",
    "Zoé",
    "Anaïs",
    "Noé",
    "Léa",
    "Gaël",
    "Inès",
    "Mathéo",
    "Chloé",
    "Sébastien",
    "Aïcha",
    "Théo",
    "Françoise",
    "Yannick",
    "Élodie",
    "Rachid",
    "Manon",
    "Loïc",
    "Sofia",
    "Benoît",
    "Fatou",
    "Émile",
    "Camille",
    "Joël",
    "Agnès",
    "Mehdi",
    "Solène",
    "Cédric",
    "Amélie",
    "Youssef",
    "Léon",
    "Marième",
    "Gaëtan",
    "Océane",
    "Rémi",
    "Héloïse",
    "Stéphane",
    "Lina",
    "Thérèse",
    "Dounia",
];

/// Subjects of a sentence, and whether the verb takes the plural.
const SUBJECTS: [(&str, bool); 24] = [
    ("les habitantes et habitants du quartier", true),
    ("l'équipe d'animation", false),
    ("les travailleurs sociaux du secteur", true),
    ("le groupe de pairs", false),
    ("plusieurs familles", true),
    ("les bénévoles de l'association", true),
    ("la coordinatrice du projet", false),
    ("les jeunes du foyer", true),
    ("le collectif", false),
    ("les éducatrices de rue", true),
    ("une poignée de voisins", false),
    ("le conseil citoyen", false),
    ("les personnes accueillies", true),
    ("l'animateur du centre social", false),
    ("les parents", true),
    ("la médiatrice", false),
    ("les partenaires du réseau", true),
    ("les participantes", true),
    ("un groupe de retraités", false),
    ("les professionnels de l'accueil", true),
    ("la maison de quartier", false),
    ("les membres du comité de pilotage", true),
    ("l'assistante sociale du secteur", false),
    ("les pairs-aidants", true),
];

/// Verbs in the passé composé: singular, plural.
const VERBS: [(&str, &str); 18] = [
    ("a proposé", "ont proposé"),
    ("a organisé", "ont organisé"),
    ("a imaginé", "ont imaginé"),
    ("a animé", "ont animé"),
    ("a lancé", "ont lancé"),
    ("a repris", "ont repris"),
    ("a co-construit", "ont co-construit"),
    ("a expérimenté", "ont expérimenté"),
    ("a mis en place", "ont mis en place"),
    ("a défendu", "ont défendu"),
    ("a accompagné", "ont accompagné"),
    ("a relancé", "ont relancé"),
    ("a testé", "ont testé"),
    ("a porté", "ont porté"),
    ("a soutenu", "ont soutenu"),
    ("a préparé", "ont préparé"),
    ("a ouvert", "ont ouvert"),
    ("a documenté", "ont documenté"),
];

const COMPLEMENTS: [&str; 30] = [
    "un temps d'échange mensuel",
    "des soirées-débats sur le logement",
    "un café des parents le samedi matin",
    "une permanence d'accès aux droits",
    "un groupe de parole entre pairs",
    "des ateliers de cuisine partagée",
    "une cartographie des ressources du quartier",
    "un annuaire des structures du territoire",
    "des rencontres entre professionnels et habitants",
    "un jardin partagé au pied des immeubles",
    "une fête de quartier",
    "un comptoir des projets",
    "des visites à domicile en binôme",
    "un atelier d'écriture",
    "une analyse de pratiques entre collègues",
    "un forum des associations",
    "des maraudes en soirée",
    "un repas solidaire chaque mois",
    "une formation courte à l'écoute active",
    "un théâtre-forum sur les discriminations",
    "une bourse aux savoirs",
    "un journal de quartier",
    "des balades urbaines commentées",
    "un espace de répit pour les aidants",
    "un conseil de jeunes",
    "des petits-déjeuners partagés",
    "une veille sociale partagée",
    "un débat public sur la mobilité",
    "une soirée de réseautage entre structures",
    "un groupe d'entraide numérique",
];

const ENDINGS: [&str; 20] = [
    "pour rompre l'isolement",
    "avec l'appui du centre social",
    "sans attendre de financement",
    "dès la rentrée de septembre",
    "en s'appuyant sur les savoirs des habitants",
    "à partir des besoins exprimés",
    "dans une salle prêtée par la mairie",
    "au rythme des personnes concernées",
    "avec des moyens très modestes",
    "en lien avec les écoles du secteur",
    "pendant toute une année scolaire",
    "malgré les réticences du début",
    "pour que chacun puisse prendre la parole",
    "en alternant les lieux de rencontre",
    "avec le soutien d'un réseau de partenaires",
    "sur la place du marché",
    "en soirée, après le travail",
    "pour donner envie à d'autres de s'impliquer",
    "en associant les personnes dès la conception",
    "sans jamais forcer la participation",
];

const CONNECTORS: [&str; 14] = [
    "Au fil des mois, ",
    "Très vite, ",
    "Dès le départ, ",
    "Peu à peu, ",
    "Ensuite, ",
    "Au départ, ",
    "Après quelques hésitations, ",
    "L'année suivante, ",
    "En parallèle, ",
    "Concrètement, ",
    "Pendant l'hiver, ",
    "Avec le recul, ",
    "Un peu plus tard, ",
    "Entre-temps, ",
];

const INFINITIVES: [&str; 16] = [
    "trouver une salle accessible",
    "convaincre les partenaires",
    "adapter les horaires",
    "aller chercher les personnes une par une",
    "clarifier le rôle de chacun",
    "prendre le temps de se connaître",
    "apprendre à animer sans diriger",
    "garder une trace de chaque rencontre",
    "rassurer les familles",
    "partager l'information au bon moment",
    "réinventer la façon de se réunir",
    "construire la confiance avec les institutions",
    "laisser la place aux désaccords",
    "faire connaître l'action au-delà du quartier",
    "accueillir les nouveaux sans perdre les anciens",
    "répartir les tâches entre bénévoles et salariés",
];

const QUALITIES: [&str; 12] = [
    "la régularité des rencontres",
    "la convivialité",
    "la place laissée aux habitants",
    "le soutien discret des institutions",
    "l'humour",
    "la présence d'un lieu neutre",
    "un cadre clair et bienveillant",
    "la confiance accordée aux pairs",
    "le temps donné à l'accueil",
    "le bouche-à-oreille",
    "la diversité des profils",
    "la possibilité de venir sans s'inscrire",
];

const OBSERVATIONS: [&str; 18] = [
    "Certaines personnes ne venaient que pour le café ; c'était très bien ainsi.",
    "Les débats ont parfois été vifs, mais toujours respectueux.",
    "La première soirée n'a réuni que six personnes.",
    "Le bouche-à-oreille ? Il a fait le reste.",
    "Personne n'avait prévu un tel engouement !",
    "Les horaires ont dû être revus deux fois.",
    "Les enfants, et leurs grandes sœurs, ont souvent été les meilleurs ambassadeurs du projet.",
    "La question du transport est revenue à chaque réunion.",
    "Le réseau s'est élargi bien au-delà du quartier.",
    "Plusieurs participants ont ensuite pris des responsabilités dans l'association.",
    "Il y a eu des moments de découragement, surtout au début.",
    "Les institutions ont mis du temps à comprendre ce qui se jouait.",
    "Chaque rencontre se terminait autour d'un repas.",
    "Les habitants ont choisi eux-mêmes le nom du projet : « Cœur de quartier ».",
    "Les professionnels ont dû apprendre à se taire et à écouter.",
    "Rien de tout cela n'était prévu dans le projet initial.",
    "Les personnes les plus éloignées sont venues en dernier, mais elles sont venues.",
    "Le groupe a tenu bon malgré le départ de la première animatrice.",
];

const RESULTS: [&str; 12] = [
    "Résultat : des partenariats nés autour d'un café.",
    "Une vingtaine de personnes y viennent désormais chaque mois.",
    "Le projet continue aujourd'hui sans l'équipe de départ.",
    "Trois autres quartiers ont repris l'idée.",
    "Les habitants animent maintenant eux-mêmes les rencontres.",
    "Les structures du territoire se connaissent enfin.",
    "Plusieurs familles ont retrouvé le chemin de leurs droits.",
    "Le groupe est devenu une association à part entière.",
    "La mairie a pérennisé le ﬁnancement.",
    "Des liens durables sont nés entre voisins.",
    "Les jeunes y ont trouvé une place et une voix.",
    "Les professionnels ont changé leur manière de travailler.",
];

const QUOTES: [&str; 20] = [
    "Au début je venais pour le café. Maintenant c'est moi qui ouvre la salle le jeudi.",
    "Je ne connaissais personne dans l'immeuble. Aujourd'hui, je sais à qui frapper quand ça ne va pas.",
    "Ici, on ne me demande pas de remplir un dossier avant de m'écouter.",
    "J'ai découvert que mon expérience pouvait servir à quelqu'un d'autre.",
    "On s'est disputés, on s'est réconciliés, et on a continué.",
    "Ce qui m'a fait revenir ? On m'a appelé par mon prénom.",
    "Prendre la parole devant trente personnes, je n'aurais jamais cru en être capable.",
    "Avant, je voyais les travailleurs sociaux comme des contrôleurs. Maintenant ce sont des alliés.",
    "Le débat m'a fait changer d'avis, et ça ne m'arrive pas souvent.",
    "Mes enfants attendent le samedi toute la semaine !",
    "On a appris à se faire confiance, pas à pas.",
    "Je suis venue pour aider, et c'est moi qui ai été aidée.",
    "On a enfin arrêté de travailler chacun dans son coin.",
    "Ce n'était pas parfait, mais c'était à nous.",
    "Quand on m'a proposé d'animer la séance, j'ai d'abord dit « non ». Puis j'ai dit « oui » !",
    "Le plus dur ? Pousser la porte la première fois.",
    "On ne règle pas tout, mais on n'est plus seuls.",
    "J'ai trouvé ici des gens qui parlent comme moi et qui comprennent.",
    "Le groupe m'a redonné un rythme, et l'envie de sortir de chez moi.",
    "On a osé dire aux élus ce qui n'allait pas ; ils ont écouté.",
];

const ROLES: [&str; 14] = [
    "bénévole",
    "membre du groupe de pairs",
    "parent d'élève",
    "locataire de la résidence",
    "membre du collectif",
    "élève de terminale",
    "membre du conseil citoyen",
    "artiste du quartier",
    "responsable de l'épicerie solidaire",
    "stagiaire en travail social",
    "membre du comité de quartier",
    "parent de trois enfants",
    "habitant de la première heure",
    "fidèle des soirées-débats",
];

const TITLE_HEADS: [&str; 30] = [
    "Un temps d'échange mensuel",
    "Des soirées-débats",
    "Un café des parents",
    "Une permanence d'accès aux droits",
    "Un groupe de parole entre pairs",
    "Des ateliers de cuisine partagée",
    "Une cartographie des ressources",
    "Un annuaire des structures",
    "Des rencontres professionnels-habitants",
    "Un jardin partagé",
    "Une fête de quartier",
    "Un comptoir des projets",
    "Des visites en binôme",
    "Un atelier d'écriture",
    "Une analyse de pratiques",
    "Un forum des associations",
    "Des maraudes du soir",
    "Un repas solidaire",
    "Une formation à l'écoute",
    "Un théâtre-forum",
    "Une bourse aux savoirs",
    "Un journal de quartier",
    "Des balades urbaines",
    "Un espace de répit",
    "Un conseil de jeunes",
    "Des petits-déjeuners partagés",
    "Une veille sociale",
    "Un débat public",
    "Une soirée de réseautage",
    "Un groupe d'entraide numérique",
];

const TITLE_TAILS: [&str; 24] = [
    "pour se connaître entre structures",
    "pour rompre l'isolement",
    "quand le quartier prend la parole",
    "ou comment faire réseau autrement",
    "entre voisins",
    "avec et pour les habitants",
    "qui a changé nos pratiques",
    "pour redonner du pouvoir d'agir",
    "à l'initiative de pairs",
    "sans rendez-vous",
    "hors les murs",
    "pour sortir de l'entre-soi",
    "à hauteur d'habitant",
    "pour les aidants",
    "avec les jeunes",
    "pour débattre sans se fâcher",
    "pour apprendre les uns des autres",
    "pour tout le monde",
    "en milieu rural",
    "au pied des immeubles",
    "pour les familles",
    "entre professionnels",
    "pour faire vivre la démocratie locale",
    "autour d'un café",
];

const PLACES: [&str; 36] = [
    "aux Buissons",
    "aux Tilleuls",
    "à la Cité des Fleurs",
    "au Grand Pré",
    "aux Glycines",
    "à Belle-Rive",
    "au Val Fleuri",
    "aux Capucins",
    "au Mont-Joli",
    "à la Source",
    "aux Peupliers",
    "au Clos Saint-Jean",
    "aux Érables",
    "à la Butte",
    "au Petit-Bois",
    "aux Acacias",
    "à Champ-Fleury",
    "aux Hautes-Rives",
    "au Vieux-Port",
    "à la Croisée",
    "aux Marronniers",
    "au Pré-Vert",
    "à Bel-Air",
    "aux Saules",
    "à la Verrerie",
    "au Moulin",
    "aux Charmilles",
    "à la Gare",
    "au Bourg",
    "aux Lilas",
    "à l'Étang",
    "aux Cèdres",
    "au Faubourg",
    "à la Colline",
    "aux Vergers",
    "à Sainte-Anne",
];

const ORG_KINDS: [&str; 10] = [
    "Association",
    "Centre social",
    "Maison de quartier",
    "Collectif",
    "Service social",
    "Foyer",
    "Espace de vie sociale",
    "Régie de quartier",
    "Mission locale",
    "Centre communautaire",
];

const ORG_NAMES: [&str; 16] = [
    "Passerelles",
    "des Tilleuls",
    "Le Lien",
    "Horizons",
    "La Boussole",
    "Trait d'union",
    "Les Glycines",
    "L'Escale",
    "Pas à pas",
    "Le Relais",
    "Cap Solidarité",
    "La Ruche",
    "Les Quatre Vents",
    "L'Îlot",
    "Entre-deux",
    "La Fabrique",
];

const PARTNERS: [&str; 16] = [
    "Centre social des Tilleuls",
    "Mairie de quartier",
    "Bibliothèque municipale",
    "Mission locale",
    "Conseil départemental",
    "Caisse d'allocations familiales",
    "Collège Jean-Moulin",
    "Centre de santé communautaire",
    "Banque alimentaire",
    "Théâtre de la Cité",
    "Office public de l'habitat",
    "Maison des jeunes et de la culture",
    "Association des locataires",
    "Université populaire",
    "Épicerie solidaire",
    "Réseau d'échanges réciproques de savoirs",
];

const AUDIENCES: [&str; 12] = [
    "Habitants du quartier",
    "Travailleurs sociaux",
    "Animateurs",
    "Familles",
    "Jeunes de 16 à 25 ans",
    "Personnes âgées isolées",
    "Personnes en situation de précarité",
    "Bénévoles",
    "Parents",
    "Personnes exilées",
    "Aidants familiaux",
    "Professionnels de santé",
];

const BUDGET_NOTES: [&str; 6] = [
    "salle et repas partagés",
    "temps d'animation compris",
    "subvention municipale",
    "fonds propres",
    "appel à projets",
    "sans compter le bénévolat",
];

const COLLECTIVE_KINDS: [&str; 8] = [
    "Les jardiniers",
    "Le collectif des habitants",
    "Les voisines et voisins",
    "Le groupe de pairs",
    "Les parents",
    "Le réseau d'entraide",
    "Les jeunes",
    "L'atelier des habitants",
];

const OBJECTIVES: [&str; 14] = [
    "Rompre l'isolement des personnes âgées",
    "Faire se rencontrer des structures qui s'ignoraient",
    "Donner la parole aux habitants",
    "Faciliter l'accès aux droits",
    "Créer un lieu de débat ouvert à tous",
    "Valoriser les savoirs d'expérience",
    "Renforcer l'entraide entre voisins",
    "Outiller les professionnels",
    "Sortir les jeunes de l'entre-soi",
    "Soutenir les parents dans leur rôle",
    "Construire des partenariats durables",
    "Rendre visibles les initiatives existantes",
    "Permettre aux pairs-aidants de trouver leur place",
    "Apaiser les tensions dans le quartier",
];

const NEEDS: [&str; 10] = [
    "un lieu pour se retrouver",
    "du temps, surtout",
    "des relais dans les institutions",
    "la confiance des familles",
    "un peu d'argent pour les repas",
    "quelqu'un pour animer sans tout décider",
    "des nouvelles des voisins",
    "une raison de sortir de chez soi",
    "des occasions de parler d'autre chose que des problèmes",
    "l'envie de faire ensemble",
];

/// Steps, in a sensible order: a fiche takes some of them, keeping the order.
const STEPS: [&str; 12] = [
    "Repérer les personnes et les structures intéressées",
    "Présenter le projet aux élus et aux partenaires",
    "Organiser une première réunion ouverte",
    "Choisir ensemble un nom et des règles de fonctionnement",
    "Monter un petit budget",
    "Former les bénévoles à l'animation",
    "Fixer un rythme de rencontres",
    "Inviter un intervenant extérieur",
    "Faire un premier bilan avec les participants",
    "Ajuster le format",
    "Passer le relais à un groupe d'habitants",
    "Écrire cette fiche pour partager l'expérience",
];

/// Rows of the factual table: resource, detail, unit of its volume.
const RESOURCES: [(&str, &str, &str); 8] = [
    (
        "Temps de travail",
        "coordination par l'animatrice",
        "heures par mois",
    ),
    ("Salle", "prêtée par la mairie", "soirées"),
    ("Repas partagés", "courses et boissons", "€"),
    ("Bénévoles", "accueil et animation", "personnes"),
    ("Communication", "affiches et tracts", "€"),
    ("Intervenants", "deux soirées thématiques", "€"),
    ("Transport", "minibus du centre social", "trajets"),
    ("Matériel", "jeux, vaisselle et sonorisation", "€"),
];

/// Rows of the storytelling table: before, after, for whom.
const CHANGES: [(&str, &str, &str); 8] = [
    (
        "on se croisait sans se parler",
        "on se salue et on s'entraide",
        "les voisins",
    ),
    (
        "personne n'osait pousser la porte",
        "la salle est pleine le jeudi",
        "les familles",
    ),
    (
        "chaque structure travaillait seule",
        "un réseau se réunit chaque trimestre",
        "les professionnels",
    ),
    (
        "les jeunes restaient en bas des tours",
        "ils animent eux-mêmes un atelier",
        "les jeunes",
    ),
    (
        "les démarches faisaient peur",
        "on s'accompagne à plusieurs",
        "les personnes accueillies",
    ),
    ("on parlait des habitants", "on parle avec eux", "l'équipe"),
    (
        "les aidants s'épuisaient en silence",
        "ils ont un temps de répit chaque mois",
        "les aidants",
    ),
    (
        "les débats tournaient au conflit",
        "on sait se contredire sans se fâcher",
        "le conseil citoyen",
    ),
];

/// Sentences leading to another fiche: before, link text, after.
const FICHE_LINKS: [(&str, &str, &str); 6] = [
    (
        "Une démarche comparable est racontée dans ",
        "cette autre fiche",
        ".",
    ),
    (
        "Nous nous sommes inspirés d'",
        "une action proche",
        ", menée ailleurs.",
    ),
    (
        "Pour une autre manière de faire, voir ",
        "l'expérience voisine",
        ".",
    ),
    (
        "L'idée venait en partie de ",
        "ce projet mené ailleurs",
        ", que nous avions lu avec attention.",
    ),
    (
        "On trouvera une suite possible dans ",
        "la fiche d'un réseau ami",
        ".",
    ),
    (
        "Ce travail prolonge ",
        "une expérience déjà publiée ici",
        " par d'autres équipes.",
    ),
];

/// Sentences with an external link: before, link text, URL path, after.
const EXTERNAL_LINKS: [(&str, &str, &str, &str); 5] = [
    (
        "Le compte rendu complet est en ligne sur ",
        "le site du réseau",
        "comptes-rendus",
        ".",
    ),
    (
        "La méthode s'inspire d'",
        "un guide d'éducation populaire",
        "guides",
        ", librement accessible.",
    ),
    (
        "Les outils d'animation sont décrits dans ",
        "une boîte à outils partagée",
        "outils",
        ".",
    ),
    (
        "Nous avons publié ",
        "le bilan détaillé",
        "bilans",
        " pour celles et ceux qui voudraient se lancer.",
    ),
    (
        "Un court film présente ",
        "la démarche en images",
        "videos",
        ".",
    ),
];

const FOOTNOTES: [&str; 5] = [
    "Chiffres issus du bilan annuel de l'association.",
    "Les prénoms ont été changés à la demande des personnes.",
    "Voir le compte rendu de la réunion de bilan, disponible sur demande.",
    "Le dispositif a été présenté lors d'une journée régionale du réseau.",
    "Estimation faite avec les participants lors de la dernière rencontre.",
];

const FACTUAL_SECTIONS: [&str; 5] = [
    "Contexte",
    "Objectifs",
    "Actions menées",
    "Moyens",
    "Résultats",
];
const STORY_SECTIONS: [&str; 3] = ["Le point de départ", "Le récit", "Ce que ça a changé"];

// ---------------------------------------------------------------------------------
// The model of a fiche

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Factual,
    Story,
}

enum Inline {
    Text(String),
    /// A link to fiche number `target` (1-based).
    Fiche {
        text: &'static str,
        target: usize,
    },
    External {
        text: &'static str,
        url: String,
    },
    FootnoteRef,
}

type Sentence = Vec<Inline>;

enum Block {
    Para(Vec<Sentence>),
    Bullets(String, Vec<String>),
    Numbered(String, Vec<String>),
    Table(String, [&'static str; 3], Vec<[String; 3]>),
    Quote(&'static str, String),
}

struct Section {
    heading: &'static str,
    blocks: Vec<Block>,
}

struct Testimony {
    name: &'static str,
    role: &'static str,
    quote: &'static str,
}

struct Fiche {
    /// 1-based.
    index: usize,
    kind: Kind,
    title: String,
    date: Date,
    updated: Option<Date>,
    summary: String,
    authors: Vec<&'static str>,
    collective: Option<String>,
    tags: Vec<&'static str>,
    themes: Vec<&'static str>,
    territory: &'static str,
    organization: Option<String>,
    period: Option<String>,
    audience: Vec<&'static str>,
    partners: Vec<&'static str>,
    budget: Option<String>,
    contact: Option<String>,
    testimonies: Vec<Testimony>,
    sections: Vec<Section>,
    footnote: Option<&'static str>,
}

/// Words of a text: runs of non-space characters holding a letter or a digit.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn sentence_words(s: &Sentence) -> usize {
    s.iter()
        .map(|i| match i {
            Inline::Text(t) => count_words(t),
            Inline::Fiche { text, .. } | Inline::External { text, .. } => count_words(text),
            Inline::FootnoteRef => 0,
        })
        .sum()
}

impl Block {
    fn words(&self) -> usize {
        match self {
            Block::Para(sentences) => sentences.iter().map(sentence_words).sum(),
            Block::Bullets(intro, items) | Block::Numbered(intro, items) => {
                count_words(intro) + items.iter().map(|i| count_words(i)).sum::<usize>()
            }
            Block::Table(intro, head, rows) => {
                count_words(intro)
                    + head.iter().map(|c| count_words(c)).sum::<usize>()
                    + rows.iter().flatten().map(|c| count_words(c)).sum::<usize>()
            }
            Block::Quote(quote, who) => count_words(quote) + count_words(who),
        }
    }
}

impl Fiche {
    /// Words of the body as a reader sees it: headings and text, not Markdown syntax.
    fn words(&self) -> usize {
        self.sections
            .iter()
            .map(|s| count_words(s.heading) + s.blocks.iter().map(Block::words).sum::<usize>())
            .sum::<usize>()
            + self.footnote.map_or(0, count_words)
    }

    fn lot(&self) -> usize {
        lot_of(self.index)
    }
}

fn lot_of(index: usize) -> usize {
    (index - 1) / PER_LOT
}

fn file_name(index: usize) -> String {
    format!("fiche-{index:05}")
}

fn lot_name(lot: usize) -> String {
    format!("lot-{lot:02}")
}

// ---------------------------------------------------------------------------------
// Generation

fn generate(n: usize, seed: u64) -> Vec<Fiche> {
    let mut titles = BTreeSet::new();
    (1..=n)
        .map(|index| {
            let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
            let title = unique_title(&mut rng, &mut titles);
            fiche(&mut rng, index, title)
        })
        .collect()
}

/// A title no earlier fiche has; after a few draws, a place and a number make it so.
fn unique_title(rng: &mut Rng, used: &mut BTreeSet<String>) -> String {
    for _ in 0..12 {
        let title = format!(
            "{} {} {}",
            rng.pick(&TITLE_HEADS),
            rng.pick(&TITLE_TAILS),
            rng.pick(&PLACES)
        );
        if used.insert(title.clone()) {
            return title;
        }
    }
    let base = format!("{} {}", rng.pick(&TITLE_HEADS), rng.pick(&PLACES));
    (2..)
        .map(|k| format!("{base}, saison {k}"))
        .find(|t| used.insert(t.clone()))
        .unwrap_or(base)
}

fn fiche(rng: &mut Rng, index: usize, title: String) -> Fiche {
    let kind = if rng.one_in(2) {
        Kind::Factual
    } else {
        Kind::Story
    };
    let year = rng.range(2015, 2025) as i64;
    let month = rng.range(1, 12) as u32;
    let first = Date {
        year,
        month,
        day: 1,
    };
    let next_month = Date {
        year: year + i64::from(month == 12),
        month: month % 12 + 1,
        day: 1,
    };
    let days_in_month = (next_month.days() - first.days()) as usize;
    let date = Date {
        year,
        month,
        day: rng.range(1, days_in_month) as u32,
    };
    // Now and then an update, later than the date but not past 2025.
    let last = Date {
        year: 2025,
        month: 12,
        day: 31,
    };
    let room = (last.days() - date.days()).min(700) as usize;
    let updated = (rng.one_in(50) && room > 0)
        .then(|| Date::from_days(date.days() + rng.range(1, room) as i64));

    let (territory, country) = rng.pick(&TERRITORIES);
    let tags = rng.some(&TAGS, 2, 5);
    let themes = rng.some(&THEMES, 1, 2);
    let names = rng.sample(&FIRST_NAMES, 5);

    let mut f = Fiche {
        index,
        kind,
        title,
        date,
        updated,
        summary: summary(rng),
        authors: Vec::new(),
        collective: None,
        tags,
        themes,
        territory,
        organization: None,
        period: None,
        audience: Vec::new(),
        partners: Vec::new(),
        budget: None,
        contact: None,
        testimonies: Vec::new(),
        sections: Vec::new(),
        footnote: None,
    };
    match kind {
        Kind::Factual => {
            f.authors = names[..rng.range(1, 2)].to_vec();
            if rng.one_in(4) {
                f.collective = Some(format!("Réseau des travailleurs sociaux ({territory})"));
            }
            let (k, nm) = (rng.below(ORG_KINDS.len()), rng.below(ORG_NAMES.len()));
            f.organization = Some(format!("{} {}", ORG_KINDS[k], ORG_NAMES[nm]));
            f.contact = Some(format!(
                "contact@structure-{}.example",
                k * ORG_NAMES.len() + nm + 1
            ));
            f.period = Some(period(rng, date));
            f.audience = rng.some(&AUDIENCES, 1, 3);
            f.partners = rng.some(&PARTNERS, 1, 3);
            f.budget = Some(budget(rng, country));
        }
        Kind::Story => {
            f.collective = Some(format!(
                "{} {}",
                rng.pick(&COLLECTIVE_KINDS),
                of_place(rng.pick(&PLACES))
            ));
            if rng.one_in(2) {
                f.authors = names[..rng.range(1, 2)].to_vec();
            }
            let quotes = rng.sample(&QUOTES, 3);
            f.testimonies = (0..rng.range(1, 3))
                .map(|i| Testimony {
                    name: names[2 + i],
                    role: rng.pick(&ROLES),
                    quote: quotes[i],
                })
                .collect();
        }
    }
    (f.sections, f.footnote) = body(rng, &f, &names);
    f
}

/// `aux Buissons` → `des Buissons`, `au Moulin` → `du Moulin`, `à la Source` → `de la Source`.
fn of_place(place: &str) -> String {
    for (at, of) in [("aux ", "des "), ("au ", "du "), ("à ", "de ")] {
        if let Some(rest) = place.strip_prefix(at) {
            return format!("{of}{rest}");
        }
    }
    place.to_string()
}

fn summary(rng: &mut Rng) -> String {
    let (subject, plural) = rng.pick(&SUBJECTS);
    let (one, many) = rng.pick(&VERBS);
    let first = format!(
        "{} {} {} {}.",
        capitalise(subject),
        if plural { many } else { one },
        rng.pick(&COMPLEMENTS),
        rng.pick(&ENDINGS)
    );
    let full = format!("{first} {}", rng.pick(&RESULTS));
    if full.chars().count() < SUMMARY_MAX_CHARS {
        full
    } else {
        first
    }
}

fn period(rng: &mut Rng, date: Date) -> String {
    // Months counted from year 0; the action ends before the fiche is written.
    let end = date.year * 12 + i64::from(date.month) - 1 - rng.range(0, 6) as i64;
    let start = end - rng.range(3, 18) as i64;
    let name = |m: i64| (MONTHS[m.rem_euclid(12) as usize], m.div_euclid(12));
    let ((m1, y1), (m2, y2)) = (name(start), name(end));
    format!("{} {y1} – {m2} {y2}", capitalise(m1))
}

/// `12 400` with a space between thousands.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn budget(rng: &mut Rng, country: Country) -> String {
    if rng.one_in(12) {
        return "Aucun budget spécifique (bénévolat)".into();
    }
    let amount = thousands(rng.range(2, 250) * 100);
    let note = rng.pick(&BUDGET_NOTES);
    match country {
        Country::France => format!("{amount} € ({note})"),
        Country::Suisse => format!("{amount} CHF ({note})"),
        Country::Quebec => format!("{amount} $ ({note})"),
    }
}

/// An ordinary sentence about the action; `bold` and `italic` force the emphasis that
/// is otherwise drawn now and then.
fn sentence(rng: &mut Rng, kind: Kind, bold: bool, italic: bool) -> String {
    let complement = |rng: &mut Rng| {
        let c = rng.pick(&COMPLEMENTS);
        if bold || rng.one_in(12) {
            format!("**{c}**")
        } else {
            c.to_string()
        }
    };
    let ending = |rng: &mut Rng| {
        let e = rng.pick(&ENDINGS);
        if italic || rng.one_in(14) {
            format!(" *{e}*")
        } else if rng.one_in(3) {
            String::new()
        } else {
            format!(" {e}")
        }
    };
    let (subject, plural) = rng.pick(&SUBJECTS);
    let (one, many) = rng.pick(&VERBS);
    let verb = if plural { many } else { one };
    let choice = if bold || italic { 0 } else { rng.below(8) };
    match choice {
        0..=2 => {
            let c = complement(rng);
            let e = ending(rng);
            if rng.one_in(2) {
                format!("{}{subject} {verb} {c}{e}.", rng.pick(&CONNECTORS))
            } else {
                format!("{} {verb} {c}{e}.", capitalise(subject))
            }
        }
        3 if kind == Kind::Story => {
            let c = complement(rng);
            let e = ending(rng);
            format!("Nous avons {} {c}{e}.", &many[4..])
        }
        3 | 4 => {
            let e = ending(rng);
            format!("Il a fallu {}{e}.", rng.pick(&INFINITIVES))
        }
        5 => {
            let inf = rng.pick(&INFINITIVES);
            let c = complement(rng);
            format!("Pour {inf}, {subject} {verb} {c}.")
        }
        6 => format!(
            "Ce qui a fait la différence, c'est {}.",
            rng.pick(&QUALITIES)
        ),
        _ => rng.pick(&OBSERVATIONS).to_string(),
    }
}

fn text(s: String) -> Sentence {
    vec![Inline::Text(s)]
}

/// The body and its footnote: every section of the variant, the required blocks, then sentences added
/// here and there until the drawn number of words is reached.
fn body(rng: &mut Rng, f: &Fiche, names: &[&'static str]) -> (Vec<Section>, Option<&'static str>) {
    let headings: &[&'static str] = match f.kind {
        Kind::Factual => &FACTUAL_SECTIONS,
        Kind::Story => &STORY_SECTIONS,
    };
    let mut sections: Vec<Section> = headings
        .iter()
        .map(|h| Section {
            heading: h,
            blocks: Vec::new(),
        })
        .collect();
    let last = sections.len() - 1;
    // One opening paragraph per section; the first carries bold, the last italic.
    for (i, s) in sections.iter_mut().enumerate() {
        let first = text(sentence(rng, f.kind, i == 0, i == last));
        s.blocks.push(Block::Para(vec![first]));
    }

    let bullets = match f.kind {
        Kind::Factual => Block::Bullets(
            "Nous nous étions fixé quelques objectifs simples :".into(),
            rng.some(&OBJECTIVES, 3, 5)
                .into_iter()
                .map(String::from)
                .collect(),
        ),
        Kind::Story => Block::Bullets(
            "Ce qui nous manquait, au fond :".into(),
            rng.some(&NEEDS, 3, 5)
                .into_iter()
                .map(String::from)
                .collect(),
        ),
    };
    let mut steps = rng.distinct_between(STEPS.len(), 3, 5);
    steps.sort_unstable();
    let numbered = Block::Numbered(
        "Les étapes, dans l'ordre :".into(),
        steps.into_iter().map(|i| STEPS[i].to_string()).collect(),
    );
    let rows = rng.range(3, 5);
    let table = match f.kind {
        Kind::Factual => Block::Table(
            "Les moyens mobilisés sur la période :".into(),
            ["Ressource", "Détail", "Volume"],
            rng.sample(&RESOURCES, rows)
                .into_iter()
                .map(|(r, d, unit)| {
                    let n = if unit == "€" {
                        rng.range(1, 60) * 50
                    } else {
                        rng.range(2, 40)
                    };
                    [r.to_string(), d.to_string(), format!("{n} {unit}")]
                })
                .collect(),
        ),
        Kind::Story => Block::Table(
            "Ce que nous avons vu changer :".into(),
            ["Avant", "Après", "Pour qui"],
            rng.sample(&CHANGES, rows)
                .into_iter()
                .map(|(a, b, c)| [capitalise(a), capitalise(b), capitalise(c)])
                .collect(),
        ),
    };
    let quote = Block::Quote(
        rng.pick(&QUOTES),
        format!("{}, {}", names[rng.below(names.len())], rng.pick(&ROLES)),
    );
    // Where each required block goes, section by section.
    let places: [usize; 4] = match f.kind {
        Kind::Factual => [1, 2, 3, 4],
        Kind::Story => [0, 1, 2, 1],
    };
    for (block, at) in [bullets, numbered, table, quote].into_iter().zip(places) {
        sections[at].blocks.push(block);
    }

    // Paragraphs after the blocks, so that sections do not end on a list.
    for s in sections.iter_mut() {
        s.blocks
            .push(Block::Para(vec![text(sentence(rng, f.kind, false, false))]));
    }

    let mut specials: Vec<Sentence> = Vec::new();
    let (before, link, path, after) = rng.pick(&EXTERNAL_LINKS);
    specials.push(vec![
        Inline::Text(before.into()),
        Inline::External {
            text: link,
            url: format!("https://exemple.org/{path}/action-{}", f.index),
        },
        Inline::Text(after.into()),
    ]);
    let links = rng.range(1, 2).min(f.index - 1);
    for _ in 0..links {
        let target = if rng.one_in(2) {
            f.index - rng.range(1, (f.index - 1).min(40))
        } else {
            rng.range(1, f.index - 1)
        };
        let (before, link, after) = rng.pick(&FICHE_LINKS);
        specials.push(vec![
            Inline::Text(before.into()),
            Inline::Fiche { text: link, target },
            Inline::Text(after.into()),
        ]);
    }
    let footnote = rng.one_in(3).then(|| rng.pick(&FOOTNOTES));
    if footnote.is_some() {
        let mut s = text(format!(
            "En tout, près de {} personnes ont participé à au moins une rencontre.",
            rng.range(12, 240)
        ));
        s.push(Inline::FootnoteRef);
        specials.push(s);
    }
    for s in specials {
        push_sentence(rng, &mut sections, s);
    }

    let target = rng.range(MIN_WORDS + 20, MAX_WORDS - 50);
    let mut words = sections
        .iter()
        .map(|s| count_words(s.heading) + s.blocks.iter().map(Block::words).sum::<usize>())
        .sum::<usize>()
        + footnote.map_or(0, count_words);
    // Sentences already used, so that a fiche does not repeat itself (short ones could).
    let mut seen = BTreeSet::new();
    while words < target {
        let mut s = sentence(rng, f.kind, false, false);
        for _ in 0..8 {
            if !seen.contains(&s) {
                break;
            }
            s = sentence(rng, f.kind, false, false);
        }
        let s = text(s);
        words += sentence_words(&s);
        if let Some(Inline::Text(t)) = s.first() {
            seen.insert(t.clone());
        }
        push_sentence(rng, &mut sections, s);
    }
    (sections, footnote)
}

/// Adds a sentence to a paragraph drawn at random; a long paragraph is split first.
fn push_sentence(rng: &mut Rng, sections: &mut [Section], s: Sentence) {
    let paras: Vec<(usize, usize)> = sections
        .iter()
        .enumerate()
        .flat_map(|(i, sec)| {
            sec.blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(b, Block::Para(_)))
                .map(move |(j, _)| (i, j))
        })
        .collect();
    let (i, j) = rng.pick(&paras);
    let blocks = &mut sections[i].blocks;
    if let Block::Para(sentences) = &mut blocks[j] {
        if sentences.len() >= 4 && rng.one_in(2) {
            blocks.insert(j + 1, Block::Para(vec![s]));
        } else {
            sentences.push(s);
        }
    }
}

// ---------------------------------------------------------------------------------
// Writing

/// Where links to other fiches lead.
#[derive(Clone, Copy)]
enum Flavour {
    /// The file's path, relative to the linking fiche's folder.
    Fiches,
    /// The page's URL, relative to the linking page (`/fiches/fiche-00001/`).
    Hugo,
}

fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| toml_str(s.as_ref())).collect();
    format!("[{}]", inner.join(", "))
}

/// A fiche's file with the typography of French word processors (Word, LibreOffice
/// and macOS type it by themselves), so that every build of the corpus meets it.
fn render(f: &Fiche, flavour: Flavour) -> String {
    typography(&render_plain(f, flavour))
}

/// French typography: a no-break space (U+00A0) before `:` and inside « », a narrow
/// one (U+202F) before `;` `!` `?` and between thousands, before `€` a no-break
/// space, and curly apostrophes (’) between letters. Markdown and TOML syntax hold
/// none of these patterns (`[^1]:` has no space before its colon).
fn typography(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 1);
        let thousands = || {
            prev.is_some_and(|p| p.is_ascii_digit())
                && (1..=3).all(|k| at(i + k).is_some_and(|d| d.is_ascii_digit()))
                && !at(i + 4).is_some_and(|d| d.is_ascii_digit())
        };
        match c {
            ' ' if next == Some(':') && at(i + 2).is_none_or(char::is_whitespace) => {
                out.push('\u{a0}')
            }
            ' ' if matches!(next, Some(';' | '!' | '?')) => out.push('\u{202f}'),
            ' ' if prev == Some('«') || next == Some('»') || next == Some('€') => {
                out.push('\u{a0}')
            }
            ' ' if thousands() => out.push('\u{202f}'),
            '\'' if prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic) =>
            {
                out.push('’')
            }
            c => out.push(c),
        }
    }
    out
}

fn render_plain(f: &Fiche, flavour: Flavour) -> String {
    let mut out = String::with_capacity(8192);
    out.push_str("+++\n");
    let mut kv = |k: &str, v: String| {
        out.push_str(k);
        out.push_str(" = ");
        out.push_str(&v);
        out.push('\n');
    };
    kv("title", toml_str(&f.title));
    kv("date", f.date.iso());
    if let Some(u) = f.updated {
        kv("updated", u.iso());
    }
    let variant = match f.kind {
        Kind::Factual => "factual",
        Kind::Story => "storytelling",
    };
    kv("variant", toml_str(variant));
    kv("summary", toml_str(&f.summary));
    if let Some(c) = &f.collective {
        kv("collective", toml_str(c));
    }
    if !f.authors.is_empty() {
        kv("authors", toml_list(&f.authors));
    }
    kv("tags", toml_list(&f.tags));
    kv("themes", toml_list(&f.themes));
    kv("territory", toml_str(f.territory));
    if let Some(o) = &f.organization {
        kv("organization", toml_str(o));
    }
    if let Some(p) = &f.period {
        kv("period", toml_str(p));
    }
    if !f.audience.is_empty() {
        kv("audience", toml_list(&f.audience));
    }
    if !f.partners.is_empty() {
        kv("partners", toml_list(&f.partners));
    }
    if let Some(b) = &f.budget {
        kv("budget", toml_str(b));
    }
    if let Some(c) = &f.contact {
        kv("contact", toml_str(c));
    }
    for t in &f.testimonies {
        let _ = write!(
            out,
            "\n[[testimonies]]\nname = {}\nrole = {}\nquote = {}\nconsent = true\n",
            toml_str(t.name),
            toml_str(t.role),
            toml_str(t.quote)
        );
    }
    out.push_str("+++\n");

    for s in &f.sections {
        let _ = write!(out, "\n## {}\n", s.heading);
        for b in &s.blocks {
            out.push('\n');
            render_block(&mut out, b, f, flavour);
        }
    }
    if let Some(note) = f.footnote {
        let _ = write!(out, "\n[^1]: {note}\n");
    }
    out
}

fn render_block(out: &mut String, b: &Block, f: &Fiche, flavour: Flavour) {
    match b {
        Block::Para(sentences) => {
            for (i, s) in sentences.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                for inline in s {
                    match inline {
                        Inline::Text(t) => out.push_str(t),
                        Inline::Fiche { text, target } => {
                            let _ = write!(out, "[{text}]({})", fiche_link(f, *target, flavour));
                        }
                        Inline::External { text, url } => {
                            let _ = write!(out, "[{text}]({url})");
                        }
                        Inline::FootnoteRef => out.push_str("[^1]"),
                    }
                }
            }
            out.push('\n');
        }
        Block::Bullets(intro, items) => {
            let _ = writeln!(out, "{intro}\n");
            for i in items {
                let _ = writeln!(out, "- {i}");
            }
        }
        Block::Numbered(intro, items) => {
            let _ = writeln!(out, "{intro}\n");
            for (n, i) in items.iter().enumerate() {
                let _ = writeln!(out, "{}. {i}", n + 1);
            }
        }
        Block::Table(intro, head, rows) => {
            let _ = writeln!(out, "{intro}\n");
            let _ = writeln!(out, "| {} | {} | {} |", head[0], head[1], head[2]);
            out.push_str("|---|---|---|\n");
            for r in rows {
                let _ = writeln!(out, "| {} | {} | {} |", r[0], r[1], r[2]);
            }
        }
        Block::Quote(quote, who) => {
            let _ = writeln!(out, "> {quote}\n>\n> — {who}");
        }
    }
}

fn fiche_link(from: &Fiche, target: usize, flavour: Flavour) -> String {
    match flavour {
        Flavour::Fiches if lot_of(target) == from.lot() => format!("{}.md", file_name(target)),
        Flavour::Fiches => format!("../{}/{}.md", lot_name(lot_of(target)), file_name(target)),
        Flavour::Hugo => format!("../{}/", file_name(target)),
    }
}

/// Makes `dir` ready: it must be missing, empty, or written by this generator (whose
/// `generated` folders are then removed, so no fiche of a larger run stays behind).
fn prepare(dir: &Path, config: &str, generated: &[&str]) -> Result<(), String> {
    let shown = dir.display();
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| format!("{shown}: {e}"))?;
        if entries.next().is_some() {
            let ours = std::fs::read_to_string(dir.join(config))
                .map(|s| s.starts_with(MARKER))
                .unwrap_or(false);
            if !ours {
                return Err(format!(
                    "{shown} is not empty and was not written by this generator (no `{config}` starting with `{MARKER}`)"
                ));
            }
            for g in generated {
                let sub = dir.join(g);
                if sub.exists() {
                    std::fs::remove_dir_all(&sub).map_err(|e| format!("{}: {e}", sub.display()))?;
                }
            }
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{shown}: {e}"))
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes every fiche under `content`, one folder per lot; returns the bytes written.
fn write_fiches(content: &Path, fiches: &[Fiche], flavour: Flavour) -> Result<usize, String> {
    let lots = fiches.last().map_or(0, |f| f.lot() + 1);
    for lot in 0..lots {
        let d = content.join(lot_name(lot));
        std::fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    // Rendering and writing are independent per fiche: share them among threads.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = fiches.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = fiches
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> Result<usize, String> {
                    let mut bytes = 0;
                    for f in part {
                        let text = render(f, flavour);
                        bytes += text.len();
                        let path = content
                            .join(lot_name(f.lot()))
                            .join(format!("{}.md", file_name(f.index)));
                        write(&path, &text)?;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a writer thread panicked".into()))
            })
            .sum()
    })
}

fn write_fiches_site(dir: &Path, fiches: &[Fiche], seed: u64) -> Result<usize, String> {
    prepare(dir, "fiches.toml", &["content"])?;
    let config = format!(
        "{MARKER} (--n {} --seed {seed}) ; ne pas modifier à la main.\n\
         title = \"Corpus de fiches expérience\"\n\
         description = \"Des fiches générées pour mesurer et éprouver fiches : des actions, des récits, des réseaux.\"\n\
         base_url = \"https://exemple.org/corpus/\"\n\
         language = \"fr\"\n",
        fiches.len()
    );
    write(&dir.join("fiches.toml"), &config)?;
    write_fiches(&dir.join("content"), fiches, Flavour::Fiches)
}

// ---------------------------------------------------------------------------------
// The Hugo site

const HUGO_CONFIG: &str = r##"baseURL = "https://exemple.org/corpus/"
languageCode = "fr"
defaultContentLanguage = "fr"
title = "Corpus de fiches expérience"
disableKinds = ["RSS", "sitemap", "robotsTXT", "section"]
removePathAccents = true
paginate = 100000
enableGitInfo = false

[params]
description = "Des fiches générées pour mesurer et éprouver fiches : des actions, des récits, des réseaux."
months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]

# One page per fiche at /fiches/NAME/, as fiches does, whatever its folder.
[permalinks]
fiches = "/fiches/:filename/"

[taxonomies]
tag = "tags"
theme = "themes"

[markup.goldmark.renderer]
unsafe = false

[markup.goldmark.parser]
autoHeadingID = true

[markup.goldmark.extensions]
footnote = true
table = true
strikethrough = true
linkify = true
taskList = true
typographer = false
definitionList = false
"##;

const HUGO_LAYOUTS: [(&str, &str); 13] = [
    (
        "_default/baseof.html",
        r##"<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">
{{ else }}{{ with site.Params.description }}<meta name="description" content="{{ . }}">
{{ end }}{{ end }}<link rel="canonical" href="{{ .Permalink }}">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header">
  <div class="wrap site-header__inner">
    <a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    <nav aria-label="Navigation principale">
      <ul class="nav">
        <li><a href="{{ site.Home.RelPermalink }}"{{ if .IsHome }} aria-current="page"{{ end }}>Toutes les fiches</a></li>
        <li><a href="{{ "themes/" | relURL }}"{{ if and (eq .Kind "taxonomy") (eq .Data.Plural "themes") }} aria-current="page"{{ end }}>Thèmes</a></li>
        <li><a href="{{ "tags/" | relURL }}"{{ if and (eq .Kind "taxonomy") (eq .Data.Plural "tags") }} aria-current="page"{{ end }}>Mots-clés</a></li>
      </ul>
    </nav>
  </div>
</header>
<main id="contenu" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    {{ with site.Params.description }}<p>{{ . }}</p>{{ end }}
    <p class="site-footer__small">Fiches expérience publiées avec Hugo.</p>
  </div>
</footer>
</body>
</html>
"##,
    ),
    (
        "_default/single.html",
        r##"{{ define "main" }}
{{ $factual := eq .Params.variant "factual" }}
<article class="fiche fiche--{{ .Params.variant }}">
  <header class="fiche__header">
    <p class="fiche__kicker"><span class="badge badge--{{ .Params.variant }}">{{ partial "variant.html" . }}</span>
      {{- range .GetTerms "themes" }} <a class="theme-link" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
    <h1>{{ .Title }}</h1>
    <p class="chapo">{{ .Params.summary }}</p>
    <p class="byline">
      {{- if or .Params.collective .Params.authors }}Par {{ end -}}
      {{- with .Params.collective }}<span class="byline__collective">{{ . }}</span>{{ with $.Params.authors }} ({{ delimit . ", " }}){{ end }}
      {{- else }}{{ with .Params.authors }}{{ delimit . ", " }}{{ end }}{{ end }}
      <span class="byline__dates">Publiée le <time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "date.html" .Date }}</time>
      {{- with .Params.updated }}{{ $u := time . }}, mise à jour le <time datetime="{{ $u.Format "2006-01-02" }}">{{ partial "date.html" $u }}</time>{{ end }}</span>
    </p>
  </header>
  <div class="fiche__layout">
    {{ if $factual }}{{ partial "facts.html" . }}{{ end }}
    <div class="fiche__main">
      {{ if not $factual }}{{ partial "testimonies.html" . }}{{ end }}
      <div class="prose">
{{ .Content }}
      </div>
      {{ if $factual }}{{ partial "testimonies.html" . }}{{ end }}
    </div>
  </div>
  {{ partial "terms.html" . }}
</article>
{{ end }}
"##,
    ),
    (
        "index.html",
        r##"{{ define "main" }}
{{ $fiches := site.RegularPages.ByDate.Reverse }}
<header class="page-header">
  <h1>Toutes les fiches</h1>
  {{ with site.Params.description }}<p class="lead">{{ . }}</p>{{ end }}
  <p class="muted">{{ partial "count.html" (len $fiches) }}</p>
</header>
{{ partial "list.html" $fiches }}
{{ end }}
"##,
    ),
    (
        "_default/terms.html",
        r##"{{ define "main" }}
<header class="page-header">
  <h1>{{ if eq .Data.Plural "tags" }}Mots-clés{{ else }}Thèmes{{ end }}</h1>
  <p class="lead">{{ if eq .Data.Plural "tags" }}Chaque mot-clé mène aux fiches qui en parlent.{{ else }}Les grands sujets abordés par les fiches.{{ end }}</p>
</header>
{{ with .Data.Terms.Alphabetical }}
<ul class="terms">
  {{- range . }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="terms__count">{{ partial "count.html" .Count }}</span></li>
  {{- end }}
</ul>
{{ else }}
<p class="empty">Aucune fiche publiée pour le moment.</p>
{{ end }}
{{ end }}
"##,
    ),
    (
        "_default/taxonomy.html",
        r##"{{ define "main" }}
{{ $fiches := .Pages.ByDate.Reverse }}
<header class="page-header">
  {{ if eq .Data.Plural "tags" }}<p class="breadcrumb"><a href="{{ "tags/" | relURL }}">Tous les mots-clés</a></p>
  <h1>Mot-clé : {{ .Title }}</h1>
  {{ else }}<p class="breadcrumb"><a href="{{ "themes/" | relURL }}">Tous les thèmes</a></p>
  <h1>Thème : {{ .Title }}</h1>{{ end }}
  <p class="muted">{{ partial "count.html" (len $fiches) }}</p>
</header>
{{ partial "list.html" $fiches }}
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}
<header class="page-header">
  <h1>Page introuvable</h1>
  <p class="lead">Cette page n'existe pas ou a été déplacée.</p>
</header>
<p><a class="button" href="{{ site.Home.RelPermalink }}">Revenir à toutes les fiches</a></p>
{{ end }}
"##,
    ),
    (
        "partials/list.html",
        r##"{{ if . }}
<ol class="cards">
  {{- range . }}
  <li>{{ partial "card.html" . }}</li>
  {{- end }}
</ol>
{{ else }}
<p class="empty">Aucune fiche publiée pour le moment.</p>
{{ end }}
"##,
    ),
    (
        "partials/card.html",
        r##"<article class="card card--{{ .Params.variant }}">
  <p class="card__meta"><span class="badge badge--{{ .Params.variant }}">{{ partial "variant.html" . }}</span>
    <time datetime="{{ .Date.Format "2006-01-02" }}">{{ partial "date.html" .Date }}</time>{{ with .Params.territory }}<span class="card__place">{{ . }}</span>{{ end }}</p>
  <h2 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
  <p class="card__summary">{{ .Params.summary }}</p>
  {{- with .GetTerms "tags" }}
  <ul class="chips" aria-label="Mots-clés">
    {{- range . }}<li><a class="chip" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end -}}
  </ul>
  {{- end }}
</article>"##,
    ),
    (
        "partials/count.html",
        r##"{{ if eq . 1 }}1 fiche{{ else }}{{ . }} fiches{{ end }}"##,
    ),
    (
        "partials/date.html",
        r##"{{ .Day }}{{ if eq .Day 1 }}er{{ end }} {{ index site.Params.months (sub (int .Month) 1) }} {{ .Year }}"##,
    ),
    (
        "partials/variant.html",
        r##"{{ if eq .Params.variant "factual" }}Fiche factuelle{{ else }}Récit d'expérience{{ end }}"##,
    ),
    (
        "partials/facts.html",
        r##"<aside class="facts" aria-labelledby="fiche-facts">
  <h2 id="fiche-facts">En bref</h2>
  <dl>
    {{- with .Params.organization }}<div><dt>Structure porteuse</dt><dd>{{ . }}</dd></div>{{ end }}
    {{- with .Params.territory }}<div><dt>Territoire</dt><dd>{{ . }}</dd></div>{{ end }}
    {{- with .Params.period }}<div><dt>Période</dt><dd>{{ . }}</dd></div>{{ end }}
    {{- with .Params.audience }}<div><dt>Public</dt><dd><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></dd></div>{{ end }}
    {{- with .Params.partners }}<div><dt>Partenaires</dt><dd><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul></dd></div>{{ end }}
    {{- with .Params.budget }}<div><dt>Moyens</dt><dd>{{ . }}</dd></div>{{ end }}
    {{- with .Params.contact }}<div><dt>Contact</dt><dd>
      {{- if and (in . "@") (not (in . " ")) }}<a href="mailto:{{ . }}">{{ . }}</a>
      {{- else if or (hasPrefix . "https://") (hasPrefix . "http://") }}<a href="{{ . }}">{{ . }}</a>
      {{- else }}{{ . }}{{ end }}</dd></div>{{ end }}
  </dl>
</aside>"##,
    ),
    (
        "partials/testimonies.html",
        r##"{{ with .Params.testimonies }}
<section class="testimonies" aria-labelledby="fiche-testimonies">
  <h2 id="fiche-testimonies">Ils et elles racontent</h2>
  {{- range . }}
  <figure class="testimony">
    <blockquote><p>{{ .quote }}</p></blockquote>
    <figcaption><span class="testimony__name">{{ .name }}</span>{{ with .role }}, <span class="testimony__role">{{ . }}</span>{{ end }}</figcaption>
  </figure>
  {{- end }}
</section>
{{ end }}"##,
    ),
];

const HUGO_TERMS_PARTIAL: &str = r##"{{ if or (.GetTerms "themes") (.GetTerms "tags") }}
<footer class="fiche__terms">
  {{- with .GetTerms "themes" }}
  <h2 class="terms-heading" id="fiche-themes">Thèmes</h2>
  <ul class="chips" aria-labelledby="fiche-themes">{{ range . }}<li><a class="chip chip--theme" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
  {{- end }}
  {{- with .GetTerms "tags" }}
  <h2 class="terms-heading" id="fiche-tags">Mots-clés</h2>
  <ul class="chips" aria-labelledby="fiche-tags">{{ range . }}<li><a class="chip" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
  {{- end }}
</footer>
{{ end }}"##;

const HUGO_CSS: &str = "body{margin:0;font:1rem/1.6 system-ui,sans-serif;color:#1d1d1f;background:#fff}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.site-header,.site-footer{background:#f3f1ec;padding:1rem 0}
.nav{display:flex;gap:1rem;list-style:none;padding:0}
.cards{list-style:none;padding:0}
.card{border:1px solid #ddd;border-radius:.5rem;padding:1rem;margin:1rem 0}
.chips{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.chip{display:inline-block;padding:0 .5rem;border-radius:1rem;background:#eef}
.badge{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em}
.facts{background:#f7f7f2;padding:1rem;border-radius:.5rem}
.prose table{border-collapse:collapse}.prose td,.prose th{border:1px solid #ccc;padding:.25rem .5rem}
blockquote{border-left:4px solid #c9b;margin-left:0;padding-left:1rem}
@media (prefers-color-scheme:dark){body{color:#eee;background:#161616}.site-header,.site-footer,.facts{background:#222}.chip{background:#334}}
";

fn write_hugo_site(dir: &Path, fiches: &[Fiche], seed: u64) -> Result<usize, String> {
    prepare(dir, "hugo.toml", &["content", "layouts", "static"])?;
    write(
        &dir.join("hugo.toml"),
        &format!(
            "{MARKER} (--n {} --seed {seed}) ; ne pas modifier à la main.\n{HUGO_CONFIG}",
            fiches.len()
        ),
    )?;
    let layouts = dir.join("layouts");
    let terms = ("partials/terms.html", HUGO_TERMS_PARTIAL);
    for (name, text) in HUGO_LAYOUTS.iter().chain(std::iter::once(&terms)) {
        let path = layouts.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        write(&path, text)?;
    }
    let stat = dir.join("static");
    std::fs::create_dir_all(&stat).map_err(|e| format!("{}: {e}", stat.display()))?;
    write(&stat.join("style.css"), HUGO_CSS)?;
    write_fiches(&dir.join("content").join("fiches"), fiches, Flavour::Hugo)
}
