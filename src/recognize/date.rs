//! Dates (placeholder).

/// A calendar date, possibly partial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A date expression.
pub struct DateMatch {
    pub start: usize,
    pub end: usize,
}

pub fn find_dates(_text: &str) -> Vec<DateMatch> {
    Vec::new()
}
pub fn find_published(_text: &str) -> Option<Ymd> {
    None
}
pub fn to_iso(_m: &DateMatch, _published: Option<Ymd>) -> Option<String> {
    None
}
