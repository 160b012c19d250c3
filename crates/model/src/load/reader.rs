//! The loader's field reader, which lives in [`crate::toml_fields`] so that other
//! crates can read their own TOML files the same way.

pub(crate) use crate::toml_fields::*;
