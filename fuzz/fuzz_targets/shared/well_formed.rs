//! What the fuzz targets that make an EPUB check of it (included by `markdown` and `growth`).

/// Every XHTML, OPF and NCX file of `epub` parses as XML; a file that does not is shown in the
/// panic (its first 64 KB: a chapter of `growth` may be half a megabyte).
pub fn every_xhtml_is_well_formed(epub: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("the EPUB is a zip");
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("entry");
        let name = file.name().to_string();
        if !(name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx")) {
            continue;
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).expect("UTF-8");
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        if let Err(e) = roxmltree::Document::parse_with_options(&text, options) {
            let mut end = text.len().min(65_536);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let shown = &text[..end];
            panic!("{name} is not well-formed: {e}\n{shown}");
        }
    }
}
