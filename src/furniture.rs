//! Page furniture: the parts of a saved web page that are not the article.
//!
//! Two kinds are recognised, line by line:
//! * single lines that belong to the page, not the story: «Source URL: …», «Подписывайтесь
//!   на наш Telegram», share buttons, cookie notices, «Пресс-релизы // » Добавить
//!   пресс-релиз»;
//! * the tail after the article ends: from a line such as «Оставить комментарий»,
//!   «Читайте также», «Возврат к списку», or after a publication stamp («Добавлен: 22:45,
//!   04.03.2020») and the «Поле: значение» lines that follow it, everything is furniture:
//!   lists of other news, comments, footers.
//!
//! Mentions in furniture are still written, marked `"zone": "furniture"`, and are kept out
//! of the article's events.

/// Byte ranges of a document that are page furniture.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Furniture {
    ranges: Vec<(usize, usize)>,
}

impl Furniture {
    /// True when the byte offset lies in furniture.
    pub fn contains(&self, byte: usize) -> bool {
        let at = self.ranges.partition_point(|&(_, end)| end <= byte);
        self.ranges.get(at).is_some_and(|&(start, _)| start <= byte)
    }

    /// The furniture ranges, in text order.
    pub fn ranges(&self) -> &[(usize, usize)] {
        &self.ranges
    }
}

/// Lines that start like this (case-folded) are page furniture.
const FURNITURE_PREFIXES: &[&str] = &[
    "source url:",
    "url:",
    "источник: http",
    "подписывайтесь",
    "подпишитесь",
    "подписаться",
    "поделиться",
    "поделитесь",
    "share",
    "tweet",
    "все права защищены",
    "©",
    "(c) ",
    "пресс-релизы //",
    "теги:",
    "метки:",
    "рубрика:",
    "версия для печати",
    "http://",
    "https://",
];

/// Lines that are only this (case-folded) are page furniture: share buttons.
const FURNITURE_WORDS: &[&str] = &[
    "telegram",
    "вконтакте",
    "vk",
    "facebook",
    "twitter",
    "одноклассники",
    "whatsapp",
    "viber",
    "youtube",
    "дзен",
    "rss",
    "подписаться",
];

/// Lines that start like this (case-folded) end the article: what follows is furniture.
const TAIL_PREFIXES: &[&str] = &[
    "оставить комментарий",
    "читайте также",
    "смотрите также",
    "другие новости",
    "похожие новости",
    "последние новости",
    "новости по теме",
    "материалы по теме",
    "возврат к списку",
    "вернуться к списку",
    "лента новостей",
    "популярное",
    "самое читаемое",
];

/// A publication stamp: «Добавлен: 22:45, 04.03.2020».
const STAMP_PREFIXES: &[&str] = &["добавлен", "опубликовано", "дата публикации", "размещено"];

fn is_furniture_line(folded: &str) -> bool {
    FURNITURE_PREFIXES.iter().any(|p| folded.starts_with(p))
        || FURNITURE_WORDS.contains(&folded)
        // Most lines have no «k» at all, which memchr tells faster than a search for
        // the word sets up.
        || (memchr::memchr(b'k', folded.as_bytes()).is_some() && folded.contains("cookie"))
        || (folded.starts_with("комментарии")
            && folded["комментарии".len()..]
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')')))
}

/// The words a line that ends the story starts with: tail markers, stamp words and
/// «комментарии».
fn story_end_markers() -> impl Iterator<Item = &'static &'static str> {
    TAIL_PREFIXES
        .iter()
        .chain(STAMP_PREFIXES)
        .chain(&["комментарии"])
}

/// False when `folded` cannot start with a tail marker or a stamp ([`is_tail_start`],
/// [`is_stamp`]): its first two bytes start none of them.
fn may_end_story(folded: &str) -> bool {
    let first_two = |word: &str| word.as_bytes().get(..2).map(|b| [b[0], b[1]]);
    let Some(line) = first_two(folded) else {
        return false;
    };
    story_end_markers().any(|p| first_two(p) == Some(line))
}

/// True when `folded` starts with a tail marker, a stamp word or «комментарии»: what
/// [`is_tail_start`] and [`is_stamp`] look for first. Every one of them is shorter than
/// the forty characters those two are given (tested), so the whole line tells as well.
fn starts_story_end(folded: &str) -> bool {
    story_end_markers().any(|p| folded.starts_with(p))
}

fn is_tail_start(folded: &str) -> bool {
    TAIL_PREFIXES.iter().any(|p| folded.starts_with(p))
        || (folded.starts_with("комментарии")
            && folded["комментарии".len()..]
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')')))
}

fn is_stamp(folded: &str) -> bool {
    STAMP_PREFIXES.iter().any(|p| {
        folded.strip_prefix(p).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['о', 'а']);
            rest.strip_prefix(':')
                .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        })
    })
}

/// A «Поле: значение» line of a press release (a capitalised label of 2 to 30 letters).
fn is_field(line: &str) -> bool {
    let Some((label, value)) = line.split_once(':') else {
        return false;
    };
    let count = label.chars().count();
    (2..=30).contains(&count)
        && label.starts_with(crate::segment::is_upper)
        && label
            .chars()
            .all(|c| crate::segment::is_letter(c) || c == ' ')
        && !value.trim().is_empty()
}

/// Finds the furniture of a document.
pub fn find_furniture(text: &str, folded: &str) -> Furniture {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    let mut content_lines = 0;
    let mut after_stamp = false;
    for line in crate::segment::lines_inclusive(text) {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // The folded copy has the same byte offsets (see `segment::fold`).
        let trimmed_start = start + (line.len() - line.trim_start().len());
        let folded_trimmed = folded
            .get(trimmed_start..trimmed_start + trimmed.len())
            .unwrap_or_default();
        if after_stamp {
            if is_field(trimmed) && trimmed.chars().count() <= 80 {
                continue;
            }
            ranges.push((start, text.len()));
            break;
        }
        // Only the start of a line is looked at, and only when a tail marker or a stamp
        // starts it (its first two bytes tell most lines apart): the first forty
        // characters are counted then.
        if content_lines >= 3 && may_end_story(folded_trimmed) && starts_story_end(folded_trimmed) {
            let head_end = folded_trimmed
                .char_indices()
                .nth(40)
                .map_or(folded_trimmed.len(), |(at, _)| at);
            let head = &folded_trimmed[..head_end];
            // The end of the article: a tail marker after the first lines of the story.
            if is_tail_start(head) {
                ranges.push((start, text.len()));
                break;
            }
            if is_stamp(head) {
                after_stamp = true;
                continue;
            }
        }
        if trimmed.len() <= 200 && is_furniture_line(folded_trimmed) {
            ranges.push((start, start + line.trim_end().len()));
            continue;
        }
        content_lines += 1;
    }
    Furniture { ranges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::fold;

    #[test]
    fn lines_that_may_end_a_story_are_all_let_through() {
        for word in TAIL_PREFIXES.iter().chain(STAMP_PREFIXES) {
            assert!(may_end_story(word), "{word}");
            assert!(is_tail_start(word) || is_stamp(&format!("{word}: 12.05.2019")));
        }
        assert!(may_end_story("комментарии (3)") && is_tail_start("комментарии (3)"));
        // starts_story_end reads the whole line for what the two read in its first forty
        // characters: every marker is shorter, and each one passes it.
        for word in story_end_markers() {
            assert!(
                word.chars().count() < 40 && starts_story_end(word),
                "{word}"
            );
        }
        assert!(!starts_story_end("другой город") && !starts_story_end("по данным"));
        assert!(!may_end_story("жители города") && !may_end_story("я") && !may_end_story(""));
    }

    fn furniture_lines(text: &str) -> Vec<&str> {
        let f = find_furniture(text, &fold(text));
        f.ranges().iter().map(|&(s, e)| text[s..e].trim()).collect()
    }

    #[test]
    fn furniture_table() {
        let article = "Заголовок\n\nПервый абзац.\nВторой абзац.\nТретий абзац.\n";
        let table: &[(String, &[&str])] = &[
            (
                format!("{article}\nSource URL: http://example.ru/news/1"),
                &["Source URL: http://example.ru/news/1"],
            ),
            (
                format!("{article}Оставить комментарий\n\n*Другая новость\n1208\n"),
                &["Оставить комментарий\n\n*Другая новость\n1208"],
            ),
            (
                format!(
                    "{article}Компания: Клуб\nДобавлен: 22:45, 04.03.2020 Просмотров: 4\nСтрана: Россия\n\nДругой релиз\n"
                ),
                &["Другой релиз"],
            ),
            (
                format!("Пресс-релизы // » Добавить пресс-релиз\n{article}"),
                &["Пресс-релизы // » Добавить пресс-релиз"],
            ),
            (
                format!("{article}ПОДПИСЫВАЙТЕСЬ НА НАС В TELEGRAM Узнавайте первыми\n"),
                &["ПОДПИСЫВАЙТЕСЬ НА НАС В TELEGRAM Узнавайте первыми"],
            ),
            (article.to_string(), &[]),
        ];
        for (text, expected) in table {
            assert_eq!(&furniture_lines(text), expected, "{text}");
        }
    }

    #[test]
    fn contains_by_offset() {
        let text = "a\nb\nc\nd\nВозврат к списку\nтам";
        let f = find_furniture(text, &fold(text));
        assert!(!f.contains(0));
        assert!(f.contains(text.find("Возврат").expect("marker")));
        assert!(f.contains(text.len() - 1));
    }
}
