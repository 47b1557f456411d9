//! Enum words from one derivation: the word of a unit variant is the name serde writes for
//! it (its `rename_all` rule applied), so `as_str`, the recipe, the reports and the JSON
//! Schema can never disagree. [`word`] asks serde for that name instead of a second,
//! hand-written table. The same serializer reads a string through its newtypes ([`text`]).

use serde::Serialize;
use serde::ser::{Impossible, Serializer};

/// The word serde writes for the unit variant `value` (`Security::Starttls` → `starttls`).
/// Empty for anything that is not a unit variant (a bug: the unit tests of each enum that
/// uses it prove it is one).
pub fn word<T: Serialize + ?Sized>(value: &T) -> &'static str {
    match value.serialize(LeafOf) {
        Ok(Leaf::Word(word)) => word,
        _ => "",
    }
}

/// The text of a string value (through any newtype around it, such as `Markdown`); `None`
/// for anything else.
pub fn text<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    match value.serialize(LeafOf) {
        Ok(Leaf::Text(text)) => Some(text),
        _ => None,
    }
}

/// The two leaves [`LeafOf`] reads.
enum Leaf {
    /// A unit variant's name.
    Word(&'static str),
    /// A string.
    Text(String),
}

/// A serializer that accepts only a unit variant or a string (through newtypes) and returns
/// it: one piece of serde plumbing for [`word`] and [`text`].
struct LeafOf;

/// What [`LeafOf`] returns for anything else.
#[derive(Debug)]
struct NotALeaf;

impl std::fmt::Display for NotALeaf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant or a string")
    }
}

impl std::error::Error for NotALeaf {}

impl serde::ser::Error for NotALeaf {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotALeaf
    }
}

/// `fn serialize_x(self, _: T) -> Result<..> { Err(NotALeaf) }` for each other scalar.
macro_rules! refuse {
    ($($name:ident: $ty:ty),* $(,)?) => {
        $(fn $name(self, _: $ty) -> Result<Leaf, NotALeaf> {
            Err(NotALeaf)
        })*
    };
}

type No = Impossible<Leaf, NotALeaf>;

impl Serializer for LeafOf {
    type Ok = Leaf;
    type Error = NotALeaf;
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
    ) -> Result<Leaf, NotALeaf> {
        Ok(Leaf::Word(variant))
    }
    fn serialize_str(self, v: &str) -> Result<Leaf, NotALeaf> {
        Ok(Leaf::Text(v.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Leaf, NotALeaf> {
        value.serialize(self)
    }

    refuse!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    );

    fn serialize_none(self) -> Result<Leaf, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Leaf, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_unit(self) -> Result<Leaf, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Leaf, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<No, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_tuple(self, _: usize) -> Result<No, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<No, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<No, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<No, NotALeaf> {
        Err(NotALeaf)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<No, NotALeaf> {
        Err(NotALeaf)
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
        assert_eq!(text(&"text").as_deref(), Some("text"));
        assert_eq!(
            text(&crate::recipe::Markdown::from("*x*")).as_deref(),
            Some("*x*")
        );
        assert_eq!(text(&Security::Starttls), None);
        assert_eq!(text(&3u8), None);
    }
}
