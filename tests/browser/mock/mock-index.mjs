// Writes a small JSON index readable by mock/scry_wasm.js: gzipped manifest, term shards, doc bundles
// and a facet file, content-named like the real one. Used only to test the JS side in isolation.
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const words = (s) => [...String(s).toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);

export function buildMockIndex(docs, out, { format = 1, shardTerms = 40, bundleDocs = 3 } = {}) {
  mkdirSync(out, { recursive: true });
  const build = Math.random().toString(36).slice(2);
  const write = (prefix, value) => {
    const bytes = gzipSync(JSON.stringify({ build, ...value }));
    const name = `${prefix}-${createHash("sha256").update(bytes).digest("hex").slice(0, 10)}.bin`;
    writeFileSync(join(out, name), bytes);
    return name;
  };
  const postings = new Map();
  docs.forEach((d, i) => {
    const text = [d.title, d.body, ...(d.sub || []).flatMap((s) => [s.title, s.body])].join(" ");
    const tt = words(d.title);
    for (const w of new Set(words(text))) postings.set(w, [...(postings.get(w) || []), [i, tt.filter((x) => x === w).length, words(text).filter((x) => x === w).length]]);
  });
  const terms = [...postings.keys()].sort();
  const shards = [];
  for (let i = 0; i < terms.length; i += shardTerms) {
    const part = terms.slice(i, i + shardTerms);
    shards.push({ first: part[0], last: part.at(-1), file: write("s", { terms: Object.fromEntries(part.map((t) => [t, postings.get(t)])) }) });
  }
  const bundles = [];
  for (let i = 0; i < docs.length; i += bundleDocs) {
    const part = {};
    docs.slice(i, i + bundleDocs).forEach((d, j) => (part[i + j] = d));
    bundles.push({ first: i, last: Math.min(i + bundleDocs, docs.length) - 1, file: write("b", { docs: part }) });
  }
  const facets = {};
  docs.forEach((d, i) => { for (const [f, vs] of Object.entries(d.facets || {})) for (const v of [].concat(vs)) ((facets[f] ||= {})[v] ||= []).push(i); });
  const facetFile = write("f", { facets });
  writeFileSync(join(out, "manifest.bin"), gzipSync(JSON.stringify({ magic: "scry-mock", format, build, documents: docs.length, facets: Object.keys(facets), sorts: [], language: "en", shards, bundles, facetFile })));
}
