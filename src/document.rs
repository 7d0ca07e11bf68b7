//! What the build step hands to the [`Builder`](crate::Builder): one [`Document`] per page or record.

use serde::{Deserialize, Serialize};

/// Index of a text field in the index's field table ([`crate::BuilderConfig::fields`]).
pub type FieldId = u8;

/// The title field: always field 0.
pub const TITLE: FieldId = 0;
/// The default headings field.
pub const HEADING: FieldId = 1;
/// The default body field.
pub const BODY: FieldId = 2;

/// A searchable text field and its BM25F weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldSpec {
    /// Name shown in diagnostics and used by configuration (`title`, `heading`, `body`, `summary`, …).
    pub name: String,
    /// BM25F weight: how much a match in this field counts against one in the body (1.0).
    pub weight: f32,
}

impl FieldSpec {
    /// A field with a name and a weight.
    pub fn new(name: &str, weight: f32) -> FieldSpec {
        FieldSpec {
            name: name.to_string(),
            weight,
        }
    }

    /// The default field table: title (field 0), heading (1), body (2).
    pub fn defaults() -> Vec<FieldSpec> {
        vec![
            FieldSpec::new("title", 6.0),
            FieldSpec::new("heading", 3.0),
            FieldSpec::new("body", 1.0),
        ]
    }
}

/// A run of text in one field, in reading order.
///
/// A span with an `anchor` starts a section: results show the sections whose text matched as
/// sub-results linking to `url#anchor`, titled by the span's text (so headings carry their `id`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// The field this text counts for.
    pub field: FieldId,
    /// The text, plain (no markup).
    pub text: String,
    /// The fragment identifier of the section this span starts, if any.
    pub anchor: Option<String>,
}

impl Span {
    /// A span without an anchor.
    pub fn new(field: FieldId, text: impl Into<String>) -> Span {
        Span {
            field,
            text: text.into(),
            anchor: None,
        }
    }

    /// A span that starts a section reachable at `#anchor`.
    pub fn anchored(field: FieldId, text: impl Into<String>, anchor: impl Into<String>) -> Span {
        Span {
            field,
            text: text.into(),
            anchor: Some(anchor.into()),
        }
    }
}

/// One page or record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Where the result links to (`/a/b/`, `https://…`). Stored, not searched.
    pub url: String,
    /// The title: searched in field 0 ([`TITLE`]) and shown as the result's heading.
    pub title: String,
    /// The searchable text after the title, in reading order.
    pub spans: Vec<Span>,
    /// Stored fields returned with the result (`image`, `date`, `source`, …); not searched.
    pub meta: Vec<(String, String)>,
    /// Filter values, `(facet, value)`; a facet may have several values.
    pub facets: Vec<(String, String)>,
    /// Sort keys, `(key, value)`; values that all parse as numbers sort numerically.
    pub sort_keys: Vec<(String, String)>,
}
