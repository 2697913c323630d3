//! Morphology (placeholder until the rumorph-backed module lands).

use std::sync::OnceLock;

/// The morphological dictionary.
pub struct Morph;

impl Morph {
    /// The dictionary, loaded once per process.
    pub fn shared() -> &'static Morph {
        static MORPH: OnceLock<Morph> = OnceLock::new();
        MORPH.get_or_init(|| Morph)
    }

    /// All case forms of a name in the nominative.
    pub fn case_forms(&self, name: &str, _plural: bool) -> Vec<String> {
        vec![name.to_string()]
    }
}
