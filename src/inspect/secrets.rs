//! Which environment variables look secret, and how their values are hidden.
//!
//! A container's environment often carries passwords and tokens, and the inspect view is
//! easily on screen while someone watches, or captured in a screenshot. A variable whose name
//! contains one of the patterns (case-insensitive substring) has its value shown as [`MASK`]
//! until the user reveals it.

/// What a hidden value is shown as: the same whatever the value's length, so the mask says
/// nothing about the secret.
pub const MASK: &str = "••••••";

/// The patterns used when the config names none (`[inspect] secret_patterns`).
pub const DEFAULT_PATTERNS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PWD",
    "SECRET",
    "TOKEN",
    "KEY",
    "CREDENTIAL",
    "API_KEY",
    "PRIVATE",
    "AUTH",
];

/// Name patterns, kept upper-cased so a match is one substring search per pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretPatterns {
    upper: Vec<String>,
}

impl Default for SecretPatterns {
    fn default() -> Self {
        Self::new(DEFAULT_PATTERNS.iter().copied())
    }
}

impl SecretPatterns {
    /// Empty patterns are dropped: an empty substring would match every name.
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Self {
        Self {
            upper: patterns
                .into_iter()
                .map(|p| p.as_ref().trim().to_uppercase())
                .filter(|p| !p.is_empty())
                .collect(),
        }
    }

    /// True when the variable name contains a pattern, ignoring case.
    pub fn is_secret_name(&self, name: &str) -> bool {
        let name = name.to_uppercase();
        self.upper.iter().any(|p| name.contains(p.as_str()))
    }

    /// True for a `NAME=value` entry whose name looks secret. An entry without `=` is a bare
    /// name (the engine passes the variable through from its own environment): nothing to hide.
    pub fn is_secret_entry(&self, entry: &str) -> bool {
        entry
            .split_once('=')
            .is_some_and(|(name, _)| self.is_secret_name(name))
    }
}

/// `NAME=value` with the value replaced by the mask (`NAME=••••••`); other text unchanged.
pub fn mask_entry(entry: &str) -> String {
    match entry.split_once('=') {
        Some((name, _)) => format!("{name}={MASK}"),
        None => entry.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_any_pattern_ignoring_case() {
        let p = SecretPatterns::default();
        for name in [
            "DB_PASSWORD",
            "db_password",
            "MYSQL_ROOT_PASSWD",
            "GITHUB_TOKEN",
            "aws_secret_access_key",
            "Api_Key",
            "SSH_PRIVATE",
            "BASIC_AUTH_USER",
            "OLDPWD",
            "CREDENTIALS_FILE",
        ] {
            assert!(p.is_secret_name(name), "{name} should be secret");
        }
        for name in ["PATH", "HOME", "LANG", "PORT", "HOSTNAME", "TZ"] {
            assert!(!p.is_secret_name(name), "{name} should not be secret");
        }
    }

    #[test]
    fn entries_are_masked_by_name_only() {
        let p = SecretPatterns::default();
        assert!(p.is_secret_entry("DB_PASSWORD=hunter2"));
        // A value that looks secret under a plain name is not guessed at.
        assert!(!p.is_secret_entry("GREETING=password"));
        // A bare name carries no value.
        assert!(!p.is_secret_entry("TOKEN"));
        assert_eq!(
            mask_entry("DB_PASSWORD=hunter2"),
            format!("DB_PASSWORD={MASK}")
        );
        // Only the first `=` separates the name: the value may hold more.
        assert_eq!(mask_entry("KEY=a=b=c"), format!("KEY={MASK}"));
        assert_eq!(mask_entry("TOKEN"), "TOKEN");
        // The mask does not reveal the length of what it hides.
        assert_eq!(mask_entry("K=x"), mask_entry("K=a-very-long-secret-value"));
    }

    #[test]
    fn configured_patterns_replace_the_defaults_and_empty_ones_are_ignored() {
        let p = SecretPatterns::new(["session", "", "  "]);
        assert!(p.is_secret_name("MY_SESSION_ID"));
        assert!(!p.is_secret_name("DB_PASSWORD"));
        assert!(!p.is_secret_name("ANYTHING"));
        let none = SecretPatterns::new(Vec::<String>::new());
        assert!(!none.is_secret_entry("DB_PASSWORD=x"));
    }
}
