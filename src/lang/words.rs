//! The words terbit itself sets in a book, in the book's language: the titles and labels of
//! the apparatus it makes (the reference list, figure and table captions).

/// The words of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// The reference list's heading.
    pub references: &'static str,
    /// A figure's caption label ("Gambar 1.2").
    pub figure: &'static str,
    /// A table's caption label ("Tabel 3.1").
    pub table: &'static str,
    /// A chapter, in a cross-reference to its heading ("Bab 2").
    pub chapter: &'static str,
    /// A section, in a cross-reference ("Bagian 2.1").
    pub section: &'static str,
    /// A page, in a cross-reference in print ("hlm. 34").
    pub page: &'static str,
}

const ENGLISH: Words = Words {
    references: "References",
    figure: "Figure",
    table: "Table",
    chapter: "Chapter",
    section: "Section",
    page: "p.",
};

/// The words of the language of a BCP 47 tag (English for one terbit has no words for).
pub fn words(tag: &str) -> Words {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        // Indonesian and Malay academic usage (Pedoman Umum Ejaan; university guides).
        "id" | "ms" => Words {
            references: "Daftar Pustaka",
            figure: "Gambar",
            table: "Tabel",
            chapter: "Bab",
            section: "Bagian",
            page: "hlm.",
        },
        // Turkish (TDK; YÖK thesis guides: "Kaynakça", "Şekil", "Tablo").
        "tr" => Words {
            references: "Kaynakça",
            figure: "Şekil",
            table: "Tablo",
            chapter: "Bölüm",
            section: "Bölüm",
            page: "s.",
        },
        "de" => Words {
            references: "Literatur",
            figure: "Abbildung",
            table: "Tabelle",
            chapter: "Kapitel",
            section: "Abschnitt",
            page: "S.",
        },
        "fr" => Words {
            references: "Bibliographie",
            figure: "Figure",
            table: "Tableau",
            chapter: "Chapitre",
            section: "Section",
            page: "p.",
        },
        "nl" => Words {
            references: "Literatuur",
            figure: "Figuur",
            table: "Tabel",
            chapter: "Hoofdstuk",
            section: "Sectie",
            page: "p.",
        },
        "es" => Words {
            references: "Referencias",
            figure: "Figura",
            table: "Tabla",
            chapter: "Capítulo",
            section: "Sección",
            page: "p.",
        },
        _ => ENGLISH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_and_turkish_books_get_their_own_words() {
        assert_eq!(words("id").references, "Daftar Pustaka");
        assert_eq!(words("id-ID").figure, "Gambar");
        assert_eq!(words("tr").references, "Kaynakça");
        assert_eq!(words("tr-TR").table, "Tablo");
        assert_eq!(words("sw").references, "References");
    }
}
