//! Times of day: «в 16:00», «около 10.00 по московскому времени», «в три часа ночи», «с
//! 9:00 до 18:00». A time is written as an ISO 8601 time (`T16:00`, `T10:00+03:00`, a
//! range `T09:00/T18:00`); the recognizer joins it to a date written just before it
//! («20 марта в 16:00» → `XXXX-03-20T16:00`).

use crate::segment::{Token, TokenKind};
use regex::Regex;
use std::sync::LazyLock;

/// A time of day (or a range of two) found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOfDay {
    /// Byte offset of the first character (the preposition before it is left out).
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// ISO 8601: `T16:00`, `T10:00+03:00`, `T09:00/T18:00`.
    pub value: String,
}

/// Words that put a clock time in a sentence: a bare «10:00» may be a score or a lap time,
/// «в 10:00» is a time.
const PREPOSITIONS: &[&str] = &[
    "в",
    "во",
    "около",
    "к",
    "до",
    "с",
    "со",
    "после",
    "на",
    "примерно",
    "ориентировочно",
    "приблизительно",
];

/// Time zones that news names by a city or country, with their UTC offsets where the
/// offset has not changed in this century.
const ZONES: &[(&str, &str)] = &[
    ("московскому", "+03:00"),
    ("пекинскому", "+08:00"),
    ("токийскому", "+09:00"),
    ("гринвичу", "Z"),
];

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{1,2})[:.](\d{2})(?:\s+(?:ч\.|час(?:а|ов)?))?(?:(\s*-\s*|\s*—\s*|\s*–\s*|\s+до\s+)(\d{1,2})[:.](\d{2}))?(?:\s+по\s+(московскому|пекинскому|токийскому|местному)\s+времени|\s+по\s+(гринвичу))?",
    )
    .expect("time regex compiles")
});

static SPOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{1,2}|час|два|три|четыре|пять|шесть|семь|восемь|девять|десять|одиннадцать|двенадцать)(?:\s+час(?:а|ов)?)?\s+(утра|дня|вечера|ночи)(?:\s+по\s+(московскому|пекинскому|токийскому|местному)\s+времени)?",
    )
    .expect("time regex compiles")
});

/// Compiles this module's patterns now (see [`super::prepare`]).
pub(super) fn prepare() {
    LazyLock::force(&CLOCK);
    LazyLock::force(&SPOKEN);
}

/// The hour a spoken number names: «три» → 3, «час» → 1.
fn spoken_hour(word: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "час",
        "два",
        "три",
        "четыре",
        "пять",
        "шесть",
        "семь",
        "восемь",
        "девять",
        "десять",
        "одиннадцать",
        "двенадцать",
    ];
    let word = word.to_lowercase();
    match WORDS.iter().position(|w| *w == word) {
        Some(k) => Some(k as u32 + 1),
        None => word.parse().ok(),
    }
}

/// The hour on a 24-hour clock for «N часов утра / дня / вечера / ночи».
fn hour_of_day(hour: u32, part: &str) -> Option<u32> {
    let hour = match (part.to_lowercase().as_str(), hour) {
        (_, 0) | (_, 13..) => return None,
        ("утра", 1..=11) => hour,
        ("утра", _) => return None,
        ("дня", 12) | ("дня", 1..=5) => (hour % 12) + 12 * u32::from(hour != 12),
        ("дня", _) => return None,
        ("вечера", 4..=11) => hour + 12,
        ("вечера", _) => return None,
        ("ночи", 12) => 0,
        ("ночи", 1..=5) => hour,
        ("ночи", 9..=11) => hour + 12,
        _ => return None,
    };
    Some(hour)
}

/// The word that ends right before byte `at`, lower-cased, skipping spaces.
fn word_before(text: &str, at: usize) -> String {
    let before = text[..at].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| crate::segment::is_letter(c))
        .last()
        .map_or(before.len(), |(k, _)| k);
    before[start..].to_lowercase()
}

/// The UTC offset of a named time zone, or "" for local time.
fn zone_offset(zone: Option<regex::Match>) -> &'static str {
    let Some(zone) = zone else { return "" };
    let zone = zone.as_str().to_lowercase();
    ZONES
        .iter()
        .find(|(name, _)| *name == zone)
        .map_or("", |(_, offset)| offset)
}

/// Finds the times of day in `text`, in text order. `folded` is its case-folded copy (see
/// [`crate::segment::fold`]) and `tokens` its tokens.
pub fn find_times(text: &str, folded: &str, tokens: &[Token]) -> Vec<TimeOfDay> {
    let mut out = Vec::new();
    let glued = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ':' | ',' | '-'))
    };
    // Both patterns are tried only where a time may start, anchored there: most texts have
    // no time at all, and a scan of the whole text by either regex costs more than the rest
    // of the date stage.
    for start in clock_starts(text) {
        // The second half of a range already found.
        if out.last().is_some_and(|t: &TimeOfDay| start < t.end) {
            continue;
        }
        let Some(caps) = CLOCK.captures(&text[start..]) else {
            continue;
        };
        let Some(whole) = caps.get(0) else { continue };
        let end = start + whole.end();
        let after = text[end..].chars().next();
        let zone = caps.get(6).or(caps.get(7));
        // Dates («12.03.2020»), numbers («1.50»), scores («2:1») and lap times are no times:
        // a time has a preposition before it or a time zone after it.
        if glued(start)
            || after.is_some_and(|c| c.is_ascii_digit() || matches!(c, ':'))
            || (after == Some('.') && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()))
            || (zone.is_none() && !PREPOSITIONS.contains(&word_before(text, start).as_str()))
        {
            continue;
        }
        let clock = |h: usize, m: usize| -> Option<String> {
            let hour: u32 = caps.get(h)?.as_str().parse().ok()?;
            let minute: u32 = caps.get(m)?.as_str().parse().ok()?;
            (hour <= 24 && minute <= 59 && !(hour == 24 && minute > 0))
                .then(|| format!("T{hour:02}:{minute:02}{}", zone_offset(zone)))
        };
        let Some(first) = clock(1, 2) else { continue };
        let value = match caps.get(3) {
            Some(_) => match clock(4, 5) {
                Some(second) => format!("{first}/{second}"),
                None => continue,
            },
            None => first,
        };
        out.push(TimeOfDay { start, end, value });
    }
    for start in spoken_starts(folded, tokens) {
        let Some(caps) = SPOKEN.captures(&text[start..]) else {
            continue;
        };
        let Some(whole) = caps.get(0) else { continue };
        let end = start + whole.end();
        if glued(start)
            || out.iter().any(|t| t.start < end && start < t.end)
            || !PREPOSITIONS.contains(&word_before(text, start).as_str())
        {
            continue;
        }
        let (Some(number), Some(part)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let Some(hour) = spoken_hour(number.as_str()).and_then(|h| hour_of_day(h, part.as_str()))
        else {
            continue;
        };
        out.push(TimeOfDay {
            start,
            end,
            value: format!("T{hour:02}:00{}", zone_offset(caps.get(3))),
        });
    }
    out.sort_by_key(|t| t.start);
    out.dedup_by_key(|t| t.start);
    out
}

/// Byte offsets where a clock time may start: one or two digits, then «:» or «.» and two
/// digits.
fn clock_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let digit = move |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    memchr::memchr2_iter(b':', b'.', bytes).filter_map(move |k| {
        if k == 0 || !digit(k - 1) || !digit(k + 1) || !digit(k + 2) {
            return None;
        }
        let start = if k >= 2 && digit(k - 2) { k - 2 } else { k - 1 };
        (start == 0 || !digit(start - 1)).then_some(start)
    })
}

/// Words naming a part of the day, after which a spoken time ends («три часа ночи»).
const PARTS_OF_DAY: &[&str] = &["утра", "дня", "вечера", "ночи"];

/// The second bytes of [`PARTS_OF_DAY`] (that of their first letter in Cyrillic), worked
/// out when the program is compiled: a word with another second byte is none of them.
const PART_OF_DAY_SECOND_BYTES: [bool; 256] = {
    let mut seen = [false; 256];
    let mut i = 0;
    while i < PARTS_OF_DAY.len() {
        seen[PARTS_OF_DAY[i].as_bytes()[1] as usize] = true;
        i += 1;
    }
    seen
};

/// Byte offsets where a spoken time may start: the word one or two words before a part
/// of the day («9 утра», «три часа ночи»). `folded` is the case-folded text.
fn spoken_starts(folded: &str, tokens: &[Token]) -> Vec<usize> {
    let bytes = folded.as_bytes();
    let mut starts = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        let (start, end) = (token.span.byte_start, token.span.byte_end);
        // Cheap tests first, the length and the first letter: most words are not one of
        // four. One test of kind and length (`&`, not `&&`): most tokens fail, and a
        // branch on each would be mispredicted about as often as taken.
        const LENGTHS: u32 = 1 << 6 | 1 << 8 | 1 << 12;
        let wanted = (token.kind == TokenKind::Word) & (LENGTHS >> (end - start).min(31) & 1 == 1);
        if !wanted {
            continue;
        }
        let word = bytes.get(start..end).unwrap_or_default();
        if !word
            .get(1)
            .is_some_and(|&b| PART_OF_DAY_SECOND_BYTES[usize::from(b)])
            || !PARTS_OF_DAY.iter().any(|p| p.as_bytes() == word)
        {
            continue;
        }
        starts.extend(
            tokens[k.saturating_sub(2)..k]
                .iter()
                .map(|t| t.span.byte_start),
        );
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// True when only spaces, a comma and the preposition «в» stand between a date ending at
/// `date_end` and a time starting at `time_start`: «20 марта в 16:00», «22 июля, в 23:11».
pub fn follows_date(text: &str, date_end: usize, time_start: usize) -> bool {
    date_end <= time_start
        && text[date_end..time_start]
            .split([' ', ',', '\u{a0}'])
            .all(|w| matches!(w, "" | "в" | "во"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(text: &str) -> Vec<String> {
        find_times(
            text,
            &crate::segment::fold(text),
            &crate::segment::segment(text).tokens,
        )
        .iter()
        .map(|t| format!("{}={}", &text[t.start..t.end], t.value))
        .collect()
    }

    #[test]
    fn times_table() {
        let table: &[(&str, &[&str])] = &[
            ("Встреча начнётся в 16:00 в магазине", &["16:00=T16:00"]),
            (
                "Около 10:00 по московскому времени самолёт сел",
                &["10:00 по московскому времени=T10:00+03:00"],
            ),
            ("Пожар начался в три часа ночи", &["три часа ночи=T03:00"]),
            (
                "работает с 9.00 до 18.00, в 10 часов утра и в 2 часа дня",
                &[
                    "9.00 до 18.00=T09:00/T18:00",
                    "10 часов утра=T10:00",
                    "2 часа дня=T14:00",
                ],
            ),
            // Scores, lap times, dates and decimals are no times.
            ("со счётом 2:1, 03:54 Бернс, 12.03.2020, рост 1.50 м", &[]),
        ];
        for (text, want) in table {
            assert_eq!(times(text), *want, "{text}");
        }
    }

    #[test]
    fn a_time_after_a_date() {
        let text = "22 июля, в 23:11 по пекинскому времени";
        let time = &find_times(
            text,
            &crate::segment::fold(text),
            &crate::segment::segment(text).tokens,
        )[0];
        assert!(follows_date(text, "22 июля".len(), time.start));
        assert!(!follows_date(
            "22 июля к 23:11",
            "22 июля".len(),
            "22 июля к ".len()
        ));
    }
}
