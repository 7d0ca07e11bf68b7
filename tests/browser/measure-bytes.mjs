// Measures scry against Pagefind on the same HTML site, both served from 127.0.0.1, in Chromium:
//  - bytes over the wire for the first search after page load (JS, CSS, wasm, index files, and the
//    stored data of the top 5 results), each in a fresh browser context (empty cache). Counted by the
//    server (status line + headers + body of every response, as written to the socket), and checked
//    against CDP Network.loadingFinished encodedDataLength for the page's own requests. (A dedicated
//    worker's fetches are not reported to the page's CDP session, and attaching to the worker races with
//    Playwright's own attach, so the server's count is the one that sees everything.)
//  - keystroke-to-rendered-results after the first search: from the keydown's (or input event's)
//    timestamp until the results are in the DOM, for every keystroke of a list of queries typed one key
//    at a time, 120 ms apart (fetches for new prefixes and new results' documents included).
// Not part of the test suite: it prints figures for people.
//
//   node tests/browser/measure-bytes.mjs [--html DIR] [--pagefind BIN] [--queries "a,b,c"]
// Defaults: DIR = the PostgreSQL 15 HTML docs (/usr/share/doc/postgresql-doc-15/html); BIN = $PAGEFIND,
// else the pagefind of /tmp/scratch/node_modules. Needs www/dist and target/release/scry.
//
// The server gzips JS, CSS, wasm, HTML and JSON (Content-Encoding), as static hosts do; index files that
// are gzip files already (scry's *.bin, Pagefind's pf_* and wasm) go as they are.
import { createServer } from "node:http";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { buildIndex, DIST, launch, tempDir } from "./lib.mjs";

const { values: args } = parseArgs({
  options: {
    html: { type: "string", default: "/usr/share/doc/postgresql-doc-15/html" },
    pagefind: { type: "string", default: process.env.PAGEFIND || "/tmp/scratch/node_modules/.bin/pagefind" },
    queries: { type: "string", default: "vacuum,create index,foreign key,json" },
    typed: {
      type: "string",
      default: "create index,foreign key constraint,json functions,transaction isolation,pg_dump,window functions,replication slot,explain analyze,autovacuum,trigger",
    },
  },
});

const log = (...a) => console.error("[measure]", ...a);
const kib = (n) => (n / 1024).toFixed(1);

// ---- sites -------------------------------------------------------------------------------------
// The site is not copied: each engine's server looks in its own overlay folder (the index and the
// measuring page) first, then in the HTML folder.
const tmp = tempDir("scry-measure-");
const scrySite = join(tmp, "scry-site");
const pfSite = join(tmp, "pf-site");
log("scry --site", args.html);
let t = Date.now();
buildIndex(["--site", args.html, "--out", join(scrySite, "scry"), "--quiet"]);
const scryBuild = Date.now() - t;
cpSync(DIST, join(scrySite, "scry"), { recursive: true }); // the assets as built now
log("pagefind --site", args.html);
t = Date.now();
execFileSync(args.pagefind, ["--site", args.html, "--output-path", join(pfSite, "pagefind")], { stdio: "ignore" });
const pfBuild = Date.now() - t;

// One page per engine with the same minimal renderer (title + excerpt as text) and a search box.
const RENDER = `
const out = document.getElementById("out");
function render(items) {
  out.replaceChildren(...items.map((d) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.title;
    const p = document.createElement("p");
    p.textContent = d.excerpt;
    li.append(a, p);
    return li;
  }));
}
window.__times = [];
let seq = 0;
document.getElementById("q").addEventListener("input", async (e) => {
  const t0 = e.timeStamp, my = ++seq;
  try {
    const items = await window.engineSearch(e.target.value);
    if (my !== seq) return;
    render(items);
    window.__times.push(performance.now() - t0);
    window.__done = (window.__done || 0) + 1;
  } catch (err) { if (err.name !== "AbortError") throw err; }
});`;
const page = (head, engine) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>measure</title>
<link rel="icon" href="data:,">${head}</head><body><input id="q" aria-label="q"><ul id="out"></ul>
<script type="module">${engine}\n${RENDER}</script></body></html>`;

writeFileSync(
  join(scrySite, "__api.html"),
  page(
    "",
    `import { open } from "/scry/scry-api.js";
let s;
window.engineSearch = async (q) => {
  s ??= await open("/scry/");
  const r = await s.search(q, { limit: 5 });
  return Promise.all(r.results.slice(0, 5).map((x) => x.data()));
};`,
  ),
);
writeFileSync(
  join(scrySite, "__widget.html"),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>measure</title><link rel="icon" href="data:,">
<script type="module" src="/scry/scry.js"></script></head><body><scry-search limit="5"></scry-search>
<script type="module">
const el = document.querySelector("scry-search");
window.__times = []; let t0 = 0;
el.addEventListener("keydown", (e) => (t0 = e.timeStamp), true);
el.addEventListener("scry-results", () => { if (t0) window.__times.push(performance.now() - t0); window.__done = (window.__done || 0) + 1; });
</script></body></html>`,
);
writeFileSync(
  join(pfSite, "__api.html"),
  page(
    "",
    `let pf;
window.engineSearch = async (q) => {
  pf ??= await import("/pagefind/pagefind.js");
  const r = await pf.search(q);
  if (!r) throw Object.assign(new Error("superseded"), { name: "AbortError" });
  const d = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
  return d.map((x) => ({ url: x.url, title: x.meta.title, excerpt: x.excerpt }));
};`,
  ),
);

// ---- server --------------------------------------------------------------------------------------
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };
const gzCache = new Map();
function serveDir(overlay) {
  const log = [];
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = [overlay, args.html].map((root) => normalize(join(root, path))).find((f, i) => f.startsWith([overlay, args.html][i]) && existsSync(f));
    if (!file) return res.writeHead(404).end();
    let body = readFileSync(file);
    const type = TYPES[extname(file)];
    const headers = { "content-type": type || "application/octet-stream", "cache-control": "no-cache" };
    if (type && /gzip/.test(req.headers["accept-encoding"] || "")) {
      if (!gzCache.has(file)) gzCache.set(file, gzipSync(body, { level: 6 }));
      body = gzCache.get(file);
      headers["content-encoding"] = "gzip";
    }
    res.writeHead(200, headers).end(body);
    log.push({ url: req.url, n: Buffer.byteLength(res._header || "") + body.length });
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r({ url: `http://127.0.0.1:${server.address().port}`, log, close: () => server.close() })));
}

// ---- measuring -----------------------------------------------------------------------------------
async function withCdp(page) {
  const cdp = await page.context().newCDPSession(page);
  const urls = new Map();
  const bytes = [];
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => bytes.push({ url: urls.get(e.requestId) || "?", n: e.encodedDataLength }));
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return bytes;
}

const isPage = (u) => /\/__\w+\.html$/.test(new URL(u, "http://x").pathname);

async function firstSearchBytes(browser, server, path, query, widget) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await withCdp(page);
  server.log.length = 0;
  await page.goto(server.url + path);
  await page.locator(widget ? "scry-search input" : "#q").fill(query);
  await page.waitForFunction(() => window.__done >= 1, null, { timeout: 30000 });
  await page.waitForTimeout(500);
  await context.close();
  const files = server.log.filter((b) => !isPage(b.url));
  // Cross-check: the page's own requests as CDP saw them.
  let diff = 0;
  for (const c of cdp) {
    const s = files.find((f) => c.url.endsWith(f.url));
    if (s) diff = Math.max(diff, Math.abs(s.n - c.n));
  }
  return { total: files.reduce((s, b) => s + b.n, 0), files, diff, cdpSeen: cdp.filter((c) => !isPage(c.url)).length };
}

async function keystrokes(browser, base, path, widget) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + path);
  const input = page.locator(widget ? "scry-search input" : "#q");
  await input.click();
  await input.fill("vacuum");
  await page.waitForFunction(() => window.__done >= 1, null, { timeout: 30000 });
  await page.evaluate(() => (window.__times.length = 0));
  for (const q of args.typed.split(",")) {
    await input.fill("");
    await page.waitForTimeout(100);
    await page.evaluate(() => (window.__times.length = 0, 0));
    await input.pressSequentially(q, { delay: 120 });
    await page.waitForTimeout(400);
    (keystrokes.all ||= []).push(...(await page.evaluate(() => window.__times)));
  }
  const all = keystrokes.all;
  keystrokes.all = [];
  await context.close();
  all.sort((a, b) => a - b);
  const q = (p) => all[Math.min(all.length - 1, Math.floor(p * all.length))];
  return { n: all.length, median: q(0.5), p90: q(0.9), max: all.at(-1) };
}

const browser = await launch();
const scry = await serveDir(scrySite);
const pf = await serveDir(pfSite);
const rows = [];
for (const query of args.queries.split(",")) {
  const a = await firstSearchBytes(browser, scry, "/__api.html", query, false);
  const w = await firstSearchBytes(browser, scry, "/__widget.html", query, true);
  const p = await firstSearchBytes(browser, pf, "/__api.html", query, false);
  rows.push({ query, scryApi: a, scryWidget: w, pagefind: p });
}
const lat = {
  scryApi: await keystrokes(browser, scry.url, "/__api.html", false),
  scryWidget: await keystrokes(browser, scry.url, "/__widget.html", true),
  pagefind: await keystrokes(browser, pf.url, "/__api.html", false),
};
await browser.close();
scry.close();
pf.close();

// ---- report -------------------------------------------------------------------------------------
const pages = execFileSync("sh", ["-c", `find '${args.html}' -name '*.html' | wc -l`], { encoding: "utf8" }).trim();
console.log(`\nCorpus: ${args.html} (${pages} HTML files). Build: scry ${(scryBuild / 1000).toFixed(1)} s, Pagefind ${(pfBuild / 1000).toFixed(1)} s.`);
console.log(`\nFirst search after page load, KiB over the wire (fresh cache; top 5 results' data included):`);
console.log("query".padEnd(22) + "scry API".padStart(10) + "scry widget".padStart(13) + "Pagefind API".padStart(14) + "scry/Pagefind".padStart(15));
for (const r of rows) {
  console.log(
    r.query.padEnd(22) + kib(r.scryApi.total).padStart(10) + kib(r.scryWidget.total).padStart(13) + kib(r.pagefind.total).padStart(14) + (r.scryApi.total / r.pagefind.total).toFixed(2).padStart(15),
  );
}
const group = (files) => {
  const g = {};
  for (const f of files) {
    const name = new URL(f.url, "http://x").pathname.split("/").pop();
    const k = /\.bin$/.test(name) ? (name === "manifest.bin" ? "manifest.bin" : name[0] === "t" ? "term shards" : name[0] === "b" ? "doc bundles" : "other .bin") : /pf_fragment/.test(name) ? "fragments" : /pf_index/.test(name) ? "index chunks" : name;
    g[k] = (g[k] || 0) + f.n;
  }
  return Object.entries(g).map(([k, v]) => `${k} ${kib(v)}`).join(", ");
};
const maxDiff = Math.max(...rows.flatMap((r) => [r.scryApi.diff, r.scryWidget.diff, r.pagefind.diff]));
console.log(`(server count vs CDP encodedDataLength on the page's own requests: at most ${maxDiff} bytes apart per request)`);
console.log(`\nBreakdown for "${rows[0].query}":`);
console.log("  scry API:     " + group(rows[0].scryApi.files));
console.log("  scry widget:  " + group(rows[0].scryWidget.files));
console.log("  Pagefind API: " + group(rows[0].pagefind.files));
console.log(`\nKeystroke to rendered results after the first search (ms; ${args.typed.split(",").length} queries typed one key at a time, 120 ms apart):`);
for (const [k, v] of Object.entries(lat)) console.log(`  ${k.padEnd(12)} n=${v.n}  median ${v.median.toFixed(1)}  p90 ${v.p90.toFixed(1)}  max ${v.max.toFixed(1)}`);
