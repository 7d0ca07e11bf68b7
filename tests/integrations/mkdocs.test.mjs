// MkDocs: `plugins: [scry]` in mkdocs.yml (the documented way, docs/integrations/mkdocs.md), with the
// default theme at the site's root and Material for MkDocs under a subfolder. Real builds with
// MkDocs and Material from PyPI (pinned), searched in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { launch, newPage, serve, tempDir, ROOT } from "../browser/lib.mjs";
import { pythonEnv, searchUrls } from "./pyenv.mjs";
import { assertOneSearchBox, NO_FAVICON, pageErrors, searchAndFollow } from "./searchflow.mjs";

// The default theme loads highlight.js from a CDN (Material: Google Fonts); offline, that fails, and
// the default theme's base.js then throws.
// The same errors appear on a build without scry.
const THEME_OFFLINE = /ERR_NAME_NOT_RESOLVED|hljs is not defined|reading 'backdrop'/;

const PINS = ["mkdocs==1.6.1", "mkdocs-material==9.8.2"];
const SITE = join(ROOT, "tests/integrations/sites/mkdocs");

let py, work, browser;
before(() => {
  py = pythonEnv("mkdocs", PINS);
  work = tempDir("scry-mkdocs-");
  cpSync(SITE, work, { recursive: true });
});
after(async () => {
  await browser?.close();
});
const chromium = async () => (browser ??= await launch());

function build(config, out) {
  const r = py.run("mkdocs", ["build", "--strict", "-f", config, "-d", out], { cwd: work });
  assert.equal(r.status, 0, `mkdocs build -f ${config}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".html") && !f.startsWith("scry/"))
    .map((f) => join(dir, f));
}

/** Every built page: one scry box, none of `forbidden`, and the widget's script. */
function checkPages(dir, forbidden, script) {
  const files = htmlFiles(dir);
  assert.ok(files.length >= 5, files.join(" "));
  for (const f of files) {
    const html = readFileSync(f, "utf8");
    const name = relative(dir, f);
    assert.equal(html.split("<scry-search").length - 1, 1, `${name}: scry boxes`);
    for (const bad of forbidden) assert.ok(!html.includes(bad), `${name} still has ${bad}`);
    assert.match(html, script(name), `${name}: the widget's script`);
  }
}

test("default theme: the navbar's search is scry's, pages are indexed without the chrome, and a result leads to its page with the terms marked", async () => {
  const out = join(work, "out-mkdocs");
  build("mkdocs.yml", out);
  checkPages(out, ["mkdocs_search_modal", "search_index.json"], (name) =>
    name === "404.html" ? /src="\/scry\/scry\.js"/ : /<script type="module" src="(\.\.\/)*scry\/scry\.js"><\/script>/,
  );
  // The index: content only (the navbar's "Previous"/"Next" are not words of any page), and the
  // excluded reference/** pages are not in it.
  const hits = (q) => searchUrls(py, join(out, "scry"), q);
  assert.deepEqual(hits("diaphone"), ["/guide/fog/"]);
  assert.deepEqual(hits("quoinstone"), [], "reference/** is excluded");
  assert.deepEqual(hits("previous"), [], "navigation is not indexed");

  const server = await serve(out, NO_FAVICON);
  try {
    const page = await newPage(await chromium());
    await page.goto(server.url + "/guide/lens/");
    await assertOneSearchBox(page, "#mkdocs_search_modal, [data-bs-target='#mkdocs_search_modal']", "/guide/lens/");
    assert.equal(await page.locator("scry-search").getAttribute("mode"), "inline");
    await searchAndFollow(page, { query: "diaphone", firstUrl: /^\/guide\/fog\/\?highlight=diaphone/, term: "diaphone" });
    assert.deepEqual(pageErrors(page, THEME_OFFLINE), []);
    await page.context().close();
  } finally {
    await server.close();
  }
});

test("Material for MkDocs under a subfolder: the header's search is scry's (modal), and results link inside the subfolder", async () => {
  const www = join(work, "www-material");
  const out = join(www, "handbook");
  build("mkdocs-material.yml", out);
  checkPages(out, ["md-search", 'for="__search"'], (name) =>
    name === "404.html" ? /src="\/handbook\/scry\/scry\.js"/ : /<script type="module" src="(\.\.\/)*scry\/scry\.js"><\/script>/,
  );
  const server = await serve(www, NO_FAVICON);
  try {
    const page = await newPage(await chromium());
    await page.goto(server.url + "/handbook/guide/log/");
    await assertOneSearchBox(page, ".md-search, label[for='__search']", "/handbook/guide/log/");
    assert.equal(await page.evaluate(() => !!document.querySelector("header.md-header scry-search")), true, "in the header");
    await searchAndFollow(page, { query: "focal pla", firstUrl: /^\/handbook\/guide\/lens\/\?highlight=focal/, term: "focal" });
    assert.deepEqual(pageErrors(page, THEME_OFFLINE), []);
    await page.context().close();
  } finally {
    await server.close();
  }
});

test("MkDocs' readthedocs theme: the sidebar's search is scry's; a theme scry does not know: the box at the top, with a warning", () => {
  writeFileSync(join(work, "rtd.yml"), "site_name: Keeper's Handbook\ntheme: {name: readthedocs}\nplugins:\n  - scry\n");
  const rtd = join(work, "out-rtd");
  build("rtd.yml", rtd);
  checkPages(rtd, ["rtd-search-form", 'name="q"'], (name) => (name === "404.html" ? /src="\/scry\/scry\.js"/ : /src="(\.\.\/)*scry\/scry\.js"/));
  assert.match(readFileSync(join(rtd, "guide/lens/index.html"), "utf8"), /<div class="wy-side-nav-search">[\s\S]*<scry-search mode="modal"><\/scry-search>\s*<\/div>/);

  // A theme of one's own (custom_dir only): nothing to replace, so the box goes first in <body>,
  // and the build says so.
  mkdirSync(join(work, "plain-theme"), { recursive: true });
  writeFileSync(
    join(work, "plain-theme/main.html"),
    "<!doctype html><html><head><title>{{ page.title }}</title></head><body><main>{{ page.content }}</main></body></html>\n",
  );
  writeFileSync(join(work, "plain.yml"), "site_name: Plain\ntheme: {name: null, custom_dir: plain-theme}\nplugins:\n  - scry\n");
  const r = py.run("mkdocs", ["build", "-f", "plain.yml", "-d", join(work, "out-plain")], { cwd: work });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /theme None: scry does not know where this theme's header is/);
  const html = readFileSync(join(work, "out-plain/guide/lens/index.html"), "utf8");
  assert.match(html, /<body><scry-search mode="modal"><\/scry-search><main>/);

  // With the box already in the template, the plugin adds only the script.
  writeFileSync(
    join(work, "plain-theme/main.html"),
    "<!doctype html><html><head><title>{{ page.title }}</title></head><body><header><scry-search mode=\"inline\"></scry-search></header><main>{{ page.content }}</main></body></html>\n",
  );
  const again = py.run("mkdocs", ["build", "-f", "plain.yml", "-d", join(work, "out-plain")], { cwd: work });
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /does not know/);
  const placed = readFileSync(join(work, "out-plain/guide/lens/index.html"), "utf8");
  assert.equal(placed.split("<scry-search").length - 1, 1);
  assert.match(placed, /<script type="module" src="\.\.\/\.\.\/scry\/scry\.js">/);
});

// Each mistake stops `mkdocs build` with a message that names the option, and no traceback.
const BAD = [
  ["unknown option", "      placement: header\n", /option 'placement': unknown option/],
  ["wrong type", "      limit: many\n", /option 'limit': expected a positive whole number/],
  ["wrong type in weights", "      weights: {title: high}\n", /weights\.title: expected a positive number/],
  ["bad mode", "      mode: popup\n", /option 'mode'/],
  ["a page glob that matches nothing", '      include: ["blog/**"]\n', /plugins\.scry\.include: the glob 'blog\/\*\*' matches no page/],
];
for (const [what, line, message] of BAD) {
  test(`bad plugin configuration stops the build: ${what}`, () => {
    const yml = `site_name: Bad\ntheme: {name: mkdocs}\nplugins:\n  - scry:\n${line}`;
    writeFileSync(join(work, "bad.yml"), yml);
    const r = py.run("mkdocs", ["build", "-f", "bad.yml", "-d", join(work, "out-bad")], { cwd: work });
    assert.notEqual(r.status, 0, `built anyway:\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /Traceback/);
  });
}

test("scry and MkDocs' own search plugin together are refused (two search boxes never ship)", () => {
  writeFileSync(join(work, "both.yml"), "site_name: Both\nplugins:\n  - search\n  - scry\n");
  const r = py.run("mkdocs", ["build", "-f", "both.yml", "-d", join(work, "out-both")], { cwd: work });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /remove 'search' from plugins in both\.yml/);
  assert.doesNotMatch(r.stderr, /Traceback/);
});
