//! `serve`'s day under a hostile clock: at jiff's first and last instants, back a
//! day (a clock set right), across a change of summer time, then forward again. At
//! each, the pages that read the day are those a build of that instant renders, and
//! nothing panics.

mod common;

use common::Site;
use fiches::project::incremental::Update;
use fiches::project::{Options, Project};
use fiches::sources::Sources;

fn site() -> Site {
    let debate = "+++\nvariant = \"event\"\ntitle = \"Ciné-débat\"\nsummary = \"Un film, un débat.\"\n\
                  collective = \"Réseau\"\nstart = 2026-03-29T02:30:00\nend = 2026-03-29T03:30:00\n\
                  recurrence = \"FREQ=DAILY;COUNT=3\"\nplace = \"Centre social\"\ntown = \"Lyon\"\n+++\n\n\
                  ## Au programme\n\nOn regarde, on parle.\n";
    Site::new(&[
        (
            "fiches.toml",
            "title = \"R\"\nbase_url = \"https://exemple.org/\"\n",
        ),
        ("content/cine-debat.md", debate),
    ])
}

fn assemble(s: &Site, now: jiff::Timestamp) -> Project {
    let opts = Options {
        now: Some(now),
        ..Options::default()
    };
    Project::assemble(Sources::read(s.path()), &opts)
        .unwrap_or_else(|f| panic!("{now}: {:?}", f.diagnostics))
}

#[test]
fn any_instant_of_the_clock_renders_what_a_build_of_that_instant_renders() {
    let s = site();
    let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    let mut kept = assemble(&s, at("2026-03-28T12:00:00Z"));
    let instants = [
        jiff::Timestamp::MAX,
        jiff::Timestamp::MIN,
        at("2026-03-29T00:59:59Z"),
        at("2026-03-29T01:00:00Z"),
        at("2026-03-28T23:00:00Z"),
        at("2026-03-27T12:00:00Z"),
        at("2026-10-25T00:59:59Z"),
        at("2026-10-25T01:00:00Z"),
        jiff::Timestamp::MAX,
    ];
    for now in instants {
        match kept.new_day(now) {
            None | Some(Update::Pages(_)) => {}
            Some(other) => panic!("{now}: {}", matches!(other, Update::NeedsFull)),
        }
        let fresh = assemble(&s, now);
        for path in ["agenda.ics", "agenda/index.html", "index.html"] {
            let page = |p: &Project| p.page(path).map(|p| p.bytes.clone());
            assert!(page(&fresh).is_some(), "{now}: {path}");
            assert!(page(&kept) == page(&fresh), "{now}: {path}");
        }
    }
}
