//! Gazetteers: lists of known names, expanded into their case forms and matched in text.
//!
//! Each CSV file (format in `gazetteers/README.md`) lists entries by canonical name in the
//! nominative, with aliases. Every name and alias is expanded into its case forms by
//! [`crate::morph`], the forms are case-folded (lower case, `ё` as `е`, keeping byte
//! lengths), and put in one finite-state transducer (`fst`) mapping each form to its slot
//! (see [`compile`], shared with build.rs). The built-in gazetteers are compiled at build
//! time and loaded as they are; user gazetteers are added to them at start-up.
//!
//! Matching folds the document once and, at every word start whose first word can start
//! a form (a bit in a filter built with the index), walks the transducer along the folded
//! bytes for the longest form that ends on a word boundary and has the capitals its form
//! requires in the original text. No failure links are needed, because names only start
//! where words start.

pub mod compile;

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::cache::{WordCache, cached};
use crate::entity::EntityType;
use crate::morph::Morph;
use crate::segment::{Token, TokenKind, is_letter, is_letter_or_digit, is_upper};
use compile::{Compiled, Compiler, FormTable, WordFilter};

pub use compile::HEADER;

// BUILTIN: the built-in files, listed once in build.rs.
include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The built-in gazetteers compiled by build.rs with [`compile`]: the `fst` index, the
/// [`FormTable`] and the [`WordFilter`], in their byte forms.
const BUILTIN_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.fst"));
const BUILTIN_FORMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/forms.bin"));
const BUILTIN_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.bin"));

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
    /// The tables compiled by build.rs do not fit the built-in files (a broken build).
    #[error("the built-in gazetteer tables are inconsistent ({0}); rebuild svyaz")]
    Builtin(&'static str),
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

impl Entry {
    /// Whether its names inflect as plurals: entries of kind `region`.
    fn plural(&self) -> bool {
        self.kind.as_deref() == Some("region")
    }

    /// Its name and aliases.
    fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
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
    forms: FormTable,
    /// Borrowed from the binary for the built-in gazetteers alone.
    index: fst::Map<Cow<'static, [u8]>>,
    words: WordFilter,
    /// Identifies this gazetteer in the per-thread caches (see [`crate::cache`]).
    id: usize,
}

/// Ids of gazetteers, for the per-thread caches.
static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

/// A new gazetteer id.
fn next_id() -> usize {
    NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    /// Answers of [`Gazetteer::entry_for_form`]: names of organizations and places repeat
    /// across a corpus, and a look-up in the index walks every byte of the form.
    static FORM_CACHE: std::cell::RefCell<WordCache<usize, Option<u32>>> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
    /// Answers of [`Gazetteer::after_word`].
    static WALK_CACHE: std::cell::RefCell<WordCache<usize, Option<(usize, u64)>>> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
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
    /// The built-in gazetteers plus the CSV files of `extra_dirs`, whose entries come
    /// after the built-in ones.
    pub fn load(extra_dirs: &[PathBuf]) -> Result<Self, GazetteerError> {
        let mut entries = Vec::new();
        for (name, content) in BUILTIN {
            parse_csv(name, content, &mut entries)?;
        }
        let builtin = Self::builtin(entries)?;
        let mut extra = Vec::new();
        for dir in extra_dirs {
            for path in csv_files(dir)? {
                let content = fs::read_to_string(&path).map_err(|source| GazetteerError::Read {
                    path: path.clone(),
                    source,
                })?;
                parse_csv(&path.display().to_string(), &content, &mut extra)?;
            }
        }
        if extra.is_empty() {
            return Ok(builtin);
        }
        // Continue the built-in compile with the user entries.
        let mut compiler = Compiler::resume(&builtin.forms, builtin.keys());
        add_entries(&mut compiler, &extra);
        let mut entries = builtin.entries;
        entries.extend(extra);
        Self::from_compiled(entries, compiler.finish()?)
    }

    /// The built-in gazetteers as build.rs compiled them, given their entries.
    fn builtin(entries: Vec<Entry>) -> Result<Self, GazetteerError> {
        let forms =
            FormTable::from_bytes(BUILTIN_FORMS).ok_or(GazetteerError::Builtin("form table"))?;
        let words =
            WordFilter::from_bytes(BUILTIN_WORDS).ok_or(GazetteerError::Builtin("word filter"))?;
        let index = fst::Map::new(Cow::Borrowed(BUILTIN_INDEX))?;
        if forms.entry_count() != entries.len() {
            return Err(GazetteerError::Builtin("entry count"));
        }
        if forms.len() != index.len() {
            return Err(GazetteerError::Builtin("form count"));
        }
        Ok(Gazetteer {
            entries,
            forms,
            index,
            words,
            id: next_id(),
        })
    }

    /// Compiles a list of entries; earlier entries win where two share a form.
    pub fn from_entries(entries: Vec<Entry>) -> Result<Self, GazetteerError> {
        let mut compiler = Compiler::new();
        add_entries(&mut compiler, &entries);
        Self::from_compiled(entries, compiler.finish()?)
    }

    /// A gazetteer from its entries and their compiled index and table.
    fn from_compiled(entries: Vec<Entry>, compiled: Compiled) -> Result<Self, GazetteerError> {
        Ok(Gazetteer {
            entries,
            forms: compiled.forms,
            index: fst::Map::new(Cow::Owned(compiled.index))?,
            words: compiled.words,
            id: next_id(),
        })
    }

    /// The (folded form, slot) pairs of the index, in byte order.
    fn keys(&self) -> Vec<(Vec<u8>, u64)> {
        use fst::Streamer;
        let mut out = Vec::with_capacity(self.forms.len());
        let mut stream = self.index.stream();
        while let Some((key, slot)) = stream.next() {
            out.push((key.to_vec(), slot));
        }
        out
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
        cached(&FORM_CACHE, self.id, folded, || {
            self.index.get(folded).and_then(|slot| {
                let slot = slot as usize;
                (slot < self.forms.len()).then(|| self.forms.entries(slot)[0])
            })
        })
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

    /// Where the transducer stands after the folded `word` from its root: the address of
    /// the node and the output so far, or `None` when no form starts with the word. Kept
    /// per thread: words repeat, and the walk costs a node decoding per byte.
    fn after_word(&self, word: &str) -> Option<(usize, u64)> {
        cached(&WALK_CACHE, self.id, word, || {
            let fst = self.index.as_fst();
            let mut node = fst.root();
            let mut output = fst::raw::Output::zero();
            for &byte in word.as_bytes() {
                let i = node.find_input(byte)?;
                let transition = node.transition(i);
                output = output.cat(transition.out);
                node = fst.node(transition.addr);
            }
            Some((node.addr(), output.value()))
        })
    }

    /// The longest form that starts at byte `start` of `folded`, the start of the word
    /// `start..word_end` (a run of letters and digits), and ends on a word boundary with
    /// the capitals its form requires: (end, form slot).
    ///
    /// No form can end inside the word, where a letter or digit follows; so the walk
    /// through the word is [`Gazetteer::after_word`]'s, and only what comes after the
    /// word is walked here.
    fn longest_at(
        &self,
        text: &str,
        folded: &str,
        start: usize,
        word_end: usize,
    ) -> Option<(usize, usize)> {
        let fst = self.index.as_fst();
        let (addr, out) = self.after_word(folded.get(start..word_end)?)?;
        let mut node = fst.node(addr);
        let mut output = fst::raw::Output::new(out);
        let mut found: [(usize, usize); 8] = [(0, 0); 8];
        let mut count = 0;
        let mut end = word_end;
        let bytes = folded.as_bytes();
        loop {
            if node.is_final() && text.is_char_boundary(end) && is_boundary_after(text, end) {
                let slot = output.cat(node.final_output()).value() as usize;
                found[count % found.len()] = (end, slot);
                count += 1;
            }
            let Some(&byte) = bytes.get(end) else {
                break;
            };
            let Some(i) = node.find_input(byte) else {
                break;
            };
            let transition = node.transition(i);
            output = output.cat(transition.out);
            node = fst.node(transition.addr);
            end += 1;
        }
        // Longest first; a form whose capitals do not match gives way to a shorter one.
        let kept = count.min(found.len());
        (0..kept)
            .map(|k| found[(count - 1 - k) % found.len()])
            .find(|&(_, slot)| {
                self.forms
                    .upper(slot)
                    .iter()
                    .all(|&offset| starts_upper(text, start + offset as usize))
            })
    }

    /// Finds the entries named in `text`, whose case-folded copy (see [`crate::segment::fold`]) is `folded`:
    /// at every word start, the longest form found there; matches do not overlap.
    pub fn find(&self, text: &str, folded: &str) -> Vec<GazetteerMatch> {
        let mut next = 0;
        let words = std::iter::from_fn(|| {
            let (start, end) = next_word(text, next)?;
            next = end;
            Some((start, end, starts_upper(text, start)))
        });
        self.find_words(text, folded, words)
    }

    /// [`Gazetteer::find`] over the segmenter's `tokens` of `text`, which spare most of
    /// the walk through the text (see `word_spans`).
    pub fn find_segmented(
        &self,
        text: &str,
        folded: &str,
        tokens: &[Token],
    ) -> Vec<GazetteerMatch> {
        self.find_words(text, folded, word_spans(text, tokens).into_iter())
    }

    /// The matches at the given words of `text`: each a byte range of a run of letters and
    /// digits, and whether it starts with a capital or not with a letter.
    fn find_words(
        &self,
        text: &str,
        folded: &str,
        words: impl Iterator<Item = (usize, usize, bool)>,
    ) -> Vec<GazetteerMatch> {
        let bytes = text.as_bytes();
        let mut raw: Vec<(GazetteerMatch, bool, bool)> = Vec::with_capacity(32);
        let mut resume = 0;
        for (start, word_end, upper) in words {
            if start < resume {
                continue;
            }
            // Most words start no form: a look-up in the first-word filter skips them. The
            // word's folded copy has the same extent (folding keeps letters letters); the
            // filter reads its bytes, so they are taken without the character-boundary
            // checks of a string slice.
            if !folded
                .as_bytes()
                .get(start..word_end)
                .is_none_or(|word| self.words.may_start(word, upper))
            {
                continue;
            }
            let Some((end, slot)) = self.longest_at(text, folded, start, word_end) else {
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
                    entry: self.forms.entries(slot)[0],
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

/// The first word at or after byte `from` (a char boundary) of `text`: the byte range of
/// a run of letters and digits ([`is_letter_or_digit`]).
#[inline]
fn next_word(text: &str, from: usize) -> Option<(usize, usize)> {
    let len = text.len();
    let mut i = from;
    loop {
        if i >= len {
            return None;
        }
        let (is_word, width) = char_class(text, i);
        if is_word {
            break;
        }
        i += width;
    }
    let start = i;
    while i < len {
        let (is_word, width) = char_class(text, i);
        if !is_word {
            break;
        }
        i += width;
    }
    Some((start, i))
}

/// The words of `text` that [`next_word`] finds, read off the segmenter's tokens of it: a
/// word of letters only is one word as it stands; other tokens, and gaps between tokens
/// that hold more than spaces and line breaks, are walked again. A run that touches the
/// previous one («2003г», a number and a word) joins it, so a run is whole however the
/// text was cut.
fn word_spans(text: &str, tokens: &[Token]) -> Vec<(usize, usize, bool)> {
    let mut out: Vec<(usize, usize, bool)> =
        Vec::with_capacity(crate::buffer::capacity_for(tokens.len()));
    let push =
        |out: &mut Vec<(usize, usize, bool)>, start: usize, end: usize, upper: bool| match out
            .last_mut()
        {
            Some(last) if last.1 == start => last.1 = end,
            _ => out.push((start, end, upper)),
        };
    let walk = |out: &mut Vec<(usize, usize, bool)>, from: usize, to: usize| {
        let part = &text[..to];
        let mut at = from;
        while let Some((start, end)) = next_word(part, at) {
            push(out, start, end, starts_upper(text, start));
            at = end;
        }
    };
    let mut at = 0;
    for token in tokens {
        let (start, end) = (token.span.byte_start, token.span.byte_end);
        if !token.gap_before.blank() {
            walk(&mut out, at, start);
        }
        match token.kind {
            _ if token.letters_only => push(&mut out, start, end, token.shape.starts_upper()),
            // One character that is neither a letter nor a digit.
            TokenKind::Punct | TokenKind::Quote => {}
            _ => walk(&mut out, start, end),
        }
        at = end;
    }
    walk(&mut out, at, text.len());
    out
}

/// Whether the character at byte `i` of `text` is a letter or digit, and its width; quick
/// for ASCII and for Cyrillic lead bytes 0xD0 and 0xD1 (U+0400–U+047F, all letters).
#[inline]
fn char_class(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes()[i] {
        b @ 0..0x80 => (b.is_ascii_alphanumeric(), 1),
        0xD0 | 0xD1 => (true, 2),
        _ => text
            .get(i..)
            .and_then(|s| s.chars().next())
            .map_or((false, 1), |c| (is_letter_or_digit(c), c.len_utf8())),
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
    let lines = compile::read_lines(content).map_err(|e| line_error(e.line, e.reason))?;
    for line in lines {
        let line = line.map_err(|e| line_error(e.line, e.reason))?;
        let entity_type: EntityType = line
            .entity_type
            .parse()
            .map_err(|e: crate::entity::UnknownEntityType| line_error(line.line, e.to_string()))?;
        if entity_type == EntityType::Date {
            return Err(line_error(
                line.line,
                "DATE entries cannot be listed".into(),
            ));
        }
        if line.name.is_empty() {
            return Err(line_error(line.line, "empty name".into()));
        }
        out.push(Entry {
            entity_type,
            name: line.name,
            kind: line.kind,
            country: line.country,
            aliases: line.aliases,
            source: file.to_string(),
        });
    }
    Ok(())
}

/// Adds entries to a compile, inflecting their names with [`Morph`] (loaded only if a
/// name needs it).
fn add_entries(compiler: &mut Compiler, entries: &[Entry]) {
    let mut case_forms = |name: &str, plural: bool| Morph::shared().case_forms(name, plural);
    for entry in entries {
        compiler.add(
            entry.names(),
            entry.plural(),
            entry.entity_type == EntityType::Org,
            &mut case_forms,
        );
    }
}

/// True when the character at `byte` is an upper-case letter or not a letter at all.
fn starts_upper(text: &str, byte: usize) -> bool {
    text.get(byte..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| is_upper(c) || !is_letter(c))
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

    #[test]
    fn a_cached_walk_goes_on_with_what_follows_the_word() {
        // The walk through «нижний» is cached at its first use; each later «Нижний» goes
        // on from there with its own next word, and a lone «нижний» matches nothing.
        let mut entries = Vec::new();
        let csv = "type,name,kind,country,aliases\n\
                   LOC,Нижний Новгород,city,RU,\nLOC,Нижний Тагил,city,RU,\n";
        parse_csv("t.csv", csv, &mut entries).expect("parses");
        let gazetteer = Gazetteer::from_entries(entries).expect("compiles");
        let text = "Нижний Тагил, а потом Нижний Новгород и нижний этаж. Нижний Тагил";
        let folded = crate::segment::fold(text);
        for _ in 0..2 {
            let found: Vec<(&str, &str)> = gazetteer
                .find(text, &folded)
                .iter()
                .map(|m| {
                    (
                        &text[m.start..m.end],
                        gazetteer.entry(m.entry).name.as_str(),
                    )
                })
                .collect();
            assert_eq!(
                found,
                [
                    ("Нижний Тагил", "Нижний Тагил"),
                    ("Нижний Новгород", "Нижний Новгород"),
                    ("Нижний Тагил", "Нижний Тагил"),
                ]
            );
        }
    }

    #[test]
    fn form_cache_keeps_gazetteers_apart() {
        // Two gazetteers asked for the same form on one thread, in turn: each answers
        // from its own index, never from the other's cached answer.
        let parse = |csv: &str| {
            let mut entries = Vec::new();
            parse_csv("t.csv", csv, &mut entries).expect("parses");
            Gazetteer::from_entries(entries).expect("compiles")
        };
        let header = "type,name,kind,country,aliases\n";
        let first = parse(&format!("{header}LOC,Курган,city,RU,\n"));
        let second = parse(&format!("{header}LOC,Омск,city,RU,\nLOC,Курган,city,RU,\n"));
        for _ in 0..2 {
            assert_eq!(first.entry_for_form("курган"), Some(0));
            assert_eq!(second.entry_for_form("курган"), Some(1));
            assert_eq!(first.entry_for_form("омск"), None);
            assert_eq!(second.entry_for_form("омск"), Some(0));
        }
    }

    /// The built-in entries, as `Gazetteer::load` parses them.
    fn builtin_entries() -> Vec<Entry> {
        let mut entries = Vec::new();
        for (name, content) in BUILTIN {
            parse_csv(name, content, &mut entries).expect("built-in gazetteers parse");
        }
        entries
    }

    fn assert_same(a: &Gazetteer, b: &Gazetteer) {
        assert_eq!(a.entries, b.entries);
        assert_eq!(a.forms, b.forms);
        assert_eq!(a.index.as_fst().as_bytes(), b.index.as_fst().as_bytes());
        assert_eq!(a.words, b.words);
    }

    #[test]
    fn builtin_tables_are_a_runtime_compile() {
        let loaded = Gazetteer::load(&[]).expect("built-in gazetteers load");
        assert!(matches!(loaded.index.as_fst().as_inner(), Cow::Borrowed(_)));
        let compiled = Gazetteer::from_entries(builtin_entries()).expect("compiles");
        assert_same(&loaded, &compiled);
    }

    #[test]
    fn user_entries_continue_the_builtin_compile() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let user = "type,name,kind,country,aliases\n\
                    LOC,Москва,city,XX,Мск\n\
                    ORG,Дискавери,,US,Discovery|ДСК\n\
                    LOC,Каспийская низменность,region,,\n";
        let path = dir.path().join("user.csv");
        fs::write(&path, user).expect("writes the user gazetteer");
        let loaded = Gazetteer::load(&[dir.path().to_path_buf()]).expect("gazetteers load");
        let mut entries = builtin_entries();
        parse_csv(&path.display().to_string(), user, &mut entries).expect("parses");
        let compiled = Gazetteer::from_entries(entries).expect("compiles");
        assert_same(&loaded, &compiled);
        assert!(loaded.form_count() > Gazetteer::load(&[]).expect("loads").form_count());
    }

    #[test]
    fn folding_keeps_letters_and_digits_apart_from_the_rest() {
        // The first-word filter relies on it: a form's first word ends where the text's does.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let folded = crate::segment::fold(c.encode_utf8(&mut [0; 4]));
            assert_eq!(folded.len(), c.len_utf8(), "{c:?}");
            let mut chars = folded.chars();
            let f = chars.next().expect("one character");
            assert_eq!(chars.next(), None, "{c:?}");
            assert_eq!(
                is_letter_or_digit(f),
                is_letter_or_digit(c),
                "{c:?} -> {f:?}"
            );
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(
                char_class(&s, 0),
                (is_letter_or_digit(c), c.len_utf8()),
                "{c:?}"
            );
        }
        let text = "«Ростов-на-Дону», 2021 г.  Ёлки";
        let words: Vec<&str> =
            std::iter::successors(next_word(text, 0), |&(_, end)| next_word(text, end))
                .map(|(start, end)| &text[start..end])
                .collect();
        assert_eq!(words, ["Ростов", "на", "Дону", "2021", "г", "Ёлки"]);
    }

    #[test]
    fn the_word_filter_changes_no_match() {
        let mut gazetteer = Gazetteer::load(&[]).expect("built-in gazetteers load");
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<String> = fs::read_dir(&corpus)
            .expect("reads corpus/")
            .map(|item| item.expect("lists corpus/").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .map(|p| fs::read_to_string(p).expect("reads a corpus text"))
            .collect();
        texts.push(
            "В Санкт-Петербурге, Ростове-на-Дону и г.Сочи; Нью-Йорк, США, РФ (МИДа), \
             Россия-Казахстан, Урал-Евразия, Северо-Казахстанская, в зоне .РФ, МОСКВА."
                .to_string(),
        );
        texts.push(
            "2003г. Моск\u{301}ва\u{ad}Россия \u{feff}США\u{200b}Китай М.Х.Дулати".to_string(),
        );
        // The evaluation texts too, when they are beside the repository.
        let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/texts");
        for dir in ["factrueval-dev", "nerel-dev"] {
            match fs::read_dir(eval.join(dir)) {
                Ok(items) => texts.extend(
                    items
                        .filter_map(|item| fs::read_to_string(item.ok()?.path()).ok())
                        .take(60),
                ),
                Err(_) => eprintln!("skipping ../shared/eval/texts/{dir}: not present"),
            }
        }
        let find_all = |g: &Gazetteer| -> Vec<Vec<GazetteerMatch>> {
            texts
                .iter()
                .map(|t| g.find(t, &crate::segment::fold(t)))
                .collect()
        };
        let filtered = find_all(&gazetteer);
        assert!(filtered.iter().map(Vec::len).sum::<usize>() > 100);
        // Read off the segmenter's tokens, the matches are the same.
        for (t, found) in texts.iter().zip(&filtered) {
            let tokens = crate::segment::segment(t).tokens;
            let segmented = gazetteer.find_segmented(t, &crate::segment::fold(t), &tokens);
            assert_eq!(&segmented, found, "{t}");
        }
        // A form without a first word lets every word through.
        gazetteer.words = WordFilter::new([(b"".as_slice(), false)]);
        assert_eq!(filtered, find_all(&gazetteer));
    }
}
