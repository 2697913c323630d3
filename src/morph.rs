//! Russian morphology for svyaz: word analysis and inflection of names and name phrases.
//!
//! Built on the `rumorph` crate and its bundled OpenCorpora + Wiktionary dictionary
//! (`rumorph-dict-ru`, CC BY-SA 4.0). The dictionary is loaded once per process by
//! [`Morph::shared`] and shared by all threads.
//!
//! Nothing here panics on unusual input: a word the dictionary does not know is guessed from
//! its ending, and a word that cannot be analysed or inflected is kept as written.

use std::cell::RefCell;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::segment::is_letter_or_digit;
use compact_str::CompactString;
use rumorph::Dictionary;
use rustc_hash::FxHashMap;

/// Grammatical case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Case {
    /// Nominative (именительный).
    Nom,
    /// Genitive (родительный); the partitive («чаю») is reported as genitive.
    Gen,
    /// Dative (дательный).
    Dat,
    /// Accusative (винительный).
    Acc,
    /// Instrumental (творительный).
    Ins,
    /// Locative / prepositional (предложный), including the second locative («в лесу»).
    Loc,
}

impl Case {
    /// All six cases in the traditional order.
    pub const ALL: [Case; 6] = [
        Case::Nom,
        Case::Gen,
        Case::Dat,
        Case::Acc,
        Case::Ins,
        Case::Loc,
    ];

    /// The Universal Dependencies value of the `Case` feature.
    pub fn as_ud(self) -> &'static str {
        match self {
            Case::Nom => "Nom",
            Case::Gen => "Gen",
            Case::Dat => "Dat",
            Case::Acc => "Acc",
            Case::Ins => "Ins",
            Case::Loc => "Loc",
        }
    }

    fn from_ud(value: &str) -> Option<Case> {
        Some(match value {
            "Nom" => Case::Nom,
            "Gen" | "Par" => Case::Gen,
            "Dat" => Case::Dat,
            "Acc" => Case::Acc,
            "Ins" => Case::Ins,
            "Loc" => Case::Loc,
            _ => return None,
        })
    }
}

/// Grammatical number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Number {
    /// Singular.
    Sing,
    /// Plural.
    Plur,
}

impl Number {
    /// The Universal Dependencies value of the `Number` feature.
    pub fn as_ud(self) -> &'static str {
        match self {
            Number::Sing => "Sing",
            Number::Plur => "Plur",
        }
    }
}

/// Grammatical gender.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Masculine.
    Masc,
    /// Feminine.
    Fem,
    /// Neuter.
    Neut,
}

impl Gender {
    /// The Universal Dependencies value of the `Gender` feature.
    pub fn as_ud(self) -> &'static str {
        match self {
            Gender::Masc => "Masc",
            Gender::Fem => "Fem",
            Gender::Neut => "Neut",
        }
    }
}

/// One analysis of a word form, most likely first in the Vec returned by analyze.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// Dictionary form (lower case; with «ё» where the dictionary has it), kept inline
    /// when short (12 Cyrillic letters) so that reading it does not leave the analysis.
    pub lemma: CompactString,
    /// Universal Dependencies part of speech: NOUN, ADJ, PROPN, VERB, ...; X if unknown.
    pub pos: Pos,
    /// Case, for words that decline.
    pub case: Option<Case>,
    /// Number, where the form shows it.
    pub number: Option<Number>,
    /// Gender, where the form shows it.
    pub gender: Option<Gender>,
    /// Animacy of nouns (and of accusative adjectives that show it).
    pub animate: Option<bool>,
    /// A given name («Динара», «Артём»).
    pub first_name: bool,
    /// A surname («Утебаева», «Метелев»).
    pub surname: bool,
    /// A patronymic («Иманжановна»).
    pub patronymic: bool,
    /// A geographic name («Курган», «Казахстан»).
    pub geographic: bool,
    /// The name of an organisation or company.
    pub organization: bool,
    /// Probability of this analysis among all analyses of the word (they sum to 1).
    pub prob: f32,
    /// The word does not decline (InflClass=Ind: «Кокшетау», «Витченко»).
    pub indeclinable: bool,
    /// The word form is in the dictionary (not guessed from its ending or by a rule).
    pub known: bool,
    /// The dictionary's UD tag of the analysis, for the name inflection of this module.
    ud: u16,
    /// The rest of the dictionary's own analysis, so that inflection can rebuild it
    /// without analysing the word again ([`Morph::own_analysis`]).
    own: Own,
}

/// What [`Analysis`] keeps of the dictionary's analysis besides its lemma and tags.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Own {
    tag: Option<u16>,
    entry: Option<rumorph::Entry>,
    source: rumorph::Source,
    /// How the dictionary spells the form against the word looked up: only when it is
    /// the same word, or the same in lower case, can the analysis be rebuilt from it.
    spelling: Spelling,
}

/// How the dictionary spells a form, against the word that was looked up.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Spelling {
    /// As it was looked up (a lower-case word, or a guess, which keeps the capitals).
    AsLookedUp,
    /// The same in lower case («путина» for «Путина»), as [`crate::segment::lowercase`]
    /// puts it: most names in a text.
    Lowered,
    /// Otherwise (with «ё» for «е», say).
    Other,
}

/// What the phrase functions read of an analysis: an [`Analysis`] from the per-thread cache
/// when a phrase is put into the nominative, the dictionary's own when the case forms of a
/// gazetteer name are listed.
trait Reading {
    /// The dictionary's UD tag.
    fn ud(&self) -> u16;
    /// Probability among the analyses of the word.
    fn prob(&self) -> f64;
    /// In the dictionary, not guessed.
    fn known(&self) -> bool;
    /// Dictionary form.
    fn lemma(&self) -> &str;
}

impl Reading for Analysis {
    fn ud(&self) -> u16 {
        self.ud
    }
    fn prob(&self) -> f64 {
        f64::from(self.prob)
    }
    fn known(&self) -> bool {
        self.known
    }
    fn lemma(&self) -> &str {
        &self.lemma
    }
}

impl Reading for rumorph::Analysis {
    fn ud(&self) -> u16 {
        self.ud
    }
    fn prob(&self) -> f64 {
        self.prob
    }
    fn known(&self) -> bool {
        self.source == rumorph::Source::Dictionary
    }
    fn lemma(&self) -> &str {
        &self.lemma
    }
}

/// Grammatical information of one UD tag of the dictionary, decoded once at load time.
#[derive(Clone, Copy, Debug, Default)]
struct TagInfo {
    pos: Pos,
    case: Option<Case>,
    number: Option<Number>,
    gender: Option<Gender>,
    animate: Option<bool>,
    first_name: bool,
    surname: bool,
    patronymic: bool,
    geographic: bool,
    organization: bool,
    indeclinable: bool,
    short: bool,
    participle: bool,
    ordinal: bool,
    /// Voice, tense and degree packed together: forms of one participle or adjective share it.
    subtype: u8,
}

impl TagInfo {
    /// A noun or proper noun that can head a name phrase.
    fn nominal(&self) -> bool {
        matches!(self.pos, Pos::Noun | Pos::Propn)
    }

    /// A full adjective, participle, determiner or ordinal that agrees with a noun.
    fn adjectival(&self) -> bool {
        !self.short
            && self.case.is_some()
            && (matches!(self.pos, Pos::Adj | Pos::Det)
                || (self.pos == Pos::Verb && self.participle)
                || (self.pos == Pos::Num && self.ordinal))
    }

    /// A personal name of any kind.
    fn person_name(&self) -> bool {
        self.first_name || self.surname || self.patronymic
    }
}

/// A Universal Dependencies part of speech.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Pos {
    /// Adjective.
    Adj,
    /// Adposition (preposition).
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary.
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb (participles and gerunds included).
    Verb,
    /// Anything else, or unknown.
    #[default]
    X,
}

impl Pos {
    /// Every part of speech, in the order of the enum.
    const ALL: [Pos; 17] = [
        Pos::Adj,
        Pos::Adp,
        Pos::Adv,
        Pos::Aux,
        Pos::Cconj,
        Pos::Det,
        Pos::Intj,
        Pos::Noun,
        Pos::Num,
        Pos::Part,
        Pos::Pron,
        Pos::Propn,
        Pos::Punct,
        Pos::Sconj,
        Pos::Sym,
        Pos::Verb,
        Pos::X,
    ];

    /// The UD name: "ADJ", "NOUN", "PROPN", ...
    pub fn as_str(self) -> &'static str {
        match self {
            Pos::Adj => "ADJ",
            Pos::Adp => "ADP",
            Pos::Adv => "ADV",
            Pos::Aux => "AUX",
            Pos::Cconj => "CCONJ",
            Pos::Det => "DET",
            Pos::Intj => "INTJ",
            Pos::Noun => "NOUN",
            Pos::Num => "NUM",
            Pos::Part => "PART",
            Pos::Pron => "PRON",
            Pos::Propn => "PROPN",
            Pos::Punct => "PUNCT",
            Pos::Sconj => "SCONJ",
            Pos::Sym => "SYM",
            Pos::Verb => "VERB",
            Pos::X => "X",
        }
    }
}

/// Coordinating conjunctions that join modifiers of one head («Курганской и Тюменской областей»).
const CONJUNCTIONS: [&str; 3] = ["и", "или", "либо"];

/// Largest number of spellings produced for one case by [`Morph::case_forms`].
const MAX_VARIANTS: usize = 8;

/// Russian morphological analyser and name inflector.
pub struct Morph {
    dictionary: Option<Dictionary>,
    tags: Vec<TagInfo>,
    /// Identifies this analyser in the per-thread cache.
    id: usize,
    /// The analyses the threads share, behind their per-thread caches.
    shared_analyses: Mutex<SharedAnalyses>,
    /// The nominatives the threads share, of phrases and of persons' names, behind their
    /// per-thread caches.
    shared_nominatives: Mutex<[FxHashMap<Box<str>, String>; 2]>,
}

impl std::fmt::Debug for Morph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Morph")
            .field("dictionary", &self.dictionary)
            .field("tags", &self.tags.len())
            .finish()
    }
}

/// The analyses of one word as [`Morph::analyze_cached`] keeps them: the word, a memo
/// slot for one client ([`Analyses::note`]) and the analyses, most likely first, in one
/// allocation behind a one-word pointer. The per-thread table holds only these pointers,
/// so a look-up reads the table, which stays in the cache, and then one place in memory
/// for both the key and the analyses it was looking for.
#[derive(Clone)]
pub struct Analyses(triomphe::ThinArc<Entry, Analysis>);

/// The fixed part of an [`Analyses`] allocation.
struct Entry {
    word: CompactString,
    /// An owner in the high half and its value in the low half; 0 when empty. Atomic, so
    /// that the allocation can be read from another thread's cache (see
    /// [`SharedAnalyses`]); relaxed loads and stores cost what plain ones do.
    note: AtomicU64,
    /// Looked up again since the cache last made room (see [`Morph::analyze_cached`]).
    used: AtomicBool,
}

impl Analyses {
    fn new(word: &str, analyses: impl ExactSizeIterator<Item = Analysis>) -> Self {
        let entry = Entry {
            word: word.into(),
            note: AtomicU64::new(0),
            used: AtomicBool::new(false),
        };
        Analyses(triomphe::ThinArc::from_header_and_iter(entry, analyses))
    }

    /// The word these are the analyses of, as it was looked up.
    pub fn word(&self) -> &str {
        &self.0.header.header.word
    }

    /// The value that `owner` (not 0) noted on this word with [`Analyses::set_note`], if
    /// it was the last to note one: a client's own memo of what it worked out from the
    /// analyses, read without a look-up of its own.
    pub fn note(&self, owner: u32) -> Option<u32> {
        let note = self.0.header.header.note.load(Ordering::Relaxed);
        (owner != 0 && (note >> 32) as u32 == owner).then_some(note as u32)
    }

    /// Notes `value` on this word for `owner` (not 0), replacing any other owner's note.
    pub fn set_note(&self, owner: u32, value: u32) {
        if owner != 0 {
            let note = u64::from(owner) << 32 | u64::from(value);
            self.0.header.header.note.store(note, Ordering::Relaxed);
        }
    }
}

impl std::ops::Deref for Analyses {
    type Target = [Analysis];

    fn deref(&self) -> &[Analysis] {
        &self.0.slice
    }
}

impl std::fmt::Debug for Analyses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The per-thread table of [`Morph::analyze_cached`], for one analyser (its id) at a time.
#[derive(Default)]
struct AnalysisCache {
    owner: usize,
    table: hashbrown::HashTable<Analyses>,
}

impl AnalysisCache {
    /// The analyses kept for `word` (whose hash is `hash`), marked as used again.
    fn get(&self, hash: u64, word: &str) -> Option<Analyses> {
        let analyses = self.table.find(hash, |a| a.word() == word)?;
        analyses.0.header.header.used.store(true, Ordering::Relaxed);
        Some(analyses.clone())
    }

    /// Makes room for one more word when `limit` words are kept ([`make_room`]).
    fn make_room(&mut self, limit: usize) {
        make_room(&mut self.table, limit, |a| {
            a.0.header.header.used.swap(false, Ordering::Relaxed)
        });
    }

    /// Keeps `analyses` under `hash`.
    fn insert(&mut self, hash: u64, analyses: Analyses) {
        self.table
            .insert_unique(hash, analyses, |a| word_hash(a.word()));
    }
}

thread_local! {
    static CACHE: RefCell<AnalysisCache> = RefCell::new(AnalysisCache::default());
}

/// Makes room in `table` for one more word when it holds `limit`: the words not looked up
/// again since the last time go (`used` reads an entry's mark and clears it), and if those
/// that stay are more than half of the limit, all go.
fn make_room<T>(
    table: &mut hashbrown::HashTable<T>,
    limit: usize,
    mut used: impl FnMut(&mut T) -> bool,
) {
    if table.len() < limit {
        return;
    }
    table.retain(|entry| used(entry));
    if table.len() > limit / 2 {
        table.clear();
    }
}

/// The analyses of [`Morph::analyze_cached`] that the threads of a run share. A thread
/// that meets a word for the first time, when another has analysed it, copies the
/// analyses from here (a few hundred instructions) instead of analysing the word again
/// (some twelve thousand). The table refers to the allocation of the thread that
/// analysed the word, and is read only when a thread's own cache misses: the words that
/// each thread looks up all the time are never touched by two threads.
#[derive(Default)]
struct SharedAnalyses {
    /// The analyses and whether they were copied since the table last made room.
    table: hashbrown::HashTable<(Analyses, bool)>,
}

impl SharedAnalyses {
    /// The analyses kept for `word`, to be copied once the lock is released.
    fn get(&mut self, hash: u64, word: &str) -> Option<Analyses> {
        let (analyses, used) = self.table.find_mut(hash, |(a, _)| a.word() == word)?;
        *used = true;
        Some(analyses.clone())
    }

    /// Keeps `analyses`, unless another thread has just done so, making room as
    /// [`AnalysisCache::make_room`] does.
    fn insert(&mut self, hash: u64, analyses: Analyses) {
        if self
            .table
            .find(hash, |(a, _)| a.word() == analyses.word())
            .is_some()
        {
            return;
        }
        make_room(&mut self.table, crate::cache::LIMIT, |(_, used)| {
            std::mem::take(used)
        });
        self.table
            .insert_unique(hash, (analyses, false), |(a, _)| word_hash(a.word()));
    }
}

/// The hash of a word in the [`AnalysisCache`].
fn word_hash(word: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(word)
}

thread_local! {
    /// Per-thread caches of the memoised nominatives: of phrases in general, and of
    /// persons' names (which decline by other rules). Looked up by the phrase itself, so a
    /// hit allocates nothing but the returned copy.
    static NOMINATIVES: RefCell<[FxHashMap<Box<str>, String>; 2]> =
        RefCell::new([FxHashMap::default(), FxHashMap::default()]);
}

/// What [`Morph::inflect_reading`] is asked: the word, its reading and the form wanted.
type InflectionKey = (CompactString, usize, Case, Number, Option<Gender>);

/// The per-thread memo of [`Morph::inflect_reading`], for one analyser (its id) at a time.
#[derive(Default)]
struct Inflections {
    owner: usize,
    forms: FxHashMap<InflectionKey, Option<String>>,
}

thread_local! {
    /// The words of names put into the nominative come back in other names («Путина» in
    /// «Владимира Путина» and «Путина»): a third of the inflections in a first pass over
    /// the evaluation texts are asked again.
    static INFLECTIONS: RefCell<Inflections> = RefCell::new(Inflections::default());
}

/// Most phrases kept in each per-thread nominative cache before it is cleared.
const NOMINATIVE_CACHE_LIMIT: usize = 50_000;

/// The nominative of `phrase` from the per-thread cache, or else from the cache the
/// threads share (`shared`), computed by `compute` once.
fn memoised(
    shared: &Mutex<[FxHashMap<Box<str>, String>; 2]>,
    person: bool,
    phrase: &str,
    compute: impl FnOnce() -> String,
) -> String {
    let which = usize::from(person);
    if let Ok(Some(hit)) = NOMINATIVES.try_with(|c| c.borrow()[which].get(phrase).cloned()) {
        return hit;
    }
    let shared = || shared.lock().unwrap_or_else(PoisonError::into_inner);
    let copied = shared()[which].get(phrase).cloned();
    let value = copied.unwrap_or_else(|| {
        // Other threads go on meanwhile.
        let value = compute();
        keep_nominative(&mut shared()[which], phrase, &value);
        value
    });
    let _ = NOMINATIVES.try_with(|c| keep_nominative(&mut c.borrow_mut()[which], phrase, &value));
    value
}

/// Keeps the nominative of `phrase` in `cache`, which is emptied when it is full.
fn keep_nominative(cache: &mut FxHashMap<Box<str>, String>, phrase: &str, nominative: &str) {
    if cache.len() >= NOMINATIVE_CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(phrase.into(), nominative.to_string());
}

/// [`Morph::adjective_agrees`] over analyses already looked up: `word` can be a full
/// adjective in a case that one of the first analyses of `next` (an adjective or noun) has.
pub fn analyses_agree(word: &[Analysis], next: &[Analysis]) -> bool {
    let cases: Vec<Case> = word
        .iter()
        .filter(|a| a.pos == Pos::Adj && a.prob >= 0.05)
        .filter_map(|a| a.case)
        .collect();
    !cases.is_empty()
        && next.iter().take(3).any(|a| {
            matches!(a.pos, Pos::Adj | Pos::Noun) && a.case.is_some_and(|c| cases.contains(&c))
        })
}

/// Source of analyser ids for the cache (0 is no analyser).
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

impl Morph {
    /// The dictionary, loaded once per process (std::sync::OnceLock) and shared by all threads.
    ///
    /// If the bundled dictionary cannot be loaded (a build without it), the analyser is empty:
    /// [`Morph::is_loaded`] is false, `analyze` returns nothing and the inflecting functions
    /// return their input unchanged.
    pub fn shared() -> &'static Morph {
        static SHARED: OnceLock<Morph> = OnceLock::new();
        SHARED.get_or_init(|| match Dictionary::bundled() {
            Ok(dictionary) => Morph::from_dictionary(dictionary),
            Err(_) => Morph::empty(),
        })
    }

    /// A new analyser over the bundled dictionary (prefer [`Morph::shared`]: loading takes
    /// a few milliseconds and the dictionary is read-only).
    pub fn new() -> Result<Morph, rumorph::Error> {
        Dictionary::bundled().map(Morph::from_dictionary)
    }

    /// An analyser over any rumorph dictionary, e.g. one extended with `with_words`.
    pub fn from_dictionary(dictionary: Dictionary) -> Morph {
        let tags = dictionary.ud_tags().map(decode_tag).collect();
        Morph {
            dictionary: Some(dictionary),
            tags,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            shared_analyses: Mutex::default(),
            shared_nominatives: Mutex::default(),
        }
    }

    /// An analyser without a dictionary: analyses nothing, inflects nothing.
    fn empty() -> Morph {
        Morph {
            dictionary: None,
            tags: Vec::new(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            shared_analyses: Mutex::default(),
            shared_nominatives: Mutex::default(),
        }
    }

    /// Whether a dictionary is loaded.
    pub fn is_loaded(&self) -> bool {
        self.dictionary.is_some()
    }

    /// The underlying rumorph dictionary, if loaded.
    pub fn dictionary(&self) -> Option<&Dictionary> {
        self.dictionary.as_ref()
    }

    /// All analyses of a word form, most likely first. Case of the letters does not matter for
    /// the lookup, but a capitalised word gets more weight on proper-noun analyses; «е» in the
    /// input also finds words spelt with «ё». Unknown words are guessed from their ending.
    /// Returns an empty Vec only for empty input or input with spaces or control characters.
    ///
    /// Results are memoised per thread (see [`Morph::analyze_cached`]); a repeated word costs
    /// a hash lookup and a copy of its analyses.
    pub fn analyze(&self, word: &str) -> Vec<Analysis> {
        self.analyze_cached(word).to_vec()
    }

    /// Analyses of a word without the per-thread cache.
    pub fn analyze_uncached(&self, word: &str) -> Vec<Analysis> {
        self.converted(word).collect()
    }

    /// The dictionary's analyses of a word, converted one by one.
    fn converted<'w>(&'w self, word: &'w str) -> impl ExactSizeIterator<Item = Analysis> + 'w {
        // The word in lower case, made once for all its readings when the dictionary
        // spells one otherwise.
        let mut lowered = None;
        self.raw(word)
            .into_iter()
            .map(move |analysis| self.convert(analysis, word, &mut lowered))
    }

    /// Like [`Morph::analyze`], but returned as a shared slice from a per-thread cache: a
    /// repeated word (most tokens of a text) costs a hash lookup and no allocation. The cache
    /// holds at most [`crate::cache::LIMIT`] words per thread (some 10 MB). When it is full
    /// it keeps the words looked up again since it last made room and lets the others go,
    /// so that over a corpus with more words than that the common ones stay; if they are
    /// more than half of it, it is emptied.
    pub fn analyze_cached(&self, word: &str) -> Analyses {
        let hash = word_hash(word);
        let hit = CACHE.try_with(|cache| {
            let cache = cache.borrow();
            (cache.owner == self.id)
                .then(|| cache.get(hash, word))
                .flatten()
        });
        if let Ok(Some(analyses)) = hit {
            return analyses;
        }
        let shared = || {
            self.shared_analyses
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        let found = shared().get(hash, word);
        let analyses = match found {
            // A copy with a memo slot of its own, made outside the lock.
            Some(found) => Analyses::new(word, found.iter().cloned()),
            None => {
                // Converted straight into the cache's allocation, without a vector between;
                // other threads go on meanwhile.
                let analyses = Analyses::new(word, self.converted(word));
                shared().insert(hash, analyses.clone());
                analyses
            }
        };
        // While the thread is being torn down the analyses are not kept.
        let _ = CACHE.try_with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.owner != self.id {
                cache.owner = self.id;
                cache.table.clear();
            }
            cache.make_room(crate::cache::LIMIT);
            cache.insert(hash, analyses.clone());
        });
        analyses
    }

    /// True when `word` can be a full adjective agreeing in case with `next`, an adjective
    /// or noun: «Омском городском», «Таразского регионального».
    pub fn adjective_agrees(&self, word: &str, next: &str) -> bool {
        analyses_agree(&self.analyze_cached(word), &self.analyze_cached(next))
    }

    /// [`Morph::nominative`], memoised per thread: names repeat across a corpus.
    pub fn nominative_cached(&self, phrase: &str) -> String {
        memoised(&self.shared_nominatives, false, phrase, || {
            self.nominative(phrase)
        })
    }

    /// [`Morph::person_nominative`], memoised per thread.
    pub fn person_nominative_cached(&self, name: &str) -> String {
        memoised(&self.shared_nominatives, true, name, || {
            self.person_nominative(name)
        })
    }

    /// The UD part of speech of the most likely analysis of a word ("X" if none).
    pub fn best_pos(&self, word: &str) -> &'static str {
        self.raw(word)
            .first()
            .map_or("X", |analysis| self.info(analysis.ud).pos.as_str())
    }

    /// Puts a multi-word name (any case) into the nominative, keeping agreement and changing
    /// only what grammar changes. Keeps the original capitalisation of each word and keeps ё
    /// where the input has it.
    ///
    /// The head is the first noun; adjectives and participles before it agree with it; words
    /// after it (genitive attributes, prepositional phrases, appositions in the nominative)
    /// stay as they are, and so do words in quotes.
    pub fn nominative(&self, phrase: &str) -> String {
        let mut results = self.phrase_nominative(phrase, false);
        match results.len() {
            0 => phrase.to_string(),
            _ => results.swap_remove(0),
        }
    }

    /// Like nominative, but a coordinated plural is split: "Курганской, Свердловской и Тюменской областей"
    /// -> ["Курганская область", "Свердловская область", "Тюменская область"]; otherwise one element.
    pub fn nominative_split(&self, phrase: &str) -> Vec<String> {
        let results = self.phrase_nominative(phrase, true);
        if results.is_empty() {
            vec![phrase.to_string()]
        } else {
            results
        }
    }

    /// All case forms of a name given in the nominative (singular; plus plural when
    /// `plural` is true), used to expand gazetteer entries once at start-up. The name itself
    /// comes first. Adjectives before the head noun agree with it, words after the head
    /// (genitive attributes, appositions: «Республика Казахстан») stay, variant spellings the
    /// dictionary has are all included («Омской областью», «Омскою областью»), and an
    /// indeclinable name («Кокшетау») comes back alone. A personal name («Динара Утебаева»)
    /// declines in every word.
    pub fn case_forms(&self, name: &str, plural: bool) -> Vec<String> {
        let mut out = vec![name.to_string()];
        if let Some(forms) = self.phrase_case_forms(name, plural) {
            for form in forms {
                if !out.contains(&form) {
                    out.push(form);
                }
            }
        }
        // The dictionary sometimes gives a foreign name a fleeting vowel it does not have
        // («Лахор» → «Лахра», like «рот» → «рта»); the regular forms are added beside its
        // own, which stay for the names that do lose the vowel («Орёл» → «Орла»).
        let consonant_end = name.chars().next_back().is_some_and(|c| {
            crate::segment::is_letter(c) && !"аеёиоуыэюяйьАЕЁИОУЫЭЮЯЙЬ".contains(c)
        });
        if !plural
            && consonant_end
            && !name.contains([' ', '-'])
            && out.iter().skip(1).any(|form| !form.starts_with(name))
        {
            for ending in ["а", "у", "ом", "е"] {
                let form = format!("{name}{ending}");
                if !out.contains(&form) {
                    out.push(form);
                }
            }
        }
        out
    }

    /// A person's name in the nominative with the right gender, e.g. "Динары Утебаевой" ->
    /// "Динара Утебаева", "Парида Мамедова" -> "Парида Мамедова", "Артёмом Метелевым" ->
    /// "Артём Метелев", "Владимира Витченко" -> "Владимир Витченко". Handles "Имя Фамилия",
    /// "Фамилия Имя", "Имя Отчество Фамилия" and initials ("В. В. Путина" -> "В. В. Путин",
    /// "Путину В.В." -> "Путин В.В."); the order of the words is kept. Kazakh and Azerbaijani
    /// patronymics (-улы, -ұлы, -кызы, -қызы, оглы) and Latin-script or lower-case words
    /// (particles: «бин», «аль-») are kept as written; unknown words are guessed from their
    /// endings. Gender and case are chosen together for the whole name.
    pub fn person_nominative(&self, name: &str) -> String {
        // The parts of a hyphenated name decline on their own: «Юркову-Данелия», «Буша-младшего»
        let pieces = split_hyphens(tokenize(name));
        let mut slots: Vec<PersonSlot> = Vec::new();
        let mut evidence: Option<Gender> = None;
        for (index, piece) in pieces.iter().enumerate() {
            let Piece::Word(word) = *piece else {
                continue;
            };
            if let Some(gender) = turkic_patronymic(word) {
                evidence = Some(gender);
                continue;
            }
            if is_initial(word) || !is_cyrillic_word(word) {
                continue;
            }
            // The analyses the recognizers looked up already, from the per-thread cache
            let analyses = self.analyze_cached(word);
            // Lower-case words are particles («бин», «аль») except adjectives after a hyphen
            let after_hyphen = index > 0
                && matches!(pieces[index - 1], Piece::Other(text) if text.chars().all(joiner));
            let lower_adjective = after_hyphen
                && analyses
                    .iter()
                    .any(|analysis| analysis.known && analysis.pos == Pos::Adj);
            if !starts_upper(word) && !lower_adjective {
                continue;
            }
            let mut keep = self.keep_weight(word, &analyses);
            // The first part of a compound may stay as it is («Ахмат-Хаджи Кадырова»)
            let before_hyphen = matches!(pieces.get(index + 1), Some(Piece::Other(text)) if text.chars().all(joiner));
            if before_hyphen {
                keep = keep.max(COMPOUND_PART_KEEP);
            }
            slots.push(PersonSlot {
                index,
                analyses,
                keep,
                first_name: false,
            });
        }
        if slots.is_empty() {
            return name.to_string();
        }
        // The given name: the first word with a dictionary given-name reading, else the first
        // with a guessed one. Given-name readings of the other words count less: they are
        // surnames or patronymics («Сейдзи Маэхара» is not «Сейдзи» + «Маэхар» in the genitive)
        let known_first = |slot: &PersonSlot, known: bool| {
            slot.analyses
                .iter()
                .any(|analysis| analysis.first_name && (!known || analysis.known))
        };
        {
            let designated = slots
                .iter()
                .position(|slot| known_first(slot, true))
                .or_else(|| slots.iter().position(|slot| known_first(slot, false)));
            if let Some(designated) = designated {
                slots[designated].first_name = true;
            }
        }
        let readings: Vec<PersonReadings> = slots
            .iter()
            .map(|slot| self.person_readings(slot))
            .collect();
        let mut best: Option<(f64, usize, usize)> = None;
        for (g, gender) in PERSON_GENDERS.into_iter().enumerate() {
            for (c, case) in Case::ALL.into_iter().enumerate() {
                let mut score = match gender {
                    Gender::Masc => 1.0,
                    _ => FEMININE_PRIOR,
                };
                if case == Case::Nom {
                    score *= NOMINATIVE_PRIOR;
                }
                if evidence.is_some_and(|known| known != gender) {
                    score *= 0.001;
                }
                for table in &readings {
                    score *= table[g][c].map_or(MISSING_READING, |(_, weight)| weight);
                }
                if best.is_none_or(|(top, _, _)| score > top) {
                    best = Some((score, g, c));
                }
            }
        }
        let Some((_, g, c)) = best else {
            return name.to_string();
        };
        let gender = PERSON_GENDERS[g];
        let mut replaced: Vec<Option<String>> = vec![None; pieces.len()];
        for (slot, table) in slots.iter().zip(&readings) {
            let Some((Some(reading), _)) = table[g][c] else {
                continue;
            };
            let Piece::Word(word) = pieces[slot.index] else {
                continue;
            };
            let analysis = &slot.analyses[reading];
            if analysis.case == Some(Case::Nom) || analysis.indeclinable || analysis.case.is_none()
            {
                continue;
            }
            let gender = analysis.gender.map(|_| gender);
            if let Some(form) = self.inflect_reading(word, reading, Case::Nom, Number::Sing, gender)
            {
                replaced[slot.index] = Some(form);
            }
        }
        assemble(&pieces, &replaced)
    }
}

/// Relative weight of the feminine reading of a person's name when nothing else decides:
/// news mention men more often («Путина» is «Путин» in the genitive more often than «Путина»).
const FEMININE_PRIOR: f64 = 0.5;

/// Relative weight of the nominative reading of a whole person's name.
const NOMINATIVE_PRIOR: f64 = 2.0;

/// Weight of keeping the first part of a hyphenated name as written.
const COMPOUND_PART_KEEP: f64 = 0.1;

/// Score of a name word that has no reading for the gender and case tried.
const MISSING_READING: f64 = 0.0005;

/// The genders a person's name is tried in, the more likely first.
const PERSON_GENDERS: [Gender; 2] = [Gender::Masc, Gender::Fem];

/// The best reading of a name word and its weight, by gender ([`PERSON_GENDERS`]) and case
/// ([`Case::ALL`]); see [`Morph::person_readings`].
type PersonReadings = [[Option<(Option<usize>, f64)>; Case::ALL.len()]; PERSON_GENDERS.len()];

/// A word of a person's name that is inflected, with its analyses.
struct PersonSlot {
    /// Position among the pieces of the name.
    index: usize,
    analyses: Analyses,
    /// Weight of keeping the word as written, in any case and gender (an unknown foreign name
    /// that ends in a vowel: «Тифензее», «Масахару»); 0 if that is not an option.
    keep: f64,
    /// This word is the given name of the person.
    first_name: bool,
}

/// The head of a name phrase and the words that agree with it.
struct HeadChoice {
    /// Content-word position of the head.
    head: usize,
    /// Reading of the head.
    reading: usize,
    case: Case,
    number: Number,
    gender: Option<Gender>,
    /// Reading of each modifier before the head, by content-word position (None: not inflected,
    /// a conjunction).
    modifiers: Vec<Option<usize>>,
    /// The modifiers are coordinated singulars of a plural head («Курганской и Тюменской областей»).
    coordinated: bool,
}

impl Morph {
    /// rumorph analyses of a word; empty without a dictionary.
    fn raw(&self, word: &str) -> Vec<rumorph::Analysis> {
        match &self.dictionary {
            Some(dictionary) => dictionary.analyze(word),
            None => Vec::new(),
        }
    }

    /// Decoded grammatical information of a UD tag number.
    fn info(&self, ud: u16) -> TagInfo {
        self.tags.get(usize::from(ud)).copied().unwrap_or_default()
    }

    /// Public analysis of a rumorph analysis of `looked_up`.
    fn convert(
        &self,
        analysis: rumorph::Analysis,
        looked_up: &str,
        lowered: &mut Option<String>,
    ) -> Analysis {
        let info = self.info(analysis.ud);
        let own = Own {
            tag: analysis.tag,
            entry: analysis.entry,
            source: analysis.source,
            spelling: if analysis.word == looked_up {
                Spelling::AsLookedUp
            } else if analysis.word.len() == looked_up.len()
                && analysis.word
                    == *lowered.get_or_insert_with(|| crate::segment::lowercase(looked_up))
            {
                Spelling::Lowered
            } else {
                Spelling::Other
            },
        };
        Analysis {
            lemma: analysis.lemma.into(),
            pos: info.pos,
            case: info.case,
            number: info.number,
            gender: info.gender,
            animate: info.animate,
            first_name: info.first_name,
            surname: info.surname,
            patronymic: info.patronymic,
            geographic: info.geographic,
            organization: info.organization,
            prob: analysis.prob as f32,
            indeclinable: info.indeclinable,
            known: analysis.source == rumorph::Source::Dictionary,
            ud: analysis.ud,
            own,
        }
    }

    /// The dictionary's own analysis at `reading` among those of `word`, for inflection:
    /// rebuilt from the cached analyses when it can be (all that inflection reads of it:
    /// the form, lemma, tags, source and paradigm entry), else looked up again. Its
    /// probability is the cached one, which inflection does not read.
    fn own_analysis(&self, word: &str, reading: usize) -> Option<rumorph::Analysis> {
        let cached = self.analyze_cached(word);
        let a = cached.get(reading)?;
        let spelled = match a.own.spelling {
            Spelling::AsLookedUp => word.to_string(),
            // As `convert` lowered it.
            Spelling::Lowered => crate::segment::lowercase(word),
            Spelling::Other => return self.raw(word).into_iter().nth(reading),
        };
        let mut own = rumorph::Analysis::new(
            spelled,
            a.lemma.to_string(),
            a.ud,
            f64::from(a.prob),
            a.own.source,
        );
        own.tag = a.own.tag;
        own.entry = a.own.entry;
        Some(own)
    }

    /// The best reading of a person's name word for each gender of [`PERSON_GENDERS`] and
    /// each case of [`Case::ALL`], with its weight; `None` as the reading means keeping the
    /// word as written, `None` for the pair means no reading at all. One pass over the
    /// analyses fills the whole table: the name's gender and case are chosen by trying
    /// every pair against every word.
    fn person_readings(&self, slot: &PersonSlot) -> PersonReadings {
        let declinable_name = slot.analyses.iter().any(|analysis| {
            let info = self.info(analysis.ud);
            info.person_name() && !info.indeclinable && analysis.known
        });
        let mut table: PersonReadings = [[None; Case::ALL.len()]; PERSON_GENDERS.len()];
        for (index, analysis) in slot.analyses.iter().enumerate() {
            let info = self.info(analysis.ud);
            if info.number == Some(Number::Plur) {
                continue;
            }
            let any_case = info.indeclinable && info.nominal();
            if info.case.is_none() && !any_case {
                continue;
            }
            let guessed = !analysis.known;
            for (row, gender) in table.iter_mut().zip(PERSON_GENDERS) {
                let Some(kind) = self.person_kind(slot, analysis, &info, gender, declinable_name)
                else {
                    continue;
                };
                for (cell, case) in row.iter_mut().zip(Case::ALL) {
                    if info.case != Some(case) && !any_case {
                        continue;
                    }
                    let mut kind = kind;
                    if guessed && case == Case::Nom {
                        kind *= 2.0;
                    }
                    let weight = kind * f64::from(analysis.prob).max(1e-6);
                    if cell.is_none_or(|(_, top)| weight > top) {
                        *cell = Some((Some(index), weight));
                    }
                }
            }
        }
        // Keeping the word as written scores as an alternative; in an oblique case a real
        // reading is still used for the word if there is one («Деуэйну Джонсону»)
        if slot.keep > 0.0 {
            for row in &mut table {
                for (cell, case) in row.iter_mut().zip(Case::ALL) {
                    *cell = match *cell {
                        None => Some((None, slot.keep)),
                        Some((_, weight)) if case == Case::Nom && slot.keep > weight => {
                            Some((None, slot.keep))
                        }
                        Some((reading, weight)) => Some((reading, weight.max(slot.keep))),
                    };
                }
            }
        }
        table
    }

    /// How well a reading fits a person's name of `gender`, before its probability; `None`
    /// if it does not fit at all.
    fn person_kind(
        &self,
        slot: &PersonSlot,
        analysis: &Analysis,
        info: &TagInfo,
        gender: Gender,
        declinable_name: bool,
    ) -> Option<f64> {
        if info.nominal() {
            let mut kind = if info.first_name {
                if slot.first_name { 1.0 } else { 0.1 }
            } else if info.surname || info.patronymic {
                1.0
            } else {
                // Other proper nouns (places, organisations) and common nouns
                0.1
            };
            // An indeclinable surname tagged masculine («Витченко») is common gender; one
            // tagged feminine («Визбор» of a woman) is not masculine
            let common = info.indeclinable && info.surname && info.gender != Some(Gender::Fem);
            match info.gender {
                Some(own) if own != gender && !common => {
                    // A guessed name in -а/-я may be masculine («Аксара», «Маэхара»); a common
                    // noun has its own gender («Доктор Лиза»)
                    let a_stem = analysis.lemma.ends_with(['а', 'я']);
                    let masculine_a_stem = !analysis.known && a_stem && own == Gender::Fem;
                    if info.pos == Pos::Noun || masculine_a_stem {
                        kind *= 0.3;
                    } else {
                        return None;
                    }
                }
                _ => {}
            }
            if info.indeclinable && declinable_name {
                kind *= 0.3;
            }
            Some(kind)
        } else if info.adjectival() && info.pos == Pos::Adj {
            (info.gender == Some(gender)).then_some(0.3)
        } else {
            None
        }
    }

    /// Weight of keeping a name word as written whatever its case: for short words and words
    /// the dictionary does not know that end in a vowel other than «а», «я» and not in
    /// a Russian case ending («Тифензее», «Масахару», «Ху»); a share of its best guess.
    fn keep_weight(&self, word: &str, analyses: &[Analysis]) -> f64 {
        if analyses.iter().any(|analysis| analysis.known) {
            return 0.0;
        }
        let lower = crate::segment::lowercase(word);
        let short = lower.chars().count() <= 3;
        let vowel = lower.ends_with(['е', 'и', 'о', 'у', 'э', 'ю']);
        const RUSSIAN: [&str; 22] = [
            "ову", "еву", "ёву", "ину", "ыну", "ове", "еве", "ёве", "ине", "ыне", "ому", "ему",
            "ого", "его", "ую", "юю", "ою", "ею", "ии", "ами", "ями", "ские",
        ];
        if !(short || vowel) || RUSSIAN.iter().any(|end| lower.ends_with(end)) {
            return 0.0;
        }
        let top = analyses
            .iter()
            .map(|analysis| f64::from(analysis.prob))
            .fold(0.0, f64::max);
        // «-жи», «-ки», ... are genitives of names in «-а» («Бериккожи»); «-е» may be a locative
        const GENITIVE: [&str; 7] = ["жи", "ки", "ги", "хи", "ши", "чи", "щи"];
        if short {
            top
        } else if GENITIVE.iter().any(|end| lower.ends_with(end)) {
            0.0
        } else if lower.ends_with('е') && !lower.ends_with("ее") {
            top * 0.3
        } else {
            top * 0.5
        }
    }

    /// Inflects one word of a phrase from its reading to the requested form and restores the
    /// writing of the input (capitals, «ё», hyphenated parts). None if the form does not exist.
    fn inflect_word(
        &self,
        word: &str,
        analysis: &rumorph::Analysis,
        case: Case,
        number: Number,
        gender: Option<Gender>,
    ) -> Option<String> {
        let dictionary = self.dictionary.as_ref()?;
        let mut feats = vec![("Case", case.as_ud()), ("Number", number.as_ud())];
        if let (Some(gender), Number::Sing) = (gender, number) {
            feats.push(("Gender", gender.as_ud()));
        }
        let form = dictionary.inflect(analysis, &feats).or_else(|| {
            // Without gender if the lexeme does not show it in that form
            feats.truncate(2);
            dictionary.inflect(analysis, &feats)
        })?;
        let info = self.info(form.ud);
        if info.case != Some(case) {
            return None;
        }
        Some(recase(word, &form.word))
    }

    /// [`Morph::inflect_word`] for the analysis at `reading` in the cached analyses of
    /// `word`: inflection needs the dictionary's own analysis, at the same place in its
    /// list ([`Morph::own_analysis`]). Memoised per thread ([`INFLECTIONS`]).
    fn inflect_reading(
        &self,
        word: &str,
        reading: usize,
        case: Case,
        number: Number,
        gender: Option<Gender>,
    ) -> Option<String> {
        let key: InflectionKey = (word.into(), reading, case, number, gender);
        let hit = INFLECTIONS.try_with(|memo| {
            let memo = memo.borrow();
            (memo.owner == self.id)
                .then(|| memo.forms.get(&key).cloned())
                .flatten()
        });
        if let Ok(Some(form)) = hit {
            return form;
        }
        let form = self
            .own_analysis(word, reading)
            .and_then(|own| self.inflect_word(word, &own, case, number, gender));
        // While the thread is being torn down the form is not kept.
        let _ = INFLECTIONS.try_with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.owner != self.id || memo.forms.len() >= crate::cache::LIMIT {
                memo.owner = self.id;
                memo.forms.clear();
            }
            memo.forms.insert(key, form.clone());
        });
        form
    }

    /// The nominative of a phrase; several phrases if `split` and the phrase is a coordinated
    /// plural. Empty if nothing could be done (the caller returns the input).
    fn phrase_nominative(&self, phrase: &str, split: bool) -> Vec<String> {
        let pieces = tokenize(phrase);
        let words: Vec<usize> = pieces
            .iter()
            .enumerate()
            .filter(|(_, piece)| matches!(piece, Piece::Word(_)))
            .map(|(index, _)| index)
            .collect();
        if words.is_empty() || self.dictionary.is_none() {
            return Vec::new();
        }
        // A single word in capitals or with capitals inside («РФ», «УралМетКом») stays
        if let [only] = words[..]
            && let Piece::Word(word) = pieces[only]
            && inner_capital(word)
        {
            return Vec::new();
        }
        let texts: Vec<&str> = words
            .iter()
            .map(|&index| match pieces[index] {
                Piece::Word(word) => word,
                _ => "",
            })
            .collect();
        // The analyses the recognizers looked up already, from the per-thread cache
        let analyses: Vec<Analyses> = texts.iter().map(|word| self.analyze_cached(word)).collect();
        // A phrase that starts with a preposition is not a name: leave it alone
        if let Some(first) = analyses.first().and_then(|list| list.first())
            && texts[0]
                .chars()
                .next()
                .is_some_and(crate::segment::is_lower)
            && matches!(self.info(first.ud).pos, Pos::Adp)
        {
            return Vec::new();
        }
        let commas = |from: usize, to: usize| {
            pieces[words[from] + 1..words[to]]
                .iter()
                .any(|piece| match piece {
                    Piece::Other(text) => text.contains(',') && !text.contains('('),
                    _ => false,
                })
        };
        // Quoted or otherwise frozen text between words ends the modifier run
        let gap_frozen = |from: usize, to: usize| {
            pieces[words[from] + 1..words[to]]
                .iter()
                .any(|piece| matches!(piece, Piece::Quoted(_)))
        };
        let Some(choice) = self.choose_head(&analyses, &texts, &commas, &gap_frozen) else {
            return self.adjectives_only(&pieces, &words, &analyses);
        };
        // «московского «Центра»»: the real head is in quotes, which stay as written
        let quoted_next = pieces
            .get(words[choice.head] + 1..)
            .and_then(|rest| {
                rest.iter()
                    .find(|piece| !matches!(piece, Piece::Other(text) if text.trim().is_empty()))
            })
            .is_some_and(|piece| matches!(piece, Piece::Quoted(_)));
        if quoted_next && !self.mostly_noun(&analyses[choice.head]) {
            return Vec::new();
        }
        let mut replaced: Vec<Option<String>> = vec![None; pieces.len()];
        let head_analysis = &analyses[choice.head][choice.reading];
        let head_info = self.info(head_analysis.ud);
        let split_here = split && choice.coordinated;
        let target_number = if split_here {
            Number::Sing
        } else {
            choice.number
        };
        let head_changes = !(head_info.indeclinable
            || head_info.case.is_none()
            || (head_info.case == Some(Case::Nom) && head_info.number == Some(target_number)));
        if head_changes
            && let Some(form) = self.inflect_reading(
                texts[choice.head],
                choice.reading,
                Case::Nom,
                target_number,
                choice.gender,
            )
        {
            replaced[words[choice.head]] = Some(form);
        }
        for (position, reading) in choice.modifiers.iter().enumerate() {
            let Some(reading) = *reading else {
                continue;
            };
            let analysis = &analyses[position][reading];
            let info = self.info(analysis.ud);
            let number = if choice.coordinated {
                Number::Sing
            } else {
                target_number
            };
            if info.case == Some(Case::Nom) && info.number == Some(number) {
                continue;
            }
            if let Some(form) =
                self.inflect_reading(texts[position], reading, Case::Nom, number, choice.gender)
            {
                replaced[words[position]] = Some(form);
            }
        }
        self.apposition(&pieces, &words, &analyses, &choice, &mut replaced);
        if !split_here {
            return vec![assemble(&pieces, &replaced)];
        }
        // One phrase per coordinated modifier group, each with the head and the rest
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        for position in 0..choice.head {
            let conjunction = choice.modifiers[position].is_none();
            let comma_before = position > 0 && commas(position - 1, position);
            if (conjunction || comma_before) && groups.last().is_some_and(|group| !group.is_empty())
            {
                groups.push(Vec::new());
            }
            if !conjunction && let Some(group) = groups.last_mut() {
                group.push(position);
            }
        }
        groups.retain(|group| !group.is_empty());
        let tail_start = words[choice.head];
        let tail = assemble(&pieces[tail_start..], &replaced[tail_start..]);
        groups
            .iter()
            .map(|group| {
                let mut text = String::new();
                for &position in group {
                    let index = words[position];
                    let word = replaced[index].as_deref().unwrap_or(texts[position]);
                    text.push_str(word);
                    text.push(' ');
                }
                text.push_str(&tail);
                text
            })
            .collect()
    }

    /// Finds the head noun and the agreeing modifiers before it.
    fn choose_head<R: Reading, L: std::ops::Deref<Target = [R]>>(
        &self,
        analyses: &[L],
        texts: &[&str],
        commas: &dyn Fn(usize, usize) -> bool,
        gap_frozen: &dyn Fn(usize, usize) -> bool,
    ) -> Option<HeadChoice> {
        let count = analyses.len();
        let conjunction = |position: usize| CONJUNCTIONS.contains(&texts[position]);
        // Leading run of words that can be adjectives, with conjunctions between them
        let mut run = 0;
        while run < count {
            if run > 0 && gap_frozen(run - 1, run) {
                break;
            }
            let adjectival = analyses[run]
                .iter()
                .any(|analysis| self.modifier_like(analysis));
            let joins = run > 0 && conjunction(run) && run + 1 < count;
            if !(adjectival || joins) {
                break;
            }
            run += 1;
        }
        let mut last = run.min(count - 1);
        if last == run && run > 0 && gap_frozen(run - 1, run) {
            last = run - 1;
        }
        for head in (0..=last).rev() {
            if conjunction(head) {
                continue;
            }
            let groups = (0..head).filter(|&position| conjunction(position)).count()
                + (1..head)
                    .filter(|&position| commas(position - 1, position))
                    .count();
            // A word that is mostly an adjective is not the head («армянском» is not «Армянск»);
            // alone it is inflected as an adjective
            if !self.mostly_noun(&analyses[head]) {
                continue;
            }
            let Some(choice) = self.agree_head(analyses, texts, head, groups > 0) else {
                continue;
            };
            // A proper noun rarely has an adjective before it that is mostly a noun itself:
            // «сборной Бразилии» is «сборная Бразилии», not «сборная Бразилия»
            let proper = analyses[head]
                .get(choice.reading)
                .is_some_and(|analysis| self.info(analysis.ud()).pos == Pos::Propn);
            if proper && head > 0 && (0..head).any(|position| self.mostly_noun(&analyses[position]))
            {
                continue;
            }
            return Some(choice);
        }
        None
    }

    /// Weight of a reading of a phrase head: its probability, less for a guessed adjectival
    /// surname (a guessed «Мосгоризбиркому» is not the surname «Мосгоризбиркий»), more for a guessed
    /// compound in «-ком» («Мосгоризбирком», «Облизбирком»).
    fn head_weight(&self, analysis: &impl Reading) -> f64 {
        let mut weight = analysis.prob().max(1e-6);
        if !analysis.known() {
            let adjectival_lemma = ["ий", "ый", "ой", "ая", "ое"]
                .iter()
                .any(|end| analysis.lemma().ends_with(end));
            if self.info(analysis.ud()).surname && adjectival_lemma {
                weight *= 0.1;
            }
            if analysis.lemma().ends_with("ком") {
                weight *= 10.0;
            }
        }
        weight
    }

    /// An adjective, participle or ordinal, or a surname that declines like an adjective
    /// («Никитинского суда»: the dictionary knows «Никитинский» only as a surname).
    fn modifier_like(&self, analysis: &impl Reading) -> bool {
        let info = self.info(analysis.ud());
        info.adjectival()
            || (info.surname
                && info.case.is_some()
                && analysis.known()
                && ["ий", "ый", "ой", "ая", "яя", "ое", "ее"]
                    .iter()
                    .any(|end| analysis.lemma().ends_with(end)))
    }

    /// Nominal readings of a word are more likely than its adjectival ones.
    fn mostly_noun(&self, analyses: &[impl Reading]) -> bool {
        let (mut nominal, mut adjectival) = (0.0, 0.0);
        for analysis in analyses {
            let info = self.info(analysis.ud());
            if self.modifier_like(analysis) {
                adjectival += analysis.prob();
            } else if info.nominal() {
                nominal += analysis.prob();
            }
        }
        nominal > adjectival
    }

    /// The best reading of `head` as the head noun with agreeing modifiers before it.
    fn agree_head<R: Reading, L: std::ops::Deref<Target = [R]>>(
        &self,
        analyses: &[L],
        texts: &[&str],
        head: usize,
        may_coordinate: bool,
    ) -> Option<HeadChoice> {
        let conjunction = |position: usize| CONJUNCTIONS.contains(&texts[position]);
        let mut best: Option<(f64, HeadChoice)> = None;
        for (reading, analysis) in analyses[head].iter().enumerate() {
            let info = self.info(analysis.ud());
            if !info.nominal() {
                continue;
            }
            let number = info.number.unwrap_or(Number::Sing);
            let cases: &[Case] = match info.case {
                Some(case) if !info.indeclinable => &[case][..],
                _ => &Case::ALL[..],
            };
            for &case in cases {
                for coordinated in [false, true] {
                    if coordinated && !(may_coordinate && number == Number::Plur) {
                        continue;
                    }
                    let mut modifiers = Vec::with_capacity(head);
                    let mut score = self.head_weight(analysis);
                    let mut ok = true;
                    for (position, modifier) in analyses.iter().enumerate().take(head) {
                        if conjunction(position) {
                            modifiers.push(None);
                            continue;
                        }
                        let found = self.agreeing(
                            modifier,
                            case,
                            number,
                            info.gender,
                            info.animate,
                            coordinated,
                        );
                        match found {
                            Some((index, prob)) => {
                                modifiers.push(Some(index));
                                score *= prob.max(1e-6);
                            }
                            None => {
                                ok = false;
                                break;
                            }
                        }
                    }
                    if !ok {
                        continue;
                    }
                    score *= match (number, case) {
                        (Number::Sing, Case::Nom) => 4.0,
                        (Number::Sing, _) => 1.0,
                        (Number::Plur, Case::Nom) => 0.2,
                        (Number::Plur, _) => 0.05,
                    };
                    if best.as_ref().is_none_or(|(top, _)| score > *top) {
                        best = Some((
                            score,
                            HeadChoice {
                                head,
                                reading,
                                case,
                                number,
                                gender: info.gender,
                                modifiers,
                                coordinated,
                            },
                        ));
                    }
                }
            }
        }
        best.map(|(_, choice)| choice)
    }

    /// The most likely adjectival reading of a modifier that agrees with the head.
    fn agreeing(
        &self,
        analyses: &[impl Reading],
        case: Case,
        number: Number,
        gender: Option<Gender>,
        animate: Option<bool>,
        coordinated: bool,
    ) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (index, analysis) in analyses.iter().enumerate() {
            let info = self.info(analysis.ud());
            if !self.modifier_like(analysis) || info.case != Some(case) {
                continue;
            }
            let gender_ok = gender.is_none() || info.gender.is_none() || info.gender == gender;
            let number_ok = match (number, coordinated) {
                (Number::Sing, _) => info.number == Some(Number::Sing) && gender_ok,
                (Number::Plur, false) => info.number == Some(Number::Plur),
                (Number::Plur, true) => info.number == Some(Number::Sing) && gender_ok,
            };
            let animacy_ok = case != Case::Acc
                || info.animate.is_none()
                || animate.is_none()
                || info.animate == animate;
            if !(number_ok && animacy_ok) {
                continue;
            }
            if best.is_none_or(|(_, top)| analysis.prob() > top) {
                best = Some((index, analysis.prob()));
            }
        }
        best
    }

    /// A proper noun right after a common-noun head, in the same oblique case and without
    /// a genitive reading, is an apposition that agrees: «городе Москве» -> «город Москва».
    fn apposition(
        &self,
        pieces: &[Piece],
        words: &[usize],
        analyses: &[Analyses],
        choice: &HeadChoice,
        replaced: &mut [Option<String>],
    ) {
        let next = choice.head + 1;
        if next >= words.len() || matches!(choice.case, Case::Nom | Case::Gen) {
            return;
        }
        let head = &analyses[choice.head][choice.reading];
        let Piece::Word(head_text) = pieces[words[choice.head]] else {
            return;
        };
        if self.info(head.ud).pos != Pos::Noun
            || !head_text
                .chars()
                .next()
                .is_some_and(crate::segment::is_lower)
        {
            return;
        }
        // Only a plain space between them
        if pieces[words[choice.head] + 1..words[next]]
            .iter()
            .any(|piece| !matches!(piece, Piece::Other(text) if text.trim().is_empty()))
        {
            return;
        }
        let Piece::Word(word) = pieces[words[next]] else {
            return;
        };
        if !starts_upper(word) {
            return;
        }
        let list = &analyses[next];
        if list
            .iter()
            .any(|analysis| self.info(analysis.ud).case == Some(Case::Gen))
        {
            return;
        }
        let found = list.iter().position(|analysis| {
            let info = self.info(analysis.ud);
            info.pos == Pos::Propn
                && !info.indeclinable
                && info.case == Some(choice.case)
                && info.number == Some(choice.number)
        });
        if let Some(reading) = found {
            let gender = self.info(list[reading].ud).gender;
            if let Some(form) =
                self.inflect_reading(word, reading, Case::Nom, choice.number, gender)
            {
                replaced[words[next]] = Some(form);
            }
        }
    }

    /// Nominative of a phrase of adjectives only («подмосковного» -> «подмосковный»).
    fn adjectives_only(
        &self,
        pieces: &[Piece],
        words: &[usize],
        analyses: &[Analyses],
    ) -> Vec<String> {
        // «московского «Центра»»: the head is in quotes, which stay as written
        if pieces.iter().any(|piece| matches!(piece, Piece::Quoted(_))) {
            return Vec::new();
        }
        let mut best: Option<(f64, Vec<usize>)> = None;
        for case in Case::ALL {
            let mut score = if case == Case::Nom { 2.0 } else { 1.0 };
            let mut chosen = Vec::new();
            for list in analyses {
                let found = list
                    .iter()
                    .enumerate()
                    .filter(|(_, analysis)| {
                        let info = self.info(analysis.ud);
                        self.modifier_like(*analysis) && info.case == Some(case)
                    })
                    .max_by(|a, b| {
                        // Masculine first when equally likely («Большого» -> «Большой»)
                        let weight = |analysis: &Analysis| {
                            let masculine = self.info(analysis.ud).gender == Some(Gender::Masc);
                            f64::from(analysis.prob) * if masculine { 2.0 } else { 1.0 }
                        };
                        weight(a.1).total_cmp(&weight(b.1))
                    });
                match found {
                    Some((index, analysis)) => {
                        chosen.push(index);
                        score *= f64::from(analysis.prob).max(1e-6);
                    }
                    None => {
                        score = 0.0;
                        break;
                    }
                }
            }
            if score > 0.0 && best.as_ref().is_none_or(|(top, _)| score > *top) {
                best = Some((score, chosen));
            }
        }
        let Some((_, chosen)) = best else {
            return Vec::new();
        };
        let mut replaced: Vec<Option<String>> = vec![None; pieces.len()];
        for ((position, &index), &reading) in words.iter().enumerate().zip(&chosen) {
            let analysis = &analyses[position][reading];
            let info = self.info(analysis.ud);
            if info.case == Some(Case::Nom) {
                continue;
            }
            let Piece::Word(word) = pieces[index] else {
                continue;
            };
            let number = info.number.unwrap_or(Number::Sing);
            if let Some(form) = self.inflect_reading(word, reading, Case::Nom, number, info.gender)
            {
                replaced[index] = Some(form);
            }
        }
        vec![assemble(pieces, &replaced)]
    }

    /// Case forms of a name phrase in the nominative (without the name itself first).
    fn phrase_case_forms(&self, name: &str, plural: bool) -> Option<Vec<String>> {
        let dictionary = self.dictionary.as_ref()?;
        let pieces = tokenize(name);
        let words: Vec<usize> = pieces
            .iter()
            .enumerate()
            .filter(|(_, piece)| matches!(piece, Piece::Word(_)))
            .map(|(index, _)| index)
            .collect();
        if words.is_empty() {
            return None;
        }
        let texts: Vec<&str> = words
            .iter()
            .map(|&index| match pieces[index] {
                Piece::Word(word) => word,
                _ => "",
            })
            .collect();
        let analyses: Vec<Vec<rumorph::Analysis>> =
            texts.iter().map(|word| self.raw(word)).collect();
        if let Some(forms) = self.person_case_forms(&pieces, &words, &analyses, plural) {
            return Some(forms);
        }
        // Head: nominative readings only, so that «Курган» is not «курган» in the accusative
        let nominative: Vec<Vec<rumorph::Analysis>> = analyses
            .iter()
            .map(|list| {
                let kept: Vec<rumorph::Analysis> = list
                    .iter()
                    .filter(|analysis| {
                        let info = self.info(analysis.ud);
                        info.case == Some(Case::Nom) || info.indeclinable
                    })
                    .cloned()
                    .collect();
                if kept.is_empty() { list.clone() } else { kept }
            })
            .collect();
        let commas = |from: usize, to: usize| {
            pieces[words[from] + 1..words[to]]
                .iter()
                .any(|piece| match piece {
                    Piece::Other(text) => text.contains(',') && !text.contains('('),
                    _ => false,
                })
        };
        let gap_frozen = |from: usize, to: usize| {
            pieces[words[from] + 1..words[to]]
                .iter()
                .any(|piece| matches!(piece, Piece::Quoted(_)))
        };
        let mut choice = self.choose_head(&nominative, &texts, &commas, &gap_frozen)?;
        // Prefer a geographic or other proper-noun reading of the head with the same case
        let head_list = &nominative[choice.head];
        let current = self.info(head_list[choice.reading].ud);
        let rank = |info: &TagInfo| {
            if info.geographic {
                0
            } else if info.pos == Pos::Propn {
                1
            } else {
                2
            }
        };
        if let Some((better, _)) = head_list
            .iter()
            .enumerate()
            .filter(|(_, analysis)| {
                let info = self.info(analysis.ud);
                info.nominal()
                    && info.case == current.case
                    && info.number == current.number
                    && info.gender == current.gender
            })
            .min_by_key(|(_, analysis)| rank(&self.info(analysis.ud)))
        {
            choice.reading = better;
        }
        let head = &nominative[choice.head][choice.reading];
        let head_info = self.info(head.ud);
        if head_info.indeclinable && choice.modifiers.iter().all(|modifier| modifier.is_none()) {
            return Some(Vec::new());
        }
        let head_forms = dictionary.forms(head);
        let modifier_forms: Vec<Option<(TagInfo, Vec<rumorph::Analysis>)>> = choice
            .modifiers
            .iter()
            .enumerate()
            .map(|(position, reading)| {
                reading.map(|reading| {
                    let analysis = &nominative[position][reading];
                    (self.info(analysis.ud), dictionary.forms(analysis))
                })
            })
            .collect();
        // A capitalised name after a lower-case generic noun agrees with it: «город Москва» ->
        // «города Москвы»; after a capitalised head it stays: «Республики Казахстан»
        let apposition = self.case_apposition(&pieces, &words, &nominative, &choice);
        let apposition_forms = apposition.map(|(position, reading)| {
            let analysis = &nominative[position][reading];
            (position, self.info(analysis.ud), dictionary.forms(analysis))
        });
        let mut numbers = vec![choice.number];
        if plural && choice.number == Number::Sing {
            numbers.push(Number::Plur);
        }
        let mut out = Vec::new();
        for &number in &numbers {
            for case in Case::ALL {
                let heads = self.matching_forms(
                    &head_forms,
                    &head_info,
                    case,
                    number,
                    choice.gender,
                    head_info.animate,
                    true,
                );
                let heads = if heads.is_empty() && head_info.indeclinable {
                    vec![head.word.clone()]
                } else {
                    heads
                };
                if heads.is_empty() {
                    continue;
                }
                let modifier_number = if choice.coordinated {
                    Number::Sing
                } else {
                    number
                };
                let mut variants: Vec<Vec<Option<String>>> = vec![vec![None; pieces.len()]];
                for (position, forms) in modifier_forms.iter().enumerate() {
                    let Some((like, forms)) = forms else {
                        continue;
                    };
                    let spellings = self.matching_forms(
                        forms,
                        like,
                        case,
                        modifier_number,
                        choice.gender,
                        head_info.animate,
                        false,
                    );
                    if spellings.is_empty() {
                        continue;
                    }
                    variants = expand(variants, words[position], texts[position], &spellings);
                }
                variants = expand(variants, words[choice.head], texts[choice.head], &heads);
                if let Some((position, info, forms)) = &apposition_forms {
                    let spellings =
                        self.matching_forms(forms, info, case, number, info.gender, None, true);
                    if !spellings.is_empty() {
                        variants = expand(variants, words[*position], texts[*position], &spellings);
                    }
                }
                for replaced in variants {
                    let form = assemble(&pieces, &replaced);
                    if !out.contains(&form) {
                        out.push(form);
                    }
                }
            }
        }
        Some(out)
    }

    /// The word after the head that declines with it in [`Morph::case_forms`]: a capitalised
    /// proper noun in the nominative right after a lower-case common noun («город Москва»).
    fn case_apposition(
        &self,
        pieces: &[Piece],
        words: &[usize],
        analyses: &[Vec<rumorph::Analysis>],
        choice: &HeadChoice,
    ) -> Option<(usize, usize)> {
        let next = choice.head + 1;
        let head = analyses.get(choice.head)?.get(choice.reading)?;
        let Piece::Word(head_text) = pieces[*words.get(choice.head)?] else {
            return None;
        };
        let Piece::Word(word) = pieces[*words.get(next)?] else {
            return None;
        };
        let spaced = pieces[words[choice.head] + 1..words[next]]
            .iter()
            .all(|piece| matches!(piece, Piece::Other(text) if text.trim().is_empty()));
        if self.info(head.ud).pos != Pos::Noun
            || starts_upper(head_text)
            || !starts_upper(word)
            || !spaced
        {
            return None;
        }
        let reading = analyses[next].iter().position(|analysis| {
            let info = self.info(analysis.ud);
            info.pos == Pos::Propn
                && !info.indeclinable
                && info.case == Some(Case::Nom)
                && info.number == Some(choice.number)
        })?;
        Some((next, reading))
    }

    /// Spellings of the forms of a lexeme with the given grammar; a modifier (`noun` false)
    /// keeps the part of speech, voice, tense and degree of `like` («соединённые» does not
    /// turn into «соединившие»).
    #[allow(clippy::too_many_arguments)]
    fn matching_forms(
        &self,
        forms: &[rumorph::Analysis],
        like: &TagInfo,
        case: Case,
        number: Number,
        gender: Option<Gender>,
        animate: Option<bool>,
        noun: bool,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for form in forms {
            let info = self.info(form.ud);
            if info.case != Some(case) || info.number.is_some_and(|own| own != number) {
                continue;
            }
            if !noun && (info.short || info.pos != like.pos || info.subtype != like.subtype) {
                continue;
            }
            if number == Number::Sing
                && gender.is_some()
                && info.gender.is_some()
                && info.gender != gender
            {
                continue;
            }
            if !noun
                && case == Case::Acc
                && info.animate.is_some()
                && animate.is_some()
                && info.animate != animate
            {
                continue;
            }
            if !out.contains(&form.word) {
                out.push(form.word.clone());
            }
        }
        out
    }

    /// Case forms of a personal name: every word declines, in the gender of the name.
    fn person_case_forms(
        &self,
        pieces: &[Piece],
        words: &[usize],
        analyses: &[Vec<rumorph::Analysis>],
        plural: bool,
    ) -> Option<Vec<String>> {
        let dictionary = self.dictionary.as_ref()?;
        // Each word: a nominative personal-name reading, and at least one given name
        let mut readings = Vec::new();
        let mut gender = None;
        for (position, list) in analyses.iter().enumerate() {
            let Piece::Word(word) = pieces[words[position]] else {
                return None;
            };
            if is_initial(word) {
                readings.push(None);
                continue;
            }
            let found = list.iter().find(|analysis| {
                let info = self.info(analysis.ud);
                info.person_name()
                    && info.case == Some(Case::Nom)
                    && info.number == Some(Number::Sing)
            })?;
            let info = self.info(found.ud);
            if info.first_name || info.patronymic {
                gender = gender.or(info.gender);
            }
            readings.push(Some(found));
        }
        let gender = gender?;
        let mut out = Vec::new();
        let mut numbers = vec![Number::Sing];
        if plural {
            numbers.push(Number::Plur);
        }
        for number in numbers {
            for case in Case::ALL {
                let mut variants: Vec<Vec<Option<String>>> = vec![vec![None; pieces.len()]];
                for (position, reading) in readings.iter().enumerate() {
                    let Some(reading) = reading else {
                        continue;
                    };
                    let info = self.info(reading.ud);
                    if info.indeclinable {
                        continue;
                    }
                    // Given names and patronymics keep their own gender; surnames follow the name
                    let forms = dictionary.forms(reading);
                    let spellings = self.matching_forms(
                        &forms,
                        &info,
                        case,
                        number,
                        Some(gender),
                        Some(true),
                        true,
                    );
                    if let Piece::Word(word) = pieces[words[position]]
                        && !spellings.is_empty()
                    {
                        variants = expand(variants, words[position], word, &spellings);
                    }
                }
                for replaced in variants {
                    let form = assemble(pieces, &replaced);
                    if !out.contains(&form) {
                        out.push(form);
                    }
                }
            }
        }
        Some(out)
    }
}

/// Every combination of the current variants with each spelling of the word at `index`
/// (written like `original`), at most [`MAX_VARIANTS`] in all.
fn expand(
    variants: Vec<Vec<Option<String>>>,
    index: usize,
    original: &str,
    spellings: &[String],
) -> Vec<Vec<Option<String>>> {
    let mut out = Vec::new();
    for variant in &variants {
        for spelling in spellings {
            if out.len() >= MAX_VARIANTS {
                return out;
            }
            let mut next = variant.clone();
            if let Some(slot) = next.get_mut(index) {
                *slot = Some(recase(original, spelling));
            }
            out.push(next);
        }
    }
    out
}

/// Decodes a UD tag of the dictionary.
fn decode_tag(tag: rumorph::UdTag<'_>) -> TagInfo {
    let pos = Pos::ALL
        .into_iter()
        .find(|known| known.as_str() == tag.pos())
        .unwrap_or(Pos::X);
    let mut info = TagInfo {
        pos,
        ..TagInfo::default()
    };
    for (name, value) in tag.feats() {
        match name {
            "Case" => info.case = Case::from_ud(value),
            "Number" => {
                info.number = match value {
                    "Sing" => Some(Number::Sing),
                    "Plur" => Some(Number::Plur),
                    _ => None,
                }
            }
            "Gender" => {
                info.gender = match value {
                    "Masc" => Some(Gender::Masc),
                    "Fem" => Some(Gender::Fem),
                    "Neut" => Some(Gender::Neut),
                    _ => None,
                }
            }
            "Animacy" => info.animate = Some(value == "Anim"),
            "NameType" => match value {
                "Giv" => info.first_name = true,
                "Sur" => info.surname = true,
                "Pat" => info.patronymic = true,
                "Geo" => info.geographic = true,
                "Com" => info.organization = true,
                _ => {}
            },
            "InflClass" => info.indeclinable = value == "Ind",
            "Variant" => info.short = value == "Short",
            "VerbForm" => info.participle = value == "Part",
            "NumType" => info.ordinal = value == "Ord",
            "Voice" => {
                info.subtype |= match value {
                    "Act" => 1,
                    "Pass" => 2,
                    _ => 3,
                } << 4
            }
            "Tense" => {
                info.subtype |= match value {
                    "Past" => 1,
                    "Pres" => 2,
                    _ => 3,
                } << 2
            }
            "Degree" => {
                info.subtype |= match value {
                    "Pos" => 1,
                    "Cmp" => 2,
                    _ => 3,
                }
            }
            _ => {}
        }
    }
    info
}

/// A piece of a phrase: a word, the text between words, or a quoted stretch kept as is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Piece<'a> {
    Word(&'a str),
    Other(&'a str),
    Quoted(&'a str),
}

/// Characters that join the parts of one word when letters stand on both sides.
fn joiner(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '’' | '\'')
}

/// The closing quote of an opening quote.
fn closing_quote(c: char) -> Option<char> {
    match c {
        '«' => Some('»'),
        '„' => Some('“'),
        '“' => Some('”'),
        '"' => Some('"'),
        _ => None,
    }
}

/// Splits a phrase into words, separators and quoted stretches, keeping every character.
fn tokenize(text: &str) -> Vec<Piece<'_>> {
    // Room for every character at once (a name has as many bytes or more), and for the
    // pieces of most names: no growing on the way.
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.len());
    chars.extend(text.char_indices());
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let mut pieces = Vec::with_capacity(8);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if let Some(close) = closing_quote(c) {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != close {
                j += 1;
            }
            let end = if j < chars.len() { j + 1 } else { j };
            pieces.push(Piece::Quoted(&text[start..end_of(end)]));
            i = end;
        } else if c == '(' {
            // A parenthetical is kept as written and does not break agreement around it:
            // «Кировоградской (Кропивницкой) области»
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 != ')' {
                j += 1;
            }
            let end = if j < chars.len() { j + 1 } else { j };
            pieces.push(Piece::Other(&text[start..end_of(end)]));
            i = end;
        } else if is_letter_or_digit(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let next = chars[j].1;
                if is_letter_or_digit(next) {
                    j += 1;
                } else if joiner(next)
                    && chars
                        .get(j + 1)
                        .is_some_and(|&(_, c)| is_letter_or_digit(c))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            pieces.push(Piece::Word(&text[start..end_of(j)]));
            i = j;
        } else {
            let mut j = i + 1;
            while j < chars.len()
                && !is_letter_or_digit(chars[j].1)
                && closing_quote(chars[j].1).is_none()
                && chars[j].1 != '('
            {
                j += 1;
            }
            pieces.push(Piece::Other(&text[start..end_of(j)]));
            i = j;
        }
    }
    pieces
}

/// Splits hyphenated words into their parts and the hyphens between them.
fn split_hyphens(pieces: Vec<Piece<'_>>) -> Vec<Piece<'_>> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let Piece::Word(word) = piece else {
            out.push(piece);
            continue;
        };
        let mut start = 0;
        for (at, c) in word.char_indices() {
            if matches!(c, '-' | '‐' | '‑') {
                out.push(Piece::Word(&word[start..at]));
                out.push(Piece::Other(&word[at..at + c.len_utf8()]));
                start = at + c.len_utf8();
            }
        }
        out.push(Piece::Word(&word[start..]));
    }
    out
}

/// Joins pieces back, with replacements where given.
fn assemble(pieces: &[Piece], replaced: &[Option<String>]) -> String {
    let length = |piece: &Piece<'_>| match *piece {
        Piece::Word(text) | Piece::Other(text) | Piece::Quoted(text) => text.len(),
    };
    // A replaced word is a few bytes longer at most.
    let mut out = String::with_capacity(pieces.iter().map(length).sum::<usize>() + 8);
    for (index, piece) in pieces.iter().enumerate() {
        match replaced.get(index).and_then(Option::as_deref) {
            Some(text) => out.push_str(text),
            None => out.push_str(match piece {
                Piece::Word(text) | Piece::Other(text) | Piece::Quoted(text) => text,
            }),
        }
    }
    out
}

/// Lower case with «ё» read as «е», for comparing letters.
fn fold(c: char) -> char {
    match c {
        'ё' | 'Ё' => 'е',
        'A'..='Z' | 'a'..='z' | 'А'..='Я' | 'а'..='я' => crate::segment::fold_char(c),
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Writes the dictionary form `form` like the original word `original`: the letters both share
/// at the start and at the end are copied from the original (its capitals and «ё»), the
/// changed middle takes the capitalisation of the original at that place.
fn recase(original: &str, form: &str) -> String {
    let chars_of = |s: &str| {
        let mut chars = Vec::with_capacity(s.len());
        chars.extend(s.chars());
        chars
    };
    let (old, new): (Vec<char>, Vec<char>) = (chars_of(original), chars_of(form));
    let prefix = old
        .iter()
        .zip(&new)
        .take_while(|(a, b)| fold(**a) == fold(**b))
        .count();
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| fold(**a) == fold(**b))
        .count();
    let letters: Vec<char> = old
        .iter()
        .copied()
        .filter(|c| crate::segment::is_letter(*c))
        .collect();
    let all_caps = letters.len() > 1 && letters.iter().all(|c| crate::segment::is_upper(*c));
    let mut out = String::with_capacity(form.len() + 4);
    out.extend(&old[..prefix]);
    for (offset, &c) in new[prefix..new.len() - suffix].iter().enumerate() {
        let at = prefix + offset;
        let part_start = at == 0 || new.get(at - 1).is_some_and(|&p| joiner(p));
        let upper = all_caps
            || (part_start && old.get(at).is_some_and(|c| crate::segment::is_upper(*c)))
            || (at == 0 && old.first().is_some_and(|c| crate::segment::is_upper(*c)));
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.extend(&old[old.len() - suffix..]);
    out
}

/// A capital letter after the first letter of a word part: an abbreviation or a brand
/// («РФ», «УралМетКом», «МакЛарен»).
fn inner_capital(word: &str) -> bool {
    word.split(joiner)
        .any(|part| part.chars().skip(1).any(crate::segment::is_upper))
}

/// A single letter: an initial («В» of «В. В. Путин»).
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(crate::segment::is_upper) && chars.next().is_none()
}

/// The word is written in Cyrillic letters (hyphens and apostrophes allowed).
fn is_cyrillic_word(word: &str) -> bool {
    word.chars()
        .filter(|c| crate::segment::is_letter(*c))
        .all(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і' | 'Ә' | 'Ғ' | 'Қ' | 'Ң' | 'Ө' | 'Ұ' | 'Ү' | 'Һ' | 'І'))
}

/// The first letter is a capital.
fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(crate::segment::is_upper)
}

/// Gender of a Turkic patronymic that does not decline: «Амирбекулы», «Нурсултан-ұлы»,
/// «Айгерим Серикқызы», «Алиев Гасан оглы».
fn turkic_patronymic(word: &str) -> Option<Gender> {
    let lower = crate::segment::lowercase(word);
    const MALE: [&str; 4] = ["улы", "ұлы", "оглы", "уулу"];
    const FEMALE: [&str; 4] = ["кызы", "қызы", "гызы", "кызи"];
    if MALE.iter().any(|end| lower.ends_with(end)) && lower.chars().count() > 3 || lower == "оглы"
    {
        return Some(Gender::Masc);
    }
    if FEMALE.iter().any(|end| lower.ends_with(end)) {
        return Some(Gender::Fem);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn morph() -> &'static Morph {
        Morph::shared()
    }

    #[test]
    fn every_part_of_speech_has_its_own_name() {
        let names: std::collections::HashSet<&str> = Pos::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(names.len(), Pos::ALL.len());
        assert_eq!(morph().best_pos("Омской"), "ADJ");
        assert_eq!(morph().analyze("книгу")[0].pos, Pos::Noun);
    }

    #[test]
    fn a_word_analysed_on_one_thread_is_copied_on_another_with_its_own_memo() {
        let m = morph();
        let words = ["Утебаевой", "Курганской", "прибыла", "Метелевым", "Тараз"];
        for w in words {
            m.analyze_cached(w).set_note(9, 3);
        }
        let there: Vec<(Vec<Analysis>, Option<u32>, String)> = std::thread::scope(|s| {
            s.spawn(|| {
                words
                    .iter()
                    .map(|w| {
                        let a = m.analyze_cached(w);
                        (a.to_vec(), a.note(9), a.word().to_string())
                    })
                    .collect()
            })
            .join()
            .expect("the other thread")
        });
        for (w, (analyses, note, word)) in words.iter().zip(there) {
            assert_eq!(analyses, m.analyze(w), "{w}");
            assert_eq!(word, *w);
            // The memo is the other thread's own: nothing noted there yet.
            assert_eq!(note, None, "{w}");
            assert_eq!(m.analyze_cached(w).note(9), Some(3), "{w}");
        }
        // The shared table keeps the word once, however many threads asked.
        let shared = m.shared_analyses.lock().expect("lock");
        let hash = word_hash(words[0]);
        let copies = shared
            .table
            .iter_hash(hash)
            .filter(|(a, _)| a.word() == words[0]);
        assert_eq!(copies.count(), 1);
    }

    #[test]
    fn a_full_cache_keeps_the_words_looked_up_again() {
        let hash = word_hash;
        let words: Vec<String> = (0..10).map(|k| format!("слово{k}")).collect();
        let mut cache = AnalysisCache::default();
        for w in &words {
            cache.insert(hash(w), Analyses::new(w, std::iter::empty()));
        }
        assert!(cache.get(hash(&words[1]), &words[1]).is_some());
        assert!(cache.get(hash(&words[3]), &words[3]).is_some());
        // Not full yet: nothing goes.
        cache.make_room(11);
        assert_eq!(cache.table.len(), 10);
        cache.make_room(10);
        let mut kept: Vec<&str> = cache.table.iter().map(Analyses::word).collect();
        kept.sort_unstable();
        assert_eq!(kept, [words[1].as_str(), words[3].as_str()]);
        // Their marks are spent: unless looked up again, they go the next time.
        for w in &words[4..] {
            cache.insert(hash(w), Analyses::new(w, std::iter::empty()));
        }
        assert!(cache.get(hash(&words[5]), &words[5]).is_some());
        cache.make_room(8);
        let kept: Vec<&str> = cache.table.iter().map(Analyses::word).collect();
        assert_eq!(kept, [words[5].as_str()]);
        // When more than half were used again, the cache is emptied.
        for w in &words[..5] {
            cache.insert(hash(w), Analyses::new(w, std::iter::empty()));
        }
        for w in &words[..6] {
            assert!(cache.get(hash(w), w).is_some(), "{w}");
        }
        cache.make_room(6);
        assert!(cache.table.is_empty());
    }

    #[test]
    fn cached_analyses_are_shared_and_carry_one_note() {
        let first = morph().analyze_cached("Кургане");
        let again = morph().analyze_cached("Кургане");
        assert_eq!(first.word(), "Кургане");
        assert!(std::ptr::eq(first.as_ptr(), again.as_ptr()));
        assert_eq!(first.note(7), None);
        first.set_note(7, 42);
        assert_eq!(again.note(7), Some(42));
        assert_eq!(again.note(8), None);
        // Another owner's note replaces it; owner 0 never notes.
        again.set_note(8, 1);
        assert_eq!((first.note(7), first.note(8)), (None, Some(1)));
        first.set_note(0, 5);
        assert_eq!((first.note(0), first.note(8)), (None, Some(1)));
        // Another word is another entry.
        assert_eq!(morph().analyze_cached("Курган").note(8), None);
    }

    /// (phrase in any case, nominative)
    #[rustfmt::skip]
    const NOMINATIVE: &[(&str, &str)] = &[
        ("Омской области", "Омская область"),
        ("Ассоциации молодых депутатов Казахстана", "Ассоциация молодых депутатов Казахстана"),
        ("Таразского регионального университета имени М.Х.Дулати", "Таразский региональный университет имени М.Х.Дулати"),
        ("Фондом президентских грантов", "Фонд президентских грантов"),
        ("Департамента образования и науки Курганской области", "Департамент образования и науки Курганской области"),
        ("Молодежного общественного Совета при Омском городском Совете", "Молодежный общественный Совет при Омском городском Совете"),
        ("Молодежного общественного совета", "Молодежный общественный совет"),
        ("Северо-Казахстанской области", "Северо-Казахстанская область"),
        ("Курганской, Свердловской и Тюменской областей", "Курганская, Свердловская и Тюменская области"),
        ("компании «Русские машины»", "компания «Русские машины»"),
        ("московского «Центра»", "московского «Центра»"),
        ("Дальневосточном федеральном округе", "Дальневосточный федеральный округ"),
        ("Новой Зеландии", "Новая Зеландия"),
        ("Страны восходящего солнца", "Страна восходящего солнца"),
        ("Российской Федерации", "Российская Федерация"),
        ("Федерации", "Федерация"),
        ("Химок", "Химки"),
        ("Ростова-на-Дону", "Ростов-на-Дону"),
        ("Республики Казахстан", "Республика Казахстан"),
        ("Кокшетау", "Кокшетау"),
        ("Тараза", "Тараз"),
        ("Королёвом", "Королёв"),
        ("ОМСКОЙ ОБЛАСТИ", "ОМСКАЯ ОБЛАСТЬ"),
        ("Россия", "Россия"),
        ("Соединённых Штатов Америки", "Соединённые Штаты Америки"),
        ("городе Москве", "город Москва"),
        ("сборной Бразилии", "сборная Бразилии"),
        ("Учёного совета", "Учёный совет"),
        ("Никитинского суда", "Никитинский суд"),
        ("армянском", "армянский"),
        ("Большого", "Большой"),
        ("Кировоградской (Кропивницкой) области", "Кировоградская (Кропивницкой) область"),
        ("подмосковного Сколково", "подмосковное Сколково"),
        ("УралМетКом", "УралМетКом"),
        ("Мосгоризбиркому", "Мосгоризбирком"),
        ("ЦИК РФ", "ЦИК РФ"),
    ];

    /// (phrase, its nominatives, one per coordinated name)
    #[rustfmt::skip]
    const SPLIT: &[(&str, &[&str])] = &[
        ("Курганской, Свердловской и Тюменской областей", &["Курганская область", "Свердловская область", "Тюменская область"]),
        ("Московского и Санкт-Петербургского университетов", &["Московский университет", "Санкт-Петербургский университет"]),
        ("Омской области", &["Омская область"]),
        ("Ассоциации молодых депутатов Казахстана", &["Ассоциация молодых депутатов Казахстана"]),
    ];

    /// (name in the nominative, plural too, forms that must be among its case forms)
    #[rustfmt::skip]
    const CASE_FORMS: &[(&str, bool, &[&str])] = &[
        ("Омская область", false, &["Омская область", "Омской области", "Омскую область", "Омской областью", "Омскою областью"]),
        ("Омская область", true, &["Омские области", "Омских областей", "Омскими областями"]),
        ("Курган", false, &["Курган", "Кургана", "Кургану", "Курганом", "Кургане"]),
        ("Ростов-на-Дону", false, &["Ростова-на-Дону", "Ростову-на-Дону", "Ростовом-на-Дону", "Ростове-на-Дону"]),
        ("Северо-Казахстанская область", false, &["Северо-Казахстанской области", "Северо-Казахстанскую область", "Северо-Казахстанской областью"]),
        ("Республика Казахстан", false, &["Республики Казахстан", "Республике Казахстан", "Республику Казахстан", "Республикой Казахстан"]),
        ("Тараз", false, &["Тараза", "Таразу", "Таразом", "Таразе"]),
        // The dictionary's own forms drop a vowel that Lahore keeps; both are generated.
        ("Лахор", false, &["Лахора", "Лахору", "Лахором", "Лахоре"]),
        ("Орёл", false, &["Орла", "Орле"]),
        ("Соединённые Штаты Америки", false, &["Соединённых Штатов Америки", "Соединёнными Штатами Америки"]),
        ("город Москва", false, &["города Москвы", "городе Москве"]),
        ("Динара Утебаева", false, &["Динары Утебаевой", "Динару Утебаеву", "Динарой Утебаевой"]),
        ("Владимир Путин", false, &["Владимира Путина", "Владимиру Путину", "Владимиром Путиным"]),
    ];

    /// (name, number of case forms, the name itself first)
    #[rustfmt::skip]
    const CASE_FORM_COUNTS: &[(&str, usize)] = &[
        ("Кокшетау", 1),
        ("ООО «Ромашка»", 1),
        ("Курган", 5),
        ("Республика Казахстан", 6),
    ];

    /// (person's name in any case, nominative)
    #[rustfmt::skip]
    const PERSONS: &[(&str, &str)] = &[
        ("Динары Утебаевой", "Динара Утебаева"),
        ("Утебаевой Динары", "Утебаева Динара"),
        ("Динары Иманжановны Утебаевой", "Динара Иманжановна Утебаева"),
        ("Парида Мамедова", "Парида Мамедова"),
        ("Артёмом Метелевым", "Артём Метелев"),
        ("Людмилой Беличевой", "Людмила Беличева"),
        ("Владимира Витченко", "Владимир Витченко"),
        ("В. В. Путина", "В. В. Путин"),
        ("Путину В.В.", "Путин В.В."),
        ("Айгерим Амирбекулы", "Айгерим Амирбекулы"),
        ("Ержана Нурланулы", "Ержан Нурланулы"),
        ("Бериккожи Серикбола", "Бериккожа Серикбол"),
        ("Айгуль Иманжановны", "Айгуль Иманжановна"),
        ("Александра Налбандова", "Александр Налбандов"),
        ("Дмитрия Анатольевича Медведева", "Дмитрий Анатольевич Медведев"),
        ("Усамы бин Ладена", "Усама бин Ладен"),
        ("Барака Обамы", "Барак Обама"),
        ("Галину Юркову-Данелия", "Галина Юркова-Данелия"),
        ("Джорджа Буша-младшего", "Джордж Буш-младший"),
        ("Ахмат-Хаджи Кадырова", "Ахмат-Хаджи Кадыров"),
        ("Варвара Визбор", "Варвара Визбор"),
        ("Деуэйну Джонсону", "Деуэйн Джонсон"),
        ("Ху Цзиньтао", "Ху Цзиньтао"),
        ("Тифензее", "Тифензее"),
        ("Масахару Коно", "Масахару Коно"),
        ("Barack Obama", "Barack Obama"),
    ];

    /// (word, lemma, part of speech, case of the first analysis)
    #[rustfmt::skip]
    const ANALYSES: &[(&str, &str, &str, Option<Case>)] = &[
        ("Омской", "омский", "ADJ", Some(Case::Gen)),
        ("областей", "область", "NOUN", Some(Case::Gen)),
        ("Артёмом", "артём", "PROPN", Some(Case::Ins)),
        ("стали", "стать", "VERB", None),
    ];

    /// (original word, dictionary form, the form written like the original)
    #[rustfmt::skip]
    const RECASE: &[(&str, &str, &str)] = &[
        ("Омской", "омская", "Омская"),
        ("Ростова-на-Дону", "ростов-на-дону", "Ростов-на-Дону"),
        ("Щеголева", "щеголёв", "Щеголев"),
        ("ОМСКОЙ", "омская", "ОМСКАЯ"),
        ("Артёмом", "артём", "Артём"),
    ];

    #[test]
    fn nominative_phrases() {
        for &(input, expected) in NOMINATIVE {
            assert_eq!(morph().nominative(input), expected, "{input}");
        }
    }

    #[test]
    fn nominative_split_coordination() {
        for &(input, expected) in SPLIT {
            assert_eq!(morph().nominative_split(input), expected, "{input}");
        }
    }

    #[test]
    fn case_forms_of_names() {
        for &(input, plural, expected) in CASE_FORMS {
            let forms = morph().case_forms(input, plural);
            assert_eq!(forms[0], input);
            for form in expected {
                assert!(
                    forms.contains(&form.to_string()),
                    "{input}: {form} not in {forms:?}"
                );
            }
        }
        let united = morph().case_forms("Соединённые Штаты Америки", false);
        assert!(
            !united.iter().any(|form| form.contains("Соединивш")),
            "{united:?}"
        );
    }

    #[test]
    fn case_forms_counts() {
        for &(input, count) in CASE_FORM_COUNTS {
            let forms = morph().case_forms(input, false);
            assert_eq!(
                (forms.len(), forms[0].as_str()),
                (count, input),
                "{forms:?}"
            );
        }
    }

    #[test]
    fn own_analyses_are_rebuilt_as_the_dictionary_gives_them() {
        let morph = morph();
        let article = include_str!("../corpus/000_d84cbdbced2de33b.txt");
        let (mut rebuilt, mut lowered) = (0, 0);
        let words = article
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .chain(["Артем", "Федоров", "ёлки", "Кимом", "Зумова"])
            .filter(|w| !w.is_empty());
        for word in words {
            let raw = morph.raw(word);
            for (reading, expected) in raw.iter().enumerate() {
                let own = morph.own_analysis(word, reading).expect("a reading");
                let key = |a: &rumorph::Analysis| {
                    (
                        a.word.clone(),
                        a.lemma.clone(),
                        a.ud,
                        a.tag,
                        a.source,
                        a.entry,
                    )
                };
                assert_eq!(key(&own), key(expected), "{word} {reading}");
                rebuilt += usize::from(expected.word == word);
                lowered +=
                    usize::from(expected.word != word && expected.word == word.to_lowercase());
            }
            assert!(morph.own_analysis(word, raw.len()).is_none(), "{word}");
        }
        assert!(rebuilt > 300, "{rebuilt}");
        // Capitalised words the dictionary spells in lower case, names among them.
        assert!(lowered > 30, "{lowered}");
    }

    #[test]
    fn inflections_are_memoised_as_computed() {
        let morph = morph();
        for word in ["Путина", "области", "Москве", "Утебаевой"] {
            let raw = morph.raw(word);
            assert!(!raw.is_empty(), "{word}");
            for (reading, own) in raw.iter().enumerate() {
                for gender in [None, Some(Gender::Masc), Some(Gender::Fem)] {
                    let direct = morph.inflect_word(word, own, Case::Nom, Number::Sing, gender);
                    let key: InflectionKey =
                        (word.into(), reading, Case::Nom, Number::Sing, gender);
                    for _ in 0..2 {
                        let memoised =
                            morph.inflect_reading(word, reading, Case::Nom, Number::Sing, gender);
                        assert_eq!(memoised, direct, "{word} {reading} {gender:?}");
                        let kept = INFLECTIONS.with(|memo| memo.borrow().forms.get(&key).cloned());
                        assert_eq!(kept, Some(direct.clone()));
                    }
                }
            }
        }
        assert_eq!(
            morph.inflect_reading("Путина", 0, Case::Nom, Number::Sing, Some(Gender::Masc)),
            Some("Путин".to_string())
        );
    }

    #[test]
    fn person_names() {
        for &(input, expected) in PERSONS {
            assert_eq!(morph().person_nominative(input), expected, "{input}");
        }
    }

    #[test]
    fn analyses() {
        for &(word, lemma, pos, case) in ANALYSES {
            let analyses = morph().analyze(word);
            let first = &analyses[0];
            assert_eq!(
                (first.lemma.as_str(), first.pos.as_str(), first.case),
                (lemma, pos, case),
                "{word}"
            );
        }
        assert!(morph().analyze("Динары")[0].first_name);
        assert!(morph().analyze("").is_empty());
        let cached = morph().analyze_cached("Омской");
        assert_eq!(cached.as_ref(), morph().analyze("Омской").as_slice());
        assert_eq!(morph().best_pos("Омской"), "ADJ");
    }

    #[test]
    fn recasing() {
        for &(original, form, expected) in RECASE {
            assert_eq!(recase(original, form), expected, "{original}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            " ",
            "«",
            "»»",
            "-",
            "и",
            "В.",
            "123",
            "и и",
            "«Омской области",
            "Омской «",
            "с Артёмом Метелевым",
            "\u{0}",
            "((",
            "(Омской",
            "- -",
            "Омской и",
            "и Омской",
            "ёЁ",
            "a-b-c",
            "Ростов-на-",
            "--Омской",
            "’",
            "В.В.В.",
            "областей,,,",
        ];
        for input in inputs {
            let _ = morph().nominative(input);
            let _ = morph().nominative_split(input);
            let _ = morph().person_nominative(input);
            let _ = morph().case_forms(input, true);
            let _ = morph().analyze(input);
        }
    }

    #[test]
    fn empty_analyser_degrades() {
        let empty = Morph::empty();
        assert!(!empty.is_loaded());
        assert!(empty.analyze("Омской").is_empty());
        assert_eq!(empty.nominative("Омской области"), "Омской области");
        assert_eq!(
            empty.person_nominative("Динары Утебаевой"),
            "Динары Утебаевой"
        );
        assert_eq!(empty.case_forms("Курган", true), ["Курган"]);
        assert_eq!(empty.nominative_split("Омской области"), ["Омской области"]);
    }
}
