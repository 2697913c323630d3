//! Build script: expands the built-in gazetteers into their case forms once, at build time.
//!
//! Every name and alias of the files in `gazetteers/` listed below is put through the same
//! `morph` module the program uses (compiled here from `src/morph.rs`), and the forms are
//! written to `$OUT_DIR/forms.tsv`, one line per name: `plural<TAB>name<TAB>form…`. At
//! start-up the gazetteer takes its forms from there instead of inflecting ~4,000 names,
//! which took most of the start-up time. The list of built-in files is written to
//! `$OUT_DIR/builtin.rs` so that it is stated once, here.

#[allow(dead_code)]
#[path = "src/morph.rs"]
mod morph;

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

/// An abbreviation is matched as written and never inflected by the morphology.
fn is_abbreviation(name: &str) -> bool {
    name.chars().count() >= 2
        && name.chars().all(|c| c.is_uppercase() || c == '-')
        && !name.contains(' ')
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/morph.rs");
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
    let mut forms = String::new();
    for file in GAZETTEER_FILES {
        let path = manifest.join("gazetteers").join(file);
        let content = std::fs::read_to_string(&path).expect("reads a built-in gazetteer");
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(content.as_bytes());
        // Malformed lines are reported by the program's own loader (and its tests).
        for record in reader.records().flatten() {
            if record.len() < 5 {
                continue;
            }
            let plural = &record[2] == "region";
            let names = std::iter::once(&record[1]).chain(record[4].split('|'));
            for name in names
                .map(str::trim)
                .filter(|n| !n.is_empty() && !is_abbreviation(n))
            {
                let expanded = morph.case_forms(name, plural);
                let _ = writeln!(
                    forms,
                    "{}\t{}\t{}",
                    u8::from(plural),
                    name,
                    expanded.join("\t")
                );
            }
        }
    }
    std::fs::write(out_dir.join("forms.tsv"), forms).expect("writes forms.tsv");
}
