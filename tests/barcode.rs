//! The EAN-13 barcode of an ISBN, drawn as the print cover will draw it (dark bars on white,
//! quiet zones kept), is read back by a barcode reader (`zbarimg`, Debian's zbar-tools) as the
//! book's ISBN.

mod common;

use terbit::barcode::{Ean13, MODULES, QUIET_LEFT, QUIET_RIGHT};

/// The symbol as an SVG: `module` pixels a module, bars `height` pixels tall, guard bars a
/// little longer.
fn svg(code: &Ean13, module: u32, height: u32) -> String {
    let width = (QUIET_LEFT + MODULES + QUIET_RIGHT) * module;
    let total = height + 6 * module + 20;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{total}\">\
         <rect width=\"{width}\" height=\"{total}\" fill=\"#fff\"/>"
    );
    for bar in code.bars() {
        let h = if bar.guard {
            height + 5 * module
        } else {
            height
        };
        s += &format!(
            "<rect x=\"{}\" y=\"10\" width=\"{}\" height=\"{h}\" fill=\"#000\"/>",
            (QUIET_LEFT + bar.x) * module,
            bar.width * module
        );
    }
    s + "</svg>"
}

#[test]
fn a_barcode_reader_reads_the_isbn() {
    let Some(()) = common::tool("zbarimg") else {
        return;
    };
    let dir = common::scratch("barcode");
    for isbn in ["978-602-03-3295-6", "0-306-40615-2", "979-10-90636-07-1"] {
        let code = Ean13::from_isbn(isbn).unwrap();
        // Two pixels a module: 0.33 mm modules (KDP's barcode, 100 %) at about 150 dpi.
        let png = terbit::svg::to_png(svg(&code, 2, 120).as_bytes(), 1.0).unwrap();
        let path = dir.join(format!("{}.png", code.digits()));
        std::fs::write(&path, png).unwrap();
        let out = std::process::Command::new("zbarimg")
            .args(["--raw", "-q"])
            .arg(&path)
            .output()
            .unwrap();
        let read = String::from_utf8_lossy(&out.stdout);
        assert_eq!(read.trim(), code.digits(), "{isbn}: zbarimg read {read:?}");
    }
}
