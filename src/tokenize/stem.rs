//! Which Snowball stemmer a language tag selects.

use rust_stemmers::Algorithm;

/// The Snowball algorithm for a BCP 47 language tag (`en`, `en-US`, `pt_BR`; case does not
/// matter), or `None` for no stemming.
///
/// Greek (`el`) has no stemmer on purpose: the Greek algorithm in `rust-stemmers` 1.2 panics on
/// ordinary words (`ισαισα`, `εμωφελετε`; the upstream Snowball fix never reached the crate), and a
/// panic aborts the browser's worker.
pub(super) fn algorithm(language: &str) -> Option<Algorithm> {
    let primary = language.split(['-', '_']).next().unwrap_or_default().trim();
    let mut tag = [0u8; 3];
    if primary.len() > tag.len() || !primary.is_ascii() {
        return None;
    }
    for (dst, src) in tag.iter_mut().zip(primary.bytes()) {
        *dst = src.to_ascii_lowercase();
    }
    Some(match &tag[..primary.len()] {
        b"ar" => Algorithm::Arabic,
        b"da" => Algorithm::Danish,
        b"de" => Algorithm::German,
        b"en" => Algorithm::English,
        b"es" => Algorithm::Spanish,
        b"fi" => Algorithm::Finnish,
        b"fr" => Algorithm::French,
        b"hu" => Algorithm::Hungarian,
        b"it" => Algorithm::Italian,
        b"nl" => Algorithm::Dutch,
        b"no" | b"nb" | b"nn" => Algorithm::Norwegian,
        b"pt" => Algorithm::Portuguese,
        b"ro" => Algorithm::Romanian,
        b"ru" => Algorithm::Russian,
        b"sv" => Algorithm::Swedish,
        b"ta" => Algorithm::Tamil,
        b"tr" => Algorithm::Turkish,
        _ => return None,
    })
}
