//! Kept HTML (`Inline::Html`) written into a chapter (part of `chapter`): parsed again by
//! the sanitizer, and only inline elements of the whitelist written as themselves.

use super::Renderer;
use crate::document::html;

impl Renderer<'_, '_, '_> {
    /// Sanitized HTML as inline XHTML.
    pub(super) fn html(&mut self, src: &str) {
        let fragment = html::parse(src);
        self.html_nodes(&fragment.nodes);
    }

    /// Inline elements of the whitelist as themselves (obsolete ones as their HTML5 peers),
    /// anything else as its content; trees are at most `html::MAX_DEPTH` deep.
    fn html_nodes(&mut self, nodes: &[html::Node]) {
        for node in nodes {
            let e = match node {
                html::Node::Text(t) => {
                    self.w.text(t);
                    continue;
                }
                html::Node::Element(e) => e,
            };
            let name = match e.name {
                "strike" => "s",
                "tt" => "code",
                "br" => {
                    self.w.markup("<br/>");
                    continue;
                }
                // Links and images need the book's targets and files, which a fragment
                // cannot name: the parser makes them IR links and images.
                "img" => {
                    self.w.text(e.attr("alt").unwrap_or(""));
                    continue;
                }
                n @ ("span" | "em" | "strong" | "i" | "b" | "u" | "s" | "sub" | "sup" | "small"
                | "code" | "abbr" | "cite" | "q" | "mark" | "del" | "ins" | "kbd" | "samp"
                | "var" | "dfn" | "bdi") => n,
                _ => {
                    self.html_nodes(&e.children);
                    continue;
                }
            };
            let attrs: Vec<(&str, &str)> = e
                .attrs
                .iter()
                .filter(|(k, _)| matches!(*k, "class" | "title" | "lang" | "dir"))
                .map(|(k, v)| (*k, v.as_str()))
                .collect();
            let face = self.w.face();
            let inner = match name {
                "em" | "i" | "cite" | "dfn" | "var" => face.with_italic(true),
                "strong" | "b" => face.with_bold(),
                "code" | "kbd" | "samp" => face.code_in(),
                _ => face,
            };
            self.w.tag(name, &attrs, false);
            self.w.set_face(inner);
            self.html_nodes(&e.children);
            self.w.set_face(face);
            self.w.markup(&format!("</{name}>"));
        }
    }
}
