//! Enum words from one derivation: the word of a unit variant is the name serde writes for
//! it (its `rename_all` rule applied), so `as_str`, the recipe, the reports and the JSON
//! Schema can never disagree. [`word`] asks serde for that name instead of a second,
//! hand-written table.

use serde::Serialize;
use serde::ser::{Impossible, Serializer};

/// The word serde writes for the unit variant `value` (`Security::Starttls` → `starttls`).
/// Empty for anything that is not a unit variant (a bug: the unit tests of each enum that
/// uses it prove it is one).
pub fn word<T: Serialize>(value: &T) -> &'static str {
    value.serialize(Word).unwrap_or_default()
}

/// A serializer that accepts only a unit variant and returns its name.
struct Word;

/// What [`Word`] returns for anything but a unit variant.
#[derive(Debug)]
struct NotAWord;

impl std::fmt::Display for NotAWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAWord {}

impl serde::ser::Error for NotAWord {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotAWord
    }
}

/// `fn serialize_x(self, _: T) -> Result<..> { Err(NotAWord) }` for each scalar.
macro_rules! refuse {
    ($($name:ident: $ty:ty),* $(,)?) => {
        $(fn $name(self, _: $ty) -> Result<&'static str, NotAWord> {
            Err(NotAWord)
        })*
    };
}

type No = Impossible<&'static str, NotAWord>;

impl Serializer for Word {
    type Ok = &'static str;
    type Error = NotAWord;
    type SerializeSeq = No;
    type SerializeTuple = No;
    type SerializeTupleStruct = No;
    type SerializeTupleVariant = No;
    type SerializeMap = No;
    type SerializeStruct = No;
    type SerializeStructVariant = No;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAWord> {
        Ok(variant)
    }

    refuse!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    );

    fn serialize_none(self) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_unit(self) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<No, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_tuple(self, _: usize) -> Result<No, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<No, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<No, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<No, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, NotAWord> {
        Err(NotAWord)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::{Phase, Security, Status};

    #[test]
    fn words_are_serde_names() {
        for p in Phase::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), word(&p), "{p:?}");
        }
        assert_eq!(word(&Security::Starttls), "starttls");
        assert_eq!(word(&Status::Unverified), "unverified");
        assert_eq!(
            word(&crate::recipe::PasswordKind::AppPassword),
            "app_password"
        );
        assert_eq!(word(&crate::config::FieldValue::Host), "host");
        assert_eq!(
            word(&crate::config::EvidenceStatus::Unconfirmed),
            "unconfirmed"
        );
        assert_eq!(word(&3u8), "");
        assert_eq!(word(&"text"), "");
    }
}
