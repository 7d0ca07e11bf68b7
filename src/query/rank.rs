//! Scoring: BM25F over fields, phrases verified on positions, a proximity bonus.

use super::expand::{MatchKind, Variant};
use crate::format::postings::{self, Entry, FieldHit};
use crate::format::shard::PostingsRef;
use crate::index::Index;
use crate::sort::sort_by;

/// BM25 saturation.
const K1: f32 = 1.2;
/// BM25 length normalization.
const B: f32 = 0.75;

/// Documents matching one clause: `(doc, score, title)`, sorted by doc, one per doc. `title` says
/// how well the clause matched the title: 1 as typed, less for a prefix extension, 0 not at all.
pub type ClauseMatches = Vec<(u32, f32, f32)>;

/// Scores one postings entry with BM25F.
pub fn bm25f(index: &Index, idf: f32, hits: &[FieldHit]) -> f32 {
    let fields = &index.manifest().fields;
    let avg = &index.manifest().avg_len;
    let mut score = 0.0f32;
    for h in hits {
        let f = h.field as usize;
        let (Some(spec), Some(&avg)) = (fields.get(f), avg.get(f)) else {
            continue;
        };
        let len = postings::decode_norm(h.norm);
        let norm = 1.0 - B + B * len / avg.max(1.0);
        let tf = h.tf as f32 / norm.max(0.05);
        score += spec.weight * tf * (K1 + 1.0) / (K1 + tf);
    }
    idf * score
}

/// Inverse document frequency.
pub fn idf(index: &Index, df: usize) -> f32 {
    let n = index.documents() as f32;
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// How well an entry matches the title: 1 for the word as typed (or as corrected, when only a
/// typo neighbour matched), 0.8 for the extension of a word being typed, 0 otherwise.
fn in_title(kind: MatchKind, hits: &[FieldHit]) -> f32 {
    if hits.first().is_none_or(|h| h.field != 0) {
        return 0.0;
    }
    match kind {
        MatchKind::Exact | MatchKind::Folded | MatchKind::Typo(_) => 1.0,
        MatchKind::Prefix => 0.8,
        MatchKind::Stem | MatchKind::TypoPrefix(_) => 0.5,
    }
}

/// A term clause's matches: per document, its best-scoring variant.
pub fn term_matches(index: &Index, variants: &[Variant]) -> ClauseMatches {
    let mut all: Vec<(u32, f32, f32)> = Vec::new();
    for v in variants {
        let Some(p) = postings(index, v) else {
            continue;
        };
        let idf = idf(index, p.len());
        for e in p.entries() {
            all.push((
                e.doc,
                v.weight * bm25f(index, idf, e.hits),
                in_title(v.kind, e.hits),
            ));
        }
    }
    merge_max(all)
}

fn merge_max(mut all: Vec<(u32, f32, f32)>) -> ClauseMatches {
    sort_by(&mut all, |a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    let mut out: ClauseMatches = Vec::with_capacity(all.len());
    for (doc, score, title) in all {
        match out.last_mut() {
            Some(last) if last.0 == doc => last.2 = last.2.max(title),
            _ => out.push((doc, score, title)),
        }
    }
    out
}

/// A variant's postings, read in place in its shard.
pub fn postings<'a>(index: &'a Index, v: &Variant) -> Option<PostingsRef<'a>> {
    index.loaded_shard(v.shard)?.postings(v.ordinal)
}

/// The entry of `doc` in a variant's postings.
pub fn entry_of<'a>(index: &'a Index, v: &Variant, doc: u32) -> Option<Entry<'a>> {
    postings(index, v)?.find(doc)
}

/// Positions of `doc` over all of a word's variants, sorted and distinct.
pub fn word_positions(index: &Index, variants: &[Variant], doc: u32, out: &mut Vec<u32>) {
    out.clear();
    for v in variants {
        if let Some(e) = entry_of(index, v, doc) {
            out.extend_from_slice(e.positions);
        }
    }
    sort_by(out, |a, b| a.cmp(b));
    out.dedup();
}

/// A phrase clause's matches: documents where the words occur at their relative offsets.
pub fn phrase_matches(index: &Index, words: &[(u32, Vec<Variant>)]) -> ClauseMatches {
    let per_word: Vec<ClauseMatches> = words.iter().map(|(_, v)| term_matches(index, v)).collect();
    let Some(candidates) = intersect_all(&per_word) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); words.len()];
    for (doc, score, title) in candidates {
        for (i, (_, variants)) in words.iter().enumerate() {
            word_positions(index, variants, doc, &mut lists[i]);
        }
        let found = lists[0].iter().any(|&p| {
            words
                .iter()
                .zip(&lists)
                .skip(1)
                .all(|((off, _), l)| l.binary_search(&(p + off)).is_ok())
        });
        if found {
            // A phrase outranks the same words scattered: its words' scores, doubled.
            out.push((doc, 2.0 * score, title));
        }
    }
    out
}

/// Documents in every list, scores and title matches summed; `None` for no lists.
pub fn intersect_all(lists: &[ClauseMatches]) -> Option<ClauseMatches> {
    let mut iter = lists.iter();
    let mut acc = iter.next()?.clone();
    for l in iter {
        let mut out = Vec::with_capacity(acc.len().min(l.len()));
        let (mut i, mut j) = (0, 0);
        while i < acc.len() && j < l.len() {
            match acc[i].0.cmp(&l[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out.push((acc[i].0, acc[i].1 + l[j].1, acc[i].2 + l[j].2));
                    i += 1;
                    j += 1;
                }
            }
        }
        acc = out;
    }
    Some(acc)
}

/// The smallest window of positions holding one position from each list; `None` if a list is empty.
pub fn min_window(lists: &[Vec<u32>]) -> Option<u32> {
    if lists.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut merged: Vec<(u32, usize)> = lists
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |&p| (p, i)))
        .collect();
    sort_by(&mut merged, |a, b| a.cmp(b));
    let mut counts = vec![0usize; lists.len()];
    let mut covered = 0;
    let mut best = u32::MAX;
    let mut lo = 0;
    for hi in 0..merged.len() {
        let c = merged[hi].1;
        if counts[c] == 0 {
            covered += 1;
        }
        counts[c] += 1;
        while covered == lists.len() {
            best = best.min(merged[hi].0 - merged[lo].0);
            let l = merged[lo].1;
            counts[l] -= 1;
            if counts[l] == 0 {
                covered -= 1;
            }
            lo += 1;
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_window_finds_the_tightest_cover() {
        assert_eq!(min_window(&[vec![1, 50], vec![3, 52], vec![51]]), Some(2));
        assert_eq!(min_window(&[vec![1], vec![]]), None);
        assert_eq!(min_window(&[vec![7]]), Some(0));
    }

    #[test]
    fn intersection_sums_scores() {
        let a = vec![(1, 1.0, 1.0), (3, 1.0, 0.0)];
        let b = vec![(3, 2.0, 1.0), (4, 1.0, 1.0)];
        assert_eq!(intersect_all(&[a, b]), Some(vec![(3, 3.0, 1.0)]));
    }
}
