//! Date expressions in Russian text: recognition and normalisation to ISO 8601.
//!
//! [`find_dates`] scans a text and returns every date mention it recognises, left to
//! right, non-overlapping, longest match first. The recogniser works on a small token
//! stream (numbers, words, single punctuation marks) with a hand-written grammar:
//!
//! * calendar dates: «25 октября 2021 года», «29 Сентября, 2021», «1-го мая»,
//!   «04.03.2020», «2020-03-04», «04/03/2020», «12.2020» (month and year);
//! * months and years: «в октябре 2021 года», «октябрь 2021», «в мае», «в 2019 году»,
//!   «2019 г.», «в 2020-м»; bare four-digit years only where the context makes them
//!   years («(1986)», «ЧМ-2018», «в 1958, 1962 и 1970 годах»);
//! * ranges: «5–8 ноября 2019 года», «с 5 по 8 ноября», «с 30 октября по 2 ноября»,
//!   «с 2017 по 2019 год», «2017-2019 годы», «в апреле-мае 2012 г.»;
//! * relative years: «28 сентября текущего года», «в прошлом году», «в этом году»;
//! * mentions that the NEREL corpus also tags as DATE but that cannot be turned into a
//!   calendar value without an anchor: weekdays («в понедельник»), deictic words
//!   («вчера», «сегодня», «накануне»), relative periods («на прошлой неделе»,
//!   «три года назад»), durations («в течение пяти лет», «несколько месяцев»),
//!   recurrence («ежегодно»), centuries and decades («XX век», «1990-х годах»),
//!   seasons («этой осенью»). [`DateMatch::kind`] tells them apart.
//!
//! «5 и 6 ноября» is returned as two matches, «5» and «6 ноября», both dated in November;
//! likewise «между 20 июня и 10 августа» and bare years in brackets «(2001—2003)» give
//! one match per date, as NEREL marks them. Ages are left out where the context shows
//! them («ему 35 лет», «в возрасте до 18 лет», «пятилетний мальчик», «на 75 году жизни»).
//!
//! Each match has two spans: `start..end` covers the date words themselves
//! («2019 году», «25 октября 2021 года», «г.» with its dot), and `mention_start..end`
//! also covers a governing preposition or quantifier phrase in front of them («в 2019
//! году», «в течение пяти лет», «до конца 2014 года»), which is how NEREL marks DATE.
//! A range introduced by «с ... по ...» includes «с» in both spans.

use compact_str::CompactString;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use crate::segment::{Token, TokenKind, WordMap};

/// A calendar date, possibly partial.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    /// Year, if known.
    pub year: Option<i32>,
    /// Month 1..=12, if known.
    pub month: Option<u8>,
    /// Day of month 1..=31, if known.
    pub day: Option<u8>,
}

impl Ymd {
    /// Builds a date from its parts.
    pub const fn new(year: Option<i32>, month: Option<u8>, day: Option<u8>) -> Self {
        Ymd { year, month, day }
    }

    /// True when year, month and day are all known.
    pub fn is_full(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }
}

/// Where the year of a date comes from when the text does not give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum YearSource {
    /// The year is written in the expression.
    Explicit,
    /// No year is given (e.g. «3 марта»); the publication year is the best guess.
    Missing,
    /// «текущего года», «этого года», «нынешнего года», «в этом году».
    CurrentYear,
    /// «прошлого года», «минувшего года», «в прошлом году».
    PreviousYear,
    /// «следующего года», «будущего года», «в следующем году».
    NextYear,
}

/// What kind of date mention a [`DateMatch`] is.
///
/// Only [`DateKind::Calendar`] and [`DateKind::Period`] mentions carry a calendar value
/// in `begin`/`until`; the others are still DATE mentions (as NEREL annotates them) but
/// [`to_iso`] returns `None` for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateKind {
    /// A date, month, year or a range of those, possibly with a relative year.
    Calendar,
    /// A century, decade or season: `begin`/`until` hold the years it spans, if known.
    Period,
    /// A point or period relative to an unknown anchor: «вчера», «в понедельник»,
    /// «на прошлой неделе», «три года назад», «в тот же день», «в последние годы».
    Relative,
    /// A length of time: «в течение пяти лет», «несколько месяцев», «двум годам».
    Duration,
    /// A recurrence: «ежегодно», «каждый год», «в год» (per year).
    Recurring,
}

/// A date expression found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset where the date words start.
    pub start: usize,
    /// Byte offset just past the expression (exclusive).
    pub end: usize,
    /// Byte offset where the whole mention starts, including a leading preposition
    /// such as «в», «с», «до», «в течение», «в начале»; equal to `start` if none.
    pub mention_start: usize,
    /// The date, or the first date of a range. All `None` for non-calendar kinds.
    pub begin: Ymd,
    /// The last date of a range.
    pub until: Option<Ymd>,
    /// Where the year comes from.
    pub year_source: YearSource,
    /// What kind of mention this is.
    pub kind: DateKind,
    /// For «позавчера», «вчера», «сегодня», «завтра», «послезавтра»: the day relative to
    /// the publication date (-2 to 2).
    pub day_offset: Option<i8>,
}

// ---------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Punct,
}

#[derive(Debug)]
struct Tok<'a> {
    s: usize,
    e: usize,
    low: &'a str,
    kind: Kind,
    upper: bool,
    /// What the token is in the date lexicon, decided once here rather than by every
    /// sub-parser that looks at it.
    lex: Lex,
}

/// Tokens of `text`, each with its lower-cased form taken from `folded` (see
/// [`crate::segment::fold`]), so no token allocates.
fn tokenize<'a>(text: &str, folded: &'a str) -> Vec<Tok<'a>> {
    let mut out = Vec::with_capacity(text.len() / 8);
    push_span(text, folded, 0, text.len(), &mut out);
    out
}

/// The tokens [`tokenize`] gives, read off the segmenter's `tokens` of the same text: a
/// word of letters only is one token as it stands, and only other tokens, and gaps
/// between tokens that hold more than spaces and line breaks, are scanned again.
fn tokenize_segmented<'a>(text: &str, folded: &'a str, tokens: &[Token]) -> Vec<Tok<'a>> {
    let mut out = Vec::with_capacity(crate::buffer::capacity_for(tokens.len() + tokens.len() / 4));
    let mut at = 0;
    for token in tokens {
        let (start, end) = (token.span.byte_start, token.span.byte_end);
        if !token.gap_before.blank() {
            push_span(text, folded, at, start, &mut out);
        }
        match token.kind {
            _ if token.letters_only => {
                let upper = token.shape.starts_upper();
                push_token(folded, start, end, Kind::Word, upper, &mut out);
            }
            // One character that is neither a letter, a digit nor white space.
            TokenKind::Punct | TokenKind::Quote => {
                // The shape's first letter is this character's case (segment::Shape::of).
                let upper = token.shape.starts_upper();
                push_token(folded, start, end, Kind::Punct, upper, &mut out);
            }
            _ => push_span(text, folded, start, end, &mut out),
        }
        at = end;
    }
    push_span(text, folded, at, text.len(), &mut out);
    out
}

/// Pushes the tokens of `text[from..to]`: runs of ASCII digits, runs of letters, and
/// any other character but white space alone.
fn push_span<'a>(text: &str, folded: &'a str, from: usize, to: usize, out: &mut Vec<Tok<'a>>) {
    use crate::segment::is_letter;
    let mut start = from;
    while let Some(first) = text[start..to].chars().next() {
        let rest = &text[start..to];
        let (kind, len) = if first.is_ascii_digit() {
            let len = rest.bytes().position(|b| !b.is_ascii_digit());
            (Kind::Num, len.unwrap_or(rest.len()))
        } else if is_letter(first) {
            (Kind::Word, crate::segment::letter_run_len(rest))
        } else if first.is_whitespace() {
            start += first.len_utf8();
            continue;
        } else {
            (Kind::Punct, first.len_utf8())
        };
        let end = start + len;
        push_token(
            folded,
            start,
            end,
            kind,
            crate::segment::is_upper(first),
            out,
        );
        start = end;
    }
}

/// Pushes the token `start..end`. A run of digits or letters that goes on from the
/// previous token (they touch and are of the same kind) joins it, so that a run is one
/// token however the text was cut into spans.
#[inline(always)]
fn push_token<'a>(
    folded: &'a str,
    mut start: usize,
    end: usize,
    kind: Kind,
    mut upper: bool,
    out: &mut Vec<Tok<'a>>,
) {
    if kind != Kind::Punct
        && let Some(last) = out.last()
        && last.e == start
        && last.kind == kind
    {
        (start, upper) = (last.s, last.upper);
        out.pop();
    }
    let mut low = &folded[start..end];
    // A Latin «c» typed for the preposition «с».
    if low.as_bytes() == b"c" {
        low = "с";
    }
    out.push(Tok {
        s: start,
        e: end,
        low,
        kind,
        upper,
        lex: Lex::of(low, kind),
    });
}

// ---------------------------------------------------------------------------------
// Lexicon

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("date lexicon regex compiles")
}

/// Classes of words that the sub-parsers ask about at almost every token, each a set of
/// folded words ([`CLASS_WORDS`], [`OPEN_CLASSES`]). [`Lex::of`] looks a word up once; the
/// sub-parsers then read the bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// «прошлый», «этот», «те», «последние», «первые», «весь», «сего»: adjectives and
    /// determiners in front of a unit or a weekday.
    RelAdj,
    /// «понедельник», «среду», «воскресенье».
    Weekday,
    /// Number words and quantifiers: «пяти», «полтора», «несколько», «десятки».
    QuantWord,
    /// The vague quantities among them: «несколько», «много», «пару».
    Several,
    /// Decade adjectives: «девяностых», «нулевые» (see [`DECADE_STEMS`]).
    Decade,
    /// «сегодня», «вчера», «накануне», «вчерашний».
    Deictic,
    /// «ежегодно», «ежемесячно», «еженедельно», «ежеквартально».
    Recurring,
    /// «Рождество», «сочельник».
    Holiday,
    /// Adjectives of length: «пятилетний», «трехдневный», «годичный».
    DurationAdj,
    /// Ordinals of quarters and half-years: «первом», «второго», «третьем».
    Ordinal,
    /// Adjectives of months: «октябрьской», «майских».
    MonthAdj,
}

impl Class {
    /// The class's bit in [`Lex::classes`].
    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// Words made of one piece from each slot in turn: `&[&["сред", "суббот"], &["а", "у"]]`
/// is «среда», «среду», «суббота», «субботу».
type Forms = &'static [&'static [&'static str]];

/// Adjective endings, full and short declension.
const ADJ: &[&str] = &[
    "ий", "ый", "ая", "яя", "ое", "ее", "ие", "ые", "его", "ого", "ей", "ой", "ему", "ому", "им",
    "ым", "ем", "ом", "их", "ых", "ими", "ыми", "ую", "юю",
];

/// The closed word classes, as the forms of their words (lower case, `ё` folded to `е`).
/// The classes that also take any word with a given beginning are in [`OPEN_CLASSES`].
#[rustfmt::skip]
const CLASS_WORDS: &[(&[Class], &[Forms])] = &[
    (
        &[Class::RelAdj],
        &[
            &[
                &[
                    "прошл", "следующ", "будущ", "текущ", "нынешн", "минувш", "прошедш",
                    "предыдущ", "последн", "ближайш", "предстоящ", "последующ", "грядущ",
                    "наступающ", "уходящ", "истекш",
                ],
                ADJ,
            ],
            &[&["это", "этот", "этой", "этом", "эту", "этого", "эти", "этих", "этим"]],
            &[&["тот", "той", "том", "ту", "того", "те", "тех"]],
            &[&["весь", "всю", "все", "всех", "сего"]],
            &[&["цел"], &["ый", "ую", "ых", "ого", "ом"]],
            &[&["долг", "мног"], &["ие", "их"]],
            &[&["разн", "считанн"], &["ые", "ых"]],
            &[&["перв"], &["ые", "ых", "ый", "ом", "ую", "ой", "ого"]],
        ],
    ),
    (
        &[Class::Weekday],
        &[
            &[&["понедельник", "вторник", "четверг"], &["", "а", "у", "ом", "е"]],
            &[&["сред", "суббот"], &["а", "у", "ы", "е", "ой"]],
            &[&["пятниц"], &["а", "у", "ы", "е", "ей"]],
            &[&["воскресень"], &["е", "я", "ю", "ем"]],
        ],
    ),
    (
        &[Class::QuantWord],
        &[
            &[&["од"], &["ин", "ного", "ному", "ним", "ном", "на", "ну", "ной"]],
            &[&["дв"], &["а", "е", "ух", "ум", "умя"]],
            &[&["тр"], &["и", "ех", "ем", "емя"]],
            &[&["четыр"], &["е", "ех", "ем", "ьмя"]],
            &[
                &[
                    "пят", "шест", "девят", "десят", "одиннадцат", "двенадцат", "тринадцат",
                    "четырнадцат", "пятнадцат", "шестнадцат", "семнадцат", "восемнадцат",
                    "девятнадцат", "двадцат", "тридцат",
                ],
                &["ь", "и", "ью"],
            ],
            &[&["сем"], &["ь", "и", "ью"]],
            &[&["вос"], &["емь", "ьми", "емью", "ьмью"]],
            &[&["пят", "шест", "сем", "восем", "девят"], &["ьдесят", "идесяти"]],
            &[&["девяност"], &["о", "а"]],
            &[&["сорок", "сорока", "сто", "ста", "полутора", "сотен", "обе", "оба", "обоих"]],
            &[&["двест"], &["и", "а"]],
            &[&["трист"], &["а", "х"]],
            &[&["полтор"], &["а", "ы"]],
            &[&["десятк"], &["и", "ов", "ами"]],
            &[&["сотн"], &["и", "ями"]],
            &[&["тысяч"], &["", "и", "у", "а"]],
        ],
    ),
    (
        &[Class::QuantWord, Class::Several],
        &[
            &[&["нескольк"], &["о", "их", "им", "ими"]],
            &[&["мног"], &["о", "их", "ие", "им", "ими"]],
            &[&["пар"], &["у", "ы", "а"]],
        ],
    ),
    (
        &[Class::Deictic],
        &[&[&[
            "сегодня",
            "вчера",
            "завтра",
            "позавчера",
            "послезавтра",
            "накануне",
        ]]],
    ),
    (
        &[Class::Recurring],
        &[&[&["ежегодно", "ежемесячно", "еженедельно", "ежеквартально"]]],
    ),
    (
        &[Class::Holiday],
        &[&[&["рождеств"], &["о", "а", "у", "е", "ом"]]],
    ),
    (
        &[Class::DurationAdj],
        &[
            &[
                &[
                    "одно", "двух", "трех", "четырех", "пяти", "шести", "семи", "восьми",
                    "девяти", "десяти", "одиннадцати", "двенадцати", "пятнадцати", "двадцати",
                    "тридцати", "сорока", "пятидесяти", "полу",
                ],
                &["летн", "дневн", "месячн", "недельн", "суточн"],
                ADJ,
            ],
            &[&["годичн"], ADJ],
        ],
    ),
    (
        &[Class::Ordinal],
        &[&[
            &["перв", "втор", "трет", "четверт"],
            &["ом", "ого", "ый", "ой", "ая", "ую", "ье", "ьем", "ьего", "ий"],
        ]],
    ),
    (
        &[Class::MonthAdj],
        &[&[
            &[
                "январск", "февральск", "мартовск", "апрельск", "майск", "июньск", "июльск",
                "августовск", "сентябрьск", "октябрьск", "ноябрьск", "декабрьск",
            ],
            &[
                "ий", "ая", "ое", "ие", "ого", "ой", "ому", "ом", "им", "их", "ими", "ую", "ым",
                "ыми",
            ],
        ]],
    ),
];

/// Open classes: every word that starts with one of the beginnings («минувшего»,
/// «вчерашнему», «сочельника»), and the beginning alone if the flag says so («минувш»
/// is a word of the class, «вчерашн» is not).
const OPEN_CLASSES: &[(Class, &[&str], bool)] = &[
    (Class::RelAdj, &["минувш"], true),
    (
        Class::Deictic,
        &["сегодняшн", "вчерашн", "завтрашн", "прошлогодн"],
        false,
    ),
    (Class::Holiday, &["сочельник"], true),
];

/// Decade adjectives: the stem and the first year of the decade it names
/// («девяностых» → 1990), and their endings.
const DECADE_STEMS: [(&str, i32); 10] = [
    ("двадцат", 1920),
    ("тридцат", 1930),
    ("сороков", 1940),
    ("пятидесят", 1950),
    ("шестидесят", 1960),
    ("семидесят", 1970),
    ("восьмидесят", 1980),
    ("девяност", 1990),
    ("нулев", 2000),
    ("двухтысячн", 2000),
];
const DECADE_ENDINGS: [&str; 5] = ["ые", "ых", "ым", "ыми", "ой"];

/// Every word of `forms`: one piece from each slot, in order.
fn spell(forms: Forms) -> Vec<String> {
    forms.iter().fold(vec![String::new()], |words, slot| {
        let longer = words
            .iter()
            .flat_map(|w| slot.iter().map(move |piece| format!("{w}{piece}")));
        longer.collect()
    })
}

/// Every word of the lexicon that can be listed, with what it is: the closed classes,
/// decade adjectives, month names and abbreviations, units, seasons, and the first words
/// of ranges, phrases and recurrences. A word that is not here is a date word only
/// through [`OPEN_CLASSES`] or as a Roman numeral ([`Lex::unlisted`]).
///
/// The words are kept inline in the table (they are short), so a look-up reads no
/// memory elsewhere.
static LEXICON: LazyLock<WordMap<Lex>> = LazyLock::new(|| {
    let mut lexicon: FxHashMap<CompactString, Lex> = FxHashMap::default();
    for &(names, all_forms) in CLASS_WORDS {
        let bits = names.iter().fold(0, |bits, &class| bits | class.bit());
        for word in all_forms.iter().flat_map(|&forms| spell(forms)) {
            lexicon.entry(word.into()).or_default().classes |= bits;
        }
    }
    for (stem, year) in DECADE_STEMS {
        for ending in DECADE_ENDINGS {
            let lex = lexicon.entry(format!("{stem}{ending}").into()).or_default();
            lex.classes |= Class::Decade.bit();
            lex.decade = i16::try_from(year).ok();
        }
    }
    let months = MONTH_STEMS.iter().flat_map(|(stem, _, _)| {
        let endings = SOFT.iter().chain(&HARD).chain(&MAY);
        endings.map(move |ending| format!("{stem}{ending}"))
    });
    // Not every stem takes every ending («январи», «маа»).
    let months = months.filter(|form| month_name(form).is_some());
    let abbreviations = MONTH_ABBREVIATIONS.map(|(abbr, _)| abbr);
    let lists = [
        abbreviations.as_slice(),
        &SEASON_ADVERBS,
        &SEASON_NOUNS,
        RANGE_OPENERS,
        EVERY,
        &[NEW_YEAR],
    ];
    let firsts = PHRASES.iter().map(|(phrase, _)| phrase[0]);
    let units = UNITS.iter().flat_map(|(_, forms)| forms.iter().copied());
    let words = lists
        .into_iter()
        .flatten()
        .copied()
        .chain(firsts)
        .chain(units);
    for word in months.chain(words.map(str::to_string)) {
        let month = month_name(&word);
        let month_abbr = month.or_else(|| month_abbreviation(&word));
        let (unit, season) = (unit_of(&word), is_season(&word));
        let lex = lexicon.entry(word.into()).or_default();
        (lex.month, lex.month_abbr, lex.unit, lex.season) = (month, month_abbr, unit, season);
    }
    for (word, lex) in &mut lexicon {
        let open = Lex::unlisted(word);
        lex.classes |= open.classes;
        lex.roman = open.roman;
        lex.starts = lex.may_start(word);
    }
    WordMap::from_map(lexicon)
});

/// False when a word that is not in [`LEXICON`] cannot have a property through
/// [`Lex::unlisted`]: it is not a Roman numeral (whose letters are Latin or Cyrillic
/// «i», «v», «x», «і», «х») and does not start with a beginning of [`OPEN_CLASSES`] (all
/// of them six letters or more).
#[inline]
fn may_be_unlisted(word: &str) -> bool {
    let bytes = word.as_bytes();
    // The tests on the first bytes and the length at once (`|`, not branches): most
    // words pass none of them.
    let first = bytes.first().copied().unwrap_or(0);
    let second = bytes.get(1).copied().unwrap_or(0);
    let roman =
        matches!(first, b'i' | b'v' | b'x') | ((first == 0xD1) & matches!(second, 0x96 | 0x85));
    if !(roman | (bytes.len() >= 12)) {
        return false;
    }
    // The beginnings are compared only when the word's first two letters are those of
    // one of them (about one word in six of that length).
    let two = bytes
        .get(..4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .map_or(0, u32::from_be_bytes);
    roman
        || (OPEN_CLASS_FIRSTS
            .iter()
            .fold(false, |seen, &f| seen | (f == two))
            && OPEN_CLASSES
                .iter()
                .any(|(_, beginnings, _)| beginnings.iter().any(|b| word.starts_with(b))))
}

/// The number of beginnings in [`OPEN_CLASSES`].
const OPEN_CLASS_BEGINNINGS: usize = {
    let (mut count, mut i) = (0, 0);
    while i < OPEN_CLASSES.len() {
        count += OPEN_CLASSES[i].1.len();
        i += 1;
    }
    count
};

/// The first two letters of the beginnings of [`OPEN_CLASSES`], each as the number its
/// four bytes make (big-endian), worked out when the program is compiled.
const OPEN_CLASS_FIRSTS: [u32; OPEN_CLASS_BEGINNINGS] = {
    let mut firsts = [0; OPEN_CLASS_BEGINNINGS];
    let (mut n, mut i) = (0, 0);
    while i < OPEN_CLASSES.len() {
        let beginnings = OPEN_CLASSES[i].1;
        let mut j = 0;
        while j < beginnings.len() {
            firsts[n] = first_two_letters(beginnings[j]);
            (n, j) = (n + 1, j + 1);
        }
        i += 1;
    }
    firsts
};

/// The first four bytes of `word` (two Russian letters) as a big-endian number.
const fn first_two_letters(word: &str) -> u32 {
    let b = word.as_bytes();
    (b[0] as u32) << 24 | (b[1] as u32) << 16 | (b[2] as u32) << 8 | b[3] as u32
}

/// What one token can be in the date lexicon: computed once per token by [`tokenize`],
/// so that the sub-parsers, which between them look at every token many times, compare
/// a few fields instead of running regexes and string matches again.
#[derive(Clone, Copy, Debug, Default)]
struct Lex {
    /// A number of at most nine digits: its value and its number of digits.
    num: Option<(u32, u8)>,
    /// The word's [`Class`]es, one bit each.
    classes: u16,
    /// The month of a full month name («октября»).
    month: Option<u8>,
    /// The month of a full or abbreviated month name («октября», «окт»).
    month_abbr: Option<u8>,
    /// A unit of time («года», «неделе»).
    unit: Option<Unit>,
    /// A season: `Some(true)` for the adverbs («зимой»), `Some(false)` for the nouns.
    season: Option<bool>,
    /// The value of a Roman numeral from 1 to 30 («XX», «хiv»).
    roman: Option<u8>,
    /// The first year of a decade word («девяностых» → 1990).
    decade: Option<i16>,
    /// Some sub-parser of [`P::best_at`] may start a date here (see [`Lex::may_start`]).
    starts: bool,
}

impl Lex {
    /// Classifies a token from its folded text.
    ///
    /// Only word tokens get word properties: every word of the lexicon is made of
    /// letters, and number and punctuation tokens never are.
    fn of(low: &str, kind: Kind) -> Lex {
        let mut lex = Lex::default();
        match kind {
            Kind::Num if low.len() <= 9 => {
                lex.num = low.parse().ok().map(|v| (v, low.len() as u8));
            }
            // Most words are not in the lexicon and have no properties: a bit of its
            // filter turns most of them away, and a look at their first bytes the rest.
            Kind::Word => {
                return match LEXICON.get(low) {
                    Some(lex) => *lex,
                    None if may_be_unlisted(low) => Lex::unlisted(low),
                    None => lex,
                };
            }
            // No word that may start a date is punctuation (tested).
            Kind::Punct => return lex,
            _ => {}
        }
        lex.starts = lex.may_start(low);
        lex
    }

    /// What a word is through [`OPEN_CLASSES`] and as a Roman numeral, the only parts of
    /// the lexicon that [`LEXICON`] cannot list.
    fn unlisted(low: &str) -> Lex {
        let mut lex = Lex::default();
        for &(class, beginnings, alone) in OPEN_CLASSES {
            let rest = beginnings.iter().find_map(|b| low.strip_prefix(b));
            if rest.is_some_and(|rest| alone || !rest.is_empty()) {
                lex.classes |= class.bit();
            }
        }
        lex.roman = roman(low).and_then(|v| u8::try_from(v).ok());
        // The words that `may_start` compares with are all listed: a word with no
        // property here cannot start a date.
        if lex.classes != 0 || lex.roman.is_some() {
            lex.starts = lex.may_start(low);
        }
        lex
    }

    /// The word belongs to `class`.
    fn has(&self, class: Class) -> bool {
        self.classes & class.bit() != 0
    }

    /// Whether some sub-parser of [`P::best_at`] may start a date at a token with this
    /// lexicon entry and folded text `low`: a number, or a word the grammar can begin
    /// with. Every other token is skipped without trying them. Each condition is the
    /// first test of a sub-parser (noted on the right), so the gate never drops a date.
    fn may_start(&self, low: &str) -> bool {
        const STARTS: u16 = 1 << Class::RelAdj as u16 // weekday, season, duration
            | 1 << Class::Weekday as u16 // weekday
            | 1 << Class::QuantWord as u16 // duration (quant)
            | 1 << Class::Decade as u16 // calendar (period)
            | 1 << Class::Deictic as u16 // lexical
            | 1 << Class::Recurring as u16 // lexical
            | 1 << Class::Holiday as u16 // lexical
            | 1 << Class::DurationAdj as u16 // dur_adj
            | 1 << Class::Ordinal as u16 // quarter
            | 1 << Class::MonthAdj as u16; // month_adj
        self.num.is_some() // calendar, duration (quant), dur_adj
            || self.classes & STARTS != 0
            || self.month.is_some() // calendar (month_year)
            || self.roman.is_some() // calendar (period)
            || self.unit.is_some() // duration
            || self.season.is_some() // season
            || RANGE_OPENERS.contains(&low) // range, duration («от 8 до 20 лет»)
            || PHRASES.iter().any(|(words, _)| words[0] == low) // lexical
            || EVERY.contains(&low) // lexical
            || low == NEW_YEAR // lexical
    }
}

/// Endings of a noun in the genitive: a word after «накануне» that ends in one is its
/// object («накануне выборов»).
const GENITIVE_ENDINGS: [&str; 10] = ["ия", "ии", "ого", "его", "а", "и", "ы", "я", "ей", "ов"];

/// `word` is one of `words`, or starts with one of `beginnings`.
fn is_or_starts_with(word: &str, words: &[&str], beginnings: &[&str]) -> bool {
    words.contains(&word) || beginnings.iter().any(|b| word.starts_with(b))
}

/// `word` is one of `stems` followed by one of `endings`.
fn is_stem_and_ending(word: &str, stems: &[&str], endings: &[&str]) -> bool {
    stems.iter().any(|stem| {
        word.strip_prefix(stem)
            .is_some_and(|rest| endings.contains(&rest))
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Year,
    Years, // «лет»: only after a quantity
    Month,
    Week,
    Day,
    Weekend,
    Decade,
    Century,
    Season,
    HalfYear, // «полгода», a quantity and unit in one word
}

/// Units of time, in every form the grammar knows.
const UNITS: &[(Unit, &[&str])] = &[
    (
        Unit::Year,
        &[
            "год",
            "года",
            "году",
            "годом",
            "годы",
            "годов",
            "годам",
            "годами",
            "годах",
        ],
    ),
    (Unit::Years, &["лет"]),
    (
        Unit::Month,
        &[
            "месяц",
            "месяца",
            "месяцу",
            "месяцем",
            "месяце",
            "месяцы",
            "месяцев",
            "месяцам",
            "месяцами",
            "месяцах",
        ],
    ),
    (
        Unit::Week,
        &[
            "неделя",
            "недели",
            "неделе",
            "неделю",
            "неделей",
            "недель",
            "неделям",
            "неделями",
            "неделях",
        ],
    ),
    (
        Unit::Day,
        &[
            "день",
            "дня",
            "дню",
            "днем",
            "дне",
            "дни",
            "дней",
            "дням",
            "днями",
            "днях",
            "сутки",
            "суток",
            "суткам",
            "сутками",
        ],
    ),
    (
        Unit::Weekend,
        &["выходные", "выходных", "выходным", "выходными"],
    ),
    (
        Unit::Decade,
        &[
            "десятилетие",
            "десятилетия",
            "десятилетию",
            "десятилетием",
            "десятилетии",
            "десятилетий",
            "десятилетиям",
            "десятилетиями",
            "десятилетиях",
            "десятилетку",
        ],
    ),
    (
        Unit::Century,
        &[
            "век",
            "века",
            "веку",
            "веком",
            "веке",
            "веков",
            "векам",
            "веками",
            "столетие",
            "столетия",
            "столетию",
            "столетием",
            "столетии",
            "столетий",
            "тысячелетие",
            "тысячелетия",
            "тысячелетий",
        ],
    ),
    (
        Unit::Season,
        &[
            "сезон",
            "сезона",
            "сезону",
            "сезоном",
            "сезоне",
            "сезоны",
            "сезонов",
            "сезонах",
        ],
    ),
    (
        Unit::HalfYear,
        &["полгода", "полугода", "полугоду", "полугодом", "полвека"],
    ),
];

/// The unit of time a word names: «года» → [`Unit::Year`].
fn unit_of(w: &str) -> Option<Unit> {
    UNITS
        .iter()
        .find(|(_, forms)| forms.contains(&w))
        .map(|&(unit, _)| unit)
}

/// Case endings of the months with a soft stem («октябрь», «октябре»); [`month_name`]
/// leaves «и» out.
const SOFT: [&str; 6] = ["ь", "я", "е", "ю", "ем", "и"];
/// Case endings of «март» and «август».
const HARD: [&str; 5] = ["", "а", "е", "у", "ом"];
/// Case endings of «май».
const MAY: [&str; 5] = ["й", "я", "е", "ю", "ем"];
/// Month stems: (stem, month, whether the stem is soft).
const MONTH_STEMS: [(&str, u8, bool); 12] = [
    ("январ", 1, true),
    ("феврал", 2, true),
    ("март", 3, false),
    ("апрел", 4, true),
    ("ма", 5, true),
    ("июн", 6, true),
    ("июл", 7, true),
    ("август", 8, false),
    ("сентябр", 9, true),
    ("октябр", 10, true),
    ("ноябр", 11, true),
    ("декабр", 12, true),
];

/// The month of a full month name in any case: «октябрь», «октября», «мае».
fn month_name(w: &str) -> Option<u8> {
    for (stem, m, soft) in MONTH_STEMS {
        if let Some(rest) = w.strip_prefix(stem) {
            let ok = if stem == "ма" {
                MAY.contains(&rest)
            } else if soft {
                SOFT.contains(&rest) && rest != "и"
            } else {
                HARD.contains(&rest)
            };
            if ok {
                return Some(m);
            }
        }
    }
    None
}

/// Abbreviated month names.
const MONTH_ABBREVIATIONS: [(&str, u8); 14] = [
    ("янв", 1),
    ("фев", 2),
    ("февр", 2),
    ("мар", 3),
    ("апр", 4),
    ("июн", 6),
    ("июл", 7),
    ("авг", 8),
    ("сен", 9),
    ("сент", 9),
    ("окт", 10),
    ("ноя", 11),
    ("нояб", 11),
    ("дек", 12),
];

/// The month of an abbreviated month name: «янв», «сент», «нояб».
fn month_abbreviation(w: &str) -> Option<u8> {
    MONTH_ABBREVIATIONS
        .iter()
        .find(|&&(abbr, _)| abbr == w)
        .map(|&(_, m)| m)
}

/// Words that make a preceding number an amount rather than a year: units, currencies,
/// counted nouns. `w` is a word token, so a beginning stands for every word it starts.
fn unit_after_number(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "раз", "км", "м", "кг", "г", "т", "см", "мм", "л", "га", "руб", "долл", "евро", "чел",
        "шт", "тыс", "млн", "млрд", "кв", "лет",
    ];
    const BEGINNINGS: &[&str] = &[
        "метр",
        "километр",
        "рубл",
        "доллар",
        "тонн",
        "человек",
        "штук",
        "единиц",
        "экземпляр",
        "голос",
        "мест",
        "жител",
        "пассажир",
        "участник",
        "сотрудник",
        "тысяч",
        "процент",
        "градус",
        "гектар",
        "квадратн",
        "баррел",
        "кубометр",
        "минут",
        "секунд",
        "час",
        "дн",
        "год",
        "месяц",
    ];
    is_or_starts_with(w, WORDS, BEGINNINGS)
}

/// Seasons as adverbs: «зимой».
const SEASON_ADVERBS: [&str; 4] = ["зимой", "весной", "летом", "осенью"];
/// Seasons as nouns: «зима», «осени».
const SEASON_NOUNS: [&str; 13] = [
    "зима",
    "зимы",
    "зиме",
    "зиму",
    "весна",
    "весны",
    "весне",
    "весну",
    "лето",
    "лета",
    "лете",
    "осень",
    "осени",
];

/// `Some(true)` for a season adverb («зимой»), `Some(false)` for a season noun («зима»).
fn is_season(w: &str) -> Option<bool> {
    if SEASON_ADVERBS.contains(&w) {
        Some(true)
    } else if SEASON_NOUNS.contains(&w) {
        Some(false)
    } else {
        None
    }
}

/// The value of a Roman numeral of up to six letters, from 1 to 30; a Cyrillic «х» or a
/// Ukrainian «і» stands for «x» or «i».
fn roman(w: &str) -> Option<u32> {
    let mut values = [0i64; 6];
    let mut len = 0;
    for c in w.chars() {
        let v = match c {
            'i' | 'і' => 1,
            'v' => 5,
            'x' | 'х' => 10,
            _ => return None,
        };
        *values.get_mut(len)? = v;
        len += 1;
    }
    let values = &values[..len];
    let mut total = 0;
    for (k, &v) in values.iter().enumerate() {
        if values.get(k + 1).is_some_and(|&n| n > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    u32::try_from(total).ok().filter(|&t| (1..=30).contains(&t))
}

/// The year that a relative adjective before «года»/«году» points to: «прошлого»,
/// «этом», «следующем».
fn rel_year_source(w: &str) -> Option<YearSource> {
    if is_stem_and_ending(
        w,
        &["прошл", "минувш", "прошедш", "истекш"],
        &["ого", "ом", "ый", "ым"],
    ) {
        Some(YearSource::PreviousYear)
    } else if matches!(w, "этого" | "этом" | "этот" | "сего")
        || is_stem_and_ending(w, &["текущ", "нынешн"], &["его", "ем", "ий"])
    {
        Some(YearSource::CurrentYear)
    } else if is_stem_and_ending(
        w,
        &["следующ", "будущ", "наступающ", "грядущ", "предстоящ"],
        &["его", "ем", "ий", "им"],
    ) {
        Some(YearSource::NextYear)
    } else {
        None
    }
}

/// Prepositions and quantifier words that NEREL includes in front of a date.
const LEAD_WORDS: &[&str] = &[
    "в",
    "во",
    "с",
    "со",
    "до",
    "по",
    "к",
    "ко",
    "на",
    "за",
    "от",
    "после",
    "около",
    "через",
    "спустя",
    "между",
    "перед",
    "более",
    "менее",
    "свыше",
    "больше",
    "меньше",
    "почти",
    "примерно",
    "порядка",
    "приблизительно",
    "начале",
    "конце",
    "середине",
    "начала",
    "конца",
    "середины",
    "началу",
    "концу",
    "середину",
    "начало",
    "конец",
    "течение",
    "протяжении",
    "период",
    "истечении",
    "половине",
    "половины",
    "чуть",
    "немногим",
    "время",
];

/// Words after which a lone month name or weekday is taken as a date.
const CONTEXT_WORDS: &[&str] = &[
    "в",
    "во",
    "с",
    "со",
    "до",
    "по",
    "к",
    "ко",
    "после",
    "начале",
    "конце",
    "середине",
    "начала",
    "конца",
    "середины",
    "началу",
    "концу",
    "середину",
    "течение",
    "на",
    "от",
    "между",
    "за",
    "начиная",
    "конец",
    "начало",
    "ночь",
];

/// Words that may stand before a number of years/months/... and make it a duration.
const DURATION_CONTEXT: &[&str] = &[
    "за",
    "на",
    "течение",
    "протяжении",
    "через",
    "спустя",
    "до",
    "более",
    "менее",
    "свыше",
    "около",
    "почти",
    "больше",
    "меньше",
    "после",
    "к",
    "примерно",
    "порядка",
    "приблизительно",
    "чем",
    "лишь",
    "всего",
    "целых",
    "истечении",
    "позднее",
    "ранее",
    "позже",
    "раньше",
];

const DASHES: &[&str] = &["-", "–", "—", "‒", "−"];

/// Fixed phrases of [`P::lexical`]: (the phrase, words one of which must precede it, if
/// any).
const PHRASES: &[(&[&str], &[&str])] = &[
    (&["сегодняшний", "день"], &[]),
    (&["сегодняшнего", "дня"], &[]),
    (&["днях"], &["на"]),
    (&["некоторое", "время", "назад"], &[]),
    (&["настоящему", "времени"], &[]),
];

/// Words that open a range: «с 5 по 8 ноября», «от 5 до 8 ноября».
const RANGE_OPENERS: &[&str] = &["с", "со", "от"];

/// «каждый год», «каждую среду»: a recurrence.
const EVERY: &[&str] = &["каждый", "каждые", "каждую", "каждое"];

/// «до Нового года».
const NEW_YEAR: &str = "нового";

// ---------------------------------------------------------------------------------
// Parser

#[derive(Clone, Copy, Debug)]
struct Cal {
    begin: Ymd,
    until: Option<Ymd>,
    ys: YearSource,
    kind: DateKind,
    /// The expression starts with a day number (so «в» in front is not part of it).
    day_first: bool,
    /// The core already includes its leading preposition («с 5 по 8 ноября»).
    lead_included: bool,
    /// NEREL leaves prepositions out of this mention («после [июньской] трагедии»).
    no_lead: bool,
}

impl Cal {
    fn date(begin: Ymd, ys: YearSource) -> Self {
        Cal {
            begin,
            until: None,
            ys,
            kind: DateKind::Calendar,
            day_first: false,
            lead_included: false,
            no_lead: false,
        }
    }

    fn other(kind: DateKind) -> Self {
        Cal {
            begin: Ymd::default(),
            until: None,
            ys: YearSource::Missing,
            kind,
            day_first: false,
            lead_included: false,
            no_lead: false,
        }
    }

    fn period(from: i32, to: i32) -> Self {
        Cal {
            begin: Ymd::new(Some(from), None, None),
            until: Some(Ymd::new(Some(to), None, None)),
            ys: YearSource::Explicit,
            kind: DateKind::Period,
            day_first: false,
            lead_included: false,
            no_lead: false,
        }
    }
}

type Parsed = Option<(usize, Cal)>;

struct P<'a> {
    t: Vec<Tok<'a>>,
    current_year: i32,
}

impl P<'_> {
    fn w(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.low)
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        self.t.get(i).is_some_and(|t| words.contains(&t.low))
    }

    fn word(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    /// What token `i` is in the lexicon; nothing past the end.
    fn lex(&self, i: usize) -> Lex {
        self.t.get(i).map_or(Lex::default(), |t| t.lex)
    }

    /// Token `i` is a word of `class`.
    fn has(&self, i: usize, class: Class) -> bool {
        self.t.get(i).is_some_and(|t| t.lex.has(class))
    }

    /// Token `i` touches token `i - 1` (no space between them).
    fn adj(&self, i: usize) -> bool {
        i > 0 && i < self.t.len() && self.t[i].s == self.t[i - 1].e
    }

    fn num(&self, i: usize) -> Option<(u32, usize)> {
        let (value, digits) = self.t.get(i)?.lex.num?;
        Some((value, usize::from(digits)))
    }

    /// Token `i` is glued to a neighbouring number by «.», «,», «:» or «/» (part of a
    /// decimal, a time, a version or a longer numeric date).
    fn glued_number(&self, i: usize) -> bool {
        let seps = [".", ",", ":", "/"];
        let before = i >= 2
            && self.adj(i)
            && self.is(i - 1, &seps)
            && self.adj(i - 1)
            && self.t[i - 2].kind == Kind::Num;
        let after = self.adj(i + 1)
            && self.is(i + 1, &seps)
            && self.adj(i + 2)
            && self.t.get(i + 2).is_some_and(|t| t.kind == Kind::Num);
        before || after
    }

    fn glued_suffix(&self, i: usize, suffixes: &[&str]) -> Option<usize> {
        if self.is(i, &["-"]) && self.adj(i) && self.adj(i + 1) && self.is(i + 1, suffixes) {
            Some(i + 2)
        } else {
            None
        }
    }

    fn day(&self, i: usize) -> Option<(u8, usize)> {
        let (v, nd) = self.num(i)?;
        if nd > 2 || !(1..=31).contains(&v) || self.glued_number(i) {
            return None;
        }
        let j = self
            .glued_suffix(i + 1, &["го", "е", "ое", "ого", "й", "м", "ое"])
            .unwrap_or(i + 1);
        Some((v as u8, j))
    }

    fn month(&self, i: usize, abbr: bool) -> Option<(u8, usize)> {
        let t = self.t.get(i)?;
        let m = if abbr { t.lex.month_abbr } else { t.lex.month }?;
        let mut j = i + 1;
        if t.lex.month.is_none() && t.low.chars().count() <= 4 && self.is(j, &["."]) && self.adj(j)
        {
            j += 1;
        }
        Some((m, j))
    }

    /// A year number: three or four digits, optionally with «-м», «-го», «-й».
    /// Returns (year, next, had ordinal suffix).
    fn year_num(&self, i: usize) -> Option<(i32, usize, bool)> {
        let (v, nd) = self.num(i)?;
        let t = &self.t[i];
        if !(3..=4).contains(&nd) || t.low.starts_with('0') || self.glued_number(i) {
            return None;
        }
        if v as i32 > self.current_year + 100 {
            return None;
        }
        // «3 400 г» is a weight, not a year.
        if i > 0 && self.t[i - 1].kind == Kind::Num && !self.adj(i) {
            return None;
        }
        if nd == 3 {
            return Some((v as i32, i + 1, false));
        }
        match self.glued_suffix(i + 1, &["м", "го", "й", "ом", "ого", "ый"]) {
            Some(j) => Some((v as i32, j, true)),
            None => Some((v as i32, i + 1, false)),
        }
    }

    /// «г.», «гг.», «год», «года», «году», ...: returns the index after it.
    fn year_word(&self, i: usize) -> Option<usize> {
        match self.w(i) {
            "г" | "гг" => {
                let mut j = i + 1;
                if self.is(j, &["."]) && self.adj(j) {
                    j += 1;
                    // «г.г.»
                    if self.is(j, &["г"]) && self.adj(j) && self.is(j + 1, &["."]) {
                        j += 2;
                    }
                }
                Some(j)
            }
            "год" | "года" | "году" | "годом" | "годы" | "годов" | "годах" | "годам" | "годами" => {
                Some(i + 1)
            }
            _ => None,
        }
    }

    /// «текущего года», «прошлого года», «с.г.» after a day and month.
    fn rel_year(&self, i: usize) -> Option<(YearSource, usize)> {
        if self.is(i, &["с"]) {
            // «с.г.», «с г.»
            let mut j = i + 1;
            if self.is(j, &["."]) {
                j += 1;
            }
            if self.is(j, &["г"]) {
                j += 1;
                if self.is(j, &["."]) && self.adj(j) {
                    j += 1;
                }
                return Some((YearSource::CurrentYear, j));
            }
            return None;
        }
        let ys = rel_year_source(self.w(i))?;
        if self.is(i + 1, &["года", "году"]) {
            Some((ys, i + 2))
        } else {
            None
        }
    }

    /// A year after a month: «2021», «2021 года», «2021г.», or a relative year.
    fn year_part(&self, i: usize) -> Option<(Option<i32>, YearSource, usize)> {
        if let Some((y, j, _)) = self.year_num(i)
            && self.num(i).is_some_and(|(_, nd)| nd == 4)
        {
            let j = self.year_word(j).unwrap_or(j);
            return Some((Some(y), YearSource::Explicit, j));
        }
        // «того же года»
        if self.is(i, &["того"]) && self.is(i + 1, &["же"]) && self.is(i + 2, &["года"]) {
            return Some((None, YearSource::Missing, i + 3));
        }
        let (ys, j) = self.rel_year(i)?;
        Some((None, ys, j))
    }

    /// Numeric dates: 04.03.2020, 4.3.2020, 04.03.20, 2020-03-04, 04/03/2020, 12.2020.
    fn num_date(&self, i: usize) -> Parsed {
        let (a, na) = self.num(i)?;
        let before_glued = i >= 2
            && self.adj(i)
            && self.is(i - 1, &[".", "/", ":", ",", "-"])
            && self.t[i - 2].kind == Kind::Num;
        if before_glued {
            return None;
        }
        let sep_at = |k: usize, seps: &[&str]| self.is(k, seps) && self.adj(k) && self.adj(k + 1);
        let trailing = |k: usize, seps: &[&str]| {
            self.is(k, seps) && self.adj(k) && self.adj(k + 1) && self.num(k + 1).is_some()
        };
        let finish = |begin: Ymd, j: usize| -> Parsed {
            if !valid(begin) {
                return None;
            }
            let j = self.year_word(j).unwrap_or(j);
            Some((j, Cal::date(begin, YearSource::Explicit)))
        };
        for sep in [".", "/"] {
            if sep_at(i + 1, &[sep])
                && let Some((b, nb)) = self.num(i + 2)
                && sep_at(i + 3, &[sep])
                && let Some((c, nc)) = self.num(i + 4)
                && !trailing(i + 5, &[".", "/", ":"])
            {
                if na > 2 || nb > 2 {
                    return None;
                }
                let year = match nc {
                    4 => c as i32,
                    2 if na == 2 && nb == 2 => {
                        let y = 2000 + c as i32;
                        if y <= self.current_year + 1 {
                            y
                        } else {
                            y - 100
                        }
                    }
                    _ => return None,
                };
                return finish(Ymd::new(Some(year), Some(b as u8), Some(a as u8)), i + 5);
            }
        }
        let in_url = (i > 0 && self.adj(i) && !self.is(i - 1, &["(", "«", "\"", "["]))
            || (self.adj(i + 5) && self.is(i + 5, &["/", "_"])
                || self
                    .t
                    .get(i + 5)
                    .is_some_and(|t| t.kind == Kind::Word && self.adj(i + 5)));
        // 2020-03-04
        if na == 4
            && !in_url
            && sep_at(i + 1, &["-"])
            && let Some((b, 2)) = self.num(i + 2)
            && sep_at(i + 3, &["-"])
            && let Some((c, 2)) = self.num(i + 4)
            && !trailing(i + 5, &["-", ".", ":"])
        {
            return finish(
                Ymd::new(Some(a as i32), Some(b as u8), Some(c as u8)),
                i + 5,
            );
        }
        // 12.2020
        if na <= 2
            && sep_at(i + 1, &["."])
            && let Some((b, 4)) = self.num(i + 2)
            && !trailing(i + 3, &[".", ","])
            && (1800..=self.current_year + 10).contains(&(b as i32))
            && (1..=12).contains(&a)
        {
            return finish(Ymd::new(Some(b as i32), Some(a as u8), None), i + 3);
        }
        None
    }

    /// «25 октября 2021 года», «5-8 ноября», «1-го мая», «28 сентября текущего года».
    fn day_month(&self, i: usize) -> Parsed {
        let (d1, mut j) = self.day(i)?;
        let mut until_day = None;
        if self.is(j, DASHES)
            && let Some((d2, k)) = self.day(j + 1)
            && self.month(k, true).is_some()
            && d2 > d1
        {
            until_day = Some(d2);
            j = k;
        } else if self.is(j, &["и", ","])
            && self.day(j + 1).is_some()
            && let Some((_, rest)) = self.day_month(j + 1)
        {
            // «5 и 6 ноября»: the first day on its own, dated like the second.
            let begin = Ymd::new(rest.begin.year, rest.begin.month, Some(d1));
            if !valid(begin) {
                return None;
            }
            let mut c = Cal::date(begin, rest.ys);
            c.day_first = true;
            return Some((j, c));
        }
        let (m, k) = self.month(j, true)?;
        j = k;
        let mut year = None;
        let mut ys = YearSource::Missing;
        let mut y_at = j;
        if self.is(y_at, &[","]) && self.num(y_at + 1).is_some_and(|(_, nd)| nd == 4) {
            y_at += 1;
        }
        if let Some((y, s, k)) = self.year_part(y_at) {
            year = y;
            ys = s;
            j = k;
        }
        let begin = Ymd::new(year, Some(m), Some(d1));
        if !valid(begin) {
            return None;
        }
        let until = match until_day {
            Some(d2) => {
                let u = Ymd::new(year, Some(m), Some(d2));
                if !valid(u) {
                    return None;
                }
                Some(u)
            }
            None => None,
        };
        let mut c = Cal::date(begin, ys);
        c.until = until;
        c.day_first = true;
        Some((j, c))
    }

    /// «октябрь 2021», «в октябре», «апреле-мае 2012 г.», «декабре прошлого года».
    fn month_year(&self, i: usize, need_ctx: bool) -> Parsed {
        // «31 февраля»: an impossible day-month is not a month mention either.
        if i > 0 && self.day(i - 1).is_some() {
            return None;
        }
        let (m, mut j) = self.month(i, false)?;
        let mut until_m = None;
        if self.is(j, DASHES)
            && let Some((m2, k)) = self.month(j + 1, false)
            && m2 > m
        {
            until_m = Some(m2);
            j = k;
        }
        let mut year = None;
        let mut ys = YearSource::Missing;
        if let Some((y, s, k)) = self.year_part(j) {
            year = y;
            ys = s;
            j = k;
        } else if need_ctx && !(i > 0 && self.is(i - 1, CONTEXT_WORDS)) {
            return None;
        }
        let mut c = Cal::date(Ymd::new(year, Some(m), None), ys);
        c.until = until_m.map(|m2| Ymd::new(year, Some(m2), None));
        Some((j, c))
    }

    /// A four-digit number that the context marks as a year although no «год» follows.
    fn bare_year_ok(&self, i: usize, y: i32, next: usize) -> bool {
        if self.num(i).is_none_or(|(_, nd)| nd != 4)
            || !(1800..=self.current_year + 10).contains(&y)
        {
            return false;
        }
        // Glued to letters or a path: part of a URL or a code.
        let glued_before =
            self.adj(i) && (self.word(i - 1) || self.is(i - 1, &["/", ".", "_", "=", "№"]));
        let glued_after = self.adj(next)
            && (self.word(next)
                || (self.is(next, &["/", "_", "."]) && self.adj(next + 1) && self.word(next + 1)));
        if glued_before || glued_after {
            return false;
        }
        if i >= 2 && self.is(i - 1, &["-"]) && self.adj(i) && self.word(i - 2) && self.adj(i - 1) {
            return true; // «ЧМ-2018»
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if matches!(prev, "в" | "во" | "с" | "со")
            && let Some(t) = self.t.get(next)
            && t.kind != Kind::Num
            && !(t.kind == Kind::Word && unit_after_number(t.low))
            && !matches!(t.low, "%" | "$" | "€" | "₽" | "*" | "+" | "х")
        {
            return true;
        }
        let next_ok = match self.t.get(next) {
            None => true,
            Some(t) => match t.kind {
                Kind::Punct => !matches!(t.low, "%" | "$" | "€" | "₽" | "*" | "+" | "х"),
                Kind::Word => t.upper || matches!(t.low, "и" | "или" | "по" | "до"),
                Kind::Num => false,
            },
        };
        if !next_ok {
            return false;
        }
        if i == 0 {
            return true;
        }
        // «Кубке конфедераций 2017», «Нобелевские премии 2013»: a year after a name.
        const AMOUNT_WORDS: &[&str] = &[
            "около",
            "более",
            "менее",
            "свыше",
            "примерно",
            "почти",
            "всего",
            "лишь",
            "только",
            "уже",
            "ещё",
            "еще",
            "номер",
            "число",
            "количество",
            "из",
            "на",
            "за",
            "от",
            "по",
            "при",
            "через",
            "года",
            "году",
            "год",
            "м",
            "км",
            "кг",
            "г",
            "руб",
            "тыс",
            "млн",
            "млрд",
        ];
        const AMOUNT_VERBS: &[&str] = &["состави", "насчитыва", "достиг", "превыси"];
        if self.word(i - 1) && !is_or_starts_with(prev, AMOUNT_WORDS, AMOUNT_VERBS) {
            return true;
        }
        matches!(
            prev,
            "(" | ","
                | "в"
                | "во"
                | "с"
                | "со"
                | "по"
                | "до"
                | "к"
                | "и"
                | "—"
                | "–"
                | "-"
                | "года"
        )
    }

    /// «2019 год», «в 2020-м», «2017-2019 годы», «1999—2005 гг.», bare years in context,
    /// «1990 года рождения», «1999 г. р.».
    fn year_expr(&self, i: usize) -> Parsed {
        let (j, c) = self.year_expr_inner(i)?;
        if c.until.is_none() {
            if self.is(j - 1, &["года"]) && self.is(j, &["рождения"]) {
                return Some((j + 1, c));
            }
            if self.is(j, &["р"]) && self.is(j - 1, &[".", "г"]) {
                let k = if self.is(j + 1, &["."]) && self.adj(j + 1) {
                    j + 2
                } else {
                    j + 1
                };
                return Some((k, c));
            }
        }
        Some((j, c))
    }

    fn year_expr_inner(&self, i: usize) -> Parsed {
        // Seasons «2016/17», «2017/2018», «1989-90».
        if let Some((v, 4)) = self.num(i)
            && self.is(i + 1, &["/", "-", "–", "—"])
            && self.adj(i + 1)
            && self.adj(i + 2)
            && let Some((v2, nd2)) = self.num(i + 2)
            && ((nd2 == 2 && v2 == (v + 1) % 100) || (nd2 == 4 && v2 == v + 1))
            && (1800..=self.current_year as u32 + 10).contains(&v)
            && !(self.adj(i + 3) && self.is(i + 3, &["/", ".", "-", ":"]))
            && !(i >= 2 && self.adj(i) && self.is(i - 1, &["/", ".", "-", ":"]))
        {
            let y = v as i32;
            let k = self.year_word(i + 3).unwrap_or(i + 3);
            return Some((k, year_range(y, y + 1)));
        }
        let (y, j, ord) = self.year_num(i)?;
        // Ranges of years.
        if !ord
            && self.is(j, DASHES)
            && let Some((y2, k, _)) = self.year_num(j + 1)
            && y2 > y
        {
            if let Some(k2) = self.year_word(k) {
                return Some((k2, year_range(y, y2)));
            }
            if self.bare_year_ok(i, y, j) && self.bare_year_ok(j + 1, y2, k) {
                // «(2001—2003)»: NEREL marks each bare year in brackets on its own.
                if i > 0 && self.is(i - 1, &["(", ","]) {
                    let c = Cal::date(Ymd::new(Some(y), None, None), YearSource::Explicit);
                    return Some((j, c));
                }
                return Some((k, year_range(y, y2)));
            }
        }
        let year = Cal::date(Ymd::new(Some(y), None, None), YearSource::Explicit);
        let four = self.num(i).is_some_and(|(_, nd)| nd == 4);
        if let Some(k) = self.year_word(j)
            && (four || !self.is(j, &["г", "гг"]))
            && !(self.is(i.wrapping_sub(1), &["на"]) && self.is(j, &["году"]) && ord)
        {
            return Some((k, year));
        }
        if ord && four {
            return Some((j, year));
        }
        if self.bare_year_ok(i, y, j) {
            // In a list «1958, 1962 и 1970 годах» or «(1986)».
            return Some((j, year));
        }
        None
    }

    /// «1990-х годах», «90-е», «девяностых годов», «XX век», «XIV века».
    fn period(&self, i: usize) -> Parsed {
        if let Some((v, nd)) = self.num(i)
            && (nd == 2 || nd == 4)
            && v % 10 == 0
            && let Some(j) = self.glued_suffix(i + 1, &["х", "е", "ых", "ые", "ми", "ым"])
        {
            let y = match nd {
                4 => v as i32,
                _ if v >= 20 => 1900 + v as i32,
                _ => 2000 + v as i32,
            };
            // «1960-х — 1980-х гг.»
            if self.is(j, DASHES)
                && let Some((k, c2)) = self.period(j + 1)
                && let Some(u) = c2.until
                && c2.begin.year.is_some_and(|y2| y2 > y && y2 - y < 100)
            {
                let mut c = Cal::period(y, u.year.unwrap_or(y + 9));
                c.until = Some(u);
                return Some((k, c));
            }
            if let Some(k) = self.year_word(j) {
                return Some((k, Cal::period(y, y + 9)));
            }
            let e_form = self.is(i + 2, &["е", "ые"]);
            if e_form && !(i > 0 && self.is(i - 1, CONTEXT_WORDS) && !self.is(i - 1, &["на"])) {
                return None;
            }
            return Some((j, Cal::period(y, y + 9)));
        }
        if let Some(y) = self.lex(i).decade.map(i32::from) {
            // «тридцатых-сороковых годах»
            if self.is(i + 1, DASHES)
                && let Some(y2) = self.lex(i + 2).decade.map(i32::from)
                && let Some(j) = self.year_word(i + 3)
                && y2 > y
            {
                return Some((j, Cal::period(y, y2 + 9)));
            }
            if let Some(j) = self.year_word(i + 1) {
                return Some((j, Cal::period(y, y + 9)));
            }
        }
        let c = self.lex(i).roman.map(u32::from).or_else(|| {
            self.num(i)
                .filter(|&(v, nd)| nd <= 2 && (1..=21).contains(&v))
                .map(|(v, _)| v)
        })?;
        let j = self
            .glued_suffix(i + 1, &["го", "м", "й", "ого", "ом"])
            .unwrap_or(i + 1);
        if self.is(j, &["век", "века", "веку", "веком", "веке", "в", "вв"])
            && (self.w(j).starts_with("век") || self.is(j + 1, &["."]))
        {
            let k = if self.w(j).starts_with("век") {
                j + 1
            } else {
                j + 2
            };
            let c = c as i32;
            return Some((k, Cal::period((c - 1) * 100 + 1, c * 100)));
        }
        None
    }

    /// Any calendar expression, followed by an optional «— other date» range.
    fn calendar(&self, i: usize, need_ctx: bool) -> Parsed {
        let (j, c) = self
            .num_date(i)
            .or_else(|| self.day_month(i))
            .or_else(|| self.month_year(i, need_ctx))
            .or_else(|| self.period(i))
            .or_else(|| self.year_expr(i))?;
        if c.until.is_none()
            && c.kind == DateKind::Calendar
            && self.is(j, DASHES)
            && let Some((k, c2)) = self
                .num_date(j + 1)
                .or_else(|| self.day_month(j + 1))
                .or_else(|| self.month_year(j + 1, false))
            && c2.until.is_none()
            && c.begin.day.is_some() == c2.begin.day.is_some()
            && let Some(r) = merge_range(c, c2)
        {
            return Some((k, r));
        }
        Some((j, c))
    }

    /// «с 5 по 8 ноября», «с 30 октября по 2 ноября», «с 2017 по 2019 год»,
    /// «с 2013 года по январь 2015 года», «от 5 до 8 ноября».
    fn range(&self, i: usize) -> Parsed {
        // «между 20 июня и 10 августа» stays two mentions, as in NEREL.
        if !self.is(i, RANGE_OPENERS) {
            return None;
        }
        let l = i + 1;
        let left = self.calendar(l, false).filter(|(_, c)| c.until.is_none());
        let (j, left) = match left {
            Some(x) => x,
            None => {
                if let Some((d, j)) = self.day(l) {
                    (
                        j,
                        Cal::date(Ymd::new(None, None, Some(d)), YearSource::Missing),
                    )
                } else if let Some((y, j, _)) = self.year_num(l)
                    && self.num(l).is_some_and(|(_, nd)| nd == 4)
                {
                    (
                        j,
                        Cal::date(Ymd::new(Some(y), None, None), YearSource::Explicit),
                    )
                } else {
                    return None;
                }
            }
        };
        if !self.is(j, &["по", "до", "на"]) && !self.is(j, DASHES) {
            return None;
        }
        let r = j + 1;
        let (k, right) = self.calendar(r, false).or_else(|| {
            let (y, k, _) = self.year_num(r)?;
            let amount = self.t.get(k).is_some_and(|t| {
                t.kind == Kind::Num || (t.kind == Kind::Word && unit_after_number(t.low))
            });
            if left.begin.month.is_none()
                && left.begin.year.is_some()
                && self.num(r).is_some_and(|(_, nd)| nd == 4)
                && !amount
            {
                Some((
                    k,
                    Cal::date(Ymd::new(Some(y), None, None), YearSource::Explicit),
                ))
            } else {
                None
            }
        })?;
        if right.until.is_some() || right.kind != DateKind::Calendar {
            return None;
        }
        let mut c = merge_range(left, right)?;
        c.day_first = false;
        c.lead_included = true;
        Some((k, c))
    }

    /// «в среду, 22 января 2020 года», «в понедельник», «в минувшую субботу».
    fn weekday(&self, i: usize) -> Parsed {
        let mut j = i;
        let has_adj = self.has(j, Class::RelAdj);
        if has_adj {
            j += 1;
        }
        if !self.has(j, Class::Weekday) {
            return None;
        }
        j += 1;
        let mut k = j;
        if self.is(k, &[",", "—", "–", "-"]) {
            k += 1;
        }
        if let Some((e, mut c)) = self.day_month(k).or_else(|| self.num_date(k)) {
            c.day_first = false;
            return Some((e, c));
        }
        if has_adj || (i > 0 && self.is(i - 1, CONTEXT_WORDS)) {
            return Some((j, Cal::other(DateKind::Relative)));
        }
        None
    }

    /// A quantity before a unit: «5», «2,5», «45-60», «пяти», «двадцать пять», «несколько».
    fn quant(&self, i: usize) -> Option<(usize, bool)> {
        if let Some((_, nd)) = self.num(i) {
            if nd > 4 {
                return None;
            }
            let mut j = i + 1;
            if self.is(j, &[",", "."])
                && self.adj(j)
                && self.adj(j + 1)
                && self.num(j + 1).is_some()
            {
                j += 2;
            }
            if self.is(j, DASHES) && self.num(j + 1).is_some() {
                j += 2;
            }
            if let Some(k) = self.glued_suffix(j, &["ти", "и", "х", "ми"]) {
                j = k;
            }
            return Some((j, true));
        }
        let mut j = i;
        while j < i + 3 && self.has(j, Class::QuantWord) {
            j += 1;
        }
        if j == i {
            return None;
        }
        Some((j, false))
    }

    /// Durations and relative periods: «пять лет», «три года назад», «в течение года»,
    /// «на прошлой неделе», «в последние годы», «в прошлом году», «полгода».
    fn duration(&self, i: usize) -> Parsed {
        // «от 8 до 20 лет»
        if self.is(i, &["от"])
            && let Some((k, _)) = self.quant(i + 1)
            && self.is(k, &["до"])
            && let Some((e, mut c)) = self.duration(k + 1)
            && c.kind == DateKind::Duration
        {
            c.lead_included = true;
            return Some((e, c));
        }
        let mut j = i;
        let mut adj: Option<&str> = None;
        if self.has(j, Class::RelAdj) {
            adj = Some(self.w(j));
            j += 1;
            if self.is(j, &["же"]) {
                j += 1;
            }
            // «последние несколько», «ближайшие пять»
        }
        let q = self.quant(j);
        let mut several = false;
        if let Some((k, _)) = q {
            several = self.has(j, Class::Several);
            j = k;
            if self.is(j, &["с"]) && self.is(j + 1, &["лишним", "половиной"]) {
                j += 2;
            }
        }
        let unit_tok = j;
        let unit = self.lex(j).unit?;
        j += 1;
        if unit == Unit::Years && q.is_none() && adj.is_none() {
            return None;
        }
        // «в течение года и девяти месяцев»
        if self.is(j, &["и"])
            && let Some((k, _)) = self.quant(j + 1)
            && self.lex(k).unit.is_some()
        {
            j = k + 1;
        }
        let two_word = (self.is(j, &["тому"]) && self.is(j + 1, &["назад"]))
            || (self.is(j, &["до"])
                && self.is(j + 1, &["этого", "того"])
                && prev_is(self, i, "за"));
        let post = if two_word {
            Some(j + 2)
        } else if self.is(
            j,
            &[
                "назад",
                "спустя",
                "подряд",
                "позже",
                "ранее",
                "позднее",
                "раньше",
            ],
        ) && self.t.get(j).is_some_and(|t| !t.upper)
        {
            Some(j + 1)
        } else {
            None
        };
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        let digits = q.is_some_and(|(_, d)| d);
        // Ages: «в возрасте до 18 лет», «на 75 году жизни», «старше 80 лет».
        let age_ctx = (1..=3).any(|k| {
            i >= k
                && self.is(
                    i - k,
                    &["возрасте", "возраста", "старше", "младше", "моложе"],
                )
        }) || (prev == "на" && self.is(unit_tok, &["году"]));
        if age_ctx && q.is_some() {
            return None;
        }
        let bare_part = q.is_none()
            && adj.is_none()
            && unit != Unit::Years
            && i > 0
            && self.is(
                i - 1,
                &[
                    "начала",
                    "конца",
                    "середины",
                    "начале",
                    "конце",
                    "середине",
                    "началу",
                    "концу",
                ],
            );
        let accepted = if adj.is_some() || post.is_some() || bare_part {
            true
        } else if q.is_some() {
            DURATION_CONTEXT.contains(&prev)
                || prev == "не"
                || !digits
                || several
                || !matches!(unit, Unit::Years | Unit::Year)
        } else if unit == Unit::HalfYear {
            true
        } else if matches!(prev, "до" | "после") && unit == Unit::Day {
            false
        } else {
            DURATION_CONTEXT.contains(&prev)
                || (prev == "в" && self.is(unit_tok, &["год"]))
                || (matches!(prev, "в" | "по" | "на") && unit == Unit::Weekend)
        };
        if !accepted {
            return None;
        }
        if unit == Unit::Season && adj.is_none() {
            return None;
        }
        let end = post.unwrap_or(j);
        // «в прошлом году», «этот год»: a calendar year relative to publication.
        if unit == Unit::Year
            && q.is_none()
            && post.is_none()
            && let Some(a) = adj
            && let Some(ys) = rel_year_source(a)
            && self.is(unit_tok, &["году", "года", "год"])
        {
            return Some((end, Cal::date(Ymd::default(), ys)));
        }
        let kind = if post.is_some() || adj.is_some() || bare_part {
            DateKind::Relative
        } else if prev == "в" && q.is_none() && unit != Unit::Weekend {
            DateKind::Recurring
        } else {
            DateKind::Duration
        };
        Some((end, Cal::other(kind)))
    }

    /// «осенью 2017 года», «этой зимой», «летом прошлого года», «с весны 2011 года».
    fn season(&self, i: usize) -> Parsed {
        let mut j = i;
        let has_adj = self.has(j, Class::RelAdj);
        if has_adj {
            j += 1;
        }
        let adverb = self.lex(j).season?;
        j += 1;
        if let Some((y, ys, k)) = self.year_part(j) {
            let mut c = Cal::date(Ymd::new(y, None, None), ys);
            c.kind = DateKind::Period;
            if y.is_none() && ys == YearSource::Missing {
                c.kind = DateKind::Relative;
            }
            return Some((k, c));
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if has_adj || adverb || matches!(prev, "с" | "со" | "до" | "к" | "на" | "в" | "во")
        {
            return Some((j, Cal::other(DateKind::Relative)));
        }
        None
    }

    /// Single words and fixed phrases: «вчера», «сегодня», «накануне», «ежегодно»,
    /// «в настоящее время», «на днях».
    fn lexical(&self, i: usize) -> Parsed {
        let w = self.w(i);
        if !self.word(i) {
            return None;
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        for (words, before) in PHRASES {
            if words.iter().enumerate().all(|(k, w)| self.is(i + k, &[w]))
                && (before.is_empty() || before.contains(&prev))
            {
                return Some((i + words.len(), Cal::other(DateKind::Relative)));
            }
        }
        // Holidays after a preposition: «на Рождество», «до Нового года», «в сочельник».
        let hol_ctx = matches!(
            prev,
            "в" | "на" | "до" | "после" | "к" | "перед" | "накануне"
        ) || (prev == "время" && i >= 2 && self.is(i - 2, &["во"]));
        if hol_ctx && self.has(i, Class::Holiday) {
            return Some((i + 1, Cal::other(DateKind::Relative)));
        }
        if hol_ctx && w == NEW_YEAR && self.is(i + 1, &["года"]) {
            return Some((i + 2, Cal::other(DateKind::Relative)));
        }
        if self.has(i, Class::Deictic) {
            // «Вчера, 16 августа 2016 года»: one mention, dated.
            let mut k = i + 1;
            if self.is(k, &[",", "—", "–", "-"]) {
                k += 1;
            }
            if w != "накануне"
                && let Some((e, mut c)) = self.day_month(k).or_else(|| self.num_date(k))
            {
                c.day_first = false;
                return Some((e, c));
            }
            // «накануне выборов» is a preposition, not a date.
            if w == "накануне"
                && let Some(t) = self.t.get(i + 1)
                && t.kind == Kind::Word
                && !t.upper
                && GENITIVE_ENDINGS.iter().any(|e| t.low.ends_with(e))
            {
                return None;
            }
            return Some((i + 1, Cal::other(DateKind::Relative)));
        }
        if self.has(i, Class::Recurring) {
            return Some((i + 1, Cal::other(DateKind::Recurring)));
        }
        if EVERY.contains(&w) {
            if let Some(u) = self.lex(i + 1).unit
                && u != Unit::Years
            {
                return Some((i + 2, Cal::other(DateKind::Recurring)));
            }
            if self.has(i + 1, Class::Weekday) {
                return Some((i + 2, Cal::other(DateKind::Recurring)));
            }
        }
        None
    }

    /// «пятилетний срок», «трёхдневный траур», «30-дневный карантин», «годичный».
    fn dur_adj(&self, i: usize) -> Parsed {
        // The nouns a «-летний» adjective may qualify as a duration (word tokens, so a
        // beginning stands for every word it starts).
        const TERMS: &[&str] = &[
            "срок",
            "период",
            "перерыв",
            "контракт",
            "план",
            "мандат",
            "правлени",
            "отсутстви",
            "заключени",
            "пребывани",
            "юбиле",
            "бой",
            "бое",
            "войн",
            "борьб",
            "кризис",
            "конфликт",
            "строительств",
            "программ",
            "истори",
        ];
        let is_term = |k: usize| self.word(k) && is_or_starts_with(self.w(k), &[], TERMS);
        if self.has(i, Class::DurationAdj) {
            // «пятилетний мальчик» is an age: -летний only before a term-like noun.
            let w = self.w(i);
            let years = w.contains("летн");
            let mut k = i + 1;
            if years && self.word(k) && !is_term(k) {
                k += 1; // one adjective in between: «семилетний тюремный срок»
            }
            if !years || is_term(k) {
                return Some((i + 1, Cal::other(DateKind::Duration)));
            }
        }
        if self.num(i).is_some() && self.is(i + 1, &["-"]) && self.adj(i + 1) && self.adj(i + 2) {
            let mut j = i + 2;
            if self.is(j, &["и", "ти", "х"]) && self.is(j + 1, &["-"]) && self.adj(j + 1) {
                j += 2;
            }
            // «30-дневный», «3-х-месячный».
            let adjective = ["дневн", "месячн", "недельн", "суточн"]
                .iter()
                .find_map(|b| self.w(j).strip_prefix(b));
            if self.word(j) && adjective.is_some_and(|rest| !rest.is_empty()) {
                return Some((j + 1, Cal::other(DateKind::Duration)));
            }
        }
        None
    }

    /// «во втором квартале 2014 года», «первого полугодия 2016 года».
    fn quarter(&self, i: usize) -> Parsed {
        let part = is_or_starts_with(self.w(i + 1), &[], &["квартал", "полугоди"]);
        if !(self.has(i, Class::Ordinal) && part) {
            return None;
        }
        let (y, ys, k) = self.year_part(i + 2)?;
        let mut c = Cal::date(Ymd::new(y, None, None), ys);
        c.kind = DateKind::Period;
        Some((k, c))
    }

    /// «октябрьской», «майских праздников».
    fn month_adj(&self, i: usize) -> Parsed {
        if self.has(i, Class::MonthAdj) {
            let mut c = Cal::other(DateKind::Relative);
            c.no_lead = true;
            return Some((i + 1, c));
        }
        None
    }

    fn best_at(&self, i: usize) -> Parsed {
        // Each candidate is weighed as it comes, not gathered into an array first: the
        // longest wins, and of equally long ones the first.
        let mut best: Parsed = None;
        let mut weigh = |candidate: Parsed| {
            if let Some((j, c)) = candidate
                && best.is_none_or(|(bj, _)| j > bj)
            {
                best = Some((j, c));
            }
        };
        weigh(self.range(i));
        weigh(self.weekday(i));
        weigh(self.calendar(i, true));
        weigh(self.season(i));
        weigh(self.duration(i));
        weigh(self.lexical(i));
        weigh(self.dur_adj(i));
        weigh(self.quarter(i));
        weigh(self.month_adj(i));
        best
    }

    /// Extends a mention backwards over prepositions and quantifier words.
    fn lead_start(&self, i: usize, floor: usize, c: &Cal) -> usize {
        let mut s = i;
        for _ in 0..4 {
            if s <= floor || s == 0 {
                break;
            }
            let w = self.w(s - 1);
            if w == "чем" && s >= 2 && self.is(s - 2, &["более", "менее", "больше", "меньше"])
            {
                s -= 2;
                continue;
            }
            if matches!(w, "позднее" | "ранее" | "позже") && s >= 2 && self.is(s - 2, &["не"])
            {
                s -= 2;
                break;
            }
            if !LEAD_WORDS.contains(&w) {
                if w == "не" && self.is(s, &["менее", "более", "больше"]) {
                    s -= 1;
                }
                break;
            }
            // «приговорён к 10 годам», «после 45 лет брака»: NEREL leaves these out.
            if c.kind == DateKind::Duration && matches!(w, "к" | "ко" | "после") {
                break;
            }
            if (w == "в" || w == "во") && c.day_first && s == i {
                break;
            }
            if w == "время" && !(s >= 2 && self.is(s - 2, &["во"])) {
                break;
            }
            if matches!(w, "первой" | "второй") && !self.is(s, &["половине", "половины"])
            {
                break;
            }
            s -= 1;
        }
        s
    }
}

fn year_range(a: i32, b: i32) -> Cal {
    let mut c = Cal::date(Ymd::new(Some(a), None, None), YearSource::Explicit);
    c.until = Some(Ymd::new(Some(b), None, None));
    c
}

fn prev_is(p: &P, i: usize, w: &str) -> bool {
    i > 0 && p.is(i - 1, &[w])
}

/// Merges the two ends of a range, filling the parts the first end leaves out.
fn merge_range(left: Cal, right: Cal) -> Option<Cal> {
    if left.kind != DateKind::Calendar || right.kind != DateKind::Calendar {
        return None;
    }
    let mut b = left.begin;
    let u = right.begin;
    if b.day.is_some() && b.month.is_none() {
        u.month?;
        b.month = u.month;
    }
    if b.month.is_some() && u.month.is_none() {
        return None;
    }
    let mut ys = left.ys;
    if b.year.is_none() {
        b.year = u.year;
        ys = right.ys;
    }
    if b.year.is_none() && u.year.is_none() && b.month.is_none() {
        return None;
    }
    if !valid(b) || (b.year.is_some() && u.year.is_some() && b > u) {
        return None;
    }
    let mut c = Cal::date(b, ys);
    c.until = Some(u);
    Some(c)
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: Option<i32>, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if y.is_none_or(is_leap) {
                29
            } else {
                28
            }
        }
    }
}

fn valid(d: Ymd) -> bool {
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            (1..=12).contains(&m) && day >= 1 && day <= days_in_month(d.year, m)
        }
        (Some(m), None) => (1..=12).contains(&m),
        (None, Some(_)) => false,
        (None, None) => true,
    }
}

/// The year two-digit years and plausibility checks are judged against. Fixed, not read
/// from the clock, so the same input gives the same output in any year; move it forward
/// with the releases.
const REFERENCE_YEAR: i32 = 2026;

/// Finds date expressions, left to right, non-overlapping, longest match first.
///
/// See the module documentation for what is recognised and how spans are drawn.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    find_dates_folded(text, &crate::segment::fold(text))
}

/// [`find_dates`] for a text whose case-folded copy is already at hand.
pub fn find_dates_folded(text: &str, folded: &str) -> Vec<DateMatch> {
    dates_in(P {
        t: tokenize(text, folded),
        current_year: REFERENCE_YEAR,
    })
}

/// [`find_dates_folded`] over the segmenter's tokens of the same text, which spare most of
/// the scanning.
pub fn find_dates_segmented(text: &str, folded: &str, tokens: &[Token]) -> Vec<DateMatch> {
    dates_in(P {
        t: tokenize_segmented(text, folded, tokens),
        current_year: REFERENCE_YEAR,
    })
}

/// The dates among the parser's tokens.
fn dates_in(p: P) -> Vec<DateMatch> {
    let mut out = Vec::with_capacity(16);
    let mut i = 0;
    let mut floor = 0;
    while i < p.t.len() {
        if !p.t[i].lex.starts {
            i += 1;
            continue;
        }
        let Some((j, c)) = p.best_at(i) else {
            i += 1;
            continue;
        };
        let ms = if c.no_lead {
            i
        } else if c.lead_included {
            // «в период с 2003 по 2011 годы»
            if i >= 2 && i - 2 >= floor && p.is(i - 1, &["период"]) && p.is(i - 2, &["в"]) {
                i - 2
            } else {
                i
            }
        } else {
            p.lead_start(i, floor, &c)
        };
        let day_offset = match (c.kind, j - i, p.w(i)) {
            (DateKind::Relative, 1, "позавчера") => Some(-2),
            (DateKind::Relative, 1, "вчера") => Some(-1),
            (DateKind::Relative, 1, "сегодня") => Some(0),
            (DateKind::Relative, 1, "завтра") => Some(1),
            (DateKind::Relative, 1, "послезавтра") => Some(2),
            _ => None,
        };
        out.push(DateMatch {
            start: p.t[i].s,
            end: p.t[j - 1].e,
            mention_start: p.t[ms].s,
            begin: c.begin,
            until: c.until,
            year_source: c.ys,
            kind: c.kind,
            day_offset,
        });
        i = j;
        floor = j;
    }
    out
}

/// The label of a publication stamp: «Добавлен:», «Опубликовано:», «Дата публикации:».
static PUBLISHED_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:добавлен[оа]?|опубликован[оа]?|дата\s+публикации|дата\s+создания|размещен[оа]?|обновлен[оа]?|дата)\s*:",
    )
});

/// Builds the lexicon and compiles the stamp pattern now (see [`super::prepare`]).
pub(super) fn prepare() {
    LazyLock::force(&LEXICON);
    LazyLock::force(&PUBLISHED_STAMP);
}

/// The document's publication date, if its text gives one.
///
/// Looks for a line within the first five non-empty lines that is only a full date
/// (with an optional time: «25 октября 2021 года», «04.03.2020», «29 Сентября, 2021
/// 17:30»), then for a stamp anywhere: «Добавлен: 22:45, 04.03.2020»,
/// «Опубликовано: 12.05.2019», «Дата публикации: ...». Only full dates count.
pub fn find_published(text: &str) -> Option<Ymd> {
    for line in crate::segment::lines(text)
        .filter(|l| !l.trim().is_empty())
        .take(5)
    {
        // A full date has its day in digits: a line without any is not searched. Nor is
        // a paragraph: a date line holds nothing but the date, its time and punctuation,
        // so a few dozen letters at most (weekday, month, «года»).
        if crate::segment::has_letters(line, 41) || !line.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let ms = find_dates(line);
        if let [m] = ms.as_slice()
            && m.kind == DateKind::Calendar
            && m.until.is_none()
            && m.begin.is_full()
            && only_separators_and_times(&line[..m.mention_start])
            && only_separators_and_times(&line[m.end..])
        {
            return Some(m.begin);
        }
    }
    // A stamp starts a line, or follows other page fields on it («Компания: …
    // Добавлен: 22:45, 04.03.2020»). Lines are found from their colons: most lines have
    // none, and one pass over the text for «:» costs less than splitting it into lines
    // first. Every stamp word ends in «н», «о», «а», «и» or «я», in either case, with
    // only white space between it and its colon: other colons («заявил:») are passed
    // over, and only lines with a colon that may end a stamp are searched.
    // A colon before the end of the last line taken is on that line: each line is found
    // once, whatever the number of its colons.
    let after_stamp_word = |colon: usize| {
        text[..colon]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, 'н' | 'о' | 'а' | 'и' | 'я' | 'Н' | 'О' | 'А' | 'И' | 'Я'))
    };
    let mut last_line_end = 0;
    let bytes = text.as_bytes();
    let lines_with_colon = memchr::memchr_iter(b':', bytes).filter_map(|colon| {
        if colon < last_line_end || !after_stamp_word(colon) {
            return None;
        }
        let start = memchr::memrchr(b'\n', &bytes[..colon]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &bytes[colon..]).map_or(text.len(), |n| colon + n);
        last_line_end = end;
        let line = &text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    });
    for st in lines_with_colon.flat_map(|line| {
        let base = line.as_ptr() as usize - text.as_ptr() as usize;
        PUBLISHED_STAMP
            .find_iter(line)
            .map(move |m| (base + m.start(), base + m.end()))
    }) {
        let rest = &text[st.1..];
        let cut = rest.char_indices().nth(60).map_or(rest.len(), |(b, _)| b);
        let window = &rest[..cut];
        let window = window.split('\n').next().unwrap_or("");
        if let Some(m) = find_dates(window)
            .into_iter()
            .find(|m| m.kind == DateKind::Calendar && m.begin.is_full())
        {
            return Some(m.begin);
        }
    }
    None
}

/// `s` holds nothing but spaces, punctuation and times of day («, 17:30 |»): what may
/// stand around the date on a date line.
fn only_separators_and_times(s: &str) -> bool {
    let is_separator = |c: char| c.is_whitespace() || ",.:;|/()-–—".contains(c);
    let mut rest = s.trim_start_matches(is_separator);
    while !rest.is_empty() {
        // A time: one or two digits of hours, a colon, two digits of minutes.
        let hours = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Some(minutes) = rest.get(hours + 1..hours + 3) else {
            return false;
        };
        if !(1..=2).contains(&hours)
            || rest.as_bytes()[hours] != b':'
            || !minutes.bytes().all(|b| b.is_ascii_digit())
        {
            return false;
        }
        rest = rest[hours + 3..].trim_start_matches(is_separator);
    }
    true
}

fn fmt_ymd(d: Ymd) -> Option<String> {
    // Built by hand: `format!` costs several times more, and every date is written.
    let mut out = String::with_capacity(10);
    match d.year {
        Some(y) => match u32::try_from(y) {
            Ok(y) => push_padded(&mut out, y, 4),
            Err(_) => out.push_str(&format!("{y:04}")),
        },
        None => out.push_str("XXXX"),
    }
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            out.push('-');
            push_padded(&mut out, u32::from(m), 2);
            out.push('-');
            push_padded(&mut out, u32::from(day), 2);
        }
        (Some(m), None) => {
            out.push('-');
            push_padded(&mut out, u32::from(m), 2);
        }
        (None, None) => {
            d.year?;
        }
        (None, Some(_)) => return None,
    }
    Some(out)
}

/// Appends `value` in decimal with leading zeros up to `width` digits, as `{value:0width$}`.
fn push_padded(out: &mut String, value: u32, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// ISO 8601 value of a match: "2021-10-25", "2021-10" (month only), "2019" (year only),
/// a range as "2019-11-05/2019-11-08", a decade or century as "1990/1999", a season or
/// quarter with a year as that year ("2017"). Years are written with four digits ("0988").
///
/// A missing year is filled from `published`: `CurrentYear` and `Missing` take the
/// publication year, `PreviousYear` the year before, `NextYear` the year after. Without
/// a publication date a month and day keep an unspecified year ("XXXX-11-05", ISO
/// 8601-2); a relative year alone («в прошлом году») then gives `None`. Relative,
/// duration and recurrence mentions give `None`.
pub fn to_iso(m: &DateMatch, published: Option<Ymd>) -> Option<String> {
    // «вчера» is the day before the publication date, when that is known in full.
    if let (
        Some(offset),
        Some(Ymd {
            year: Some(y),
            month: Some(mo),
            day: Some(d),
        }),
    ) = (m.day_offset, published)
    {
        let day = days_from_civil(y, mo, d) + i64::from(offset);
        return fmt_ymd(civil_from_days(day));
    }
    if !matches!(m.kind, DateKind::Calendar | DateKind::Period) {
        return None;
    }
    let fill = |d: Ymd| -> Ymd {
        if d.year.is_some() {
            return d;
        }
        let year = published
            .and_then(|p| p.year)
            .map(|py| match m.year_source {
                YearSource::PreviousYear => py - 1,
                YearSource::NextYear => py + 1,
                _ => py,
            });
        Ymd { year, ..d }
    };
    let b = fill(m.begin);
    if b.year.is_none() && b.month.is_none() {
        return None;
    }
    let mut s = fmt_ymd(b)?;
    if let Some(u) = m.until {
        let u = fill(u);
        s.push('/');
        s.push_str(&fmt_ymd(u)?);
    }
    Some(s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> Ymd {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Ymd::new(
        i32::try_from(year).ok(),
        u8::try_from(month).ok(),
        u8::try_from(day).ok(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::capitalise_first;

    #[test]
    fn deictic_days_count_from_the_publication_date() {
        let published = Some(Ymd::new(Some(2021), Some(3), Some(1)));
        let table = [
            ("Вчера он приехал", "2021-02-28"),
            ("позавчера он приехал", "2021-02-27"),
            ("сегодня он приехал", "2021-03-01"),
            ("послезавтра он приедет", "2021-03-03"),
        ];
        for (text, want) in table {
            assert_eq!(iso(text, published).as_deref(), Some(want), "{text}");
        }
        let new_year = Some(Ymd::new(Some(2020), Some(12), Some(31)));
        assert_eq!(iso("завтра", new_year).as_deref(), Some("2021-01-01"));
        // Without a full publication date «вчера» has no calendar value.
        assert_eq!(iso("вчера", Some(Ymd::new(Some(2021), None, None))), None);
    }

    const PUB: Option<Ymd> = Some(Ymd::new(Some(2021), Some(3), Some(15)));

    /// ISO value of the first match, with or without a publication date.
    fn iso(text: &str, published: Option<Ymd>) -> Option<String> {
        find_dates(text).first().and_then(|m| to_iso(m, published))
    }

    fn spans(text: &str) -> Vec<&str> {
        find_dates(text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    fn mentions(text: &str) -> Vec<&str> {
        find_dates(text)
            .iter()
            .map(|m| &text[m.mention_start..m.end])
            .collect()
    }

    /// False when `word` (folded) cannot have any property in the date lexicon.
    fn may_be_listed(word: &str) -> bool {
        LEXICON.get(word).is_some() || may_be_unlisted(word)
    }

    #[test]
    fn the_first_letters_filter_skips_only_words_without_properties() {
        // Every lexicon word passes, and so does every word of the sample articles that
        // has a property; the filter must still skip most other words to be worth it.
        assert!(LEXICON.keys().all(may_be_listed));
        // Open-class beginnings are six letters or more, as may_be_unlisted assumes.
        for (_, beginnings, _) in OPEN_CLASSES {
            assert!(beginnings.iter().all(|b| b.len() >= 12), "{beginnings:?}");
        }
        // Punctuation is never a word that may start a date, so Lex::of skips it.
        let starters = RANGE_OPENERS
            .iter()
            .chain(EVERY)
            .chain([&NEW_YEAR])
            .chain(PHRASES.iter().map(|(words, _)| &words[0]));
        for word in starters {
            assert!(word.chars().all(crate::segment::is_letter), "{word}");
        }
        let mut skipped = 0;
        let mut words = 0;
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(corpus).expect("corpus/ is in the repository") {
            let text = std::fs::read_to_string(entry.expect("a directory entry").path())
                .expect("a sample article in UTF-8");
            let folded = crate::segment::fold(&text);
            for word in folded.split(|c: char| !crate::segment::is_letter(c)) {
                if word.is_empty() {
                    continue;
                }
                words += 1;
                if !may_be_listed(word) {
                    skipped += 1;
                    let unlisted = Lex::unlisted(word);
                    assert!(LEXICON.get(word).is_none(), "{word}");
                    assert!(unlisted.classes == 0 && unlisted.roman.is_none(), "{word}");
                }
            }
        }
        assert!(skipped * 2 > words, "{skipped} of {words} words skipped");
    }

    /// The two tokenizers agree on `text`: the same spans, kinds, case and lexicon entries.
    fn assert_same_tokens(text: &str) {
        let folded = crate::segment::fold(text);
        let seg = crate::segment::segment(text);
        let plain = tokenize(text, &folded);
        let segmented = tokenize_segmented(text, &folded, &seg.tokens);
        fn key<'a>(t: &Tok<'a>) -> (usize, usize, &'a str, Kind, bool, bool, u16) {
            (
                t.s,
                t.e,
                t.low,
                t.kind,
                t.upper,
                t.lex.starts,
                t.lex.classes,
            )
        }
        let a: Vec<_> = plain.iter().map(key).collect();
        let b: Vec<_> = segmented.iter().map(key).collect();
        if let Some(k) = (0..a.len().max(b.len())).find(|&k| a.get(k) != b.get(k)) {
            panic!("token {k}: {:?} against {:?}", a.get(k), b.get(k));
        }
    }

    #[test]
    fn open_class_beginnings_pass_the_first_letters_gate() {
        for (_, beginnings, _) in OPEN_CLASSES {
            for b in *beginnings {
                assert!(b.len() >= 12, "{b}: the length gate would drop it");
                assert!(OPEN_CLASS_FIRSTS.contains(&first_two_letters(b)), "{b}");
                assert!(may_be_unlisted(b), "{b}");
                assert!(may_be_unlisted(&format!("{b}ий")), "{b}ий");
            }
        }
        assert!(!may_be_unlisted("министерство"));
        assert!(!may_be_unlisted("правительства"));
    }

    #[test]
    fn tokens_from_the_segmenter_are_the_tokens_of_the_text() {
        for text in [
            "COVID-19 и 2003г. т.е. М.Х.Дулати 10² ½ года",
            "\u{feff}Сегодня\u{ad}вчера 25-го\u{301} c 1-го по 5 мая\u{200b}2021",
            "Ростов-на-Дону 04.03.2020, 8,1 % «Газпром»\r\n\tXIV век",
            "",
            "   ",
        ] {
            assert_same_tokens(text);
        }
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let eval = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/texts");
        let mut files = 0;
        for dir in [corpus, eval.join("factrueval-dev"), eval.join("nerel-dev")] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                eprintln!("skipping {}: not present", dir.display());
                continue;
            };
            for entry in entries {
                let path = entry.expect("a directory entry").path();
                if let Ok(text) = std::fs::read_to_string(&path) {
                    assert_same_tokens(&text);
                    files += 1;
                }
            }
        }
        assert!(files >= 5, "only {files} files read");
    }

    #[rustfmt::skip]
    const ISO_NO_PUB: &[(&str, Option<&str>)] = &[
        ("Это случилось 25 октября 2021 года.", Some("2021-10-25")),
        ("25 октября 2021 г. всё началось", Some("2021-10-25")),
        ("25 октября 2021", Some("2021-10-25")),
        ("29 Сентября, 2021 17:30", Some("2021-09-29")),
        ("3 марта он приехал", Some("XXXX-03-03")),
        ("1-го мая", Some("XXXX-05-01")),
        ("12 сент. 2019 г.", Some("2019-09-12")),
        ("7 дек 2018", Some("2018-12-07")),
        ("29 февраля 2020 года", Some("2020-02-29")),
        ("29 февраля 2019 года", Some("2019")), // the impossible day is dropped, the year stays
        ("04.03.2020", Some("2020-03-04")),
        ("4.3.2020", Some("2020-03-04")),
        ("04.03.20", Some("2020-03-04")),
        ("04.03.99", Some("1999-03-04")),
        ("2020-03-04", Some("2020-03-04")),
        ("04/03/2020", Some("2020-03-04")),
        ("к 12.2020", Some("2020-12")),
        ("31.02.2020", None),
        ("45.13.2020", None),
        ("версия 1.2.3", None),
        ("версия 1.2.3.2020", None),
        ("в 22.45 мск", None),
        ("в 22:45", None),
        ("см. /news/2020-03-04/item", None),
        ("5-8 ноября", Some("XXXX-11-05/XXXX-11-08")),
        ("5–8 ноября 2019 года", Some("2019-11-05/2019-11-08")),
        ("5—8 ноября 2019 года", Some("2019-11-05/2019-11-08")),
        ("с 5 по 8 ноября 2019 года", Some("2019-11-05/2019-11-08")),
        ("с 30 октября по 2 ноября 2019 г.", Some("2019-10-30/2019-11-02")),
        ("с 5 до 8 ноября", Some("XXXX-11-05/XXXX-11-08")),
        ("с 2017 по 2019 год", Some("2017/2019")),
        ("С 1975 по 1977 работал", Some("1975/1977")),
        ("2017-2019 годы", Some("2017/2019")),
        ("в 1999—2005 гг.", Some("1999/2005")),
        ("С 2013 года по январь 2015 года", Some("2013/2015-01")),
        ("в апреле-мае 2012 г.", Some("2012-04/2012-05")),
        ("30 октября — 2 ноября 2019 года", Some("2019-10-30/2019-11-02")),
        ("по итогам сезона 2016/17", Some("2016/2017")),
        ("в финале сезона 1989-90", Some("1989/1990")),
        ("в 2019 году", Some("2019")),
        ("2019 год", Some("2019")),
        ("до 2019 года", Some("2019")),
        ("в 2020-м", Some("2020")),
        ("2019 г.", Some("2019")),
        ("2019-2020 гг.", Some("2019/2020")),
        ("в 988 году", Some("0988")),
        ("Адам Ганижев 1990 года рождения", Some("1990")),
        ("в октябре 2021 года", Some("2021-10")),
        ("октябрь 2021", Some("2021-10")),
        ("в октябре", Some("XXXX-10")),
        ("в начале октября", Some("XXXX-10")),
        ("в 1990-х годах", Some("1990/1999")),
        ("в 90-е", Some("1990/1999")),
        ("в 1960-х — 1980-х гг.", Some("1960/1989")),
        ("в девяностых годах", Some("1990/1999")),
        ("в XX веке", Some("1901/2000")),
        ("XIV века", Some("1301/1400")),
        ("во втором квартале 2014 года", Some("2014")),
        ("осенью 2017 года", Some("2017")),
        ("в прошлом году", None),
        ("вчера", None),
        ("в течение пяти лет", None),
        ("бюджет составил 2019 рублей", None),
        ("потратили 2019 рублей", None),
        ("всего 2019", None),
        ("вес 3 400 г и рост 53 см", None),
        ("на 40-е место", None),
    ];

    #[rustfmt::skip]
    const ISO_WITH_PUB: &[(&str, Option<&str>)] = &[
        ("3 марта он приехал", Some("2021-03-03")),
        ("28 сентября текущего года", Some("2021-09-28")),
        ("28 сентября этого года", Some("2021-09-28")),
        ("26 октября с.г.", Some("2021-10-26")),
        ("28 сентября прошлого года", Some("2020-09-28")),
        ("28 сентября следующего года", Some("2022-09-28")),
        ("в декабре прошлого года", Some("2020-12")),
        ("в этом году", Some("2021")),
        ("в прошлом году", Some("2020")),
        ("в следующем году", Some("2022")),
        ("с 5 по 8 ноября", Some("2021-11-05/2021-11-08")),
        ("25 октября 2019 года", Some("2019-10-25")),
        ("вчера", Some("2021-03-14")),
        ("три года назад", None),
    ];

    /// (text, core spans, mention spans)
    #[rustfmt::skip]
    const SPANS: &[(&str, &[&str], &[&str])] = &[
        ("Он родился в 2019 году.", &["2019 году"], &["в 2019 году"]),
        ("Это было 25 октября 2021 года.", &["25 октября 2021 года"], &["25 октября 2021 года"]),
        ("умер в 5 августа 1984 года", &["5 августа 1984 года"], &["5 августа 1984 года"]),
        ("в 2019 г. стало", &["2019 г."], &["в 2019 г."]),
        ("Добавлен: 22:45, 04.03.2020", &["04.03.2020"], &["04.03.2020"]),
        ("5 и 6 ноября", &["5", "6 ноября"], &["5", "6 ноября"]),
        ("между 20 июня и 10 августа", &["20 июня", "10 августа"], &["между 20 июня", "10 августа"]),
        ("с 5 по 8 ноября", &["с 5 по 8 ноября"], &["с 5 по 8 ноября"]),
        ("в период с 2003 по 2011 годы", &["с 2003 по 2011 годы"], &["в период с 2003 по 2011 годы"]),
        ("в начале октября", &["октября"], &["в начале октября"]),
        ("до конца 2014 года", &["2014 года"], &["до конца 2014 года"]),
        ("в мае 2015 года", &["мае 2015 года"], &["в мае 2015 года"]),
        ("в Мае", &["Мае"], &["в Мае"]),
        ("Май Плисецкая", &[], &[]),
        ("в течение пяти лет", &["пяти лет"], &["в течение пяти лет"]),
        ("более чем за 100 лет", &["100 лет"], &["более чем за 100 лет"]),
        ("от 8 до 20 лет", &["от 8 до 20 лет"], &["от 8 до 20 лет"]),
        ("приговорён к 10 годам", &["10 годам"], &["10 годам"]),
        ("три года назад", &["три года назад"], &["три года назад"]),
        ("за день до этого", &["день до этого"], &["за день до этого"]),
        ("на прошлой неделе", &["прошлой неделе"], &["на прошлой неделе"]),
        ("в последние годы", &["последние годы"], &["в последние годы"]),
        ("в понедельник", &["понедельник"], &["в понедельник"]),
        ("В среду, 22 января 2020 года", &["среду, 22 января 2020 года"], &["В среду, 22 января 2020 года"]),
        ("Вчера, 16 августа 2016 года", &["Вчера, 16 августа 2016 года"], &["Вчера, 16 августа 2016 года"]),
        ("в 1958, 1962 и 1970 годах", &["1958", "1962", "1970 годах"], &["в 1958", "1962", "1970 годах"]),
        ("«Афоня» (1975), «Чародеи» (1982)", &["1975", "1982"], &["1975", "1982"]),
        ("министр (2001—2003)", &["2001", "2003"], &["2001", "2003"]),
        ("в 1992—2002 — генсек", &["1992—2002"], &["в 1992—2002"]),
        ("на ЧМ-2018 в России", &["2018"], &["2018"]),
        ("Кубок конфедераций 2017.", &["2017"], &["2017"]),
        ("http://site2010.ru/22jun2016/a.html", &[], &[]),
        ("ему 35 лет", &[], &[]),
        ("ему исполнился 61 год", &[], &[]),
        ("в возрасте до 18 лет", &[], &[]),
        ("на 102-м году жизни", &[], &[]),
        ("на 75 году жизни", &[], &[]),
        ("пятилетний мальчик", &[], &[]),
        ("пятилетний срок", &["пятилетний"], &["пятилетний"]),
        ("30-дневный карантин", &["30-дневный"], &["30-дневный"]),
        ("провёл в космосе 878 дней", &["878 дней"], &["878 дней"]),
        ("Вчера и сегодня", &["Вчера", "сегодня"], &["Вчера", "сегодня"]),
        ("накануне выборов", &[], &[]),
        ("Накануне суд отказал", &["Накануне"], &["Накануне"]),
        ("ежегодно", &["ежегодно"], &["ежегодно"]),
        ("на Рождество", &["Рождество"], &["на Рождество"]),
        ("после июньской трагедии", &["июньской"], &["июньской"]),
        ("в 22:45 мск", &[], &[]),
        ("осенью 2017 года", &["осенью 2017 года"], &["осенью 2017 года"]),
        ("в тридцатых-сороковых годах", &["тридцатых-сороковых годах"], &["в тридцатых-сороковых годах"]),
    ];

    #[rustfmt::skip]
    const KINDS: &[(&str, DateKind)] = &[
        ("25 октября 2021 года", DateKind::Calendar),
        ("в прошлом году", DateKind::Calendar),
        ("в 1990-х годах", DateKind::Period),
        ("XX век", DateKind::Period),
        ("вчера", DateKind::Relative),
        ("в понедельник", DateKind::Relative),
        ("три года назад", DateKind::Relative),
        ("на прошлой неделе", DateKind::Relative),
        ("в течение пяти лет", DateKind::Duration),
        ("несколько месяцев", DateKind::Duration),
        ("ежегодно", DateKind::Recurring),
        ("10 млн долларов в год", DateKind::Recurring),
    ];

    #[rustfmt::skip]
    const PUBLISHED: &[(&str, Option<Ymd>)] = &[
        ("Заголовок\n25 октября 2021 года\nТекст 3 марта.", Some(Ymd::new(Some(2021), Some(10), Some(25)))),
        ("Заголовок\n04.03.2020\nТекст", Some(Ymd::new(Some(2020), Some(3), Some(4)))),
        ("Заголовок\n29 Сентября, 2021 17:30\nТекст", Some(Ymd::new(Some(2021), Some(9), Some(29)))),
        ("Текст новости.\nДобавлен: 22:45, 04.03.2020", Some(Ymd::new(Some(2020), Some(3), Some(4)))),
        ("Текст.\nОпубликовано: 12.05.2019", Some(Ymd::new(Some(2019), Some(5), Some(12)))),
        ("Текст.\nДата публикации: 1 июня 2018 г.", Some(Ymd::new(Some(2018), Some(6), Some(1)))),
        ("Заголовок\nВ 2019 году что-то было 3 марта.", None),
        ("Заголовок\n3 марта\nТекст", None),
        ("Заголовок\n12.2020\nТекст", None),
        ("", None),
    ];

    #[test]
    fn iso_without_published() {
        for (text, want) in ISO_NO_PUB {
            assert_eq!(iso(text, None).as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn iso_with_published() {
        for (text, want) in ISO_WITH_PUB {
            assert_eq!(iso(text, PUB).as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn spans_and_mentions() {
        for (text, want, want_m) in SPANS {
            assert_eq!(spans(text), *want, "spans of {text}");
            assert_eq!(mentions(text), *want_m, "mentions of {text}");
        }
    }

    #[test]
    fn kinds() {
        for (text, want) in KINDS {
            let ms = find_dates(text);
            assert_eq!(ms.first().map(|m| m.kind), Some(*want), "{text}");
        }
    }

    #[test]
    fn year_sources() {
        let ms = find_dates("28 сентября текущего года и 3 мая прошлого года, 5 мая");
        let ys: Vec<YearSource> = ms.iter().map(|m| m.year_source).collect();
        assert_eq!(
            ys,
            [
                YearSource::CurrentYear,
                YearSource::PreviousYear,
                YearSource::Missing
            ]
        );
    }

    #[test]
    fn dates_are_written_as_format_writes_them() {
        let years = [
            None,
            Some(0),
            Some(7),
            Some(988),
            Some(2021),
            Some(12345),
            Some(-5),
        ];
        let parts = [None, Some(1), Some(9), Some(12), Some(99), Some(255)];
        for year in years {
            for month in parts {
                for day in parts {
                    let want = match (year, month, day) {
                        (_, None, Some(_)) | (None, None, None) => None,
                        (_, m, d) => {
                            let y = year.map_or("XXXX".to_string(), |y| format!("{y:04}"));
                            Some(match (m, d) {
                                (Some(m), Some(d)) => format!("{y}-{m:02}-{d:02}"),
                                (Some(m), None) => format!("{y}-{m:02}"),
                                _ => y,
                            })
                        }
                    };
                    assert_eq!(fmt_ymd(Ymd::new(year, month, day)), want);
                }
            }
        }
    }

    #[test]
    fn published() {
        for (text, want) in PUBLISHED {
            assert_eq!(find_published(text), *want, "{text}");
        }
    }

    #[test]
    fn every_stamp_word_is_found_after_a_colon_elsewhere() {
        // Each alternative of the stamp pattern, in both cases and with the spaces the
        // pattern allows, on a line after other colons that cannot end a stamp.
        let words = [
            "добавлен",
            "добавлено",
            "добавлена",
            "опубликован",
            "опубликовано",
            "опубликована",
            "дата публикации",
            "дата создания",
            "размещен",
            "размещено",
            "размещена",
            "обновлен",
            "обновлено",
            "обновлена",
            "дата",
        ];
        let want = Some(Ymd::new(Some(2020), Some(3), Some(4)));
        for word in words {
            for written in [
                word.to_string(),
                word.to_uppercase(),
                capitalise_first(word),
            ] {
                for gap in ["", " ", "\u{a0}", " \t "] {
                    let text = format!(
                        "Он заявил: «да».\nИтог: 3:1, счёт: 2:0 {written}{gap}: 04.03.2020"
                    );
                    assert_eq!(find_published(&text), want, "{text}");
                }
            }
        }
    }

    #[test]
    fn offsets_are_char_boundaries_on_odd_input() {
        let texts = [
            "Сегодня, 5 мая 2020 г., «ЧМ-2018» и — в 90-х годах — в прошлом году.",
            "",
            "-",
            "г.",
            "с по до",
            "31 31 31 мая мая 2020 2020 г г.",
            "1.1.1.1.1 2020-2020-2020 —— 12/12/12/12",
            "𝟚𝟘𝟙𝟡 ١٢.٠٣.٢٠٢٠ ２０２０年",
            "с 5",
            "от 5 до",
            "в XXXXXXXXXX веке, в 0-х, в 99999999999 году",
        ];
        for text in texts {
            for m in find_dates(text) {
                assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                assert!(text.is_char_boundary(m.mention_start));
                assert!(m.mention_start <= m.start && m.start < m.end && m.end <= text.len());
                let _ = to_iso(&m, PUB);
            }
            let _ = find_published(text);
        }
    }

    #[test]
    fn start_gate_keeps_every_date() {
        let mut texts: Vec<&str> = Vec::new();
        texts.extend(ISO_NO_PUB.iter().map(|(t, _)| *t));
        texts.extend(ISO_WITH_PUB.iter().map(|(t, _)| *t));
        texts.extend(SPANS.iter().map(|(t, _, _)| *t));
        texts.extend(KINDS.iter().map(|(t, _)| *t));
        texts.extend(PUBLISHED.iter().map(|(t, _)| *t));
        for text in texts {
            let folded = crate::segment::fold(text);
            let p = P {
                t: tokenize(text, &folded),
                current_year: REFERENCE_YEAR,
            };
            for (i, tok) in p.t.iter().enumerate() {
                if p.best_at(i).is_some() {
                    assert!(tok.lex.starts, "{:?} in {text}", tok.low);
                }
            }
        }
    }

    #[test]
    fn lexicon() {
        let lex = |w: &str| Lex::of(w, Kind::Word);
        assert_eq!(lex("октября").month, Some(10));
        assert_eq!(lex("окт").month, None);
        assert_eq!(lex("окт").month_abbr, Some(10));
        assert_eq!(lex("мае").month, Some(5));
        assert_eq!(lex("марти").month, None);
        assert_eq!(lex("неделе").unit, Some(Unit::Week));
        assert_eq!(lex("зимой").season, Some(true));
        assert_eq!(lex("девяностых").decade, Some(1990));
        assert!(lex("прошлой").has(Class::RelAdj));
        assert!(lex("вчерашнего").has(Class::Deictic));
        assert!(!lex("вчерашн").has(Class::Deictic));
        assert!(lex("сочельника").has(Class::Holiday) && lex("сочельника").starts);
        assert!(lex("несколько").has(Class::QuantWord) && lex("несколько").has(Class::Several));
        assert_eq!(lex("хх").roman, Some(20));
        assert!(lex("каждый").starts && lex("с").starts && lex("днях").starts);
        assert!(!lex("машина").starts && !lex("и").starts);
        assert_eq!(Lex::of("2020", Kind::Num).num, Some((2020, 4)));
        assert_eq!(Lex::of("1234567890", Kind::Num).num, None);
    }

    #[test]
    fn roman_numerals() {
        let cases = [
            ("xx", Some(20)),
            ("xiv", Some(14)),
            ("хіv", Some(14)), // Cyrillic х, Ukrainian і
            ("iv", Some(4)),
            ("xxx", Some(30)),
            ("xxxi", None),
            ("iiiiiii", None),
            ("", None),
            ("xa", None),
        ];
        for (w, want) in cases {
            assert_eq!(roman(w), want, "{w}");
        }
    }
}
