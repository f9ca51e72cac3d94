//! `[cms]`: an editing interface for the fiches (Decap CMS, or Sveltia CMS with the same
//! files) at `admin/`, made from the schema: where its application is loaded from, which
//! forge it writes to and whether proposals go through review.

use crate::fields::{Local, Reader, Value};
use crate::schema::is_url;
use crate::span::LocalSpan;

const KEYS: [&str; 8] = [
    "enabled",
    "app_url",
    "app_integrity",
    "backend",
    "branch",
    "editorial_workflow",
    "auth_url",
    "app_id",
];

/// The backends of Decap CMS a site's forge may use. `forgejo` is Decap's own (it has
/// the editorial workflow); `gitea` works with Forgejo too, and in Sveltia CMS.
pub const BACKENDS: [&str; 4] = ["github", "gitlab", "gitea", "forgejo"];

/// The version of Decap CMS the admin page loads by default, pinned with its hash.
pub const DECAP_VERSION: &str = "3.16.3";
/// `dist/decap-cms.js` of the npm package `decap-cms` at [`DECAP_VERSION`]: the CDN
/// serves that file byte for byte, so its hash is computed from the package
/// (`openssl dgst -sha384 -binary … | openssl base64 -A`); `tests/cms.rs` checks it
/// against the installed package. The chunks it loads later come from the same
/// versioned folder, which a CDN never changes, but carry no hash of their own.
pub const DECAP_URL: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";
pub const DECAP_INTEGRITY: &str =
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cms {
    /// The CMS application's script: the pinned default, or a network's own copy.
    pub app_url: String,
    /// Its Subresource Integrity hash; `None` for an own copy given without one.
    pub app_integrity: Option<String>,
    /// One of [`BACKENDS`], to override what `repository` implies.
    pub backend: Option<&'static str>,
    /// The branch the CMS writes to, to override the one of `repository`.
    pub branch: Option<String>,
    /// Proposals as pull requests, reviewed before they are published.
    pub editorial_workflow: bool,
    /// The OAuth server that signs editors in (Decap's `base_url`).
    pub auth_url: Option<String>,
    /// The OAuth application's id, for GitLab and Gitea/Forgejo (PKCE, no server).
    pub app_id: Option<String>,
    /// Where `[cms]` is written, for what concerns it as a whole.
    pub span: LocalSpan,
}

/// Reads `[cms]`; `None` when it is off (`enabled = false`) or unreadable.
pub(super) fn read(r: &mut Reader, value: &Value) -> Option<Cms> {
    let lang = r.lang;
    let t = r.table("cms", value)?;
    let mut cms = Cms {
        app_url: DECAP_URL.to_string(),
        app_integrity: Some(DECAP_INTEGRITY.to_string()),
        backend: None,
        branch: None,
        editorial_workflow: true,
        auth_url: None,
        app_id: None,
        span: value.local(),
    };
    let mut enabled = true;
    let (mut own_app, mut integrity) = (false, None);
    for (k, v) in t.iter() {
        let key: &str = k.get_ref();
        match key {
            "enabled" => enabled = r.bool(key, v).unwrap_or(true),
            "editorial_workflow" => cms.editorial_workflow = r.bool(key, v).unwrap_or(true),
            "branch" => cms.branch = r.nonempty_string(key, v).map(|b| b.trim().to_string()),
            "app_id" => cms.app_id = r.nonempty_string(key, v).map(|b| b.trim().to_string()),
            "backend" => cms.backend = backend(r, key, v),
            "auth_url" => cms.auth_url = auth_url(r, key, v),
            "app_url" => {
                if let Some(url) = app_url(r, key, v) {
                    cms.app_url = url;
                    own_app = true;
                }
            }
            "app_integrity" => integrity = app_integrity(r, key, v).or(integrity),
            other => r.unknown_key(
                k.local(),
                other,
                &KEYS,
                &lang.pick("dans [cms]", "in [cms]"),
            ),
        }
    }
    match (own_app, integrity) {
        (true, integrity) => cms.app_integrity = integrity.map(|(h, _)| h),
        (false, Some((_, span))) => r.error(
            span,
            lang.pick(
                "`app_integrity` est l'empreinte du script donné par `app_url`, qui manque",
                "`app_integrity` is the hash of the script `app_url` gives, which is missing",
            ),
            Some(lang.pick(
                "ajoutez app_url, ou retirez app_integrity : l'adresse par défaut a déjà la sienne",
                "add app_url, or remove app_integrity: the default address already has its own",
            )),
        ),
        (false, None) => {}
    }
    enabled.then_some(cms)
}

/// `backend`: one of [`BACKENDS`].
fn backend(r: &mut Reader, key: &str, v: &Value) -> Option<&'static str> {
    let lang = r.lang;
    let name = r.nonempty_string(key, v)?;
    let found = BACKENDS.iter().find(|b| **b == name.trim()).copied();
    if found.is_none() {
        r.unknown_value(
            v.local(),
            &name,
            &BACKENDS,
            &lang.pick("comme `backend` du CMS", "as the CMS's `backend`"),
        );
    }
    found
}

/// `auth_url`: an https address, `None` (with an error) when it is not one.
fn auth_url(r: &mut Reader, key: &str, v: &Value) -> Option<String> {
    let lang = r.lang;
    let url = r.nonempty_string(key, v).map(|u| u.trim().to_string());
    if url
        .as_deref()
        .is_some_and(|u| !u.starts_with("https://") || !is_url(u))
    {
        r.error(
            v.local(),
            lang.pick(
                "`auth_url` doit être l'adresse https:// du service de connexion",
                "`auth_url` must be the https:// address of the sign-in service",
            ),
            Some(lang.pick(
                "par exemple : auth_url = \"https://connexion.exemple.org\"",
                "for example: auth_url = \"https://auth.example.org\"",
            )),
        );
    } else {
        return url;
    }
    None
}

/// `app_url`: where the CMS's application is loaded from, `None` (with an error) when
/// it is neither an https address nor a path of the site.
fn app_url(r: &mut Reader, key: &str, v: &Value) -> Option<String> {
    let lang = r.lang;
    let url = r.nonempty_string(key, v)?;
    let url = url.trim();
    if app_url_ok(url) {
        return Some(url.to_string());
    } else {
        r.error(
            v.local(),
            lang.pick(
                "`app_url` doit être une adresse https:// ou un chemin du site commençant par /",
                "`app_url` must be an https:// address or a path of the site starting with /",
            ),
            Some(lang.pick(
                "par exemple : app_url = \"/decap/decap-cms.js\" (une copie hébergée par le réseau)",
                "for example: app_url = \"/decap/decap-cms.js\" (a copy the network hosts)",
            )),
        );
    }
    None
}

/// `app_integrity`: the application's hash and where it is written, `None` (with an
/// error) when it is not a hash a browser checks.
fn app_integrity(r: &mut Reader, key: &str, v: &Value) -> Option<(String, LocalSpan)> {
    let lang = r.lang;
    let hash = r.nonempty_string(key, v)?;
    if integrity_ok(hash.trim()) {
        return Some((hash.trim().to_string(), v.local()));
    } else {
        r.error(
            v.local(),
            lang.pick(
                "`app_integrity` doit être une empreinte sha256-, sha384- ou sha512- suivie de base64",
                "`app_integrity` must be a sha256-, sha384- or sha512- hash followed by base64",
            ),
            Some(lang.pick(
                "calculez-la ainsi : echo \"sha384-$(openssl dgst -sha384 -binary decap-cms.js | openssl base64 -A)\"",
                "compute it so: echo \"sha384-$(openssl dgst -sha384 -binary decap-cms.js | openssl base64 -A)\"",
            )),
        );
    }
    None
}

/// The CMS writes to the site's repository: without `repository` it has nowhere to.
pub(super) fn check(r: &mut Reader, cms: &Cms, repository: bool) {
    if !repository {
        let lang = r.lang;
        r.error(
            cms.span,
            lang.pick(
                "[cms] a besoin de l'adresse du dépôt du site (`repository`) : c'est là que le CMS enregistre les fiches",
                "[cms] needs the address of the site's repository (`repository`): the CMS saves the sheets there",
            ),
            Some(lang.pick(
                "ajoutez par exemple : repository = \"https://github.com/reseau/fiches\"",
                "add for example: repository = \"https://github.com/network/sheets\"",
            )),
        );
    }
}

/// An https address, or a path of the site (a network hosting the CMS itself). A
/// protocol-relative `//host` would be another site over any scheme.
fn app_url_ok(url: &str) -> bool {
    let plain =
        !url.contains(|c: char| c.is_whitespace() || c.is_control() || "\"'<>`".contains(c));
    plain
        && ((url.starts_with("https://") && is_url(url))
            || (url.starts_with('/') && !url.starts_with("//")))
}

/// `sha256-`, `sha384-` or `sha512-` then the digest's standard base64, of its length.
fn integrity_ok(hash: &str) -> bool {
    let Some((alg, digest)) = hash.split_once('-') else {
        return false;
    };
    let len = match alg {
        "sha256" => 44,
        "sha384" => 64,
        "sha512" => 88,
        _ => return false,
    };
    digest.len() == len
        && digest
            .trim_end_matches('=')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    /// The CMS read from `toml`, and the errors about it (an invisible character
    /// also gets its own warning, asserted elsewhere).
    fn cms(toml: &str) -> (Option<Cms>, Vec<String>) {
        let src = format!("title = \"R\"\nrepository = \"https://github.com/r/f\"\n{toml}");
        let (cfg, diags) = parse(&src);
        (
            cfg.and_then(|c| c.cms),
            diags
                .into_iter()
                .filter(|d| d.is_error())
                .map(|d| d.message)
                .collect(),
        )
    }

    #[test]
    fn the_table_turns_the_cms_on_with_the_pinned_app() {
        let (c, d) = cms("[cms]\n");
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.app_url, DECAP_URL);
        assert!(c.app_url.contains(DECAP_VERSION));
        assert_eq!(c.app_integrity.as_deref(), Some(DECAP_INTEGRITY));
        assert!(c.editorial_workflow);
        assert_eq!(cms("").0, None);
        assert_eq!(cms("[cms]\nenabled = false\n").0, None);
    }

    #[test]
    fn a_network_may_host_the_app_itself() {
        let (c, d) = cms("[cms]\napp_url = \"/decap/decap-cms.js\"\n");
        assert!(d.is_empty(), "{d:?}");
        let c = c.unwrap();
        assert_eq!(c.app_url, "/decap/decap-cms.js");
        assert_eq!(c.app_integrity, None);
        let hash = format!("sha384-{}", "A".repeat(64));
        let (c, d) = cms(&format!(
            "[cms]\napp_url = \"https://cdn.exemple.org/decap.js\"\napp_integrity = \"{hash}\"\n"
        ));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.unwrap().app_integrity, Some(hash));
    }

    #[test]
    fn mistakes_are_reported_with_a_suggestion() {
        let (c, d) = cms("[cms]\nbackand = \"github\"\n");
        assert!(c.is_none());
        assert_eq!(d, ["champ inconnu `backand` dans [cms]"]);
        let (_, d) = cms("[cms]\nbackend = \"gitee\"\n");
        assert_eq!(d, ["valeur inconnue « gitee » comme `backend` du CMS"]);
        for bad in [
            "app_url = \"http://cdn.exemple.org/d.js\"",
            "app_url = \"//cdn.exemple.org/d.js\"",
            "app_url = \"/d.js\\\"><script>\"",
            "app_url = \"javascript:alert(1)\"",
            "app_url = \"/d.js\\u0000\"",
            "app_integrity = \"sha384-abc\"\napp_url = \"/ok.js\"",
            "app_integrity = \"md5-AAAA\"\napp_url = \"/ok.js\"",
            "auth_url = \"http://auth.exemple.org\"",
            "editorial_workflow = \"oui\"",
        ] {
            let (c, d) = cms(&format!("[cms]\n{bad}\n"));
            assert!(c.is_none(), "{bad}");
            assert_eq!(d.len(), 1, "{bad}: {d:?}");
        }
        let (_, d) = cms(&format!(
            "[cms]\napp_integrity = \"sha384-{}\"\n",
            "A".repeat(64)
        ));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].contains("`app_url`"), "{d:?}");
    }

    #[test]
    fn the_cms_needs_the_repository() {
        let (cfg, diags) = parse("title = \"R\"\n[cms]\n");
        assert!(cfg.is_none());
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("`repository`"), "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (2, 1));
    }

    #[test]
    fn a_table_that_is_not_one_or_an_off_cms_says_so() {
        let (cfg, diags) = parse("title = \"R\"\ncms = true\n");
        assert!(cfg.is_none());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 2);
        // Off, it needs no repository.
        let (cfg, diags) = parse("title = \"R\"\n[cms]\nenabled = false\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(cfg.unwrap().cms.is_none());
        // Unicode that looks like space or hides direction is not an address.
        for url in [
            r"/a\u00a0b.js",
            r"/a\u2028b.js",
            r"https://cdn.exemple.org/\u0007.js",
        ] {
            let (c, d) = cms(&format!("[cms]\napp_url = \"{url}\"\n"));
            assert!(c.is_none() && d.len() == 1, "{url}: {d:?}");
        }
    }

    #[test]
    fn english_sites_get_english_messages() {
        let (cfg, diags) = parse(
            "language = \"en\"\ntitle = \"R\"\nrepository = \"https://github.com/r/f\"\n[cms]\nbrnch = \"x\"\n",
        );
        assert!(cfg.is_none());
        assert_eq!(diags[0].message, "unknown field `brnch` in [cms]");
        assert_eq!(diags[0].label.as_deref(), Some("did you mean `branch`?"));
    }
}
