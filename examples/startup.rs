//! Where start-up time goes: dictionary, gazetteers, first-name lexicon.
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let _ = svyaz::Pipeline::builder().build().expect("pipeline builds");
    println!("whole pipeline, cold: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = svyaz::morph::Morph::shared();
    println!("dictionary: {:?}", t.elapsed());
    let t = Instant::now();
    let g = svyaz::gazetteer::Gazetteer::load(&[]).expect("gazetteers load");
    println!("gazetteers: {:?} ({} forms)", t.elapsed(), g.form_count());
    let t = Instant::now();
    let _ = svyaz::recognize::person::PersonLexicon::builtin().expect("lexicon loads");
    println!("person lexicon: {:?}", t.elapsed());
}
