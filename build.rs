//! Build script: compiles the built-in gazetteers once, at build time.
//!
//! Every name and alias of the files in `gazetteers/` listed below is put through the same
//! `morph` module the program uses (compiled here from `src/morph.rs`), and the forms are
//! compiled by the program's own `gazetteer::compile` module (from
//! `src/gazetteer/compile.rs`, with `src/segment.rs` for case folding). The results are
//! written to `$OUT_DIR`: `gazetteer.fst` (the index of folded forms), `forms.bin` (entries
//! and capitals per form) and `words.bin` (the first-word filter). At start-up the program
//! wraps them as they are instead of inflecting ~4,000 names and building the index. The
//! list of built-in files is written to `$OUT_DIR/builtin.rs` so that it is stated once,
//! here; the program parses the same files for its entries.
//!
//! The five modules included here must use nothing of the crate but each other
//! (`crate::segment`, `crate::morph`, `crate::cache` and `crate::buffer` resolve to the
//! modules below).

#[allow(dead_code)]
#[path = "src/buffer.rs"]
mod buffer;

#[allow(dead_code)]
#[path = "src/cache.rs"]
mod cache;

#[allow(dead_code)]
#[path = "src/morph.rs"]
mod morph;

#[allow(dead_code)]
#[path = "src/segment.rs"]
mod segment;

#[allow(dead_code)]
#[path = "src/gazetteer/compile.rs"]
mod compile;

use std::fmt::Write as _;
use std::path::PathBuf;

/// The built-in gazetteer files, in priority order (earlier files win a shared form).
const GAZETTEER_FILES: &[&str] = &[
    "countries.csv",
    "ru_regions.csv",
    "kz_regions.csv",
    "ua_regions.csv",
    "ru_cities.csv",
    "kz_cities.csv",
    "world_cities.csv",
    "world_regions.csv",
    "macro_regions.csv",
    "historical_states.csv",
    "geography.csv",
    "landmarks.csv",
    "space.csv",
    "organizations.csv",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/morph.rs");
    println!("cargo:rerun-if-changed=src/segment.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/compile.rs");
    println!("cargo:rerun-if-changed=gazetteers");
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut builtin = String::from(
        "/// The gazetteers that ship with svyaz, compiled into the binary: (file name, content).\npub const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for file in GAZETTEER_FILES {
        println!("cargo:rerun-if-changed=gazetteers/{file}");
        let _ = writeln!(
            builtin,
            "    ({file:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/gazetteers/{file}\"))),"
        );
    }
    builtin.push_str("];\n");
    std::fs::write(out_dir.join("builtin.rs"), builtin).expect("writes builtin.rs");

    let morph = morph::Morph::shared();
    let mut case_forms = |name: &str, plural: bool| morph.case_forms(name, plural);
    let mut compiler = compile::Compiler::new();
    for file in GAZETTEER_FILES {
        let path = manifest.join("gazetteers").join(file);
        let content = std::fs::read_to_string(&path).expect("reads a built-in gazetteer");
        let fail = |e: compile::LineError| -> ! { panic!("{file}:{}: {}", e.line, e.reason) };
        let lines = compile::read_lines(&content).unwrap_or_else(|e| fail(e));
        for line in lines {
            let line = line.unwrap_or_else(|e| fail(e));
            // As `Gazetteer::load` does with its entries (checked by its tests).
            let names =
                std::iter::once(line.name.as_str()).chain(line.aliases.iter().map(String::as_str));
            let plural = line.kind.as_deref() == Some("region");
            let organization = line.entity_type == "ORG";
            compiler.add(names, plural, organization, &mut case_forms);
        }
    }
    let compiled = compiler.finish().expect("builds the gazetteer index");
    std::fs::write(out_dir.join("gazetteer.fst"), &compiled.index).expect("writes gazetteer.fst");
    std::fs::write(out_dir.join("forms.bin"), compiled.forms.to_bytes()).expect("writes forms.bin");
    std::fs::write(out_dir.join("words.bin"), compiled.words.to_bytes()).expect("writes words.bin");
}
