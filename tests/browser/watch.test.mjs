// `scry --site DIR --serve --watch`: a page added to the site becomes searchable through the served
// folder without restarting anything; a rebuild that fails keeps the last index working; the index's
// own folder does not trigger rebuilds.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, launch, newPage, tempDir } from "./lib.mjs";
import { MOCK } from "./fixtures.mjs";

const page = (title, text) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

let browser, child, url, site, log = "";
before(async () => {
  if (MOCK) return;
  site = join(tempDir(), "site");
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, "index.html"), `<!doctype html><html lang="en"><title>Home</title><link rel="icon" href="data:,"><h1>Home</h1>`);
  writeFileSync(join(site, "first.html"), page("First", "The heron waits by the water."));
  // The config read on every rebuild (a broken one makes the rebuild fail).
  writeFileSync(join(site, "..", "scry.toml"), `language = "en"\n`);
  child = spawn(CLI, ["--site", site, "--serve", "--watch", "--port", "0", "--config", join(site, "..", "scry.toml")], { stdio: ["ignore", "ignore", "pipe"] });
  child.stderr.setEncoding("utf8");
  url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no Serving line: " + log)), 30000);
    child.stderr.on("data", (d) => {
      log += d;
      const m = log.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`scry exited with ${code}: ${log}`)));
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  child?.kill();
});

/** The total for `q`, searched from a fresh page (a fresh page reads the current manifest). */
async function total(q) {
  const p = await newPage(browser);
  await p.goto(url + "/");
  const n = await p.evaluate(async (q) => {
    const { open } = await import("/scry/scry-api.js");
    return (await (await open("/scry/")).search(q)).total;
  }, q);
  await p.close();
  return n;
}

async function until(what, check, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms; scry said:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const rebuilds = () => (log.match(/Change seen: rebuilding/g) || []).length;

test("a new page becomes searchable; a failed rebuild keeps the old index; the output does not retrigger", { skip: MOCK && "needs the real CLI" }, async () => {
  assert.equal(await total("heron"), 1);
  assert.equal(await total("kingfisher"), 0);

  writeFileSync(join(site, "second.html"), page("Second", "A kingfisher dives."));
  await until("the new word becoming searchable", async () => (await total("kingfisher")) === 1);
  assert.equal(await total("heron"), 1);

  // Quiet input: no rebuild follows the last one (its own output, written into the site, is ignored).
  const settled = rebuilds();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(rebuilds(), settled, "the index's own files triggered a rebuild:\n" + log);
  assert.ok(!readdirSync(site).some((n) => n.startsWith(".scry.tmp")), "no temporary folder left");

  // A broken config: the rebuild fails, says so, and the last index keeps answering.
  const manifest = statSync(join(site, "scry/manifest.bin")).mtimeMs;
  writeFileSync(join(site, "..", "scry.toml"), `language = "klingon"\n`);
  writeFileSync(join(site, "third.html"), page("Third", "An osprey circles."));
  await until("the failed rebuild being reported", async () => /rebuild failed/.test(log));
  assert.match(log, /klingon/);
  assert.equal(statSync(join(site, "scry/manifest.bin")).mtimeMs, manifest, "the index was not replaced");
  assert.equal(await total("kingfisher"), 1);
  assert.equal(await total("osprey"), 0);

  // Fixed: the next rebuild takes everything in.
  writeFileSync(join(site, "..", "scry.toml"), `language = "en"\n`);
  await until("the osprey page becoming searchable", async () => (await total("osprey")) === 1);
});
