//! The document tree the structure pass walks, built from the one event walk
//! ([`locate::walk`]).

use crate::recipe::locate::{self, Step};
use serde_saphyr::granit_parser::{Event, ScalarStyle};
use std::ops::ControlFlow;

/// Deeper than any recipe; the tree stops there (what lies below is not checked).
const MAX_DEPTH: usize = 64;

/// A YAML node with where it starts (1-based line and column).
#[derive(Debug)]
pub(super) enum Node {
    Scalar {
        value: String,
        plain: bool,
        at: (u64, u64),
    },
    Seq {
        items: Vec<Node>,
        at: (u64, u64),
    },
    Map {
        entries: Vec<(String, (u64, u64), Node)>,
        at: (u64, u64),
    },
    /// An alias, or a node deeper than [`MAX_DEPTH`]: not checked.
    Opaque,
}

impl Node {
    pub(super) fn at(&self) -> (u64, u64) {
        match self {
            Node::Scalar { at, .. } | Node::Seq { at, .. } | Node::Map { at, .. } => *at,
            Node::Opaque => (0, 0),
        }
    }
}

/// A sequence or mapping being built, or a too-deep subtree being skipped.
enum Open {
    Seq(Vec<Node>, (u64, u64)),
    Map(
        Vec<(String, (u64, u64), Node)>,
        Option<(String, (u64, u64))>,
        (u64, u64),
    ),
    Skip(usize),
}

/// Build the document tree from the one event walk ([`locate::walk`]); `None` when the YAML
/// does not parse or holds a second document (serde's error says so on its own).
pub(super) fn tree(text: &str) -> Option<Node> {
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    let mut broken = false;
    let parsed = locate::walk(text, |step| {
        let go_on = match step {
            Step::Document => {
                documents += 1;
                // One recipe per file.
                documents == 1
            }
            Step::Node { event, at, .. } => {
                open_or_attach(&mut stack, &mut root, event, at);
                true
            }
            Step::End => close(&mut stack, &mut root),
        };
        broken |= !go_on;
        if go_on {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    if !parsed || broken {
        return None;
    }
    root
}

/// A node starts: a scalar or alias is attached, a collection opened (or skipped when too
/// deep: inside a too-deep subtree only the nesting is tracked).
fn open_or_attach(
    stack: &mut Vec<Open>,
    root: &mut Option<Node>,
    event: &Event<'_>,
    at: (u64, u64),
) {
    let is_collection = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
    if let Some(Open::Skip(depth)) = stack.last_mut() {
        *depth += usize::from(is_collection);
        return;
    }
    let node = match event {
        Event::Scalar(value, style, ..) => Node::Scalar {
            value: value.to_string(),
            plain: *style == ScalarStyle::Plain,
            at,
        },
        Event::SequenceStart(..) | Event::MappingStart(..) => {
            let is_seq = matches!(event, Event::SequenceStart(..));
            stack.push(if stack.len() >= MAX_DEPTH {
                Open::Skip(1)
            } else if is_seq {
                Open::Seq(Vec::new(), at)
            } else {
                Open::Map(Vec::new(), None, at)
            });
            return;
        }
        _ => Node::Opaque,
    };
    attach(stack, root, node, at);
}

/// The innermost collection ends: it becomes a node of its parent. False when the events
/// do not nest (the walk then stops).
fn close(stack: &mut Vec<Open>, root: &mut Option<Node>) -> bool {
    let node = match stack.pop() {
        Some(Open::Skip(depth)) if depth > 1 => {
            stack.push(Open::Skip(depth - 1));
            return true;
        }
        Some(Open::Skip(_)) => Node::Opaque,
        Some(Open::Seq(items, at)) => Node::Seq { items, at },
        Some(Open::Map(entries, _, at)) => Node::Map { entries, at },
        None => return false,
    };
    let at = node.at();
    attach(stack, root, node, at);
    true
}

/// Put `node` (starting at `at`) into the innermost open collection: a mapping's first node
/// of a pair is its key.
fn attach(stack: &mut [Open], root: &mut Option<Node>, node: Node, at: (u64, u64)) {
    match stack.last_mut() {
        None => *root = Some(node),
        Some(Open::Seq(items, _)) => items.push(node),
        Some(Open::Map(entries, pending, _)) => match pending.take() {
            None => {
                let key = match &node {
                    Node::Scalar { value, .. } => value.clone(),
                    _ => "?".to_string(),
                };
                *pending = Some((key, at));
            }
            Some((key, key_at)) => entries.push((key, key_at, node)),
        },
        Some(Open::Skip(_)) => {}
    }
}
