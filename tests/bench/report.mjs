// Turns a results object into the two markdown tables: scry vs Pagefind per site (with scry ÷ Pagefind),
// and the JS libraries on the Python docs next to both tools.
const KiB = 1024, MiB = 1024 * 1024;

const fmtBytes = (b) => (b == null ? '—' : b >= 10 * MiB ? `${(b / MiB).toFixed(1)} MiB` : b >= MiB ? `${(b / MiB).toFixed(2)} MiB` : `${(b / KiB).toFixed(1)} KiB`);
const fmtMs = (x) => (x == null ? '—' : x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
const fmtS = (x) => (x == null ? '—' : `${x.toFixed(2)} s`);
const fmtN = (x) => (x == null ? '—' : String(Math.round(x)));
const fmtQ = (x) => (x == null ? '—' : x.toFixed(3));
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : (a / b).toFixed(2) + '×');

const errs = (cold) => (cold ? cold.filter((c) => c.error).length || null : null);

/** rows: [label, scryValue, pagefindValue, formatter, higherIsBetter] */
function siteRows(s) {
  const b = s.build || {}, w = s.browser || {};
  const sc = w.scry || {}, pf = w.pagefind || {};
  const q = (t, v, m) => t.quality?.[v]?.[m];
  return [
    ['Build time (wall)', b.scry?.wallS, b.pagefind?.wallS, fmtS, false],
    ['Build peak RSS', b.scry && b.scry.peakRssKiB * KiB, b.pagefind && b.pagefind.peakRssKiB * KiB, fmtBytes, false],
    ['Index bytes on disk (index files)', b.scry?.index.bytes, b.pagefind?.index.bytes, fmtBytes, false],
    ['Index files', b.scry?.index.files, b.pagefind?.index.files, fmtN, false],
    ['All output bytes (with JS, wasm, CSS)', b.scry?.all.bytes, b.pagefind?.all.bytes, fmtBytes, false],
    ['First search: bytes over the wire', sc.coldBytesMedian, pf.coldBytesMedian, fmtBytes, false],
    ['… of which JS + wasm + CSS', sc.coldKindsOfMedianRun?.code, pf.coldKindsOfMedianRun?.code, fmtBytes, false],
    ['… of which index (manifest/meta, shards/chunks)', sc.coldKindsOfMedianRun?.index, pf.coldKindsOfMedianRun?.index, fmtBytes, false],
    ['… of which top-5 result data (bundles/fragments)', sc.coldKindsOfMedianRun?.data, pf.coldKindsOfMedianRun?.data, fmtBytes, false],
    ['First search: requests', sc.coldRequestsMedian, pf.coldRequestsMedian, fmtN, false],
    ['First search: load → top-5 data', sc.coldMsMedian, pf.coldMsMedian, fmtMs, false],
    ['Warm query: bytes', sc.warmBytesMedian, pf.warmBytesMedian, fmtBytes, false],
    ['Warm query: time to results', sc.warmSearchMsMedian, pf.warmSearchMsMedian, fmtMs, false],
    ['Warm query: time to top-5 data', sc.warmMsMedian, pf.warmMsMedian, fmtMs, false],
    ['Keystroke → results + top-5 data (median)', sc.keystrokes?.msMedian, pf.keystrokes?.msMedian, fmtMs, false],
    ['Keystroke → results + top-5 data (p95)', sc.keystrokes?.msP95, pf.keystrokes?.msP95, fmtMs, false],
    ['Typing the fixed queries: bytes', sc.keystrokes?.bytes, pf.keystrokes?.bytes, fmtBytes, false],
    ['… of which index', sc.keystrokes?.kinds?.index, pf.keystrokes?.kinds?.index, fmtBytes, false],
    ['… of which result data', sc.keystrokes?.kinds?.data, pf.keystrokes?.kinds?.data, fmtBytes, false],
    ['MRR@10, plain known-item', q(sc, 'plain', 'mrr10'), q(pf, 'plain', 'mrr10'), fmtQ, true],
    ['MRR@10, one typo', q(sc, 'typo', 'mrr10'), q(pf, 'typo', 'mrr10'), fmtQ, true],
    ['MRR@10, typed prefix', q(sc, 'prefix', 'mrr10'), q(pf, 'prefix', 'mrr10'), fmtQ, true],
    ['Success@1, plain', q(sc, 'plain', 's1'), q(pf, 'plain', 's1'), fmtQ, true],
    ['Success@1, one typo', q(sc, 'typo', 's1'), q(pf, 'typo', 's1'), fmtQ, true],
    ['Success@1, typed prefix', q(sc, 'prefix', 's1'), q(pf, 'prefix', 's1'), fmtQ, true],
    ['Known-item queries that failed (errors)', sc.quality?.errors || null, pf.quality?.errors || null, fmtN, false],
    ['First-search runs that failed (errors)', errs(sc.cold), errs(pf.cold), fmtN, false],
  ];
}

const w = (s, t) => {
  const b = s.browser?.[t];
  if (!b) return null;
  const first = b.error || b.cold?.find((c) => c.error)?.error;
  return first ? first.split('\n')[0].replace(/\|/g, '\\|').slice(0, 200) : null;
};

export function mainTable(results) {
  const lines = [
    '| Site | Measure | scry | Pagefind | scry ÷ Pagefind | scry ahead |',
    '|---|---|---:|---:|---:|:---:|',
  ];
  for (const [key, s] of Object.entries(results.sites)) {
    const label = `${s.short || key} (${s.pages ?? '?'} p.)`;
    for (const [name, a, b, f, higher] of siteRows(s)) {
      if (a == null && b == null) continue;
      const ahead = a == null || b == null ? '' : (higher ? a > b : a < b) ? 'yes' : a === b ? '=' : '**no**';
      lines.push(`| ${label} | ${name} | ${f(a)} | ${f(b)} | ${ratio(a, b)} | ${ahead} |`);
    }
    for (const t of ['scry', 'pagefind']) {
      const e = w(s, t);
      if (e) lines.push(`| ${label} | ${t} failed in the browser | ${e} | | | |`);
    }
    if (s.native && !s.native.error) {
      lines.push(`| ${label} | scry native (\`scry search\`) MRR@10 plain / typo / prefix | ${fmtQ(s.native.plain.mrr10)} / ${fmtQ(s.native.typo.mrr10)} / ${fmtQ(s.native.prefix.mrr10)} | — | | |`);
    }
  }
  return lines.join('\n');
}

export function libsTable(results) {
  const j = results.jslibs;
  if (!j) return '';
  const lines = [
    `| Python docs (${j.docs} p.) | version | index (JSON) | index gz | code gz | first search (index gz + code gz) | build | load index | query (median) | MRR@10 plain / typo / prefix |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  const py = results.sites.py;
  const qq = (t) => (t?.quality ? `${fmtQ(t.quality.plain.mrr10)} / ${fmtQ(t.quality.typo.mrr10)} / ${fmtQ(t.quality.prefix.mrr10)}` : '—');
  if (py?.browser?.scry && py.build?.scry) {
    const s = py.build.scry, b = py.browser.scry;
    lines.push(`| scry (browser, lazy) | ${results.versions?.scry ?? ''} | ${fmtBytes(s.index.bytes)} on disk | ${fmtBytes(s.index.gzBytes)} | — | ${fmtBytes(b.coldBytesMedian)} (measured) | ${fmtS(s.wallS)} | — | ${fmtMs(b.warmSearchMsMedian)} | ${qq(b)} |`);
  }
  if (py?.browser?.pagefind && py.build?.pagefind) {
    const s = py.build.pagefind, b = py.browser.pagefind;
    lines.push(`| Pagefind (browser, lazy) | ${results.versions?.pagefind ?? ''} | ${fmtBytes(s.index.bytes)} on disk | ${fmtBytes(s.index.gzBytes)} | — | ${fmtBytes(b.coldBytesMedian)} (measured) | ${fmtS(s.wallS)} | — | ${fmtMs(b.warmSearchMsMedian)} | ${qq(b)} |`);
  }
  for (const [name, l] of Object.entries(j.libs)) {
    if (l.error) { lines.push(`| ${name} | ${l.version} | error: ${l.error.split('\n')[0]} |||||||| `); continue; }
    lines.push(`| ${name} (Node, whole index) | ${l.version} | ${fmtBytes(l.indexBytes)} | ${fmtBytes(l.indexGzBytes)} | ${fmtBytes(l.libGzBytes)} | ${fmtBytes(l.firstSearchBytes)} | ${fmtMs(l.buildMs)} | ${fmtMs(l.loadMs)} | ${fmtMs(l.queryMsMedian)} | ${qq(l)} |`);
  }
  return lines.join('\n');
}

export function render(results) {
  const m = results.machine || {};
  const head = `Benchmark of ${results.date} on ${m.cpu ?? '?'} (${m.cores ?? '?'} cores, ${m.memGiB ?? '?'} GiB), ` +
    `load average ${m.loadStart?.load1 ?? '?'} at start, ${m.loadEnd?.load1 ?? '?'} at end; ` +
    `scry ${results.versions?.scry ?? '?'}, Pagefind ${results.versions?.pagefind ?? '?'}, Chromium ${results.versions?.chromium ?? '?'}` +
    `${results.options?.quick ? ' — QUICK run (subset)' : ''}.`;
  return [head, '', mainTable(results), '', libsTable(results)].join('\n');
}
