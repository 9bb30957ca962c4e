//! Tests of the whole module through [`super::render`]: each case is one rule of the module
//! documentation, fed as raw bytes a container could print.

use super::renderer::CSI_SHOWN_MAX;
use super::*;

fn plain(bytes: &[u8]) -> String {
    render(bytes, false, 10_000).text
}

fn assert_safe(t: &StyledText) {
    assert!(
        !t.text.chars().any(is_unsafe),
        "unsafe char in {:?}",
        t.text
    );
}

#[test]
fn plain_text_passes_through_without_spans() {
    let t = render("web-1 ünïcödé 🚢 ready".as_bytes(), true, 100);
    assert_eq!(t.text, "web-1 ünïcödé 🚢 ready");
    assert!(t.spans.is_empty());
}

#[test]
fn sgr_colours_become_spans() {
    let t = render(b"a\x1b[31mred\x1b[0m b \x1b[1;4mbu\x1b[m", true, 100);
    assert_eq!(t.text, "ared b bu");
    assert_eq!(t.spans.len(), 2);
    assert_eq!((t.spans[0].start, t.spans[0].end), (1, 4));
    assert_eq!(t.spans[0].fg, Some(Color::Red));
    assert!(!t.spans[0].escape);
    assert_eq!((t.spans[1].start, t.spans[1].end), (7, 9));
    assert!(t.spans[1].bold && t.spans[1].underline);
    assert_eq!(t.spans[1].fg, None);
}

#[test]
fn extended_colours_in_both_forms() {
    let t = render(
        b"\x1b[38;5;208ma\x1b[48;2;1;2;3mb\x1b[38:2::9:8:7mc\x1b[38:5:12md",
        true,
        100,
    );
    assert_eq!(t.text, "abcd");
    assert_eq!(t.spans[0].fg, Some(Color::Indexed(208)));
    assert_eq!(t.spans[1].bg, Some(Color::Rgb(1, 2, 3)));
    assert_eq!(t.spans[2].fg, Some(Color::Rgb(9, 8, 7)));
    assert_eq!(t.spans[3].fg, Some(Color::Indexed(12)));
    assert_eq!(t.spans[3].bg, Some(Color::Rgb(1, 2, 3)));
}

#[test]
fn bright_colours_resets_and_attribute_offs() {
    let t = render(b"\x1b[92;104;2;3;7mx\x1b[22;23;27;39;49my", true, 100);
    assert_eq!(t.text, "xy");
    assert_eq!(t.spans.len(), 1);
    let s = &t.spans[0];
    assert_eq!(s.fg, Some(Color::BrightGreen));
    assert_eq!(s.bg, Some(Color::BrightBlue));
    assert!(s.dim && s.italic && s.reverse);
}

#[test]
fn out_of_range_colour_arguments_are_consumed_not_applied() {
    // 300 is no palette index; its argument must not be read as code 300 or as bold (1).
    let t = render(b"\x1b[38;5;300;1mx\x1b[38;2;1;2mz", true, 100);
    assert_eq!(t.text, "xz");
    assert_eq!(t.spans[0].fg, None);
    assert!(t.spans[0].bold);
}

#[test]
fn colours_can_be_stripped() {
    let t = render(b"\x1b[1;31mERROR\x1b[0m done", false, 100);
    assert_eq!(t.text, "ERROR done");
    assert!(t.spans.is_empty());
}

#[test]
fn other_csi_sequences_are_shown() {
    let t = render(b"a\x1b[2Jb\x1b[10;5Hc\x1b[?25l", true, 100);
    assert_eq!(t.text, "a\\x1b[2Jb\\x1b[10;5Hc\\x1b[?25l");
    assert!(t.spans.iter().all(|s| s.escape));
    assert_eq!(t.spans.len(), 3);
    // A private-marker `m` is not SGR.
    assert_eq!(plain(b"\x1b[>4;1m"), "\\x1b[>4;1m");
}

#[test]
fn a_huge_csi_is_shortened() {
    let mut line = b"\x1b[".to_vec();
    line.extend(std::iter::repeat_n(b'1', 10_000));
    line.push(b'H');
    let t = plain(&line);
    assert_eq!(t, format!("\\x1b[{}…H", "1".repeat(CSI_SHOWN_MAX)));
}

#[test]
fn osc_strings_are_previewed_never_raw() {
    assert_eq!(plain(b"\x1b]0;pwned\x07x"), "\\x1b]0;pwned\\x07x");
    assert_eq!(
        plain(b"\x1b]52;c;SGVsbG8gd29ybGQgZnJvbSB0aGUgY29udGFpbmVy\x1b\\"),
        "\\x1b]52;c;SGVsbG8gd29ybGQgZnJ…\\x1b\\"
    );
    assert_eq!(
        plain(b"\x1b]8;;http://e.vil/\x1b\\link\x1b]8;;\x1b\\"),
        "\\x1b]8;;http://e.vil/\\x1b\\link\\x1b]8;;\\x1b\\"
    );
}

#[test]
fn dcs_apc_pm_sos_strings_are_previewed() {
    assert_eq!(plain(b"\x1bP1$r\x07q\x1b\\z"), "\\x1bP1$r\\x07q\\x1b\\z");
    assert_eq!(plain(b"\x1b_Gi=1\x1b\\"), "\\x1b_Gi=1\\x1b\\");
    assert_eq!(plain(b"\x1b^pm\x1b\\"), "\\x1b^pm\\x1b\\");
    assert_eq!(plain(b"\x1bXsos\x1b\\"), "\\x1bXsos\\x1b\\");
}

#[test]
fn previews_escape_their_own_controls() {
    let t = plain(b"\x1b]0;a\tb\xe2\x80\xaec\xff\x1b\\");
    assert_eq!(t, "\\x1b]0;a\\x09b\\u{202e}c\\xff\\x1b\\");
}

#[test]
fn unterminated_strings_show_their_content_as_text() {
    assert_eq!(plain(b"\x1b]0;title"), "\\x1b]0;title");
    // Aborted by another ESC: both are shown, the second starts its own sequence.
    assert_eq!(plain(b"\x1b]0;t\x1b[1mx"), "\\x1b]0;tx");
    assert_eq!(plain(b"\x1bPq\x18z"), "\\x1bPq\\x18z");
}

#[test]
fn lone_and_other_escapes_are_shown() {
    assert_eq!(plain(b"\x1b"), "\\x1b");
    assert_eq!(plain(b"a\x1bcb"), "a\\x1bcb");
    assert_eq!(plain(b"\x1b7\x1b8"), "\\x1b7\\x1b8");
    assert_eq!(plain(b"\x1b\x1b[31m"), "\\x1b");
    assert_eq!(plain(b"\x1b[12"), "\\x1b[12");
}

#[test]
fn c0_del_and_nul_are_escaped() {
    assert_eq!(
        plain(b"a\0b\x07c\x08d\x7fe\x0bf"),
        "a\\x00b\\x07c\\x08d\\x7fe\\x0bf"
    );
    assert_eq!(plain(b"x\ny"), "x\\ny");
}

#[test]
fn c1_controls_are_escaped_in_both_encodings() {
    // 8-bit CSI as a raw byte (invalid UTF-8) and as the UTF-8 encoding of U+009B.
    assert_eq!(plain(b"\x9b2J"), "\\x9b2J");
    assert_eq!(plain("\u{9b}2J\u{85}".as_bytes()), "\\x9b2J\\x85");
}

#[test]
fn bidi_overrides_are_escaped() {
    let t = render("a\u{202e}b\u{2066}c\u{2069}".as_bytes(), true, 100);
    assert_eq!(t.text, "a\\u{202e}b\\u{2066}c\\u{2069}");
    assert_safe(&t);
}

#[test]
fn lone_cr_is_visible_and_crlf_is_a_line_end() {
    assert_eq!(plain(b"10%\r20%\r30%"), "10%\\r20%\\r30%");
    assert_eq!(plain(b"done\r"), "done");
    assert_eq!(plain(b"a\r\nb"), "a\\nb");
    assert_eq!(plain(b"a\r\r"), "a\\r");
}

#[test]
fn tabs_expand_to_the_next_stop() {
    assert_eq!(plain(b"a\tb"), "a       b");
    assert_eq!(plain(b"abcdefgh\tx"), "abcdefgh        x");
    assert_eq!(plain(b"\t|"), "        |");
    // Wide characters count two columns; escapes count as what they show.
    assert_eq!(plain("日本\tx".as_bytes()), "日本    x");
    assert_eq!(plain(b"\0\tx"), "\\x00    x");
}

#[test]
fn invalid_utf8_is_shown_as_hex_bytes() {
    assert_eq!(plain(b"a\xffb\xc3(\xe2\x82"), "a\\xffb\\xc3(\\xe2\\x82");
    // Overlong and surrogate encodings are invalid too.
    assert_eq!(plain(b"\xc0\xaf\xed\xa0\x80"), "\\xc0\\xaf\\xed\\xa0\\x80");
}

#[test]
fn long_lines_are_cut_with_a_marker() {
    let t = render(&[b'x'; 1_000], false, 10);
    assert_eq!(t.text, "xxxxxxxxxx… [990 more bytes]");
    assert_eq!(t.spans.len(), 1);
    assert!(t.spans[0].escape);
    assert_eq!(t.spans[0].end, t.text.len());
    // An escape is never cut in half: it goes whole into the marker's count.
    let t = render(b"abc\x1b[2Jdef", false, 5);
    assert_eq!(t.text, "abc… [7 more bytes]");
    // Exactly full, nothing more to show: no marker.
    assert_eq!(render(b"abcde\r", false, 5).text, "abcde");
    assert_eq!(render(b"", false, 0).text, "");
    assert_eq!(render(b"a", false, 0).text, "… [1 more bytes]");
}

#[test]
fn a_megabyte_line_is_cut_fast() {
    let line: Vec<u8> = b"\x1b[31mred\x1b[0m \xff\x1b]0;x\x07 "
        .iter()
        .copied()
        .cycle()
        .take(1 << 20)
        .collect();
    let start = std::time::Instant::now();
    let t = render(&line, true, 1 << 22);
    let full = start.elapsed();
    assert_safe(&t);
    assert!(!t.text.contains('…'));
    let t = render(&line, true, 4_000);
    assert!(t.text.contains("more bytes]"));
    assert!(t.text.chars().count() < 4_000 + 32);
    // Linear time: generous bound for a debug build on a busy machine.
    assert!(full.as_secs() < 5, "{full:?}");
}

#[test]
fn styles_span_escapes_inside_colour() {
    let t = render(b"\x1b[31ma\x07b", true, 100);
    assert_eq!(t.text, "a\\x07b");
    assert_eq!(t.spans.len(), 3);
    assert!(t.spans.iter().all(|s| s.fg == Some(Color::Red)));
    assert_eq!(
        t.spans.iter().map(|s| s.escape).collect::<Vec<_>>(),
        [false, true, false]
    );
}
