// Headless Chromium (Debian's, driven by playwright-core) and a network recorder: every request of the
// page AND of its dedicated workers (both tools search in a worker), sized by Chrome DevTools Protocol's
// Network.loadingFinished encodedDataLength (body as sent + headers), as playwright-core reports it per
// request (request.sizes()). Playwright attaches to workers before they run, so none of their requests
// is missed, which a second CDP session of our own could not promise. The server sends no-store and every
// cold run has a fresh context, so nothing comes from the browser cache.
//
// One known gap in CDP: a dedicated worker's own script is fetched by the browser process and its
// loadingFinished carries the headers' size only. Such a request is topped up with the body bytes the
// server says it sent (matched by path), and counted in `corrected`. The server's own count of the same
// span is kept beside it (`serverBytes`) as a cross-check.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A fresh context and page with the recorder attached. `serverLog` is the static server's log. */
export async function openPage(browser, serverLog) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const reqs = []; // {url, bytes, done}
  const byRequest = new Map();
  let pending = 0;
  context.on('request', (r) => {
    const e = { url: r.url(), bytes: 0, done: false };
    byRequest.set(r, e);
    reqs.push(e);
    pending++;
  });
  const finish = async (r, failed) => {
    const e = byRequest.get(r);
    if (!e || e.done) return;
    try {
      if (!failed) {
        const sz = await r.sizes();
        e.bytes = sz.responseBodySize + sz.responseHeadersSize;
      }
    } catch { /* sizes unknown: 0, topped up from the server's count below */ }
    e.failed = failed;
    e.done = true;
    pending--;
  };
  context.on('requestfinished', (r) => finish(r, false));
  context.on('requestfailed', (r) => finish(r, true));

  let from = 0;
  let serverFrom = serverLog.length;
  return {
    page,
    context,
    /** forget everything so far */
    reset() { from = reqs.length; serverFrom = serverLog.length; },
    /** waits for in-flight requests to end, then returns what was fetched since the last reset/take */
    async take() {
      const t0 = Date.now();
      await new Promise((r) => setTimeout(r, 20));
      while (pending > 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 10));
      if (pending > 0) console.error('[bench] requests still pending:', reqs.filter((r) => !r.done).map((r) => r.url));
      const fresh = reqs.slice(from);
      from = reqs.length;
      const srv = serverLog.slice(serverFrom);
      serverFrom = serverLog.length;
      const byPath = new Map();
      for (const s of srv) {
        if (!byPath.has(s.path)) byPath.set(s.path, []);
        byPath.get(s.path).push(s);
      }
      let bytes = 0, corrected = 0;
      const files = [];
      for (const r of fresh) {
        let path;
        try { path = decodeURIComponent(new URL(r.url).pathname); } catch { path = r.url; }
        const s = byPath.get(path)?.shift();
        let b = r.bytes;
        if (s && b < s.bytes) { b += s.bytes; corrected++; }
        bytes += b;
        files.push({ path, bytes: b });
      }
      return { requests: fresh.length, bytes, corrected, files, serverBytes: srv.reduce((a, s) => a + s.bytes + s.headerBytes, 0) };
    },
    async close() { await context.close(); },
  };
}

/**
 * The code each tool runs in the page: load(), and query(q, nData) → {ms, searchMs, total, urls}.
 * Only each tool's documented JS API, with its defaults.
 */
export const ADAPTERS = {
  pagefind: `
    window.__bench = {
      async load() {
        this.pf = await import('/pagefind/pagefind.js');
        if (this.pf.init) await this.pf.init();
      },
      async query(q, nData) {
        const t0 = performance.now();
        const r = await this.pf.search(q);
        const t1 = performance.now();
        const results = (r && r.results) || [];
        const data = await Promise.all(results.slice(0, nData).map((x) => x.data()));
        const t2 = performance.now();
        return { searchMs: t1 - t0, ms: t2 - t0, total: results.length, urls: data.map((d) => d.url), titles: data.map((d) => d.meta && d.meta.title) };
      },
    };`,
  scry: `
    window.__bench = {
      async load() {
        const scry = await import('/scry/scry-api.js');
        this.s = await scry.open('/scry/');
      },
      async query(q, nData) {
        const t0 = performance.now();
        const r = await this.s.search(q, { limit: 10 });
        const t1 = performance.now();
        const results = (r && r.results) || [];
        const data = await Promise.all(results.slice(0, nData).map((x) => x.data()));
        const t2 = performance.now();
        return { searchMs: t1 - t0, ms: t2 - t0, total: r.total, urls: data.map((d) => d.url), titles: data.map((d) => d.title) };
      },
    };`,
};

/** Loads the tool on the blank page, then runs one query; the load time is part of `ms`. */
export async function coldQuery(rec, origin, tool, q, nData) {
  await rec.page.goto(origin + '/__bench/blank.html');
  await rec.page.evaluate(ADAPTERS[tool]);
  rec.reset();
  const out = await rec.page.evaluate(async ([q2, n]) => {
    const t0 = performance.now();
    await window.__bench.load();
    const t1 = performance.now();
    const r = await window.__bench.query(q2, n);
    return { ...r, loadMs: t1 - t0, searchMs: t1 - t0 + r.searchMs, ms: t1 - t0 + r.ms };
  }, [q, nData]);
  const net = await rec.take();
  return { ...out, net };
}

/** Runs queries one after another in the loaded page; returns one result per query (errors kept). */
export async function runQueries(rec, qs, nData) {
  return rec.page.evaluate(async ([qs2, n]) => {
    const out = [];
    for (const q of qs2) {
      try { out.push(await window.__bench.query(q, n)); } catch (e) { out.push({ error: String(e && e.message || e) }); }
    }
    return out;
  }, [qs, nData]);
}
