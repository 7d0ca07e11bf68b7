//! The browser binding: one exported class owning an [`Index`] and its [`Searcher`], with JSON
//! strings in and out. No logic lives here that native tests cannot reach: the worker runs the fetch
//! loop (ask; fetch and add what is needed; ask again), and the engine's own rule ends it (see
//! `index/fetch.rs`), so the binding keeps no state between the worker's round trips.

use wasm_bindgen::prelude::*;

use crate::api;
use crate::index::{Index, Outcome};
use crate::query::Searcher;

/// The allocator: talc instead of the default dlmalloc, for a smaller module (see Cargo.toml).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// An open index in the browser's worker.
#[wasm_bindgen]
pub struct ScryIndex {
    index: Index,
    searcher: Searcher,
}

fn js_error(e: crate::Error) -> JsError {
    JsError::new(&e.message())
}

#[wasm_bindgen]
impl ScryIndex {
    /// Opens the index from its manifest's inflated bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: &[u8]) -> Result<ScryIndex, JsError> {
        Ok(ScryIndex {
            index: Index::open(manifest).map_err(js_error)?,
            searcher: Searcher::default(),
        })
    }

    /// `{"format","documents","facets":[…],"sorts":[…],"language"}`.
    pub fn info(&self) -> String {
        api::info(&self.index)
    }

    /// Adds a file the engine asked for (inflated bytes).
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.index.add_file(name, bytes).map_err(js_error)
    }

    /// Runs a query: `{"need":[…]}` or the results (see `api::results`).
    pub fn search(&mut self, query: &str, options: &str) -> Result<String, JsError> {
        let options = api::options_from_json(options).map_err(js_error)?;
        Ok(
            match (self.searcher)
                .search(&self.index, query, &options)
                .map_err(js_error)?
            {
                Outcome::Need(n) => api::need(&n),
                Outcome::Ready(r) => api::results(&r),
            },
        )
    }

    /// A result's data for `query`: `{"need":[…]}` or the document (see `api::document`).
    pub fn document(&mut self, doc: u32, query: &str) -> Result<String, JsError> {
        let answer = self.searcher.document(&self.index, doc, query);
        Ok(match answer.map_err(js_error)? {
            Outcome::Need(n) => api::need(&n),
            Outcome::Ready(d) => api::document(&d, api::Offsets::Utf16),
        })
    }
}
