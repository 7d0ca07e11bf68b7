// A JS stand-in for the wasm-bindgen module (`init` + `ScryIndex`), with the same surface, reading the
// JSON index that mock-index.mjs writes. It lets the worker protocol be tested (need → fetch → add_file
// loops, missing and corrupt files, version errors) independently of the Rust engine.
export default async function init() {}

const words = (s) => [...String(s).toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
const dec = (b) => JSON.parse(new TextDecoder().decode(b));

export class ScryIndex {
  constructor(bytes) {
    let m;
    try { m = dec(bytes); } catch { throw new Error("corrupt manifest"); }
    if (m.magic !== "scry-mock") throw new Error("corrupt manifest");
    if (m.format !== 1) throw new Error(`this index was built by scry format ${m.format}; rebuild it or upgrade the widget`);
    this.m = m;
    this.files = new Map();
  }
  info() {
    const { format, documents, facets, sorts, language } = this.m;
    return JSON.stringify({ format, documents, facets, sorts, language });
  }
  add_file(name, bytes) {
    let v;
    try { v = dec(bytes); } catch { throw new Error(`${name} is not a scry index file`); }
    if (v.build !== this.m.build) throw new Error(`${name} belongs to another build`);
    this.files.set(name, v);
  }
  #need(names) {
    const need = [...new Set(names)].filter((n) => !this.files.has(n));
    return need.length ? JSON.stringify({ need }) : null;
  }
  search(q, optsJson) {
    const o = JSON.parse(optsJson || "{}");
    const terms = words(q);
    const limit = o.limit ?? 10, offset = o.offset ?? 0;
    const shardsFor = (t, prefix) => this.m.shards.filter((s) => s.first <= (prefix ? t + "\uffff" : t) && t <= s.last).map((s) => s.file);
    const need = this.#need([...terms.flatMap((t, i) => shardsFor(t, i === terms.length - 1)), ...(o.facets !== false || o.filters ? [this.m.facetFile] : [])]);
    if (need) return need;
    const hits = terms.map((t, i) => {
      const m = new Map();
      for (const f of shardsFor(t, i === terms.length - 1)) {
        for (const [term, posts] of Object.entries(this.files.get(f).terms)) {
          if (term === t || (i === terms.length - 1 && term.startsWith(t))) for (const [d, tt, tb] of posts) m.set(d, (m.get(d) || 0) + 3 * tt + tb);
        }
      }
      return m;
    });
    const score = new Map();
    for (const m of hits) for (const [d, s] of m) score.set(d, (score.get(d) || 0) + s);
    let docs = [...score.keys()];
    let partial = false;
    const all = docs.filter((d) => hits.every((m) => m.has(d)));
    if (all.length || !terms.length) docs = all; else partial = docs.length > 0;
    const fv = this.files.get(this.m.facetFile)?.facets || {};
    const has = (f, v, d) => (fv[f]?.[v] || []).includes(d);
    const count = (ds) => Object.fromEntries(Object.entries(fv).map(([f, vals]) => [f, Object.fromEntries(Object.keys(vals).map((v) => [v, ds.filter((d) => has(f, v, d)).length]))]));
    const facetsAll = count(docs);
    for (const [f, { any = [], all = [], none = [] }] of Object.entries(o.filters || {})) {
      docs = docs.filter((d) => (!any.length || any.some((v) => has(f, v, d))) && all.every((v) => has(f, v, d)) && !none.some((v) => has(f, v, d)));
    }
    docs.sort((a, b) => score.get(b) - score.get(a) || a - b);
    return JSON.stringify({
      total: docs.length, partial,
      results: docs.slice(offset, offset + limit).map((doc) => ({ doc, score: score.get(doc) })),
      facets: count(docs), facetsAll, didYouMean: terms.includes("vacum") ? "vacuum" : null, terms,
    });
  }
  document(doc, q) {
    const b = this.m.bundles.find((b) => b.first <= doc && doc <= b.last);
    if (!b) throw new Error(`no document ${doc}`);
    const need = this.#need([b.file]);
    if (need) return need;
    const d = this.files.get(b.file).docs[doc];
    const terms = words(q);
    const ranges = (text) => {
      const r = [];
      for (const m of String(text).matchAll(/[\p{L}\p{N}]+/gu)) if (terms.some((t) => m[0].toLowerCase().startsWith(t))) r.push([m.index, m.index + m[0].length]);
      return r;
    };
    return JSON.stringify({
      url: d.url, title: d.title, titleMatches: ranges(d.title), excerpt: d.body.slice(0, 200), matches: ranges(d.body.slice(0, 200)),
      sub: (d.sub || []).filter((s) => ranges(s.title + " " + s.body).length).map((s) => ({ title: s.title, url: s.url, excerpt: s.body, matches: ranges(s.body), titleMatches: ranges(s.title) })),
      meta: d.meta || {},
    });
  }
}
