//! Which Snowball stemmer a language tag selects, among those compiled in.
//!
//! Each algorithm sits behind its own cargo feature (`stem-en`, `stem-fr`, …; `stem-all` for every
//! one) because together they weigh more than the rest of the tokenizer in the wasm module. Every
//! algorithm is reached through its own function so that the linker keeps only the enabled ones:
//! `rust_stemmers::Stemmer::create` with a language known only at run time would keep all of them.

/// The Snowball stem of a lowercase term.
pub(super) type StemFn = fn(&str) -> String;

/// The stemmer for a BCP 47 language tag (`en`, `en-US`, `pt_BR`; case does not matter), or
/// `None` for no stemming: an empty or unknown tag, or a language whose feature is off.
///
/// Greek (`el`) has no stemmer on purpose: the Greek algorithm in `rust-stemmers` 1.2 panics on
/// ordinary words (`ισαισα`, `εμωφελετε`; the upstream Snowball fix never reached the crate), and a
/// panic aborts the browser's worker.
pub(super) fn stemmer(language: &str) -> Option<StemFn> {
    if STEMMERS.is_empty() {
        // No stemmer compiled in (as in the wasm module): nothing below needs to be.
        return None;
    }
    let primary = language.split(['-', '_']).next().unwrap_or_default().trim();
    let mut tag = [0u8; 3];
    if primary.len() > tag.len() || !primary.is_ascii() {
        return None;
    }
    for (dst, src) in tag.iter_mut().zip(primary.bytes()) {
        *dst = src.to_ascii_lowercase();
    }
    let tag = &tag[..primary.len()];
    STEMMERS
        .iter()
        .find(|(candidate, _)| *candidate == tag)
        .map(|&(_, stem)| stem)
}

/// Language tags and their stemmers, as far as their features are on.
const STEMMERS: &[(&[u8], StemFn)] = &[
    #[cfg(feature = "stem-ar")]
    (b"ar", arabic),
    #[cfg(feature = "stem-da")]
    (b"da", danish),
    #[cfg(feature = "stem-de")]
    (b"de", german),
    #[cfg(feature = "stem-en")]
    (b"en", english),
    #[cfg(feature = "stem-es")]
    (b"es", spanish),
    #[cfg(feature = "stem-fi")]
    (b"fi", finnish),
    #[cfg(feature = "stem-fr")]
    (b"fr", french),
    #[cfg(feature = "stem-hu")]
    (b"hu", hungarian),
    #[cfg(feature = "stem-it")]
    (b"it", italian),
    #[cfg(feature = "stem-nl")]
    (b"nl", dutch),
    #[cfg(feature = "stem-no")]
    (b"no", norwegian),
    #[cfg(feature = "stem-no")]
    (b"nb", norwegian),
    #[cfg(feature = "stem-no")]
    (b"nn", norwegian),
    #[cfg(feature = "stem-pt")]
    (b"pt", portuguese),
    #[cfg(feature = "stem-ro")]
    (b"ro", romanian),
    #[cfg(feature = "stem-ru")]
    (b"ru", russian),
    #[cfg(feature = "stem-sv")]
    (b"sv", swedish),
    #[cfg(feature = "stem-ta")]
    (b"ta", tamil),
    #[cfg(feature = "stem-tr")]
    (b"tr", turkish),
];

macro_rules! stem_functions {
    ($($feature:literal $name:ident $algorithm:ident),* $(,)?) => {$(
        #[cfg(feature = $feature)]
        fn $name(term: &str) -> String {
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::$algorithm).stem(term).into_owned()
        }
    )*};
}

stem_functions! {
    "stem-ar" arabic Arabic,
    "stem-da" danish Danish,
    "stem-de" german German,
    "stem-en" english English,
    "stem-es" spanish Spanish,
    "stem-fi" finnish Finnish,
    "stem-fr" french French,
    "stem-hu" hungarian Hungarian,
    "stem-it" italian Italian,
    "stem-nl" dutch Dutch,
    "stem-no" norwegian Norwegian,
    "stem-pt" portuguese Portuguese,
    "stem-ro" romanian Romanian,
    "stem-ru" russian Russian,
    "stem-sv" swedish Swedish,
    "stem-ta" tamil Tamil,
    "stem-tr" turkish Turkish,
}
