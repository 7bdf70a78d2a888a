//! `code_enum!`: a fixed list of stable ASCII codes with Swedish labels (DESIGN §5).

/// Declares an enum whose variants each have a code (stored, exported) and a Swedish label
/// (shown). `parse` accepts either, case-insensitively, for CSV import and forms.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every value, in report order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == code)
            }

            /// A code or a Swedish label, ignoring case and surrounding space.
            pub fn parse(input: &str) -> Option<$name> {
                let v = input.trim();
                $name::ALL.iter().copied().find(|c| {
                    c.code().eq_ignore_ascii_case(v) || c.label().to_lowercase() == v.to_lowercase()
                })
            }
        }

        $crate::stored_as_code!($name);

        /// Serialized as its code (stored figure sets, for instance).
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                $name::from_code(&code).ok_or_else(|| {
                    ::serde::de::Error::custom(format!("unknown {} code {code:?}", stringify!($name)))
                })
            }
        }
    };
}

/// Stores a code type (with `code()` and `from_code()`) as its code in a text column, decoding
/// strictly: an unknown code in the database is an error, never a silent default.
#[macro_export]
macro_rules! stored_as_code {
    ($name:ident) => {
        #[cfg(feature = "sqlx")]
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }

            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }

            fn array_compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::postgres::PgHasArrayType>::array_compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                $name::from_code(code).ok_or_else(|| {
                    format!(
                        "unknown {} code in the database: {code:?}",
                        stringify!($name)
                    )
                    .into()
                })
            }
        }

        #[cfg(feature = "sqlx")]
        impl sqlx::Encode<'_, sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<sqlx::Postgres>>::encode_by_ref(&self.code(), buf)
            }
        }
    };
}
