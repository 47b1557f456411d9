//! The serializer behind [`super::fields`]: it writes nothing, only follows the field path
//! (struct fields, list indexes, map keys, enum variants) and keeps the text of every value
//! serialized as the newtype `Markdown` or `WebUrl`.

use super::FieldKind;
use serde::Serialize;
use serde::ser::{self, Serializer};

/// The one error: a value the walk cannot follow (it is skipped, never reported).
#[derive(Debug)]
pub struct Skip;

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not followed")
    }
}

impl std::error::Error for Skip {}

impl ser::Error for Skip {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Skip
    }
}

type Found = Vec<(FieldKind, String, String)>;

/// Walks one value at `path`.
pub struct Walker<'a> {
    pub path: String,
    pub out: &'a mut Found,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `fn serialize_x(self, _: T) -> Result<(), Skip> { Ok(()) }` for each scalar.
macro_rules! scalars {
    ($($name:ident: $ty:ty),* $(,)?) => {
        $(fn $name(self, _: $ty) -> Result<(), Skip> {
            Ok(())
        })*
    };
}

impl<'a> Serializer for Walker<'a> {
    type Ok = ();
    type Error = Skip;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Map<'a>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Fields<'a>;

    scalars!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    );

    fn serialize_none(self) -> Result<(), Skip> {
        Ok(())
    }
    fn serialize_unit(self) -> Result<(), Skip> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Skip> {
        value.serialize(self)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Skip> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Skip> {
        let kind = match name {
            "Markdown" => FieldKind::Markdown,
            "WebUrl" => FieldKind::WebUrl,
            _ => return value.serialize(self),
        };
        let text = crate::words::text(value).ok_or(Skip)?;
        self.out.push((kind, self.path, text));
        Ok(())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Skip> {
        let path = join(&self.path, variant);
        value.serialize(Walker {
            path,
            out: self.out,
        })
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Skip> {
        Ok(Seq {
            walker: self,
            index: 0,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Skip> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Skip> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a>, Skip> {
        let path = join(&self.path, variant);
        Walker {
            path,
            out: self.out,
        }
        .serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'a>, Skip> {
        Ok(Map {
            walker: self,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a>, Skip> {
        Ok(Fields { walker: self })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Fields<'a>, Skip> {
        let path = join(&self.path, variant);
        Ok(Fields {
            walker: Walker {
                path,
                out: self.out,
            },
        })
    }
}

/// A list: each item at `path[i]`.
pub struct Seq<'a> {
    walker: Walker<'a>,
    index: usize,
}

impl Seq<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
        let path = format!("{}[{}]", self.walker.path, self.index);
        self.index += 1;
        // A value the walk cannot follow is skipped, not the rest of the list.
        let _ = value.serialize(Walker {
            path,
            out: &mut *self.walker.out,
        });
        Ok(())
    }
}

/// `impl $trait for Seq { fn $method(item) ; fn end }` for the list-like traits.
macro_rules! seq_like {
    ($($trait:ident :: $method:ident),*) => {
        $(impl ser::$trait for Seq<'_> {
            type Ok = ();
            type Error = Skip;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
                self.item(value)
            }
            fn end(self) -> Result<(), Skip> {
                Ok(())
            }
        })*
    };
}

seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A struct: each field at `path.name`.
pub struct Fields<'a> {
    walker: Walker<'a>,
}

impl Fields<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Skip> {
        let path = join(&self.walker.path, key);
        let _ = value.serialize(Walker {
            path,
            out: &mut *self.walker.out,
        });
        Ok(())
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = Skip;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Skip> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Skip> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Fields<'_> {
    type Ok = ();
    type Error = Skip;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Skip> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Skip> {
        Ok(())
    }
}

/// A map with text keys (a flattened struct, too): each value at `path.key`.
pub struct Map<'a> {
    walker: Walker<'a>,
    key: Option<String>,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Skip;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Skip> {
        self.key = crate::words::text(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Skip> {
        if let Some(key) = self.key.take() {
            let path = join(&self.walker.path, &key);
            let _ = value.serialize(Walker {
                path,
                out: &mut *self.walker.out,
            });
        }
        Ok(())
    }
    fn end(self) -> Result<(), Skip> {
        Ok(())
    }
}
