//! What the benchmarks share: the corpus they run on.

use std::path::{Path, PathBuf};

use svyaz::ingest::{self, DecodeOptions, Document, Input};

/// The `*.txt` files under `dir`, in name order; none if `dir` does not exist.
fn text_files(dir: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files
}

/// The corpus, read and decoded: `corpus/` and, when present, the evaluation texts.
pub fn load_corpus() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = text_files(&root.join("corpus"));
    let eval = root.join("../shared/eval/texts");
    if eval.is_dir() {
        files.extend(text_files(&eval));
    } else {
        eprintln!(
            "note: {} is absent; benchmarking on corpus/ alone ({} texts), so the figures \
             are not comparable with runs on the evaluation texts",
            eval.display(),
            files.len()
        );
    }
    let options = DecodeOptions::default();
    let mut documents = Vec::with_capacity(files.len());
    for path in files {
        match ingest::load(&Input::File(path.clone()), &options) {
            Ok(document) => documents.push(document),
            Err(err) => eprintln!("note: skipping {}: {err}", path.display()),
        }
    }
    documents
}
