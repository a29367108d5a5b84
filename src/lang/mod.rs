//! What terbit knows about languages: hyphenation, casing, quotation marks — one place per
//! language.
