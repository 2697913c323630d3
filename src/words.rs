//! The morphology stage for one document: each token's case-folded text and its
//! dictionary analyses, looked up at most once and shared by all the recognizers.
//!
//! The recognizers ask many questions about the same few tokens (is it a head word, an
//! adjective, a genitive, a first name?). Without this table each question folded the word
//! again and looked it up in the per-thread analysis cache again; with it, a token's
//! analyses cost one lookup and its folded text is a slice of the document's folded copy.

use crate::morph::{Analyses, Analysis, Morph};
use crate::segment::{Token, TokenKind};
use std::cell::OnceCell;

/// Per-token word information for one document.
pub struct Words<'a> {
    text: &'a str,
    folded: &'a str,
    tokens: &'a [Token],
    morph: &'a Morph,
    analyses: Vec<OnceCell<Analyses>>,
}

impl std::fmt::Debug for Words<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("tokens", &self.tokens.len())
            .finish()
    }
}

impl<'a> Words<'a> {
    /// The table for a document: `folded` is its case-folded copy (see
    /// [`crate::segment::fold`]), byte for byte aligned with `text`.
    pub fn new(text: &'a str, folded: &'a str, tokens: &'a [Token], morph: &'a Morph) -> Self {
        debug_assert_eq!(text.len(), folded.len());
        Words {
            text,
            folded,
            tokens,
            morph,
            analyses: {
                let mut cells = Vec::with_capacity(crate::buffer::capacity_for(tokens.len()));
                cells.resize_with(tokens.len(), OnceCell::new);
                cells
            },
        }
    }

    /// The document's text.
    pub fn text_all(&self) -> &'a str {
        self.text
    }

    /// The document's case-folded copy.
    pub fn folded_all(&self) -> &'a str {
        self.folded
    }

    /// The document's tokens.
    pub fn tokens(&self) -> &'a [Token] {
        self.tokens
    }

    /// The analyser behind the table.
    pub fn morph(&self) -> &'a Morph {
        self.morph
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True for a document without tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Token `i` as written.
    pub fn text(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    /// Token `i` case-folded (lower case, «ё» as «е»).
    pub fn folded(&self, i: usize) -> &'a str {
        let span = &self.tokens[i].span;
        &self.folded[span.byte_start..span.byte_end]
    }

    /// The bytes of [`Words::folded`], for tests that read only bytes: without the
    /// character-boundary checks of a string slice.
    pub fn folded_bytes(&self, i: usize) -> &'a [u8] {
        let span = &self.tokens[i].span;
        self.folded
            .as_bytes()
            .get(span.byte_start..span.byte_end)
            .unwrap_or_default()
    }

    /// True when token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Word
    }

    /// True when token `i` starts with an upper-case letter.
    pub fn starts_upper(&self, i: usize) -> bool {
        self.tokens[i].shape.starts_upper()
    }

    /// True when token `i` starts with a lower-case letter.
    pub fn starts_lower(&self, i: usize) -> bool {
        self.tokens[i].shape.starts_lower()
    }

    /// The analyses of token `i`, most likely first (see [`Morph::analyze_cached`]).
    pub fn analyses(&self, i: usize) -> &[Analysis] {
        self.entry(i)
    }

    /// The analyses of token `i` with the memo slot they carry (see [`Analyses::note`]).
    pub fn entry(&self, i: usize) -> &Analyses {
        self.analyses[i].get_or_init(|| self.morph.analyze_cached(self.text(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{fold, segment};

    #[test]
    fn folded_slices_and_analyses_follow_the_tokens() {
        let text = "Ёлки в Кургане";
        let folded = fold(text);
        let seg = segment(text);
        let words = Words::new(text, &folded, &seg.tokens, Morph::shared());
        assert_eq!(words.len(), 3);
        assert_eq!(words.folded(0), "елки");
        assert_eq!(words.text(2), "Кургане");
        assert!(words.starts_upper(2) && words.starts_lower(1));
        let lemma = &words.analyses(2)[0].lemma;
        assert_eq!(fold(lemma), "курган");
        // A second question about the same token is answered from the table.
        assert!(std::ptr::eq(words.analyses(2), words.analyses(2)));
    }
}
