// What every generator test checks in Chromium, the way a visitor would: one search box on the page,
// a query typed into it, a result followed to the right page with the terms highlighted.
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { createServer } from "node:net";
import { serve, tempDir } from "../browser/lib.mjs";
import { run } from "./npm-project.mjs";

/** Serve the built site `dist` at the path `base` ("/" or "/docs/") of a local server. */
export async function serveAt(dist, base = "/") {
  if (base === "/") return serve(dist);
  const root = tempDir("scry-site-");
  const at = join(root, base.replace(/^\/|\/$/g, ""));
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(dist, at, "dir");
  return serve(root);
}

/** A free port on 127.0.0.1, for a dev server. */
export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Every search UI a theme might put on the page, scry's included: there must be exactly one. */
export async function searchBoxes(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll("scry-search")) found.push("scry-search");
    const others = [
      "site-search", // Starlight (Pagefind)
      "#starlight__search",
      ".pagefind-ui",
      ".DocSearch-Button", // Algolia DocSearch (Docusaurus, VitePress)
      ".navbar__search-input", // Docusaurus local-search themes
      ".VPNavBarSearch button", // VitePress local search (its container is there, empty, without search)
      "#local-search",
      "input[type=search]",
    ];
    for (const sel of others) for (const el of document.querySelectorAll(sel)) found.push(sel);
    return found;
  });
}

/**
 * Type `query` into the page's scry box (opening the dialog in modal mode), wait for a result whose
 * title is `title` (or `title | Site name`: scry strips a shared suffix only on sites with many pages), click it, and check the page reached: its path matches `path` and the
 * query's `term` is marked there. Returns the destination URL.
 */
export async function searchAndFollow(page, { query, title, path, term }) {
  const box = page.locator("scry-search").first();
  await box.waitFor({ state: "attached" });
  await page.waitForFunction(() => customElements.get("scry-search"), null, { timeout: 15_000 });
  if ((await box.getAttribute("mode")) === "modal") await box.locator("button.trigger").click();
  const input = box.locator("input");
  await input.click();
  await page.keyboard.type(query, { delay: 40 });
  const option = box
    .locator("[role=option]")
    .filter({ has: page.locator(".title", { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s+[|·—–-]\\s.*)?$`) }) })
    .first();
  await option.waitFor({ timeout: 15_000 });
  await Promise.all([page.waitForURL((u) => u.searchParams.has("highlight"), { timeout: 15_000 }), option.click()]);
  const url = new URL(page.url());
  assert.match(url.pathname, path, `followed to ${url}`);
  const mark = page.locator("mark.scry-highlight", { hasText: new RegExp(term, "i") }).first();
  await mark.waitFor({ timeout: 10_000 });
  // Still marked once the page's own scripts have run (a framework hydrating the page must not wipe it).
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  assert.ok(await mark.isVisible(), `"${term}" is highlighted on ${url}`);
  return url;
}

/** `scry search --index DIR --json QUERY` with the project's binary; returns the result URLs. */
export async function cliSearch(bin, indexDir, query) {
  const r = await run(bin, ["search", "--index", indexDir, "--json", "--limit", "50", query]);
  assert.equal(r.code, 0, r.out);
  const out = JSON.parse(r.stdout);
  return (out.results ?? out).map((x) => x.url);
}

/** Lines of a generator's output that look like a JavaScript stack trace (or announce one). */
export function stackLines(text) {
  return text.split("\n").filter((l) => /^\s+at .+(\(|:\d+:\d+)/.test(l) || /Stack trace:/.test(l));
}

/**
 * A Chromium page that records its problems: uncaught errors and console errors, and any request
 * answered with an error status (a favicon the example site does not have aside).
 * `problems(page)` lists them.
 */
export async function openPage(browser, opts) {
  const { newPage } = await import("../browser/lib.mjs");
  const page = await newPage(browser, opts);
  page.failed = [];
  page.on("response", (r) => {
    if (r.status() >= 400 && !/\/favicon\.(ico|svg)$/.test(new URL(r.url()).pathname)) page.failed.push(`${r.status()} ${r.url()}`);
  });
  return page;
}

export function problems(page) {
  return [...page.errors.filter((e) => !/^Failed to load resource/.test(e)), ...page.failed];
}

/**
 * Start a generator's dev server (`cmd args…`, given the port by `args(port)`) and wait until
 * `path` answers 200; resolves {url, output(), stop()}. The server runs in its own process group,
 * stopped by its id.
 */
export async function devServer({ cmd, args, cwd, env, path, timeout = 120_000 }) {
  const { spawn } = await import("node:child_process");
  const port = await freePort();
  const child = spawn(cmd, args(port), { cwd, env, detached: true });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((r) => {
      if (child.exitCode !== null) return r();
      child.once("exit", r);
      process.kill(-child.pid, "SIGTERM");
    });
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      if ((await fetch(url + path)).ok) break;
    } catch {}
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`${cmd} ${args(port).join(" ")} did not answer ${url}${path}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, output: () => out, stop };
}
