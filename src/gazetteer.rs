//! Gazetteers: lists of known names, expanded into their case forms and matched in text.
//!
//! Each CSV file (format in `gazetteers/README.md`) lists entries by canonical name in the
//! nominative, with aliases. At start-up every name and alias is expanded into its case
//! forms by [`crate::morph`], the forms are case-folded (lower case, `ё` as `е`, keeping byte
//! lengths), and put in one finite-state transducer (`fst`) mapping each form to its slot.
//! Matching folds the document once and, at every word start, walks the transducer along
//! the folded bytes for the longest form that ends on a word boundary and has the capitals
//! its form requires in the original text. No failure links are needed, because names
//! only start where words start, so the index builds in milliseconds.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::entity::EntityType;
use crate::morph::Morph;
use crate::segment::{fold, is_letter, is_letter_or_digit};
use rustc_hash::FxHashMap;

// BUILTIN: the built-in files, listed once in build.rs.
include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The case forms of every built-in name, computed by build.rs: lines of
/// `plural<TAB>name<TAB>form…`.
const BUILTIN_FORMS: &str = include_str!(concat!(env!("OUT_DIR"), "/forms.tsv"));

/// The precomputed forms by (plural, name).
fn precomputed_forms() -> &'static HashMap<(bool, &'static str), Vec<&'static str>> {
    static FORMS: std::sync::OnceLock<HashMap<(bool, &'static str), Vec<&'static str>>> =
        std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        BUILTIN_FORMS
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let plural = fields.next()? == "1";
                let name = fields.next()?;
                Some(((plural, name), fields.collect()))
            })
            .collect()
    })
}

/// The header every gazetteer file starts with (after `#` comment lines).
pub const HEADER: [&str; 5] = ["type", "name", "kind", "country", "aliases"];

/// A problem in a gazetteer file.
#[derive(Debug, Error)]
pub enum GazetteerError {
    /// A folder or file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{file}:{line}: {reason}")]
    Line {
        /// The file's name or path.
        file: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// The index of forms could not be built.
    #[error("cannot build the gazetteer index: {0}")]
    Build(#[from] fst::Error),
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entity type it names.
    pub entity_type: EntityType,
    /// Canonical name in the nominative.
    pub name: String,
    /// Kind (for LOC: country, region, city), if given.
    pub kind: Option<String>,
    /// ISO country code, if given.
    pub country: Option<String>,
    /// Other names, in the nominative.
    pub aliases: Vec<String>,
    /// The file it comes from.
    pub source: String,
}

/// A form to match: which entry it names and how it must be capitalised.
#[derive(Debug, Clone)]
struct Form {
    /// The entries it may name, best first.
    entries: Vec<u32>,
    /// Byte offsets (relative to the form) of letters that must be upper case in the text.
    upper: Vec<u32>,
}

/// A gazetteer hit in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazetteerMatch {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// Index of the entry (see [`Gazetteer::entry`]).
    pub entry: u32,
}

/// The compiled gazetteers.
pub struct Gazetteer {
    entries: Vec<Entry>,
    forms: Vec<Form>,
    index: fst::Map<Vec<u8>>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("forms", &self.forms.len())
            .finish()
    }
}

impl Gazetteer {
    /// The built-in gazetteers plus the CSV files of `extra_dirs`.
    pub fn load(extra_dirs: &[PathBuf]) -> Result<Self, GazetteerError> {
        let mut entries = Vec::new();
        for (name, content) in BUILTIN {
            parse_csv(name, content, &mut entries)?;
        }
        for dir in extra_dirs {
            for path in csv_files(dir)? {
                let content = fs::read_to_string(&path).map_err(|source| GazetteerError::Read {
                    path: path.clone(),
                    source,
                })?;
                parse_csv(&path.display().to_string(), &content, &mut entries)?;
            }
        }
        Self::from_entries(entries)
    }

    /// Compiles a list of entries; earlier entries win where two share a form.
    pub fn from_entries(entries: Vec<Entry>) -> Result<Self, GazetteerError> {
        // The dictionary is only needed for names build.rs did not inflect (user lists).
        let precomputed = precomputed_forms();
        let mut by_folded: FxHashMap<String, usize> = FxHashMap::default();
        let mut forms: Vec<Form> = Vec::new();
        let mut keys: Vec<(String, u64)> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let plural = entry.kind.as_deref() == Some("region");
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                let computed;
                let variants: Vec<&str> = if is_abbreviation(name) {
                    computed = abbreviation_forms(name, entry.entity_type);
                    computed.iter().map(String::as_str).collect()
                } else if let Some(forms) = precomputed.get(&(plural, name.as_str())) {
                    forms.clone()
                } else {
                    computed = Morph::shared().case_forms(name, plural);
                    computed.iter().map(String::as_str).collect()
                };
                for variant in variants {
                    let folded = fold(variant);
                    let slot = match by_folded.get(&folded) {
                        Some(&slot) => slot,
                        None => {
                            let slot = forms.len();
                            forms.push(Form {
                                entries: Vec::new(),
                                upper: upper_positions(variant),
                            });
                            keys.push((folded.clone(), slot as u64));
                            by_folded.insert(folded, slot);
                            slot
                        }
                    };
                    let form = &mut forms[slot];
                    if !form.entries.contains(&(index as u32)) {
                        form.entries.push(index as u32);
                    }
                }
            }
        }
        keys.sort_unstable();
        let index = fst::Map::from_iter(keys)?;
        Ok(Gazetteer {
            entries,
            forms,
            index,
        })
    }

    /// The entry at `index`.
    pub fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of distinct forms in the index.
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// The entry named by a case-folded form, if the index has it.
    pub fn entry_for_form(&self, folded: &str) -> Option<u32> {
        let slot = self.index.get(folded)? as usize;
        self.forms.get(slot).map(|f| f.entries[0])
    }

    /// Every form in the index, case-folded (for baselines and diagnostics).
    pub fn folded_forms(&self) -> Vec<String> {
        use fst::Streamer;
        let mut out = Vec::with_capacity(self.forms.len());
        let mut stream = self.index.stream();
        while let Some((key, _)) = stream.next() {
            out.push(String::from_utf8_lossy(key).into_owned());
        }
        out
    }

    /// The longest form that starts at byte `start` of `folded` and ends on a word
    /// boundary with the capitals its form requires: (end, form slot).
    fn longest_at(&self, text: &str, folded: &[u8], start: usize) -> Option<(usize, usize)> {
        let fst = self.index.as_fst();
        let mut node = fst.root();
        let mut output = fst::raw::Output::zero();
        let mut found: [(usize, usize); 8] = [(0, 0); 8];
        let mut count = 0;
        for (offset, &byte) in folded[start..].iter().enumerate() {
            let Some(i) = node.find_input(byte) else {
                break;
            };
            let transition = node.transition(i);
            output = output.cat(transition.out);
            node = fst.node(transition.addr);
            if node.is_final() {
                let end = start + offset + 1;
                if text.is_char_boundary(end) && is_boundary_after(text, end) {
                    let slot = output.cat(node.final_output()).value() as usize;
                    found[count % found.len()] = (end, slot);
                    count += 1;
                }
            }
        }
        // Longest first; a form whose capitals do not match gives way to a shorter one.
        let kept = count.min(found.len());
        (0..kept)
            .map(|k| found[(count - 1 - k) % found.len()])
            .find(|&(_, slot)| {
                self.forms[slot]
                    .upper
                    .iter()
                    .all(|&offset| starts_upper(text, start + offset as usize))
            })
    }

    /// Finds the entries named in `text`, whose case-folded copy (see [`fold`]) is `folded`:
    /// at every word start, the longest form found there; matches do not overlap.
    pub fn find(&self, text: &str, folded: &str) -> Vec<GazetteerMatch> {
        let bytes = text.as_bytes();
        let folded_bytes = folded.as_bytes();
        let mut raw: Vec<(GazetteerMatch, bool, bool)> = Vec::new();
        let mut previous_is_word = false;
        let mut resume = 0;
        for (start, c) in text.char_indices() {
            let is_word = is_letter_or_digit(c);
            let word_start = is_word && !previous_is_word;
            previous_is_word = is_word;
            if !word_start || start < resume {
                continue;
            }
            let Some((end, slot)) = self.longest_at(text, folded_bytes, start) else {
                continue;
            };
            resume = end;
            // «в зоне .РФ»: a domain name, not the country (but «г.Сочи» is the city).
            if start > 0
                && bytes[start - 1] == b'.'
                && (start == 1 || bytes[start - 2].is_ascii_whitespace())
            {
                continue;
            }
            let hyphen_before = start > 0 && bytes[start - 1] == b'-';
            let hyphen_after = bytes.get(end) == Some(&b'-');
            raw.push((
                GazetteerMatch {
                    start,
                    end,
                    entry: self.forms[slot].entries[0],
                },
                hyphen_before,
                hyphen_after,
            ));
        }
        // A hyphen next to a hit is allowed only between two hits («Россия-Казахстан»).
        let mut out = Vec::with_capacity(raw.len());
        for i in 0..raw.len() {
            let (m, before, after) = raw[i];
            // Only countries and cities join that way; «Урал-Евразия» is a club.
            let joinable = |m: &GazetteerMatch| {
                matches!(
                    self.entries[m.entry as usize].kind.as_deref(),
                    Some("country" | "city")
                )
            };
            let joined_before =
                i > 0 && raw[i - 1].0.end + 1 == m.start && joinable(&m) && joinable(&raw[i - 1].0);
            let joined_after = i + 1 < raw.len()
                && m.end + 1 == raw[i + 1].0.start
                && joinable(&m)
                && joinable(&raw[i + 1].0);
            let before_ok = !before || joined_before || !letter_before(text, m.start - 1);
            let after_ok = !after || joined_after || !letter_after(text, m.end + 1);
            if before_ok && after_ok {
                out.push(m);
            }
        }
        out
    }
}

/// Lists the `*.csv` files of a folder in name order.
fn csv_files(dir: &Path) -> Result<Vec<PathBuf>, GazetteerError> {
    let read = fs::read_dir(dir).map_err(|source| GazetteerError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for item in read {
        let item = item.map_err(|source| GazetteerError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = item.path();
        if path.extension().is_some_and(|e| e == "csv") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Parses one gazetteer file, appending its entries.
pub fn parse_csv(file: &str, content: &str, out: &mut Vec<Entry>) -> Result<(), GazetteerError> {
    let line_error = |line: u64, reason: String| GazetteerError::Line {
        file: file.to_string(),
        line,
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(content.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| line_error(1, e.to_string()))?
        .clone();
    let header_line = reader.position().line();
    let got: Vec<&str> = header.iter().collect();
    if got != HEADER {
        return Err(line_error(
            header_line.max(1),
            format!(
                "the header must be `{}`, found `{}`",
                HEADER.join(","),
                got.join(",")
            ),
        ));
    }
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            line_error(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != HEADER.len() {
            return Err(line_error(
                line,
                format!("expected {} fields, found {}", HEADER.len(), record.len()),
            ));
        }
        let entity_type: EntityType = record[0]
            .parse()
            .map_err(|e: crate::entity::UnknownEntityType| line_error(line, e.to_string()))?;
        if entity_type == EntityType::Date {
            return Err(line_error(line, "DATE entries cannot be listed".into()));
        }
        let name = record[1].to_string();
        if name.is_empty() {
            return Err(line_error(line, "empty name".into()));
        }
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let aliases = record[4]
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        out.push(Entry {
            entity_type,
            name,
            kind: optional(&record[2]),
            country: optional(&record[3]),
            aliases,
            source: file.to_string(),
        });
    }
    Ok(())
}

/// An organization's abbreviation that ends in a consonant declines with lower-case
/// endings (МИД: «МИДа», «МИДу», «МИДом», «МИДе»); place abbreviations do not.
fn abbreviation_forms(name: &str, entity_type: EntityType) -> Vec<String> {
    let mut forms = vec![name.to_string()];
    let last = name.chars().last().unwrap_or('А');
    let consonant = ('Б'..='Я').contains(&last) && !"АЕЁИОУЫЭЮЯЙЬЪ".contains(last);
    if entity_type == EntityType::Org && consonant {
        forms.extend(["а", "у", "ом", "е"].iter().map(|e| format!("{name}{e}")));
    }
    forms
}

/// An abbreviation (РФ, США, ХМАО) is matched only as written, in capitals.
fn is_abbreviation(name: &str) -> bool {
    name.chars().count() >= 2
        && name.chars().all(|c| c.is_uppercase() || c == '-')
        && !name.contains(' ')
}

/// Byte offsets of the letters that must be capitalised: the first letter of each word
/// written with a capital, and every letter of a word written in capitals.
fn upper_positions(form: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut offset = 0;
    for word in form.split(' ') {
        let letters = word.chars().filter(|&c| is_letter(c)).count();
        let capitals = word.chars().filter(|c| c.is_uppercase()).count();
        if letters >= 2 && capitals == letters {
            // An abbreviation: every letter as written.
            out.extend(word.char_indices().map(|(i, _)| (offset + i) as u32));
        } else if offset == 0 && word.starts_with(char::is_uppercase) {
            // The first letter of the name; later words are often written in lower case
            // («Российской федерации»).
            out.push(0);
        }
        offset += word.len() + 1;
    }
    out
}

fn starts_upper(text: &str, byte: usize) -> bool {
    text.get(byte..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
}

fn is_boundary_after(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_none_or(|c| !is_letter_or_digit(c))
}

fn letter_before(text: &str, byte: usize) -> bool {
    text[..byte]
        .chars()
        .next_back()
        .is_some_and(is_letter_or_digit)
}

fn letter_after(text: &str, byte: usize) -> bool {
    text.get(byte..)
        .and_then(|s| s.chars().next())
        .is_some_and(is_letter_or_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut out = Vec::new();
        let bad_type = "type,name,kind,country,aliases\nLOC,Курган,city,RU,\nXYZ,Омск,city,RU,\n";
        let err = parse_csv("my.csv", bad_type, &mut out).expect_err("bad type");
        assert!(
            err.to_string().starts_with("my.csv:3: unknown entity type"),
            "{err}"
        );
        let bad_header = "# comment\nname,type\n";
        let err = parse_csv("h.csv", bad_header, &mut out).expect_err("bad header");
        assert!(err.to_string().contains("the header must be"), "{err}");
        let short = "type,name,kind,country,aliases\nLOC,Курган\n";
        let err = parse_csv("s.csv", short, &mut out).expect_err("short line");
        assert!(
            err.to_string().starts_with("s.csv:2: expected 5 fields"),
            "{err}"
        );
    }
}
