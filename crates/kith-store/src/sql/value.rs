//! What a statement binds and what a row gives back, the same for every backend: a
//! parameter is a [`Value`], a column is read as a [`Value`] borrowed from its row and
//! turned into a Rust value by [`FromValue`].

use std::str::FromStr;

/// A parameter bound to a statement, or a column of a result row, borrowed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    /// SQL's NULL.
    Null,
    /// A whole number.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Blob(&'a [u8]),
}

impl<'a> Value<'a> {
    /// What kind of value this is, to say what was found instead of what was wanted.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real number",
            Value::Text(_) => "text",
            Value::Blob(_) => "bytes",
        }
    }

    /// The text, or NULL.
    pub(crate) fn text_or_null(text: Option<&'a str>) -> Self {
        text.map_or(Value::Null, Value::Text)
    }

    /// The number, or NULL.
    pub(crate) fn int_or_null(n: Option<i64>) -> Self {
        n.map_or(Value::Null, Value::Int)
    }

    /// The bytes, if these are bytes.
    pub(crate) fn as_blob(self) -> Option<&'a [u8]> {
        match self {
            Value::Blob(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The text, if this is text.
    pub(crate) fn as_str(self) -> Option<&'a str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// Something bound as a statement's parameter.
pub(crate) trait Bind {
    /// The value bound.
    fn value(&self) -> Value<'_>;
}

impl Bind for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

impl Bind for u32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Bind for i32 {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Bind for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl Bind for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl Bind for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Bind for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Bind for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl Bind for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<T: Bind + ?Sized> Bind for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: Bind> Bind for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, Bind::value)
    }
}

/// The parameters of a statement, in order: `params![a, b]` binds `a` to `?1` and `b`
/// to `?2`.
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        &[$($crate::sql::value::Bind::value(&$value)),*][..]
    };
}

pub(crate) use params;

/// A Rust value read from a column; the error says what was found instead.
pub(crate) trait FromValue: Sized {
    /// Reads the column.
    fn from_value(value: Value<'_>) -> Result<Self, String>;
}

/// The error for a column holding another kind of value than `wanted`.
fn mismatch(wanted: &str, found: Value<'_>) -> String {
    format!("{wanted} was expected, {} found", found.kind())
}

impl FromValue for i64 {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        match value {
            Value::Int(n) => Ok(n),
            other => Err(mismatch("an integer", other)),
        }
    }
}

impl FromValue for u32 {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        let n = i64::from_value(value)?;
        u32::try_from(n).map_err(|_| format!("{n} is out of range"))
    }
}

impl FromValue for bool {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        i64::from_value(value).map(|n| n != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        match value {
            Value::Real(x) => Ok(x),
            // An integer stored in a REAL column reads back as one (SQLite keeps 2.0 as 2).
            Value::Int(n) => Ok(n as f64),
            other => Err(mismatch("a number", other)),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        match value {
            Value::Text(text) => Ok(text.to_owned()),
            other => Err(mismatch("text", other)),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        match value {
            Value::Blob(bytes) => Ok(bytes.to_vec()),
            other => Err(mismatch("bytes", other)),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A stored name from a fixed list (a stage, channel, tier…), read from its column as it
/// is rather than copied out first.
pub(crate) struct Named<T>(pub(crate) T);

impl<T: FromStr> FromValue for Named<T> {
    fn from_value(value: Value<'_>) -> Result<Self, String> {
        let text = value.as_str().ok_or_else(|| mismatch("a name", value))?;
        text.parse().map(Named).map_err(|_| format!("{} {text:?}", short_type_name::<T>()))
    }
}

/// The last part of a type's path, to name it in messages.
pub(crate) fn short_type_name<T>() -> &'static str {
    std::any::type_name::<T>().rsplit("::").next().unwrap_or_default()
}
