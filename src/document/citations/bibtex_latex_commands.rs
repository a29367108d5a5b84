//! LaTeX commands pandoc knows in .bib values: accents, letters, symbols, styles.

use super::builder::Kind;

/// The combining mark for an accent command (`\"`, `\c`, …).
pub(super) fn accent_mark(cmd: &str) -> Option<char> {
    Some(match cmd {
        "`" => '\u{300}',
        "'" => '\u{301}',
        "^" => '\u{302}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "u" => '\u{306}',
        "." => '\u{307}',
        "\"" => '\u{308}',
        "r" => '\u{30a}',
        "H" => '\u{30b}',
        "v" => '\u{30c}',
        "d" => '\u{323}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "b" => '\u{331}',
        "t" => '\u{361}',
        _ => return None,
    })
}

/// Base letters and their precomposed forms, per combining mark (Unicode NFC).
const COMPOSED: &[(char, &str)] = &[
    ('\u{300}', "aàeèiìnǹoòuùwẁyỳAÀEÈIÌNǸOÒUÙWẀYỲ"),
    (
        '\u{301}',
        "aácćeégǵiíkḱlĺmḿnńoópṕrŕsśuúwẃyýzźAÁCĆEÉGǴIÍKḰLĹMḾNŃOÓPṔRŔSŚUÚWẂYÝZŹ",
    ),
    (
        '\u{302}',
        "aâcĉeêgĝhĥiîjĵoôsŝuûwŵyŷzẑAÂCĈEÊGĜHĤIÎJĴOÔSŜUÛWŴYŶZẐ",
    ),
    ('\u{303}', "aãeẽiĩnñoõuũvṽyỹAÃEẼIĨNÑOÕUŨVṼYỸ"),
    ('\u{304}', "aāeēgḡiīoōuūyȳAĀEĒGḠIĪOŌUŪYȲ"),
    ('\u{306}', "aăeĕgğiĭoŏuŭAĂEĔGĞIĬOŎUŬ"),
    (
        '\u{307}',
        "aȧbḃcċdḋeėfḟgġhḣmṁnṅoȯpṗrṙsṡtṫwẇxẋyẏzżAȦBḂCĊDḊEĖFḞGĠHḢIİMṀNṄOȮPṖRṘSṠTṪWẆXẊYẎZŻ",
    ),
    ('\u{308}', "aäeëhḧiïoötẗuüwẅxẍyÿAÄEËHḦIÏOÖUÜWẄXẌYŸ"),
    ('\u{30a}', "aåuůwẘyẙAÅUŮ"),
    ('\u{30b}', "oőuűOŐUŰ"),
    (
        '\u{30c}',
        "aǎcčdďeěgǧhȟiǐjǰkǩlľnňoǒrřsštťuǔzžAǍCČDĎEĚGǦHȞIǏKǨLĽNŇOǑRŘSŠTŤUǓZŽ",
    ),
    (
        '\u{323}',
        "aạbḅdḍeẹhḥiịkḳlḷmṃnṇoọrṛsṣtṭuụvṿwẉyỵzẓAẠBḄDḌEẸHḤIỊKḲLḶMṂNṆOỌRṚSṢTṬUỤVṾWẈYỴZẒ",
    ),
    ('\u{327}', "cçdḑeȩgģhḩkķlļnņrŗsştţCÇDḐEȨGĢHḨKĶLĻNŅRŖSŞTŢ"),
    ('\u{328}', "aąeęiįoǫuųAĄEĘIĮOǪUŲ"),
    ('\u{331}', "bḇdḏhẖkḵlḻnṉrṟtṯzẕBḆDḎKḴLḺNṈRṞTṮZẔ"),
];

/// `base` with the accent `mark`: precomposed where Unicode has the letter.
pub(super) fn compose(base: char, mark: char) -> String {
    if let Some((_, pairs)) = COMPOSED.iter().find(|(m, _)| *m == mark) {
        let mut chars = pairs.chars();
        while let (Some(b), Some(c)) = (chars.next(), chars.next()) {
            if b == base {
                return c.to_string();
            }
        }
    }
    let mut s = String::with_capacity(base.len_utf8() + 2);
    s.push(base);
    s.push(mark);
    s
}

/// Commands that stand for a letter.
pub(super) fn letter_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "i" => "ı",
        "j" => "ȷ",
        "o" => "ø",
        "O" => "Ø",
        "l" => "ł",
        "L" => "Ł",
        "ss" => "ß",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        _ => return None,
    })
}

/// Commands that stand for a symbol or word.
pub(super) fn symbol_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "textregistered" => "®",
        "copyright" | "textcopyright" => "©",
        "ldots" | "dots" => "…",
        "textbackslash" | "backslash" => "\\",
        "S" => "§",
        "P" => "¶",
        "pounds" => "£",
        "euro" => "€",
        "textdegree" => "°",
        "slash" => "/",
        "hyphen" => "-",
        "textquoteleft" => "\u{2018}",
        "textquoteright" => "\u{2019}",
        "textquotedblleft" => "\u{201c}",
        "textquotedblright" => "\u{201d}",
        "guillemotleft" => "«",
        "guillemotright" => "»",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textless" => "<",
        "textgreater" => ">",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        _ => return None,
    })
}

/// Commands whose one argument is styled (or spliced, or dropped).
pub(super) fn argument_command(name: &str) -> Option<Kind> {
    Some(match name {
        "emph" | "textit" | "textsl" | "mkbibemph" | "mkbibitalic" => Kind::Emph,
        "textbf" | "mkbibbold" => Kind::Strong,
        "textsc" => Kind::SmallCaps,
        "textsuperscript" => Kind::Sup,
        "textsubscript" => Kind::Sub,
        "underline" | "uline" => Kind::Underline,
        "enquote" => Kind::Enquote,
        "mkbibquote" => Kind::ProtectedQuote,
        "uppercase" | "MakeUppercase" => Kind::Upper,
        "lowercase" | "MakeLowercase" => Kind::Lower,
        "texttt" => Kind::Code,
        "textrm" | "textsf" | "textup" | "textmd" | "textnormal" | "sout" | "autocap" => {
            Kind::Plain
        }
        "color" => Kind::Drop,
        _ => return None,
    })
}

/// Declarations that style the rest of their group.
pub(super) fn declaration(name: &str) -> Option<Option<Kind>> {
    Some(match name {
        "em" | "it" | "itshape" | "sl" | "slshape" => Some(Kind::Emph),
        "bf" | "bfseries" => Some(Kind::Strong),
        // (`\relax`, `\sc` and the like are unknown commands: they print nothing but keep the
        // space before them.)
        "tt" | "rm" | "sf" => None,
        _ => return None,
    })
}
