//! End-to-end tests of the `svyaz` binary on the sample corpus and crafted inputs.
//!
//! Each test runs the real binary and reads its JSON lines back.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn svyaz() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svyaz"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn run(args: &[&str]) -> Output {
    svyaz().args(args).output().expect("runs svyaz")
}

/// Runs `svyaz` with `args`, writing `input` to its standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = svyaz()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write");
    child.wait_with_output().expect("wait")
}

fn records(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn of_kind<'a>(records: &'a [Value], kind: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["record"] == kind).collect()
}

/// Checks that every mention's offsets slice its document's text to the mention text.
/// The (text, entity) of every mention of `entity_type` that `svyaz extract` finds in
/// the documents `texts`, given as JSON lines on standard input.
fn mentions_on_stdin(texts: &[&str], entity_type: &str) -> Vec<(String, String)> {
    let input: String = texts
        .iter()
        .enumerate()
        .map(|(k, text)| {
            format!(
                "{}\n",
                serde_json::json!({"id": k.to_string(), "text": text})
            )
        })
        .collect();
    let out = run_with_stdin(&["extract", "-q", "-"], input.as_bytes());
    of_kind(&records(&out), "mention")
        .iter()
        .filter(|m| m["type"] == entity_type)
        .map(|m| {
            let field = |name: &str| m[name].as_str().expect(name).to_string();
            (field("text"), field("entity"))
        })
        .collect()
}

fn check_offsets(records: &[Value], texts: &dyn Fn(&str) -> String) {
    for m in of_kind(records, "mention") {
        let text: Vec<char> = texts(m["doc_id"].as_str().expect("doc_id"))
            .chars()
            .collect();
        let (start, end) = (
            m["start"].as_u64().expect("start") as usize,
            m["end"].as_u64().expect("end") as usize,
        );
        assert!(
            start < end && end <= text.len(),
            "offsets inside the text: {m}"
        );
        let slice: String = text[start..end].iter().collect();
        assert_eq!(slice, m["text"].as_str().expect("text"), "{m}");
    }
}

mod corpus_run {
    use super::*;

    fn corpus_records() -> Vec<Value> {
        let out = run(&["extract", "--quiet"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        records(&out)
    }

    #[test]
    fn every_sample_article_is_a_document_and_the_summary_is_last() {
        let recs = corpus_records();
        let docs = of_kind(&recs, "document");
        assert_eq!(docs.len(), 5);
        assert_eq!(docs[0]["doc_id"], "000_d84cbdbced2de33b");
        let last = recs.last().expect("records");
        assert_eq!(last["record"], "summary");
        assert_eq!(last["documents"], 5);
        assert_eq!(last["errors"], 0);
        assert_eq!(last["mentions"], of_kind(&recs, "mention").len());
        assert_eq!(last["entities"], of_kind(&recs, "entity").len());
    }

    #[test]
    fn mention_offsets_slice_the_text() {
        let recs = corpus_records();
        let texts = |id: &str| {
            std::fs::read_to_string(corpus().join(format!("{id}.txt"))).expect("reads sample")
        };
        check_offsets(&recs, &texts);
        assert!(of_kind(&recs, "mention").len() > 30);
    }

    #[test]
    fn places_are_named_in_the_nominative() {
        let recs = corpus_records();
        let mentions = of_kind(&recs, "mention");
        let find = |surface: &str, entity: &str| {
            mentions
                .iter()
                .any(|m| m["text"] == surface && m["entity"] == entity)
        };
        for (surface, entity) in [
            ("Кургане", "LOC:Курган"),
            ("Омской области", "LOC:Омская область"),
            ("Петропавловск", "LOC:Петропавловск"),
            (
                "Северо-Казахстанской области",
                "LOC:Северо-Казахстанская область",
            ),
            ("РК", "LOC:Казахстан"),
            ("РФ", "LOC:Россия"),
            ("Российской Федерации", "LOC:Россия"),
            ("Таразе", "LOC:Тараз"),
        ] {
            assert!(find(surface, entity), "{surface} -> {entity}");
        }
        let entities = of_kind(&recs, "entity");
        let kurgan = entities
            .iter()
            .find(|e| e["id"] == "LOC:Курган")
            .expect("Курган entity");
        assert_eq!(kurgan["kind"], "city");
        assert_eq!(kurgan["country"], "RU");
        // «курган» the mound, lower case, is not the city.
        assert!(!mentions.iter().any(|m| m["text"] == "курган"));
    }

    #[test]
    fn dates_are_iso() {
        let recs = corpus_records();
        let values: Vec<&str> = of_kind(&recs, "mention")
            .iter()
            .filter(|m| m["type"] == "DATE")
            .filter_map(|m| m["value"].as_str())
            .collect();
        for expected in ["2021-10-25", "2019-11-05/2019-11-08"] {
            assert!(values.contains(&expected), "{expected} in {values:?}");
        }
        let docs = of_kind(&recs, "document");
        assert_eq!(docs[0]["published"], "2021-10-25");
    }

    #[test]
    fn page_furniture_is_marked() {
        let recs = corpus_records();
        let mentions = of_kind(&recs, "mention");
        let zone_of = |doc: &str, text: &str| -> Vec<&str> {
            mentions
                .iter()
                .filter(|m| {
                    m["doc_id"].as_str().is_some_and(|d| d.starts_with(doc)) && m["text"] == text
                })
                .map(|m| m["zone"].as_str().expect("zone"))
                .collect()
        };
        // The list of other press releases after the article («ТЦ Муравей»).
        assert!(
            zone_of("003", "Торговый центр «Муравей»")
                .iter()
                .all(|z| *z == "furniture")
        );
        assert!(!zone_of("003", "Торговый центр «Муравей»").is_empty());
        // The article itself.
        assert_eq!(zone_of("001", "Кургане")[0], "body");
        assert!(
            mentions
                .iter()
                .all(|m| m["zone"] == "body" || m["zone"] == "furniture")
        );
    }

    #[test]
    fn persons_and_organizations_in_the_nominative() {
        let recs = corpus_records();
        let ids: Vec<&str> = of_kind(&recs, "entity")
            .iter()
            .map(|e| e["id"].as_str().expect("id"))
            .collect();
        for id in [
            "PER:Динара Утебаева",
            "PER:Людмила Беличева",
            "PER:Андрей Кочеров",
            "PER:Артём Метелев",
            "PER:Владимир Витченко",
            "ORG:Фонд президентских грантов",
            "ORG:Ассоциация молодых депутатов Казахстана",
            "ORG:Департамент образования и науки Курганской области",
            "ORG:Открытый мир",
            "LOC:Свердловская область",
            // Inside «филиале партии «Нур Отан»», and under its Russian name when the text
            // writes it in Latin («МК «Jas Otan»»).
            "ORG:Нур Отан",
            "ORG:Жас Отан",
        ] {
            assert!(ids.contains(&id), "{id} among {ids:?}");
        }
        // One entity whatever the spelling: «Jas Otan», «Жаңғыру Жолы» / «Жаңғыру жолы».
        for id in ["ORG:Jas Otan", "ORG:Жаңғыру Жолы"] {
            assert!(!ids.contains(&id), "{id} among {ids:?}");
        }
        // «Парида Иманжановна» (first name and patronymic) joins «Парида Мамедова».
        let mamedova = of_kind(&recs, "entity")
            .into_iter()
            .find(|e| e["id"] == "PER:Парида Мамедова")
            .expect("Парида Мамедова");
        assert_eq!(mamedova["aliases"][0], "Парида Иманжановна");
        assert_eq!(mamedova["gender"], "f");
        // «Утебаевой» alone joins the full name.
        let utebaeva = of_kind(&recs, "mention")
            .iter()
            .filter(|m| m["entity"] == "PER:Динара Утебаева")
            .count();
        assert!(utebaeva >= 2);
    }

    #[test]
    fn entities_are_written_once() {
        let recs = corpus_records();
        let mut ids: Vec<&str> = of_kind(&recs, "entity")
            .iter()
            .map(|e| e["id"].as_str().expect("id"))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        // Every mention points at an entity described before it.
        let mut seen = std::collections::HashSet::new();
        for r in &recs {
            match r["record"].as_str() {
                Some("entity") => {
                    seen.insert(r["id"].as_str().expect("id").to_string());
                }
                Some("mention") => match r["entity"].as_str() {
                    Some(id) => assert!(seen.contains(id), "{r}"),
                    // Only a date that cannot be placed on the calendar has no entity.
                    None => assert!(r["type"] == "DATE" && r.get("value").is_none(), "{r}"),
                },
                _ => {}
            }
        }
    }
}

mod inputs {
    use super::*;

    const ARTICLE: &str =
        "В Кургане прошел круглый стол.\nДелегация Омской области посетила Петропавловск.\n";

    fn write(dir: &Path, name: &str, bytes: &[u8]) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, bytes).expect("write");
    }

    fn crafted() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(d, "a_utf8.txt", ARTICLE.as_bytes());
        write(
            d,
            "b_bom.txt",
            &[b"\xEF\xBB\xBF", ARTICLE.as_bytes()].concat(),
        );
        write(d, "c_crlf.txt", ARTICLE.replace('\n', "\r\n").as_bytes());
        write(
            d,
            "d_cp1251.txt",
            &encoding_rs::WINDOWS_1251.encode(ARTICLE).0,
        );
        write(d, "e_koi8.txt", &encoding_rs::KOI8_R.encode(ARTICLE).0);
        write(d, "f_empty.txt", b"");
        write(d, "g_binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        let mut broken = ARTICLE.as_bytes().to_vec();
        broken.insert(3, 0xFF);
        write(d, "h_invalid.txt", &broken);
        write(d, "sub/i_nested.txt", ARTICLE.as_bytes());
        write(d, "sub/ignored.md", ARTICLE.as_bytes());
        dir
    }

    #[test]
    fn every_input_is_a_document_or_an_error() {
        let dir = crafted();
        let out = run(&["extract", "--quiet", dir.path().to_str().expect("path")]);
        assert_eq!(out.status.code(), Some(1), "some inputs failed");
        let recs = records(&out);
        let docs = of_kind(&recs, "document");
        let errors = of_kind(&recs, "error");
        let ids: Vec<&str> = docs
            .iter()
            .map(|d| d["doc_id"].as_str().expect("id"))
            .collect();
        assert_eq!(
            ids,
            [
                "a_utf8", "b_bom", "c_crlf", "d_cp1251", "e_koi8", "f_empty", "i_nested"
            ]
        );
        let encodings: Vec<&str> = docs
            .iter()
            .map(|d| d["encoding"].as_str().expect("enc"))
            .collect();
        assert_eq!(
            encodings,
            [
                "UTF-8",
                "UTF-8",
                "UTF-8",
                "windows-1251",
                "KOI8-R",
                "UTF-8",
                "UTF-8"
            ]
        );
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0]["path"]
                .as_str()
                .expect("path")
                .ends_with("g_binary.txt")
        );
        assert!(
            errors[0]["error"]
                .as_str()
                .expect("error")
                .contains("binary")
        );
        assert!(
            errors[1]["path"]
                .as_str()
                .expect("path")
                .ends_with("h_invalid.txt")
        );
        assert!(
            errors[1]["error"]
                .as_str()
                .expect("error")
                .contains("invalid UTF-8 at byte 3")
        );
        let summary = recs.last().expect("summary");
        assert_eq!(
            (summary["documents"].as_u64(), summary["errors"].as_u64()),
            (Some(7), Some(2))
        );
        // Every decoded article gives the same mentions at the same code-point offsets.
        let spans = |id: &str| -> Vec<(u64, u64, String)> {
            of_kind(&recs, "mention")
                .iter()
                .filter(|m| m["doc_id"] == id)
                .map(|m| {
                    (
                        m["start"].as_u64().expect("start"),
                        m["end"].as_u64().expect("end"),
                        m["entity"].as_str().expect("entity").to_string(),
                    )
                })
                .collect()
        };
        let reference = spans("a_utf8");
        assert!(
            reference.iter().any(|s| s.2 == "LOC:Курган"),
            "{reference:?}"
        );
        for id in ["b_bom", "c_crlf", "d_cp1251", "e_koi8", "i_nested"] {
            assert_eq!(spans(id), reference, "{id}");
        }
        check_offsets(&recs, &|_| ARTICLE.to_string());
    }

    #[test]
    fn forced_encoding_and_size_limit() {
        let dir = crafted();
        let file = dir.path().join("d_cp1251.txt");
        let out = run(&[
            "extract",
            "-q",
            "--encoding",
            "cp1251",
            file.to_str().expect("path"),
        ]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            of_kind(&records(&out), "document")[0]["encoding"],
            "windows-1251"
        );
        let out = run(&[
            "extract",
            "-q",
            "--max-bytes",
            "10",
            file.to_str().expect("path"),
        ]);
        assert_eq!(out.status.code(), Some(1));
        let recs = records(&out);
        assert!(
            of_kind(&recs, "error")[0]["error"]
                .as_str()
                .expect("e")
                .contains("over the limit")
        );
    }

    #[test]
    fn a_missing_path_is_an_error_record() {
        let out = run(&["extract", "-q", "no/such/folder"]);
        assert_eq!(out.status.code(), Some(1));
        let recs = records(&out);
        assert_eq!(of_kind(&recs, "error")[0]["path"], "no/such/folder");
    }

    #[test]
    fn json_lines_on_stdin() {
        let input = format!(
            "{}\nnot json\n{}\n",
            serde_json::json!({"id": "one", "text": "Делегация из Омска прибыла в Тараз."}),
            serde_json::json!({"id": 2, "text": "В Кургане."}),
        );
        let out = run_with_stdin(&["extract", "-q", "-"], input.as_bytes());
        assert_eq!(out.status.code(), Some(1));
        let recs = records(&out);
        let ids: Vec<&str> = of_kind(&recs, "document")
            .iter()
            .map(|d| d["doc_id"].as_str().expect("id"))
            .collect();
        assert_eq!(ids, ["one", "2"]);
        let errors = of_kind(&recs, "error");
        assert_eq!(errors[0]["path"], "-:2");
        let entities: Vec<&str> = of_kind(&recs, "mention")
            .iter()
            .map(|m| m["entity"].as_str().expect("entity"))
            .collect();
        assert_eq!(entities, ["LOC:Омск", "LOC:Тараз", "LOC:Курган"]);
    }

    #[test]
    fn an_organization_is_one_entity_however_its_places_are_written() {
        let text = "Представители Посольства Казахстана в России приняли участие. \
                    Посольство РК в РФ сообщило об этом.";
        // In a document of its own, the abbreviated places are written in full too.
        let alone = "Посольство РК в РФ сообщило об этом.";
        let embassies: Vec<String> = mentions_on_stdin(&[text, alone], "ORG")
            .into_iter()
            .map(|(_, entity)| entity)
            .collect();
        assert_eq!(
            embassies,
            [
                "ORG:Посольство Казахстана в России",
                "ORG:Посольство Казахстана в России",
                "ORG:Посольство Казахстана в России"
            ]
        );
    }

    #[test]
    fn a_lone_surname_joins_the_person_named_in_full() {
        // «Данна» reads as a given name or a woman's surname; it inflects «Данн».
        let text = "Министр Питер Данн заявил об этом. По словам Данна, решение принято.";
        let persons: Vec<String> = mentions_on_stdin(&[text], "PER")
            .into_iter()
            .map(|(_, entity)| entity)
            .collect();
        assert_eq!(persons, ["PER:Питер Данн", "PER:Питер Данн"]);
    }

    #[test]
    fn a_place_adjective_says_whose_body_it_is() {
        let text = "Глава японского МИДа прибыл. Санкции российского Минсельхоза ударят \
                    по рынку. Лондонская полиция сообщила, что МИД молчит.";
        let orgs = mentions_on_stdin(&[text], "ORG");
        let orgs: Vec<(&str, &str)> = orgs.iter().map(|(t, e)| (t.as_str(), e.as_str())).collect();
        assert_eq!(
            orgs,
            [
                ("японского МИДа", "ORG:Японский МИД"),
                (
                    "российского Минсельхоза",
                    "ORG:Министерство сельского хозяйства России"
                ),
                ("Лондонская полиция", "ORG:Лондонская полиция"),
                ("МИД", "ORG:Министерство иностранных дел России"),
            ]
        );
    }

    #[test]
    fn a_country_acting_as_a_state_is_flagged() {
        let text = "Россия подписала соглашение. В России прошли выборы. \
                    Позиция Китая ясна, а Китай также заявил протест.";
        let input = format!("{}\n", serde_json::json!({"id": "a", "text": text}));
        let out = run_with_stdin(&["extract", "-q", "-"], input.as_bytes());
        let recs = records(&out);
        let flagged: Vec<(&str, bool)> = of_kind(&recs, "mention")
            .iter()
            .map(|m| {
                let text = m["text"].as_str().expect("text");
                (text, m.get("loc_org").is_some_and(|f| f == true))
            })
            .collect();
        assert_eq!(
            flagged,
            [
                ("Россия", true),
                ("России", false),
                ("Китая", false),
                ("Китай", true)
            ]
        );
    }
}

mod behaviour {
    use super::*;

    #[test]
    fn json_lines_with_crlf_and_bad_bytes_read_alike_on_any_thread_count() {
        let mut input = Vec::new();
        input.extend_from_slice(
            serde_json::json!({"id": "a", "text": "Делегация из Омска прибыла в Тараз."})
                .to_string()
                .as_bytes(),
        );
        input.extend_from_slice(b"\r\n\r\n\xff\xfe not utf-8\r\n");
        input.extend_from_slice(
            serde_json::json!({"id": "b", "text": "В Кургане."})
                .to_string()
                .as_bytes(),
        );
        let one = run_with_stdin(
            &["extract", "-q", "--no-timing", "--threads", "1", "-"],
            &input,
        );
        let two = run_with_stdin(
            &["extract", "-q", "--no-timing", "--threads", "2", "-"],
            &input,
        );
        assert_eq!(one.status.code(), Some(1));
        assert!(
            one.stdout == two.stdout,
            "outputs differ between 1 and 2 threads"
        );
        let recs = records(&one);
        let ids: Vec<&str> = of_kind(&recs, "document")
            .iter()
            .map(|d| d["doc_id"].as_str().expect("id"))
            .collect();
        // A line that is not UTF-8 is an error naming its line (the blank one before it
        // is skipped but counted), and the lines after it are read.
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(of_kind(&recs, "error")[0]["path"], "-:3");
    }

    #[test]
    fn output_is_identical_across_thread_counts() {
        let eval =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/texts/factrueval-dev");
        let input = if eval.is_dir() {
            eval
        } else {
            eprintln!("../shared/eval absent: comparing thread counts on corpus/ only");
            corpus()
        };
        let input = input.to_str().expect("path").to_string();
        let one = run(&["extract", "-q", "--no-timing", "--threads", "1", &input]);
        let eight = run(&["extract", "-q", "--no-timing", "--threads", "8", &input]);
        assert_eq!(one.status.code(), Some(0));
        assert!(one.stdout.len() > 1000);
        assert!(
            one.stdout == eight.stdout,
            "outputs differ between 1 and 8 threads"
        );
    }

    #[test]
    fn output_file_is_written_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out.jsonl");
        let out = run(&["extract", "-q", "-o", path.to_str().expect("path")]);
        assert_eq!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty());
        let content = std::fs::read_to_string(&path).expect("output written");
        let last: Value =
            serde_json::from_str(content.lines().last().expect("lines")).expect("json");
        assert_eq!(last["record"], "summary");
        // Nothing else is left in the folder: the temporary file was renamed.
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[test]
    fn a_closed_pipe_ends_quietly() {
        let big = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/texts");
        let input = if big.is_dir() { big } else { corpus() };
        let mut child = svyaz()
            .args(["extract", "-q", input.to_str().expect("path")])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(0));
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(
            run(&["extract", "--threads", "many"]).status.code(),
            Some(2)
        );
        assert_eq!(
            run(&["extract", "--encoding", "ebcdic-ru"]).status.code(),
            Some(2)
        );
        assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    }

    #[test]
    fn user_gazetteers_add_entries_and_report_bad_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("mine.csv"),
            "# my places\ntype,name,kind,country,aliases\nLOC,Сосновка,village,RU,\n",
        )
        .expect("write");
        let out = run_with_stdin(
            &[
                "extract",
                "-q",
                "--gazetteers",
                dir.path().to_str().expect("p"),
                "-",
            ],
            b"{\"id\":\"x\",\"text\":\"\xd0\x92 \xd0\xa1\xd0\xbe\xd1\x81\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xba\xd0\xb5.\"}\n",
        );
        let recs = records(&out);
        assert!(
            of_kind(&recs, "mention")
                .iter()
                .any(|m| m["entity"] == "LOC:Сосновка"),
            "{recs:?}"
        );
        std::fs::write(
            dir.path().join("zz_bad.csv"),
            "type,name,kind,country,aliases\nLOC,Омск,city,RU,\nPLACE,Омск,city,RU,\n",
        )
        .expect("write");
        let out = run(&[
            "extract",
            "-q",
            "--gazetteers",
            dir.path().to_str().expect("p"),
        ]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("zz_bad.csv:3: unknown entity type \"PLACE\""),
            "{err}"
        );
    }
}

#[test]
fn bench_reports_the_corpus_and_with_floor_the_scan_beside_the_pipeline() {
    let plain = run(&["bench", "--json", "--min-seconds", "0", "--threads", "1"]);
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let report = &records(&plain)[0];
    assert_eq!(report["record"], "bench");
    assert_eq!(report["documents"], 5, "the bundled corpus");
    assert!(report["mb_per_second"].as_f64().is_some_and(|x| x > 0.0));
    assert!(report.get("floor").is_none(), "no floor unless asked for");
    // One round (no minimum time): its speed is the first round's, and no later rounds.
    assert_eq!(report["rounds"], 1);
    assert!(
        report["first_round_mb_per_second"]
            .as_f64()
            .is_some_and(|x| x > 0.0)
    );
    assert!(report["later_rounds_mb_per_second"].is_null(), "{report}");

    let floored = run(&["bench", "--min-seconds", "0", "--threads", "1", "--floor"]);
    assert!(
        floored.status.success(),
        "{}",
        String::from_utf8_lossy(&floored.stderr)
    );
    let text = String::from_utf8(floored.stdout).expect("UTF-8");
    assert!(text.contains("the pipeline runs at 1/"), "{text}");
    let line = text.lines().last().expect("a JSON line");
    let report: Value = serde_json::from_str(line).expect("JSON");
    let floor = &report["floor"];
    assert!(floor["rounds"].as_u64().is_some_and(|n| n >= 3), "{floor}");
    let speed = |key: &str| floor[key].as_f64().expect("a number");
    assert!(speed("scan_mb_per_second") > 0.0 && speed("pipeline_mb_per_second") > 0.0);
    // A ratio of two timings; how large it is depends on the machine, not asserted here.
    assert!(
        speed("quotient").is_finite() && speed("quotient") > 0.0,
        "{floor}"
    );
}
