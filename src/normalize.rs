//! Normalization: the canonical name of what a mention refers to.
//!
//! Gazetteer mentions take their entry's nominative name; dates take their ISO 8601 value
//! (a date that cannot be anchored to the calendar keeps its text). Names found by the
//! recognizers of later stages are put in the nominative by [`crate::morph`].

use crate::entity::{Mention, Origin};
use crate::gazetteer::Gazetteer;
use crate::recognize::date::Ymd;

/// The canonical name of a mention's referent.
pub fn canonical_name(mention: &Mention, text: &str, gazetteer: &Gazetteer) -> String {
    match &mention.origin {
        Origin::Gazetteer(entry) => gazetteer.entry(*entry).name.clone(),
        Origin::Date(Some(value)) => value.clone(),
        Origin::Date(None) => text[mention.span.byte_start..mention.span.byte_end].to_string(),
        Origin::Person(name) => name.canonical(),
        Origin::Organization(name) => spaced_initials(name),
        Origin::Place(name, _) => name.clone(),
    }
}

/// Initials written together are spaced as in persons' names, so that one organization
/// has one name however the text spaces them: «имени М.Х.Дулати» → «имени М. Х. Дулати».
pub fn spaced_initials(name: &str) -> String {
    if !name.contains('.') {
        return name.to_string();
    }
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (k, &c) in chars.iter().enumerate() {
        out.push(c);
        // A dot after a lone capital letter, right before another capital.
        let initial = c == '.'
            && k >= 1
            && crate::segment::is_upper(chars[k - 1])
            && (k == 1 || !crate::segment::is_letter(chars[k - 2]));
        if initial
            && chars
                .get(k + 1)
                .is_some_and(|n| crate::segment::is_upper(*n))
        {
            out.push(' ');
        }
    }
    out
}

/// A full or partial date as ISO 8601: `2021-10-25`, `2021-10`, `2021`.
pub fn iso_date(date: Ymd) -> Option<String> {
    match (date.year, date.month, date.day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
        (Some(y), None, None) => Some(format!("{y:04}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::spaced_initials;

    #[test]
    fn initials_are_spaced() {
        assert_eq!(
            spaced_initials("Таразский региональный университет имени М.Х.Дулати"),
            "Таразский региональный университет имени М. Х. Дулати"
        );
        assert_eq!(spaced_initials("имени М. Х. Дулати"), "имени М. Х. Дулати");
        assert_eq!(spaced_initials("ООО «США.Ру»"), "ООО «США.Ру»");
    }
}
