//! Where start-up time goes: dictionary load, gazetteer form expansion, automaton build.
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let morph = svyaz::morph::Morph::shared();
    println!("dictionary: {:?}", t.elapsed());
    let mut entries = Vec::new();
    for (name, content) in svyaz::gazetteer::BUILTIN {
        svyaz::gazetteer::parse_csv(name, content, &mut entries).expect("parses");
    }
    let t = Instant::now();
    let mut n = 0;
    for e in &entries {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            n += morph
                .case_forms(name, e.kind.as_deref() == Some("region"))
                .len();
        }
    }
    println!(
        "expansion: {:?} for {} entries, {} forms",
        t.elapsed(),
        entries.len(),
        n
    );
    let t = Instant::now();
    let g = svyaz::gazetteer::Gazetteer::from_entries(entries).expect("builds");
    println!(
        "whole compile (expansion again + automaton): {:?}, {} forms",
        t.elapsed(),
        g.form_count()
    );
}
