//! Reading an index file from disk, inflated: what the browser's worker does with `fetch` and
//! `DecompressionStream`.

use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;

use super::dict;
use crate::error::Error;

/// Reads a file of the index, inflating it when it is gzip-compressed or compressed with a
/// dictionary (read from the same folder).
pub fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let raw =
        std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let corrupt = |why: String| Error::corrupt(&path.display().to_string(), why);
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 3);
        GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| corrupt(format!("gzip: {e}")))?;
        Ok(out)
    } else if raw.starts_with(dict::DICTIONARY_MAGIC) {
        let (name, data) =
            dict::split(&raw).ok_or_else(|| corrupt("its dictionary's name is damaged".into()))?;
        let dict_path = path.with_file_name(name);
        let dictionary = read_file(&dict_path)?;
        if crate::format::dictionary_name(crate::format::content_hash(&dictionary)) != name {
            return Err(Error::corrupt(
                &dict_path.display().to_string(),
                "its bytes do not match its name: damaged, or from another build",
            ));
        }
        dict::inflate(&dictionary, data).ok_or_else(|| {
            corrupt(format!(
                "its deflate data is broken, or {name} is not its dictionary"
            ))
        })
    } else {
        Ok(raw)
    }
}
