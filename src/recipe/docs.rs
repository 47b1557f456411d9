//! Field documentation read back from the generated JSON Schema, so error help and the
//! `mailbook new` skeleton quote the `///` docs of the types instead of a second copy.

use serde_json::Value;
use std::sync::OnceLock;

/// The recipe schema as JSON, generated once per process.
pub fn recipe_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::to_value(schemars::schema_for!(crate::recipe::Recipe)).unwrap_or_default()
    })
}

/// The site configuration schema as JSON, generated once per process.
pub fn config_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::to_value(schemars::schema_for!(crate::config::SiteConfig)).unwrap_or_default()
    })
}

/// The schema of a recipe translation (`translations/LANG/recipes/ID.yaml`).
pub fn recipe_translation_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::to_value(schemars::schema_for!(
            crate::translate::model::RecipeTranslation
        ))
        .unwrap_or_default()
    })
}

/// The schema of a site translation (`translations/LANG/mailbook.yaml`).
pub fn site_translation_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::to_value(schemars::schema_for!(
            crate::translate::model::SiteTranslation
        ))
        .unwrap_or_default()
    })
}

/// The one-paragraph documentation of a field path such as `smtp[0].port` or `smtp.port`
/// (indices are ignored); `None` when the path names no documented field.
pub fn field_doc(schema: &Value, path: &str) -> Option<String> {
    let mut node = schema;
    let mut description = None;
    let clean = strip_indices(path);
    for part in clean.split('.').filter(|p| !p.is_empty()) {
        let target = resolve(schema, node);
        let prop = target.get("properties")?.get(part)?;
        description = prop.get("description").and_then(Value::as_str).or_else(|| {
            resolve(schema, prop)
                .get("description")
                .and_then(Value::as_str)
        });
        node = prop;
    }
    description.map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The `format` of the field at a path (`date` for dates), if the schema gives one.
pub fn field_format(schema: &Value, path: &str) -> Option<String> {
    let mut node = schema;
    for part in strip_indices(path).split('.').filter(|p| !p.is_empty()) {
        node = resolve(schema, node).get("properties")?.get(part)?;
    }
    let node = resolve(schema, node);
    node.get("format")
        .or_else(|| {
            node.get("anyOf")?
                .as_array()?
                .iter()
                .find_map(|x| x.get("format"))
        })
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The JSON type of the field at `path` (`integer`, `boolean`, `string`, …), when it has one
/// (optional fields: the type besides `null`).
pub fn field_type(schema: &Value, path: &str) -> Option<String> {
    let mut node = schema;
    for part in strip_indices(path).split('.').filter(|p| !p.is_empty()) {
        node = resolve(schema, node).get("properties")?.get(part)?;
    }
    let node = resolve(schema, node);
    match node.get("type")? {
        Value::String(t) => Some(t.clone()),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .map(str::to_string),
        _ => None,
    }
}

fn strip_indices(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The allowed values of the enum at a field path, with their documentation.
pub fn variants(schema: &Value, path: &str) -> Vec<(String, String)> {
    let mut node = schema;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let target = resolve(schema, node);
        match target.get("properties").and_then(|p| p.get(part)) {
            Some(prop) => node = prop,
            None => return Vec::new(),
        }
    }
    resolve(schema, node)
        .get("oneOf")
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .filter_map(|v| {
                    let value = v.get("const")?.as_str()?.to_string();
                    let doc = v.get("description").and_then(Value::as_str).unwrap_or("");
                    Some((value, doc.split_whitespace().collect::<Vec<_>>().join(" ")))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Follow `$ref`s, array items and `Option` (`anyOf` with null) to the described type.
pub fn resolve<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            match schema.get("$defs").and_then(|d| d.get(name)) {
                Some(def) => node = def,
                None => return node,
            }
        } else if let Some(items) = node.get("items") {
            node = items;
        } else if let Some(first) = node
            .get("anyOf")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().find(|x| x.get("$ref").is_some()))
        {
            node = first;
        } else {
            return node;
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_follow_refs_and_ignore_indices() {
        let s = recipe_schema();
        assert_eq!(
            field_doc(s, "smtp[1].port").as_deref(),
            Some("TCP port: 587 for STARTTLS, 465 for implicit TLS.")
        );
        assert!(
            field_doc(s, "steps[0].image.alt")
                .unwrap()
                .starts_with("What the image shows")
        );
        assert_eq!(field_doc(s, "smtp[0].nope"), None);
        let v = variants(s, "smtp.security");
        assert_eq!(v[0].0, "starttls");
        assert_eq!(field_format(s, "reviewed").as_deref(), Some("date"));
        assert_eq!(
            field_format(s, "checks.skip[0].until").as_deref(),
            Some("date")
        );
    }
}
