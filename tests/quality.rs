//! Quality floors on the human-annotated evaluation data in `../shared/eval/`.
//!
//! The binary runs over the texts, its mention records are scored with the data's own
//! scorer (`score.py`, Python standard library only), and each type must stay at or above
//! a floor a little under today's figure, so a change that loses quality fails here. The
//! tests skip, saying why, when the data or `python3` is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn eval_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    if !dir.join("score.py").is_file() {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not available to run score.py");
        return None;
    }
    Some(dir)
}

/// Runs svyaz over one evaluation set and returns score.py's summary.
fn score(set: &str, types: &str, extra: &[&str]) -> Option<Value> {
    let eval = eval_dir()?;
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out.jsonl");
    let status = Command::new(env!("CARGO_BIN_EXE_svyaz"))
        .args(["extract", "-q", "-o"])
        .arg(&out)
        .arg(eval.join("texts").join(set))
        .status()
        .expect("runs svyaz");
    assert_eq!(status.code(), Some(0));
    let preds = work.path().join("pred.jsonl");
    let mut lines = String::new();
    for line in std::fs::read_to_string(&out).expect("output").lines() {
        let r: Value = serde_json::from_str(line).expect("json");
        if r["record"] == "mention" {
            let p = serde_json::json!({"doc_id": r["doc_id"], "type": r["type"], "start": r["start"], "end": r["end"]});
            lines.push_str(&p.to_string());
            lines.push('\n');
        }
    }
    std::fs::write(&preds, lines).expect("write predictions");
    let output = Command::new("python3")
        .arg(eval.join("score.py"))
        .arg(eval.join("gold").join(format!("{set}.jsonl")))
        .arg(&preds)
        .args(["--types", types, "--json-only"])
        .args(extra)
        .output()
        .expect("runs score.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("SUMMARY "))
        .expect("score.py prints a SUMMARY line");
    Some(serde_json::from_str(summary).expect("summary is JSON"))
}

fn f1(summary: &Value, criterion: &str, entity_type: &str) -> f64 {
    summary[criterion]["per_type"][entity_type]["f1"]
        .as_f64()
        .unwrap_or_else(|| panic!("no F1 for {criterion}/{entity_type} in {summary}"))
}

#[test]
fn factrueval_dev_floors() {
    let Some(summary) = score("factrueval-dev", "PER,ORG,LOC", &["--skip-optional"]) else {
        return;
    };
    for (entity_type, floor) in [("PER", 0.95), ("LOC", 0.925), ("ORG", 0.81)] {
        let got = f1(&summary, "trim", entity_type);
        assert!(
            got >= floor,
            "FactRuEval dev {entity_type} trim F1 {got:.3} < {floor}"
        );
    }
}

#[test]
fn nerel_dev_floors() {
    let Some(summary) = score("nerel-dev", "PER,ORG,LOC,DATE", &[]) else {
        return;
    };
    let date = f1(&summary, "overlap", "DATE");
    assert!(date >= 0.91, "NEREL dev DATE overlap F1 {date:.3} < 0.91");
    for (entity_type, floor) in [("PER", 0.895), ("LOC", 0.80), ("ORG", 0.62)] {
        let got = f1(&summary, "trim", entity_type);
        assert!(
            got >= floor,
            "NEREL dev {entity_type} trim F1 {got:.3} < {floor}"
        );
    }
}
