//! Persons: names found from their parts.
//!
//! A name is a run of capitalised words and initials inside one sentence. Each word is
//! classified as a first name (the first-name list of `gazetteers/first_names.csv`, or the
//! dictionary's `Name` tag), a patronymic (Russian -ович/-овна…, Kazakh -улы/-кызы), a
//! surname (the dictionary's `Surn` tag, or a surname ending), an initial, a common word,
//! or unknown. A run is a person when it holds a first name, a patronymic or an initial
//! next to another name word, when a post announces it («президент Путин»), or when it is
//! one word the dictionary knows as a surname. Later, lone surnames of persons already
//! named in the document are found again («Утебаева» after «Динара Утебаева»).

use rustc_hash::FxHashSet;

use crate::morph::{Gender, Morph, Pos};
use crate::segment::{
    PrefixSet, Token, TokenKind, fold, folded_eq, is_lower, is_roman_numeral, is_upper,
    only_spaces_between, opens_clause,
};
use crate::words::Words;

/// The first-name and post lists, loaded once.
#[derive(Debug, Default)]
pub struct PersonLexicon {
    /// Folded first name → (gender, also a common word).
    first_names: rustc_hash::FxHashMap<compact_str::CompactString, (Gender, bool)>,
    /// Folded words announcing a person: posts and titles.
    roles: FxHashSet<compact_str::CompactString>,
    /// First letters of the roles, to skip most words at once.
    role_prefixes: PrefixSet,
    /// Identifies the lists in the notes [`classify`] leaves on words' analyses (0: none
    /// left).
    id: u32,
}

/// Source of lexicon ids for the notes of [`classify`].
static NEXT_LEXICON_ID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

/// A problem in the first-name or post list.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct LexiconError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub reason: String,
}

const FIRST_NAMES: &str = include_str!("../../gazetteers/first_names.csv");
const ROLE_WORDS: &str = include_str!("../../gazetteers/role_words.csv");

impl PersonLexicon {
    /// The lists built into svyaz.
    pub fn builtin() -> Result<Self, LexiconError> {
        let mut lexicon = PersonLexicon::default();
        for (line, record) in records("first_names.csv", FIRST_NAMES)? {
            let gender = match record.get(1) {
                Some("m") => Gender::Masc,
                Some("f") => Gender::Fem,
                other => {
                    return Err(LexiconError {
                        file: "first_names.csv".into(),
                        line,
                        reason: format!("gender must be m or f, found {other:?}"),
                    });
                }
            };
            let ambiguous = record.get(3) == Some("1");
            let name = fold(record.get(0).unwrap_or_default());
            lexicon
                .first_names
                .entry(name.into())
                .and_modify(|e| e.1 |= ambiguous)
                .or_insert((gender, ambiguous));
        }
        for (_, record) in records("role_words.csv", ROLE_WORDS)? {
            if let Some(word) = record.get(0) {
                lexicon.roles.insert(fold(word).into());
            }
        }
        lexicon.role_prefixes =
            PrefixSet::new(lexicon.roles.iter().map(compact_str::CompactString::as_str));
        lexicon.id = NEXT_LEXICON_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(lexicon)
    }

    /// Gender and ambiguity of a first name given in the nominative (any capitalisation).
    pub fn first_name(&self, name: &str) -> Option<(Gender, bool)> {
        // Dictionary lemmas are mostly folded already: no copy for them.
        match name.chars().all(|c| crate::segment::fold_char(c) == c) {
            true => self.first_names.get(name).copied(),
            false => self.first_names.get(fold(name).as_str()).copied(),
        }
    }

    /// Like [`PersonLexicon::first_name`], for a name already case-folded.
    pub fn first_name_folded(&self, folded: &str) -> Option<(Gender, bool)> {
        self.first_names.get(folded).copied()
    }

    /// True when token `i` of a word table announces a person («президент», «директор»,
    /// «г-н»), in any case form.
    fn is_role_at(&self, words: &Words, i: usize) -> bool {
        let folded = words.folded(i);
        if !self.role_prefixes.may_contain(folded) {
            return false;
        }
        if self.roles.contains(folded) {
            return true;
        }
        words
            .analyses(i)
            .iter()
            .take(2)
            .any(|a| a.pos == Pos::Noun && self.roles.contains(fold(&a.lemma).as_str()))
    }
}

fn records(file: &str, content: &str) -> Result<Vec<(u64, csv::StringRecord)>, LexiconError> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(content.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| LexiconError {
            file: file.into(),
            line: e.position().map_or(0, |p| p.line()),
            reason: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        out.push((line, record));
    }
    Ok(out)
}

/// What a word of a candidate name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A first name; `true` when it is also a common word (Вера, Роман).
    First(Gender, bool),
    /// A patronymic.
    Patronymic(Gender),
    /// A surname known to the dictionary or with a surname ending.
    Surname,
    /// An initial with its dot.
    Initial,
    /// A capitalised word the dictionary knows as something else.
    Common,
    /// A capitalised word nobody knows.
    Unknown,
    /// A particle inside a name («Ле», «бин», «ван»).
    Particle,
}

impl Part {
    /// The part as a number for [`crate::morph::Analyses::set_note`].
    fn to_note(self) -> u32 {
        let gender = |g: Gender| match g {
            Gender::Masc => 0,
            Gender::Fem => 1,
            Gender::Neut => 2,
        };
        match self {
            Part::First(g, ambiguous) => 0x10 | gender(g) << 1 | u32::from(ambiguous),
            Part::Patronymic(g) => 0x20 | gender(g),
            Part::Surname => 1,
            Part::Initial => 2,
            Part::Common => 3,
            Part::Unknown => 4,
            Part::Particle => 5,
        }
    }

    /// The part [`Part::to_note`] made `note` from.
    fn from_note(note: u32) -> Option<Part> {
        let gender = |n: u32| match n & 3 {
            0 => Some(Gender::Masc),
            1 => Some(Gender::Fem),
            2 => Some(Gender::Neut),
            _ => None,
        };
        match note {
            0x10..=0x1F => Some(Part::First(gender(note >> 1)?, note & 1 == 1)),
            0x20..=0x2F => Some(Part::Patronymic(gender(note)?)),
            1 => Some(Part::Surname),
            2 => Some(Part::Initial),
            3 => Some(Part::Common),
            4 => Some(Part::Unknown),
            5 => Some(Part::Particle),
            _ => None,
        }
    }

    fn names_a_person(self) -> bool {
        matches!(
            self,
            Part::First(_, false) | Part::Patronymic(_) | Part::Initial
        )
    }
}

/// A person's name found in the text, with its parts in the nominative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// First name (or initials), nominative.
    pub first: Option<String>,
    /// Patronymic (or second initial), nominative.
    pub middle: Option<String>,
    /// Surname, nominative.
    pub last: Option<String>,
    /// Gender, where the name shows it.
    pub gender: Option<Gender>,
    /// The family name comes first, as in Korean, Chinese and Burmese names («Ким Чен
    /// Ын»): the canonical name keeps that order.
    pub family_first: bool,
}

impl PersonName {
    /// The canonical name: «Имя Фамилия», «И. О. Фамилия» for initials, or the part there is.
    pub fn canonical(&self) -> String {
        self.canonical_pieces().concat()
    }

    /// True when two names have the same [`PersonName::canonical`] form, compared
    /// without building either.
    pub fn same_canonical(&self, other: &PersonName) -> bool {
        let (a, b) = (self.canonical_pieces(), other.canonical_pieces());
        a.iter()
            .flat_map(|p| p.bytes())
            .eq(b.iter().flat_map(|p| p.bytes()))
    }

    /// The canonical name as pieces to be joined: words and the spaces between them.
    fn canonical_pieces(&self) -> [&str; 5] {
        let mut pieces: [&str; 5] = [""; 5];
        for (k, part) in self.canonical_parts().into_iter().flatten().enumerate() {
            pieces[2 * k] = part;
            if k > 0 {
                pieces[2 * k - 1] = " ";
            }
        }
        pieces
    }

    /// The words of the canonical name in order, at most three (see
    /// [`PersonName::canonical`]).
    fn canonical_parts(&self) -> [Option<&str>; 3] {
        if self.family_first {
            return [self.last.as_deref(), self.first.as_deref(), None];
        }
        let initials = self.first.as_deref().is_some_and(|f| f.ends_with('.'));
        // Initials keep both; a name without a surname keeps its patronymic, which for
        // Kazakh names (-улы, -кызы) works as the surname: «Ержан Амирбекулы».
        let middle = self
            .middle
            .as_deref()
            .filter(|_| initials || self.last.is_none());
        [self.first.as_deref(), middle, self.last.as_deref()]
    }
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(is_upper) && chars.clone().any(is_lower)
}

const MASCULINE_PATRONYMIC: &[&str] = &["ович", "евич", "ьич"];
const FEMININE_PATRONYMIC: &[&str] = &["овн", "евн", "ичн"];
const TURKIC_MALE: &[&str] = &["улы", "ұлы", "оглы", "уулу"];
const TURKIC_FEMALE: &[&str] = &["кызы", "қызы"];
const SURNAME_ENDINGS: &[&str] = &[
    "ов",
    "ев",
    "ёв",
    "ин",
    "ын",
    "ова",
    "ева",
    "ина",
    "ына",
    "ский",
    "цкий",
    "ская",
    "цкая",
    "енко",
    "ук",
    "юк",
    "ян",
    "янц",
    "дзе",
    "швили",
    "ых",
    "их",
    "ко",
    "баев",
    "баева",
];

/// The patronymic gender of a case-folded word in any case form.
fn patronymic(w: &str) -> Option<Gender> {
    // Every form has «ич», «вн» or «чн» in its last eight bytes (a stem and an ending of
    // at most two letters), or ends in «ы» or «у» (the Turkic ones): other words are
    // turned away before the lists are searched.
    let tail = &w.as_bytes()[w.len().saturating_sub(8)..];
    let marker = tail.windows(4).any(|pair| {
        matches!(
            pair,
            [0xD0, 0xB8, 0xD1, 0x87] | [0xD0, 0xB2, 0xD0, 0xBD] | [0xD1, 0x87, 0xD0, 0xBD]
        )
    });
    if !marker && !w.ends_with(['ы', 'у']) {
        return None;
    }
    let ends_with_form = |stems: &[&str], endings: &[&str]| {
        endings.iter().any(|end| {
            w.strip_suffix(end).is_some_and(|s| {
                stems
                    .iter()
                    .any(|stem| s.ends_with(stem) && s.len() > stem.len() + 2)
            })
        })
    };
    if ends_with_form(MASCULINE_PATRONYMIC, &["", "а", "у", "ем", "е"]) {
        return Some(Gender::Masc);
    }
    if ends_with_form(FEMININE_PATRONYMIC, &["а", "ы", "е", "у", "ой", "ою"]) {
        return Some(Gender::Fem);
    }
    if TURKIC_MALE.iter().any(|s| w.ends_with(s)) {
        return Some(Gender::Masc);
    }
    if TURKIC_FEMALE.iter().any(|s| w.ends_with(s)) {
        return Some(Gender::Fem);
    }
    None
}

/// Classifies one capitalised word (or initial), token `i` of the table.
///
/// What a word is depends only on how it is written, so the answer is noted on the word's
/// analyses in the per-thread cache ([`crate::morph::Analyses::note`]): the next time, the
/// look-up that finds the analyses finds the answer too.
pub fn classify(lexicon: &PersonLexicon, words: &Words, i: usize) -> Part {
    if words.tokens()[i].kind == TokenKind::Initial {
        return Part::Initial;
    }
    let entry = words.entry(i);
    if let Some(part) = entry.note(lexicon.id).and_then(Part::from_note) {
        return part;
    }
    let part = classify_word(lexicon, words, i);
    entry.set_note(lexicon.id, part.to_note());
    part
}

/// [`classify`] without the cache, for a word that is not an initial.
fn classify_word(lexicon: &PersonLexicon, words: &Words, i: usize) -> Part {
    let folded = words.folded(i);
    if let Some(gender) = patronymic(folded) {
        return Part::Patronymic(gender);
    }
    if let Some((gender, ambiguous)) = lexicon.first_name_folded(folded) {
        return Part::First(gender, ambiguous);
    }
    let analyses = words.analyses(i);
    for a in analyses.iter().take(3) {
        if a.prob < 0.05 {
            break;
        }
        if a.first_name
            && let Some((gender, ambiguous)) = lexicon.first_name(&a.lemma)
        {
            return Part::First(gender, ambiguous);
        }
    }
    let Some(best) = analyses.first() else {
        return Part::Unknown;
    };
    if analyses.iter().take(2).any(|a| a.surname && a.prob >= 0.2) {
        return Part::Surname;
    }
    if best.known && !(best.pos == Pos::Propn || best.pos == Pos::X) {
        return Part::Common;
    }
    // A known place or organization; a guess from the ending («Горацио» as a place) is not.
    if best.known && (best.geographic || best.organization) {
        return Part::Common;
    }
    if SURNAME_ENDINGS.iter().any(|e| {
        folded.ends_with(e)
            || folded
                .strip_suffix(['а', 'у', 'е'])
                .is_some_and(|s| s.ends_with(e))
    }) {
        return Part::Surname;
    }
    Part::Unknown
}

/// Finds person names in a document. `taken` tells whether a byte range is already a
/// place or organization from the gazetteers (such words end a name).
pub fn find_persons(
    words: &Words,
    lexicon: &PersonLexicon,
    taken: &dyn Fn(usize, usize) -> bool,
) -> Vec<PersonName> {
    let (text, tokens, morph) = (words.text_all(), words.tokens(), words.morph());
    let mut found = Vec::with_capacity(16);
    // The parts of the current run and the names they split into; one buffer each for
    // all runs, which have at most six words.
    let mut parts: Vec<Part> = Vec::with_capacity(8);
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(8);
    let mut i = 0;
    while i < tokens.len() {
        // A run of capitalised words and initials in one sentence, with only spaces between.
        let starts_run = is_name_token(&tokens[i], text);
        if !starts_run {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tokens.len()
            && j - i < 6
            && tokens[j].sentence == tokens[i].sentence
            && (is_name_token(&tokens[j], text)
                || (is_particle(words.folded(j))
                    && tokens.get(j + 1).is_some_and(|t| is_name_token(t, text))))
            && only_spaces_between(text, &tokens[j - 1], &tokens[j])
        {
            j += 1;
        }
        // A run mixing scripts keeps its Cyrillic words: «USM Holdings Алишера Усманова».
        // (A run of one word, most of them, mixes nothing: neither test can change it.)
        let cyrillic = |t: &Token| !t.text(text).is_ascii();
        let several = j - i > 1;
        let mixed = several
            && tokens[i..j]
                .iter()
                .any(|t| t.text(text).chars().any(is_cyrillic));
        if several && tokens[i..j].iter().any(cyrillic) {
            while !cyrillic(&tokens[i]) {
                i += 1;
            }
            while !cyrillic(&tokens[j - 1]) {
                j -= 1;
            }
        }
        // A Korean, Chinese or Burmese name inside the run is taken whole, and what comes
        // before it is a run of its own.
        // It takes the rest of the run, or stops where another such name starts («Кима
        // Чен Ира Ким Ир Сен»); a first name before it makes it a Western name with a
        // short surname («Джимми Ли Дайкс»).
        let asian_at = |k: usize| k + 1 < j && east_asian_name(words, k, k + 2).is_some();
        if let Some(k) = (i..j).find(|&k| asian_at(k))
            && (k == i || classify(lexicon, words, k - 1) == Part::Common)
        {
            if k > i {
                j = k;
            } else if let Some((end, name)) = (i + 2..=j.min(i + 4)).rev().find_map(|m| {
                east_asian_name(words, i, m)
                    .filter(|_| m == j || asian_at(m))
                    .map(|n| (m, n))
            }) {
                found.push(name);
                i = end;
                continue;
            }
        }
        let run = &tokens[i..j];
        parts.clear();
        for (k, t) in (i..j).zip(run) {
            let part = if is_particle(words.folded(k)) {
                Part::Particle
            } else if mixed
                && t.text(text).len() > 1
                && t.text(text).chars().all(|c| c.is_ascii_alphabetic())
                && !is_roman_numeral(t.text(text))
            {
                // A Latin word among Cyrillic ones is a company or product name
                // («Основатель MySQL Майкл Видениус»).
                Part::Common
            } else {
                let part = classify(lexicon, words, k);
                let is_first = matches!(part, Part::First(..));
                let after_first = matches!(parts.last(), Some(Part::First(..)));
                if !is_first && !after_first && taken(t.span.byte_start, t.span.byte_end) {
                    // A place or organization, unless a first name stands in it or before it
                    // («Владимир Путин», «Алексей Мордашов»).
                    Part::Common
                } else if after_first
                    && matches!(part, Part::Common)
                    && (!function_word(words, k) || verb_form(words, k))
                {
                    // A capitalised word after a first name is a surname even when it
                    // reads as a verb form («Маркус Мерк»).
                    Part::Surname
                } else {
                    part
                }
            };
            parts.push(part);
        }
        // A first name alone that is also a place («во Владимире») is the place.
        if parts.len() == 1
            && matches!(parts[0], Part::First(..))
            && taken(run[0].span.byte_start, run[0].span.byte_end)
        {
            parts[0] = Part::Common;
        }
        // Nothing here can be a name (most runs: a capitalised word starting a sentence).
        if parts.iter().all(|p| *p == Part::Common) {
            i = j;
            continue;
        }
        let sentence_start = opens_clause(text, tokens, i);
        let previous =
            (i > 0 && tokens[i - 1].sentence == tokens[i].sentence).then(|| &tokens[i - 1]);
        let quoted = previous.is_some_and(|t| {
            t.kind == TokenKind::Quote && t.span.byte_end == tokens[i].span.byte_start
        });
        // What stands around the run, worked out only when a decision needs it: most
        // runs are settled by their own words, and every look-up of a neighbour's
        // analyses may go out to memory.
        let (first, past) = (i, j);
        let previous = previous.is_some();
        let next_lower_word = move || {
            tokens.get(past).is_some_and(|next| {
                next.sentence == tokens[first].sentence
                    && next.kind == TokenKind::Word
                    && next.text(text).starts_with(is_lower)
            })
        };
        let role = move || role_before(words, first, lexicon, taken);
        let place = move || previous && after_place_word(words, first);
        let clock = move || after_game_clock(words, first);
        let adjective = move || {
            past == first + 1
                && next_lower_word()
                && (adjective_agrees(words, first, past)
                    || same_adjective_ending(words, first, past))
        };
        let adjective_after_run = move || {
            past > first + 1
                && next_lower_word()
                && (adjective_agrees(words, past - 1, past)
                    || same_adjective_ending(words, past - 1, past))
        };
        let speech = move || {
            previous
                && words.starts_lower(first - 1)
                && words.analyses(first - 1).first().is_some_and(|a| {
                    a.pos == Pos::Verb && SPEECH_VERBS.iter().any(|v| folded_eq(&a.lemma, v))
                })
                // The speaker, in the nominative («сказал Стэйнтон», not «сообщил
                // Викиновостям»).
                && words
                    .analyses(first)
                    .first()
                    .is_none_or(|a| a.case.is_none_or(|c| c.as_ud() == "Nom"))
                && !["ям", "ями", "ами"]
                    .iter()
                    .any(|e| words.folded(first).ends_with(e))
        };
        let verb = move || {
            next_lower_word()
                && words
                    .analyses(past)
                    .first()
                    .is_some_and(|a| a.known && a.pos == Pos::Verb && a.case.is_none())
        };
        let around = Surroundings {
            role_before: &role,
            sentence_start,
            quoted,
            after_place_preposition: &place,
            after_game_clock: &clock,
            adjective_before_noun: &adjective,
            speech_before: &speech,
            verb_after: &verb,
        };
        // Two words inside a sentence, the first a given name the first-name list lacks
        // («Фелипе», «Гергей»), the second a capitalised word that is not a place or
        // organization: a foreign name, even when the second is also a common word
        // («Фелипе Масса», «Гергей Ковач»). An indeclinable name spreads its weight over
        // the cases, so the weight of all its given-name readings counts.
        let given_name = |a: &&crate::morph::Analysis| a.first_name && a.pos == Pos::Propn;
        let given_weight = || -> f32 {
            words
                .analyses(i)
                .iter()
                .filter(given_name)
                .map(|a| a.prob)
                .sum()
        };
        if parts.len() == 2
            && (!sentence_start || parts[1] == Part::Surname)
            && parts[0] == Part::Unknown
            && matches!(parts[1], Part::Common | Part::Unknown | Part::Surname)
            && !taken(run[1].span.byte_start, run[1].span.byte_end)
            && !function_word(words, i + 1)
            && given_weight() >= 0.3
            && let Some(guess) = words.analyses(i).iter().find(given_name)
        {
            let gender = match guess.gender {
                Some(Gender::Fem) => Gender::Fem,
                _ => Gender::Masc,
            };
            parts[0] = Part::First(gender, true);
            parts[1] = Part::Surname;
        }
        // A common word before a particle is a foreign first name: «Франк Де Блекере».
        for k in 1..parts.len() {
            if parts[k] == Part::Particle && parts[k - 1] == Part::Common && k + 1 < parts.len() {
                parts[k - 1] = Part::Unknown;
            }
        }
        split_names(&parts, &mut spans);
        for &(a, b) in &spans {
            // A capitalised post inside the run announces what follows it:
            // «Премьер-министр Берлускони».
            let role_inside = || lexicon.is_role_at(words, i + a - 1);
            // The run's last word, alone, before a lower-case word it agrees with.
            let adjective_last = || b == run.len() && b == a + 1 && adjective_after_run();
            let no = || false;
            let around = if a == 0 {
                around
            } else {
                Surroundings {
                    role_before: &role_inside,
                    adjective_before_noun: &adjective_last,
                    sentence_start: false,
                    quoted: false,
                    after_place_preposition: &no,
                    after_game_clock: &no,
                    speech_before: &no,
                    verb_after: &no,
                }
            };
            if let Some(mut name) = name_from(text, &run[a..b], &parts[a..b], around, morph) {
                // A regnal number: «Елизавета II», «Иоанн Павел II».
                let after = i + b;
                if b == run.len()
                    && let Some(next) = tokens.get(after)
                    && only_spaces_between(text, &tokens[after - 1], next)
                    && is_roman_numeral(next.text(text))
                {
                    name.end = next.span.byte_end;
                }
                found.push(name);
            }
        }
        i = j;
    }
    found.sort_by_key(|n| n.start);
    let listed = listed_with_names(words, lexicon, &found, taken);
    found.extend(listed);
    found.sort_by_key(|n| n.start);
    found.extend(repeated_surnames(words, &found, taken));
    found.extend(transliterations(text, tokens, &found));
    found.sort_by_key(|n| n.start);
    found
}

/// Lone surnames listed with names already found: «Бернс (Рой, Грин)», «Иванов, Петров и
/// Сидоров». A capitalised word separated from a name by a comma or «и» inside one
/// sentence is a name too when it could be a surname (not a common word, place or
/// organization).
/// True when tokens `i - 3 .. i` are a game clock, minutes and seconds: «03:54», «62:42».
fn after_game_clock(words: &Words, i: usize) -> bool {
    let two_digits =
        |k: usize| words.text(k).len() == 2 && words.text(k).bytes().all(|b| b.is_ascii_digit());
    i >= 3
        && words.text(i - 2) == ":"
        && two_digits(i - 3)
        && two_digits(i - 1)
        && crate::segment::only_spaces_between(
            words.text_all(),
            &words.tokens()[i - 1],
            &words.tokens()[i],
        )
}

/// True when token `k` follows a preposition of place or a place's descriptor («в
/// Тусоне», «в районе Тоттенхэм»): alone, it names a place.
fn after_place_word(words: &Words, k: usize) -> bool {
    k > 0
        && (matches!(words.folded(k - 1), "в" | "во" | "из" | "на" | "под")
            || super::place::announces_place(words, k - 1))
}

fn listed_with_names(
    words: &Words,
    lexicon: &PersonLexicon,
    found: &[PersonName],
    taken: &dyn Fn(usize, usize) -> bool,
) -> Vec<PersonName> {
    let (text, tokens) = (words.text_all(), words.tokens());
    let token_at = |byte: usize| tokens.partition_point(|t| t.span.byte_start < byte);
    // `found` is in text order, so whether a word is in a name is a binary search.
    let is_found = |k: usize, extra: &[PersonName]| {
        let (s, e) = (tokens[k].span.byte_start, tokens[k].span.byte_end);
        let at = found.partition_point(|n| n.end <= s);
        found.get(at).is_some_and(|n| n.start < e) || extra.iter().any(|n| n.start < e && s < n.end)
    };
    let candidate = |k: usize, extra: &[PersonName]| {
        let t = &tokens[k];
        t.kind == TokenKind::Word
            && t.shape.capitalised()
            && !t.text(text).is_ascii()
            && !is_found(k, extra)
            && !taken(t.span.byte_start, t.span.byte_end)
            && !after_place_word(words, k)
            && matches!(classify(lexicon, words, k), Part::Surname | Part::Unknown)
    };
    let separator = |k: usize| matches!(words.folded(k), "," | "и" | "(");
    let mut out: Vec<PersonName> = Vec::new();
    // Walk from every found one-word-or-more name forwards and backwards along the list.
    let mut queue: Vec<(usize, usize)> = found
        .iter()
        .map(|n| (token_at(n.start), token_at(n.end)))
        .collect();
    while let Some((first, past)) = queue.pop() {
        for (sep, k) in [
            (past, past + 1),
            (first.wrapping_sub(1), first.wrapping_sub(2)),
        ] {
            if k >= tokens.len() || sep >= tokens.len() || !separator(sep) {
                continue;
            }
            let same_sentence = tokens[k].sentence == tokens[sep].sentence
                && tokens[sep].sentence == tokens[first.min(tokens.len() - 1)].sentence;
            // A lone word: no other name word glued to it.
            let alone = |n: usize| {
                n >= tokens.len()
                    || !(only_spaces_between(text, &tokens[k], &tokens[n])
                        && is_name_token(&tokens[n], text))
            };
            let before_alone = k == 0 || {
                let b = k - 1;
                !(only_spaces_between(text, &tokens[b], &tokens[k])
                    && is_name_token(&tokens[b], text))
            };
            if same_sentence && candidate(k, &out) && alone(k + 1) && before_alone {
                let word = tokens[k].text(text);
                out.push(PersonName {
                    start: tokens[k].span.byte_start,
                    end: tokens[k].span.byte_end,
                    first: None,
                    middle: None,
                    last: Some(words.morph().person_nominative_cached(word)),
                    gender: None,
                    family_first: false,
                });
                queue.push((k, k + 1));
            }
        }
    }
    out
}

/// Common Korean, Chinese, Vietnamese and Burmese family names as Russian writes them.
const EAST_ASIAN_FAMILY_NAMES: &[&str] = &[
    "ким",
    "ли",
    "пак",
    "чон",
    "чхве",
    "хван",
    "юн",
    "кан",
    "чо",
    "квон",
    "чжан",
    "лю",
    "чэнь",
    "чжао",
    "хуан",
    "чжоу",
    "сюй",
    "сунь",
    "ху",
    "чжу",
    "хэ",
    "линь",
    "лян",
    "сун",
    "тан",
    "хань",
    "фэн",
    "дэн",
    "цао",
    "пэн",
    "цзэн",
    "сяо",
    "тянь",
    "пань",
    "юань",
    "цай",
    "цзян",
    "чэн",
    "вэй",
    "люй",
    "жэнь",
    "шэнь",
    "яо",
    "цзинь",
    "цзя",
    "си",
    "мао",
    "вэнь",
    "нгуен",
    "фам",
    "аун",
];

/// [`EAST_ASIAN_FAMILY_NAMES`] as a set.
static FAMILY_NAMES: std::sync::LazyLock<FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| EAST_ASIAN_FAMILY_NAMES.iter().copied().collect());

/// Builds this module's tables now (see [`super::prepare`]).
pub(super) fn prepare() {
    std::sync::LazyLock::force(&FAMILY_NAMES);
}

/// A Korean, Chinese or Burmese name over tokens `i..j`: a known family name followed by
/// one to three short capitalised syllables («Ким Чен Ын», «Кима Чен Ира», «Хван Чжан
/// Еп», «Аун Сан Су Чжи»). Family name first, the given name as written, its last
/// syllable put back in the nominative when the family name is inflected.
fn east_asian_name(words: &Words, i: usize, j: usize) -> Option<PersonName> {
    if j - i < 2 || j - i > 4 {
        return None;
    }
    let syllable = |k: usize| {
        // One to five letters of two bytes (U+0400-U+04FF) or hyphens of one: a longer
        // token is told from its span without reading it.
        let span = &words.tokens()[k].span;
        if span.byte_end - span.byte_start > 10 {
            return false;
        }
        let word = words.text(k);
        words.is_word(k)
            && (1..=5).contains(&word.chars().count())
            && word.chars().all(|c| is_cyrillic(c) || c == '-')
    };
    if !(i..j).all(syllable) {
        return None;
    }
    let family = words.folded(i);
    // The family name, or its genitive, dative or instrumental: «Кима», «Киму», «Кимом».
    let (base, inflected) = match FAMILY_NAMES.contains(family) {
        true => (family, ""),
        false => ["а", "у", "ом", "е"].iter().find_map(|e| {
            family
                .strip_suffix(e)
                .filter(|b| b.chars().count() >= 3 && FAMILY_NAMES.contains(b))
                .map(|b| (b, *e))
        })?,
    };
    let tokens = words.tokens();
    let written = |k: usize| words.text(k).to_string();
    let mut given: Vec<String> = (i + 1..j).map(written).collect();
    if !inflected.is_empty()
        && let Some(last) = given.last_mut()
        && let Some(stripped) = last.strip_suffix(inflected)
        && !stripped.is_empty()
    {
        *last = stripped.to_string();
    }
    let family_written: String = words.text(i).chars().take(base.chars().count()).collect();
    Some(PersonName {
        start: tokens[i].span.byte_start,
        end: tokens[j - 1].span.byte_end,
        first: Some(given.join(" ")),
        middle: None,
        last: Some(family_written),
        gender: None,
        family_first: true,
    })
}

/// True for a letter of the Cyrillic script.
fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4ff}')
}

/// Particles inside names: «Ле Пен», «бин Ладен», «ван дер Сар», «аль-Хадж».
const PARTICLES: &[&str] = &[
    "ле", "де", "ван", "фон", "дер", "бин", "ибн", "аль", "эль", "да", "ди", "дель", "ла", "дю",
    "ten", "van", "von", "de", "der", "la", "le", "bin", "al", "el", "da", "di", "del",
];

/// True for a case-folded particle.
fn is_particle(folded: &str) -> bool {
    PARTICLES.contains(&folded)
}

/// True when word token `word` can be a full adjective agreeing in case with token `next`,
/// an adjective or noun: «Омском городском», «Таразского регионального».
fn adjective_agrees(words: &Words, word: usize, next: usize) -> bool {
    crate::morph::analyses_agree(words.analyses(word), words.analyses(next))
}

/// True when an unknown word ends like the adjective after it, an adjective chain the
/// dictionary cannot read: «Брукхейвенской национальной лаборатории».
fn same_adjective_ending(words: &Words, word: usize, next: usize) -> bool {
    const ENDINGS: &[&str] = &[
        "ской",
        "ского",
        "скому",
        "ском",
        "ских",
        "ским",
        "ская",
        "ский",
    ];
    let (a, b) = (words.folded(word), words.folded(next));
    ENDINGS.iter().any(|e| a.ends_with(e))
        && words
            .analyses(next)
            .first()
            .is_some_and(|x| x.pos == Pos::Adj)
        && a.chars().rev().take(2).eq(b.chars().rev().take(2))
}

/// Prepositions, conjunctions, pronouns, verbs and adverbs: never part of a name.
/// True when token `i` most likely is a verb form.
fn verb_form(words: &Words, i: usize) -> bool {
    words
        .analyses(i)
        .first()
        .is_some_and(|a| a.pos == Pos::Verb)
}

fn function_word(words: &Words, i: usize) -> bool {
    words.analyses(i).first().is_some_and(|a| {
        a.known
            && matches!(
                a.pos,
                Pos::Adp
                    | Pos::Cconj
                    | Pos::Sconj
                    | Pos::Pron
                    | Pos::Verb
                    | Pos::Adv
                    | Pos::Part
                    | Pos::Aux
                    | Pos::Det
            )
    })
}

/// True when a post announces the run starting at token `i`: the post word stands just
/// before it, or a few tokens before with only lower-case words, places, organizations and
/// abbreviations between («посол Японии в России Масахару Коно», «председатель КНР Ху
/// Цзиньтао», «глава японского МИДа Сэйдзи Маэхара»).
fn role_before(
    words: &Words,
    i: usize,
    lexicon: &PersonLexicon,
    taken: &dyn Fn(usize, usize) -> bool,
) -> bool {
    let tokens = words.tokens();
    let sentence = tokens[i].sentence;
    for back in 1..=6 {
        let Some(k) = i.checked_sub(back) else {
            return false;
        };
        let token = &tokens[k];
        if token.sentence != sentence || token.kind != TokenKind::Word {
            return false;
        }
        let word = words.text(k);
        if lexicon.is_role_at(words, k) {
            return true;
        }
        let lower = word.chars().next().is_some_and(crate::segment::is_lower);
        let upper_abbreviation = word
            .chars()
            .all(|c| crate::segment::is_upper(c) || c == '-');
        if !(lower || upper_abbreviation || taken(token.span.byte_start, token.span.byte_end)) {
            return false;
        }
    }
    false
}

#[inline(always)]
fn is_name_token(token: &Token, text: &str) -> bool {
    // Tests joined with `&` and `|` rather than branches, which would be mispredicted
    // about as often as taken: most tokens are no name.
    let word = token.kind == TokenKind::Word;
    if (token.kind == TokenKind::Initial) | (word & token.shape.capitalised()) {
        return true;
    }
    // A particle name has a hyphen, so it is not a word of letters only.
    (word & !token.letters_only & token.shape.starts_lower()) && particle_name(token.text(text))
}

/// An Arabic name with its article joined by a hyphen: «эль-Масри», «аль-Хадж».
fn particle_name(word: &str) -> bool {
    // The article is two or three Cyrillic letters: the hyphen is the fifth or seventh byte.
    let bytes = word.as_bytes();
    (bytes.get(4) == Some(&b'-') || bytes.get(6) == Some(&b'-'))
        && [
            "аль-", "эль-", "ад-", "ас-", "ат-", "ар-", "ан-", "аш-", "уль-",
        ]
        .iter()
        .any(|p| word.strip_prefix(p).is_some_and(is_capitalised))
}

/// Splits a run's parts into candidate names: stretches without common words, cut again
/// where a second first name starts after a surname («… Иванов Петр Сидоров»). The
/// names go into `out`, emptied first.
fn split_names(parts: &[Part], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start = None;
    for (k, part) in parts.iter().enumerate() {
        match part {
            Part::Common => {
                if let Some(s) = start.take() {
                    out.push((s, k));
                }
            }
            Part::First(..)
                if start.is_some_and(|s| k - s >= 2)
                    && matches!(parts[k - 1], Part::Surname | Part::Patronymic(_)) =>
            {
                if let Some(s) = start.replace(k) {
                    out.push((s, k));
                }
            }
            _ => {
                if start.is_none() {
                    start = Some(k);
                }
            }
        }
    }
    if let Some(s) = start {
        out.push((s, parts.len()));
    }
}

/// What stands around a candidate name. The facts that take a look-up are answered when
/// asked.
#[derive(Clone, Copy)]
struct Surroundings<'s> {
    /// A game clock stands right before it, as in a match report's list of goals: «•
    /// 1:1 — 03:54 Бернс (Рой, Грин)».
    after_game_clock: &'s dyn Fn() -> bool,
    /// A post announces it.
    role_before: &'s dyn Fn() -> bool,
    /// It starts a sentence (or follows a dash or colon).
    sentence_start: bool,
    /// An opening quote stands right before it: the name of a thing («Орион»).
    quoted: bool,
    /// A preposition of place or a place's descriptor stands before it («в Тусоне»,
    /// «в районе Тоттенхэм»).
    after_place_preposition: &'s dyn Fn() -> bool,
    /// It is one word used as an adjective before an agreeing lower-case word
    /// («Таразского регионального университета»).
    adjective_before_noun: &'s dyn Fn() -> bool,
    /// A finite verb follows it: it is the subject of a clause («Нисипяну занимает»).
    verb_after: &'s dyn Fn() -> bool,
    /// A verb of saying stands right before it: «— подытожил Шендерович».
    speech_before: &'s dyn Fn() -> bool,
}

/// Lemmas of verbs of saying, which put the speaker after them in reported speech.
const SPEECH_VERBS: &[&str] = &[
    "сказать",
    "заявить",
    "отметить",
    "подчеркнуть",
    "подытожить",
    "говорить",
    "сообщить",
    "добавить",
    "пояснить",
    "рассказать",
    "уточнить",
    "ответить",
    "заметить",
    "признать",
    "констатировать",
    "резюмировать",
    "напомнить",
    "считать",
    "полагать",
    "утверждать",
];

fn name_from(
    text: &str,
    run: &[Token],
    parts: &[Part],
    around: Surroundings,
    morph: &Morph,
) -> Option<PersonName> {
    if around.quoted {
        return None;
    }
    // Latin-script names in Russian text are mostly companies and products (Philips, Sun
    // Microsystems); a person's Latin name is taken only as the transliteration of a name
    // just found (see `transliterations`).
    if run.iter().all(|t| t.text(text).is_ascii()) {
        return None;
    }
    let strong = parts.iter().any(|p| p.names_a_person());
    let words = parts.iter().filter(|p| **p != Part::Initial).count();
    let name_like = |p: &Part| {
        matches!(
            p,
            Part::First(..) | Part::Surname | Part::Unknown | Part::Particle | Part::Patronymic(_)
        )
    };
    let accepted = if words == 0 {
        false
    } else if parts.len() >= 2 {
        strong
            || (around.role_before)()
            || (parts.iter().any(|p| matches!(p, Part::First(..)))
                && parts.contains(&Part::Surname))
            // Two or three unknown capitalised words inside a sentence: a foreign name
            // («Горацио Элисондо», «Саеб Эрекат»).
            || (parts.len() <= 3 && !around.sentence_start && parts.iter().all(name_like))
    } else if (around.after_place_preposition)() || (around.adjective_before_noun)() {
        false
    } else {
        match parts[0] {
            Part::First(_, false) => true,
            Part::First(_, true) => (around.role_before)(),
            Part::Surname => {
                (around.role_before)()
                    || (around.verb_after)()
                    || (around.speech_before)()
                    || (around.after_game_clock)()
                    || (known_surname(morph, run[0].text(text))
                        && !(around.sentence_start && common_word(morph, run[0].text(text))))
            }
            // A surname-like or unknown word that a verb follows is someone acting: «Бонер
            // объявил», «Нисипяну занимает».
            Part::Unknown => {
                (around.role_before)()
                    || (around.verb_after)()
                    || (around.speech_before)()
                    || (around.after_game_clock)()
            }
            // Alone, a word like a patronymic is a surname: «— подытожил Шендерович».
            Part::Patronymic(_) => {
                (around.role_before)() || (around.verb_after)() || (around.speech_before)()
            }
            _ => false,
        }
    };
    if !accepted {
        return None;
    }
    let start = run[0].span.byte_start;
    let end = run[run.len() - 1].span.byte_end;
    // One word per token, so that glued initials («В.В.Путиным») line up with their tokens;
    // the text itself when its words are apart already (nearly always). The run has only
    // spaces between its tokens (see `find_persons`), so they are apart where those are.
    let written = &text[start..end];
    let apart = run
        .windows(2)
        .all(|pair| pair[0].span.byte_end < pair[1].span.byte_start);
    debug_assert_eq!(apart, written.split_whitespace().count() == run.len());
    let nominative = if apart {
        morph.person_nominative_cached(written)
    } else {
        let spaced = run
            .iter()
            .map(|t| t.text(text))
            .collect::<Vec<_>>()
            .join(" ");
        morph.person_nominative_cached(&spaced)
    };
    let normal: Vec<&str> = nominative.split_whitespace().collect();
    // person_nominative keeps the words in order; should it ever merge words, align from
    // the end.
    let aligned = |k: usize| -> String {
        let offset = normal.len() as isize - run.len() as isize;
        let idx = k as isize + offset;
        if offset == 0 || idx >= 0 {
            normal
                .get(idx.max(0) as usize)
                .map_or_else(|| run[k].text(text).to_string(), |s| s.to_string())
        } else {
            run[k].text(text).to_string()
        }
    };
    let mut name = PersonName {
        start,
        end,
        first: None,
        middle: None,
        last: None,
        gender: None,
        family_first: false,
    };
    let mut initials: Vec<String> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        match part {
            Part::Initial => initials.push(run[k].text(text).to_string()),
            Part::First(gender, _) if name.first.is_none() => {
                name.first = Some(aligned(k));
                name.gender = name.gender.or(Some(*gender));
            }
            Part::Patronymic(gender) if name.middle.is_none() && parts.len() > 1 => {
                name.middle = Some(aligned(k));
                name.gender = name.gender.or(Some(*gender));
            }
            _ => {
                let word = aligned(k);
                name.last = Some(match name.last.take() {
                    // «Алебаева Айжан Алебаева»: the same surname twice is one surname.
                    Some(previous) if fold(&previous) == fold(&word) => previous,
                    Some(previous) => format!("{previous} {word}"),
                    None => word,
                });
            }
        }
    }
    if name.first.is_none() && !initials.is_empty() {
        name.first = Some(initials[0].clone());
        if initials.len() > 1 {
            name.middle = Some(initials[1..].join(" "));
        }
    }
    if name.gender.is_none()
        && let Some(last) = &name.last
    {
        let l = fold(last);
        if ["ова", "ева", "ина", "ская", "цкая", "ына"]
            .iter()
            .any(|e| l.ends_with(e))
        {
            name.gender = Some(Gender::Fem);
        }
    }
    Some(name)
}

/// True when the lower-case word is a common word of the dictionary («Путина» is not,
/// «Сегодня» is).
fn common_word(morph: &Morph, word: &str) -> bool {
    morph
        .analyze_cached(&crate::segment::lowercase(word))
        .first()
        .is_some_and(|a| a.known && !a.surname && !a.first_name && a.prob >= 0.5)
}

fn known_surname(morph: &Morph, word: &str) -> bool {
    morph
        .analyze_cached(word)
        .first()
        .is_some_and(|a| a.surname && a.known && a.prob >= 0.5)
}

/// A Latin-script name in brackets right after a person's name is the same person
/// written in the original: «Джоэл Саймон (Joel Simon)».
fn transliterations(text: &str, tokens: &[Token], found: &[PersonName]) -> Vec<PersonName> {
    let mut out = Vec::new();
    for name in found {
        let at = tokens.partition_point(|t| t.span.byte_start < name.end);
        if tokens.get(at).is_none_or(|t| t.text(text) != "(") {
            continue;
        }
        let mut end = at + 1;
        while end < tokens.len()
            && end - at <= 4
            && tokens[end].kind == TokenKind::Word
            && tokens[end].text(text).is_ascii()
            && (tokens[end].shape.capitalised() || is_particle(&fold(tokens[end].text(text))))
        {
            end += 1;
        }
        if end - at >= 2 && tokens.get(end).is_some_and(|t| t.text(text) == ")") {
            out.push(PersonName {
                start: tokens[at + 1].span.byte_start,
                end: tokens[end - 1].span.byte_end,
                ..name.clone()
            });
        }
    }
    out
}

/// The first three characters of a word (all of a shorter one).
fn first_three_letters(word: &str) -> &str {
    let end = word.char_indices().nth(3).map_or(word.len(), |(at, _)| at);
    &word[..end]
}

/// A filter bit for a word by its first two bytes (a Cyrillic letter, or two Latin ones).
fn start_bit(word: &[u8]) -> u64 {
    match word {
        [a, b, ..] => 1 << ((u32::from(*b) ^ u32::from(*a) << 5) & 63),
        _ => 1,
    }
}

/// Mentions of a surname already named in the document, in any case form, that the first
/// pass did not take («Утебаева», «Утебаевой» after «Динара Утебаева»).
fn repeated_surnames(
    words: &Words,
    found: &[PersonName],
    taken: &dyn Fn(usize, usize) -> bool,
) -> Vec<PersonName> {
    // The stems of the surnames found, in text order, and a filter of their first two
    // bytes, so that most words meet none of them.
    let mut stems: Vec<(String, &PersonName)> = Vec::with_capacity(found.len());
    let mut starts = 0u64;
    for n in found {
        let Some(last) = n.last.as_deref() else {
            continue;
        };
        if last.contains(' ') || last.chars().count() < 3 {
            continue;
        }
        let folded = fold(last);
        let stem = folded
            .strip_suffix(['а', 'я'])
            .unwrap_or(&folded)
            .to_string();
        if !stems.iter().any(|(s, _)| *s == stem) {
            starts |= start_bit(stem.as_bytes());
            stems.push((stem, n));
        }
    }
    if stems.is_empty() {
        return Vec::new();
    }
    // The stems by their first three letters, so that in a long document a word meets
    // only the few stems it may have («Ир», of «Ира», only a word of two letters).
    let mut by_prefix: rustc_hash::FxHashMap<&str, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (k, (stem, _)) in stems.iter().enumerate() {
        by_prefix
            .entry(first_three_letters(stem))
            .or_default()
            .push(k);
    }
    // `found` is in text order, so whether a word is inside a name is a binary search.
    let inside_found = |start: usize, end: usize| {
        let at = found.partition_point(|n| n.end <= start);
        found
            .get(at)
            .is_some_and(|n| n.start <= start && end <= n.end)
    };
    let mut out = Vec::new();
    for (k, token) in words.tokens().iter().enumerate() {
        // Both tests at once (`&`, not `&&`): a branch on each is hard to predict.
        if !((token.kind == TokenKind::Word) & token.shape.capitalised()) {
            continue;
        }
        if starts & start_bit(words.folded_bytes(k)) == 0 {
            continue;
        }
        let word = words.folded(k);
        let Some(bucket) = by_prefix.get(first_three_letters(word)) else {
            continue;
        };
        let (start, end) = (token.span.byte_start, token.span.byte_end);
        if inside_found(start, end) || taken(start, end) {
            continue;
        }
        for (stem, person) in bucket.iter().map(|&k| &stems[k]) {
            if let Some(rest) = word.strip_prefix(stem.as_str())
                && [
                    "", "а", "у", "ом", "е", "ым", "ой", "ую", "ого", "ому", "им", "ем", "ы", "ю",
                ]
                .contains(&rest)
            {
                out.push(PersonName {
                    start,
                    end,
                    first: None,
                    middle: None,
                    last: person.last.clone(),
                    gender: person.gender,
                    family_first: person.family_first,
                });
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    #[test]
    fn every_part_survives_its_note() {
        let genders = [Gender::Masc, Gender::Fem, Gender::Neut];
        let mut parts = vec![
            Part::Surname,
            Part::Initial,
            Part::Common,
            Part::Unknown,
            Part::Particle,
        ];
        for g in genders {
            parts.extend([
                Part::First(g, false),
                Part::First(g, true),
                Part::Patronymic(g),
            ]);
        }
        let mut notes = std::collections::HashSet::new();
        for part in parts {
            assert_eq!(Part::from_note(part.to_note()), Some(part), "{part:?}");
            assert!(notes.insert(part.to_note()), "{part:?} shares its note");
        }
        assert_eq!(Part::from_note(0), None);
    }

    #[test]
    fn classify_answers_from_the_note_it_left() {
        let lexicon = PersonLexicon::builtin().expect("lexicon loads");
        let text = "Встретились Ирина Петровна Сидоренко и Москва.";
        let seg = segment(text);
        let folded = fold(text);
        let words = Words::new(text, &folded, &seg.tokens, Morph::shared());
        let at = [1, 2, 3, 5];
        let parts: Vec<Part> = at.iter().map(|&i| classify(&lexicon, &words, i)).collect();
        assert_eq!(
            parts,
            [
                Part::First(Gender::Fem, false),
                Part::Patronymic(Gender::Fem),
                Part::Surname,
                Part::Common,
            ]
        );
        // The answers are noted on the words' cached analyses, for this lexicon only.
        for (&i, part) in at.iter().zip(parts) {
            let again = Words::new(text, &folded, &seg.tokens, Morph::shared());
            assert_eq!(again.entry(i).note(lexicon.id), Some(part.to_note()));
            assert_eq!(again.entry(i).note(lexicon.id + 1), None);
            assert_eq!(classify(&lexicon, &again, i), part);
        }
    }

    fn names(text: &str) -> Vec<String> {
        let lexicon = PersonLexicon::builtin().expect("lexicon loads");
        let seg = segment(text);
        let folded = fold(text);
        let words = Words::new(text, &folded, &seg.tokens, Morph::shared());
        find_persons(&words, &lexicon, &|_, _| false)
            .iter()
            .map(|n| format!("{}={}", &text[n.start..n.end], n.canonical()))
            .collect()
    }

    #[test]
    fn same_canonical_agrees_with_canonical() {
        let name =
            |first: Option<&str>, middle: Option<&str>, last: Option<&str>, asian| PersonName {
                start: 0,
                end: 0,
                first: first.map(str::to_string),
                middle: middle.map(str::to_string),
                last: last.map(str::to_string),
                gender: None,
                family_first: asian,
            };
        let all = [
            name(Some("Динара"), None, Some("Утебаева"), false),
            name(Some("Динара"), Some("Иманжановна"), Some("Утебаева"), false),
            name(Some("Д."), Some("И."), Some("Утебаева"), false),
            name(Some("Д."), None, Some("Утебаева"), false),
            name(Some("Ержан"), Some("Амирбекулы"), None, false),
            name(None, None, Some("Утебаева"), false),
            name(Some("Динара Утебаева"), None, None, false),
            name(Some("Чен Ын"), None, Some("Ким"), true),
            name(Some("Ким"), None, Some("Чен Ын"), false),
            name(None, None, None, false),
        ];
        assert_eq!(all[1].canonical(), "Динара Утебаева");
        assert_eq!(all[2].canonical(), "Д. И. Утебаева");
        assert_eq!(all[7].canonical(), "Ким Чен Ын");
        for a in &all {
            for b in &all {
                assert_eq!(
                    a.same_canonical(b),
                    a.canonical() == b.canonical(),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn names_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "после смерти Кима Чен Ира КНДР, отец Кима Чен Ира Ким Ир Сен и другие.",
                &[
                    "Кима Чен Ира=Ким Чен Ир",
                    "Кима Чен Ира=Ким Чен Ир",
                    "Ким Ир Сен=Ким Ир Сен",
                ],
            ),
            (
                "Председатель Хван Чжан Еп бежал, а Аун Сан Су Чжи выпущена.",
                &["Хван Чжан Еп=Хван Чжан Еп", "Аун Сан Су Чжи=Аун Сан Су Чжи"],
            ),
            (
                "«в нечто единое», – подытожил Шендерович. «Он мёртв», сказал Стэйнтон.",
                &["Шендерович=Шендерович", "Стэйнтон=Стэйнтон"],
            ),
            ("Марк рассказал Викиновостям, что рабочие", &["Марк=Марк"]),
            (
                "беспорядков в лондонском районе Тоттенхэм стало убийство",
                &[],
            ),
            ("Находясь в Тусоне, Кэтрин не знала", &["Кэтрин=Кэтрин"]),
            (
                "Судья Маркус Мерк (Германия) вышел",
                &["Маркус Мерк=Маркус Мерк"],
            ),
            (
                "• 1:1 — 03:54 Бернс (Рой, Грин) • 4:2 — 29:56 Хитли (Гецлаф), ГБ",
                &["Бернс=Бернс", "Хитли=Хитли", "Гецлаф=Гецлаф"],
            ),
            (
                "Вчера В.В.Путин встретился с Медведевым Д.А. и с М. Х. Дулати.",
                &[
                    "В.В.Путин=В. В. Путин",
                    "Медведевым Д.А.=Д. А. Медведев",
                    "М. Х. Дулати=М. Х. Дулати",
                ],
            ),
            (
                "переправили гражданина Германии Халеда эль-Масри в Афганистан",
                &["Халеда эль-Масри=Халед эль-Масри"],
            ),
            (
                "поскольку Фелипе Масса также был вынужден стартовать",
                &["Фелипе Масса=Фелипе Масса"],
            ),
            (
                "Исследователи Брукхейвенской национальной лаборатории сообщили",
                &[],
            ),
            (
                "официально считается отец Ким Ир Сен.",
                &["Ким Ир Сен=Ким Ир Сен"],
            ),
            (
                "Основатель MySQL Майкл Видениус заявил, лидер Аль-Кайды Усама бин Ладен",
                &[
                    "Майкл Видениус=Майкл Видениус",
                    "Усама бин Ладен=Усама бин Ладен",
                ],
            ),
            (
                "голы забили министр Иванов, Гецлаф и Хитли",
                &["Иванов=Иванов", "Гецлаф=Гецлаф", "Хитли=Хитли"],
            ),
            (
                "водитель Джимми Ли Дайкс и Марин Ле Пен, гонщик Хуан Пабло Монтойя",
                &[
                    "Джимми Ли Дайкс=Джимми Ли Дайкс",
                    "Марин Ле Пен=Марин Ле Пен",
                    "Хуан Пабло Монтойя=Хуан Пабло Монтойя",
                ],
            ),
            (
                "Со своей стороны, Динара Утебаева, руководитель фонда",
                &["Динара Утебаева=Динара Утебаева"],
            ),
            (
                "встреча с Артёмом Метелевым прошла",
                &["Артёмом Метелевым=Артём Метелев"],
            ),
            (
                "Андрей Кочеров, директор департамента",
                &["Андрей Кочеров=Андрей Кочеров"],
            ),
            (
                "в лице сопредседателя организации Владимира Витченко.",
                &["Владимира Витченко=Владимир Витченко"],
            ),
            ("Выступил В. В. Путин.", &["В. В. Путин=В. В. Путин"]),
            ("заявил Путин В.В. вчера", &["Путин В.В.=В. В. Путин"]),
            ("президент Путин заявил", &["Путин=Путин"]),
            (
                "Парида Иманжановна Мамедова отметила",
                &["Парида Иманжановна Мамедова=Парида Мамедова"],
            ),
            (
                "Динара Утебаева сказала. Утебаевой ответили.",
                &["Динара Утебаева=Динара Утебаева", "Утебаевой=Утебаева"],
            ),
            (
                "проректор Ержан Амирбекулы отметил",
                &["Ержан Амирбекулы=Ержан Амирбекулы"],
            ),
            (
                "руководитель Алебаева Айжан Алебаева, а также",
                &["Алебаева Айжан Алебаева=Айжан Алебаева"],
            ),
            ("проректор Таразского регионального университета", &[]),
            ("Сегодня в Кургане тепло.", &[]),
            ("Председатель совета выступил", &[]),
        ];
        for (text, expected) in table {
            assert_eq!(&names(text), expected, "{text}");
        }
    }
}
