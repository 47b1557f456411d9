//! Every translatable field of a recipe or of `mailbook.yaml`, with the three names it goes
//! by: its key (`steps[create-app-password].body`, what `check`, `translate status` and the
//! `translated_from` block say), its path in the source file (`steps[2].body`) and its path
//! in the translation file (`steps.create-app-password.body`). Fields are grouped in
//! sections (a step, a callout, a troubleshooting entry): a page shows a section translated
//! only when every field of it is, so a reader never gets a Russian title over an English
//! body.

use super::model::{RecipeTranslation, SiteTranslation, TranslatedFrom};
use crate::config::SiteConfig;
use crate::recipe::Recipe;

/// One translatable field.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    /// `steps[create-app-password].body`.
    pub key: String,
    /// The section it belongs to: `steps[create-app-password]`.
    pub section: String,
    /// Its path in the source file: `steps[2].body`.
    pub source_path: String,
    /// The source text.
    pub source: &'a str,
    /// Its path in the translation file: `steps.create-app-password.body`.
    pub translation_path: String,
    /// The translated text, when the translation has one.
    pub translated: Option<&'a str>,
    /// Whether the field may stay untranslated without counting as missing (a symptom that
    /// quotes a server's reply word for word).
    pub optional: bool,
}

/// Where a translated field stands against its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Translated from the current source text.
    Current,
    /// Translated, but the source text changed since.
    Stale,
    /// Translated, and `mailbook translate update` has not recorded its source yet.
    Unstamped,
    /// Not translated.
    Missing,
}

impl Field<'_> {
    /// Where the field stands, given the translation's `translated_from` block.
    pub fn state(&self, from: &TranslatedFrom) -> State {
        if self.translated.is_none() {
            return State::Missing;
        }
        match from.get(&self.key) {
            None => State::Unstamped,
            Some(h) if *h == hash(self.source) => State::Current,
            Some(_) => State::Stale,
        }
    }
}

/// The hash that identifies a version of a source text: FNV-1a (64 bits, hex) of the text
/// with its runs of white space made one space, so re-wrapping a paragraph does not make its
/// translations stale. Stable across platforms and Rust versions.
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            h = (h ^ u64::from(b' ')).wrapping_mul(0x0100_0000_01b3);
        }
        first = false;
        for b in word.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Collects fields in page order.
struct Fields<'a>(Vec<Field<'a>>);

impl<'a> Fields<'a> {
    fn add(
        &mut self,
        section: &str,
        name: &str,
        source_path: String,
        translation_path: String,
        source: &'a str,
        translated: Option<&'a str>,
    ) {
        self.0.push(Field {
            key: if name.is_empty() {
                section.to_string()
            } else {
                format!("{section}.{name}")
            },
            section: section.to_string(),
            source_path,
            source,
            translation_path,
            translated,
            optional: false,
        });
    }
}

/// The translatable fields of `recipe`, with the texts of `t`.
pub fn recipe_fields<'a>(recipe: &'a Recipe, t: Option<&'a RecipeTranslation>) -> Vec<Field<'a>> {
    let mut f = Fields(Vec::new());
    f.add(
        "summary",
        "",
        "summary".into(),
        "summary".into(),
        &recipe.summary,
        t.and_then(|t| t.summary.as_deref()),
    );
    if let Some(hint) = &recipe.hint {
        let tr = t.and_then(|t| t.hint.as_deref());
        f.add("hint", "", "hint".into(), "hint".into(), hint, tr);
    }
    for (i, toggle) in recipe.requires.enable.iter().enumerate() {
        let tr = t
            .and_then(|t| t.requires.as_ref())
            .and_then(|r| r.enable.get(i))
            .map(|x| x.setting.as_str());
        let p = format!("requires.enable[{i}].setting");
        f.add(
            &format!("requires.enable[{i}]"),
            "setting",
            p.clone(),
            p,
            &toggle.setting,
            tr,
        );
    }
    step_fields(recipe, t, &mut f);
    for (i, s) in recipe.smtp.iter().enumerate() {
        if let Some(note) = &s.note {
            let tr = t
                .and_then(|t| t.smtp.get(i))
                .and_then(|x| x.note.as_deref());
            let p = format!("smtp[{i}].note");
            f.add(&format!("smtp[{i}]"), "note", p.clone(), p, note, tr);
        }
    }
    if let Some(note) = recipe.limits.as_ref().and_then(|l| l.note.as_deref()) {
        let tr = t
            .and_then(|t| t.limits.as_ref())
            .and_then(|l| l.note.as_deref());
        let p = "limits.note".to_string();
        f.add("limits", "note", p.clone(), p, note, tr);
    }
    for (i, n) in recipe.notes.iter().enumerate() {
        let tr = t
            .and_then(|t| t.notes.get(i))
            .and_then(|x| x.body.as_deref());
        let p = format!("notes[{i}].body");
        f.add(&format!("notes[{i}]"), "body", p.clone(), p, &n.body, tr);
    }
    trouble_fields(recipe, t, &mut f);
    for (i, c) in recipe.changelog.iter().enumerate() {
        let tr = t
            .and_then(|t| t.changelog.get(i))
            .and_then(|x| x.change.as_deref());
        let p = format!("changelog[{i}].change");
        f.add(
            &format!("changelog[{i}]"),
            "change",
            p.clone(),
            p,
            &c.change,
            tr,
        );
    }
    f.0
}

fn step_fields<'a>(recipe: &'a Recipe, t: Option<&'a RecipeTranslation>, f: &mut Fields<'a>) {
    for (i, s) in recipe.steps.iter().enumerate() {
        let section = format!("steps[{}]", s.id);
        let tr = t.and_then(|t| t.steps.get(&s.id));
        let at = |n: &str| (format!("steps[{i}].{n}"), format!("steps.{}.{n}", s.id));
        let (sp, tp) = at("title");
        f.add(
            &section,
            "title",
            sp,
            tp,
            &s.title,
            tr.and_then(|x| x.title.as_deref()),
        );
        let (sp, tp) = at("body");
        f.add(
            &section,
            "body",
            sp,
            tp,
            &s.body,
            tr.and_then(|x| x.body.as_deref()),
        );
        if let Some(image) = &s.image {
            let (sp, tp) = at("image.alt");
            let alt = tr.and_then(|x| x.image.as_ref()).map(|x| x.alt.as_str());
            f.add(&section, "image.alt", sp, tp, &image.alt, alt);
        }
    }
}

fn trouble_fields<'a>(recipe: &'a Recipe, t: Option<&'a RecipeTranslation>, f: &mut Fields<'a>) {
    for (i, e) in recipe.troubleshooting.iter().enumerate() {
        let section = format!("troubleshooting[{}]", e.id);
        let tr = t.and_then(|t| t.troubleshooting.get(&e.id));
        let at = |n: &str| {
            (
                format!("troubleshooting[{i}].{n}"),
                format!("troubleshooting.{}.{n}", e.id),
            )
        };
        let (sp, tp) = at("symptom");
        f.add(
            &section,
            "symptom",
            sp,
            tp,
            &e.symptom,
            tr.and_then(|x| x.symptom.as_deref()),
        );
        f.0.last_mut().expect("just added").optional = true;
        let (sp, tp) = at("cause");
        f.add(
            &section,
            "cause",
            sp,
            tp,
            &e.cause,
            tr.and_then(|x| x.cause.as_deref()),
        );
        let (sp, tp) = at("fix");
        f.add(
            &section,
            "fix",
            sp,
            tp,
            &e.fix,
            tr.and_then(|x| x.fix.as_deref()),
        );
    }
}

/// The translatable fields of `mailbook.yaml`, with the texts of `t`.
pub fn site_fields<'a>(config: &'a SiteConfig, t: Option<&'a SiteTranslation>) -> Vec<Field<'a>> {
    let mut f = Fields(Vec::new());
    let same = |p: &str| (p.to_string(), p.to_string());
    let (sp, tp) = same("title");
    f.add(
        "title",
        "",
        sp,
        tp,
        &config.title,
        t.and_then(|t| t.title.as_deref()),
    );
    let (sp, tp) = same("description");
    let tr = t.and_then(|t| t.description.as_deref());
    f.add("description", "", sp, tp, &config.description, tr);
    let app = t.and_then(|t| t.app.as_ref());
    let (sp, tp) = same("app.name");
    f.add(
        "app.name",
        "",
        sp,
        tp,
        &config.app.name,
        app.and_then(|a| a.name.as_deref()),
    );
    let (sp, tp) = same("app.location");
    let tr = app.and_then(|a| a.location.as_deref());
    f.add("app.location", "", sp, tp, &config.app.location, tr);
    app_fields(config, app, &mut f);
    for (i, g) in config.general_requirements.iter().enumerate() {
        let section = format!("general_requirements[{}]", g.id);
        let tr = t.and_then(|t| t.general_requirements.get(&g.id));
        let at = |n: &str| {
            (
                format!("general_requirements[{i}].{n}"),
                format!("general_requirements.{}.{n}", g.id),
            )
        };
        let (sp, tp) = at("title");
        f.add(
            &section,
            "title",
            sp,
            tp,
            &g.title,
            tr.and_then(|x| x.title.as_deref()),
        );
        let (sp, tp) = at("body");
        f.add(
            &section,
            "body",
            sp,
            tp,
            &g.body,
            tr.and_then(|x| x.body.as_deref()),
        );
    }
    f.0
}

/// The form's fields, security labels and input rules of `mailbook.yaml`.
fn app_fields<'a>(
    config: &'a SiteConfig,
    app: Option<&'a super::model::AppText>,
    f: &mut Fields<'a>,
) {
    let same = |p: &str| (p.to_string(), p.to_string());
    for (i, field) in config.app.fields.iter().enumerate() {
        let word = crate::words::word(&field.value);
        let section = format!("app.fields[{word}]");
        let tr = app.and_then(|a| a.fields.get(&field.value));
        let at = |n: &str| {
            (
                format!("app.fields[{i}].{n}"),
                format!("app.fields.{word}.{n}"),
            )
        };
        let (sp, tp) = at("label");
        f.add(
            &section,
            "label",
            sp,
            tp,
            &field.label,
            tr.and_then(|x| x.label.as_deref()),
        );
        if let Some(help) = &field.help {
            let (sp, tp) = at("help");
            f.add(
                &section,
                "help",
                sp,
                tp,
                help,
                tr.and_then(|x| x.help.as_deref()),
            );
        }
    }
    let labels = app.and_then(|a| a.security_labels.as_ref());
    let l = &config.app.security_labels;
    for (name, source, tr) in [
        (
            "starttls",
            &l.starttls,
            labels.and_then(|x| x.starttls.as_deref()),
        ),
        ("tls", &l.tls, labels.and_then(|x| x.tls.as_deref())),
        ("none", &l.none, labels.and_then(|x| x.none.as_deref())),
    ] {
        let (sp, tp) = same(&format!("app.security_labels.{name}"));
        f.add("app.security_labels", name, sp, tp, source, tr);
    }
    for (i, r) in config.app.rules.iter().enumerate() {
        let section = format!("app.rules[{}]", r.id);
        let tr = app.and_then(|a| a.rules.get(&r.id));
        let at = |n: &str| {
            (
                format!("app.rules[{i}].{n}"),
                format!("app.rules.{}.{n}", r.id),
            )
        };
        let (sp, tp) = at("message");
        f.add(
            &section,
            "message",
            sp,
            tp,
            &r.message,
            tr.and_then(|x| x.message.as_deref()),
        );
        let (sp, tp) = at("fix");
        f.add(
            &section,
            "fix",
            sp,
            tp,
            &r.fix,
            tr.and_then(|x| x.fix.as_deref()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_ignore_wrapping_but_not_words() {
        assert_eq!(hash("a  b\nc"), hash("a b c"));
        assert_ne!(hash("a b c"), hash("a b d"));
        assert_eq!(hash(""), "cbf29ce484222325");
    }
}
