// Jekyll: the recipe of docs/integrations/jekyll.md — an include that places the widget,
// data-scry-body on the content, `jekyll build` then `scry --site _site --config scry.toml` — on a
// site published under a subfolder (baseurl /journal). Jekyll is Debian's package (bookworm: 4.3.1),
// installed here when missing; scry from the packed wheel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { launch, newPage, serve, tempDir, ROOT } from "../browser/lib.mjs";
import { pythonEnv, searchUrls } from "./pyenv.mjs";
import { assertOneSearchBox, NO_FAVICON, searchAndFollow } from "./searchflow.mjs";

const JEKYLL = "4.3"; // Debian 12's jekyll (4.3.1+dfsg)

function jekyllVersion() {
  const r = spawnSync("jekyll", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().replace(/^jekyll /, "") : null;
}

let py, work, browser;
before(() => {
  if (!jekyllVersion() && process.getuid?.() === 0) {
    const apt = (args) => spawnSync("apt-get", args, { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    const install = ["install", "-y", "-q", "--no-install-recommends", "jekyll"];
    let r = apt(install);
    // A new machine's package lists may be missing or old: update them once and try again.
    if (r.status !== 0 && apt(["update", "-q"]).status === 0) r = apt(install);
    if (r.status !== 0) throw new Error(`apt-get install jekyll failed:\n${r.stderr}`);
  }
  const v = jekyllVersion();
  if (!v) throw new Error("jekyll is not installed: apt-get install jekyll (Debian 12 has 4.3.1)");
  assert.ok(v.startsWith(JEKYLL + "."), `jekyll ${v}; this test pins ${JEKYLL}.x (Debian 12)`);
  py = pythonEnv("scry-only", []);
  work = tempDir("scry-jekyll-");
  cpSync(join(ROOT, "tests/integrations/sites/jekyll"), join(work, "src"), { recursive: true });
});
after(async () => {
  await browser?.close();
});

test("Jekyll under a subfolder: the include's box finds a page, and the page marks the terms", async () => {
  const src = join(work, "src");
  const www = join(work, "www");
  const out = join(www, "journal");
  const r = spawnSync("jekyll", ["build", "--quiet", "--source", src, "--destination", out], { encoding: "utf8", cwd: src });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  py.scry(["--site", out, "--config", join(src, "scry.toml")]);
  const urls = (q) => searchUrls(py, join(out, "scry"), q);
  assert.deepEqual(urls("diaphone"), ["/journal/guide/fog.html"]);
  assert.deepEqual(urls("wiki"), [], "data-scry-ignore keeps the edit link out");
  assert.deepEqual(urls("cooperative"), [], "the footer is not indexed");

  // keep_files: a rebuild leaves the index in place.
  const again = spawnSync("jekyll", ["build", "--quiet", "--source", src, "--destination", out], { encoding: "utf8", cwd: src });
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(urls("diaphone"), ["/journal/guide/fog.html"], "the index survived `jekyll build`");

  const server = await serve(www, NO_FAVICON);
  browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(server.url + "/journal/");
    await assertOneSearchBox(page, null, "/journal/");
    await searchAndFollow(page, { query: "prisms", firstUrl: /^\/journal\/guide\/lens\.html\?highlight=prism/, term: "prism" });
    assert.deepEqual(page.errors, []);
  } finally {
    await server.close();
  }
});
