// A corrupt or missing index file, or an index of another format version, gives a clear error in the
// UI (and the console) instead of silence.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { join } from "node:path";
import { launch, newPage, serve } from "./lib.mjs";
import { gardenSite, MOCK } from "./fixtures.mjs";

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

const indexFiles = (site) => readdirSync(join(site, "scry")).filter((f) => f.endsWith(".bin") && f !== "manifest.bin");

async function errorFor(site, query = "water") {
  const server = await serve(site);
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.locator("#inline input").click();
  await page.keyboard.type(query);
  const error = page.locator("#inline .error");
  await error.waitFor({ timeout: 10000 });
  const text = await error.textContent();
  const status = await page.locator("#inline [role=status]").textContent();
  const consoleErrors = page.errors.filter((e) => e.startsWith("scry:"));
  await page.close();
  await server.close();
  return { text, status, consoleErrors };
}

test("a corrupt index file (broken gzip) says which file is corrupt", async () => {
  const site = gardenSite();
  for (const f of indexFiles(site)) {
    const b = readFileSync(join(site, "scry", f));
    writeFileSync(join(site, "scry", f), b.subarray(0, Math.max(12, b.length >> 1))); // truncated gzip
  }
  const { text, status, consoleErrors } = await errorFor(site);
  assert.match(text, /^scry: index file \S+\.bin is corrupt/);
  assert.equal(status, text, "announced in the live region");
  assert.ok(consoleErrors.includes(text), "and in the console: " + consoleErrors.join(" / "));
});

test("a corrupt index file (valid gzip, wrong bytes) says it is corrupt or from another build", async () => {
  const site = gardenSite();
  for (const f of indexFiles(site)) writeFileSync(join(site, "scry", f), gzipSync(Buffer.from("this is not an index file at all, no sir")));
  const { text } = await errorFor(site);
  assert.match(text, /^scry: index file \S+\.bin is corrupt or from another build/);
});

test("a missing index file says which one, and what to do", async () => {
  const site = gardenSite();
  for (const f of indexFiles(site)) rmSync(join(site, "scry", f));
  const { text } = await errorFor(site);
  assert.match(text, /^scry: index file \S+\.bin is missing \(HTTP 404/);
  assert.match(text, /reload the page|upload the whole index/);
});

test("a missing manifest says so", async () => {
  const site = gardenSite();
  rmSync(join(site, "scry", "manifest.bin"));
  const { text } = await errorFor(site);
  // In words a visitor understands first, then the details for the site's owner.
  assert.match(text, /^Search is unavailable: this site's search index was not found\. scry: index file manifest\.bin is missing/);
});

test("an index of another format version asks to rebuild or upgrade", async () => {
  const site = gardenSite();
  const path = join(site, "scry", "manifest.bin");
  const raw = gunzipSync(readFileSync(path));
  let patched;
  if (MOCK) {
    const m = JSON.parse(raw);
    m.format = 99;
    patched = Buffer.from(JSON.stringify(m));
  } else {
    patched = Buffer.from(raw);
    patchFormatVersion(patched, 99);
  }
  writeFileSync(path, gzipSync(patched));
  const { text } = await errorFor(site);
  assert.match(text, /format 99\b.*rebuild .*upgrade the widget/);
});

// The manifest starts with the magic bytes and then the format version (see src/format/mod.rs).
function patchFormatVersion(bytes, v) {
  bytes[MAGIC_LEN] = v;
}
const MAGIC_LEN = 4;

test("a missing worker script or wasm module says which", async () => {
  let site = gardenSite();
  rmSync(join(site, "scry", "scry-worker.js"));
  assert.match((await errorFor(site)).text, /^scry: could not start the search worker \S+scry-worker\.js/);
  site = gardenSite();
  rmSync(join(site, "scry", "scry_wasm_bg.wasm"));
  assert.match((await errorFor(site)).text, /^scry: could not load the search engine \S+scry_wasm_bg\.wasm/);
});
