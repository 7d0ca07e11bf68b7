// The JS libraries (MiniSearch, lunr, FlexSearch) on the Python docs, in Node: the same text for each
// (title, headings, main text of every page), each library's defaults, stored fields url + title so a
// result list can be shown. They ship the whole index to the browser, so the index's size is the bytes of
// a first search (plus the library itself, bundled and minified with esbuild the same way for all three).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import lunr from 'lunr';
import FlexSearch from 'flexsearch';
import * as H from './lib/html.mjs';
import { walk, normUrl, gzipSize, median, percentile } from './lib/util.mjs';
import { rankOf, quality, stripNumbering } from './known-items.mjs';
import { SITES } from './sites.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const pkgVersion = (name) => JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version;

export function extractDocs(siteKey, siteDir) {
  const docs = [];
  for (const rel of walk(siteDir, { follow: true })) {
    if (!/\.html?$/i.test(rel)) continue;
    const html = fs.readFileSync(path.join(siteDir, rel), 'utf8');
    if (H.isRedirect(html)) continue;
    docs.push({
      id: docs.length,
      url: normUrl('/' + rel),
      title: stripNumbering(SITES[siteKey].cleanTitle(H.title(html))),
      headings: H.headings(html).map((h) => h.text).join(' \n '),
      body: H.mainText(html),
    });
  }
  return docs;
}

function libBytes(entry) {
  const out = execFileSync(path.join(HERE, 'node_modules/.bin/esbuild'),
    ['--bundle', '--minify', '--format=esm', '--log-level=error', entry], { cwd: HERE, maxBuffer: 64 << 20 });
  return { bytes: out.length, gzBytes: gzipSize(out) };
}

const LIBS = {
  minisearch: {
    version: () => pkgVersion('minisearch'),
    entry: 'node_modules/minisearch/dist/es/index.js',
    build(docs) {
      const ms = new MiniSearch({ fields: ['title', 'headings', 'body'], storeFields: ['url', 'title'] });
      ms.addAll(docs);
      return ms;
    },
    serialize: async (ms) => JSON.stringify(ms),
    load: (json) => MiniSearch.loadJSON(json, { fields: ['title', 'headings', 'body'], storeFields: ['url', 'title'] }),
    search: (ms, q) => ms.search(q).slice(0, 10).map((r) => r.url),
  },
  lunr: {
    version: () => pkgVersion('lunr'),
    entry: 'node_modules/lunr/lunr.js',
    build(docs) {
      const idx = lunr(function () {
        this.ref('id');
        this.field('title');
        this.field('headings');
        this.field('body');
        for (const d of docs) this.add(d);
      });
      // lunr stores no fields: the url/title map ships beside it
      return { idx, store: docs.map((d) => [d.url, d.title]) };
    },
    serialize: async (x) => JSON.stringify({ index: x.idx, store: x.store }),
    load: (json) => { const o = JSON.parse(json); return { idx: lunr.Index.load(o.index), store: o.store }; },
    // lunr reads its own query syntax (field:, +, -, ~, ^, *): user text goes in as typed, as on most sites
    search: (x, q) => x.idx.search(q).slice(0, 10).map((r) => x.store[Number(r.ref)][0]),
  },
  flexsearch: {
    version: () => pkgVersion('flexsearch'),
    entry: 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs',
    build(docs) {
      const doc = new FlexSearch.Document({ document: { id: 'id', index: ['title', 'headings', 'body'], store: ['url', 'title'] } });
      for (const d of docs) doc.add(d);
      return doc;
    },
    async serialize(doc) {
      const parts = {};
      await doc.export((key, data) => { parts[key] = data; });
      return JSON.stringify(parts);
    },
    async load(json) {
      const doc = new FlexSearch.Document({ document: { id: 'id', index: ['title', 'headings', 'body'], store: ['url', 'title'] } });
      const parts = JSON.parse(json);
      for (const [k, v] of Object.entries(parts)) await doc.import(k, v);
      return doc;
    },
    search(doc, q) {
      const r = doc.search(q, { limit: 10, merge: true, enrich: true });
      return r.slice(0, 10).map((x) => x.doc && x.doc.url);
    },
  },
};

/**
 * Runs every library over the site; known: the known-item queries drawn for this site (same as the tools);
 * fixed: the site's fixed query list. Returns { docs, libs: { name: {...} } }.
 */
export async function benchLibs(siteKey, siteDir, known, fixed, log = () => {}) {
  const docs = extractDocs(siteKey, siteDir);
  const textBytes = docs.reduce((a, d) => a + Buffer.byteLength(d.title + d.headings + d.body), 0);
  const out = { site: siteKey, docs: docs.length, textBytes, libs: {} };
  for (const [name, lib] of Object.entries(LIBS)) {
    log(`${name}: indexing ${docs.length} pages`);
    const r = { version: lib.version() };
    try {
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      let t = performance.now();
      const built = lib.build(docs);
      r.buildMs = performance.now() - t;
      r.heapMiB = (process.memoryUsage().heapUsed - heap0) / 1048576;
      const json = await lib.serialize(built);
      r.indexBytes = Buffer.byteLength(json);
      r.indexGzBytes = gzipSize(Buffer.from(json));
      const code = libBytes(lib.entry);
      r.libBytes = code.bytes;
      r.libGzBytes = code.gzBytes;
      r.firstSearchBytes = r.indexGzBytes + r.libGzBytes;
      t = performance.now();
      const idx = await lib.load(json);
      r.loadMs = performance.now() - t;
      // latency: the fixed queries and the plain known-item queries, after one warm-up pass
      const qs = [...fixed, ...known.map((k) => k.text)];
      for (const q of qs) { try { lib.search(idx, q); } catch { /* counted below */ } }
      const times = [];
      let errors = 0;
      const ranks = { plain: [], typo: [], prefix: [] };
      for (const k of known) {
        for (const v of ['plain', 'typo', 'prefix']) {
          const q = v === 'plain' ? k.text : k[v];
          if (!q) continue;
          let urls = [];
          const t0 = performance.now();
          try { urls = lib.search(idx, q); } catch { errors++; }
          const dt = performance.now() - t0;
          if (v === 'plain') times.push(dt);
          ranks[v].push(rankOf(urls, k.targets));
        }
      }
      for (const q of fixed) {
        const t0 = performance.now();
        try { lib.search(idx, q); } catch { errors++; }
        times.push(performance.now() - t0);
      }
      r.queryMsMedian = median(times);
      r.queryMsP95 = percentile(times, 95);
      r.queryErrors = errors;
      r.quality = { plain: quality(ranks.plain), typo: quality(ranks.typo), prefix: quality(ranks.prefix) };
    } catch (e) {
      r.error = String(e && e.stack || e);
      log(`${name}: ${r.error}`);
    }
    out.libs[name] = r;
  }
  return out;
}
