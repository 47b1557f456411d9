//! A field is declared once: which recipe fields hold Markdown and which hold web addresses
//! is said by their type in the model ([`Markdown`], [`WebUrl`]). The JSON Schema carries the
//! type (`contentMediaType: text/markdown`; `format: uri` with the pattern `check` enforces),
//! and [`fields`] finds every such field of a recipe from that schema, with its field path:
//! the rulebook (`validate`), `check --external` and rendering all take their lists from it.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::borrow::Cow;

/// What the JSON Schema says a Markdown field holds.
const MARKDOWN_MEDIA_TYPE: &str = "text/markdown";

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
        pub struct $name(pub String);

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&$name> for String {
            fn from(v: &$name) -> String {
                v.0.clone()
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map($name)
            }
        }
    };
}

text_newtype!(
    /// Text written in Markdown (rendered to HTML on the page; links and heading ids checked).
    Markdown
);

text_newtype!(
    /// An absolute web address (`https://…`), shown as a link and probed by
    /// `check --external`.
    WebUrl
);

impl WebUrl {
    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl JsonSchema for Markdown {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Markdown".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "contentMediaType": MARKDOWN_MEDIA_TYPE })
    }
}

impl JsonSchema for WebUrl {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "WebUrl".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "uri",
            "pattern": crate::recipe::rules::links::WEB_URL_PATTERN,
        })
    }
}

/// Which declared kind a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A [`Markdown`] field.
    Markdown,
    /// A [`WebUrl`] field.
    WebUrl,
}

/// Every [`Markdown`] and [`WebUrl`] field of `value` (a recipe, or any part of one whose
/// schema is `schema`), with its field path and text, in the order the model declares them.
pub fn fields<T: Serialize>(value: &T, schema: &Value) -> Vec<(FieldKind, String, String)> {
    // Through JSON text, which keeps the fields in the order the model declares them (a
    // `serde_json::Value` would sort them by name).
    let tree = serde_json::to_string(value)
        .ok()
        .and_then(|json| serde_json::from_str::<Ordered>(&json).ok())
        .unwrap_or(Ordered::Other);
    let mut out = Vec::new();
    walk(&tree, schema, schema, String::new(), &mut out);
    out
}

fn walk(
    value: &Ordered,
    node: &Value,
    schema: &Value,
    path: String,
    out: &mut Vec<(FieldKind, String, String)>,
) {
    let node = deref(schema, node);
    match value {
        Ordered::Text(text) => {
            let kind = if node.get("contentMediaType").and_then(Value::as_str)
                == Some(MARKDOWN_MEDIA_TYPE)
            {
                FieldKind::Markdown
            } else if node.get("format").and_then(Value::as_str) == Some("uri") {
                FieldKind::WebUrl
            } else {
                return;
            };
            out.push((kind, path, text.clone()));
        }
        Ordered::List(items) => {
            let item = node.get("items").unwrap_or(&Value::Null);
            for (i, v) in items.iter().enumerate() {
                walk(v, item, schema, format!("{path}[{i}]"), out);
            }
        }
        Ordered::Map(entries) => {
            let Some(props) = node.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (key, v) in entries {
                if let Some(prop) = props.get(key) {
                    let p = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(v, prop, schema, p, out);
                }
            }
        }
        Ordered::Other => {}
    }
}

/// A JSON document with its mappings in written order.
enum Ordered {
    Text(String),
    List(Vec<Ordered>),
    Map(Vec<(String, Ordered)>),
    Other,
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OrderedVisitor)
    }
}

struct OrderedVisitor;

impl<'de> serde::de::Visitor<'de> for OrderedVisitor {
    type Value = Ordered;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
        Ok(Ordered::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Ordered, E> {
        Ok(Ordered::Text(v))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_unit<E>(self) -> Result<Ordered, E> {
        Ok(Ordered::Other)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Ordered::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Ordered::Map(entries))
    }
}

/// Follow `$ref`s and take the non-null branch of an `Option` (`anyOf` with null).
fn deref<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match schema
                .get("$defs")
                .and_then(|d| d.get(r.trim_start_matches("#/$defs/")))
            {
                Some(def) => node = def,
                None => break,
            }
        } else if let Some(branch) = node.get("anyOf").and_then(Value::as_array).and_then(|b| {
            b.iter()
                .find(|b| b.get("type") != Some(&Value::from("null")))
        }) {
            node = branch;
        } else {
            break;
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::Recipe;

    #[test]
    fn the_declared_fields_come_from_the_types_in_model_order() {
        let text = include_str!("../../tests/fixtures/valid/recipes/acme.yaml");
        let recipe: Recipe = serde_saphyr::from_str(text).unwrap();
        let found = fields(&recipe, crate::recipe::docs::recipe_schema());
        let paths = |kind: FieldKind| -> Vec<&str> {
            found
                .iter()
                .filter(|(k, ..)| *k == kind)
                .map(|(_, p, _)| p.as_str())
                .collect()
        };
        assert_eq!(
            paths(FieldKind::Markdown),
            [
                "steps[0].body",
                "steps[1].body",
                "limits.note",
                "notes[0].body",
                "troubleshooting[0].cause",
                "troubleshooting[0].fix",
                "troubleshooting[1].cause",
                "troubleshooting[1].fix",
                "changelog[0].change",
            ]
        );
        let urls = paths(FieldKind::WebUrl);
        for p in [
            "sources[0].url",
            "links.register",
            "requires.enable[0].link",
        ] {
            assert!(urls.contains(&p), "{p} in {urls:?}");
        }
        // Plain text is neither: titles, hosts, the symptom.
        assert!(!found.iter().any(|(_, p, _)| p.ends_with("title")));
        assert_eq!(
            found
                .iter()
                .find(|(_, p, _)| p == "links.register")
                .unwrap()
                .2,
            recipe.links.register.as_ref().unwrap().as_str()
        );
    }
}
