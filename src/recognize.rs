//! Recognition: finding the mentions of entities in a segmented document.
//!
//! Today: LOC (and any PER/ORG listed in gazetteers) from gazetteer hits, and DATE from
//! date expressions. Overlaps are settled by keeping the longer mention; on a tie the
//! earlier one wins.

pub mod date;
pub mod organization;
pub mod person;
pub mod place;
pub mod time;

use crate::entity::{EntityType, Mention, Origin};
use crate::furniture::Furniture;
use crate::gazetteer::{Gazetteer, GazetteerMatch};
use crate::morph::{Morph, Pos};
use crate::segment::{CharOffsets, Segmentation, Span};
use crate::words::Words;
use organization::Taken;
use person::PersonLexicon;

/// Everything a recognizer may look at in one document.
pub struct Context<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// Its case-folded copy, byte for byte aligned with `text`.
    pub folded: &'a str,
    /// Tokens and sentences.
    pub segmentation: &'a Segmentation,
    /// Byte to code-point conversion.
    pub offsets: &'a CharOffsets<'a>,
    /// The document's publication date, if known.
    pub published: Option<date::Ymd>,
    /// Where the page furniture is.
    pub furniture: &'a Furniture,
}

impl Context<'_> {
    /// A mention of `entity_type` at byte offsets `start..end`.
    pub fn mention(
        &self,
        entity_type: EntityType,
        start: usize,
        end: usize,
        origin: Origin,
    ) -> Mention {
        Mention {
            entity_type,
            span: self.span(start, end),
            sentence: self.segmentation.sentence_at(start),
            furniture: false,
            loc_org: false,
            origin,
        }
    }

    /// A span from byte offsets.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (char_start, char_end) = self.offsets.to_chars(start, end);
        Span {
            byte_start: start,
            byte_end: end,
            char_start,
            char_end,
        }
    }
}

/// Builds the recognizers' word tables and compiles their patterns, which would
/// otherwise be built when the first document needs them. [`crate::pipeline`] calls this
/// on its loading thread, beside the gazetteer compile.
pub fn prepare() {
    crate::segment::prepare();
    date::prepare();
    organization::prepare();
    person::prepare();
    place::prepare();
    time::prepare();
}

/// Byte ranges in text order that do not overlap (gazetteer hits, persons), asked
/// whether a range overlaps one of them. The recognizers ask mostly in text order, token
/// after token: a cursor then moves forward a step at most instead of a binary search
/// each time. Asked out of order, it searches.
struct Ranges<'a, T, F> {
    items: &'a [T],
    range: F,
    /// Every range before it ended at or before the last start asked.
    cursor: std::cell::Cell<usize>,
}

impl<'a, T, F: Fn(&T) -> (usize, usize)> Ranges<'a, T, F> {
    /// `range` gives an item's start and end.
    fn new(items: &'a [T], range: F) -> Self {
        Ranges {
            items,
            range,
            cursor: std::cell::Cell::new(0),
        }
    }

    /// True when `start..end` overlaps one of the ranges.
    #[inline]
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let end_of = |item: &T| (self.range)(item).1;
        let items = self.items;
        let mut at = self.cursor.get();
        let behind = at > 0 && items.get(at - 1).is_some_and(|item| end_of(item) > start);
        if behind {
            at = items.partition_point(|item| end_of(item) <= start);
        } else {
            // A few steps forward, then a search of the rest if that was not enough.
            let mut steps = 0;
            while items.get(at).is_some_and(|item| end_of(item) <= start) {
                at += 1;
                steps += 1;
                if steps == 4 {
                    at += items[at..].partition_point(|item| end_of(item) <= start);
                    break;
                }
            }
        }
        self.cursor.set(at);
        items.get(at).is_some_and(|item| (self.range)(item).0 < end)
    }
}

/// Finds all mentions in a document, sorted by position, without overlaps.
pub fn recognize(
    context: &Context,
    hits: Vec<GazetteerMatch>,
    gazetteer: &Gazetteer,
    lexicon: &PersonLexicon,
) -> Vec<Mention> {
    // About one mention in ten tokens.
    let mut mentions = Vec::with_capacity(crate::buffer::capacity_for(
        hits.len() + context.segmentation.tokens.len() / 8,
    ));
    let morph = Morph::shared();
    for GazetteerMatch { start, end, entry } in &hits {
        if !plausible_gazetteer_hit(context, gazetteer, *start, *end, *entry) {
            continue;
        }
        let known = gazetteer.entry(*entry);
        // A body named by the building it sits in (kind «seat»: Кремль, Белый дом) is the
        // building after «в»: «выступал в Белом доме».
        let building = known.kind.as_deref() == Some("seat")
            && context.text[..*start]
                .trim_end()
                .rsplit(|c: char| !crate::segment::is_letter(c))
                .next()
                .is_some_and(|w| matches!(w, "в" | "во" | "В" | "Во"));
        if building {
            let place = Origin::Place(known.name.clone(), "facility");
            mentions.push(context.mention(EntityType::Loc, *start, *end, place));
            continue;
        }
        mentions.push(context.mention(known.entity_type, *start, *end, Origin::Gazetteer(*entry)));
        if known.entity_type == EntityType::Org {
            mentions.extend(places_inside(context, gazetteer, *start, *end));
        }
    }
    let hit_ranges = Ranges::new(&hits, |h| (h.start, h.end));
    let in_gazetteer = |start: usize, end: usize| hit_ranges.overlaps(start, end);
    let words = Words::new(
        context.text,
        context.folded,
        &context.segmentation.tokens,
        morph,
    );
    let persons = person::find_persons(&words, lexicon, &in_gazetteer);
    let lookup = |form: &str| gazetteer.entry_for_form(form);
    for place in place::find_coordinated(&words, &lookup) {
        mentions.push(context.mention(
            gazetteer.entry(place.entry).entity_type,
            place.start,
            place.end,
            Origin::Gazetteer(place.entry),
        ));
    }
    let person_ranges = Ranges::new(&persons, |p| (p.start, p.end));
    let person_at = |start: usize, end: usize| person_ranges.overlaps(start, end);
    // Hits are in text order and do not overlap: one starts at a given byte at most.
    let hit_at = |start: usize| {
        let at = hits.partition_point(|h| h.start < start);
        hits.get(at).filter(|h| h.start == start)
    };
    let known_end = |start: usize| hit_at(start).map(|h| h.end);
    for place in place::find_places(&words, &person_at, &known_end, &in_gazetteer) {
        // A known place after its descriptor keeps its gazetteer identity.
        let known = hit_at(place.name_start)
            .filter(|h| h.end == place.name_end)
            .filter(|h| gazetteer.entry(h.entry).entity_type == EntityType::Loc);
        let origin = match known {
            Some(hit) => Origin::Gazetteer(hit.entry),
            None => Origin::Place(place.name, place.kind),
        };
        // The mention of a settlement or region is its name, the descriptor («города»,
        // «штата») only tells the kind; rivers, lakes, islands and capes are named with
        // theirs («реку Нарву», «мысе Канаверал»).
        let start = match place.kind {
            "water" | "landform" => place.start,
            _ => place.name_start,
        };
        mentions.push(context.mention(EntityType::Loc, start, place.name_end, origin));
    }
    let taken = |start: usize, end: usize| {
        if person_at(start, end) {
            Taken::Person
        } else if in_gazetteer(start, end) {
            Taken::Name
        } else {
            Taken::Free
        }
    };
    let organizations = organization::find_organizations(&words, &taken);
    for name in persons {
        mentions.push(context.mention(
            EntityType::Per,
            name.start,
            name.end,
            Origin::Person(Box::new(name)),
        ));
    }
    let (nested, organizations): (Vec<_>, Vec<_>) =
        organizations.into_iter().partition(|o| o.nested);
    for org in organizations {
        // A phrase that is exactly a known name keeps the gazetteer's identity.
        let at = hits.partition_point(|h| h.start < org.start);
        if hits
            .get(at)
            .is_some_and(|h| h.start == org.start && h.end == org.end)
        {
            continue;
        }
        // A name found by its form that the gazetteer knows under another spelling («МК
        // «Jas Otan»» → Жас Отан) takes the known identity.
        let known = gazetteer
            .entry_for_form(&crate::segment::fold(&org.name))
            .filter(|&entry| gazetteer.entry(entry).entity_type == EntityType::Org);
        let origin = match known {
            Some(entry) => Origin::Gazetteer(entry),
            None => Origin::Organization(org.name),
        };
        mentions.push(context.mention(EntityType::Org, org.start, org.end, origin));
    }
    let dates =
        date::find_dates_segmented(context.text, context.folded, &context.segmentation.tokens);
    let mut times = time::find_times(context.text, context.folded, &context.segmentation.tokens)
        .into_iter()
        .peekable();
    // The year each date states, for anchoring those without one: worked out once per
    // date, and only when there is no publication date.
    let stated: Vec<Option<i32>> = match context.published {
        Some(_) => Vec::new(),
        None => dates.iter().map(|d| stated_year(context.text, d)).collect(),
    };
    for (index, found) in dates.iter().enumerate() {
        let anchor = context
            .published
            .or_else(|| nearest_stated_year(&stated, index));
        let mut value = date::to_iso(found, anchor);
        let mut end = found.end;
        // Times before this date stand alone.
        while let Some(time) = times.next_if(|t| t.start < found.end) {
            mentions.push(time_mention(context, time));
        }
        // A time right after a day belongs to it: «20 марта в 16:00» → XXXX-03-20T16:00.
        if let Some(day) = value.as_deref().filter(|v| v.len() == 10)
            && let Some(time) = times.next_if(|t| {
                !t.value.contains('/') && time::follows_date(context.text, found.end, t.start)
            })
        {
            value = Some(format!("{day}{}", time.value));
            end = time.end;
        }
        mentions.push(context.mention(EntityType::Date, found.start, end, Origin::Date(value)));
    }
    mentions.extend(times.map(|time| time_mention(context, time)));
    let mut mentions = remove_overlaps(mentions, &words);
    widen_abbreviations_by_country(context, gazetteer, &mut mentions);
    widen_by_place_adjective(context, gazetteer, &words, &mut mentions);
    // An organization named inside another after «при» («Совет при Омском городском
    // Совете») is a mention of its own, kept when the outer name was kept.
    for org in nested {
        let inside_kept = mentions.iter().any(|m| {
            m.entity_type == EntityType::Org
                && m.span.byte_start < org.start
                && org.end <= m.span.byte_end
        });
        if inside_kept {
            mentions.push(context.mention(
                EntityType::Org,
                org.start,
                org.end,
                Origin::Organization(org.name),
            ));
        }
    }
    let mut mentions = in_text_order(mentions);
    for mention in &mut mentions {
        mention.furniture = context.furniture.contains(mention.span.byte_start);
        mention.loc_org = acts_as_state(&words, gazetteer, mention);
    }
    mentions
}

/// True for a country that is the subject of a finite verb right after it, perhaps past
/// an adverb: «Россия подписала», «США ввели санкции», «Китай также заявил».
fn acts_as_state(words: &Words, gazetteer: &Gazetteer, mention: &Mention) -> bool {
    let Origin::Gazetteer(entry) = mention.origin else {
        return false;
    };
    if mention.entity_type != EntityType::Loc
        || gazetteer.entry(entry).kind.as_deref() != Some("country")
    {
        return false;
    }
    let tokens = words.tokens();
    let text = words.text_all();
    let first = tokens.partition_point(|t| t.span.byte_start < mention.span.byte_start);
    let past = tokens.partition_point(|t| t.span.byte_start < mention.span.byte_end);
    if first >= past {
        return false;
    }
    // The subject: not after a preposition («в России прошли выборы») or a noun it may
    // depend on («департамент США выслал»), and in the nominative unless it does not
    // decline (США, РФ).
    let depends = first > 0
        && tokens[first - 1].sentence == tokens[first].sentence
        && words
            .analyses(first - 1)
            .first()
            .is_some_and(|a| matches!(a.pos, Pos::Adp | Pos::Noun | Pos::Propn));
    let last = past - 1;
    let declines = words.analyses(last).iter().any(|a| a.case.is_some());
    let nominative = words
        .analyses(last)
        .iter()
        .take(3)
        .any(|a| a.case.is_some_and(|c| c.as_ud() == "Nom"));
    if depends || (declines && !nominative) {
        return false;
    }
    let finite_verb = |k: usize| {
        words
            .analyses(k)
            .first()
            .is_some_and(|a| a.known && a.pos == Pos::Verb && a.case.is_none() && a.prob >= 0.5)
    };
    let adverb = |k: usize| {
        words
            .analyses(k)
            .first()
            .is_some_and(|a| a.known && matches!(a.pos, Pos::Adv | Pos::Part))
    };
    // The verb, perhaps after one adverb or particle.
    for k in past..tokens.len().min(past + 2) {
        if !words.is_word(k)
            || !words.starts_lower(k)
            || !crate::segment::only_spaces_between(text, &tokens[k - 1], &tokens[k])
        {
            return false;
        }
        if finite_verb(k) {
            return true;
        }
        if !adverb(k) {
            return false;
        }
    }
    false
}

/// The places named inside a known organization's name, after its first word: «Эхо
/// Москвы», «Почта России», «МВД России».
fn places_inside(
    context: &Context,
    gazetteer: &Gazetteer,
    start: usize,
    end: usize,
) -> Vec<Mention> {
    let name = &context.text[start..end];
    let letter_or_digit = crate::segment::is_letter_or_digit;
    let Some(second) = name
        .find(|c: char| !letter_or_digit(c))
        .and_then(|gap| name[gap..].find(letter_or_digit).map(|k| start + gap + k))
    else {
        return Vec::new();
    };
    gazetteer
        .find(&context.text[second..end], &context.folded[second..end])
        .into_iter()
        .filter(|hit| gazetteer.entry(hit.entry).entity_type == EntityType::Loc)
        .map(|hit| {
            let (s, e) = (second + hit.start, second + hit.end);
            context.mention(EntityType::Loc, s, e, Origin::Gazetteer(hit.entry))
        })
        .collect()
}

/// An organization written as an abbreviation followed by a country names that
/// country's body: «ВВС США», «МИД Японии», «МВД России». The organization's mention takes
/// the country in (which stays a place mention of its own) and is named as written, so
/// that «МИД Японии» is not the Russian ministry the bare «МИД» stands for.
fn widen_abbreviations_by_country(
    context: &Context,
    gazetteer: &Gazetteer,
    mentions: &mut [Mention],
) {
    for k in 0..mentions.len().saturating_sub(1) {
        let (org, next) = (&mentions[k], &mentions[k + 1]);
        let (start, end) = (org.span.byte_start, next.span.byte_end);
        let country = |origin: &Origin| match origin {
            Origin::Gazetteer(entry) => gazetteer.entry(*entry).kind.as_deref() == Some("country"),
            _ => false,
        };
        // The cheap tests first: few pairs are an organization and then a country.
        if org.entity_type != EntityType::Org
            || next.entity_type != EntityType::Loc
            || !country(&next.origin)
            || !organization::is_abbreviation(&context.text[start..org.span.byte_end])
            || !context.text[org.span.byte_end..next.span.byte_start]
                .chars()
                .all(|c| c == ' ' || c == '\u{a0}')
            || context.text[org.span.byte_end..next.span.byte_start].is_empty()
        {
            continue;
        }
        let name = context.text[start..end].to_string();
        let widened = context.mention(EntityType::Org, start, end, Origin::Organization(name));
        mentions[k] = widened;
    }
}

/// Widens an organization named by a short name, its kind alone or its quoted name to the
/// place adjective before it, which says whose it is: «японского МИДа» is Japan's
/// ministry («Японский МИД»), not the Russian one the bare «МИД» names; «Лондонская
/// полиция», «московского «Центра»». A Russian adjective before a Russian body keeps the
/// gazetteer's identity («российского Минсельхоза»).
fn widen_by_place_adjective(
    context: &Context,
    gazetteer: &Gazetteer,
    words: &Words,
    mentions: &mut [Mention],
) {
    let tokens = words.tokens();
    for mention in mentions.iter_mut() {
        if mention.entity_type != EntityType::Org {
            continue;
        }
        let (start, end) = (mention.span.byte_start, mention.span.byte_end);
        let first = tokens.partition_point(|t| t.span.byte_start < start);
        // The name is one word, perhaps in quotes: «МИДа», «полиция», ««Центра»».
        let quoted = first > 0 && tokens[first - 1].kind == crate::segment::TokenKind::Quote;
        let adjective = if quoted {
            first.checked_sub(2)
        } else {
            first.checked_sub(1)
        };
        let Some(adjective) = adjective else { continue };
        let one_word = tokens
            .get(first + 1)
            .is_none_or(|t| t.span.byte_start >= end);
        // Most organizations are more than one word: the adjective is not read for them.
        if !one_word {
            continue;
        }
        let lemma_is_place = |lemma: &str| {
            (lemma.ends_with("ский") || lemma.ends_with("цкий")) && !lemma.ends_with("ческий")
        };
        let place_adjective = (words.starts_lower(adjective)
            || crate::segment::opens_clause(context.text, tokens, adjective))
            && crate::segment::only_spaces_between(
                context.text,
                &tokens[adjective],
                &tokens[if quoted { first - 1 } else { first }],
            )
            && words
                .analyses(adjective)
                .first()
                .is_some_and(|a| a.pos == Pos::Adj && lemma_is_place(&a.lemma));
        if !place_adjective {
            continue;
        }
        let wide_start = tokens[adjective].span.byte_start;
        let russian = words
            .analyses(adjective)
            .first()
            .is_some_and(|a| a.lemma == "российский");
        let origin = match &mention.origin {
            Origin::Gazetteer(entry)
                if russian && gazetteer.entry(*entry).country.as_deref() == Some("RU") =>
            {
                mention.origin.clone()
            }
            _ => {
                // Declined without the quotes, which go back around the name.
                let phrase = format!("{} {}", words.text(adjective), &context.text[start..end]);
                let declined = words.morph().nominative_cached(&phrase);
                let name = match (quoted, declined.split_once(' ')) {
                    (true, Some((adjective, name))) => format!("{adjective} «{name}»"),
                    _ => declined,
                };
                let name = crate::segment::capitalise_first(&name);
                Origin::Organization(crate::normalize::spaced_initials(&name))
            }
        };
        *mention = context.mention(EntityType::Org, wide_start, end, origin);
    }
}

/// The year of the nearest date that states one (see [`stated_year`]; `stated` holds it
/// for every date), preferring earlier dates: the anchor for a date without a year («5-8
/// ноября») in a text with no publication date.
fn nearest_stated_year(stated: &[Option<i32>], index: usize) -> Option<date::Ymd> {
    let before = stated[..index].iter().rev().find_map(|&year| year);
    let year = before.or_else(|| stated[index + 1..].iter().find_map(|&year| year))?;
    Some(date::Ymd::new(Some(year), None, None))
}

/// The year a date states, if it can anchor others. Years that open or close a period («с
/// 2017 года», «до 2030 года») say little about when the story happens and are passed
/// over.
fn stated_year(text: &str, d: &date::DateMatch) -> Option<i32> {
    if d.year_source != date::YearSource::Explicit
        || d.kind != date::DateKind::Calendar
        || d.until.is_some()
    {
        return None;
    }
    let lead = text[d.mention_start..d.start].trim().to_lowercase();
    let bound = matches!(lead.as_str(), "с" | "со" | "до" | "к" | "по" | "после");
    d.begin.year.filter(|_| !bound)
}

/// City names that are also first names or surnames: taken as places only when no
/// capitalised word stands right next to them («во Владимире», not «Владимир Путин»).
const NAME_LIKE_PLACES: &[&str] = &[
    "Владимир",
    "Королев",
    "Королёв",
    "Жуковский",
    "Пушкин",
    "Киров",
    "Александров",
    "Ангарск",
    "Калуга",
    "Ислам",
    "Лиски",
    "Серов",
    "Шахты",
    "Орел",
    "Орёл",
    "Миасс",
];

fn plausible_gazetteer_hit(
    context: &Context,
    gazetteer: &Gazetteer,
    start: usize,
    end: usize,
    entry: u32,
) -> bool {
    let entry = gazetteer.entry(entry);
    if entry.entity_type == EntityType::Loc && adjective_before_noun(context, start, end) {
        return false;
    }
    if entry.entity_type == EntityType::Org {
        return !common_word_at_sentence_start(context, start, end);
    }
    if entry.entity_type != EntityType::Loc || !NAME_LIKE_PLACES.contains(&entry.name.as_str()) {
        return true;
    }
    let next_word = context.text[end..]
        .trim_start_matches([' ', '\u{a0}'])
        .chars()
        .next();
    let prev_word = context.text[..start]
        .trim_end_matches([' ', '\u{a0}'])
        .split([' ', '\u{a0}', '\n'])
        .next_back()
        .and_then(|w| w.chars().next());
    let capital_next = next_word.is_some_and(crate::segment::is_upper);
    let capital_prev = prev_word.is_some_and(crate::segment::is_upper)
        && !context.text[..start]
            .trim_end()
            .ends_with(['.', '!', '?', '\n']);
    !capital_next && !capital_prev
}

/// A one-word place name that is here an adjective agreeing with the next word: «при
/// Омском городском Совете» is not the city of Omsk.
fn adjective_before_noun(context: &Context, start: usize, end: usize) -> bool {
    let word = &context.text[start..end];
    if word.contains([' ', '-']) {
        return false;
    }
    let Some(next) = context.text[end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.split([' ', ',', '.', '\n']).next())
        .filter(|w| w.starts_with(crate::segment::is_lower))
    else {
        return false;
    };
    Morph::shared().adjective_agrees(word, next)
}

/// A one-word name at the start of a sentence that is a common word in lower case
/// («Экономист считает…» is not the magazine).
fn common_word_at_sentence_start(context: &Context, start: usize, end: usize) -> bool {
    let word = &context.text[start..end];
    if word.contains(' ') || word.chars().skip(1).any(crate::segment::is_upper) {
        return false;
    }
    let tokens = &context.segmentation.tokens;
    let at = tokens.partition_point(|t| t.span.byte_start < start);
    let sentence_start =
        at == 0 || tokens[at - 1].sentence != tokens.get(at).map_or(0, |t| t.sentence);
    sentence_start
        && Morph::shared()
            .analyze_cached(&crate::segment::lowercase(word))
            .first()
            .is_some_and(|a| a.known && a.pos == Pos::Noun && !a.organization)
}

/// Keeps the longest of overlapping mentions (the earliest on a tie), in text order. A
/// place inside an organization's name stays a mention of its own («Посольство РК в РФ»).
/// A DATE mention of a time of day alone («в 16:00» → T16:00).
fn time_mention(context: &Context, time: time::TimeOfDay) -> Mention {
    context.mention(
        EntityType::Date,
        time.start,
        time.end,
        Origin::Date(Some(time.value)),
    )
}

/// True when the word starting at byte `start` is most likely in the genitive.
fn genitive_at(words: &Words, start: usize) -> bool {
    let tokens = words.tokens();
    let at = tokens.partition_point(|t| t.span.byte_start < start);
    tokens.get(at).is_some_and(|t| t.span.byte_start == start)
        && words
            .analyses(at)
            .first()
            .is_some_and(|a| a.case == Some(crate::morph::Case::Gen))
}

fn remove_overlaps(mentions: Vec<Mention>, words: &Words) -> Vec<Mention> {
    let text = words.text_all();
    // Longest first, then the earliest, then in the order found: the mentions' indices
    // are sorted (a mention is 88 bytes), by a key that tells all of them apart.
    let mut order: Vec<(std::cmp::Reverse<usize>, usize, usize)> = mentions
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let len = m.span.byte_end - m.span.byte_start;
            (std::cmp::Reverse(len), m.span.byte_start, k)
        })
        .collect();
    order.sort_unstable();
    let mentions = reordered(mentions, order.iter().map(|&(_, _, k)| k));
    // Kept mentions by start: (end, type). A kept mention that overlaps a new one starts
    // at most `longest` bytes before it, so the check looks back no further.
    let longest = order.first().map_or(0, |&(len, _, _)| len.0);
    // (start, end, type, index in `kept`) of the kept mentions, in text order: by start,
    // then end, then as kept. That is the order they are returned in.
    let mut kept_spans: Vec<(usize, usize, EntityType, usize)> = Vec::with_capacity(order.len());
    let mut kept: Vec<Mention> = Vec::with_capacity(order.len());
    for mention in mentions {
        let (start, end) = (mention.span.byte_start, mention.span.byte_end);
        // A known organization in another's genitive chain, not its quoted or Latin name
        // («партии «Яблоко»», «корпорация Google» are one organization each).
        let known_org = matches!(mention.origin, Origin::Gazetteer(_))
            && mention.entity_type == EntityType::Org;
        let in_chain =
            known_org && text[..start].ends_with([' ', '\u{a0}']) && !text[start..end].is_ascii();
        // A known organization quoted after a genitive word of its own, deep in another's
        // name: «филиале партии «Нур Отан»» names the party too, where «партии «Яблоко»»
        // or «концерн «Фольксваген»» alone is one organization.
        let quoted_in_chain = known_org
            .then(|| text[..start].strip_suffix(['«', '"']))
            .flatten()
            .and_then(|before| before.trim_end().rsplit_once([' ', '\u{a0}']))
            .map(|(outer, _)| outer.len() + 1)
            .filter(|&word_start| genitive_at(words, word_start));
        let before_end = kept_spans.partition_point(|k| k.0 < end);
        let overlaps = kept_spans[..before_end]
            .iter()
            .rev()
            .take_while(|(k_start, _, _, _)| *k_start + longest >= start)
            .any(|&(k_start, k_end, k_type, _)| {
                let inside = k_start <= start && end <= k_end;
                let nested_place =
                    k_type == EntityType::Org && mention.entity_type == EntityType::Loc && inside;
                // A known organization inside another's name is a mention of its own:
                // «комитета Совета Федерации по экономической политике».
                let nested_known = k_type == EntityType::Org
                    && (in_chain || quoted_in_chain.is_some_and(|outer| k_start < outer))
                    && inside
                    && k_start < start
                    && (k_start, k_end) != (start, end);
                !nested_place && !nested_known && k_start < end && start < k_end
            });
        if !overlaps {
            let at = kept_spans.partition_point(|k| (k.0, k.1) <= (start, end));
            kept_spans.insert(at, (start, end, mention.entity_type, kept.len()));
            kept.push(mention);
        }
    }
    reordered_vec(kept, kept_spans.iter().map(|&(_, _, _, k)| k))
}

/// `mentions` sorted by start and end, those with the same span in the order given (a
/// stable sort, done on indices: a mention is 88 bytes).
fn in_text_order(mentions: Vec<Mention>) -> Vec<Mention> {
    let mut order: Vec<(usize, usize, usize)> = mentions
        .iter()
        .enumerate()
        .map(|(k, m)| (m.span.byte_start, m.span.byte_end, k))
        .collect();
    if order.is_sorted() {
        return mentions;
    }
    order.sort_unstable();
    reordered_vec(mentions, order.iter().map(|&(_, _, k)| k))
}

/// [`reordered`], collected into a vector of the exact length (a `filter_map` gives
/// `collect` no size to start from).
fn reordered_vec(
    mentions: Vec<Mention>,
    order: impl ExactSizeIterator<Item = usize>,
) -> Vec<Mention> {
    let mut sorted = Vec::with_capacity(order.len());
    sorted.extend(reordered(mentions, order));
    sorted
}

/// The mentions at the given indices, in their order (each index once).
fn reordered(
    mentions: Vec<Mention>,
    order: impl Iterator<Item = usize>,
) -> impl Iterator<Item = Mention> {
    let mut slots: Vec<Option<Mention>> = mentions.into_iter().map(Some).collect();
    order.filter_map(move |k| slots.get_mut(k).and_then(Option::take))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_answer_as_a_search_in_any_order() {
        // The gazetteer hits of a sample article, asked about every range of up to
        // three tokens, forwards, backwards and out of order.
        let text = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        let folded = crate::segment::fold(text);
        let pipeline = crate::Pipeline::builder()
            .build()
            .expect("built-in gazetteers load");
        let hits = pipeline.gazetteer().find(text, &folded);
        assert!(hits.len() > 3, "the article names places");
        let tokens = crate::segment::segment(text).tokens;
        let searched = |start: usize, end: usize| {
            let at = hits.partition_point(|h| h.end <= start);
            hits.get(at).is_some_and(|h| h.start < end)
        };
        let queries: Vec<(usize, usize)> = (0..tokens.len())
            .flat_map(|i| (i..(i + 3).min(tokens.len())).map(move |j| (i, j)))
            .map(|(i, j)| (tokens[i].span.byte_start, tokens[j].span.byte_end))
            .collect();
        let ranges = Ranges::new(&hits, |h| (h.start, h.end));
        let scrambled = (0..queries.len()).map(|k| (k * 7919) % queries.len());
        let order = (0..queries.len())
            .chain((0..queries.len()).rev())
            .chain(scrambled);
        for k in order {
            let (start, end) = queries[k];
            assert_eq!(
                ranges.overlaps(start, end),
                searched(start, end),
                "{start}..{end}"
            );
        }
    }
}
