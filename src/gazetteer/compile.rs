//! Compiling gazetteers: from the lines of the CSV files to the index of folded forms.
//!
//! This module is shared by the program and by `build.rs`, which includes it with
//! `#[path]` to compile the built-in gazetteers once, at build time. It therefore uses
//! nothing of the crate but [`crate::segment`] (which build.rs includes too), and takes the
//! inflection of names as a function, so that the program can use [`crate::morph`] lazily.
//!
//! A compiled gazetteer is three pieces, each with a byte form that build.rs writes and
//! the program reads back without recompiling:
//! * the `fst` map from each case-folded form to its slot;
//! * the [`FormTable`]: for each slot, the entries the form names and its capitals;
//! * the [`WordFilter`]: which first words forms can start with, to skip most word starts
//!   without walking the transducer.

use rustc_hash::FxHashMap;

use crate::segment::{fold, is_letter, is_letter_or_digit};

/// The header every gazetteer file starts with (after `#` comment lines).
pub const HEADER: [&str; 5] = ["type", "name", "kind", "country", "aliases"];

/// One line of a gazetteer file, checked for shape but not for meaning.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number.
    pub line: u64,
    /// The entity type as written (`LOC`, `ORG`, …).
    pub entity_type: String,
    /// Canonical name, possibly empty.
    pub name: String,
    /// Kind, if given.
    pub kind: Option<String>,
    /// Country code, if given.
    pub country: Option<String>,
    /// The non-empty aliases.
    pub aliases: Vec<String>,
}

/// A line that is not five comma-separated fields, or a header that is not [`HEADER`].
#[derive(Debug, Clone)]
pub struct LineError {
    /// 1-based line number (0 when unknown).
    pub line: u64,
    /// What is wrong.
    pub reason: String,
}

/// Reads a gazetteer file: checks the header, then yields its lines in order.
pub fn read_lines(
    content: &str,
) -> Result<impl Iterator<Item = Result<Line, LineError>> + '_, LineError> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(content.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| LineError {
            line: 1,
            reason: e.to_string(),
        })?
        .clone();
    let got: Vec<&str> = header.iter().collect();
    if got != HEADER {
        return Err(LineError {
            line: reader.position().line().max(1),
            reason: format!(
                "the header must be `{}`, found `{}`",
                HEADER.join(","),
                got.join(",")
            ),
        });
    }
    Ok(reader.into_records().map(|record| {
        let record = record.map_err(|e| LineError {
            line: e.position().map_or(0, |p| p.line()),
            reason: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != HEADER.len() {
            return Err(LineError {
                line,
                reason: format!("expected {} fields, found {}", HEADER.len(), record.len()),
            });
        }
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(Line {
            line,
            entity_type: record[0].to_string(),
            name: record[1].to_string(),
            kind: optional(&record[2]),
            country: optional(&record[3]),
            aliases: record[4]
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }))
}

/// For each form slot: the entries the form names (best first) and the byte offsets of
/// the letters that must be upper case in the text. Stored flat, one array each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormTable {
    /// How many entries were compiled (a check that the entries match the table).
    entry_count: u32,
    /// Where each slot's entries start in `entries`; one more item than slots.
    entry_starts: Vec<u32>,
    entries: Vec<u32>,
    /// Where each slot's capitals start in `upper`; one more item than slots.
    upper_starts: Vec<u32>,
    upper: Vec<u32>,
}

impl FormTable {
    /// Number of slots.
    pub fn len(&self) -> usize {
        self.entry_starts.len().saturating_sub(1)
    }

    /// True when there are no slots.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of entries the table was compiled from.
    pub fn entry_count(&self) -> usize {
        self.entry_count as usize
    }

    /// The entries named by the form in `slot`, best first (never empty).
    pub fn entries(&self, slot: usize) -> &[u32] {
        &self.entries[self.entry_starts[slot] as usize..self.entry_starts[slot + 1] as usize]
    }

    /// Byte offsets, relative to the form, of the letters that must be capitals.
    pub fn upper(&self, slot: usize) -> &[u32] {
        &self.upper[self.upper_starts[slot] as usize..self.upper_starts[slot + 1] as usize]
    }

    /// The table as bytes: five little-endian `u32` counts (entries, slots, entry items,
    /// capital items, 0), then the four arrays.
    pub fn to_bytes(&self) -> Vec<u8> {
        let counts = [
            self.entry_count,
            self.len() as u32,
            self.entries.len() as u32,
            self.upper.len() as u32,
            0,
        ];
        let arrays = [
            &counts[..],
            &self.entry_starts,
            &self.entries,
            &self.upper_starts,
            &self.upper,
        ];
        arrays
            .iter()
            .flat_map(|a| a.iter())
            .flat_map(|n| n.to_le_bytes())
            .collect()
    }

    /// Reads back [`FormTable::to_bytes`]; `None` if the bytes are not such a table.
    pub fn from_bytes(bytes: &[u8]) -> Option<FormTable> {
        let mut numbers = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        if !bytes.len().is_multiple_of(4) {
            return None;
        }
        let mut take = |n: usize| -> Option<Vec<u32>> {
            let v: Vec<u32> = numbers.by_ref().take(n).collect();
            (v.len() == n).then_some(v)
        };
        let counts = take(5)?;
        let (slots, entry_items, upper_items) =
            (counts[1] as usize, counts[2] as usize, counts[3] as usize);
        let table = FormTable {
            entry_count: counts[0],
            entry_starts: take(slots + 1)?,
            entries: take(entry_items)?,
            upper_starts: take(slots + 1)?,
            upper: take(upper_items)?,
        };
        let valid = |starts: &[u32], items: usize| {
            starts.first() == Some(&0)
                && starts.last() == Some(&(items as u32))
                && starts.windows(2).all(|w| w[0] <= w[1])
        };
        (numbers.next().is_none()
            && valid(&table.entry_starts, entry_items)
            && valid(&table.upper_starts, upper_items)
            && table.entry_starts.windows(2).all(|w| w[0] < w[1])
            && table.entries.iter().all(|&e| e < table.entry_count))
        .then_some(table)
    }
}

/// Number of bits of the [`WordFilter`] (32 KiB, so that it stays in the first-level
/// cache). About 13,500 first words, two bits each, set about 10% of them; with both
/// bits of a word in one 512-bit block, about one word in 70 that starts no form passes.
const WORD_BITS: u32 = 18;

/// Bits of a block of the [`WordFilter`]: a cache line.
const BLOCK_BITS: u32 = 9;

/// A one-sided test on the first word of a form: two bits per hash of the folded first
/// words (the bytes up to the first character that is not a letter or digit) of all
/// forms, and of whether the form needs a capital first letter.
///
/// A form can only match where the text's folded first word is the form's: the form is a
/// prefix of the folded text that ends before a character that is not a letter or digit,
/// and folding keeps characters letters or not (a test checks every character). A form
/// that needs a capital first letter (a name: «Мир», «Союз») cannot match a word written
/// in lower case («мир», «союз»). So a word whose bits are clear starts no form; set bits
/// only mean "walk the transducer".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFilter {
    blocks: Vec<Block>,
}

/// 512 bits of a [`WordFilter`], aligned to a cache line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
struct Block([u64; 8]);

impl Block {
    /// The `u64` and the bit in it of filter bit `bit`.
    #[inline]
    fn place(bit: usize) -> (usize, usize, u64) {
        (bit >> BLOCK_BITS, (bit >> 6) & 7, 1 << (bit & 63))
    }
}

impl WordFilter {
    /// The filter of the given folded forms, each with whether it needs a capital first
    /// letter. If a form does not start with a letter or digit, every bit is set and the
    /// filter lets everything through.
    pub fn new<'a>(forms: impl IntoIterator<Item = (&'a [u8], bool)>) -> WordFilter {
        let mut blocks = vec![Block([0; 8]); 1 << (WORD_BITS - BLOCK_BITS)];
        for (form, capital) in forms {
            let word = std::str::from_utf8(form).map(first_word).unwrap_or("");
            if word.is_empty() {
                blocks.fill(Block([u64::MAX; 8]));
                break;
            }
            for bit in word_bits(word.as_bytes(), capital) {
                let (block, word, mask) = Block::place(bit);
                blocks[block].0[word] |= mask;
            }
        }
        WordFilter { blocks }
    }

    /// False when no form has `word` (case-folded, letters and digits) as its first word,
    /// or, when the word is written in lower case (`capital` false), none that needs no
    /// capital.
    #[inline(always)]
    pub fn may_start(&self, word: &[u8], capital: bool) -> bool {
        let hash = word_hash(word);
        self.has(probes(hash, false)) || (capital && self.has(probes(hash, true)))
    }

    #[inline]
    fn has(&self, bits: [usize; 2]) -> bool {
        bits.iter().all(|&bit| {
            let (block, word, mask) = Block::place(bit);
            self.blocks[block].0[word] & mask != 0
        })
    }

    /// The filter as bytes: its bits as little-endian `u64`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.blocks
            .iter()
            .flat_map(|b| b.0)
            .flat_map(u64::to_le_bytes)
            .collect()
    }

    /// Reads back [`WordFilter::to_bytes`]; `None` if the size is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Option<WordFilter> {
        const BLOCK_BYTES: usize = 1 << (BLOCK_BITS - 3);
        if bytes.len() != 1 << (WORD_BITS - 3) {
            return None;
        }
        let blocks = bytes
            .chunks_exact(BLOCK_BYTES)
            .map(|chunk| {
                let mut block = Block([0; 8]);
                for (word, eight) in block.0.iter_mut().zip(chunk.chunks_exact(8)) {
                    *word = u64::from_le_bytes([
                        eight[0], eight[1], eight[2], eight[3], eight[4], eight[5], eight[6],
                        eight[7],
                    ]);
                }
                block
            })
            .collect();
        Some(WordFilter { blocks })
    }
}

/// The leading letters and digits of `text`.
#[inline]
fn first_word(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(_, c)| !is_letter_or_digit(c))
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// The filter bits of a word and whether its form needs a capital first letter.
fn word_bits(word: &[u8], capital: bool) -> [usize; 2] {
    probes(word_hash(word), capital)
}

/// Two filter bits from a word's hash, a different pair for forms that need a capital.
/// Both lie in one block, so a look-up reads one cache line.
#[inline]
fn probes(hash: u64, capital: bool) -> [usize; 2] {
    let hash = match capital {
        true => (hash ^ 0x5851_F42D_4C95_7F2D).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        false => hash,
    };
    let block = ((hash >> (64 - (WORD_BITS - BLOCK_BITS))) as usize) << BLOCK_BITS;
    let mask = (1 << BLOCK_BITS) - 1;
    [
        block | (hash as usize & mask),
        block | ((hash >> BLOCK_BITS) as usize & mask),
    ]
}

/// A word's hash: multiplicative over 8-byte chunks, the same on every platform (build.rs
/// may run on another machine than the program).
#[inline]
fn word_hash(word: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |hash: u64, chunk: u64| (hash.rotate_left(23) ^ chunk).wrapping_mul(K);
    let mut hash = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        hash = mix(hash, le_u64(chunk));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last 8 bytes, overlapping the last chunk, or the bytes of a shorter word
        // (byte by byte: a copy into a buffer stalls the load that follows it).
        let tail = match word.len().checked_sub(8) {
            Some(last) => le_u64(&word[last..]),
            None => rest.iter().rev().fold(0, |acc, &b| acc << 8 | u64::from(b)),
        };
        hash = mix(hash, tail);
    }
    // A last round spreads the high bits into the low ones, which the second probe uses.
    (hash ^ (hash >> 29)).wrapping_mul(K)
}

/// The first 8 bytes of `bytes` (at least 8) as a little-endian number.
#[inline]
fn le_u64(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(buf)
}

/// A compiled gazetteer in its byte forms (see the module documentation).
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The `fst` map from folded forms to slots.
    pub index: Vec<u8>,
    /// The entries and capitals of each slot.
    pub forms: FormTable,
    /// The first-word filter.
    pub words: WordFilter,
}

/// One form slot while compiling.
#[derive(Debug, Clone, Default)]
struct Slot {
    entries: Vec<u32>,
    upper: Vec<u32>,
}

/// Compiles entries one by one, in priority order: earlier entries win a shared form.
#[derive(Debug, Default)]
pub struct Compiler {
    entry_count: u32,
    by_folded: FxHashMap<Vec<u8>, u32>,
    slots: Vec<Slot>,
}

impl Compiler {
    /// An empty compiler.
    pub fn new() -> Self {
        Self::default()
    }

    /// A compiler that continues a compiled gazetteer, given its table and the (folded
    /// form, slot) pairs of its index: adding entries gives what compiling every entry
    /// from the start would give.
    pub fn resume(forms: &FormTable, keys: impl IntoIterator<Item = (Vec<u8>, u64)>) -> Self {
        let slots = (0..forms.len())
            .map(|slot| Slot {
                entries: forms.entries(slot).to_vec(),
                upper: forms.upper(slot).to_vec(),
            })
            .collect();
        Compiler {
            entry_count: forms.entry_count,
            by_folded: keys.into_iter().map(|(k, v)| (k, v as u32)).collect(),
            slots,
        }
    }

    /// Adds the next entry: its name and aliases, whether they inflect as plurals (the
    /// caller says so for entries of kind `region`), and whether it is an organization
    /// (whose abbreviations decline). `case_forms(name, plural)` inflects a name that is
    /// not an abbreviation.
    pub fn add<'a>(
        &mut self,
        names: impl IntoIterator<Item = &'a str>,
        plural: bool,
        organization: bool,
        case_forms: &mut impl FnMut(&str, bool) -> Vec<String>,
    ) {
        let index = self.entry_count;
        self.entry_count += 1;
        for name in names {
            let variants = if is_abbreviation(name) {
                abbreviation_forms(name, organization)
            } else {
                case_forms(name, plural)
            };
            for variant in variants {
                let folded = fold(&variant).into_bytes();
                let slot = match self.by_folded.get(&folded) {
                    Some(&slot) => slot,
                    None => {
                        let slot = self.slots.len() as u32;
                        self.slots.push(Slot {
                            entries: Vec::new(),
                            upper: upper_positions(&variant),
                        });
                        self.by_folded.insert(folded, slot);
                        slot
                    }
                };
                let entries = &mut self.slots[slot as usize].entries;
                if !entries.contains(&index) {
                    entries.push(index);
                }
            }
        }
    }

    /// The compiled gazetteer.
    pub fn finish(self) -> Result<Compiled, fst::Error> {
        let mut keys: Vec<(Vec<u8>, u64)> = self
            .by_folded
            .into_iter()
            .map(|(k, v)| (k, u64::from(v)))
            .collect();
        keys.sort_unstable();
        let words = WordFilter::new(keys.iter().map(|(k, slot)| {
            let capital = self.slots[*slot as usize].upper.first() == Some(&0);
            (k.as_slice(), capital)
        }));
        let index = fst::Map::from_iter(keys)?.into_fst().into_inner();
        let mut forms = FormTable {
            entry_count: self.entry_count,
            entry_starts: vec![0],
            upper_starts: vec![0],
            ..FormTable::default()
        };
        for slot in self.slots {
            forms.entries.extend(slot.entries);
            forms.entry_starts.push(forms.entries.len() as u32);
            forms.upper.extend(slot.upper);
            forms.upper_starts.push(forms.upper.len() as u32);
        }
        Ok(Compiled {
            index,
            forms,
            words,
        })
    }
}

/// An abbreviation (РФ, США, ХМАО) is matched only as written, in capitals.
pub fn is_abbreviation(name: &str) -> bool {
    name.chars().count() >= 2
        && name.chars().all(|c| c.is_uppercase() || c == '-')
        && !name.contains(' ')
}

/// An organization's abbreviation that ends in a consonant declines with lower-case
/// endings (МИД: «МИДа», «МИДу», «МИДом», «МИДе»); place abbreviations do not.
fn abbreviation_forms(name: &str, organization: bool) -> Vec<String> {
    let mut forms = vec![name.to_string()];
    let last = name.chars().last().unwrap_or('А');
    let consonant = ('Б'..='Я').contains(&last) && !"АЕЁИОУЫЭЮЯЙЬЪ".contains(last);
    if organization && consonant {
        forms.extend(["а", "у", "ом", "е"].iter().map(|e| format!("{name}{e}")));
    }
    forms
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
