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

/// A section's key, and where its fields sit in the source and in the translation file.
struct Section {
    key: String,
    source: String,
    translation: String,
}

impl Section {
    /// A section at the same path in both files: `summary`, `smtp[1]`, `app.security_labels`.
    fn at(path: String) -> Section {
        Section {
            key: path.clone(),
            source: path.clone(),
            translation: path,
        }
    }

    /// Entry `id` of a list keyed by id, the `i`-th in the source: `steps[create-app-password]`
    /// is `steps[2]` in the recipe and `steps.create-app-password` in the translation.
    fn keyed(list: &str, i: usize, id: &str) -> Section {
        Section {
            key: format!("{list}[{id}]"),
            source: format!("{list}[{i}]"),
            translation: format!("{list}.{id}"),
        }
    }
}

/// `path.name`, or `path` for the field that is its section (`name` empty).
fn join(path: &str, name: &str) -> String {
    if name.is_empty() {
        path.to_string()
    } else {
        format!("{path}.{name}")
    }
}

impl<'a> Fields<'a> {
    /// Field `name` of `section` (empty for a section that is one field).
    fn add(
        &mut self,
        section: &Section,
        name: &str,
        source: &'a str,
        translated: Option<&'a str>,
    ) -> &mut Field<'a> {
        self.0.push(Field {
            key: join(&section.key, name),
            section: section.key.clone(),
            source_path: join(&section.source, name),
            source,
            translation_path: join(&section.translation, name),
            translated,
            optional: false,
        });
        self.0.last_mut().expect("just pushed")
    }
}

/// The translatable fields of `recipe`, with the texts of `t`.
pub fn recipe_fields<'a>(recipe: &'a Recipe, t: Option<&'a RecipeTranslation>) -> Vec<Field<'a>> {
    let mut f = Fields(Vec::new());
    let tr = t.and_then(|t| t.summary.as_deref());
    f.add(&Section::at("summary".into()), "", &recipe.summary, tr);
    if let Some(hint) = &recipe.hint {
        let tr = t.and_then(|t| t.hint.as_deref());
        f.add(&Section::at("hint".into()), "", hint, tr);
    }
    for (i, toggle) in recipe.requires.enable.iter().enumerate() {
        let tr = t
            .and_then(|t| t.requires.as_ref())
            .and_then(|r| r.enable.get(i))
            .map(|x| x.setting.as_str());
        let section = Section::at(format!("requires.enable[{i}]"));
        f.add(&section, "setting", &toggle.setting, tr);
    }
    step_fields(recipe, t, &mut f);
    for (i, s) in recipe.smtp.iter().enumerate() {
        if let Some(note) = &s.note {
            let tr = t
                .and_then(|t| t.smtp.get(i))
                .and_then(|x| x.note.as_deref());
            f.add(&Section::at(format!("smtp[{i}]")), "note", note, tr);
        }
    }
    if let Some(note) = recipe.limits.as_ref().and_then(|l| l.note.as_deref()) {
        let tr = t
            .and_then(|t| t.limits.as_ref())
            .and_then(|l| l.note.as_deref());
        f.add(&Section::at("limits".into()), "note", note, tr);
    }
    for (i, n) in recipe.notes.iter().enumerate() {
        let tr = t
            .and_then(|t| t.notes.get(i))
            .and_then(|x| x.body.as_deref());
        f.add(&Section::at(format!("notes[{i}]")), "body", &n.body, tr);
    }
    trouble_fields(recipe, t, &mut f);
    for (i, c) in recipe.changelog.iter().enumerate() {
        let tr = t
            .and_then(|t| t.changelog.get(i))
            .and_then(|x| x.change.as_deref());
        f.add(
            &Section::at(format!("changelog[{i}]")),
            "change",
            &c.change,
            tr,
        );
    }
    f.0
}

fn step_fields<'a>(recipe: &'a Recipe, t: Option<&'a RecipeTranslation>, f: &mut Fields<'a>) {
    for (i, s) in recipe.steps.iter().enumerate() {
        let section = Section::keyed("steps", i, &s.id);
        let tr = t.and_then(|t| t.steps.get(&s.id));
        f.add(
            &section,
            "title",
            &s.title,
            tr.and_then(|x| x.title.as_deref()),
        );
        f.add(
            &section,
            "body",
            &s.body,
            tr.and_then(|x| x.body.as_deref()),
        );
        if let Some(image) = &s.image {
            let alt = tr.and_then(|x| x.image.as_ref()).map(|x| x.alt.as_str());
            f.add(&section, "image.alt", &image.alt, alt);
        }
    }
}

fn trouble_fields<'a>(recipe: &'a Recipe, t: Option<&'a RecipeTranslation>, f: &mut Fields<'a>) {
    for (i, e) in recipe.troubleshooting.iter().enumerate() {
        let section = Section::keyed("troubleshooting", i, &e.id);
        let tr = t.and_then(|t| t.troubleshooting.get(&e.id));
        let symptom = tr.and_then(|x| x.symptom.as_deref());
        f.add(&section, "symptom", &e.symptom, symptom).optional = true;
        f.add(
            &section,
            "cause",
            &e.cause,
            tr.and_then(|x| x.cause.as_deref()),
        );
        f.add(&section, "fix", &e.fix, tr.and_then(|x| x.fix.as_deref()));
    }
}

/// The translatable fields of `mailbook.yaml`, with the texts of `t`.
pub fn site_fields<'a>(config: &'a SiteConfig, t: Option<&'a SiteTranslation>) -> Vec<Field<'a>> {
    let mut f = Fields(Vec::new());
    let tr = t.and_then(|t| t.title.as_deref());
    f.add(&Section::at("title".into()), "", &config.title, tr);
    let tr = t.and_then(|t| t.description.as_deref());
    f.add(
        &Section::at("description".into()),
        "",
        &config.description,
        tr,
    );
    let app = t.and_then(|t| t.app.as_ref());
    let tr = app.and_then(|a| a.name.as_deref());
    f.add(&Section::at("app.name".into()), "", &config.app.name, tr);
    let tr = app.and_then(|a| a.location.as_deref());
    f.add(
        &Section::at("app.location".into()),
        "",
        &config.app.location,
        tr,
    );
    app_fields(config, app, &mut f);
    for (i, g) in config.general_requirements.iter().enumerate() {
        let section = Section::keyed("general_requirements", i, &g.id);
        let tr = t.and_then(|t| t.general_requirements.get(&g.id));
        f.add(
            &section,
            "title",
            &g.title,
            tr.and_then(|x| x.title.as_deref()),
        );
        f.add(
            &section,
            "body",
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
    for (i, field) in config.app.fields.iter().enumerate() {
        let word = crate::words::word(&field.value);
        let section = Section::keyed("app.fields", i, word);
        let tr = app.and_then(|a| a.fields.get(&field.value));
        f.add(
            &section,
            "label",
            &field.label,
            tr.and_then(|x| x.label.as_deref()),
        );
        if let Some(help) = &field.help {
            f.add(&section, "help", help, tr.and_then(|x| x.help.as_deref()));
        }
    }
    let labels = app.and_then(|a| a.security_labels.as_ref());
    let l = &config.app.security_labels;
    let section = Section::at("app.security_labels".into());
    f.add(
        &section,
        "starttls",
        &l.starttls,
        labels.and_then(|x| x.starttls.as_deref()),
    );
    f.add(
        &section,
        "tls",
        &l.tls,
        labels.and_then(|x| x.tls.as_deref()),
    );
    f.add(
        &section,
        "none",
        &l.none,
        labels.and_then(|x| x.none.as_deref()),
    );
    for (i, r) in config.app.rules.iter().enumerate() {
        let section = Section::keyed("app.rules", i, &r.id);
        let tr = app.and_then(|a| a.rules.get(&r.id));
        f.add(
            &section,
            "message",
            &r.message,
            tr.and_then(|x| x.message.as_deref()),
        );
        f.add(&section, "fix", &r.fix, tr.and_then(|x| x.fix.as_deref()));
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
