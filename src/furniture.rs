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

use std::sync::LazyLock;

use regex::Regex;

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

static FURNITURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*(?:
            source\s+url: | url: | источник:\s*https?:
          | подписывайтесь | подпишитесь | подписаться\b
          | поделиться | поделитесь | share\b | tweet\b
          | telegram\s*$ | вконтакте\s*$ | vk\s*$ | facebook\s*$ | twitter\s*$ | одноклассники\s*$
          | whatsapp\s*$ | viber\s*$ | youtube\s*$ | дзен\s*$ | rss\s*$
          | .*\bcookie | .*файлы\s+cookie
          | все\s+права\s+защищены | © | \(c\)\s
          | пресс-релизы\s*//
          | теги: | метки: | рубрика: | версия\s+для\s+печати
          | https?://\S+\s*$
        )",
    )
    .expect("furniture regex compiles")
});

static TAIL_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*(?:
            оставить\s+комментарий | комментарии\s*(?:\(\d+\))?\s*$ | читайте\s+также
          | смотрите\s+также | другие\s+новости | похожие\s+новости | последние\s+новости
          | новости\s+по\s+теме | материалы\s+по\s+теме | возврат\s+к\s+списку
          | вернуться\s+к\s+списку | лента\s+новостей\s*$ | популярное\s*$ | самое\s+читаемое
        )",
    )
    .expect("tail regex compiles")
});

static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:добавлен[оа]?|опубликовано|дата\s+публикации|размещено):\s*\d")
        .expect("stamp regex compiles")
});

static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[А-ЯЁA-Z][\p{L} ]{1,30}:\s*\S").expect("field regex compiles")
});

/// Finds the furniture of a document.
pub fn find_furniture(text: &str) -> Furniture {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    let mut content_lines = 0;
    let mut after_stamp = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if after_stamp {
            if FIELD.is_match(trimmed) && trimmed.chars().count() <= 80 {
                continue;
            }
            ranges.push((start, text.len()));
            break;
        }
        // The end of the article: a tail marker after the first lines of the story.
        if content_lines >= 3 && TAIL_START.is_match(trimmed) {
            ranges.push((start, text.len()));
            break;
        }
        if content_lines >= 3 && STAMP.is_match(trimmed) {
            after_stamp = true;
            continue;
        }
        if FURNITURE_LINE.is_match(trimmed) && trimmed.chars().count() <= 200 {
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

    fn furniture_lines(text: &str) -> Vec<&str> {
        let f = find_furniture(text);
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
        let f = find_furniture(text);
        assert!(!f.contains(0));
        assert!(f.contains(text.find("Возврат").expect("marker")));
        assert!(f.contains(text.len() - 1));
    }
}
