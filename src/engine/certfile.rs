//! Reads what the TLS error words need from PEM files: whether a file holds certificates or
//! a private key, and a certificate's validity dates.
//!
//! Only for wording errors, never for trust: rustls (inside bollard) decides whether a
//! certificate is accepted. The engine does not say why it refused a client certificate:
//! Docker 20.10 (Go's TLS server) answers an expired one with the alert "bad certificate",
//! the same as a certificate of the wrong CA, so the expiry date is read here from the file.
//! A reader of that one field (certificate → tbsCertificate → validity, RFC 5280 §4.1) is a
//! few dozen lines over DER; a full X.509 crate would add about ten crates to the build.
//! PEM is decoded with `base64`, already a dependency.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;

/// The DER bytes of each `-----BEGIN {label}-----` block in `text`, in order.
pub fn pem_blocks(text: &str, label: &str) -> Vec<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let mut out = Vec::new();
    let mut rest = text;
    // Bounded by the text: each turn consumes at least one block.
    while let Some(start) = rest.find(&begin) {
        let after = &rest[start + begin.len()..];
        let Some(stop) = after.find(&end) else { break };
        let body: String = after[..stop]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(body) {
            out.push(der);
        }
        rest = &after[stop + end.len()..];
    }
    out
}

/// What kind of private key a PEM text holds, judged by its labels only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Plain,
    /// Protected by a passphrase: neither bollard nor the docker CLI can use it.
    Encrypted,
    Missing,
}

pub fn key_kind(text: &str) -> KeyKind {
    if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        || text.contains("Proc-Type: 4,ENCRYPTED")
    {
        return KeyKind::Encrypted;
    }
    let labels = ["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"];
    if labels.iter().any(|l| !pem_blocks(text, l).is_empty()) {
        KeyKind::Plain
    } else {
        KeyKind::Missing
    }
}

/// A moment in UTC as a certificate states it (to the second).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CertTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl CertTime {
    /// Seconds since the Unix epoch.
    pub fn unix(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// Whether this moment is before now.
    pub fn is_past(&self) -> bool {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        self.unix() < now
    }
}

impl std::fmt::Display for CertTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// A certificate's validity period: (notBefore, notAfter).
pub fn validity(der: &[u8]) -> Option<(CertTime, CertTime)> {
    let (tag, cert, _) = tlv(der)?;
    if tag != SEQUENCE {
        return None;
    }
    let (tag, tbs, _) = tlv(cert)?;
    if tag != SEQUENCE {
        return None;
    }
    let mut rest = tbs;
    let (mut tag, mut field, mut after) = tlv(rest)?;
    // version [0] EXPLICIT is optional (absent in v1 certificates).
    if tag == 0xA0 {
        rest = after;
        (tag, field, after) = tlv(rest)?;
    }
    let _ = (tag, field);
    // serialNumber, signature, issuer: skipped; validity comes next.
    rest = after;
    for _ in 0..2 {
        let (_, _, next) = tlv(rest)?;
        rest = next;
    }
    let (tag, validity, _) = tlv(rest)?;
    if tag != SEQUENCE {
        return None;
    }
    let (t1, v1, rest) = tlv(validity)?;
    let (t2, v2, _) = tlv(rest)?;
    Some((time(t1, v1)?, time(t2, v2)?))
}

const SEQUENCE: u8 = 0x30;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// One DER element: (tag, contents, what follows). Definite lengths only, as DER requires.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = rest.get(..n)?;
        let len = bytes
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, rest.get(n..)?)
    };
    Some((tag, rest.get(..len)?, rest.get(len..)?))
}

/// UTCTime `YYMMDDHHMMSSZ` (years 1950-2049, RFC 5280) or GeneralizedTime `YYYYMMDDHHMMSSZ`.
fn time(tag: u8, bytes: &[u8]) -> Option<CertTime> {
    let s = std::str::from_utf8(bytes).ok()?;
    let s = s.strip_suffix('Z')?;
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |from: usize, to: usize| s.get(from..to)?.parse::<u32>().ok();
    let (year, rest) = match tag {
        UTC_TIME if s.len() == 12 => {
            let yy = i64::from(num(0, 2)?);
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, 2)
        }
        GENERALIZED_TIME if s.len() == 14 => (i64::from(num(0, 4)?), 4),
        _ => return None,
    };
    let t = CertTime {
        year,
        month: num(rest, rest + 2)?,
        day: num(rest + 2, rest + 4)?,
        hour: num(rest + 4, rest + 6)?,
        minute: num(rest + 6, rest + 8)?,
        second: num(rest + 8, rest + 10)?,
    };
    let valid = (1..=12).contains(&t.month)
        && (1..=31).contains(&t.day)
        && t.hour < 24
        && t.minute < 60
        && t.second < 61;
    valid.then_some(t)
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A certificate made with `openssl ca -startdate 20200101000000Z -enddate
    /// 20200102000000Z` (scripts/tls.sh, the expired client certificate).
    const EXPIRED: &str = "-----BEGIN CERTIFICATE-----
MIIBnjCCAUWgAwIBAgICEAAwCgYIKoZIzj0EAwIwGzEZMBcGA1UEAwwQZG9ja2hh
bmQgdGVzdCBDQTAeFw0yMDAxMDEwMDAwMDBaFw0yMDAxMDIwMDAwMDBaMCIxIDAe
BgNVBAMMF2RvY2toYW5kIGV4cGlyZWQgY2xpZW50MFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAEqCyo5Mhfx2zUP+HDuovTkHtmjICsKMtQads3OlKkGx9UYAw+iti6
y/DKeXV2mFhMugXZpIZwn9LqHVYHCSAj8qNyMHAwCQYDVR0TBAIwADAOBgNVHQ8B
Af8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0OBBYEFIFTdYqWWZGs
FLzpMCIFhrUQ2UU2MB8GA1UdIwQYMBaAFEaLAI4kXlhGERs/hNftiMvHMyyXMAoG
CCqGSM49BAMCA0cAMEQCIAsMqHuCDa5yaZonF6Fv2K6bgtkp2xGIwEBGwXWvD2eR
AiBxDS6tl4td7QvhQkEwDf7JN+ziZWx2g5g2qn5tExZgvg==
-----END CERTIFICATE-----
";

    #[test]
    fn the_dates_of_a_certificate_are_read() {
        let blocks = pem_blocks(EXPIRED, "CERTIFICATE");
        assert_eq!(blocks.len(), 1);
        let (from, until) = validity(&blocks[0]).expect("validity");
        assert_eq!(from.to_string(), "2020-01-01 00:00:00 UTC");
        assert_eq!(until.to_string(), "2020-01-02 00:00:00 UTC");
        assert!(until.is_past());
        assert_eq!(until.unix(), 1_577_923_200);
    }

    #[test]
    fn times_in_both_encodings() {
        let t = time(UTC_TIME, b"491231235959Z").expect("utc");
        assert_eq!(t.year, 2049);
        let t = time(UTC_TIME, b"500101000000Z").expect("utc");
        assert_eq!(t.year, 1950);
        let t = time(GENERALIZED_TIME, b"20510301120000Z").expect("generalized");
        assert_eq!(t.to_string(), "2051-03-01 12:00:00 UTC");
        assert!(!t.is_past());
        assert_eq!(time(UTC_TIME, b"20510301120000Z"), None);
        assert_eq!(time(UTC_TIME, b"491331235959Z"), None);
        assert_eq!(time(UTC_TIME, b"4912312359+0"), None);
    }

    #[test]
    fn garbage_is_no_certificate() {
        assert_eq!(validity(&[]), None);
        assert_eq!(validity(&[0x30, 0x85, 1, 2, 3, 4, 5]), None);
        assert_eq!(validity(&[0x30, 0x03, 0x30, 0x01]), None);
        assert_eq!(validity(b"not a certificate at all"), None);
    }

    #[test]
    fn key_files_are_told_apart_by_their_labels() {
        assert_eq!(
            key_kind("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
            KeyKind::Plain
        );
        assert_eq!(
            key_kind("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----"),
            KeyKind::Plain
        );
        assert_eq!(
            key_kind(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"
            ),
            KeyKind::Encrypted
        );
        assert_eq!(key_kind(EXPIRED), KeyKind::Missing);
    }
}
