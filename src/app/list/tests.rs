//! The list's own rules: natural order, a view kept as a whole rebuild would give it.

use super::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ByName;

impl SortKey for ByName {
    const ALL: &'static [Self] = &[ByName];
    fn title(self) -> &'static str {
        "name"
    }
}

/// A row whose key is its name.
#[derive(Clone, Debug)]
struct Named(&'static str);

impl Row for Named {
    type Sort = ByName;
    fn key(&self) -> &str {
        self.0
    }
    fn label(&self) -> &str {
        self.0
    }
    fn matches(&self, needle: &str) -> bool {
        self.0.contains(needle)
    }
    fn compare(&self, _: &Self, _: ByName, _: i64) -> Ordering {
        Ordering::Equal
    }
}

fn shown(list: &ListView<Named>) -> Vec<&str> {
    list.visible().map(|r| r.0).collect()
}

#[test]
fn rows_changed_before_the_view_is_built_again_show_as_the_keys_say() {
    let mut list = ListView::default();
    list.set_all([Named("a"), Named("b"), Named("c")]);
    list.rebuild(0, 10, |_| true);
    list.move_by(1, 10);
    // Removed, it is not shown, yet the view still has its place until rebuilt...
    list.remove("b");
    assert_eq!(shown(&list), ["a", "c"]);
    assert_eq!(list.visible_len(), 3);
    assert_eq!(list.selected_index(), Some(1));
    // ...where it shows again when it comes back, and nothing else does.
    list.upsert(Named("d"));
    list.upsert(Named("b"));
    assert_eq!(shown(&list), ["a", "b", "c"]);
    list.remove("b");
    list.rebuild(0, 10, |_| true);
    assert_eq!(shown(&list), ["a", "c", "d"]);
    assert_eq!(
        list.selected().map(|r| r.0),
        Some("c"),
        "the row that took its place"
    );
    // A new list keeps the places of the keys it lists again until rebuilt.
    list.set_all([Named("c"), Named("e")]);
    assert_eq!(shown(&list), ["c"]);
    list.rebuild(0, 10, |_| true);
    assert_eq!(shown(&list), ["c", "e"]);
    assert_eq!(list.total(), 2);
    // Slots freed by the rebuild go to new rows, which the view shows once rebuilt.
    list.upsert(Named("f"));
    list.upsert(Named("g"));
    list.rebuild(0, 10, |_| true);
    assert_eq!(shown(&list), ["c", "e", "f", "g"]);
    assert_eq!(list.total(), 4);
    assert!(list.contains("g") && !list.contains("a"));
}

/// The comparison as first written (with a string per run of digits), which the fast one
/// must agree with.
fn natural_cmp_as_written(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    let digits = |it: &mut std::iter::Peekable<std::str::Chars>| {
        let mut s = String::new();
        while let Some(c) = it.next_if(char::is_ascii_digit) {
            s.push(c);
        }
        s
    };
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (n, m) = (digits(&mut x), digits(&mut y));
                let (n, m) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let o = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if o != Ordering::Equal {
                    return o;
                }
            }
            (Some(c), Some(d)) => {
                let o = c.to_lowercase().cmp(d.to_lowercase());
                if o != Ordering::Equal {
                    return o;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// Every string of up to three characters from `alphabet`.
fn words(alphabet: &[char]) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..3 {
        last = last
            .iter()
            .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

#[test]
fn the_fast_comparison_agrees_with_the_one_first_written() {
    // Digits, zeros, cases, punctuation, and characters lowered to several (İ) or none.
    let all = words(&['a', 'B', '0', '1', '9', '-', 'é', 'İ', 'ß', 'Σ']);
    for a in &all {
        for b in &all {
            assert_eq!(
                natural_cmp(a, b),
                natural_cmp_as_written(a, b),
                "{a:?} {b:?}"
            );
        }
    }
}

#[test]
fn lowered_matching_agrees_with_lowering_first() {
    let all = words(&['a', 'B', '-', '1', 'é', 'İ', 'Σ']);
    for text in all.iter().filter(|w| w.len() <= 5) {
        for needle in &all {
            let needle = needle.to_lowercase();
            assert_eq!(
                contains_lowered(text, &needle),
                text.to_lowercase().contains(&needle),
                "{text:?} {needle:?}"
            );
        }
    }
    assert!(contains_lowered("Shop-WEB-12", "web-1"));
    assert!(!contains_lowered("shop", "shops"));
}

#[test]
fn names_sort_naturally() {
    let mut names = vec![
        "bulk-69", "bulk-7", "bulk-10", "Bulk-8", "bulk", "bulk-007", "api", "bulk-7a",
    ];
    names.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(
        names,
        [
            "api", "bulk", "bulk-007", "bulk-7", "bulk-7a", "Bulk-8", "bulk-10", "bulk-69"
        ]
    );
    assert_eq!(natural_cmp("web:1", "web:latest"), Ordering::Less);
    assert_eq!(natural_cmp("a2b10", "a2b9"), Ordering::Greater);
    // Equal to the eye, still a total order: exact text breaks the tie.
    assert_ne!(natural_cmp("Web", "web"), Ordering::Equal);
    assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    // Digits too long for any integer type compare by their length first.
    assert_eq!(
        natural_cmp("n-99999999999999999999999", "n-100000000000000000000000"),
        Ordering::Less
    );
}
