//! Property tests: any text in, no panic, offsets inside the text, valid JSON out.

use proptest::prelude::*;
use svyaz::Pipeline;
use svyaz::emit::render;
use svyaz::ingest::{Document, decode};
use svyaz::segment::{lines, lines_inclusive, segment};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    PIPELINE.get_or_init(|| {
        Pipeline::builder()
            .build()
            .expect("built-in gazetteers load")
    })
}

/// Text made of pieces that exercise the tokenizer and recognizers, mixed with noise.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Курган".to_string()),
        Just("Омской области".to_string()),
        Just("25 октября 2021 года".to_string()),
        Just("с 5 по 8 ноября".to_string()),
        Just("М.Х.Дулати".to_string()),
        Just("г.".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("-".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("РФ".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn lines_are_the_standard_librarys(text in "[а\r\n ]{0,12}|\\PC{0,20}", tail in "[\r\n]{0,2}") {
        let text = format!("{text}{tail}");
        prop_assert_eq!(
            lines_inclusive(&text).collect::<Vec<_>>(),
            text.split_inclusive('\n').collect::<Vec<_>>()
        );
        prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
    }

    #[test]
    fn segmentation_covers_the_text_in_order(text in newsy_text()) {
        let seg = segment(&text);
        let mut last = 0;
        for token in &seg.tokens {
            prop_assert!(token.span.byte_start >= last);
            prop_assert!(token.span.byte_start < token.span.byte_end);
            prop_assert!(text.is_char_boundary(token.span.byte_start));
            prop_assert!(text.is_char_boundary(token.span.byte_end));
            last = token.span.byte_end;
        }
        for sentence in &seg.sentences {
            prop_assert!(sentence.first_token < sentence.end_token);
        }
    }

    #[test]
    fn any_text_gives_valid_records_with_offsets_inside(text in newsy_text()) {
        let document = Document {
            doc_id: "p".into(),
            path: "p.txt".into(),
            encoding: "UTF-8",
            bytes: text.len(),
            text: text.clone(),
        };
        let analysis = pipeline().analyze(&document);
        let chars: Vec<char> = text.chars().collect();
        for mention in &analysis.mentions {
            prop_assert!(mention.span.char_end <= chars.len());
            let slice: String = chars[mention.span.char_start..mention.span.char_end].iter().collect();
            prop_assert_eq!(slice, &text[mention.span.byte_start..mention.span.byte_end]);
        }
        let rendered = render(&analysis, true);
        prop_assert!(!rendered.is_empty());
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Ok((text, _)) = decode(&bytes, None) {
            prop_assert!(!text.contains('\r'));
        }
    }
}
