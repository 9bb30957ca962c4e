//! The node arena: the JSON flattened once, in document order, into nodes that know their
//! key, their value (a container's entry count, or a scalar), their depth and parent, and where
//! their subtree ends, so a subtree is the index range `i..end` and skipping one is a jump.

use super::super::secrets::SecretPatterns;
use crate::json::Json;

/// How a node is reached from its parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Field(String),
    Index(usize),
}

/// A node's value: containers with their entry count, or a scalar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Object(usize),
    Array(usize),
    String(String),
    /// As the engine wrote it.
    Number(String),
    Bool(bool),
    Null,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub key: Key,
    pub value: Value,
    /// 0 for the entries of the top-level object.
    pub depth: usize,
    pub parent: Option<usize>,
    /// One past the last node of this node's subtree.
    pub(super) end: usize,
    /// An `Env` entry whose name looks secret.
    pub secret: bool,
}

impl Node {
    pub fn is_container(&self) -> bool {
        matches!(self.value, Value::Object(_) | Value::Array(_))
    }

    /// An object or array with entries: the only kind of node that folds.
    pub fn folds(&self) -> bool {
        matches!(self.value, Value::Object(n) | Value::Array(n) if n > 0)
    }
}

/// The nodes of a document: the entries of a top-level object or array, or a lone scalar as
/// one node named `value`.
pub(super) fn flatten(json: &Json, secrets: &SecretPatterns) -> Vec<Node> {
    let mut nodes = Vec::new();
    match json {
        Json::Object(map) => {
            for (k, v) in map {
                push(
                    &mut nodes,
                    Key::Field(k.clone()),
                    v,
                    0,
                    None,
                    false,
                    secrets,
                );
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                push(&mut nodes, Key::Index(i), v, 0, None, false, secrets);
            }
        }
        scalar => push(
            &mut nodes,
            Key::Field("value".into()),
            scalar,
            0,
            None,
            false,
            secrets,
        ),
    }
    nodes
}

/// Adds `v` (and its subtree) under `key`; entries of an `Env` array are checked for secrets.
fn push(
    nodes: &mut Vec<Node>,
    key: Key,
    v: &Json,
    depth: usize,
    parent: Option<usize>,
    in_env: bool,
    secrets: &SecretPatterns,
) {
    let at = nodes.len();
    let env = matches!(&key, Key::Field(k) if k == "Env");
    let (value, secret) = match v {
        Json::Object(m) => (Value::Object(m.len()), false),
        Json::Array(a) => (Value::Array(a.len()), false),
        Json::String(s) => (
            Value::String(s.clone()),
            in_env && secrets.is_secret_entry(s),
        ),
        Json::Number(n) => (Value::Number(n.clone()), false),
        Json::Bool(b) => (Value::Bool(*b), false),
        Json::Null => (Value::Null, false),
    };
    nodes.push(Node {
        key,
        value,
        depth,
        parent,
        end: at + 1,
        secret,
    });
    match v {
        Json::Object(m) => {
            for (k, c) in m {
                push(
                    nodes,
                    Key::Field(k.clone()),
                    c,
                    depth + 1,
                    Some(at),
                    false,
                    secrets,
                );
            }
        }
        Json::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                push(nodes, Key::Index(i), c, depth + 1, Some(at), env, secrets);
            }
        }
        _ => {}
    }
    nodes[at].end = nodes.len();
}
