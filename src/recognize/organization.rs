//! Organizations: names built around a head word, quoted names with their descriptor,
//! and Latin-script names.
//!
//! * A head word (ассоциация, фонд, совет, министерство, университет, …, in any case)
//!   with the adjectives before it and the genitive chain after it: «Ассоциации молодых
//!   депутатов Казахстана», «Департамента образования и науки Курганской области»,
//!   «Молодежного общественного Совета при Омском городском Совете», «правительства США».
//!   Such a phrase is a name when it is capitalised, or names a place or organization in
//!   its chain, or carries a quoted or Latin name.
//! * A descriptor followed by a quoted name: «детской общественной организации Курганской
//!   области «Открытый мир»», «газета «Ведомости»»; when the descriptor is generic
//!   (организация, фонд, компания, …) the organization is named by the quoted name alone.
//! * A capitalised Latin-script run that is not a person: «Facebook», «Sun Microsystems».
//! * A quoted name after a verb of reporting: «сообщает «Лента.ру»».

use crate::morph::Pos;
use crate::segment::{
    PrefixSet, Token, TokenKind, WordSet, capitalise_first, folded_eq, is_roman_numeral,
    only_spaces_between as spaced, opens_clause,
};
use crate::words::Words;

/// Lemmas of the nouns that head an organization's name.
const HEADS: &[&str] = &[
    "ассоциация",
    "фонд",
    "совет",
    "палата",
    "посольство",
    "консульство",
    "университет",
    "управление",
    "департамент",
    "министерство",
    "партия",
    "движение",
    "центр",
    "институт",
    "клуб",
    "альянс",
    "сеть",
    "объединение",
    "организация",
    "компания",
    "корпорация",
    "банк",
    "агентство",
    "служба",
    "комитет",
    "комиссия",
    "суд",
    "прокуратура",
    "администрация",
    "правительство",
    "дума",
    "парламент",
    "академия",
    "колледж",
    "лицей",
    "гимназия",
    "школа",
    "театр",
    "музей",
    "союз",
    "федерация",
    "холдинг",
    "концерн",
    "завод",
    "фабрика",
    "комбинат",
    "издательство",
    "газета",
    "журнал",
    "телеканал",
    "радиостанция",
    "ассамблея",
    "фракция",
    "инспекция",
    "бюро",
    "штаб",
    "мэрия",
    "акимат",
    "маслихат",
    "собрание",
    "конгресс",
    "сенат",
    "меджлис",
    "мажилис",
    "кабинет",
    "сборная",
    "команда",
    "лига",
    "общество",
    "группа",
    "корпус",
    "трест",
    "биржа",
    "казначейство",
    "минобороны",
    "минздрав",
    "минфин",
    "минобрнауки",
    "минюст",
    "мид",
    "мвд",
    "фсб",
    "издание",
    "портал",
    "телекомпания",
    "информагентство",
    "епархия",
    "патриархат",
    "церковь",
    "синод",
    "больница",
    "поликлиника",
    "библиотека",
    "консерватория",
    "семинария",
    "представительство",
    "отделение",
    "филиал",
    "коллегия",
    "трибунал",
    "полиция",
    "милиция",
    "армия",
    "флот",
    "хор",
    "оркестр",
    "ансамбль",
    "фронт",
    "ведомство",
    "отдел",
    "кафедра",
    "обком",
    "горком",
    "райком",
    "профсоюз",
    "лаборатория",
    "госпиталь",
    "архив",
    "еженедельник",
    "редакция",
    "делегация",
    "фирма",
];

/// Descriptors that only say what kind of body a quoted name is: the name alone is the
/// organization's name («общественная организация «Открытый мир»» → «Открытый мир»).
const GENERIC: &[&str] = &[
    "организация",
    "фонд",
    "компания",
    "корпорация",
    "объединение",
    "движение",
    "общество",
    "газета",
    "журнал",
    "издание",
    "телеканал",
    "радиостанция",
    "агентство",
    "холдинг",
    "концерн",
    "банк",
    "клуб",
    "партия",
    "союз",
    "группа",
    "портал",
    "сеть",
    "центр",
    "ассоциация",
    "телекомпания",
    "информагентство",
    "завод",
    "фабрика",
    "театр",
    "команда",
    "оао",
    "ооо",
    "зао",
    "пао",
    "ао",
    "нко",
    "ано",
    "тоо",
    "ип",
    "гу",
    "кгу",
    "ооо",
];

/// Bodies that news name by their kind alone, meaning the one of the place in question
/// («полиция задержала», «сотрудники полиции», «в мэрии»).
const BARE_BODIES: &[&str] = &["полиция", "мэрия"];

/// Legal-form abbreviations that work as descriptors before a quoted name.
const LEGAL_FORMS: &[&str] = &[
    "ООО", "ОАО", "ЗАО", "ПАО", "АО", "НКО", "АНО", "ТОО", "ИП", "ГУ", "КГУ", "РОО", "ОО", "ОФ",
    "МОО", "РОФ", "ГККП", "РГП", "ФГУП", "МУП", "ГБУ", "МБУ",
];

/// Verbs and phrases after which a quoted name is a news outlet («сообщает «Интерфакс»»).
const REPORTING: &[&str] = &[
    "сообщает",
    "сообщают",
    "сообщил",
    "сообщила",
    "пишет",
    "пишут",
    "передает",
    "передают",
    "цитирует",
    "данным",
    "сообщению",
    "информации",
    "словам",
    "интервью",
    "изданию",
    "газете",
    "агентству",
    "телеканалу",
    "порталу",
    "агентства",
    "издания",
    "газеты",
];

/// An organization found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationName {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// Canonical name in the nominative.
    pub name: String,
    /// True for an organization named inside another after «при».
    pub nested: bool,
}

/// What a byte range of the text already is, from the gazetteers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    /// Nothing known.
    Free,
    /// A place or organization (may be inside an organization's name).
    Name,
    /// A person.
    Person,
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(crate::segment::is_upper)
}

/// Lower-case words inside Latin names («Bank of China», «Harles und Jentzsch»).
const LATIN_CONNECTORS: &[&str] = &[
    "and", "of", "the", "for", "to", "und", "de", "du", "la", "&",
];

fn is_latin_name(word: &str) -> bool {
    // Codes with digits (STS-124, HTML5) are not names.
    word.is_ascii()
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word.len() > 1
        && !word.chars().any(|c| c.is_ascii_digit())
}

/// First letters of the head words.
static HEAD_PREFIXES: std::sync::LazyLock<PrefixSet> =
    std::sync::LazyLock::new(|| PrefixSet::new(HEADS.iter().copied()));

/// Every dictionary form of every head word, case-folded. A word without a hyphen that is
/// not among them cannot have a head word as its lemma, so it skips the dictionary.
static HEAD_FORMS: std::sync::LazyLock<WordSet> =
    std::sync::LazyLock::new(|| WordSet::new(head_forms(crate::morph::Morph::shared())));

/// The forms of the head words in `morph`'s dictionary (with the heads themselves, which
/// is all there is without a dictionary).
fn head_forms(morph: &crate::morph::Morph) -> Vec<String> {
    let mut forms: Vec<String> = HEADS.iter().map(|h| crate::segment::fold(h)).collect();
    for head in HEADS {
        forms.extend(dictionary_forms(morph, head));
    }
    forms
}

/// Every form, case-folded, of the words of `morph`'s dictionary whose lemma is `lemma`
/// (none without a dictionary).
fn dictionary_forms(morph: &crate::morph::Morph, lemma: &str) -> Vec<String> {
    let Some(dictionary) = morph.dictionary() else {
        return Vec::new();
    };
    let mut forms = Vec::new();
    for lexeme in dictionary
        .analyze(lemma)
        .iter()
        .filter(|a| folded_eq(&a.lemma, lemma))
    {
        for form in dictionary.forms(lexeme) {
            forms.push(crate::segment::fold(&form.word));
        }
    }
    forms
}

/// [`HEADS`] as a set.
static HEAD_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| HEADS.iter().copied().collect());

/// Builds this module's tables now (see [`super::prepare`]).
pub(super) fn prepare() {
    use std::sync::LazyLock;
    LazyLock::force(&HEAD_PREFIXES);
    LazyLock::force(&HEAD_FORMS);
    LazyLock::force(&HEAD_SET);
    LazyLock::force(&ENDING_TAILS);
    LazyLock::force(&VEHICLE_PREFIXES);
    LazyLock::force(&NOT_ORGANIZATION_SET);
}

/// The head lemma of word token `i`, if it is a form of one.
fn head_lemma(words: &Words, i: usize) -> Option<&'static str> {
    if !words.is_word(i) {
        return None;
    }
    // A compound is headed by its last part: «интернет-издания», «пресс-службы».
    let folded = words.folded(i);
    // A word of letters only has no hyphen.
    let compound = !words.tokens()[i].letters_only && folded.bytes().any(|b| b == b'-');
    let folded_tail = match compound {
        true => folded.rsplit('-').next().unwrap_or(folded),
        false => folded,
    };
    let may_be_head = match compound {
        true => HEAD_PREFIXES.may_contain(folded_tail),
        false => HEAD_FORMS.contains(folded),
    };
    if !may_be_head {
        return None;
    }
    if let Some(head) = HEAD_SET.get(folded) {
        return Some(head);
    }
    words
        .analyses(i)
        .iter()
        .take(3)
        .filter(|a| matches!(a.pos, Pos::Noun | Pos::Propn))
        .find_map(|a| {
            let lemma = match compound {
                true => a.lemma.rsplit('-').next().unwrap_or(&a.lemma),
                false => &a.lemma,
            };
            // Lemmas are lower case; only «ё» (D1 91) needs folding. Most have no byte
            // 91 at all, which memchr tells at once.
            match memchr::memchr(0x91, lemma.as_bytes()).is_some() && lemma.contains('ё') {
                false => HEAD_SET.get(lemma).copied(),
                true => HEADS.iter().find(|h| folded_eq(lemma, h)).copied(),
            }
        })
}

/// Endings of full adjectives and participles in any case, to skip the dictionary for
/// words that cannot be one.
const ADJECTIVE_ENDINGS: &[&str] = &[
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ым", "им",
    "ом", "ем", "ей", "ую", "юю", "ых", "их", "ыми", "ими", "ою", "ею",
];

/// True when token `i` is a full adjective or participle.
fn is_adjective(words: &Words, i: usize) -> bool {
    if !has_adjective_ending(words.folded_bytes(i)) {
        return false;
    }
    words
        .analyses(i)
        .iter()
        .take(2)
        .any(|a| a.pos == Pos::Adj || (a.pos == Pos::Verb && a.case.is_some()))
}

/// The last two letters of the [`ADJECTIVE_ENDINGS`] of two letters, and the last three
/// of those of three, each as the number its bytes make; every ending is Cyrillic.
static ENDING_TAILS: std::sync::LazyLock<(Vec<u64>, Vec<u64>)> = std::sync::LazyLock::new(|| {
    let of_length = |n: usize| -> Vec<u64> {
        ADJECTIVE_ENDINGS
            .iter()
            .filter(|e| e.len() == n)
            .map(|e| e.bytes().fold(0u64, |v, b| v << 8 | u64::from(b)))
            .collect()
    };
    (of_length(4), of_length(6))
});

/// True when the folded word `bytes` ends in one of [`ADJECTIVE_ENDINGS`]: its last four
/// bytes, then its last six, are compared as numbers with those of the endings.
fn has_adjective_ending(bytes: &[u8]) -> bool {
    let tail = |n: usize| {
        bytes
            .len()
            .checked_sub(n)
            .map(|at| bytes[at..].iter().fold(0u64, |v, &b| v << 8 | u64::from(b)))
    };
    let (two, three) = &*ENDING_TAILS;
    tail(4).is_some_and(|last| two.contains(&last))
        || tail(6).is_some_and(|last| three.contains(&last))
}

/// True when adjective token `adjective` (not a participle) can agree with noun token
/// `noun` in case.
fn agrees(words: &Words, adjective: usize, noun: usize) -> bool {
    let noun_cases: Vec<_> = words
        .analyses(noun)
        .iter()
        .take(4)
        .filter_map(|a| a.case)
        .collect();
    words
        .analyses(adjective)
        .iter()
        .take(4)
        .filter(|a| a.pos == Pos::Adj)
        .any(|a| a.case.is_some_and(|c| noun_cases.contains(&c)))
}

/// True when token `i` can be in the genitive.
fn is_genitive(words: &Words, i: usize) -> bool {
    let analyses = words.analyses(i);
    if analyses.first().is_some_and(|a| {
        matches!(
            a.pos,
            Pos::Adp | Pos::Cconj | Pos::Sconj | Pos::Pron | Pos::Part
        )
    }) {
        return false;
    }
    analyses.iter().take(4).any(|a| {
        matches!(
            a.pos,
            Pos::Noun | Pos::Adj | Pos::Propn | Pos::Num | Pos::Det
        ) && a.case.is_some_and(|c| c.as_ud() == "Gen")
    })
}

/// True for an opening quote. Always inlined: asked at almost every token, and most
/// tokens are not quotes at all.
#[inline(always)]
fn is_open_quote(token: &Token, text: &str) -> bool {
    token.kind == TokenKind::Quote && matches!(token.text(text), "«" | "„" | "“" | "\"")
}

/// The index past the closing quote of a quoted name opening at `open`, nested quotes
/// included, within `limit` tokens; `None` when it does not close.
fn closing_quote(text: &str, tokens: &[Token], open: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let straight = tokens[open].text(text) == "\"";
    for k in open..tokens.len().min(open + limit) {
        let t = &tokens[k];
        if t.sentence != tokens[open].sentence {
            return None;
        }
        let s = t.text(text);
        if t.kind != TokenKind::Quote {
            continue;
        }
        if straight {
            if k > open && s == "\"" {
                return Some(k + 1);
            }
            continue;
        }
        match s {
            "«" | "„" => depth += 1,
            "»" | "“" | "”" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    // «Гражданский альянс «ГрИн»» may close both at once, or once.
                    let mut end = k + 1;
                    while end < tokens.len()
                        && tokens[end].text(text) == "»"
                        && tokens[end].span.byte_start == tokens[end - 1].span.byte_end
                    {
                        end += 1;
                    }
                    return Some(end);
                }
            }
            _ => {}
        }
    }
    None
}

/// Finds organizations in a document; `taken` says what the gazetteers and the person
/// recognizer already hold at a byte range.
pub fn find_organizations(
    words: &Words,
    taken: &dyn Fn(usize, usize) -> Taken,
) -> Vec<OrganizationName> {
    let text = words.text_all();
    let tokens = words.tokens();
    // The head lemma of every token, decided once per token.
    let mut heads: Vec<Option<&'static str>> =
        Vec::with_capacity(crate::buffer::capacity_for(tokens.len()));
    heads.extend((0..tokens.len()).map(|i| head_lemma(words, i)));
    // Where the heads are, for a cursor that finds the next one at or after a token.
    let head_tokens: Vec<usize> = (0..heads.len()).filter(|&k| heads[k].is_some()).collect();
    let mut next_head = 0;
    let mut out: Vec<OrganizationName> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // Every pattern below needs a head word within reach, a capital (abbreviations,
        // legal forms, Latin names) or an opening quote: most tokens have none.
        while head_tokens.get(next_head).is_some_and(|&h| h < i) {
            next_head += 1;
        }
        let head_near = head_tokens.get(next_head).is_some_and(|&h| h < i + 6);
        // The three tests at once (`|`, not `||`): a branch on each is hard to predict.
        if !(head_near | tokens[i].shape.starts_upper() | (tokens[i].kind == TokenKind::Quote)) {
            i += 1;
            continue;
        }
        let mut nested = Vec::new();
        if let Some((end_token, name)) =
            head_phrase(words, i, &heads, head_near, taken, &mut nested)
        {
            let start = tokens[i].span.byte_start;
            let end = tokens[end_token - 1].span.byte_end;
            out.push(OrganizationName {
                start,
                end,
                name,
                nested: false,
            });
            out.append(&mut nested);
            i = end_token;
            continue;
        }
        if let Some(end_token) = abbreviation_with_quote(words, i, taken) {
            let (start, end) = (
                tokens[i].span.byte_start,
                tokens[end_token - 1].span.byte_end,
            );
            // A legal form or a kind of body only says what the quoted name is («ГУП
            // «Водоканал»», «МК «Жас Отан»»); another abbreviation is part of the name
            // («РИА «Новости»»).
            let kind_only =
                LEGAL_FORMS.contains(&words.text(i)) || KINDS_OF_BODY.contains(&words.text(i));
            let name = match !kind_only {
                true => text[start..end].to_string(),
                false => {
                    let inner =
                        &text[tokens[i + 2].span.byte_start..tokens[end_token - 2].span.byte_end];
                    strip_outer_quotes(inner).to_string()
                }
            };
            out.push(OrganizationName {
                start,
                end,
                name,
                nested: false,
            });
            i = end_token;
            continue;
        }
        if let Some(name) = abbreviation(text, &tokens[i], taken) {
            out.push(OrganizationName {
                start: tokens[i].span.byte_start,
                end: tokens[i].span.byte_end,
                name,
                nested: false,
            });
            i += 1;
            continue;
        }
        if let Some((end_token, name)) = latin_name(text, tokens, i, taken) {
            out.push(OrganizationName {
                start: tokens[i].span.byte_start,
                end: tokens[end_token - 1].span.byte_end,
                name,
                nested: false,
            });
            i = end_token;
            continue;
        }
        if let Some(head) = heads[i].filter(|h| BARE_BODIES.contains(h))
            && taken(tokens[i].span.byte_start, tokens[i].span.byte_end) == Taken::Free
        {
            out.push(OrganizationName {
                start: tokens[i].span.byte_start,
                end: tokens[i].span.byte_end,
                name: capitalise_first(head),
                nested: false,
            });
            i += 1;
            continue;
        }
        let reported = reported_outlet(words, i, taken);
        let headed = || quoted_with_head(words, i, &heads, taken);
        if let Some((first, end_token)) = reported.or_else(headed) {
            let start = tokens[first].span.byte_start;
            let end = tokens[end_token - 1].span.byte_end;
            // A quoted name led by a head word declines with the sentence: «членом
            // «Ассоциации русских организаций»» names «Ассоциация русских организаций».
            let name = match reported {
                Some(_) => text[start..end].to_string(),
                None => capitalise_first(&words.morph().nominative_cached(&text[start..end])),
            };
            out.push(OrganizationName {
                start,
                end,
                name,
                nested: false,
            });
            i = end_token + 1;
            continue;
        }
        i += 1;
    }
    let repeated = repeated_quoted_names(words, &out, taken);
    out.extend(repeated);
    out
}

/// The words inside the first quoted name within tokens `start..end`, case-folded, with
/// the token range of the name.
fn quoted_words<'a>(
    words: &Words<'a>,
    start: usize,
    end: usize,
) -> Option<(Vec<&'a str>, usize, usize)> {
    let (text, tokens) = (words.text_all(), words.tokens());
    let open = (start..end).find(|&k| is_open_quote(&tokens[k], text))?;
    let close = closing_quote(text, tokens, open, 12)?;
    if close > end || close < open + 3 {
        return None;
    }
    let inner: Vec<&str> = (open + 1..close - 1)
        .filter(|&k| tokens[k].kind != TokenKind::Quote)
        .map(|k| words.folded(k))
        .collect();
    Some((inner, open + 1, close - 1))
}

/// True when two case-folded words can be forms of one word: they share all but their
/// endings («металлоинвест», «металлоинвеста»; «единой», «единая»).
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shorter = a.len().min(b.len());
    let stem = shorter.saturating_sub(2).max(3);
    shorter >= 3
        && a.len().abs_diff(b.len()) <= 2
        && a.len() >= stem
        && b.len() >= stem
        && a[..stem] == b[..stem]
}

/// Later mentions of a quoted organization name without its descriptor, in any case:
/// «Металлоинвеста» after «ООО УК «Металлоинвест»».
fn repeated_quoted_names(
    words: &Words,
    found: &[OrganizationName],
    taken: &dyn Fn(usize, usize) -> Taken,
) -> Vec<OrganizationName> {
    let (text, tokens) = (words.text_all(), words.tokens());
    let mut known: Vec<(Vec<&str>, &str)> = Vec::new();
    for org in found.iter().filter(|o| !o.nested) {
        let first = tokens.partition_point(|t| t.span.byte_start < org.start);
        let last = tokens.partition_point(|t| t.span.byte_start < org.end);
        if let Some((inner, _, _)) = quoted_words(words, first, last)
            && !known.iter().any(|(k, _)| *k == inner)
        {
            known.push((inner, org.name.as_str()));
        }
    }
    if known.is_empty() {
        return Vec::new();
    }
    let mut spans: Vec<(usize, usize)> = found
        .iter()
        .filter(|o| !o.nested)
        .map(|o| (o.start, o.end))
        .collect();
    spans.sort_unstable();
    // Spans of organizations do not overlap, so their ends are in order too.
    let covered = |start: usize, end: usize| {
        let at = spans.partition_point(|&(_, e)| e <= start);
        spans.get(at).is_some_and(|&(s, _)| s < end)
    };
    let mut out = Vec::new();
    for k in 0..tokens.len() {
        if !is_open_quote(&tokens[k], text) {
            continue;
        }
        let Some((inner, first, end)) = quoted_words(words, k, tokens.len()) else {
            continue;
        };
        if first != k + 1 || (k > 0 && names_a_vehicle(words, k - 1)) {
            continue;
        }
        let (start, stop) = (tokens[first].span.byte_start, tokens[end - 1].span.byte_end);
        if covered(start, stop) || taken(start, stop) == Taken::Person {
            continue;
        }
        let same = |(name, _): &&(Vec<&str>, &str)| {
            name.len() == inner.len() && name.iter().zip(&inner).all(|(a, b)| same_word(a, b))
        };
        if let Some((_, canonical)) = known.iter().find(same) {
            out.push(OrganizationName {
                start,
                end: stop,
                name: canonical.to_string(),
                nested: false,
            });
        }
    }
    out
}

/// A head-word phrase starting at token `i`: (index past it, canonical name).
fn head_phrase(
    words: &Words,
    i: usize,
    heads: &[Option<&'static str>],
    head_near: bool,
    taken: &dyn Fn(usize, usize) -> Taken,
    nested: &mut Vec<OrganizationName>,
) -> Option<(usize, String)> {
    let (text, tokens, morph) = (words.text_all(), words.tokens(), words.morph());
    let first = &tokens[i];
    let is_word = |t: &Token| t.kind == TokenKind::Word;
    // Legal forms are written in capitals only (tested): other words need no look-up.
    let is_legal_form = first.kind == TokenKind::Word
        && all_capitals(first)
        && LEGAL_FORMS.contains(&first.text(text));
    // Nothing to do unless a head word (`head_near`: within six tokens) or a legal form
    // is within reach.
    if !is_word(first) || (!is_legal_form && !head_near) {
        return None;
    }
    // The quoted name of a vehicle: «корабль «Союз ТМА-12»».
    if i >= 2 && is_open_quote(&tokens[i - 1], text) && names_a_vehicle(words, i - 2) {
        return None;
    }
    // Adjectives, then the head; two adjectives may be joined by «и» («Промышленный и
    // коммерческий банк Китая»).
    let mut h = i;
    while h < tokens.len()
        && is_word(&tokens[h])
        && h - i < 7
        && (h == i || spaced(text, &tokens[h - 1], &tokens[h]))
        && !is_legal_form
        && heads[h].is_none()
        && (is_adjective(words, h)
            || (h > i
                && words.folded(h) == "и"
                && h + 1 < tokens.len()
                && is_word(&tokens[h + 1])
                && is_adjective(words, h + 1)))
    {
        h += 1;
    }
    let head = if is_legal_form {
        Some("организация")
    } else {
        tokens
            .get(h)
            .filter(|t| is_word(t) && (h == i || spaced(text, &tokens[h - 1], t)))
            .and(heads.get(h).copied().flatten())
    };
    let head = head?;
    // A person's name is no organization's first word; asked once a head is found, which
    // most tokens near a head do not give.
    if taken(first.span.byte_start, first.span.byte_end) == Taken::Person {
        return None;
    }
    // A head inside a known name leaves the phrase to the gazetteer, unless the phrase
    // goes on past it («Верховный суд Бангладеша»; checked once the phrase is complete).
    let head_known =
        h > i && taken(tokens[h].span.byte_start, tokens[h].span.byte_end) != Taken::Free;
    // Lower-case adjectives before the head belong to the mention only when the rest of
    // it shows a name («ежемесячной газеты «Радикальная политика»», «российском
    // министерстве финансов»); this is checked once the phrase is complete.
    let lowercase_adjectives = h > i && !first.shape.starts_upper();
    if lowercase_adjectives && !(i..h).all(|k| agrees(words, k, h)) {
        return None;
    }
    let mut end = h + 1;
    let mut named_inside = false;
    // A capital at the start of a sentence says nothing.
    let sentence_start = opens_clause(text, tokens, i);
    let mut capital_inside = (first.shape.starts_upper() && !sentence_start)
        || is_legal_form
        || (sentence_start && h > i && tokens[i + 1..=h].iter().any(|t| t.shape.starts_upper()));
    // The genitive chain, places and organizations, «и» between genitives, «при …», «имени …».
    while end < tokens.len() && spaced(text, &tokens[end - 1], &tokens[end]) {
        let t = &tokens[end];
        let word = t.text(text);
        let range = (t.span.byte_start, t.span.byte_end);
        if taken(range.0, range.1) == Taken::Name {
            // Swallow the whole known name.
            let mut k = end;
            while k + 1 < tokens.len()
                && spaced(text, &tokens[k], &tokens[k + 1])
                && taken(tokens[k + 1].span.byte_start, tokens[k + 1].span.byte_end) == Taken::Name
                && taken(tokens[k].span.byte_start, tokens[k + 1].span.byte_end) == Taken::Name
            {
                k += 1;
            }
            named_inside = true;
            end = k + 1;
            continue;
        }
        if t.kind == TokenKind::Word
            && word.chars().all(crate::segment::is_upper)
            && word.chars().count() >= 2
        {
            named_inside = true;
            end += 1;
            continue;
        }
        let lower = words.folded(end);
        if t.kind != TokenKind::Word && t.kind != TokenKind::Initial && lower != "им." {
            break;
        }
        // The body's field: «Комитет по иностранным делам», «Движение против нелегальной
        // иммиграции», «Следственный комитет при прокуратуре».
        if let Some(after) = field_phrase(words, end) {
            end = after;
            continue;
        }
        // «Департамент образования и науки», but not «палаты и российско-американской
        // рабочей группы», where a new phrase starts.
        if (lower == "и")
            && tokens.get(end + 1).is_some_and(|n| {
                n.kind == TokenKind::Word
                    && is_genitive(words, end + 1)
                    && !is_adjective(words, end + 1)
                    && !n.shape.starts_upper()
            })
        {
            end += 1;
            continue;
        }
        // A mission abroad names the host country: «Посольство Казахстана в России».
        if matches!(lower, "в" | "во")
            && matches!(head, "посольство" | "консульство" | "представительство")
            && tokens.get(end + 1).is_some_and(|n| {
                spaced(text, t, n) && taken(n.span.byte_start, n.span.byte_end) == Taken::Name
            })
        {
            end += 1;
            continue;
        }
        if (lower == "при" || lower == "имени" || lower == "им.")
            && tokens.get(end + 1).is_some_and(|n| n.shape.starts_upper())
        {
            end += 1;
            let inner_start = end;
            let mut inner_head = false;
            while end < tokens.len()
                && spaced(text, &tokens[end - 1], &tokens[end])
                && (tokens[end].kind == TokenKind::Initial
                    || (tokens[end].kind == TokenKind::Word
                        && ({
                            let is_head = heads[end].is_some();
                            inner_head |= is_head;
                            is_head
                        } || tokens[end].shape.starts_upper()
                            || is_adjective(words, end))))
            {
                end += 1;
            }
            // «Совет при Омском городском Совете»: the body after «при» is an
            // organization of its own, nested in this one.
            if lower == "при" && inner_head && end > inner_start {
                let (start, stop) = (
                    tokens[inner_start].span.byte_start,
                    tokens[end - 1].span.byte_end,
                );
                nested.push(OrganizationName {
                    start,
                    end: stop,
                    name: capitalise_first(&morph.nominative_cached(&text[start..stop])),
                    nested: true,
                });
            }
            capital_inside = true;
            continue;
        }
        if t.kind == TokenKind::Word
            && is_genitive(words, end)
            && taken(range.0, range.1) != Taken::Person
        {
            if is_capitalised(word) {
                capital_inside = true;
            }
            end += 1;
            // Coordinated adjectives of one noun: «Ассоциации русских, славянских и
            // казачьих организаций».
            while end + 1 < tokens.len()
                && is_adjective(words, end - 1)
                && matches!(words.folded(end), "," | "и")
                && tokens[end + 1].kind == TokenKind::Word
                && !tokens[end + 1].shape.starts_upper()
                && is_adjective(words, end + 1)
                && is_genitive(words, end + 1)
            {
                end += 2;
            }
            continue;
        }
        break;
    }
    // Trailing lower-case adjectives are not part of a name.
    while end > h + 1 && {
        !tokens[end - 1].shape.starts_upper()
            && is_adjective(words, end - 1)
            && !is_genitive(words, end - 1)
    } {
        end -= 1;
    }
    // A quoted name or a Latin name right after.
    let mut quoted: Option<(usize, usize)> = None;
    if let Some(next) = tokens.get(end)
        && next.sentence == tokens[end - 1].sentence
        && text[tokens[end - 1].span.byte_end..next.span.byte_start]
            .chars()
            .all(char::is_whitespace)
    {
        if is_open_quote(next, text)
            && let Some(close) = closing_quote(text, tokens, end, 16)
            && close > end + 2
            && tokens[end + 1].shape.starts_upper()
        {
            quoted = Some((end, close));
            end = close;
        } else if is_latin_name(next.text(text)) {
            let k = latin_run_end(text, tokens, end);
            quoted = Some((end, k));
            end = k;
        }
    }
    if !(capital_inside || named_inside || quoted.is_some()) {
        return None;
    }
    if head_known && end <= h + 1 {
        return None;
    }
    // A legal form («ООО», «ПАО») names a body only together with its name.
    if is_legal_form && quoted.is_none() {
        return None;
    }
    if lowercase_adjectives && !(named_inside || quoted.is_some()) {
        // A capital further on is not enough to pull lower-case adjectives in.
        return None;
    }
    // A phrase that ends on an adjective before «и» or a comma is cut out of a
    // coordination whose noun comes later («Делегации Тюменской и Курганской областей»).
    if quoted.is_none()
        && end > h + 1
        && is_adjective(words, end - 1)
        && tokens
            .get(end)
            .is_some_and(|t| matches!(t.text(text), "и" | ","))
    {
        return None;
    }
    let span = &text[tokens[i].span.byte_start..tokens[end - 1].span.byte_end];
    let name = match quoted {
        Some((q_start, q_end)) => {
            let inner = &text[tokens[q_start].span.byte_start..tokens[q_end - 1].span.byte_end];
            let inner = strip_outer_quotes(inner);
            // The quoted name alone names the body when the descriptor only gives its
            // legal form (a generic head, written in lower case, or a quoted name that is
            // itself a full name: «Общественный фонд «Гражданский альянс …»»). A capitalised
            // descriptor before a short quoted name is part of the name: «Экспертный клуб
            // «Урал-Евразия»».
            let quoted_has_head = heads[q_start..q_end].iter().any(Option::is_some);
            let descriptor_is_name =
                first.shape.starts_upper() && !sentence_start && !is_legal_form;
            if descriptor_is_name && !quoted_has_head {
                let descriptor =
                    &text[tokens[i].span.byte_start..tokens[q_start - 1].span.byte_end];
                format!(
                    "{} {}",
                    capitalise_first(&morph.nominative_cached(descriptor)),
                    &text[tokens[q_start].span.byte_start..tokens[q_end - 1].span.byte_end]
                )
            } else if quoted_has_head {
                // Led by a head word, the quoted name declines: «филиала «Ассоциации
                // русских организаций»».
                capitalise_first(&morph.nominative_cached(inner))
            } else if GENERIC.contains(&head) || is_legal_form || !capital_inside {
                inner.to_string()
            } else {
                capitalise_first(&morph.nominative_cached(span))
            }
        }
        None => capitalise_first(&morph.nominative_cached(span)),
    };
    Some((end, name))
}

/// True when token `i` is a noun (or a place's name: «по Москве») that can be in the case
/// given by its UD name.
fn noun_in(words: &Words, i: usize, case: &str) -> bool {
    words.is_word(i)
        && words.analyses(i).iter().take(4).any(|a| {
            (a.pos == Pos::Noun || (a.pos == Pos::Propn && a.geographic))
                && a.prob >= 0.05
                && a.case.is_some_and(|c| c.as_ud() == case)
        })
}

/// A prepositional phrase naming an organization's field, starting at token `k`: «по
/// иностранным делам», «по правам человека» (its genitives are left to the chain), «по
/// связям с общественностью», «против пыток», «в защиту Химкинского леса», «при главном
/// архитекторе». Returns the index past its last noun.
fn field_phrase(words: &Words, k: usize) -> Option<usize> {
    let tokens = words.tokens();
    let (start, case) = match words.folded(k) {
        "по" => (k + 1, "Dat"),
        "против" => (k + 1, "Gen"),
        "при" if tokens.get(k + 1).is_some_and(|_| words.starts_lower(k + 1)) => (k + 1, "Loc"),
        "в" if tokens.get(k + 1).is_some() && words.folded(k + 1) == "защиту" => {
            (k + 2, "Gen")
        }
        _ => return None,
    };
    let mut end = noun_group(words, start, case)?;
    // A second group after «и»: «по науке и образованию».
    if case != "Loc"
        && end + 1 < tokens.len()
        && words.folded(end) == "и"
        && let Some(past) = noun_group(words, end + 1, case)
    {
        end = past;
    }
    // «по связям с общественностью», «по борьбе с коррупцией».
    if case == "Dat"
        && end + 1 < tokens.len()
        && matches!(words.folded(end), "с" | "со")
        && let Some(past) = noun_group(words, end + 1, "Ins")
    {
        end = past;
    }
    Some(end)
}

/// Adjectives and a noun in `case` starting at token `start`, each after a space: the
/// index past the noun.
fn noun_group(words: &Words, start: usize, case: &str) -> Option<usize> {
    let (text, tokens) = (words.text_all(), words.tokens());
    let follows = |j: usize| j < tokens.len() && spaced(text, &tokens[j - 1], &tokens[j]);
    let mut j = start;
    while follows(j)
        && j - start < 4
        && words.is_word(j)
        && is_adjective(words, j)
        && !noun_in(words, j, case)
    {
        j += 1;
    }
    (follows(j) && noun_in(words, j, case)).then_some(j + 1)
}

/// Lemmas of vehicles, whose quoted names («корабль «Союз ТМА-12»», «самолёт «Суперджет»»)
/// are not organizations even when they start with a head word.
const VEHICLES: &[&str] = &[
    "корабль",
    "судно",
    "самолет",
    "ракета",
    "спутник",
    "модуль",
    "станция",
    "лодка",
    "крейсер",
    "ледокол",
    "танкер",
    "лайнер",
    "автомобиль",
    "поезд",
    "вертолет",
    "аппарат",
    "зонд",
    "марсоход",
    "луноход",
    "шаттл",
];

/// First letters of the vehicle lemmas.
static VEHICLE_PREFIXES: std::sync::LazyLock<PrefixSet> =
    std::sync::LazyLock::new(|| PrefixSet::new(VEHICLES.iter().copied()));

/// True when token `i` is a vehicle noun. A word whose first three letters are not those
/// of a vehicle lemma is not one, and skips the dictionary.
fn names_a_vehicle(words: &Words, i: usize) -> bool {
    words.is_word(i)
        && VEHICLE_PREFIXES.may_contain(words.folded(i))
        && words
            .analyses(i)
            .iter()
            .take(2)
            .any(|a| a.pos == Pos::Noun && VEHICLES.iter().any(|v| folded_eq(&a.lemma, v)))
}

/// Removes one pair of enclosing quotation marks.
fn strip_outer_quotes(s: &str) -> &str {
    let s = s.trim();
    let opens = ['«', '„', '“', '"'];
    let closes = ['»', '“', '”', '"'];
    match (s.chars().next(), s.chars().last()) {
        (Some(a), Some(b))
            if opens.contains(&a) && closes.contains(&b) && s.chars().count() >= 2 =>
        {
            let inner = &s[a.len_utf8()..s.len() - b.len_utf8()];
            inner.trim()
        }
        _ => s,
    }
}

/// A capitalised Latin-script run (1 to 4 words) that nobody else took.
fn latin_name(
    text: &str,
    tokens: &[Token],
    i: usize,
    taken: &dyn Fn(usize, usize) -> Taken,
) -> Option<(usize, String)> {
    let t = &tokens[i];
    // A Latin name starts with an ASCII capital: its first byte tells most words apart
    // without slicing them.
    let latin_capital = text
        .as_bytes()
        .get(t.span.byte_start)
        .is_some_and(u8::is_ascii_uppercase);
    if !latin_capital
        || t.kind != TokenKind::Word
        || !is_latin_name(t.text(text))
        || LATIN_PRODUCTS.contains(&t.text(text))
        || taken(t.span.byte_start, t.span.byte_end) != Taken::Free
    {
        return None;
    }
    if is_roman_numeral(t.text(text)) {
        return None;
    }
    let mut end = latin_run_end(text, tokens, i);
    // Events and prizes are not organizations: «Corus Chess Tournament», «The Best of Blogs».
    if (i..end).any(|k| LATIN_EVENT_WORDS.contains(&tokens[k].text(text))) {
        return None;
    }
    // A site named by its domain: «NEWSru.com», «Lenta.ru».
    if end + 1 < tokens.len()
        && tokens[end].text(text) == "."
        && tokens[end].span.byte_start == tokens[end - 1].span.byte_end
        && tokens[end + 1].span.byte_start == tokens[end].span.byte_end
        && matches!(
            tokens[end + 1].text(text),
            "com" | "ru" | "org" | "net" | "kz" | "ua" | "info"
        )
    {
        end += 2;
    }
    // «Source URL:» and similar labels of page furniture.
    if tokens.get(end).is_some_and(|n| n.text(text) == ":") {
        return None;
    }
    // A piece of an English phrase or title is not a name: «Such a Shame», «Art in Art»,
    // «I Can’t Resist», and a bare quoted Latin title («Today», ''Adnis'').
    let latin_word =
        |k: usize| tokens[k].kind == TokenKind::Word && tokens[k].text(text).is_ascii();
    let glued = |a: usize, b: usize| tokens[a].span.byte_end == tokens[b].span.byte_start;
    let apostrophe = |k: usize| matches!(tokens[k].text(text), "’" | "'" | "`");
    let before_latin = i > 0 && spaced(text, &tokens[i - 1], t) && latin_word(i - 1);
    let after_latin = end < tokens.len()
        && spaced(text, &tokens[end - 1], &tokens[end])
        && latin_word(end)
        && !is_latin_name(tokens[end].text(text));
    let apostrophes = (i > 0 && glued(i - 1, i) && apostrophe(i - 1))
        || (end < tokens.len() && glued(end - 1, end) && apostrophe(end));
    let bare_quoted = i > 0
        && glued(i - 1, i)
        && (is_open_quote(&tokens[i - 1], text) || tokens[i - 1].text(text) == "'")
        && end < tokens.len()
        && glued(end - 1, end)
        && matches!(tokens[end].text(text), "»" | "”" | "“" | "\"" | "'");
    // A title with its year: «The Fat Of The Land (1997)».
    let dated = end + 2 < tokens.len()
        && tokens[end].text(text) == "("
        && tokens[end + 1].kind == TokenKind::Number
        && tokens[end + 1].text(text).len() == 4
        && tokens[end + 2].text(text) == ")";
    if before_latin || after_latin || apostrophes || bare_quoted || dated {
        return None;
    }
    let span = &text[t.span.byte_start..tokens[end - 1].span.byte_end];
    Some((end, span.to_string()))
}

/// Words that make a Latin-script name an event or an award.
const LATIN_EVENT_WORDS: &[&str] = &[
    "Tournament",
    "Cup",
    "Championship",
    "Festival",
    "Award",
    "Awards",
    "Prize",
    "Games",
    "Olympics",
    "Open",
    "Blogs",
    "Show",
    "Expo",
    "Summit",
    "Forum",
    "Week",
    "Grammy",
    "Oscar",
    "Emmy",
    "Globe",
    "Booker",
];

/// Software and devices whose names are often taken for their makers' (the makers are
/// organizations, the products are not).
const LATIN_PRODUCTS: &[&str] = &[
    "Windows",
    "Linux",
    "Android",
    "Chrome",
    "Firefox",
    "Safari",
    "iOS",
    "iPhone",
    "iPad",
    "iPod",
    "MacBook",
    "macOS",
    "Xbox",
    "PlayStation",
    "Kindle",
    "Photoshop",
    "Excel",
    "PowerPoint",
    "Outlook",
    "Gmail",
    "Bitcoin",
    "HTML",
    "HTML5",
    "JavaScript",
    "Java",
    "Python",
    "Wi-Fi",
    "Bluetooth",
    "GPS",
    "USB",
    "DVD",
    "CD",
    "PDF",
    "SMS",
    "MMS",
    "LTE",
    "GSM",
    "IT",
    "PR",
    "VIP",
    "OK",
];

/// The index past a run of capitalised Latin words starting at `i`, with lower-case
/// connectors between them («Industrial and Commercial Bank of China»), up to 8 words.
fn latin_run_end(text: &str, tokens: &[Token], i: usize) -> usize {
    let mut end = i + 1;
    while end < tokens.len() && end - i < 8 && spaced(text, &tokens[end - 1], &tokens[end]) {
        let word = tokens[end].text(text);
        if tokens[end].kind == TokenKind::Word && is_latin_name(word) {
            end += 1;
        } else if LATIN_CONNECTORS.contains(&word)
            && tokens
                .get(end + 1)
                .is_some_and(|n| spaced(text, &tokens[end], n) && is_latin_name(n.text(text)))
        {
            end += 2;
        } else {
            break;
        }
    }
    end
}

/// Upper-case abbreviations that do not name an organization.
const NOT_ORGANIZATIONS: &[&str] = &[
    "СМИ",
    "ВВП",
    "НДС",
    "ДТП",
    "ЧП",
    "ТВ",
    "ИТ",
    "ЧС",
    "ВИЧ",
    "СПИД",
    "ОРВИ",
    "МРОТ",
    "ЕГЭ",
    "ОГЭ",
    "ЖКХ",
    "НИОКР",
    "ПО",
    "ИИ",
    "ГМО",
    "АЭС",
    "ГЭС",
    "ТЭЦ",
    "НПЗ",
    "ВПК",
    "ОПК",
    "ПВО",
    "ПРО",
    "БПЛА",
    "ЗРК",
    "СВО",
    "КНР",
    "ТПП",
    "ИП",
    "ООО",
    "ОАО",
    "ЗАО",
    "ПАО",
    "АО",
    "НКО",
    "АНО",
    "ТОО",
    "ЧМ",
    "ОИ",
    "РНК",
    "ДНК",
    "ЭКО",
    "МКС",
    "КПД",
    "ГОСТ",
    "ЖК",
    "УК",
    "ГК",
    "КоАП",
    "НДФЛ",
    "ЦБ",
    "ИНН",
    "ОСАГО",
    "КАСКО",
    "ДЗО",
    "ВУЗ",
    "ВТО",
    "НЛО",
    "ОК",
    "США",
    "РФ",
    "СССР",
    "ЕС",
    "ТЦ",
    "ТРЦ",
    "АЗС",
    "ЛЭП",
    "ПМЭФ",
    "ЧМ",
    "ЧЕ",
    "МВФ",
    "ГБ",
    "СПО",
    "ТМ",
    "ТМА",
];

/// True when `token` starts with a capital and has no lower-case letter after it, told
/// from its shape without reading it: abbreviations and legal forms are such, most
/// capitalised words are not.
fn all_capitals(token: &Token) -> bool {
    token.shape.starts_upper() && !token.shape.capitalised()
}

/// An unknown upper-case Cyrillic abbreviation of 2 to 6 letters (ДПНИ, ГУВД, КЗЖ).
fn abbreviation(
    text: &str,
    token: &Token,
    taken: &dyn Fn(usize, usize) -> Taken,
) -> Option<String> {
    if !all_capitals(token) {
        return None;
    }
    let word = token.text(text);
    if token.kind != TokenKind::Word
        || !organization_abbreviation(word)
        || taken(token.span.byte_start, token.span.byte_end) != Taken::Free
    {
        return None;
    }
    Some(word.to_string())
}

/// Abbreviations that say what kind of body a quoted name is, besides the legal forms:
/// state unitary enterprises and institutions, youth wings, public funds.
const KINDS_OF_BODY: &[&str] = &[
    "ГУП",
    "ГБОУ",
    "МБОУ",
    "ФГБОУ",
    "ФГБУ",
    "ФГАОУ",
    "ГАУ",
    "МАУ",
    "МК",
    "РОО",
    "ОФ",
    "ОД",
    "ЧУ",
    "НП",
    "СРО",
    "ОНФ",
];

/// An upper-case abbreviation with a quoted name right after it: «РИА «Новости»», «ГУП
/// «Водоканал»». Returns the index past the closing quote.
fn abbreviation_with_quote(
    words: &Words,
    i: usize,
    taken: &dyn Fn(usize, usize) -> Taken,
) -> Option<usize> {
    let (text, tokens) = (words.text_all(), words.tokens());
    if !all_capitals(&tokens[i]) {
        return None;
    }
    let word = words.text(i);
    if !words.is_word(i)
        || !organization_abbreviation(word)
        || taken(tokens[i].span.byte_start, tokens[i].span.byte_end) == Taken::Person
    {
        return None;
    }
    let open = i + 1;
    if open + 2 >= tokens.len()
        || !spaced(text, &tokens[i], &tokens[open])
        || !is_open_quote(&tokens[open], text)
        || !tokens[open + 1].shape.starts_upper()
    {
        return None;
    }
    let close = closing_quote(text, tokens, open, 8)?;
    (close > open + 2).then_some(close)
}

/// True for a word that may abbreviate an organization's name: 2 to 6 Cyrillic capitals,
/// not one of [`NOT_ORGANIZATIONS`].
fn organization_abbreviation(word: &str) -> bool {
    // Each letter is two bytes: D0 90-AF (А-Я) or D0 81 (Ё).
    (4..=12).contains(&word.len())
        && word
            .as_bytes()
            .chunks(2)
            .all(|pair| matches!(pair, [0xD0, 0x90..=0xAF | 0x81]))
        && !NOT_ORGANIZATION_SET.contains(word)
}

/// [`NOT_ORGANIZATIONS`] as a hash set: asked of every abbreviation.
static NOT_ORGANIZATION_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| NOT_ORGANIZATIONS.iter().copied().collect());

/// True for a name written as an upper-case abbreviation.
pub fn is_abbreviation(name: &str) -> bool {
    name.chars().count() >= 2 && name.chars().all(crate::segment::is_upper)
}

/// The initials of a name's words, prepositions and conjunctions left out, and the
/// initials of each leading run of them: «Молодежный общественный совет при Омском
/// городском совете» gives «МОС» and longer.
pub fn initials(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    const LEFT_OUT: &[&str] = &["и", "при", "по", "в", "на", "для", "с", "имени"];
    for word in name.split([' ', '-']) {
        // Compared folded, without a lower-case copy: none of them has «ё».
        if LEFT_OUT.iter().any(|w| crate::segment::folded_eq(word, w)) {
            if current.chars().count() >= 2 {
                out.push(current.clone());
            }
            continue;
        }
        if let Some(c) = word.chars().find(|c| crate::segment::is_letter(*c)) {
            current.extend(c.to_uppercase());
        }
    }
    if current.chars().count() >= 2 {
        out.push(current);
    }
    out
}

/// A quoted name that starts with a head word: «Координационный совет пострадавших
/// соинвесторов», «Жилищная солидарность» is not taken (no head), «Союз правых сил» is.
fn quoted_with_head(
    words: &Words,
    i: usize,
    heads: &[Option<&'static str>],
    taken: &dyn Fn(usize, usize) -> Taken,
) -> Option<(usize, usize)> {
    let (text, tokens) = (words.text_all(), words.tokens());
    if !is_open_quote(&tokens[i], text) || (i > 0 && names_a_vehicle(words, i - 1)) {
        return None;
    }
    let close = closing_quote(text, tokens, i, 10)?;
    if close < i + 3 || !tokens[i + 1].shape.starts_upper() {
        return None;
    }
    let inner = &tokens[i + 1..close - 1];
    let head_at = heads[i + 1..close - 1]
        .iter()
        .take(4)
        .position(Option::is_some)?;
    // Only adjectives before the head.
    if !(i + 1..i + 1 + head_at).all(|k| is_adjective(words, k)) {
        return None;
    }
    let (start, end) = (
        inner[0].span.byte_start,
        inner[inner.len() - 1].span.byte_end,
    );
    if taken(start, end) == Taken::Person {
        return None;
    }
    Some((i + 1, close - 1))
}

/// A quoted capitalised name right after a verb of reporting: (first token inside, index
/// past the last token inside).
fn reported_outlet(
    words: &Words,
    i: usize,
    taken: &dyn Fn(usize, usize) -> Taken,
) -> Option<(usize, usize)> {
    let (text, tokens) = (words.text_all(), words.tokens());
    let t = &tokens[i];
    if !is_open_quote(t, text) || i == 0 {
        return None;
    }
    let before = &tokens[i - 1];
    if before.sentence != t.sentence || !REPORTING.contains(&words.folded(i - 1)) {
        return None;
    }
    let close = closing_quote(text, tokens, i, 8)?;
    if close < i + 3 || !tokens[i + 1].shape.starts_upper() {
        return None;
    }
    let (start, end) = (
        tokens[i + 1].span.byte_start,
        tokens[close - 2].span.byte_end,
    );
    if taken(start, end) == Taken::Person {
        return None;
    }
    Some((i + 1, close - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::morph::Morph;
    use crate::segment::{fold, segment};

    fn orgs(text: &str) -> Vec<String> {
        let seg = segment(text);
        let folded = fold(text);
        let words = Words::new(text, &folded, &seg.tokens, Morph::shared());
        find_organizations(&words, &|_, _| Taken::Free)
            .iter()
            .map(|o| format!("{}={}", &text[o.start..o.end], o.name))
            .collect()
    }

    #[test]
    fn every_form_of_a_vehicle_passes_the_prefix_filter() {
        let morph = Morph::shared();
        assert!(morph.is_loaded(), "the bundled dictionary loads");
        let mut forms = 0;
        for vehicle in VEHICLES {
            for folded in dictionary_forms(morph, vehicle) {
                assert!(
                    VEHICLE_PREFIXES.may_contain(&folded),
                    "{folded} ({vehicle})"
                );
                forms += 1;
            }
        }
        assert!(forms > 10 * VEHICLES.len(), "{forms} forms");
        // In a text, capitalised or not, the filter lets the dictionary decide.
        let text = "Корабль «Союз ТМА-12» и самолётом «Суперджет», на СУДАХ «Арктика»";
        let seg = segment(text);
        let folded = fold(text);
        let words = Words::new(text, &folded, &seg.tokens, morph);
        let vehicles: Vec<&str> = (0..words.len())
            .filter(|&i| names_a_vehicle(&words, i))
            .map(|i| words.text(i))
            .collect();
        assert_eq!(vehicles, ["Корабль", "самолётом", "СУДАХ"]);
    }

    #[test]
    fn initials_leave_out_prepositions_in_any_case() {
        let name = "Молодежный общественный совет при Омском городском совете";
        assert_eq!(initials(name), ["МОС", "МОСОГС"]);
        assert_eq!(
            initials("Совет ПРИ Президенте и Правительстве"),
            ["СП", "СПП"]
        );
        assert_eq!(initials("Фонд имени Ёлкина"), ["ФЁ"]);
        assert_eq!(initials("Союз Ёлочных-Игрушек"), ["СЁИ"]);
    }

    #[test]
    fn legal_forms_are_written_in_capitals_only() {
        // head_phrase skips the list for a capitalised word (a capital, then a small
        // letter).
        for form in LEGAL_FORMS {
            let shape = crate::segment::Shape::of(form);
            assert!(shape.starts_upper() && !shape.capitalised(), "{form}");
        }
    }

    #[test]
    fn adjective_endings_by_number_match_the_list() {
        let naive = |w: &str| ADJECTIVE_ENDINGS.iter().any(|e| w.ends_with(e));
        let mut words: Vec<String> = ["", "й", "ый", "новый", "его", "ого", "го", "x", "ей"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        words.extend(ADJECTIVE_ENDINGS.iter().map(|e| format!("нов{e}")));
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
            .expect("corpus/ is readable")
        {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            words.extend(fold(&text).split_whitespace().map(str::to_string));
        }
        assert!(words.len() > 1000);
        for word in &words {
            assert_eq!(has_adjective_ending(word.as_bytes()), naive(word), "{word}");
        }
    }

    #[test]
    fn a_mission_keeps_its_host_country() {
        let text = "представители Посольства Казахстана в России приняли участие";
        let seg = segment(text);
        let taken = |s: usize, e: usize| match &text[s..e] {
            "Казахстана" | "России" => Taken::Name,
            _ => Taken::Free,
        };
        let folded = fold(text);
        let words = Words::new(text, &folded, &seg.tokens, Morph::shared());
        let found: Vec<String> = find_organizations(&words, &taken)
            .iter()
            .map(|o| format!("{}={}", &text[o.start..o.end], o.name))
            .collect();
        assert_eq!(
            found,
            ["Посольства Казахстана в России=Посольство Казахстана в России"]
        );
    }

    #[test]
    fn organizations_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "Председатель влиятельного Комитета по иностранным делам стал первым",
                &["Комитета по иностранным делам=Комитет по иностранным делам"],
            ),
            (
                "представитель Следственного комитета при прокуратуре сообщил",
                &["Следственного комитета при прокуратуре=Следственный комитет при прокуратуре"],
            ),
            (
                "Лидер Движения против нелегальной иммиграции заявил",
                &["Движения против нелегальной иммиграции=Движение против нелегальной иммиграции"],
            ),
            (
                "сообщает РИА «Новости», а станция ГУП «Водоканал» утверждает",
                &["РИА «Новости»=РИА «Новости»", "ГУП «Водоканал»=Водоканал"],
            ),
            (
                "Гендиректор ООО УК «Металлоинвест» Андрей Варичев. Глава «Металлоинвеста» умер.",
                &[
                    "ООО УК «Металлоинвест»=Металлоинвест",
                    "Металлоинвеста=Металлоинвест",
                ],
            ),
            (
                "Промышленный и коммерческий банк Китая объявил",
                &["Промышленный и коммерческий банк Китая=Промышленный и коммерческий банк Китая"],
            ),
            (
                "По данным интернет-издания Techcrunch, фонд вложил",
                &["интернет-издания Techcrunch=Techcrunch"],
            ),
            (
                "синглы «Today», «Such a Shame» и «It’s My Life» под Windows",
                &[],
            ),
            ("на корабле «Союз ТМА-12» вернулись", &[]),
            (
                "Члены Ассамблеи народа Казахстана собрались.",
                &["Ассамблеи народа Казахстана=Ассамблея народа Казахстана"],
            ),
            ("Делегации Тюменской и Курганской областей приехали.", &[]),
            (
                "Полиция задержала двоих; сотрудники полиции пришли в мэрию, полицейский ушёл.",
                &["Полиция=Полиция", "полиции=Полиция", "мэрию=Мэрия"],
            ),
            ("турнир Corus Chess Tournament начался в XXI веке", &[]),
            (
                "предоставленного Фондом президентских грантов.",
                &["Фондом президентских грантов=Фонд президентских грантов"],
            ),
            (
                "Андрей Кочеров, директор департамента образования и науки Курганской области, поблагодарил",
                &[
                    "департамента образования и науки Курганской области=Департамент образования и науки Курганской области",
                ],
            ),
            (
                "Председатель детской общественной организации «Открытый мир» Людмила",
                &["детской общественной организации «Открытый мир»=Открытый мир"],
            ),
            (
                "с Общественным фондом «Гражданский альянс Костанайской области «ГрИн»» гражданский форум",
                &[
                    "Общественным фондом «Гражданский альянс Костанайской области «ГрИн»»=Гражданский альянс Костанайской области «ГрИн»",
                ],
            ),
            (
                "сотрудничает корпорация Philips в России",
                &["корпорация Philips=Philips"],
            ),
            ("сообщает «Лента.ру» со ссылкой", &["Лента.ру=Лента.ру"]),
            (
                "активисты Молодежного общественного Совета при Омском городском Совете посетили",
                &[
                    "Молодежного общественного Совета при Омском городском Совете=Молодежный общественный Совет при Омском городском Совете",
                    "Омском городском Совете=Омский городской Совет",
                ],
            ),
            ("совет директоров собрался", &[]),
        ];
        for (text, expected) in table {
            assert_eq!(&orgs(text), expected, "{text}");
        }
    }
}
