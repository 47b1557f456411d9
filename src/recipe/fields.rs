//! A field is declared once: which recipe fields hold Markdown and which hold web addresses
//! is said by their type in the model ([`Markdown`], [`WebUrl`]). The JSON Schema carries the
//! type (`contentMediaType: text/markdown`; `format: uri` with the pattern `check` enforces),
//! and [`fields`] finds every such field of a recipe from that schema, with its field path:
//! the rulebook (`validate`), `check --external` and rendering all take their lists from it.

mod walk;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
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
            // A named newtype: JSON (and every other format) writes the bare string, and the
            // field walker ([`fields`]) recognises the kind by the name.
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_newtype_struct(stringify!($name), &self.0)
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

/// Every [`Markdown`] and [`WebUrl`] field of `value` (a recipe, or any part of one), with
/// its field path and text, in the order the model declares them. One pass of a serializer
/// that only keeps the path: the kinds are the types' own names, so nothing else lists them.
pub fn fields<T: Serialize + ?Sized>(value: &T) -> Vec<(FieldKind, String, String)> {
    let mut out = Vec::new();
    let _ = value.serialize(walk::Walker {
        path: String::new(),
        out: &mut out,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::Recipe;

    #[test]
    fn the_declared_fields_come_from_the_types_in_model_order() {
        let text = include_str!("../../tests/fixtures/valid/recipes/acme.yaml");
        let recipe: Recipe = serde_saphyr::from_str(text).unwrap();
        let found = fields(&recipe);
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
