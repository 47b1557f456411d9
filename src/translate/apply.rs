//! A recipe or the site configuration as one language shows it: the source with every
//! section whose translation is current replaced by the translation, and the list of
//! sections that stay in the source language and why (not translated yet, or translated
//! from an older text). Typed fields are never touched: they come from the source.

use super::fields::{Field, State, recipe_fields, site_fields};
use super::model::{RecipeTranslation, SiteTranslation, TranslatedFrom};
use crate::config::SiteConfig;
use crate::recipe::Recipe;
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a section is shown in the source language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fallback {
    /// Not translated (or not completely).
    Missing,
    /// Translated from an older version of the source text.
    Stale,
}

/// The sections shown in the source language, by section key (`steps[create-app-password]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fallbacks(BTreeMap<String, Fallback>);

impl Fallbacks {
    /// Why `section` falls back, if it does.
    pub fn get(&self, section: &str) -> Option<Fallback> {
        self.0.get(section).copied()
    }

    /// How many sections fall back.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether every section is translated.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn usable(&self, section: &str) -> bool {
        !self.0.contains_key(section)
    }
}

/// The sections that fall back: a stale field makes its section stale, a missing required
/// field makes it missing; an optional field left out does not count.
pub fn fallbacks(fields: &[Field<'_>], from: &TranslatedFrom) -> Fallbacks {
    let mut out = BTreeMap::new();
    for f in fields {
        let why = match f.state(from) {
            State::Stale => Fallback::Stale,
            State::Missing if !f.optional => Fallback::Missing,
            _ => continue,
        };
        let slot = out.entry(f.section.clone()).or_insert(why);
        if why == Fallback::Stale {
            *slot = Fallback::Stale;
        }
    }
    Fallbacks(out)
}

/// `recipe` as the language of `t` shows it.
pub fn recipe(recipe: &Recipe, t: Option<&RecipeTranslation>) -> (Recipe, Fallbacks) {
    let empty = RecipeTranslation::default();
    let t = t.unwrap_or(&empty);
    let fb = fallbacks(&recipe_fields(recipe, Some(t)), &t.translated_from);
    let mut r = recipe.clone();
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            target.clone_from(v);
        }
    };
    if fb.usable("summary") {
        set(&mut r.summary, &t.summary);
    }
    if fb.usable("hint") && t.hint.is_some() {
        r.hint.clone_from(&t.hint);
    }
    for (i, toggle) in r.requires.enable.iter_mut().enumerate() {
        if let Some(x) = t.requires.as_ref().and_then(|q| q.enable.get(i))
            && fb.usable(&format!("requires.enable[{i}]"))
        {
            toggle.setting.clone_from(&x.setting);
        }
    }
    for s in &mut r.steps {
        let Some(x) = t
            .steps
            .get(&s.id)
            .filter(|_| fb.usable(&format!("steps[{}]", s.id)))
        else {
            continue;
        };
        set(&mut s.title, &x.title);
        if let Some(b) = &x.body {
            s.body = b.clone();
        }
        if let (Some(image), Some(alt)) = (&mut s.image, &x.image) {
            image.alt.clone_from(&alt.alt);
        }
    }
    for (i, s) in r.smtp.iter_mut().enumerate() {
        if let Some(note) = t.smtp.get(i).and_then(|x| x.note.clone())
            && s.note.is_some()
            && fb.usable(&format!("smtp[{i}]"))
        {
            s.note = Some(note);
        }
    }
    if let (Some(l), Some(note)) = (
        &mut r.limits,
        t.limits.as_ref().and_then(|l| l.note.clone()),
    ) && l.note.is_some()
        && fb.usable("limits")
    {
        l.note = Some(note);
    }
    for (i, n) in r.notes.iter_mut().enumerate() {
        if let Some(body) = t.notes.get(i).and_then(|x| x.body.clone())
            && fb.usable(&format!("notes[{i}]"))
        {
            n.body = body;
        }
    }
    for e in &mut r.troubleshooting {
        let section = format!("troubleshooting[{}]", e.id);
        let Some(x) = t.troubleshooting.get(&e.id).filter(|_| fb.usable(&section)) else {
            continue;
        };
        set(&mut e.symptom, &x.symptom);
        if let Some(c) = &x.cause {
            e.cause = c.clone();
        }
        if let Some(c) = &x.fix {
            e.fix = c.clone();
        }
    }
    for (i, c) in r.changelog.iter_mut().enumerate() {
        if let Some(change) = t.changelog.get(i).and_then(|x| x.change.clone())
            && fb.usable(&format!("changelog[{i}]"))
        {
            c.change = change;
        }
    }
    (r, fb)
}

/// `config` as the language of `t` shows it.
pub fn site(config: &SiteConfig, t: Option<&SiteTranslation>) -> (SiteConfig, Fallbacks) {
    let empty = SiteTranslation::default();
    let t = t.unwrap_or(&empty);
    let fb = fallbacks(&site_fields(config, Some(t)), &t.translated_from);
    let mut c = config.clone();
    let set = |target: &mut String, value: Option<&String>, ok: bool| {
        if let (Some(v), true) = (value, ok) {
            target.clone_from(v);
        }
    };
    set(&mut c.title, t.title.as_ref(), fb.usable("title"));
    set(
        &mut c.description,
        t.description.as_ref(),
        fb.usable("description"),
    );
    if let Some(app) = &t.app {
        set(&mut c.app.name, app.name.as_ref(), fb.usable("app.name"));
        set(
            &mut c.app.location,
            app.location.as_ref(),
            fb.usable("app.location"),
        );
        for field in &mut c.app.fields {
            let section = format!("app.fields[{}]", crate::words::word(&field.value));
            let Some(x) = app.fields.get(&field.value).filter(|_| fb.usable(&section)) else {
                continue;
            };
            set(&mut field.label, x.label.as_ref(), true);
            if field.help.is_some() && x.help.is_some() {
                field.help.clone_from(&x.help);
            }
        }
        if let Some(l) = app
            .security_labels
            .as_ref()
            .filter(|_| fb.usable("app.security_labels"))
        {
            let s = &mut c.app.security_labels;
            set(&mut s.starttls, l.starttls.as_ref(), true);
            set(&mut s.tls, l.tls.as_ref(), true);
            set(&mut s.none, l.none.as_ref(), true);
        }
        for r in &mut c.app.rules {
            let section = format!("app.rules[{}]", r.id);
            let Some(x) = app.rules.get(&r.id).filter(|_| fb.usable(&section)) else {
                continue;
            };
            set(&mut r.message, x.message.as_ref(), true);
            if let Some(fix) = &x.fix {
                r.fix = fix.0.clone();
            }
        }
    }
    for g in &mut c.general_requirements {
        let section = format!("general_requirements[{}]", g.id);
        let Some(x) = t
            .general_requirements
            .get(&g.id)
            .filter(|_| fb.usable(&section))
        else {
            continue;
        };
        set(&mut g.title, x.title.as_ref(), true);
        if let Some(body) = &x.body {
            g.body = body.0.clone();
        }
    }
    (c, fb)
}
