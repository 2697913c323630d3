//! The types that flow between stages: entity types, mentions and entities.

use std::fmt;
use std::str::FromStr;

use crate::morph::Gender;
use crate::recognize::person::PersonName;
use crate::segment::Span;

/// The kinds of entity svyaz recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    /// A person.
    Per,
    /// An organization.
    Org,
    /// A location: country, region, city.
    Loc,
    /// A date or a date range.
    Date,
}

impl EntityType {
    /// The tag written in the output: PER, ORG, LOC, DATE.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Date => "DATE",
        }
    }

    /// All types, in output order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Date,
    ];
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity-type tag that is not PER, ORG, LOC or DATE.
#[derive(Debug, thiserror::Error)]
#[error("unknown entity type {0:?} (expected PER, ORG, LOC or DATE)")]
pub struct UnknownEntityType(pub String);

impl FromStr for EntityType {
    type Err = UnknownEntityType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "PER" => Ok(EntityType::Per),
            "ORG" => Ok(EntityType::Org),
            "LOC" => Ok(EntityType::Loc),
            "DATE" => Ok(EntityType::Date),
            other => Err(UnknownEntityType(other.to_string())),
        }
    }
}

/// Where a mention's canonical name comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A gazetteer entry, by index into the gazetteer.
    Gazetteer(u32),
    /// A date expression with its ISO value (`None` when it cannot be anchored).
    Date(Option<String>),
    /// A person's name, with its parts in the nominative (boxed: a mention moves often,
    /// and a name is the largest origin by far).
    Person(Box<PersonName>),
    /// An organization found by its form, with its canonical name.
    Organization(String),
    /// A place found by its form: canonical name and kind (city, water, street, …).
    Place(String, &'static str),
}

/// One mention found in a document, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Its type.
    pub entity_type: EntityType,
    /// Where it is.
    pub span: Span,
    /// Sentence index.
    pub sentence: u32,
    /// What it refers to.
    pub origin: Origin,
    /// True when it stands in page furniture (lists of other news, share lines, …).
    pub furniture: bool,
    /// For a country: true when it stands for its state acting as an organization, the
    /// subject of a verb («Россия подписала», «США ввели санкции»).
    pub loc_org: bool,
}

/// An entity: what one or more mentions refer to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// `TYPE:canonical name`.
    pub id: String,
    /// Its type.
    pub entity_type: EntityType,
    /// Canonical name in the nominative (ISO value for dates).
    pub name: String,
    /// For LOC: country, region or city.
    pub kind: Option<String>,
    /// For LOC: ISO country code.
    pub country: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// For PER: the parts of the name.
    pub person: Option<PersonParts>,
}

/// The parts of a person's name, in the nominative.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonParts {
    /// First name or initial.
    pub first: Option<String>,
    /// Patronymic or second initial.
    pub middle: Option<String>,
    /// Surname.
    pub last: Option<String>,
    /// Gender, where the name shows it.
    pub gender: Option<Gender>,
}

/// The id of an entity of `entity_type` named `name`: stable across runs and corpora.
pub fn entity_id(entity_type: EntityType, name: &str) -> String {
    // Built by hand: `format!` costs several times more, and this runs per mention.
    let type_name = entity_type.as_str();
    let mut id = String::with_capacity(type_name.len() + 1 + name.len());
    id.push_str(type_name);
    id.push(':');
    id.push_str(name);
    id
}
