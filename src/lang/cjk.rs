//! Line breaks in Chinese and Japanese text, which puts no spaces between its words: a line may
//! break between any two ideographs or kana, and between them and other text, except before
//! closing punctuation and small kana, and after opening punctuation (the line-breaking rules
//! of UAX #14 for classes ID, CL, OP and NS, and the Japanese *kinsoku* rules, simplified).
//! Korean, which spaces its words, breaks at spaces as other text does.

/// Whether `c` is a Chinese or Japanese character or CJK punctuation (UAX #14 classes ID, CL,
/// OP and NS as they occur in CJK text).
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x2E80..=0x2FDF     // radicals
            | 0x3000..=0x303F   // CJK symbols and punctuation
            | 0x3040..=0x30FF   // hiragana, katakana
            | 0x31C0..=0x31FF   // strokes, katakana extensions
            | 0x3400..=0x4DBF   // extension A
            | 0x4E00..=0x9FFF   // unified ideographs
            | 0xF900..=0xFAFF   // compatibility ideographs
            | 0xFF01..=0xFF60   // full-width forms
            | 0x20000..=0x3FFFF // extensions B–H
    )
}

/// Characters no line may start with: closing brackets and marks, the ideographic full stop
/// and comma, small kana, the prolonged sound mark, iteration marks.
fn no_break_before(c: char) -> bool {
    "）」』】〕〉》｝］〙〗〛、。，．：；！？・ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ\
     ‐〜゠"
        .contains(c)
        || matches!(c, ')' | ']' | '}' | ',' | '.' | ':' | ';' | '!' | '?' | '%' | '"' | '\'')
}

/// Characters no line may end with: opening brackets.
fn no_break_after(c: char) -> bool {
    "（「『【〔〈《｛［〘〖〚".contains(c) || matches!(c, '(' | '[' | '{' | '"' | '\'')
}

/// Whether a line may break between `a` and `b` (adjacent characters of one word): one of
/// them Chinese or Japanese, and neither rule against it.
pub fn break_between(a: char, b: char) -> bool {
    (is_cjk(a) || is_cjk(b)) && !no_break_before(b) && !no_break_after(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if i > 0 && break_between(chars[i - 1], c) {
                out.push('|');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn ideographs_break_anywhere_but_around_punctuation() {
        assert_eq!(breaks("安全（safety）、速度"), "安|全|（safety）、|速|度");
        assert_eq!(breaks("Rust是一门语言。"), "Rust|是|一|门|语|言。");
        assert_eq!(breaks("「ちょっと」です"), "「ちょっ|と」|で|す");
        // Latin and Korean words keep to their spaces.
        assert_eq!(breaks("safety"), "safety");
        assert_eq!(breaks("안녕하세요"), "안녕하세요");
    }
}
