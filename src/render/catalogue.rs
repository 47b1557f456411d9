//! The theme's own words (navigation, badges, "Copy", the form preview's labels, the search
//! and error lookup's messages, dates) in every language, from a Project Fluent message
//! catalogue per language: `templates/locales/LANG.ftl`, embedded in the binary and
//! overridable by name like any theme file.
//!
//! Fluent (`fluent-bundle`, the reference implementation by Mozilla, maintained under
//! projectfluent) is used because its plural and select expressions come from CLDR: Russian
//! "1 день, 2 дня, 5 дней, 21 день" is written once in the catalogue, not coded. Templates
//! call `t(key="…", count=…)`; the page's JavaScript gets its messages from the same
//! catalogue as a JSON blob ([`Catalogues::js_messages`]), with each plural message as its
//! CLDR variants for the browser's `Intl.PluralRules` to choose from.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::{BTreeMap, HashMap};
use unic_langid::LanguageIdentifier;

/// The embedded catalogues, by language.
pub const DEFAULT_CATALOGUES: &[(&str, &str)] = &[
    ("en", include_str!("../../templates/locales/en.ftl")),
    ("ru", include_str!("../../templates/locales/ru.ftl")),
];

/// Messages whose id starts with this go to the page's JavaScript.
const JS_PREFIX: &str = "js-";

/// The variables the scripts fill in (`{name}` in the exported text); `$count` is the plural
/// one and becomes `{count}`.
const JS_VARIABLES: &[&str] = &[
    "query", "q", "n", "domain", "provider", "error", "value", "name", "email", "label", "message",
    "host", "port", "ports", "mode", "chosen", "expected", "looks",
];

/// One bundle per language; a message missing from a language comes from the fallback.
pub struct Catalogues {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
    /// The ids of the messages for the page's JavaScript, by language.
    js_ids: HashMap<String, Vec<String>>,
    fallback: String,
}

impl std::fmt::Debug for Catalogues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogues")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Catalogues {
    /// Parse the catalogues (language → Fluent source). `fallback` must be one of them.
    pub fn new(sources: &BTreeMap<String, String>, fallback: &str) -> anyhow::Result<Catalogues> {
        let mut bundles = HashMap::new();
        let mut js_ids = HashMap::new();
        for (lang, text) in sources {
            let id: LanguageIdentifier = lang
                .parse()
                .map_err(|e| anyhow::anyhow!("`{lang}` is not a language code: {e}"))?;
            let resource = FluentResource::try_new(text.clone()).map_err(|(_, errors)| {
                anyhow::anyhow!(
                    "the message catalogue locales/{lang}.ftl does not parse: {errors:?}"
                )
            })?;
            let ids: Vec<String> = resource
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .filter(|id| id.starts_with(JS_PREFIX))
                .collect();
            js_ids.insert(lang.clone(), ids);
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Pages are HTML with a `lang`: Unicode isolation marks around values would only
            // end up in copied text.
            bundle.set_use_isolating(false);
            bundle.add_resource(resource).map_err(|errors| {
                anyhow::anyhow!("the message catalogue locales/{lang}.ftl: {errors:?}")
            })?;
            bundles.insert(lang.clone(), bundle);
        }
        anyhow::ensure!(
            bundles.contains_key(fallback),
            "there is no message catalogue for `{fallback}` (templates/locales/{fallback}.ftl)"
        );
        Ok(Catalogues {
            bundles,
            js_ids,
            fallback: fallback.to_string(),
        })
    }

    /// Whether there is a catalogue for `lang`.
    pub fn has(&self, lang: &str) -> bool {
        self.bundles.contains_key(lang)
    }

    /// The message `key` in `lang` (else in the fallback language) with `args`; the key
    /// itself when no catalogue has it, so a missing message shows instead of vanishing.
    pub fn message(&self, lang: &str, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        for bundle in [self.bundles.get(lang), self.bundles.get(&self.fallback)]
            .into_iter()
            .flatten()
        {
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        key.to_string()
    }

    /// `message` with a count (`count` is the Fluent variable `$count`).
    pub fn count(&self, lang: &str, key: &str, count: i64) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        self.message(lang, key, Some(&args))
    }

    /// The messages for the page's JavaScript (ids starting `js-`, without the prefix):
    /// plain text with `{name}` for each variable, or, for a message that varies with
    /// `$count`, an object of its CLDR plural variants (`one`, `few`, `many`, `other`).
    pub fn js_messages(&self, lang: &str) -> serde_json::Map<String, serde_json::Value> {
        let mut keys: Vec<String> = [&self.fallback, &lang.to_string()]
            .into_iter()
            .filter_map(|l| self.js_ids.get(l))
            .flatten()
            .cloned()
            .collect();
        keys.sort();
        keys.dedup();
        let samples = plural_samples(lang);
        keys.into_iter()
            .map(|key| {
                let name = key[JS_PREFIX.len()..].to_string();
                (name, self.js_message(lang, &key, &samples))
            })
            .collect()
    }

    fn js_message(&self, lang: &str, key: &str, samples: &[(&str, i64)]) -> serde_json::Value {
        let format = |count: Option<i64>| {
            let mut args = FluentArgs::new();
            for &var in JS_VARIABLES {
                args.set(var, FluentValue::from(format!("{{{var}}}")));
            }
            if let Some(n) = count {
                args.set("count", FluentValue::from(n));
            }
            let text = self.message(lang, key, Some(&args));
            match count {
                Some(n) => text.replacen(&n.to_string(), "{count}", 1),
                None => text,
            }
        };
        let variants: BTreeMap<&str, String> = samples
            .iter()
            .map(|(category, n)| (*category, format(Some(*n))))
            .collect();
        let first = variants.values().next().cloned().unwrap_or_default();
        if variants.values().all(|v| *v == first) && !first.contains("{count}") {
            serde_json::Value::String(format(None))
        } else {
            serde_json::to_value(variants).unwrap_or_default()
        }
    }
}

/// A whole number of each CLDR plural category of `lang` (cardinal), e.g. Russian
/// `one` 1, `few` 2, `many` 5; `other` too, which whole numbers never reach in Russian.
fn plural_samples(lang: &str) -> Vec<(&'static str, i64)> {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let Ok(id) = lang.parse::<LanguageIdentifier>() else {
        return vec![("other", 0)];
    };
    let Ok(rules) = PluralRules::create(id, PluralRuleType::CARDINAL) else {
        return vec![("other", 0)];
    };
    let mut out: Vec<(&'static str, i64)> = Vec::new();
    for n in 0..200i64 {
        let Ok(category) = rules.select(n) else {
            continue;
        };
        let name = match category {
            PluralCategory::ZERO => "zero",
            PluralCategory::ONE => "one",
            PluralCategory::TWO => "two",
            PluralCategory::FEW => "few",
            PluralCategory::MANY => "many",
            PluralCategory::OTHER => "other",
        };
        if !out.iter().any(|(c, _)| *c == name) {
            out.push((name, n));
        }
    }
    out
}

/// The catalogue of one language, for the view builders' own words.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    /// Every catalogue.
    pub catalogues: &'a Catalogues,
    /// The page's language.
    pub lang: &'a str,
}

impl std::fmt::Debug for Words<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words").field("lang", &self.lang).finish()
    }
}

impl Words<'_> {
    /// The message `key`.
    pub fn get(&self, key: &str) -> String {
        self.catalogues.message(self.lang, key, None)
    }

    /// The message `key` with text variables.
    pub fn with(&self, key: &str, vars: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in vars {
            args.set(*name, FluentValue::from(*value));
        }
        self.catalogues.message(self.lang, key, Some(&args))
    }

    /// The message `key` with `$count`.
    pub fn count(&self, key: &str, count: i64) -> String {
        self.catalogues.count(self.lang, key, count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Catalogues {
        let sources = DEFAULT_CATALOGUES
            .iter()
            .map(|(l, t)| ((*l).to_string(), (*t).to_string()))
            .collect();
        Catalogues::new(&sources, "en").unwrap()
    }

    #[test]
    fn russian_plural_forms_for_1_2_5_and_21_days() {
        let c = builtin();
        let days = |n| c.count("ru", "verified-days-ago", n);
        assert_eq!(days(1), "проверено 1 день назад");
        assert_eq!(days(2), "проверено 2 дня назад");
        assert_eq!(days(5), "проверено 5 дней назад");
        assert_eq!(days(21), "проверено 21 день назад");
        assert_eq!(days(0), "проверено сегодня");
        assert_eq!(c.count("en", "verified-days-ago", 1), "verified 1 day ago");
        assert_eq!(
            c.count("en", "verified-days-ago", 21),
            "verified 21 days ago"
        );
    }

    #[test]
    fn a_message_missing_in_a_language_comes_from_the_fallback() {
        let mut sources: BTreeMap<String, String> = BTreeMap::new();
        sources.insert("en".into(), "a = A\nb = B\n".into());
        sources.insert("ru".into(), "a = А\n".into());
        let c = Catalogues::new(&sources, "en").unwrap();
        assert_eq!(c.message("ru", "a", None), "А");
        assert_eq!(c.message("ru", "b", None), "B");
        assert_eq!(c.message("ru", "nope", None), "nope");
    }

    #[test]
    fn javascript_gets_plural_variants_and_placeholders() {
        let c = builtin();
        let ru = c.js_messages("ru");
        assert_eq!(ru["search-results"]["one"], "{count} результат");
        assert_eq!(ru["search-results"]["few"], "{count} результата");
        assert_eq!(ru["search-results"]["many"], "{count} результатов");
        assert_eq!(ru["search-nothing"], "По запросу «{q}» ничего не найдено. ");
        let en = c.js_messages("en");
        assert_eq!(en["search-results"], "{n} results");
        assert_eq!(
            en["values-otherProvider"],
            "{domain} is not a {provider} address. Its own page: "
        );
    }
}
