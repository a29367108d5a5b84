//! The EAN-13 barcode of an ISBN, as print covers carry it (ISO/IEC 15420; an ISBN-13 is an
//! EAN-13 of prefix 978 or 979, an ISBN-10 becomes one under 978): which of its 95 modules are
//! dark, as bars for a drawing to place. Nothing here draws: the cover lays the bars out in
//! vectors at the size it chooses.

/// Modules (narrowest bar widths) in an EAN-13 symbol, quiet zones not counted.
pub const MODULES: u32 = 95;

/// Light modules a reader needs before and after the symbol.
pub const QUIET_LEFT: u32 = 11;
pub const QUIET_RIGHT: u32 = 7;

/// An EAN-13 number, its check digit right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ean13 {
    digits: [u8; 13],
}

/// A dark bar: where it starts and how wide it is, in modules from the symbol's left edge;
/// guard bars (the start, centre and end patterns) reach below the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub x: u32,
    pub width: u32,
    pub guard: bool,
}

/// The left half's digit patterns: odd parity (L), dark = 1, seven modules each.
const L: [u8; 10] = [
    0b0001101, 0b0011001, 0b0010011, 0b0111101, 0b0100011, 0b0110001, 0b0101111, 0b0111011,
    0b0110111, 0b0001011,
];

/// Which left-half digits take even parity (G), by the first digit (which no bar encodes but
/// this choice): bit 5 for the first of the six.
const PARITY: [u8; 10] = [
    0b000000, 0b001011, 0b001101, 0b001110, 0b010011, 0b011001, 0b011100, 0b010101, 0b010110,
    0b011010,
];

impl Ean13 {
    /// The barcode of `isbn`, written with or without hyphens and spaces: an ISBN-13, or an
    /// ISBN-10 (978 put before it, the check digit computed again). The error says what is
    /// wrong with it.
    pub fn from_isbn(isbn: &str) -> Result<Ean13, String> {
        let chars: Vec<char> = isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        let digit = |c: &char| c.to_digit(10).map(|d| d as u8);
        let mut digits = [0u8; 13];
        match chars.len() {
            13 => {
                for (slot, c) in digits.iter_mut().zip(&chars) {
                    *slot = digit(c).ok_or_else(|| format!("`{c}` is not a digit"))?;
                }
                if !matches!(&digits[..3], [9, 7, 8] | [9, 7, 9]) {
                    return Err("an ISBN-13 begins with 978 or 979".into());
                }
                let want = check_digit(&digits[..12]);
                if digits[12] != want {
                    return Err(format!(
                        "its check digit is {}, but the first twelve digits give {want}",
                        digits[12]
                    ));
                }
            }
            10 => {
                // The ISBN-10's own check digit (its last, X for 10) must be right too.
                let mut sum = 0u32;
                for (i, c) in chars.iter().enumerate() {
                    let d = match (i, c) {
                        (9, 'X' | 'x') => 10,
                        _ => u32::from(digit(c).ok_or_else(|| format!("`{c}` is not a digit"))?),
                    };
                    sum += d * (10 - i as u32);
                }
                if !sum.is_multiple_of(11) {
                    return Err("its check digit does not match its other nine digits".into());
                }
                digits[..3].copy_from_slice(&[9, 7, 8]);
                for (slot, c) in digits[3..12].iter_mut().zip(&chars) {
                    *slot = digit(c).unwrap_or(0);
                }
                digits[12] = check_digit(&digits[..12]);
            }
            n => return Err(format!("an ISBN has 13 digits (or 10), this one {n}")),
        }
        Ok(Ean13 { digits })
    }

    /// The thirteen digits, as a reader decodes them.
    pub fn digits(&self) -> String {
        self.digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// Each of the 95 modules, dark or light, left to right.
    pub fn modules(&self) -> Vec<bool> {
        let mut m = Vec::with_capacity(MODULES as usize);
        let mut push = |pattern: u8, len: u32| {
            for k in (0..len).rev() {
                m.push(pattern >> k & 1 == 1);
            }
        };
        push(0b101, 3);
        let parity = PARITY[usize::from(self.digits[0])];
        for (i, &d) in self.digits[1..7].iter().enumerate() {
            let l = L[usize::from(d)];
            let even = parity >> (5 - i) & 1 == 1;
            // G is R (L's complement) read backwards.
            let pattern = if even { reverse7(!l & 0x7f) } else { l };
            push(pattern, 7);
        }
        push(0b01010, 5);
        for &d in &self.digits[7..] {
            push(!L[usize::from(d)] & 0x7f, 7);
        }
        push(0b101, 3);
        m
    }

    /// The dark bars, left to right.
    pub fn bars(&self) -> Vec<Bar> {
        let modules = self.modules();
        let guard = |x: u32| x < 3 || (45..50).contains(&x) || x >= MODULES - 3;
        let mut bars: Vec<Bar> = Vec::with_capacity(30);
        for (x, &dark) in modules.iter().enumerate() {
            let x = x as u32;
            if !dark {
                continue;
            }
            match bars.last_mut() {
                Some(b) if b.x + b.width == x && b.guard == guard(x) => b.width += 1,
                _ => bars.push(Bar {
                    x,
                    width: 1,
                    guard: guard(x),
                }),
            }
        }
        bars
    }
}

/// The EAN-13 check digit of twelve digits: weights 1 and 3 alternating from the left.
fn check_digit(twelve: &[u8]) -> u8 {
    let sum: u32 = twelve
        .iter()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The seven low bits of `v` in the other order.
fn reverse7(v: u8) -> u8 {
    v.reverse_bits() >> 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_become_their_ean_13_and_wrong_ones_are_refused() {
        let e = Ean13::from_isbn("978-602-03-3295-6").unwrap();
        assert_eq!(e.digits(), "9786020332956");
        // An ISBN-10 under 978, its check digit computed again.
        assert_eq!(
            Ean13::from_isbn("0-306-40615-2").unwrap().digits(),
            "9780306406157"
        );
        assert!(
            Ean13::from_isbn("978-602-03-3295-5")
                .unwrap_err()
                .contains("check digit is 5, but the first twelve digits give 6")
        );
        assert!(Ean13::from_isbn("0-306-40615-3").is_err());
        assert!(Ean13::from_isbn("977-602-03-3295-6").is_err());
        assert!(Ean13::from_isbn("978-602-03").is_err());
        assert!(Ean13::from_isbn("978-602-03-329a-6").is_err());
    }

    #[test]
    fn the_symbol_has_its_guards_and_a_pattern_per_digit() {
        let e = Ean13::from_isbn("9780306406157").unwrap();
        let m = e.modules();
        assert_eq!(m.len(), MODULES as usize);
        let bits = |r: std::ops::Range<usize>| -> String {
            m[r].iter().map(|&d| if d { '1' } else { '0' }).collect()
        };
        assert_eq!(bits(0..3), "101");
        assert_eq!(bits(45..50), "01010");
        assert_eq!(bits(92..95), "101");
        // First digit 9: parity LGGLGL. Second digit 7 in L: 0111011; third 8 in G:
        // 0001001; the last digit 7 in R: 1000100.
        assert_eq!(bits(3..10), "0111011");
        assert_eq!(bits(10..17), "0001001");
        assert_eq!(bits(85..92), "1000100");
        // Every digit's pattern is two bars and two spaces.
        for k in 0..12 {
            let start = if k < 6 { 3 + 7 * k } else { 50 + 7 * (k - 6) };
            let runs = m[start..start + 7]
                .windows(2)
                .filter(|w| w[0] != w[1])
                .count();
            assert!(
                runs == 3 || runs == 4,
                "digit {k}: {}",
                bits(start..start + 7)
            );
        }
        // Guard bars are marked; the bars cover exactly the dark modules.
        let bars = e.bars();
        assert!(bars.iter().filter(|b| b.guard).count() == 6);
        let dark: u32 = bars.iter().map(|b| b.width).sum();
        assert_eq!(dark as usize, m.iter().filter(|&&d| d).count());
    }
}
