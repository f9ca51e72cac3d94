//! Where the "Propose a fiche" page sends a fiche: an e-mail address of the editors
//! (`contribute_email`) and a forge (`repository`), whose "new file" page turns the
//! fiche into a pull request.

use serde::Serialize;

use crate::fields::{Local, Reader, Value};

/// A repository on a forge, as the contribution form links to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Forge {
    /// `github`, `gitlab` or `forgejo` (Codeberg, Gitea).
    pub kind: &'static str,
    /// The repository's address, `https://host/owner/name`.
    pub url: String,
    pub branch: String,
    /// The site's folder inside the repository, empty or ending with `/`.
    pub folder: String,
}

/// Reads `repository`: the repository's address, or the address of the site's folder
/// as the forge shows it (`…/tree/main/site`, `…/-/tree/main/site`,
/// `…/src/branch/main/site`), which also gives the branch and the folder.
pub(super) fn repository(r: &mut Reader, value: &Value) -> Option<Forge> {
    let lang = r.lang;
    let url = r.nonempty_string("repository", value)?;
    let parsed = parse(url.trim());
    if parsed.is_none() {
        r.error(
            value.local(),
            lang.pick(
                "`repository` doit être l'adresse d'un dépôt GitHub, GitLab ou Forgejo (Codeberg)",
                "`repository` must be the address of a GitHub, GitLab or Forgejo (Codeberg) repository",
            ),
            Some(lang.pick(
                "par exemple : repository = \"https://github.com/reseau/fiches\"",
                "for example: repository = \"https://github.com/network/sheets\"",
            )),
        );
    }
    parsed
}

fn parse(url: &str) -> Option<Forge> {
    let rest = url.strip_prefix("https://")?;
    let rest = rest.trim_end_matches('/');
    let mut parts = rest.split('/');
    let host = parts.next()?;
    let path: Vec<&str> = parts.collect();
    if host.is_empty() || path.len() < 2 || url.contains(char::is_whitespace) {
        return None;
    }
    let kind = match host {
        "github.com" => "github",
        h if h == "gitlab.com" || h.starts_with("gitlab.") => "gitlab",
        _ => "forgejo",
    };
    // GitLab groups may nest: the repository ends where `/-/` starts.
    let (repo, tail): (Vec<&str>, &[&str]) = match kind {
        "gitlab" => match path.iter().position(|p| *p == "-") {
            Some(i) => (path[..i].to_vec(), &path[i + 1..]),
            None => (path.clone(), &[]),
        },
        _ => (path[..2].to_vec(), &path[2..]),
    };
    if repo.len() < 2 {
        return None;
    }
    let (branch, folder): (&str, &[&str]) = match (kind, tail) {
        ("forgejo", ["src", "branch", b, f @ ..]) => (b, f),
        (_, ["tree", b, f @ ..]) => (b, f),
        (_, []) => ("main", &[]),
        _ => return None,
    };
    let name = repo.last()?.trim_end_matches(".git");
    let owner = &repo[..repo.len() - 1];
    let folder = if folder.is_empty() {
        String::new()
    } else {
        format!("{}/", folder.join("/"))
    };
    Some(Forge {
        kind,
        url: format!("https://{host}/{}/{name}", owner.join("/")),
        branch: branch.to_string(),
        folder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forge(url: &str) -> Option<(String, String, String, String)> {
        parse(url).map(|f| (f.kind.to_string(), f.url, f.branch, f.folder))
    }

    #[test]
    fn forges_and_their_folder_addresses() {
        let t = |k: &str, u: &str, b: &str, f: &str| {
            Some((k.to_string(), u.to_string(), b.to_string(), f.to_string()))
        };
        assert_eq!(
            forge("https://github.com/reseau/fiches"),
            t("github", "https://github.com/reseau/fiches", "main", "")
        );
        assert_eq!(
            forge("https://github.com/reseau/fiches.git"),
            t("github", "https://github.com/reseau/fiches", "main", "")
        );
        assert_eq!(
            forge("https://github.com/reseau/depot/tree/prod/site/"),
            t("github", "https://github.com/reseau/depot", "prod", "site/")
        );
        assert_eq!(
            forge("https://gitlab.com/groupe/sous/fiches/-/tree/main/site"),
            t(
                "gitlab",
                "https://gitlab.com/groupe/sous/fiches",
                "main",
                "site/"
            )
        );
        assert_eq!(
            forge("https://codeberg.org/reseau/fiches/src/branch/main"),
            t("forgejo", "https://codeberg.org/reseau/fiches", "main", "")
        );
        assert_eq!(forge("http://github.com/a/b"), None);
        assert_eq!(forge("https://github.com/seul"), None);
        assert_eq!(forge("https://github.com/a/b/issues"), None);
    }
}
