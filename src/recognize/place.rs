//! Places named by their form rather than a gazetteer: a descriptor and a name («города
//! Феникс», «реку Славянку», «г. Кокшетау», «улица Ленина»), and a capitalised adjective
//! before a street-like noun («на Тверской площади», «Кронштадтском бульваре»).

use crate::morph::Pos;
use crate::segment::{
    PrefixSet, Token, TokenKind, capitalise_first, fold, folded_eq, only_spaces_between as spaced,
};
use crate::words::Words;

/// Descriptors that precede a place's name, by lemma or abbreviation, with the kind of
/// place they announce and whether the descriptor is part of the canonical name.
const DESCRIPTORS: &[(&str, &str, bool)] = &[
    ("город", "city", false),
    ("г.", "city", false),
    ("село", "city", false),
    ("с.", "city", false),
    ("поселок", "city", false),
    ("пос.", "city", false),
    ("п.", "city", false),
    ("деревня", "city", false),
    ("д.", "city", false),
    ("станица", "city", false),
    ("ст.", "city", false),
    ("аул", "city", false),
    ("хутор", "city", false),
    ("городок", "city", false),
    ("местность", "city", false),
    ("штат", "region", false),
    ("графство", "region", false),
    ("округ", "region", false),
    ("префектура", "region", false),
    ("воеводство", "region", false),
    ("провинция", "region", false),
    ("район", "region", false),
    ("р-н", "region", false),
    ("река", "water", false),
    ("р.", "water", false),
    ("озеро", "water", false),
    ("оз.", "water", false),
    ("остров", "landform", false),
    ("полуостров", "landform", false),
    ("мыс", "landform", false),
    ("гора", "landform", false),
    ("улица", "street", true),
    ("ул.", "street", true),
    ("проспект", "street", true),
    ("пр.", "street", true),
    ("просп.", "street", true),
    ("площадь", "street", true),
    ("пл.", "street", true),
    ("бульвар", "street", true),
    ("переулок", "street", true),
    ("пер.", "street", true),
    ("шоссе", "street", true),
    ("набережная", "street", true),
    ("наб.", "street", true),
    ("микрорайон", "street", true),
    ("мкр.", "street", true),
];

/// Nouns that a capitalised adjective turns into a place's name («Тверская площадь»).
const PLACE_NOUNS: &[&str] = &[
    "площадь",
    "улица",
    "бульвар",
    "проспект",
    "переулок",
    "шоссе",
    "набережная",
    "кладбище",
    "парк",
    "сквер",
    "мост",
    "вокзал",
    "аэропорт",
    "остров",
    "полуостров",
    "море",
    "озеро",
    "залив",
    "пролив",
    "хребет",
    "равнина",
    "низменность",
    "пустыня",
    "проезд",
    "тракт",
];

/// A place found by its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceName {
    /// Byte offset of the first character (the descriptor included).
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// Byte range of the name itself, without the descriptor.
    pub name_start: usize,
    /// End of the name itself.
    pub name_end: usize,
    /// Canonical name in the nominative.
    pub name: String,
    /// city, region, water, landform or street.
    pub kind: &'static str,
}

/// The kind of place token `i` announces («города», «реку», «г.»), and whether the
/// descriptor belongs to the name.
impl PlaceName {
    /// A place named by tokens `first..past` alone, without a descriptor, put in the
    /// nominative: «Сергачском районе» → «Сергачский район».
    fn written(words: &Words, first: usize, past: usize, kind: &'static str) -> PlaceName {
        let tokens = words.tokens();
        let (start, end) = (
            tokens[first].span.byte_start,
            tokens[past - 1].span.byte_end,
        );
        let written = &words.text_all()[start..end];
        PlaceName {
            start,
            end,
            name_start: start,
            name_end: end,
            name: capitalise_first(&words.morph().nominative_cached(written)),
            kind,
        }
    }
}

/// The beginnings of [`DESCRIPTORS`], to turn most words away at once.
static DESCRIPTOR_PREFIXES: std::sync::LazyLock<PrefixSet> =
    std::sync::LazyLock::new(|| PrefixSet::new(DESCRIPTORS.iter().map(|d| d.0)));

/// The stems of the descriptor words, folded: each word but its last two letters, three
/// letters at least (see [`descriptor`]).
static DESCRIPTOR_STEMS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    DESCRIPTORS
        .iter()
        .filter(|(d, _, _)| !d.ends_with('.'))
        .map(|(d, _, _)| {
            let keep = d.chars().count().saturating_sub(2).max(3);
            fold(&d.chars().take(keep).collect::<String>())
        })
        .collect()
});

fn descriptor(words: &Words, i: usize) -> Option<(&'static str, bool)> {
    let tokens = words.tokens();
    let sentence_start = i == 0 || tokens[i - 1].sentence != tokens[i].sentence;
    if !words.starts_lower(i) && !sentence_start {
        return None;
    }
    let folded = words.folded(i);
    if !DESCRIPTOR_PREFIXES.may_contain(folded) {
        return None;
    }
    if let Some(&(_, kind, keep)) = DESCRIPTORS.iter().find(|(d, _, _)| *d == folded) {
        return Some((kind, keep));
    }
    // A word shares the first letters of its lemma, all but the last two at most
    // («города», «реку», «поселке»): other words with the same first three letters
    // («после», «проект») are turned away before the dictionary is asked.
    // Compared byte by byte: most stems differ from the word in its first letter or two,
    // where a call to `memcmp` would cost more than the comparison.
    let starts_with = |stem: &str| {
        stem.len() <= folded.len() && stem.bytes().zip(folded.bytes()).all(|(a, b)| a == b)
    };
    if !words.is_word(i) || !DESCRIPTOR_STEMS.iter().any(|stem| starts_with(stem)) {
        return None;
    }
    words.analyses(i).iter().take(2).find_map(|a| {
        DESCRIPTORS
            .iter()
            .find(|(d, _, _)| !d.ends_with('.') && folded_eq(&a.lemma, d))
            .map(|&(_, kind, keep)| (kind, keep))
    })
}

/// True when token `i` is a descriptor of a settlement, region, body of water or landform
/// («городе», «районе», «реки»): the capitalised word after it is that place's name, not
/// a person's.
pub fn announces_place(words: &Words, i: usize) -> bool {
    descriptor(words, i).is_some_and(|(kind, _)| kind != "street")
}

fn capitalised(token: &Token) -> bool {
    (token.kind == TokenKind::Word) & token.shape.starts_upper()
}

/// Finds places named by their form. `person_at` tells whether a byte range is a person;
/// `known_end` gives the end of a gazetteer name starting at a byte offset, and
/// `known_at` whether a byte range is inside one.
pub fn find_places(
    words: &Words,
    person_at: &dyn Fn(usize, usize) -> bool,
    known_end: &dyn Fn(usize) -> Option<usize>,
    known_at: &dyn Fn(usize, usize) -> bool,
) -> Vec<PlaceName> {
    let (text, tokens, morph) = (words.text_all(), words.tokens(), words.morph());
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < tokens.len() {
        // Every pattern needs a capitalised word here or next.
        // Both tokens at once (`|`, not `||`): a branch on each is hard to predict.
        if !(capitalised(&tokens[i]) | capitalised(&tokens[i + 1])) {
            i += 1;
            continue;
        }
        // A descriptor and a capitalised name of one to three words.
        // The capital after it is the cheap test, so it comes first.
        if capitalised(&tokens[i + 1])
            && let Some((kind, keep)) = descriptor(words, i)
            && spaced(text, &tokens[i], &tokens[i + 1])
            && !person_at(tokens[i + 1].span.byte_start, tokens[i + 1].span.byte_end)
        {
            let mut end = i + 2;
            if let Some(known) = known_end(tokens[i + 1].span.byte_start) {
                // A known name: exactly as long as the gazetteer says.
                while end < tokens.len() && tokens[end].span.byte_end <= known {
                    end += 1;
                }
            } else {
                // Unknown words up to the next known name («Петропавловск Республики
                // Казахстан» stops before «Республики Казахстан»).
                while end < tokens.len()
                    && end - i <= 3
                    && spaced(text, &tokens[end - 1], &tokens[end])
                    && capitalised(&tokens[end])
                    && !known_at(tokens[end].span.byte_start, tokens[end].span.byte_end)
                    && !person_at(tokens[end].span.byte_start, tokens[end].span.byte_end)
                {
                    end += 1;
                }
            }
            let (name_start, name_end) =
                (tokens[i + 1].span.byte_start, tokens[end - 1].span.byte_end);
            let written = &text[name_start..name_end];
            let name = if keep {
                let descriptor = morph.nominative_cached(tokens[i].text(text));
                format!("{} {}", capitalise_first(&descriptor), written)
            } else {
                morph.nominative_cached(written)
            };
            out.push(PlaceName {
                start: tokens[i].span.byte_start,
                end: name_end,
                name_start,
                name_end,
                name,
                kind,
            });
            i = end;
            continue;
        }
        // A capitalised adjective and a street-like noun or a region noun («Советского
        // района», «Гегаркуникской области»).
        let kind = (capitalised(&tokens[i])
            && i > 0
            && tokens[i - 1].sentence == tokens[i].sentence
            && spaced(text, &tokens[i], &tokens[i + 1])
            && tokens[i + 1].kind == TokenKind::Word
            && may_be_place_noun(words, i + 1)
            && is_adjective(words, i))
        .then(|| place_noun(words, i + 1))
        .flatten()
        // A known region keeps its gazetteer entry.
        .filter(|&kind| {
            kind != "region" || !known_at(tokens[i].span.byte_start, tokens[i + 1].span.byte_end)
        });
        // Both tests want a capitalised word; a known name or a person is settled before
        // they read the word's analyses.
        if capitalised(&tokens[i])
            && !known_at(tokens[i].span.byte_start, tokens[i].span.byte_end)
            && !person_at(tokens[i].span.byte_start, tokens[i].span.byte_end)
            && (unknown_after_preposition(words, i) || dictionary_place(words, i))
        {
            out.push(PlaceName::written(words, i, i + 1, "place"));
            i += 1;
            continue;
        }
        if let Some(kind) = kind {
            out.push(PlaceName::written(words, i, i + 2, kind));
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// True when token `i` is most likely an adjective.
fn is_adjective(words: &Words, i: usize) -> bool {
    words.analyses(i).iter().take(2).any(|a| a.pos == Pos::Adj)
}

/// Prepositions of place that put a settlement's name in the locative or genitive.
const PLACE_PREPOSITIONS: &[&str] = &["в", "во", "из", "под", "близ", "возле", "около"];

/// A capitalised word that the dictionary does not know, right after a preposition of
/// place and followed by no other capitalised word: a small place the gazetteers lack («в
/// Гаваре», «в Портапике», «из Торгау»).
fn unknown_after_preposition(words: &Words, i: usize) -> bool {
    let tokens = words.tokens();
    let text = words.text_all();
    // The preposition first: most capitalised words follow none.
    if i == 0
        || i + 1 >= tokens.len()
        || !capitalised(&tokens[i])
        || !PLACE_PREPOSITIONS.contains(&words.folded(i - 1))
    {
        return false;
    }
    let word = words.text(i);
    let cyrillic = word
        .chars()
        .all(|c| matches!(c, 'А'..='я' | 'ё' | 'Ё' | '-'));
    // Adjectives («в Юнусабадском районе») and women's surnames («в Липницкой») are not
    // place names.
    let adjective_ending = [
        "ской", "ском", "цкой", "цком", "ого", "ому", "ой", "ым", "ий", "ый",
    ]
    .iter()
    .any(|e| words.folded(i).ends_with(e));
    if !cyrillic
        || adjective_ending
        || word.chars().count() < 4
        || word.chars().skip(1).all(crate::segment::is_upper)
        || !spaced(text, &tokens[i - 1], &tokens[i])
    {
        return false;
    }
    let next_capitalised = spaced(text, &tokens[i], &tokens[i + 1])
        && (capitalised(&tokens[i + 1]) || tokens[i + 1].kind == TokenKind::Quote);
    // The guesser often reads an unknown foreign word as a person's name; after «в» in the
    // locative («в Портапике», «в Тусоне») it is a place all the same.
    let locative = words.folded(i).ends_with('е');
    !next_capitalised
        && words.analyses(i).first().is_some_and(|a| {
            !a.known && !a.organization && (locative || (!a.surname && !a.first_name))
        })
}

/// A capitalised word, not the first of its sentence, that the dictionary knows only as a
/// geographic name: places the gazetteers lack («в Питтсбурге», «архиепископа Ньюарка»).
/// A word that may also be a person's name («Королёв», «Владимир») is left alone.
fn dictionary_place(words: &Words, i: usize) -> bool {
    let tokens = words.tokens();
    let text = words.text_all();
    // A capitalised neighbour makes the word part of a longer name («Гата Камский»,
    // «Амаду Тумани Туре»), and a quoted one names a product («Славута»).
    let name_beside = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            (capitalised(t) && !PLACE_PREPOSITIONS.contains(&words.folded(k)))
                || t.kind == TokenKind::Quote
        })
    };
    if i == 0
        || tokens[i - 1].sentence != tokens[i].sentence
        || !capitalised(&tokens[i])
        || words.text(i).chars().skip(1).all(crate::segment::is_upper)
        || name_beside(i - 1)
        || (i + 1 < tokens.len() && spaced(text, &tokens[i], &tokens[i + 1]) && name_beside(i + 1))
    {
        return false;
    }
    let analyses = words.analyses(i);
    analyses
        .first()
        .is_some_and(|a| a.known && a.geographic && a.pos == Pos::Propn)
        && !analyses
            .iter()
            .any(|a| a.first_name || a.surname || a.patronymic || a.organization)
}

/// Lower-case nouns of administrative regions after a capitalised adjective.
const REGION_NOUNS: &[&str] = &["район", "область", "край", "округ", "уезд", "губерния"];

/// The beginnings of [`PLACE_NOUNS`] and [`REGION_NOUNS`].
static PLACE_NOUN_PREFIXES: std::sync::LazyLock<PrefixSet> =
    std::sync::LazyLock::new(|| PrefixSet::new(PLACE_NOUNS.iter().chain(REGION_NOUNS).copied()));

/// Builds this module's tables now (see [`super::prepare`]).
pub(super) fn prepare() {
    use std::sync::LazyLock;
    LazyLock::force(&DESCRIPTOR_PREFIXES);
    LazyLock::force(&DESCRIPTOR_STEMS);
    LazyLock::force(&PLACE_NOUN_PREFIXES);
}

/// False when token `i` cannot be a form of a street-like or region noun: it is not in
/// lower case, or no such noun starts as it does. Asks nothing of the dictionary.
fn may_be_place_noun(words: &Words, i: usize) -> bool {
    words.starts_lower(i) && PLACE_NOUN_PREFIXES.may_contain(words.folded(i))
}

/// The kind of place named by lower-case noun token `i` after an adjective: «street» for
/// street-like nouns («улица», «бульвар»), «region» for «район», «область»…
fn place_noun(words: &Words, i: usize) -> Option<&'static str> {
    if !may_be_place_noun(words, i) {
        return None;
    }
    words.analyses(i).iter().take(2).find_map(|a| {
        if a.pos != Pos::Noun {
            None
        } else if PLACE_NOUNS.iter().any(|noun| folded_eq(&a.lemma, noun)) {
            Some("street")
        } else if REGION_NOUNS.iter().any(|noun| folded_eq(&a.lemma, noun)) {
            Some("region")
        } else {
            None
        }
    })
}

/// Plural heads of coordinated region names and the singular form in the same case:
/// «Курганской, Свердловской и Тюменской областей» names three «… области».
const PLURAL_HEADS: &[(&str, &str)] = &[
    ("областей", "области"),
    ("областях", "области"),
    ("областям", "области"),
    ("областями", "областью"),
    ("области", "области"),
    ("края", "края"),
    ("краев", "края"),
    ("краях", "крае"),
    ("краям", "краю"),
    ("краями", "краем"),
    ("округов", "округа"),
    ("округах", "округе"),
    ("районов", "района"),
    ("районах", "районе"),
];

/// One place of a coordination: byte range and gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoordinatedPlace {
    /// Byte offset of the adjective.
    pub start: usize,
    /// End of the adjective, or of the head for the last one.
    pub end: usize,
    /// The gazetteer entry it names.
    pub entry: u32,
}

/// For each byte length, the first letters of the [`PLURAL_HEADS`] of that length, one
/// bit each, numbered by the last six bits of the letter's second byte; worked out when
/// the program is compiled. Most words have a length or a first letter that no head has.
const PLURAL_HEAD_STARTS: [u64; 64] = {
    let mut table = [0u64; 64];
    let mut i = 0;
    while i < PLURAL_HEADS.len() {
        let head = PLURAL_HEADS[i].0.as_bytes();
        let len = if head.len() < 63 { head.len() } else { 63 };
        table[len] |= 1 << (head[1] & 0x3F);
        i += 1;
    }
    table
};

/// Coordinated regions sharing one plural head: each adjective with the head in the
/// singular is looked up in the gazetteer's forms («тюменской области»). The last
/// adjective's mention takes the head word with it.
pub fn find_coordinated(
    words: &Words,
    lookup: &dyn Fn(&str) -> Option<u32>,
) -> Vec<CoordinatedPlace> {
    let tokens = words.tokens();
    let mut out = Vec::new();
    let folded_bytes = words.folded_all().as_bytes();
    for (h, head) in tokens.iter().enumerate() {
        // Read off the span and the folded bytes, without slicing the text.
        let (at, len) = (
            head.span.byte_start,
            head.span.byte_end - head.span.byte_start,
        );
        let (lead, second) = match folded_bytes.get(at..at + 2) {
            Some(&[lead, second]) => (lead, second),
            _ => continue,
        };
        // Both tests at once (`&`, not `&&`): a branch on each is hard to predict.
        if !((lead & 0xFE == 0xD0) & (PLURAL_HEAD_STARTS[len.min(63)] >> (second & 0x3F) & 1 == 1))
        {
            continue;
        }
        let folded = words.folded(h);
        let Some(&(_, singular)) = PLURAL_HEADS.iter().find(|(p, _)| *p == folded) else {
            continue;
        };
        // Walk back over «A, B и C»: at least two adjectives.
        let mut found: Vec<CoordinatedPlace> = Vec::new();
        let mut k = h;
        while k > 0 {
            let adjective = &tokens[k - 1];
            if adjective.kind != TokenKind::Word || adjective.sentence != head.sentence {
                break;
            }
            let key = format!("{} {singular}", words.folded(k - 1));
            let Some(entry) = lookup(&key) else {
                break;
            };
            found.push(CoordinatedPlace {
                start: adjective.span.byte_start,
                end: if k == h {
                    head.span.byte_end
                } else {
                    adjective.span.byte_end
                },
                entry,
            });
            // A separator before it: a comma or «и» / «или».
            match k.checked_sub(2).map(|j| (j, words.folded(j))) {
                Some((j, "," | "и" | "или")) => k = j,
                _ => break,
            }
        }
        if found.len() >= 2 || (found.len() == 1 && folded != singular) {
            found.reverse();
            out.extend(found);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::morph::Morph;
    use crate::segment::{fold, segment};

    fn places(text: &str) -> Vec<String> {
        let seg = segment(text);
        let folded = fold(text);
        let words = Words::new(text, &folded, &seg.tokens, Morph::shared());
        find_places(&words, &|_, _| false, &|_| None, &|_, _| false)
            .iter()
            .map(|p| format!("{}={}", &text[p.start..p.end], p.name))
            .collect()
    }

    #[test]
    fn every_plural_head_is_found_in_any_case() {
        // The head gate reads a Russian first letter: every head must start with one.
        for (head, singular) in PLURAL_HEADS {
            assert!(
                head.starts_with(|c: char| ('а'..='я').contains(&c)),
                "{head}"
            );
            let lookup = |key: &str| key.ends_with(singular).then_some(7);
            for written in [head.to_string(), crate::segment::capitalise_first(head)] {
                let text = format!("Курганской и Тюменской {written}");
                let seg = segment(&text);
                let folded = fold(&text);
                let words = Words::new(&text, &folded, &seg.tokens, Morph::shared());
                let found = find_coordinated(&words, &lookup);
                assert!(found.iter().any(|c| c.entry == 7), "{text}");
            }
        }
    }

    #[test]
    fn coordinated_regions() {
        let text = "в том числе Курганской, Свердловской и Тюменской областей от России";
        let seg = segment(text);
        let known = [
            "курганской области",
            "свердловской области",
            "тюменской области",
        ];
        let lookup = |key: &str| known.iter().position(|k| *k == key).map(|i| i as u32);
        let folded = fold(text);
        let words = Words::new(text, &folded, &seg.tokens, Morph::shared());
        let found: Vec<(&str, u32)> = find_coordinated(&words, &lookup)
            .iter()
            .map(|c| (&text[c.start..c.end], c.entry))
            .collect();
        assert_eq!(
            found,
            [
                ("Курганской", 0),
                ("Свердловской", 1),
                ("Тюменской областей", 2)
            ]
        );
    }

    #[test]
    fn places_table() {
        let table: &[(&str, &[&str])] = &[
            (
                "Авария произошла в Сергачском районе Нижегородской",
                &["Сергачском районе=Сергачский район"],
            ),
            ("встреча в Торгау и церемония", &["Торгау=Торгау"]),
            (
                "Он вырос в Питтсбурге, служил архиепископом Ньюарка и знал Гату Камского.",
                &["Питтсбурге=Питтсбург", "Ньюарка=Ньюарк"],
            ),
            ("Украинский автомобиль «Славута» выпускали долго", &[]),
            (
                "стрельба в Портапике и Энфилде. В Бергамо умер боксёр.",
                &["Портапике=Портапик", "Бергамо=Бергамо"],
            ),
            (
                "Город Павия известен. Он жил в графстве Эссекс.",
                &["Город Павия=Павия", "графстве Эссекс=Эссекс"],
            ),
            (
                "в Юнусабадском районе столицы",
                &["Юнусабадском районе=Юнусабадский район"],
            ),
            ("Заинтересованы в Липницкой продюсеры", &[]),
            (
                "доставлен в суд в города Феникс.",
                &["города Феникс=Феникс"],
            ),
            (
                "сбросы в реку Славянку продолжились",
                &["реку Славянку=Славянка"],
            ),
            ("в г. Кокшетау прошел", &["г. Кокшетау=Кокшетау"]),
            ("на улице Ленина", &["улице Ленина=Улица Ленина"]),
            (
                "у здания мэрии на Тверской площади состоялась",
                &["Тверской площади=Тверская площадь"],
            ),
            (
                "Сегодня на Кронштадтском бульваре не было",
                &["Кронштадтском бульваре=Кронштадтский бульвар"],
            ),
            ("город живет", &[]),
        ];
        for (text, expected) in table {
            assert_eq!(&places(text), expected, "{text}");
        }
    }
}
