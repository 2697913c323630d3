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
    // With a user gazetteer the built-in index is extended and rebuilt at start-up.
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(
        dir.path().join("user.csv"),
        "type,name,kind,country,aliases\nLOC,Курганинск,city,RU,\n",
    )
    .expect("writes a user gazetteer");
    let t = Instant::now();
    let g =
        svyaz::gazetteer::Gazetteer::load(&[dir.path().to_path_buf()]).expect("gazetteers load");
    println!(
        "gazetteers with a user file: {:?} ({} forms)",
        t.elapsed(),
        g.form_count()
    );
    let t = Instant::now();
    let _ = svyaz::recognize::person::PersonLexicon::builtin().expect("lexicon loads");
    println!("person lexicon: {:?}", t.elapsed());
}
