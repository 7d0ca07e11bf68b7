// Shared helpers for the browser tests: a static server on 127.0.0.1, Chromium through playwright-core,
// and building indexes with the real CLI.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = process.env.SCRY_DIST || join(ROOT, "www/dist");
export const CLI = process.env.SCRY_CLI || join(ROOT, "target/release/scry");

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".jsonl": "application/x-ndjson",
  ".bin": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serve `root` on 127.0.0.1 (a free port). Options: csp (header on every response), routes (path →
 * {status, body, type}) for overrides. Returns {url, close, requests}.
 */
export async function serve(root, { csp, routes = {} } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    const headers = { "cache-control": "no-store" };
    if (csp) headers["content-security-policy"] = csp;
    const route = routes[path];
    if (route) {
      res.writeHead(route.status || 200, { ...headers, "content-type": route.type || TYPES[extname(path)] || "application/octet-stream" });
      return res.end(route.body);
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(resolve(root))) return res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { ...headers, "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    // Connections the browser keeps open (its contexts outlive their pages) must not hold the close.
    close: () =>
      new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      }),
  };
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A page that records console errors and uncaught exceptions into page.errors. */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  page.errors = [];
  page.console = [];
  page.on("console", (m) => {
    page.console.push(`${m.type()}: ${m.text()}`);
    if (m.type() === "error") page.errors.push(m.text());
  });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return page;
}

const temps = [];
process.on("exit", () => {
  if (!process.env.SCRY_KEEP_TEMP) for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A temporary folder, removed when the test process exits (unless SCRY_KEEP_TEMP is set). */
export function tempDir(name = "scry-test-") {
  const d = mkdtempSync(join(tmpdir(), name));
  temps.push(d);
  return d;
}

/** Run the real scry CLI; returns its stdout. */
export function buildIndex(args) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run tests/browser/run.sh (it builds the CLI)`);
  return execFileSync(CLI, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Write records as JSONL and index them with `scry --records` and a scry.toml; returns the out dir. */
export function indexRecords(records, toml, dir = tempDir()) {
  writeFileSync(join(dir, "records.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  writeFileSync(join(dir, "scry.toml"), toml);
  const out = join(dir, "site/scry");
  buildIndex(["--records", join(dir, "records.jsonl"), "--config", join(dir, "scry.toml"), "--out", out]);
  return join(dir, "site");
}

export { cpSync, rmSync, writeFileSync, join };

