//! Feeding documents to the [`Builder`] in chunks: read and tokenize in parallel, add in order.
//!
//! A producer thread turns inputs into batches of prepared documents (its own work runs on rayon's
//! pool), while this thread adds the previous batch to the builder, which must see documents one at
//! a time and in a deterministic order. At most two batches are in memory at once, so memory does not
//! grow with the corpus; the builder itself spills postings past its memory budget.

use std::sync::mpsc::sync_channel;

use anyhow::{anyhow, Result};
use scry::index::{Builder, PreparedDocument};
use scry::{FieldId, FieldSpec};

/// Pages per batch: small, so that few pages' text and tokens are in memory at once (peak memory
/// on the Python docs: 37 MB with batches of 64 pages, about 100 MB with 1,024), yet enough to keep
/// both cores busy.
pub const CHUNK: usize = 64;

/// Records per batch: records are small, so batches can be larger.
pub const RECORD_CHUNK: usize = 1024;

/// One batch for the builder.
pub struct Batch {
    /// Fields to add before these documents (in order, so their ids are the ones the documents use).
    pub new_fields: Vec<FieldSpec>,
    /// Prepared documents, in order.
    pub docs: Vec<PreparedDocument>,
}

/// Runs `produce` on another thread; adds what it sends to `builder` here. `produce` gets a `send`
/// function that returns `false` once the build has failed and the producer should stop.
/// Returns the number of documents added.
pub fn feed<P>(builder: &mut Builder, first_field: FieldId, produce: P) -> Result<u64>
where
    P: FnOnce(&mut dyn FnMut(Batch) -> bool) -> Result<()> + Send,
{
    let (tx, rx) = sync_channel::<Batch>(1);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || produce(&mut |batch| tx.send(batch).is_ok()));
        let mut added = 0u64;
        let mut failure = None;
        for batch in rx.iter() {
            if let Err(e) = add_batch(builder, first_field, batch, &mut added) {
                failure = Some(e);
                break;
            }
        }
        drop(rx);
        let produced = producer
            .join()
            .map_err(|_| anyhow!("the reading thread panicked"))?;
        match failure {
            Some(e) => Err(e),
            None => produced.map(|_| added),
        }
    })
}

fn add_batch(
    builder: &mut Builder,
    first_field: FieldId,
    batch: Batch,
    added: &mut u64,
) -> Result<()> {
    for spec in batch.new_fields {
        let name = spec.name.clone();
        let id = builder.add_field(spec)?;
        if (id as usize) < first_field as usize {
            return Err(anyhow!("field {name} clashes with a built-in field"));
        }
    }
    for doc in batch.docs {
        builder.add_prepared(doc)?;
        *added += 1;
    }
    Ok(())
}

/// Extra weighted fields made for `data-scry-weight` values, assigned in order of first use.
#[derive(Debug)]
pub struct WeightFields {
    next: usize,
    max: usize,
    map: Vec<(f32, FieldId)>,
    /// Weights that did not get their own field (too many distinct values).
    pub merged: Vec<f32>,
}

impl WeightFields {
    /// Fields start after the `existing` ones; at most `max` fields in all.
    pub fn new(existing: usize, max: usize) -> WeightFields {
        WeightFields {
            next: existing,
            max,
            map: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// The field for `weight`; pushes a new field spec to `new_fields` when one is made. Once all
    /// fields are taken, the field with the nearest weight is used.
    pub fn field(
        &mut self,
        weight: f32,
        body: FieldId,
        new_fields: &mut Vec<FieldSpec>,
    ) -> FieldId {
        if weight == 1.0 {
            return body;
        }
        if let Some((_, id)) = self.map.iter().find(|(w, _)| *w == weight) {
            return *id;
        }
        if self.next < self.max {
            let id = self.next as FieldId;
            self.next += 1;
            self.map.push((weight, id));
            new_fields.push(FieldSpec::new(&format!("weight-{weight}"), weight));
            return id;
        }
        if !self.merged.contains(&weight) {
            self.merged.push(weight);
        }
        self.map
            .iter()
            .min_by(|a, b| (a.0 - weight).abs().total_cmp(&(b.0 - weight).abs()))
            .map(|(_, id)| *id)
            .unwrap_or(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_get_fields_in_order_then_merge() {
        let mut w = WeightFields::new(3, 5);
        let mut new = Vec::new();
        assert_eq!(w.field(1.0, 2, &mut new), 2);
        assert_eq!(w.field(2.0, 2, &mut new), 3);
        assert_eq!(w.field(5.0, 2, &mut new), 4);
        assert_eq!(w.field(2.0, 2, &mut new), 3);
        assert_eq!(w.field(4.0, 2, &mut new), 4);
        assert_eq!(new.len(), 2);
        assert_eq!(w.merged, vec![4.0]);
    }
}
