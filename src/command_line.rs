//! What a user types to run in a container: `[user@]command args`, split into words as a shell
//! would for the simple cases people type (`python3`, `root@sh`, `psql -U "app user"`): words
//! apart by spaces, single or double quotes keep spaces, a backslash keeps the next character.
//! Nothing is expanded: the container's own shell is not involved.

/// A command to run, and the user to run it as (the container's default when `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    pub user: Option<String>,
    pub words: Vec<String>,
}

/// Reads `[user@]command args`. A user is only read before the first word's `@` when that part
/// is a plain name (`root`, `1000`, `app:app`), so `psql postgres@db` stays one command.
pub fn parse(text: &str) -> Result<CommandLine, String> {
    let mut words = split(text)?;
    if words.is_empty() {
        return Err("type a command to run (e.g. sh, or root@sh)".to_string());
    }
    let mut user = None;
    if let Some((u, rest)) = words[0].split_once('@')
        && !u.is_empty()
        && u.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
    {
        if rest.is_empty() {
            return Err(format!("give a command after {u}@ (e.g. {u}@sh)"));
        }
        user = Some(u.to_string());
        words[0] = rest.to_string();
    }
    Ok(CommandLine { user, words })
}

/// Words apart by whitespace; quotes and backslashes as in the module's docs.
fn split(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => match chars.next() {
                Some(n) => word.push(n),
                None => return Err("a backslash ends the line".to_string()),
            },
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => match chars.next() {
                Some(n) => {
                    word.push(n);
                    in_word = true;
                }
                None => return Err("a backslash ends the line".to_string()),
            },
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if let Some(q) = quote {
        return Err(format!("a quote ({q}) is not closed"));
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        parse(text).expect("parses").words
    }

    #[test]
    fn words_quotes_and_a_user() {
        assert_eq!(words("python3"), ["python3"]);
        assert_eq!(
            words("  psql  -U \"app user\" -c 'select 1' "),
            ["psql", "-U", "app user", "-c", "select 1"]
        );
        assert_eq!(words(r"echo a\ b"), ["echo", "a b"]);
        assert_eq!(words(r#"echo "say \"hi\"""#), ["echo", "say \"hi\""]);
        assert_eq!(words("echo ''"), ["echo", ""]);
        let c = parse("root@sh -l").expect("parses");
        assert_eq!(c.user.as_deref(), Some("root"));
        assert_eq!(c.words, ["sh", "-l"]);
        assert_eq!(
            parse("1000:1000@id").expect("parses").user.as_deref(),
            Some("1000:1000")
        );
        // An @ in a later word, or after something that is not a name, is not a user.
        assert_eq!(parse("psql postgres@db").expect("parses").user, None);
        assert_eq!(parse("/bin/x@y").expect("parses").user, None);
    }

    #[test]
    fn what_cannot_be_run_is_said() {
        assert!(parse("").is_err());
        assert!(parse("   ").is_err());
        assert!(parse("root@").unwrap_err().contains("after root@"));
        assert!(parse("echo 'open").unwrap_err().contains("not closed"));
        assert!(parse("echo \\").is_err());
    }
}
