//! `svyaz morph`: the morphology of text, or the nominative of names, as JSON lines.
//!
//! Token mode prints one line per token of the input (`form`, `lemma`, `tags`,
//! `nominative`, and every `analyses` entry). Phrase mode reads one name per line, in any
//! case, and prints exactly one line per input line with the whole name in the nominative.

use std::io::{self, BufRead, Write};

use serde::Serialize;

use crate::morph::{Analysis, Morph};
use crate::segment::{TokenKind, segment};

#[derive(Serialize)]
struct TokenLine<'a> {
    form: &'a str,
    lemma: String,
    tags: Vec<&'static str>,
    nominative: String,
    analyses: Vec<AnalysisLine>,
}

#[derive(Serialize)]
struct AnalysisLine {
    lemma: String,
    tags: Vec<&'static str>,
    prob: f32,
}

#[derive(Serialize)]
struct PhraseLine<'a> {
    phrase: &'a str,
    nominative: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parts: Vec<String>,
}

/// The tags of an analysis: part of speech, then UD-style features, then name classes.
pub fn tags(analysis: &Analysis) -> Vec<&'static str> {
    let mut out = vec![analysis.pos.as_str()];
    if let Some(case) = analysis.case {
        out.push(match case.as_ud() {
            "Nom" => "Case=Nom",
            "Gen" => "Case=Gen",
            "Dat" => "Case=Dat",
            "Acc" => "Case=Acc",
            "Ins" => "Case=Ins",
            _ => "Case=Loc",
        });
    }
    if let Some(number) = analysis.number {
        out.push(if number.as_ud() == "Sing" {
            "Number=Sing"
        } else {
            "Number=Plur"
        });
    }
    if let Some(gender) = analysis.gender {
        out.push(match gender.as_ud() {
            "Masc" => "Gender=Masc",
            "Fem" => "Gender=Fem",
            _ => "Gender=Neut",
        });
    }
    if let Some(animate) = analysis.animate {
        out.push(if animate {
            "Animacy=Anim"
        } else {
            "Animacy=Inan"
        });
    }
    for (flag, tag) in [
        (analysis.first_name, "Name"),
        (analysis.surname, "Surn"),
        (analysis.patronymic, "Patr"),
        (analysis.geographic, "Geox"),
        (analysis.organization, "Orgn"),
        (analysis.indeclinable, "Fixd"),
    ] {
        if flag {
            out.push(tag);
        }
    }
    out
}

/// True when a phrase reads as a personal name: it starts with an initial, or with a
/// capitalised word whose most likely analysis is a first name, patronymic or surname.
pub fn looks_like_person(morph: &Morph, phrase: &str) -> bool {
    let seg = segment(phrase);
    seg.tokens.first().is_some_and(|token| {
        let word = token.text(phrase);
        match token.kind {
            TokenKind::Initial => true,
            TokenKind::Word if word.chars().next().is_some_and(char::is_uppercase) => morph
                .analyze_cached(word)
                .first()
                .is_some_and(|a| a.first_name || a.patronymic || a.surname),
            _ => false,
        }
    })
}

/// The nominative of a name in any case: a person's name keeps its gender, other names
/// keep agreement; a coordinated plural is also given split into its `parts`.
pub fn phrase_nominative(morph: &Morph, phrase: &str) -> (String, Vec<String>) {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return (String::new(), Vec::new());
    }
    if looks_like_person(morph, phrase) {
        return (morph.person_nominative(phrase), Vec::new());
    }
    let parts = morph.nominative_split(phrase);
    if parts.len() > 1 {
        (morph.nominative(phrase), parts)
    } else {
        (parts.into_iter().next().unwrap_or_default(), Vec::new())
    }
}

fn write_json<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Token mode: every token of `input`, one JSON line each.
pub fn report_tokens<R: BufRead, W: Write>(morph: &Morph, input: R, out: &mut W) -> io::Result<()> {
    for line in input.lines() {
        let line = line?;
        let seg = segment(&line);
        for token in &seg.tokens {
            let form = token.text(&line);
            let analyses = match token.kind {
                TokenKind::Word | TokenKind::Abbreviation | TokenKind::Initial => {
                    Some(morph.analyze_cached(form.trim_end_matches('.')))
                }
                _ => None,
            };
            let analyses = analyses.as_deref().unwrap_or_default();
            let best = analyses.first();
            let nominative = match best {
                Some(a) if a.case.is_some() => morph.nominative(form),
                _ => form.to_string(),
            };
            write_json(
                out,
                &TokenLine {
                    form,
                    lemma: best.map_or_else(|| form.to_lowercase(), |a| a.lemma.to_string()),
                    tags: best.map_or_else(|| vec![punct_tag(token.kind)], tags),
                    nominative,
                    analyses: analyses
                        .iter()
                        .map(|a| AnalysisLine {
                            lemma: a.lemma.to_string(),
                            tags: tags(a),
                            prob: (a.prob * 1000.0).round() / 1000.0,
                        })
                        .collect(),
                },
            )?;
        }
    }
    out.flush()
}

fn punct_tag(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Number => "NUM",
        _ => "PUNCT",
    }
}

/// Phrase mode: one JSON line per input line, `{"phrase", "nominative"}`. With `persons`,
/// every line is taken as a personal name.
pub fn report_phrases<R: BufRead, W: Write>(
    morph: &Morph,
    input: R,
    persons: bool,
    out: &mut W,
) -> io::Result<()> {
    for line in input.lines() {
        let line = line?;
        let (nominative, parts) = if persons {
            (morph.person_nominative(line.trim()), Vec::new())
        } else {
            phrase_nominative(morph, &line)
        };
        write_json(
            out,
            &PhraseLine {
                phrase: &line,
                nominative,
                parts,
            },
        )?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example of the morphology issue, through the phrase interface.
    #[test]
    fn phrases_to_the_nominative() {
        let morph = Morph::shared();
        let table = [
            ("Омской области", "Омская область"),
            (
                "Ассоциации молодых депутатов Казахстана",
                "Ассоциация молодых депутатов Казахстана",
            ),
            (
                "Таразского регионального университета имени М.Х.Дулати",
                "Таразский региональный университет имени М.Х.Дулати",
            ),
            ("Фондом президентских грантов", "Фонд президентских грантов"),
            ("Динары Утебаевой", "Динара Утебаева"),
            ("Парида Мамедова", "Парида Мамедова"),
            ("Артёмом Метелевым", "Артём Метелев"),
            ("Людмилой Беличевой", "Людмила Беличева"),
            ("Владимира Витченко", "Владимир Витченко"),
        ];
        for (phrase, expected) in table {
            assert_eq!(phrase_nominative(morph, phrase).0, expected, "{phrase}");
        }
        let (_, parts) = phrase_nominative(morph, "Курганской, Свердловской и Тюменской областей");
        assert_eq!(
            parts,
            [
                "Курганская область",
                "Свердловская область",
                "Тюменская область"
            ]
        );
    }

    #[test]
    fn one_line_out_per_line_in() {
        let morph = Morph::shared();
        let mut out = Vec::new();
        report_phrases(
            morph,
            "Омской области\n\nМетелевым\n".as_bytes(),
            false,
            &mut out,
        )
        .expect("writes to memory");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[0].contains("\"nominative\":\"Омская область\""),
            "{}",
            lines[0]
        );
        assert!(
            lines[2].contains("\"nominative\":\"Метелев\""),
            "{}",
            lines[2]
        );
    }

    #[test]
    fn tokens_with_lemmas_and_tags() {
        let morph = Morph::shared();
        let mut out = Vec::new();
        report_tokens(morph, "В Кургане прошел".as_bytes(), &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        let second: serde_json::Value =
            serde_json::from_str(text.lines().nth(1).expect("two lines")).expect("json");
        assert_eq!(second["form"], "Кургане");
        assert_eq!(second["lemma"], "курган");
        assert_eq!(second["nominative"], "Курган");
        assert!(
            second["tags"]
                .as_array()
                .expect("tags")
                .iter()
                .any(|t| t == "Case=Loc")
        );
    }
}
