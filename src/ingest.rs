//! Ingest: finding the inputs and decoding them into text.
//!
//! Inputs are files, folders (walked recursively in file-name order, so the order is the
//! same on every machine) or `-` for JSON lines on standard input. Every input becomes
//! either a [`Document`] or an [`IngestError`]; nothing is dropped.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, KOI8_R, UTF_8, WINDOWS_1251};
use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use thiserror::Error;

/// Default cap on the size of one input.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A decoded input document.
#[derive(Debug, Clone)]
pub struct Document {
    /// File name without extension, or the `id` of a standard-input line.
    pub doc_id: String,
    /// Where the document came from: a file path, or `-:LINE` for standard input.
    pub path: String,
    /// The encoding the bytes were decoded from.
    pub encoding: &'static str,
    /// The decoded text: byte-order mark removed, line ends normalised to `\n`.
    pub text: String,
    /// Size of the input in bytes, before decoding.
    pub bytes: usize,
}

/// Why an input could not be turned into a document.
#[derive(Debug, Error)]
pub enum IngestError {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Read(#[from] io::Error),
    /// The file is larger than the limit.
    #[error("file is {size} bytes, over the limit of {limit} bytes (--max-bytes)")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The bytes contain NUL characters: not a text file.
    #[error("binary file (contains NUL bytes at offset {0})")]
    Binary(usize),
    /// The bytes are not valid in the forced encoding.
    #[error("not valid {0}")]
    Undecodable(&'static str),
    /// Mostly UTF-8, but with invalid sequences.
    #[error(
        "invalid UTF-8 at byte {0} (the rest of the file is UTF-8; pass --encoding to force one)"
    )]
    InvalidUtf8(usize),
    /// No encoding explains the bytes as Russian text.
    #[error("cannot tell the encoding: not UTF-8, and not windows-1251 or KOI8-R text")]
    UnknownEncoding,
    /// A standard-input line is not a JSON object with `id` and `text`.
    #[error("line {line}: not a JSON object with string fields \"id\" and \"text\": {reason}")]
    BadJsonLine {
        /// 1-based line number.
        line: usize,
        /// What the JSON parser said.
        reason: String,
    },
}

/// A source of input, as named on the command line.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file or folder.
    Path(PathBuf),
    /// JSON lines on standard input.
    Stdin,
}

/// One discovered input, before reading.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file to read and decode.
    File(PathBuf),
    /// A line of JSON read from standard input (1-based line number and its content).
    JsonLine(usize, String),
    /// A path that could not be listed.
    Unreadable(PathBuf, String),
}

impl Input {
    /// The size of the input in bytes, as far as it is known before reading (0 if not).
    pub fn size_hint(&self) -> u64 {
        match self {
            Input::File(path) => fs::metadata(path).map_or(0, |m| m.len()),
            Input::JsonLine(_, line) => line.len() as u64,
            Input::Unreadable(..) => 0,
        }
    }

    /// How this input is named in error records.
    pub fn display_path(&self) -> String {
        match self {
            Input::File(p) | Input::Unreadable(p, _) => p.display().to_string(),
            Input::JsonLine(line, _) => format!("-:{line}"),
        }
    }
}

/// How inputs are decoded.
#[derive(Debug, Clone, Copy)]
pub struct DecodeOptions {
    /// A forced encoding, or `None` to detect.
    pub encoding: Option<&'static Encoding>,
    /// The largest input accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            encoding: None,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Looks up an encoding by a name such as `utf-8`, `windows-1251`, `cp1251` or `koi8-r`.
pub fn encoding_by_name(name: &str) -> Option<&'static Encoding> {
    let lower = name.to_ascii_lowercase();
    let label = match lower.as_str() {
        "cp1251" | "win1251" | "1251" => "windows-1251",
        "koi8r" | "koi8" => "koi8-r",
        "utf8" => "utf-8",
        other => other,
    };
    Encoding::for_label(label.as_bytes())
}

/// A lazy, deterministic walk over the inputs named on the command line. It can move
/// between threads (standard input is locked per line, not for the whole walk), so that
/// the workers of a run take their inputs from it directly.
pub struct Discovery {
    sources: std::vec::IntoIter<Source>,
    glob: GlobMatcher,
    walk: Option<walkdir::IntoIter>,
    stdin: Option<io::Stdin>,
    stdin_line: usize,
}

impl Discovery {
    /// Starts a walk over `sources`; folders yield the files whose name matches `glob`.
    pub fn new(sources: Vec<Source>, glob: &str) -> Result<Self, globset::Error> {
        Ok(Discovery {
            sources: sources.into_iter(),
            glob: Glob::new(glob)?.compile_matcher(),
            walk: None,
            stdin: None,
            stdin_line: 0,
        })
    }
}

impl Iterator for Discovery {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(walk) = &mut self.walk {
                match walk.next() {
                    Some(Ok(entry)) => {
                        if entry.file_type().is_file() && self.glob.is_match(entry.file_name()) {
                            return Some(Input::File(entry.into_path()));
                        }
                        continue;
                    }
                    Some(Err(err)) => {
                        let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                        return Some(Input::Unreadable(path, err.to_string()));
                    }
                    None => self.walk = None,
                }
            }
            if let Some(stdin) = &self.stdin {
                let mut line = String::new();
                match stdin.read_line(&mut line) {
                    Ok(0) => self.stdin = None,
                    Ok(_) => {
                        self.stdin_line += 1;
                        if line.trim().is_empty() {
                            continue;
                        }
                        // As `BufRead::lines`: without the "\n" or "\r\n" that ends it.
                        if line.ends_with('\n') {
                            line.pop();
                            if line.ends_with('\r') {
                                line.pop();
                            }
                        }
                        return Some(Input::JsonLine(self.stdin_line, line));
                    }
                    Err(err) => {
                        self.stdin_line += 1;
                        // A line that is not UTF-8 has been read whole: report it and go
                        // on with the next. Any other error ends standard input.
                        if err.kind() != io::ErrorKind::InvalidData {
                            self.stdin = None;
                        }
                        return Some(Input::Unreadable(
                            PathBuf::from(format!("-:{}", self.stdin_line)),
                            err.to_string(),
                        ));
                    }
                }
            }
            match self.sources.next()? {
                Source::Stdin => {
                    self.stdin = Some(io::stdin());
                    self.stdin_line = 0;
                }
                Source::Path(path) => {
                    if path.is_dir() {
                        self.walk = Some(
                            walkdir::WalkDir::new(path)
                                .follow_links(true)
                                // Siblings share their parent's path, so their paths
                                // compare as their names do, without taking each path
                                // apart for its name at every comparison.
                                .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
                                .into_iter(),
                        );
                    } else if path.exists() {
                        return Some(Input::File(path));
                    } else {
                        return Some(Input::Unreadable(path, "no such file or folder".into()));
                    }
                }
            }
        }
    }
}

/// The document id of a file: its name without the extension.
pub fn doc_id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[derive(Deserialize)]
struct JsonDoc {
    id: serde_json::Value,
    text: String,
}

/// Reads and decodes one input.
pub fn load(input: &Input, options: &DecodeOptions) -> Result<Document, IngestError> {
    match input {
        Input::File(path) => {
            let file = fs::File::open(path)?;
            let size = file.metadata()?.len();
            if size > options.max_bytes {
                return Err(IngestError::TooLarge {
                    size,
                    limit: options.max_bytes,
                });
            }
            let mut bytes = Vec::with_capacity(size as usize);
            file.take(options.max_bytes + 1).read_to_end(&mut bytes)?;
            if bytes.len() as u64 > options.max_bytes {
                return Err(IngestError::TooLarge {
                    size: bytes.len() as u64,
                    limit: options.max_bytes,
                });
            }
            let (text, encoding) = decode(&bytes, options.encoding)?;
            Ok(Document {
                doc_id: doc_id_of(path),
                path: path.display().to_string(),
                encoding,
                text,
                bytes: bytes.len(),
            })
        }
        Input::JsonLine(line, content) => {
            let doc: JsonDoc =
                serde_json::from_str(content).map_err(|e| IngestError::BadJsonLine {
                    line: *line,
                    reason: e.to_string(),
                })?;
            let doc_id = match doc.id {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                other => {
                    return Err(IngestError::BadJsonLine {
                        line: *line,
                        reason: format!("\"id\" must be a string or a number, not {other}"),
                    });
                }
            };
            if doc.text.len() as u64 > options.max_bytes {
                return Err(IngestError::TooLarge {
                    size: doc.text.len() as u64,
                    limit: options.max_bytes,
                });
            }
            let bytes = doc.text.len();
            let text = normalize_newlines(doc.text.trim_start_matches('\u{feff}').to_string());
            Ok(Document {
                doc_id,
                path: format!("-:{line}"),
                encoding: "UTF-8",
                text,
                bytes,
            })
        }
        Input::Unreadable(_, reason) => Err(IngestError::Read(io::Error::other(reason.clone()))),
    }
}

/// Decodes bytes into text, detecting the encoding unless one is forced.
///
/// Order: a UTF-8 byte-order mark; valid UTF-8; otherwise the Firefox detector (chardetng)
/// restricted to the Cyrillic single-byte encodings, windows-1251 and KOI8-R.
pub fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, &'static str), IngestError> {
    if let Some(pos) = memchr_nul(bytes) {
        return Err(IngestError::Binary(pos));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(encoding) = forced {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(IngestError::Undecodable(encoding.name()));
        }
        return Ok((normalize_newlines(text.into_owned()), encoding.name()));
    }
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok((normalize_newlines(text.to_string()), UTF_8.name()));
    }
    // Not UTF-8: the standard check says where it breaks.
    let utf8_error = std::str::from_utf8(bytes).map_or_else(|err| err.valid_up_to(), str::len);
    if looks_like_broken_utf8(bytes) {
        return Err(IngestError::InvalidUtf8(utf8_error));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"ru"), true);
    let encoding = if guess == KOI8_R || guess == WINDOWS_1251 {
        guess
    } else {
        cyrillic_by_letter_frequency(bytes).ok_or(IngestError::UnknownEncoding)?
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(IngestError::Undecodable(encoding.name()));
    }
    Ok((normalize_newlines(text.into_owned()), encoding.name()))
}

/// True when most bytes above 0x7F form valid two-byte UTF-8 Cyrillic sequences: a UTF-8
/// file with a few broken bytes rather than a single-byte Cyrillic one.
fn looks_like_broken_utf8(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let pairs = bytes
        .windows(2)
        .filter(|w| matches!(w[0], 0xC2..=0xDF) && (0x80..=0xBF).contains(&w[1]))
        .count();
    pairs * 2 * 2 >= high
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// Chooses between windows-1251 and KOI8-R by which one makes the high bytes look like
/// Russian: in windows-1251 lower-case letters are 0xE0..=0xFF, in KOI8-R 0xC0..=0xDF.
/// Returns `None` when the text has too few high bytes to be Russian.
fn cyrillic_by_letter_frequency(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut low = 0usize; // 0xC0..=0xDF
    let mut high = 0usize; // 0xE0..=0xFF
    for &b in bytes {
        match b {
            0xC0..=0xDF => low += 1,
            0xE0..=0xFF => high += 1,
            _ => {}
        }
    }
    let all_high = bytes.iter().filter(|&&b| b >= 0x80).count();
    // Russian text in either encoding: most bytes above 0x7F are letters.
    if low + high == 0 || (low + high) * 10 < all_high * 8 {
        return None;
    }
    Some(if high >= low { WINDOWS_1251 } else { KOI8_R })
}

/// Replaces `\r\n` and lone `\r` with `\n`, as Python's text mode does when reading.
fn normalize_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "В Кургане прошел круглый стол, сообщает портал Мой город.\nЁлка.";

    #[test]
    fn decodes_every_supported_encoding() {
        let cases: &[(Vec<u8>, &str)] = &[
            (SAMPLE.as_bytes().to_vec(), "UTF-8"),
            ([b"\xEF\xBB\xBF", SAMPLE.as_bytes()].concat(), "UTF-8"),
            (WINDOWS_1251.encode(SAMPLE).0.into_owned(), "windows-1251"),
            (KOI8_R.encode(SAMPLE).0.into_owned(), "KOI8-R"),
        ];
        for (bytes, name) in cases {
            let (text, encoding) = decode(bytes, None).expect("decodes");
            assert_eq!(text, SAMPLE);
            assert_eq!(encoding, *name);
        }
    }

    #[test]
    fn crlf_becomes_lf() {
        let (text, _) = decode("а\r\nб\rв".as_bytes(), None).expect("decodes");
        assert_eq!(text, "а\nб\nв");
    }

    #[test]
    fn binary_is_an_error() {
        assert!(matches!(
            decode(b"abc\0def", None),
            Err(IngestError::Binary(3))
        ));
    }

    #[test]
    fn broken_utf8_is_an_error_naming_the_offset() {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes.insert(3, 0xFF);
        assert!(matches!(
            decode(&bytes, None),
            Err(IngestError::InvalidUtf8(3))
        ));
    }

    #[test]
    fn non_cyrillic_single_byte_text_is_unknown() {
        let bytes = b"caf\xe9 \xa9 \xae \xb1 \xb2 \xb3 \xbc \xbd";
        assert!(matches!(
            decode(bytes, None),
            Err(IngestError::UnknownEncoding)
        ));
    }

    #[test]
    fn forced_encoding_is_used() {
        let bytes = WINDOWS_1251.encode(SAMPLE).0.into_owned();
        let (text, enc) = decode(&bytes, encoding_by_name("cp1251")).expect("decodes");
        assert_eq!((text.as_str(), enc), (SAMPLE, "windows-1251"));
        assert!(matches!(
            decode(&bytes, encoding_by_name("utf-8")),
            Err(IngestError::Undecodable("UTF-8"))
        ));
    }
}
