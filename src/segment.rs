//! Segmentation: the decoded text cut into tokens, sentences and paragraphs.
//!
//! Tokens and sentences carry their spans in bytes, for slicing the Rust `&str`; a mention's
//! [`Span`] adds code points (for the output, where `text[start:end]` in Python must give
//! the mention), read off a [`CharOffsets`] once per mention rather than counted for every
//! token. The tokenizer is a single pass over the text, with no allocation per token.

/// A half-open span in the decoded text, in bytes and in code points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first byte.
    pub byte_start: usize,
    /// Byte offset one past the last byte.
    pub byte_end: usize,
    /// Code-point offset of the first character.
    pub char_start: usize,
    /// Code-point offset one past the last character.
    pub char_end: usize,
}

/// A half-open span in the decoded text, in bytes: where a token or a sentence is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ByteSpan {
    /// Byte offset of the first byte.
    pub byte_start: usize,
    /// Byte offset one past the last byte.
    pub byte_end: usize,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly joined by hyphens (`Северо-Казахстанская`, `Ростов-на-Дону`) or mixed
    /// with digits (`COVID-19`).
    Word,
    /// Digits, possibly with inner `.` or `,` between digits (`8,1`, `04.03.2020`).
    Number,
    /// One capital letter and its dot (`М.` in `М.Х.Дулати`, `В.` in `Путин В.В.`).
    Initial,
    /// A known abbreviation with its dot or dots (`г.`, `им.`, `т.е.`).
    Abbreviation,
    /// An opening or closing quotation mark of any style.
    Quote,
    /// Any other punctuation or symbol, one character per token.
    Punct,
}

/// One token of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where the token is.
    pub span: ByteSpan,
    /// What kind of token it is.
    pub kind: TokenKind,
    /// Index of the sentence the token belongs to.
    pub sentence: u32,
    /// How its letters are written, worked out once here for the recognizers.
    pub shape: Shape,
    /// A word that is one run of letters ([`is_letter`]): no digits, hyphens or accents.
    pub letters_only: bool,
    /// What stands between the previous token (or the start of the text) and this one.
    pub gap_before: Gap,
}

/// What the characters between two tokens hold, noted by [`segment`] as it skips them so
/// that no one reads the gap again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gap(u8);

impl Gap {
    /// Something other than a space, tab or line break (a no-break space, a BOM).
    const OTHER: u8 = 1;
    /// A line break (`'\n'`).
    const NEWLINE: u8 = 2;

    /// Only spaces, tabs and line breaks (`' '`, `'\t'`, `'\n'`, `'\r'`), or nothing:
    /// nothing that a re-tokenizer of the gaps would have to look at.
    pub fn blank(self) -> bool {
        self.0 & Gap::OTHER == 0
    }

    /// A line break (`'\n'`) is among the characters.
    pub fn has_newline(self) -> bool {
        self.0 & Gap::NEWLINE != 0
    }

    /// What skipping `c` adds to a gap.
    fn of(c: char) -> u8 {
        match c {
            ' ' | '\t' | '\r' => 0,
            '\n' => Gap::NEWLINE,
            _ => Gap::OTHER,
        }
    }
}

impl Token {
    /// A token at byte offsets `start..end`, in sentence 0 until sentences are split.
    #[inline]
    fn new(start: usize, end: usize, kind: TokenKind, shape: Shape, letters_only: bool) -> Token {
        Token {
            span: ByteSpan {
                byte_start: start,
                byte_end: end,
            },
            kind,
            sentence: 0,
            shape,
            letters_only,
            // Set by `segment` where the gap holds anything but spaces (rarely).
            gap_before: Gap(0),
        }
    }

    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.byte_start..self.span.byte_end]
    }
}

/// The case of a token's letters: whether the first is upper or lower case, and whether a
/// lower-case letter follows it («Курган», «КЗЖ», «г-н»).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape(u8);

impl Shape {
    const UPPER_FIRST: u8 = 1;
    const LOWER_FIRST: u8 = 2;
    const LOWER_LATER: u8 = 4;

    /// The shape of a token's text.
    pub fn of(token: &str) -> Shape {
        let mut chars = token.chars();
        let first = match chars.next() {
            Some(c) if is_upper(c) => Shape::UPPER_FIRST,
            Some(c) if is_lower(c) => Shape::LOWER_FIRST,
            _ => 0,
        };
        let later = match chars.any(is_lower) {
            true => Shape::LOWER_LATER,
            false => 0,
        };
        Shape(first | later)
    }

    /// The first character is an upper-case letter.
    pub fn starts_upper(self) -> bool {
        self.0 & Shape::UPPER_FIRST != 0
    }

    /// The first character is a lower-case letter.
    pub fn starts_lower(self) -> bool {
        self.0 & Shape::LOWER_FIRST != 0
    }

    /// Capitalised as a name is: an upper-case letter, then at least one lower-case one.
    pub fn capitalised(self) -> bool {
        self.0 & (Shape::UPPER_FIRST | Shape::LOWER_LATER)
            == Shape::UPPER_FIRST | Shape::LOWER_LATER
    }
}

/// A sentence: a run of tokens that never crosses a line break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// From the first token's start to the last token's end.
    pub span: ByteSpan,
    /// Index of the first token.
    pub first_token: usize,
    /// Index one past the last token.
    pub end_token: usize,
}

/// The result of segmenting one document.
#[derive(Debug, Default)]
pub struct Segmentation {
    /// All tokens in text order.
    pub tokens: Vec<Token>,
    /// All sentences in text order.
    pub sentences: Vec<Sentence>,
}

impl Segmentation {
    /// Index of the sentence holding the given byte offset (the last one starting at or
    /// before it), or 0 for a text with no sentences.
    pub fn sentence_at(&self, byte: usize) -> u32 {
        let idx = self
            .sentences
            .partition_point(|s| s.span.byte_start <= byte);
        idx.saturating_sub(1) as u32
    }
}

/// Abbreviations that take a dot and never end a sentence by themselves (lower case).
const ABBREVIATIONS: &[&str] = &[
    "г",
    "гг",
    "им",
    "ул",
    "обл",
    "р-н",
    "пр",
    "просп",
    "пер",
    "д",
    "кв",
    "корп",
    "стр",
    "т",
    "тыс",
    "млн",
    "млрд",
    "трлн",
    "руб",
    "коп",
    "долл",
    "чел",
    "ок",
    "др",
    "проф",
    "акад",
    "доц",
    "св",
    "см",
    "ст",
    "гл",
    "рис",
    "табл",
    "напр",
    "пос",
    "с",
    "дер",
    "им",
    "мин",
    "сек",
    "нач",
    "зам",
    "пред",
    "ген",
    "тел",
    "вв",
    "н",
    "э",
    "янв",
    "фев",
    "февр",
    "мар",
    "апр",
    "авг",
    "сент",
    "сен",
    "окт",
    "нояб",
    "дек",
    "пл",
    "наб",
    "мкр",
    "ед",
    "изд",
    "оз",
    "г-н",
    "г-жа",
    "тов",
    "ср",
    "эт",
];

/// Multi-dot abbreviations written as one token (lower case, dots included).
const DOTTED_ABBREVIATIONS: &[&str] = &[
    "т.е.",
    "т.д.",
    "т.п.",
    "т.к.",
    "т.н.",
    "и.о.",
    "н.э.",
    "до н.э.",
    "с.г.",
    "т.ч.",
];

/// `char::is_alphabetic` with a fast path for ASCII and Russian letters, which the standard
/// library looks up in a table for anything beyond ASCII.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | 'А'..='я' | 'ё' | 'Ё' => true,
        _ if c.is_ascii() => false,
        _ if is_common_punctuation(c) => false,
        _ => c.is_alphabetic(),
    }
}

/// Punctuation and spaces of Russian news outside ASCII (the General Punctuation block
/// with its dashes, quotes and ellipsis, «», the no-break space and №): neither letters
/// nor digits, told without the standard library's Unicode tables.
#[inline]
fn is_common_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}' | '«' | '»' | '\u{a0}' | '№')
}

/// The length in bytes of the run of letters ([`is_letter`]) that `text` starts with.
/// Latin and Russian letters are recognised from their bytes, without decoding.
pub fn letter_run_len(text: &str) -> usize {
    run_end(text, 0, false, is_letter)
}

/// The lines of `text` with their line feeds, as `str::split_inclusive('\n')` gives them,
/// found with the memchr crate's vectorised search rather than the standard library's
/// word-at-a-time one.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |at| at + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// The lines of `text` without their line endings («\n» or «\r\n»), as `str::lines`
/// gives them, found as [`lines_inclusive`] finds them.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    lines_inclusive(text).map(|line| {
        let Some(line) = line.strip_suffix('\n') else {
            return line;
        };
        line.strip_suffix('\r').unwrap_or(line)
    })
}

/// The end of the run of characters from byte offset `i` that are Latin or Cyrillic
/// letters, ASCII digits when `digits`, or other characters that `other` accepts. Latin
/// and Cyrillic letters and digits are recognised from their bytes, without decoding.
#[inline]
fn run_end(text: &str, mut i: usize, digits: bool, other: impl Fn(char) -> bool) -> usize {
    let bytes = text.as_bytes();
    loop {
        // Four Cyrillic letters at once: U+0400..U+047F (all letters) are a lead byte D0
        // or D1 and a continuation byte; eight bytes are tested with one mask.
        while let Some(eight) = bytes
            .get(i..i + 8)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
        {
            let mismatch =
                u64::from_le_bytes(eight) & 0xC0FE_C0FE_C0FE_C0FE ^ 0x80D0_80D0_80D0_80D0;
            if mismatch != 0 {
                // The letters before the first byte that does not fit, two bytes each.
                i += (mismatch.trailing_zeros() as usize / 8) & !1;
                break;
            }
            i += 8;
        }
        // The last few Cyrillic letters one at a time, without trying eight bytes again:
        // fewer than four are left before the end of the run or another character.
        // U+0400..U+047F, the Cyrillic letters with «ё», are D0 80 to D1 BF: one
        // comparison of the byte pair, where testing D0 and D1 apart would mispredict a
        // branch at every other letter.
        while let Some(&[lead, next]) = bytes.get(i..i + 2)
            && (u16::from(lead) << 8 | u16::from(next)).wrapping_sub(0xD080) <= 0xD1BF - 0xD080
        {
            i += 2;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => i += 1,
            b'0'..=b'9' if digits => i += 1,
            0..0x80 => break,
            _ => {
                let c = char_at(text, i);
                if other(c) {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
        }
    }
    i
}

/// `str::to_lowercase` with a fast path for ASCII and Russian letters, which the standard
/// library looks up in its Unicode tables one by one. The one difference: a Greek capital
/// sigma at the end of a word becomes «σ», not «ς».
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
            'Ё' => out.push('ё'),
            'а'..='я' | 'ё' => out.push(c),
            _ if c.is_ascii() => out.push(c),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Whether `text` has at least `n` letters ([`is_letter`]). Latin and Russian letters are
/// told from their bytes; other characters are decoded.
pub fn has_letters(text: &str, n: usize) -> bool {
    let bytes = text.as_bytes();
    // A lower bound first, in one pass the compiler vectorises: ASCII letters, and lead
    // bytes D0 and D1, each of which starts a letter (U+0400..U+047F, tested). A
    // paragraph has its `n` letters well within its first `4 * n` bytes. Counted in
    // `u8` lanes, 32 bytes at a time (at most one per byte, so no lane overflows).
    let window = &bytes[..bytes.len().min(4 * n)];
    let at_least = window.chunks(32).fold(0, |count, chunk| {
        count
            + usize::from(
                chunk
                    .iter()
                    .map(|&b| {
                        u8::from((b | 0x20).wrapping_sub(b'a') < 26) + u8::from(b & 0xFE == 0xD0)
                    })
                    .fold(0u8, u8::wrapping_add),
            )
    });
    if at_least >= n {
        return true;
    }
    let mut letters = 0;
    let mut i = 0;
    while letters < n {
        let Some(&b) = bytes.get(i) else {
            return false;
        };
        let pair = u16::from(b) << 8 | u16::from(bytes.get(i + 1).copied().unwrap_or(0));
        // А-я are D0 90 to D1 8F; Ё and ё D0 81 and D1 91.
        if pair.wrapping_sub(0xD090) <= 0xD18F - 0xD090 || pair == 0xD081 || pair == 0xD191 {
            letters += 1;
            i += 2;
        } else if b < 0x80 {
            letters += usize::from(b.is_ascii_alphabetic());
            i += 1;
        } else {
            let c = char_at(text, i);
            letters += usize::from(is_letter(c));
            i += c.len_utf8().max(1);
        }
    }
    true
}

/// `char::is_uppercase` with a fast path for ASCII and Russian letters.
#[inline]
pub fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | 'А'..='Я' | 'Ё' => true,
        'а'..='я' | 'ё' => false,
        _ if c.is_ascii() || is_common_punctuation(c) => false,
        _ => c.is_uppercase(),
    }
}

/// `char::is_lowercase` with a fast path for ASCII and Russian letters.
#[inline]
pub fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' | 'а'..='я' | 'ё' => true,
        'А'..='Я' | 'Ё' => false,
        _ if c.is_ascii() || is_common_punctuation(c) => false,
        _ => c.is_lowercase(),
    }
}

/// `char::is_alphanumeric` with the fast path of [`is_letter`].
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | 'А'..='я' | 'ё' | 'Ё' => true,
        _ if c.is_ascii() => false,
        _ if is_common_punctuation(c) => false,
        _ => c.is_alphanumeric(),
    }
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '„' | '“' | '”' | '"' | '‘' | '’' | '‚' | '‹' | '›' | '\''
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The character at byte offset `i` of `text` (which must be a character boundary), or
/// NUL past the end; one- and two-byte characters (Latin, Cyrillic) are decoded straight
/// from their bytes.
#[inline]
fn char_at(text: &str, i: usize) -> char {
    let bytes = text.as_bytes();
    match bytes.get(i) {
        None => '\0',
        Some(&first) if first < 0x80 => char::from(first),
        Some(&first) if (0xC0..0xE0).contains(&first) => {
            let second = bytes.get(i + 1).copied().unwrap_or(0x80);
            char::from_u32(u32::from(first & 0x1F) << 6 | u32::from(second & 0x3F)).unwrap_or('\0')
        }
        Some(_) => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\0'),
    }
}

/// The number of characters in `bytes` (UTF-8): the bytes that do not continue one.
/// Eight bytes are looked at at once: a continuation byte has its top bit set and the
/// next one clear. Each byte's flag is added into its own lane of a `u64`, and the lanes
/// are summed by one multiplication (`count_ones` has no instruction of its own on the
/// x86-64 baseline).
pub fn count_chars(bytes: &[u8]) -> usize {
    const TOP_BITS: u64 = 0x8080_8080_8080_8080;
    const LANES: u64 = 0x0101_0101_0101_0101;
    let mut continuing = 0;
    // The multiplication sums the lanes into the top byte: at most 31 chunks (248 flags)
    // between two sums.
    for group in bytes.chunks(8 * 31) {
        let mut lanes = 0u64;
        for chunk in group.chunks_exact(8) {
            if let Ok(eight) = <[u8; 8]>::try_from(chunk) {
                let word = u64::from_le_bytes(eight);
                lanes += (word & !(word << 1) & TOP_BITS) >> 7;
            }
        }
        continuing += (lanes.wrapping_mul(LANES) >> 56) as usize;
    }
    continuing += bytes
        .chunks_exact(8)
        .remainder()
        .iter()
        .filter(|&&b| (b & 0xC0) == 0x80)
        .count();
    bytes.len() - continuing
}

/// Cuts a text into tokens and sentences.
pub fn segment(text: &str) -> Segmentation {
    let mut tokens = Vec::with_capacity(crate::buffer::capacity_for(text.len() / 6));
    let n = text.len();
    let mut i = 0;
    // The gaps that hold more than spaces and tabs (a line break, a no-break space), as
    // the index of the token after them and what they hold: the tokens' `gap_before` is
    // set afterwards, so that the common path pays nothing for it.
    let mut gaps: Vec<(usize, u8)> = Vec::new();
    while i < n {
        // Most tokens are words of Russian or Latin letters up to a space or punctuation:
        // those are settled from their bytes, and only the others go the long way.
        if text.as_bytes()[i] == b' ' {
            i += 1;
            continue;
        }
        if let Some((end, shape)) = plain_word(text, i) {
            tokens.push(Token::new(i, end, TokenKind::Word, shape, true));
            i = end;
            continue;
        }
        if let Some((end, kind)) = common_mark(text.as_bytes(), i) {
            tokens.push(Token::new(i, end, kind, Shape::default(), false));
            i = end;
            continue;
        }
        let c = char_at(text, i);
        // Russian letters first: `char::is_whitespace` looks other characters up in
        // the Unicode tables.
        let skipped = match c {
            ' ' | '\t'..='\r' => true,
            'А'..='я' | 'ё' | 'Ё' => false,
            _ if c.is_ascii() => false,
            _ => c.is_whitespace() || c == '\u{feff}' || c == '\u{ad}',
        };
        if skipped {
            let what = Gap::of(c);
            if what != 0 {
                match gaps.last_mut() {
                    Some((k, seen)) if *k == tokens.len() => *seen |= what,
                    _ => gaps.push((tokens.len(), what)),
                }
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        let mut letters_only = false;
        if is_letter(c) {
            (i, letters_only) = scan_word(text, i);
            let word = &text[start..i];
            if char_at(text, i) == '.' {
                let upper = is_upper(c);
                if start + c.len_utf8() == i && upper {
                    i += 1;
                    letters_only = false;
                    kind = TokenKind::Initial;
                } else if let Some(end) = dotted_abbreviation(text, start) {
                    i = end;
                    letters_only = false;
                    kind = TokenKind::Abbreviation;
                } else if is_abbreviation(word) {
                    i += 1;
                    letters_only = false;
                    kind = TokenKind::Abbreviation;
                } else {
                    kind = TokenKind::Word;
                }
            } else {
                kind = TokenKind::Word;
            }
        } else if c.is_ascii_digit() || c.is_numeric() {
            i = scan_number(text, i);
            kind = TokenKind::Number;
        } else if is_quote(c) {
            i += c.len_utf8();
            kind = TokenKind::Quote;
        } else {
            i += c.len_utf8();
            kind = TokenKind::Punct;
        }
        let shape = Shape::of(&text[start..i]);
        tokens.push(Token::new(start, i, kind, shape, letters_only));
    }
    // A gap after the last token is no token's.
    for (k, what) in gaps {
        if let Some(token) = tokens.get_mut(k) {
            token.gap_before.0 |= what;
        }
    }
    let sentences = split_sentences(text, &mut tokens);
    Segmentation { tokens, sentences }
}

/// The end and shape of the word at byte offset `i` when it is plain: Latin letters and
/// Cyrillic letters only (U+0400..U+045F first, U+0400..U+047F after it), followed by the
/// end of the text, ASCII other than letters, digits, «.» and «-», or one of a few common
/// punctuation marks (no-break space, «», em and en dashes, curly quotes, ellipsis). Such a word is what
/// [`scan_word`] and [`Shape::of`] would make of it, a word of letters only; `None`
/// leaves any other token to them.
#[inline]
fn plain_word(text: &str, i: usize) -> Option<(usize, Shape)> {
    let bytes = text.as_bytes();
    let pair = |k: usize| {
        u16::from(bytes.get(k).copied().unwrap_or(0)) << 8
            | u16::from(bytes.get(k + 1).copied().unwrap_or(0))
    };
    // U+0400..U+045F are D0 80 to D1 9F; those before «а» (D0 B0) are upper case.
    let cyrillic = |pair: u16| pair.wrapping_sub(0xD080) <= 0xD19F - 0xD080;
    let (first, width) = match bytes.get(i)? {
        b'A'..=b'Z' => (Shape::UPPER_FIRST, 1),
        b'a'..=b'z' => (Shape::LOWER_FIRST, 1),
        0xD0 | 0xD1 if cyrillic(pair(i)) => match pair(i) < 0xD0B0 {
            true => (Shape::UPPER_FIRST, 2),
            false => (Shape::LOWER_FIRST, 2),
        },
        _ => return None,
    };
    let end = run_end(text, i, false, |_| false);
    let ends_word = match bytes.get(end) {
        None => true,
        Some(&b) if b < 0x80 => !b.is_ascii_alphanumeric() && b != b'.' && b != b'-',
        // No-break space, «, »; –, —, “, ”, …
        Some(0xC2) => matches!(bytes.get(end + 1), Some(0xA0 | 0xAB | 0xBB)),
        Some(0xE2) => {
            bytes.get(end + 1) == Some(&0x80)
                && matches!(bytes.get(end + 2), Some(0x93 | 0x94 | 0x9C | 0x9D | 0xA6))
        }
        Some(_) => false,
    };
    if !ends_word {
        return None;
    }
    // A lower-case letter after the first: most often the second.
    let mut k = i + width;
    let mut later = 0;
    while k < end {
        let lower = match bytes[k] {
            b'a'..=b'z' => true,
            b if b < 0x80 => false,
            // The run may go on into U+0460..U+047F, whose case alternates.
            _ if pair(k) > 0xD19F => return None,
            _ => pair(k) >= 0xD0B0,
        };
        if lower {
            later = Shape::LOWER_LATER;
            break;
        }
        k += if bytes[k] < 0x80 { 1 } else { 2 };
    }
    Some((end, Shape(first | later)))
}

/// The end and kind of the punctuation mark at byte offset `i` when it is a common one,
/// which the long way makes a token of its own: ASCII punctuation, «, » and the en and
/// em dashes. It has no letters, so its shape is empty.
#[inline]
fn common_mark(bytes: &[u8], i: usize) -> Option<(usize, TokenKind)> {
    match *bytes.get(i)? {
        b'"' | b'\'' => Some((i + 1, TokenKind::Quote)),
        b if b.is_ascii_punctuation() => Some((i + 1, TokenKind::Punct)),
        0xC2 => match bytes.get(i + 1)? {
            0xAB | 0xBB => Some((i + 2, TokenKind::Quote)),
            _ => None,
        },
        0xE2 => match (bytes.get(i + 1)?, bytes.get(i + 2)?) {
            (0x80, 0x93 | 0x94) => Some((i + 3, TokenKind::Punct)),
            _ => None,
        },
        _ => None,
    }
}

/// Scans letters and digits joined by hyphens from byte offset `i`; returns the offset
/// past the word, and whether it is letters only.
fn scan_word(text: &str, mut i: usize) -> (usize, bool) {
    // Most words are letters only: one run of them, and a character that cannot go on.
    i = run_end(text, i, false, is_letter);
    let c = char_at(text, i);
    let goes_on = is_letter_or_digit(c)
        || c == '\u{301}'
        || c == '\u{ad}'
        || (is_hyphen(c) && is_letter_or_digit(char_at(text, i + c.len_utf8())));
    if i == text.len() || !goes_on {
        return (i, true);
    }
    loop {
        i = run_end(text, i, true, |c| {
            is_letter_or_digit(c) || c == '\u{301}' || c == '\u{ad}'
        });
        // A hyphen joins when letters or digits follow directly.
        let c = char_at(text, i);
        if i < text.len() && is_hyphen(c) && is_letter_or_digit(char_at(text, i + c.len_utf8())) {
            i += c.len_utf8();
            continue;
        }
        return (i, false);
    }
}

/// Scans digits with inner `.`/`,` separators between digits from byte offset `i`; a
/// trailing letter run glued to the number is left to the next token.
fn scan_number(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    if !bytes[i].is_ascii_digit() {
        // Other numeric characters (², ½, Ⅻ) are one token each.
        return i + char_at(text, i).len_utf8();
    }
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if matches!(bytes.get(i), Some(b'.' | b','))
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 1;
            continue;
        }
        return i;
    }
}

/// Month abbreviations among [`ABBREVIATIONS`]: capitalised, such a word ends a sentence
/// («Ким Ир Сен.»).
const ABBREVIATED_MONTHS: &[&str] = &[
    "янв", "фев", "февр", "мар", "апр", "авг", "сент", "сен", "окт", "нояб", "дек",
];

/// [`ABBREVIATIONS`] as a set.
static ABBREVIATION_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| ABBREVIATIONS.iter().copied().collect());

/// Builds this module's tables now rather than at their first use (see
/// [`crate::recognize::prepare`]).
pub fn prepare() {
    std::sync::LazyLock::force(&ABBREVIATION_SET);
}

fn is_abbreviation(word: &str) -> bool {
    // Most words before a full stop are longer than any abbreviation.
    const LONGEST: usize = longest(ABBREVIATIONS);
    if word.len() > LONGEST {
        return false;
    }
    // The word folded into a buffer on the stack (folding keeps each character's
    // length), then looked up.
    let mut buffer = [0u8; LONGEST];
    let mut len = 0;
    for c in word.chars() {
        let folded = fold_char(c);
        let Some(slot) = buffer.get_mut(len..len + folded.len_utf8()) else {
            return false;
        };
        folded.encode_utf8(slot);
        len += folded.len_utf8();
    }
    let Ok(folded) = std::str::from_utf8(&buffer[..len]) else {
        return false;
    };
    let capitalised = word.chars().next().is_some_and(is_upper);
    ABBREVIATION_SET.contains(folded) && !(capitalised && ABBREVIATED_MONTHS.contains(&folded))
}

/// The length in bytes of the longest of `words`.
const fn longest(words: &[&str]) -> usize {
    let (mut i, mut longest) = (0, 0);
    while i < words.len() {
        if words[i].len() > longest {
            longest = words[i].len();
        }
        i += 1;
    }
    longest
}

/// A dotted abbreviation such as `т.е.` starting at byte offset `start`: returns the
/// offset past it.
fn dotted_abbreviation(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    // Each of them has a dot or a space in its first five bytes (after one letter, or
    // «до»); folding keeps both where they are, so a longer word is none of them.
    if !rest.bytes().take(5).any(|b| b == b'.' || b == b' ') {
        return None;
    }
    for abbr in DOTTED_ABBREVIATIONS {
        let len = abbr.len();
        if rest.len() >= len && rest.is_char_boundary(len) && folded_eq(&rest[..len], abbr) {
            return Some(start + len);
        }
    }
    None
}

/// Groups tokens into sentences and writes each token's sentence index.
fn split_sentences(text: &str, tokens: &mut [Token]) -> Vec<Sentence> {
    // News sentences run to some twenty tokens.
    let mut sentences = Vec::with_capacity(crate::buffer::capacity_for(tokens.len() / 16 + 1));
    let mut first = 0;
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        let mut end_here = false;
        if i + 1 < n {
            if tokens[i + 1].gap_before.has_newline() {
                end_here = true;
            } else if tokens[i].kind == TokenKind::Punct
                && tokens[i].text(text).chars().all(is_sentence_end)
            {
                // Closing quotes and brackets stay with the sentence they close.
                let mut j = i + 1;
                while j < n
                    && (tokens[j].kind == TokenKind::Quote
                        || matches!(tokens[j].text(text), ")" | "]")
                        || tokens[j].text(text).chars().all(is_sentence_end))
                    && !tokens[j].gap_before.has_newline()
                {
                    // An opening quote after a space starts the next sentence.
                    let spaced = tokens[j].span.byte_start > tokens[j - 1].span.byte_end;
                    if spaced && tokens[j].kind == TokenKind::Quote {
                        break;
                    }
                    j += 1;
                }
                if j < n && starts_sentence(text, &tokens[j]) {
                    let gap = &text[tokens[j - 1].span.byte_end..tokens[j].span.byte_start];
                    if !gap.is_empty() || tokens[j].kind == TokenKind::Quote {
                        i = j - 1;
                        end_here = true;
                    }
                }
            }
        } else {
            end_here = true;
        }
        if end_here {
            push_sentence(&mut sentences, tokens, first, i + 1);
            first = i + 1;
        }
        i += 1;
    }
    sentences
}

fn starts_sentence(text: &str, token: &Token) -> bool {
    let first = token.text(text).chars().next().unwrap_or(' ');
    is_upper(first)
        || first.is_ascii_digit()
        || matches!(token.kind, TokenKind::Quote)
        || matches!(first, '—' | '–' | '-' | '(' | '[')
}

fn push_sentence(sentences: &mut Vec<Sentence>, tokens: &mut [Token], first: usize, end: usize) {
    if first >= end {
        return;
    }
    let index = sentences.len() as u32;
    for token in &mut tokens[first..end] {
        token.sentence = index;
    }
    sentences.push(Sentence {
        span: ByteSpan {
            byte_start: tokens[first].span.byte_start,
            byte_end: tokens[end - 1].span.byte_end,
        },
        first_token: first,
        end_token: end,
    });
}

/// Case-folds a text without changing its byte length: letters to lower case and `ё` to
/// `е` wherever the folded character has the same UTF-8 length; others are kept.
pub fn fold(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Text that folding leaves alone (most of it: lower-case letters, digits, spaces) is
    // copied a run at a time; only the characters that change are written one by one.
    let mut unchanged_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Sixteen bytes at a time while none of them may change (see `may_change`); short
        // strings (names, words) go straight to the characters.
        if i + 16 <= bytes.len() {
            let mut before = if i == 0 { 0 } else { bytes[i - 1] };
            while let Some(sixteen) = bytes
                .get(i..i + 16)
                .and_then(|s| <[u8; 16]>::try_from(s).ok())
            {
                let word = u128::from_le_bytes(sixteen);
                let (low, high) = (word as u64, (word >> 64) as u64);
                let flagged_low = may_change(low, before);
                let flagged_high = may_change(high, (low >> 56) as u8);
                if flagged_low | flagged_high != 0 {
                    i += match flagged_low {
                        0 => 8 + flagged_high.trailing_zeros() as usize / 8,
                        _ => flagged_low.trailing_zeros() as usize / 8,
                    };
                    break;
                }
                before = (high >> 56) as u8;
                i += 16;
            }
            // Back to the start of the character (a flagged or last byte may continue one).
            while !text.is_char_boundary(i) {
                i -= 1;
            }
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        // Most characters are kept: lower-case letters, digits, spaces and punctuation.
        if b < 0x80 {
            if !b.is_ascii_uppercase() {
                i += 1;
                continue;
            }
        } else {
            // а-я are D0 B0 to D1 8F, and ё (D1 91) folds: the byte pair is compared
            // once rather than its lead byte tested for D0 and D1 apart.
            let pair = u16::from(b) << 8 | u16::from(bytes.get(i + 1).copied().unwrap_or(0));
            if pair.wrapping_sub(0xD0B0) <= 0xD19F - 0xD0B0 && pair != 0xD191 {
                i += 2;
                continue;
            }
        }
        // What is left changes, or is rare: A-Z, А-Я (D0 90-AF → а-я), Ё (D0 81) and
        // ё (D1 91) → е, and characters outside ASCII and Russian.
        let (width, folded) = match (b, bytes.get(i + 1)) {
            (0..0x80, _) => (1, Some(char::from(b.to_ascii_lowercase()))),
            (0xD0, Some(&c @ 0x90..=0xAF)) => (2, char::from_u32(0x430 + u32::from(c - 0x90))),
            (0xD0, Some(0x81)) | (0xD1, Some(0x91)) => (2, Some('е')),
            _ => other_folded(&text[i..]),
        };
        if let Some(folded) = folded {
            out.push_str(&text[unchanged_from..i]);
            out.push(folded);
            unchanged_from = i + width;
        }
        i += width;
    }
    out.push_str(&text[unchanged_from..]);
    out
}

/// The bytes of `eight` (eight bytes of UTF-8, the first in the lowest bits; `before` is
/// the byte in front of them) that may belong to a character [`fold`] changes, each
/// flagged by its top bit. Lower-case Russian letters but «ё» (a lead byte D0 with a
/// continuation byte B0-BF, or D1 with 80-8F) and ASCII but A-Z are never flagged, the
/// rest is:
/// - A-Z;
/// - lead bytes other than D0 and D1: every other two-, three- or four-byte character;
/// - continuation bytes that do not make a lower-case letter with their lead byte. The
///   lead is taken to be D0 or D1: any other is flagged itself, and comes first.
///
/// Only the lowest flagged byte is meant to count: those after it may be flagged or not.
#[inline]
fn may_change(eight: u64, before: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x80 * ONES;
    let low_seven = eight & !TOP;
    // A-Z: top bit clear, low seven bits from 0x41 to 0x5A (the sums carry into the top
    // bit of the same byte only).
    let upper = (low_seven + (0x80 - 0x41) * ONES) & !(low_seven + (0x80 - 0x5B) * ONES);
    let ascii_upper = upper & !eight & TOP;
    // Lead bytes (11xxxxxx) that are not 1101000x.
    let lead = eight & (eight << 1) & TOP;
    let not_d0_d1 = (((eight ^ (0xD0 * ONES)) & (0x3E * ONES)) + 0x7E * ONES) & TOP;
    let other_lead = lead & not_d0_d1;
    // Continuation bytes (10xxxxxx): bits 5 and 4 must be 11 after D0 (B0-BF) and 00
    // after D1 (80-8F). Bit 0 of the byte before tells D0 from D1.
    let continuation = eight & !(eight << 1) & TOP;
    let previous = eight << 8 | u64::from(before);
    let (bit5, bit4, after_d1) = (eight << 2, eight << 3, previous << 7);
    let not_lower = continuation & ((bit5 ^ bit4) | !(bit5 ^ after_d1)) & TOP;
    ascii_upper | other_lead | not_lower
}

/// The width of the first character of `rest` and its folded form, if folding changes it.
fn other_folded(rest: &str) -> (usize, Option<char>) {
    let ch = rest.chars().next().unwrap_or('\0');
    let folded = fold_char(ch);
    (ch.len_utf8(), (folded != ch).then_some(folded))
}

/// Folds one character as [`fold`] does. Always inlined: callers fold names a
/// character at a time, and nearly every character is ASCII or Russian, settled here.
#[inline(always)]
pub fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'a'..='z' => c,
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'а'..='я' => c,
        'ё' | 'Ё' => 'е',
        _ if c.is_ascii() => c,
        _ => fold_other_char(c),
    }
}

/// [`fold_char`] for a character that is neither ASCII nor Russian.
#[inline(never)]
fn fold_other_char(c: char) -> char {
    if is_common_punctuation(c) {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// The case-folded first three letters of a word, without allocating («Совета» → «сов»).
#[inline]
pub fn folded_prefix(word: &str) -> [char; 3] {
    let mut out = ['\0'; 3];
    for (slot, c) in out.iter_mut().zip(word.chars()) {
        *slot = fold_char(c);
    }
    out
}

/// True for an upper-case Roman numeral of a ruler, a century or a congress («II», «XIV»,
/// «XXI»), at most seven letters.
pub fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 7
        && word
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M'))
}

/// True when `word` case-folded (see [`fold`]) is `folded`, without allocating: for
/// comparing dictionary lemmas («объединённый») with folded word lists.
pub fn folded_eq(word: &str, folded: &str) -> bool {
    word.len() == folded.len() && word.chars().map(fold_char).eq(folded.chars())
}

/// A quick filter for word lists: a word form can be a form of a listed lemma only if
/// its first three letters are those of the lemma (Russian nouns keep them across cases:
/// «ассоциация», «Ассоциации», «ассоциацией»). Used to skip the dictionary for most words.
///
/// A 65 536-bit filter of hashed prefixes turns most words away with one bit test; the
/// set of prefixes settles the rest.
#[derive(Debug, Clone)]
pub struct PrefixSet {
    bits: Box<[u64]>,
    prefixes: rustc_hash::FxHashSet<[char; 3]>,
}

impl Default for PrefixSet {
    fn default() -> Self {
        PrefixSet::new([])
    }
}

impl PrefixSet {
    /// The prefixes of the given lemmas.
    pub fn new<'a>(lemmas: impl IntoIterator<Item = &'a str>) -> Self {
        let prefixes: rustc_hash::FxHashSet<[char; 3]> =
            lemmas.into_iter().map(folded_prefix).collect();
        let mut bits = vec![0u64; PREFIX_BITS / 64].into_boxed_slice();
        for prefix in &prefixes {
            let bit = prefix_bit(prefix);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        PrefixSet { bits, prefixes }
    }

    /// False when `folded` (a case-folded word, see [`fold`]) cannot be a form of any
    /// listed lemma.
    #[inline]
    pub fn may_contain(&self, folded: &str) -> bool {
        let mut prefix = ['\0'; 3];
        for (slot, c) in prefix.iter_mut().zip(folded.chars()) {
            *slot = c;
        }
        let bit = prefix_bit(&prefix);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0 && self.prefixes.contains(&prefix)
    }
}

/// Bits in a [`PrefixSet`]'s filter.
const PREFIX_BITS: usize = 1 << 16;

/// The filter bit of a prefix.
#[inline]
fn prefix_bit(prefix: &[char; 3]) -> usize {
    let mut hash = 0u32;
    for (c, factor) in prefix
        .iter()
        .zip([0x9E37_79B1u32, 0x85EB_CA77, 0xC2B2_AE3D])
    {
        hash ^= u32::from(*c).wrapping_mul(factor);
    }
    (hash >> 16) as usize
}

/// An exact map from case-folded words with a bit filter in front: a word outside it is
/// usually turned away by one bit, hashed from its length and its first and last eight
/// bytes, without the hash table. For the word lists asked about at every token.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    bits: Box<[u64]>,
    words: rustc_hash::FxHashMap<compact_str::CompactString, V>,
}

/// A [`WordMap`] without values: an exact set of words.
pub type WordSet = WordMap<()>;

/// Bits in a [`WordMap`]'s filter.
const WORD_SET_BITS: usize = 1 << 15;

impl WordSet {
    /// The set of the given case-folded words.
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Self {
        WordMap::from_map(words.into_iter().map(|w| (w.as_ref().into(), ())).collect())
    }

    /// True when `folded` is in the set.
    #[inline]
    pub fn contains(&self, folded: &str) -> bool {
        self.get(folded).is_some()
    }
}

impl<V> WordMap<V> {
    /// The map with the given case-folded words as keys.
    pub fn from_map(words: rustc_hash::FxHashMap<compact_str::CompactString, V>) -> Self {
        let mut bits = vec![0u64; WORD_SET_BITS / 64].into_boxed_slice();
        for word in words.keys() {
            let bit = word_bit(word);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        WordMap { bits, words }
    }

    /// The value of `folded`, if it is a key.
    #[inline]
    pub fn get(&self, folded: &str) -> Option<&V> {
        let bit = word_bit(folded);
        if self.bits[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.words.get(folded)
    }

    /// The keys, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(compact_str::CompactString::as_str)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True for an empty map.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The filter bit of a word in a [`WordMap`]: from its length and its first and last
/// four bytes (the first, middle and last byte of a shorter word), which tell most words
/// apart. Words of four bytes or more, two Russian letters, take one path: a test of
/// the length against eight, taken about as often as not, was mispredicted often.
#[inline]
fn word_bit(word: &str) -> usize {
    let bytes = word.as_bytes();
    let four = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|s| <[u8; 4]>::try_from(s).ok())
            .map_or(0, u32::from_le_bytes)
    };
    let n = bytes.len();
    let (head, tail) = match n {
        4.. => (four(0), four(n - 4)),
        _ => {
            let byte = |at: usize| u32::from(bytes.get(at).copied().unwrap_or(0));
            let short = byte(0) | byte(n / 2) << 8 | byte(n.wrapping_sub(1)) << 16;
            (short, short)
        }
    };
    let hash = (u64::from(head) << 32 | u64::from(tail)) ^ (n as u64).rotate_left(29);
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 15)) as usize
}

/// True when token `i` opens a clause, where a capital letter says nothing about a name:
/// the first token of a sentence, after «:», or after a dash that opens a line of
/// dialogue or follows reported speech («», — сказал»). Inside a sentence a dash only sets
/// off an apposition («обоих преследователей - Кими Райкконена», «партнера – Национальной
/// волонтерской сети»).
pub fn opens_clause(text: &str, tokens: &[Token], i: usize) -> bool {
    i == 0
        || tokens[i - 1].sentence != tokens[i].sentence
        || tokens[i - 1].text(text) == ":"
        || (matches!(tokens[i - 1].text(text), "—" | "–" | "-")
            && (i < 2
                || tokens[i - 2].sentence != tokens[i].sentence
                || matches!(tokens[i - 2].text(text), "," | "»" | "\"" | "”")))
}

/// True when `b` follows `a` in the same sentence with only spaces between them.
pub fn only_spaces_between(text: &str, a: &Token, b: &Token) -> bool {
    // The no-break space is C2 A0; other bytes are neither.
    let gap = &text.as_bytes()[a.span.byte_end..b.span.byte_start];
    a.sentence == b.sentence
        && (gap.iter().all(|&b| b == b' ')
            || text[a.span.byte_end..b.span.byte_start]
                .chars()
                .all(|c| c == ' ' || c == '\u{a0}'))
}

/// The text with its first letter in upper case, as Russian writes names.
pub fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    // One allocation: the upper case of a letter is at most a few bytes longer.
    let mut out = String::with_capacity(s.len() + 4);
    out.extend(first.to_uppercase());
    out.push_str(chars.as_str());
    out
}

/// Converts byte offsets of one text into code-point offsets in O(1) amortised time:
/// the code-point count is stored every 64 bytes and the rest is counted on demand.
pub struct CharOffsets<'a> {
    text: &'a str,
    blocks: Vec<u32>,
}

const BLOCK: usize = 64;

impl<'a> CharOffsets<'a> {
    /// Indexes a text.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        // One count per block and one for the end.
        let mut blocks = Vec::with_capacity(bytes.len().div_ceil(BLOCK) + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += count_chars(chunk) as u32;
        }
        blocks.push(count);
        CharOffsets { text, blocks }
    }

    /// The code-point offset of a byte offset that lies on a character boundary.
    pub fn to_char(&self, byte: usize) -> usize {
        let block = byte / BLOCK;
        let base = self.blocks.get(block).copied().unwrap_or(0) as usize;
        let start = block * BLOCK;
        let bytes = &self.text.as_bytes()[start.min(self.text.len())..byte.min(self.text.len())];
        base + count_chars(bytes)
    }

    /// The code-point offsets of a byte range, both on character boundaries: the end is
    /// counted on from the start when both lie in one block, as a short mention's do.
    pub fn to_chars(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.to_char(start);
        let last = match self.text.as_bytes().get(start..end) {
            Some(between) if start / BLOCK == end / BLOCK => first + count_chars(between),
            _ => self.to_char(end),
        };
        (first, last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        segment(text).tokens.iter().map(|t| t.text(text)).collect()
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        segment(text).tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn abbreviations_by_set_match_the_list() {
        let naive = |word: &str| {
            let capitalised = word.chars().next().is_some_and(is_upper);
            ABBREVIATIONS
                .iter()
                .any(|a| folded_eq(word, a) && !(capitalised && ABBREVIATED_MONTHS.contains(a)))
        };
        let mut words: Vec<String> = Vec::new();
        for a in ABBREVIATIONS {
            words.push(a.to_string());
            words.push(capitalise_first(a));
            words.push(a.to_uppercase());
            words.push(format!("{a}х"));
        }
        words.extend(["", "Ёлка", "г", "Г", "Янв", "янв", "x", "ǅ", "😀"].map(String::from));
        for word in &words {
            assert_eq!(is_abbreviation(word), naive(word), "{word}");
        }
    }

    #[test]
    fn dotted_abbreviations_have_a_dot_or_space_early() {
        // dotted_abbreviation turns away words without one in their first five bytes.
        for abbr in DOTTED_ABBREVIATIONS {
            assert!(
                abbr.bytes().take(5).any(|b| b == b'.' || b == b' '),
                "{abbr}"
            );
        }
        let text = "Т.е. так, до н.э. и сказал.";
        assert_eq!(dotted_abbreviation(text, 0), Some("Т.е.".len()));
        let at = text.find("до").unwrap_or_default();
        assert_eq!(dotted_abbreviation(text, at), Some(at + "до н.э.".len()));
        assert_eq!(
            dotted_abbreviation(text, text.find("сказал").unwrap_or_default()),
            None
        );
    }

    #[test]
    fn common_punctuation_is_neither_letter_nor_digit() {
        let listed = ('\u{2000}'..='\u{206F}').chain(['«', '»', '\u{a0}', '№']);
        for c in listed {
            assert!(is_common_punctuation(c));
            assert!(!c.is_alphanumeric(), "{c:?}");
            assert!(!c.is_uppercase() && !c.is_lowercase(), "{c:?}");
            assert_eq!(fold_char(c), c, "{c:?}");
        }
    }

    #[test]
    fn plain_words_are_what_the_long_way_makes_of_them() {
        // Every word taken as plain is the word scan_word finds, letters only, with the
        // shape Shape::of gives, and is not followed by a dot; the long way is taken
        // for the rest. Over a sample article and words next to every kind of neighbour.
        let article = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        let words = [
            "Курган",
            "курган",
            "ООН",
            "США",
            "iPhone",
            "Ёлка",
            "ёж",
            "Ѐx",
            "NATO",
            "я",
        ];
        let after = [
            "", " ", ".", "-", "5", "x", "Ж", "ж", ",", "\n", "\u{a0}", "«", "»", "—", "–", "“",
            "”", "…", "\u{2010}", "\u{2011}", "\u{301}", "\u{ad}", "é", "Ѡ", "😀", "'",
        ];
        let mut texts = vec![article.to_string()];
        for word in words {
            for next in after {
                texts.push(format!("{word}{next}ab"));
                texts.push(format!("x {word}{next}"));
            }
        }
        let mut plain = 0;
        for text in &texts {
            let mut i = 0;
            while i < text.len() {
                if let Some((end, shape)) = plain_word(text, i) {
                    plain += 1;
                    assert_eq!(scan_word(text, i), (end, true), "{text:?} at {i}");
                    assert_ne!(char_at(text, end), '.', "{text:?} at {i}");
                    assert_eq!(shape, Shape::of(&text[i..end]), "{text:?} at {i}");
                }
                i += char_at(text, i).len_utf8();
            }
        }
        assert!(plain > 1000, "{plain} plain words");
        let token = |text: &str| segment(text).tokens[0].span.byte_end;
        assert_eq!(token("т.е. так"), "т.е.".len());
        assert_eq!(token("интернет-издания"), "интернет-издания".len());
        assert_eq!(token("ударе\u{301}ние"), "ударе\u{301}ние".len());
    }

    #[test]
    fn gaps_say_what_they_hold() {
        let article = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        let odd = "\u{feff}Он  пришёл\u{a0}в\u{ad}дом,\r\n\tа\u{b}она\u{2009}— нет.\u{c}\u{a0}";
        for text in [article, odd] {
            let tokens = segment(text).tokens;
            let mut at = 0;
            let (mut odd_gaps, mut newlines) = (0, 0);
            for token in &tokens {
                let gap = &text.as_bytes()[at..token.span.byte_start];
                let blank = gap
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'));
                let newline = gap.contains(&b'\n');
                assert_eq!(
                    (token.gap_before.blank(), token.gap_before.has_newline()),
                    (blank, newline),
                    "{:?} before {:?}",
                    gap,
                    token.text(text)
                );
                odd_gaps += usize::from(!blank);
                newlines += usize::from(newline);
                at = token.span.byte_end;
            }
            // The BOM, the no-break space, \v and the thin space (the others are in
            // a word or after the last token).
            if text == odd {
                assert_eq!((odd_gaps, newlines), (4, 1));
            } else {
                assert!(newlines > 5, "the article's paragraphs");
            }
        }
    }

    #[test]
    fn shape_agrees_with_char_tests() {
        let text = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        let odd = "Ѡѡ ѢѣЁё ÉCOLE école İstanbul ǅemal ЁЖ Ёж 12ab ОАО «Ъ» x";
        for token in text.split_whitespace().chain(odd.split_whitespace()) {
            let mut chars = token.chars();
            let first = chars.next();
            let shape = Shape::of(token);
            assert_eq!(
                shape.starts_upper(),
                first.is_some_and(char::is_uppercase),
                "{token}"
            );
            assert_eq!(
                shape.starts_lower(),
                first.is_some_and(char::is_lowercase),
                "{token}"
            );
            let capitalised =
                first.is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
            assert_eq!(shape.capitalised(), capitalised, "{token}");
        }
    }

    #[test]
    fn has_letters_counts_as_is_letter_does() {
        let text = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        let mixed = ["ЁЛКА ёж 12 — «Ǆemal» İ Ⅻ ѢѣҊ ₽ 𝔸x", "", "1234", "аб"];
        // Every character with lead byte D0 or D1 is a letter, as the lower bound assumes.
        assert!(('\u{400}'..='\u{47f}').all(is_letter));
        for line in text.lines().chain(mixed) {
            let letters = line.chars().filter(|&c| is_letter(c)).count();
            for n in 0..letters + 3 {
                assert_eq!(has_letters(line, n), letters >= n, "{line:?} {n}");
            }
        }
    }

    #[test]
    fn lowercase_agrees_with_the_standard_library() {
        let text = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        let mixed = "ЁЛКА Ёжик İstanbul ÀÉÎ Ǆemal ΣΟΦΙΑ ß ǅ Ⅻ ";
        for word in text.split_whitespace().chain(mixed.split(' ')) {
            assert_eq!(lowercase(word), word.to_lowercase(), "{word}");
        }
        assert_eq!(lowercase(text), text.to_lowercase());
    }

    #[test]
    fn count_chars_agrees_with_chars() {
        let text = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        for end in (0..text.len())
            .filter(|&e| text.is_char_boundary(e))
            .step_by(7)
        {
            for start in [0, end / 2, end.saturating_sub(9)] {
                if text.is_char_boundary(start) {
                    let slice = &text[start..end];
                    assert_eq!(count_chars(slice.as_bytes()), slice.chars().count());
                }
            }
        }
    }

    #[test]
    fn common_marks_are_what_the_long_way_makes_of_them() {
        let mut marked = 0;
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("{c}x");
            let Some((end, kind)) = common_mark(text.as_bytes(), 0) else {
                continue;
            };
            marked += 1;
            assert_eq!(end, c.len_utf8(), "{c:?}");
            let long_way = if is_quote(c) {
                TokenKind::Quote
            } else {
                TokenKind::Punct
            };
            assert_eq!(kind, long_way, "{c:?}");
            assert!(
                !is_letter(c) && !c.is_numeric() && !c.is_whitespace(),
                "{c:?}"
            );
            assert_eq!(Shape::of(&text[..end]), Shape::default(), "{c:?}");
        }
        assert_eq!(marked, 32 + 4, "ASCII punctuation, «», – and —");
    }

    #[test]
    fn tokens_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "В Кургане прошел круглый стол.",
                &["В", "Кургане", "прошел", "круглый", "стол", "."],
            ),
            (
                "Северо-Казахстанской области",
                &["Северо-Казахстанской", "области"],
            ),
            ("в Ростове-на-Дону", &["в", "Ростове-на-Дону"]),
            ("ФК «Урал-Евразия»", &["ФК", "«", "Урал-Евразия", "»"]),
            ("имени М.Х.Дулати", &["имени", "М.", "Х.", "Дулати"]),
            ("В. В. Путин", &["В.", "В.", "Путин"]),
            ("Путин В.В. заявил", &["Путин", "В.", "В.", "заявил"]),
            ("в г. Кокшетау", &["в", "г.", "Кокшетау"]),
            ("т.е. всё", &["т.е.", "всё"]),
            ("8,1 млн долларов", &["8,1", "млн", "долларов"]),
            ("04.03.2020", &["04.03.2020"]),
            ("5-8 ноября", &["5", "-", "8", "ноября"]),
            ("COVID-19", &["COVID-19"]),
            ("10 м² и ½ доли", &["10", "м²", "и", "½", "доли"]),
            ("Әлем Қазақстан ұлттық", &["Әлем", "Қазақстан", "ұлттық"]),
            ("Посольство РК в РФ", &["Посольство", "РК", "в", "РФ"]),
            (
                "„Диалог“ — \"да\"",
                &["„", "Диалог", "“", "—", "\"", "да", "\""],
            ),
        ];
        for (input, expected) in table {
            assert_eq!(&words(input), expected, "tokens of {input:?}");
        }
    }

    #[test]
    fn token_kinds() {
        use TokenKind::*;
        assert_eq!(kinds("М.Х.Дулати"), vec![Initial, Initial, Word]);
        assert_eq!(kinds("в г. Сочи"), vec![Word, Abbreviation, Word]);
        assert_eq!(kinds("«Да» 2021"), vec![Quote, Word, Quote, Number]);
    }

    #[test]
    fn sentences_table() {
        let table: &[(&str, &[&str])] = &[
            ("Он пришел. Она ушла.", &["Он пришел.", "Она ушла."]),
            (
                "Форум прошел в г. Сочи. Итоги подвели.",
                &["Форум прошел в г. Сочи.", "Итоги подвели."],
            ),
            (
                "Выступил В. В. Путин. Затем",
                &["Выступил В. В. Путин.", "Затем"],
            ),
            (
                "имени М.Х.Дулати подписали",
                &["имени М.Х.Дулати подписали"],
            ),
            ("Заголовок\nТекст статьи", &["Заголовок", "Текст статьи"]),
            (
                "Он сказал: «Да». Потом ушел",
                &["Он сказал: «Да».", "Потом ушел"],
            ),
            ("Как? «Так!» Ответил он", &["Как?", "«Так!»", "Ответил он"]),
            ("сайт svyaz.ru работает", &["сайт svyaz.ru работает"]),
        ];
        for (input, expected) in table {
            let seg = segment(input);
            let got: Vec<&str> = seg
                .sentences
                .iter()
                .map(|s| &input[s.span.byte_start..s.span.byte_end])
                .collect();
            assert_eq!(&got, expected, "sentences of {input:?}");
        }
    }

    #[test]
    fn token_bytes_and_char_offsets_agree() {
        // A token's byte span, through the code-point index, gives the same text in
        // code points, as Python slices the output.
        let text = "Ә «Курган» 2021 г. Омск\u{a0}— ёж, 😀 т.е. конец";
        let seg = segment(text);
        let chars: Vec<char> = text.chars().collect();
        let offsets = CharOffsets::new(text);
        assert!(seg.tokens.len() >= 12);
        for t in &seg.tokens {
            let (start, end) = (
                offsets.to_char(t.span.byte_start),
                offsets.to_char(t.span.byte_end),
            );
            let by_chars: String = chars[start..end].iter().collect();
            assert_eq!(by_chars, t.text(text));
        }
    }

    #[test]
    fn fold_keeps_byte_length() {
        let table = [
            ("Курган", "курган"),
            ("ЁЛКА ёлка", "елка елка"),
            ("Қазақстан", "қазақстан"),
            ("USA-Ä", "usa-ä"),
        ];
        for (input, expected) in table {
            assert_eq!(fold(input), expected);
            assert_eq!(fold(input).len(), input.len());
        }
    }

    #[test]
    fn fold_matches_fold_char_everywhere() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(
                fold(&one),
                fold_char(c).to_string(),
                "{c:?} U+{:04X}",
                c as u32
            );
            assert_eq!(fold(&one).len(), one.len(), "{c:?}");
        }
    }

    #[test]
    fn fold_of_cyrillic_runs_matches_fold_char() {
        // Every pair of characters of U+0400..U+045F, four letters long so that the
        // eight-byte test sees them, at both alignments.
        let cyrillic: Vec<char> = (0x400u32..0x460).filter_map(char::from_u32).collect();
        for &a in &cyrillic {
            for &b in &cyrillic {
                for lead in ["", "x"] {
                    let text: String = format!("{lead}{a}{b}{a}{b}{b}{a}");
                    let expected: String = text.chars().map(fold_char).collect();
                    assert_eq!(fold(&text), expected, "{text}");
                }
            }
        }
    }

    #[test]
    fn fold_of_mixed_text_matches_fold_char_at_every_alignment() {
        // Characters of every width and of both cases, around the sixteen-byte steps:
        // each piece is tried at offsets 0..17 inside runs of lower-case letters.
        let pieces = [
            "а", "я", "р", "п", "ё", "Ё", "А", "Я", "Ѐ", "Џ", "ѐ", "џ", "Ѡ", "ѡ", "a", "z", "A",
            "Z", "@", "[", "`", "{", " ", "7", "«", "»", "—", "№", "Ä", "ä", "Σ", "ς", "Ⅻ", "ⅻ",
            "😀", "\u{a0}", "\u{ad}", "\u{301}", "Ꙁ", "ꙁ",
        ];
        for piece in pieces {
            for other in pieces {
                for lead in 0..17 {
                    let text = format!(
                        "{}{piece}{}{other}{}",
                        "ж".repeat(lead / 2) + &"x".repeat(lead % 2),
                        "бв".repeat(lead % 5),
                        "ьъ".repeat(8)
                    );
                    let expected: String = text.chars().map(fold_char).collect();
                    assert_eq!(fold(&text), expected, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn letter_runs_end_where_a_character_test_ends_them() {
        // Runs of every length around the eight-byte steps, ended by each kind of character.
        let enders = [
            " ", ".", "-", "7", "é", "Ѡ", "ѿ", "\u{301}", "«", "😀", "Ж", "z",
        ];
        for len in 0..40 {
            for ender in enders {
                for lead in ["", "x", "ж "] {
                    let word: String = "жZёЯaѢ".chars().cycle().take(len).collect();
                    let text = format!("{lead}{word}{ender}{word}. конец");
                    let start = lead.len();
                    for digits in [false, true] {
                        let reference = |other: &dyn Fn(char) -> bool| {
                            text[start..]
                                .char_indices()
                                .find(|&(_, c)| {
                                    !(c.is_ascii_alphabetic()
                                        || ('\u{400}'..='\u{47F}').contains(&c)
                                        || (digits && c.is_ascii_digit())
                                        || other(c))
                                })
                                .map_or(text.len(), |(k, _)| start + k)
                        };
                        assert_eq!(
                            run_end(&text, start, digits, is_letter),
                            reference(&is_letter)
                        );
                        assert_eq!(
                            run_end(&text, start, digits, |_| false),
                            reference(&|_| false)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn may_change_flags_exactly_what_it_must() {
        // Every byte of every character up to U+07FF, at each place of the eight.
        for c in (0u32..0x800).filter_map(char::from_u32) {
            let mut buffer = [0u8; 4];
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            for at in 0..=8 - encoded.len() {
                let mut eight = [b'x'; 8];
                eight[at..at + encoded.len()].copy_from_slice(encoded);
                let flagged = may_change(u64::from_le_bytes(eight), b'x');
                let first = (flagged != 0).then(|| flagged.trailing_zeros() as usize / 8);
                let changes = fold_char(c) != c;
                let may = changes || !(c.is_ascii() || ('а'..='я').contains(&c));
                match first {
                    None => assert!(!may, "{c:?} at {at} not flagged"),
                    Some(k) => {
                        assert!(may, "{c:?} at {at} flagged");
                        assert!((at..at + encoded.len()).contains(&k), "{c:?} at {at}: {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn char_offsets_over_block_edges() {
        let text = "аб".repeat(100) + "x" + &"ё".repeat(70);
        let offsets = CharOffsets::new(&text);
        for (count, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.to_char(byte), count);
        }
        assert_eq!(offsets.to_char(text.len()), text.chars().count());
        // Ranges within a block and across blocks.
        let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        for (i, &start) in bounds.iter().enumerate() {
            for &end in bounds[i..].iter().take(80).step_by(3) {
                let want = (offsets.to_char(start), offsets.to_char(end));
                assert_eq!(offsets.to_chars(start, end), want, "{start}..{end}");
            }
        }
    }
}
