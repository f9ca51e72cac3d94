//! One walk through a body's nodes: its `##` sections, its links resolved (a link to
//! a fiche's `.md` becomes a link to its page) or reported where they are written,
//! HTML pasted from elsewhere reported, and the nodes to change once the walk is done.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use comrak::Arena;
use comrak::nodes::{AstNode, NodeLink, NodeValue, Sourcepos};

use super::{file_name, local_path, pasted, player};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::fiche::Fiche;
use crate::lang::Lang;
use crate::links::{Links, Sizes, Target, normalise};
use crate::media::Media;
use crate::span::FileSpan;

/// What the walk through one fiche's body finds.
pub(super) struct Walk<'a, 'f> {
    fiche: &'f Fiche,
    links: &'f Links,
    /// The way from the fiche's page back to the site's root (`../../`).
    root: &'f str,
    lang: Lang,
    /// The fiche's folder, where its relative links start.
    dir: &'f Path,
    /// The cover image, shown at the top of the page: the body need not show it again.
    cover: Option<PathBuf>,
    /// The file's lines before the body's.
    line0: usize,
    /// Built at the first diagnostic only, then shared by all of this fiche's.
    index: OnceCell<LineIndex<'f>>,
    pub(super) diags: Vec<Diagnostic>,
    /// Texts of the `##` headings.
    pub(super) sections: Vec<String>,
    /// Links to drafts: their text stays, the link goes.
    unwrap: Vec<&'a AstNode<'a>>,
    players: Vec<(&'a AstNode<'a>, &'f Media, String)>,
    photos: Vec<(&'a AstNode<'a>, &'f Sizes)>,
    /// The cover shown again in the body: taken out.
    cover_again: Vec<&'a AstNode<'a>>,
}

impl<'a, 'f> Walk<'a, 'f> {
    pub(super) fn new(fiche: &'f Fiche, links: &'f Links, root: &'f str, lang: Lang) -> Self {
        let dir = fiche.path.parent().unwrap_or(Path::new(""));
        Walk {
            fiche,
            links,
            root,
            lang,
            dir,
            cover: (fiche.image.as_ref()).and_then(|i| normalise(&dir.join(&i.value))),
            line0: fiche.body_line() - 1,
            index: OnceCell::new(),
            diags: Vec::new(),
            sections: Vec::new(),
            unwrap: Vec::new(),
            players: Vec::new(),
            photos: Vec::new(),
            cover_again: Vec::new(),
        }
    }

    /// Takes in one node. `unsafe_html`: the site lets HTML through as written.
    pub(super) fn visit(&mut self, node: &'a AstNode<'a>, unsafe_html: bool) {
        let mut data = node.data_mut();
        let pos = data.sourcepos;
        let is_image = matches!(data.value, NodeValue::Image(_));
        match &mut data.value {
            NodeValue::HtmlBlock(comrak::nodes::NodeHtmlBlock { literal, .. })
            | NodeValue::HtmlInline(literal)
                if !unsafe_html =>
            {
                self.pasted(literal, pos)
            }
            NodeValue::Heading(h) if h.level == 2 => {
                drop(data);
                self.sections.push(node.collect_text().trim().to_string());
            }
            NodeValue::Link(link) | NodeValue::Image(link) => self.link(node, link, is_image, pos),
            _ => {}
        }
    }

    /// Changes the nodes the walk set aside, once it is done.
    pub(super) fn finish(&mut self, arena: &'a Arena<'a>) {
        for node in self.cover_again.drain(..) {
            // A paragraph holding only this image goes with it.
            match node.parent() {
                Some(p)
                    if matches!(p.data().value, NodeValue::Paragraph)
                        && p.children().count() == 1 =>
                {
                    p.detach()
                }
                _ => node.detach(),
            }
        }
        let (photos, players) = (
            std::mem::take(&mut self.photos),
            std::mem::take(&mut self.players),
        );
        player::place_all(arena, self.fiche, self.links, photos, players, self.lang);
        for node in self.unwrap.drain(..) {
            let children: Vec<_> = node.children().collect();
            for child in children {
                node.insert_before(child);
            }
            node.detach();
        }
    }

    fn index(&self) -> &LineIndex<'f> {
        self.index.get_or_init(|| LineIndex::new(&self.fiche.text))
    }

    /// Where a node is written in the file: comrak's positions are counted from the
    /// body and in bytes, `end` the last byte, included.
    fn span(&self, pos: Sourcepos) -> FileSpan {
        let a = (self.index()).byte_offset(self.line0 + pos.start.line, pos.start.column);
        let b = (self.index()).byte_offset(self.line0 + pos.end.line, pos.end.column + 1);
        FileSpan::new(a, b)
    }

    /// `d` in this fiche, at `span`.
    fn at(&self, d: Diagnostic, span: FileSpan) -> Diagnostic {
        d.in_file(&self.fiche.path).at_in(self.index(), span)
    }

    /// HTML pasted from a word processor or a web page: reported on its first line.
    fn pasted(&mut self, literal: &str, pos: Sourcepos) {
        if let Some(d) = pasted::pasted_html(literal, self.lang) {
            let start = self.span(pos).start();
            let first = literal.lines().next().unwrap_or("").trim_end().len();
            let d = self.at(d, FileSpan::new(start, start + first.max(1)));
            self.diags.push(d);
        }
    }

    /// A link or an image: resolved to its page or file, or reported.
    fn link(&mut self, node: &'a AstNode<'a>, link: &mut NodeLink, is_image: bool, pos: Sourcepos) {
        let lang = self.lang;
        let links = self.links;
        let Some((path, fragment)) = local_path(&link.url) else {
            return;
        };
        if let Some(rest) = path.strip_prefix('/') {
            self.root_file(path, rest, pos);
            link.url = format!("{}{rest}{fragment}", self.root);
            return;
        }
        let resolved = normalise(&self.dir.join(file_name(path))).map(|p| links.spelled(p));
        let target = match &resolved {
            Some(p) => links.resolve(p),
            None => Target::Missing,
        };
        if is_image && resolved.is_some() && resolved == self.cover {
            let d = Diagnostic::warning(lang.pick(
                "cette image est déjà la couverture de la fiche (`image`) : elle n'est montrée qu'une fois, en haut de la page",
                "this image is already the sheet's cover (`image`): it is shown once only, at the top of the page",
            ))
            .hint(lang.pick(
                "retirez-la du texte, ou choisissez une autre image de couverture",
                "remove it from the text, or choose another cover image",
            ));
            let d = self.at(d, self.span(pos));
            self.diags.push(d);
            self.cover_again.push(node);
            return;
        }
        match target {
            Target::Fiche(href) | Target::Asset(href) => {
                link.url = format!("{href}{fragment}");
                if is_image && let Some(m) = resolved.as_ref().and_then(|p| links.media.get(p)) {
                    self.players.push((node, m, href.to_string()));
                } else if is_image
                    && let Some(sizes) = resolved.as_ref().and_then(|p| links.photos.get(p))
                {
                    self.photos.push((node, sizes));
                }
            }
            Target::Unpublished => {
                let d = Diagnostic::warning(lang.pick(
                    format!("le lien vers `{path}` mène à un brouillon (ou à un fichier d'un brouillon) : il est retiré tant que la fiche n'est pas publiée"),
                    format!("the link to `{path}` leads to a draft (or a file of a draft): it is left out until that sheet is published"),
                ));
                let start = self.span(pos).start();
                let d = self.at(d, FileSpan::new(start, start + 1));
                self.diags.push(d);
                self.unwrap.push(node);
            }
            Target::Unpublishable => {
                let d = Diagnostic::error(lang.pick(
                    format!("le fichier `{path}` existe mais ne sera pas publié"),
                    format!("the file `{path}` exists but will not be published"),
                ))
                .hint(lang.pick(
                    "seuls les fichiers rangés avec la fiche dans son dossier (NOM/index.md) sont publiés ; ou placez-le dans static/ et écrivez le lien depuis la racine (/fichier.pdf)",
                    "only files kept with the sheet in its folder (NAME/index.md) are published; or put it in static/ and link it from the root (/file.pdf)",
                ));
                let d = self.at(d, self.span(pos));
                self.diags.push(d);
            }
            Target::Missing => {
                let d = self.missing(path, resolved.as_deref());
                let d = self.at(d, self.span(pos));
                self.diags.push(d);
            }
        }
    }

    /// A link written from the root (`/plan.pdf`) to a file that is not published
    /// there: an error. A link to a page there is not checked.
    fn root_file(&mut self, path: &str, rest: &str, pos: Sourcepos) {
        let lang = self.lang;
        let file = file_name(rest);
        let page_like = file.is_empty()
            || file.ends_with('/')
            || !file.rsplit('/').next().unwrap_or("").contains('.');
        if page_like || self.links.root_files.contains(file.as_str()) {
            return;
        }
        let d = Diagnostic::error(lang.pick(
            format!("le fichier `{path}` est introuvable"),
            format!("the file `{path}` cannot be found"),
        ))
        .hint(lang.pick(
            format!("un lien qui commence par `/` vise un fichier du dossier static/ : placez-le dans static/{file}, ou corrigez le nom"),
            format!("a link starting with `/` points to a file of the static/ folder: put it at static/{file}, or fix the name"),
        ));
        let d = self.at(d, self.span(pos));
        self.diags.push(d);
    }

    /// The error of a link to nothing (`resolved`: the file it names, if any), with
    /// what to write instead when a fiche was meant.
    fn missing(&self, path: &str, resolved: Option<&Path>) -> Diagnostic {
        let lang = self.lang;
        let is_fiche = path.to_ascii_lowercase().ends_with(".md");
        let no_fiche = || {
            Diagnostic::error(lang.pick(
                format!("le lien mène à une fiche qui n'existe pas : `{path}`"),
                format!("the link leads to a sheet that does not exist: `{path}`"),
            ))
        };
        if is_fiche {
            return no_fiche().hint(lang.pick(
                "le chemin part du dossier de cette fiche ; vérifiez le nom du fichier et les `../`",
                "the path starts from this sheet's folder; check the file name and the `../`",
            ));
        }
        // A fiche named without its `.md`, or a bundle without its `/index.md`.
        let fixed = resolved.and_then(|r| {
            [format!("{path}.md"), format!("{path}/index.md")]
                .into_iter()
                .zip([r.with_extension("md"), r.join("index.md")])
                .find(|(_, p)| self.links.fiches.contains_key(p))
                .map(|(fixed, _)| fixed)
        });
        match fixed {
            Some(fixed) => no_fiche().hint(lang.pick(
                format!("un lien vers une fiche nomme son fichier : écrivez `{fixed}`"),
                format!("a link to a sheet names its file: write `{fixed}`"),
            )),
            None => Diagnostic::error(lang.pick(
                format!("le fichier `{path}` est introuvable"),
                format!("the file `{path}` cannot be found"),
            ))
            .hint(lang.pick(
                "le chemin part du dossier de cette fiche ; vérifiez le nom et l'emplacement du fichier",
                "the path starts from this sheet's folder; check the file's name and place",
            )),
        }
    }
}
