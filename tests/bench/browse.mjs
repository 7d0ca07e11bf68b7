// The browser side of one site: both tools served from one 127.0.0.1 server (the site at /, Pagefind's
// bundle at /pagefind/, scry's folder at /scry/), each driven through its own JS API on a blank page.
//
//   cold:       a fresh browser context per query (empty cache): load the tool, search, load the data of
//               the top 5 results; bytes and requests of everything fetched, time from load to data.
//   warm:       the other fixed queries in the page after the first: bytes, requests, time to results
//               and to the top 5's data.
//   keystrokes: each fixed query typed one character at a time (each prefix searched and its top 5 loaded,
//               one after another), after the first search.
//   quality:    the known-item queries (plain, one typo, typed prefix), top 10 urls each.
import { startServer } from './lib/server.mjs';
import { launch, openPage, coldQuery, runQueries, ADAPTERS } from './lib/browser.mjs';
import { median, percentile, sum, log } from './lib/util.mjs';
import { rankOf, quality } from './known-items.mjs';

/** what a fetched file is: code (JS, wasm, CSS), index (manifest, meta, term shards / chunks) or data (stored
 * results: Pagefind's fragments; scry's bundles, tail bundles and their dictionary) */
export function kindOf(path) {
  if (/\.(js|mjs|wasm|css)$|\.pagefind$/.test(path)) return 'code';
  if (/\.pf_fragment$|\/scry\/(b\d|x\d|d-)[^/]*\.bin$/.test(path)) return 'data';
  return 'index';
}
const byKind = (files) => {
  const k = { code: 0, index: 0, data: 0 };
  for (const f of files) k[kindOf(f.path)] += f.bytes;
  return k;
};

const BLANK = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title>';

export async function browseSite({ siteKey, siteDir, outDirs, fixed, known, coldN, tools = ['pagefind', 'scry'] }) {
  const srv = await startServer({
    mounts: [['/pagefind/', outDirs.pagefind], ['/scry/', outDirs.scry], ['/', siteDir]],
    pages: { '/__bench/blank.html': BLANK },
  });
  const browser = await launch();
  const out = {};
  try {
    for (const tool of tools) {
      const r = (out[tool] = {});
      // cold
      r.cold = [];
      for (const q of fixed.slice(0, coldN)) {
        const rec = await openPage(browser, srv.log);
        try {
          const c = await coldQuery(rec, srv.origin, tool, q, 5);
          r.cold.push({ q, bytes: c.net.bytes, kinds: byKind(c.net.files), requests: c.net.requests, ms: c.ms, loadMs: c.loadMs, searchMs: c.searchMs,
            total: c.total, corrected: c.net.corrected, serverBytes: c.net.serverBytes, files: c.net.files });
        } catch (e) {
          r.cold.push({ q, error: String(e.message || e) });
        } finally { await rec.close(); }
      }
      const okCold = r.cold.filter((c) => !c.error);
      r.coldBytesMedian = median(okCold.map((c) => c.bytes));
      const mid = [...okCold].sort((a, b) => a.bytes - b.bytes)[(okCold.length - 1) >> 1];
      r.coldKindsOfMedianRun = mid ? mid.kinds : null;
      r.coldBytesMax = okCold.length ? Math.max(...okCold.map((c) => c.bytes)) : null;
      r.coldRequestsMedian = median(okCold.map((c) => c.requests));
      r.coldMsMedian = median(okCold.map((c) => c.ms));
      log(`${siteKey} ${tool}: cold median ${(r.coldBytesMedian / 1024).toFixed(1)} KiB, ${r.coldRequestsMedian} requests, ${r.coldMsMedian?.toFixed(0)} ms`);

      // warm + keystrokes + quality, in one page
      const rec = await openPage(browser, srv.log);
      try {
        await coldQuery(rec, srv.origin, tool, fixed[0], 5);
        r.warm = [];
        for (const q of fixed.slice(1)) {
          rec.reset();
          const [x] = await runQueries(rec, [q], 5);
          const net = await rec.take();
          r.warm.push({ q, bytes: net.bytes, kinds: byKind(net.files), requests: net.requests, ms: x.ms, searchMs: x.searchMs, error: x.error });
        }
        const okWarm = r.warm.filter((w) => !w.error);
        r.warmBytesMedian = median(okWarm.map((w) => w.bytes));
        r.warmRequestsMedian = median(okWarm.map((w) => w.requests));
        r.warmSearchMsMedian = median(okWarm.map((w) => w.searchMs));
        r.warmMsMedian = median(okWarm.map((w) => w.ms));

        const keys = [];
        let keyBytes = 0, keyRequests = 0;
        const keyKinds = { code: 0, index: 0, data: 0 };
        for (const q of fixed) {
          for (let i = 1; i <= q.length; i++) {
            const p = q.slice(0, i);
            if (p.endsWith(' ')) continue;
            rec.reset();
            const [x] = await runQueries(rec, [p], 5);
            const net = await rec.take();
            keyBytes += net.bytes;
            for (const [kk, v] of Object.entries(byKind(net.files))) keyKinds[kk] += v;
            keyRequests += net.requests;
            keys.push(x.error ? NaN : x.ms);
          }
        }
        r.keystrokes = { n: keys.length, msMedian: median(keys), msP95: percentile(keys, 95), bytes: keyBytes, kinds: keyKinds, requests: keyRequests,
          errors: keys.filter((k) => !Number.isFinite(k)).length };
        log(`${siteKey} ${tool}: warm median ${r.warmSearchMsMedian?.toFixed(1)} ms search, keystroke median ${r.keystrokes.msMedian?.toFixed(1)} ms`);

        // known-item quality
        const ranks = { plain: [], typo: [], prefix: [] };
        const searchMs = [];
        let errors = 0;
        for (const v of ['plain', 'typo', 'prefix']) {
          const items = known.filter((k) => (v === 'plain' ? k.text : k[v]));
          for (let i = 0; i < items.length; i += 25) {
            const batch = items.slice(i, i + 25);
            const res = await runQueries(rec, batch.map((k) => (v === 'plain' ? k.text : k[v])), 10);
            res.forEach((x, j) => {
              if (x.error) errors++;
              else if (v === 'plain') searchMs.push(x.searchMs);
              ranks[v].push(x.error ? null : rankOf(x.urls || [], batch[j].targets));
            });
          }
        }
        rec.reset();
        r.quality = { plain: quality(ranks.plain), typo: quality(ranks.typo), prefix: quality(ranks.prefix), errors, ranks };
        r.knownSearchMsMedian = median(searchMs);
        log(`${siteKey} ${tool}: MRR@10 plain ${r.quality.plain.mrr10?.toFixed(3)} typo ${r.quality.typo.mrr10?.toFixed(3)} prefix ${r.quality.prefix.mrr10?.toFixed(3)}`);
      } catch (e) {
        r.error = String(e.stack || e);
        log(`${siteKey} ${tool}: ${r.error}`);
      } finally { await rec.close(); }
    }
  } finally {
    await browser.close();
    await srv.close();
  }
  return out;
}
export { ADAPTERS };
