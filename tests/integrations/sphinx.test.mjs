// Sphinx: `extensions = ["scry_search.sphinx"]` in conf.py (the documented way,
// docs/integrations/sphinx.md), built with alabaster, furo and the Read the Docs theme (the last one
// deployed under a subfolder), each searched in Chromium, search.html included. Sphinx and the
// themes come from PyPI, pinned.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { launch, newPage, serve, tempDir, ROOT } from "../browser/lib.mjs";
import { pythonEnv, searchUrls } from "./pyenv.mjs";
import { assertOneSearchBox, NO_FAVICON, searchAndFollow } from "./searchflow.mjs";

const PINS = ["sphinx==9.0.4", "alabaster==1.0.0", "furo==2025.12.19", "sphinx-rtd-theme==3.1.0"];
const SITE = join(ROOT, "tests/integrations/sites/sphinx");
// Anything of Sphinx's own search box, in any of the three themes.
const THEME_SEARCH = "input[name=q], form.search, #searchbox, #rtd-search-form, .sidebar-search-container, #search-results";

let py, work, browser;
before(() => {
  py = pythonEnv("sphinx", PINS);
  work = tempDir("scry-sphinx-");
  cpSync(SITE, join(work, "src"), { recursive: true });
});
after(async () => {
  await browser?.close();
});
const chromium = async () => (browser ??= await launch());

function build(out, defines = [], src = join(work, "src")) {
  const args = ["-b", "html", "-q", "-E", ...defines.flatMap((d) => ["-D", d]), src, out];
  const r = py.run("sphinx-build", args, { cwd: work });
  assert.equal(r.status, 0, `sphinx-build ${args.join(" ")}:\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /WARNING|ERROR/, r.stderr);
}

/** Every built page: one scry box, nothing of the theme's search, scry.js, no sphinx_highlight.js. */
function checkPages(dir) {
  const files = readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".html") && !f.startsWith("_") && !f.startsWith("scry/"))
    .map((f) => join(dir, f));
  assert.ok(files.some((f) => f.endsWith("search.html")));
  for (const f of files) {
    const html = readFileSync(f, "utf8");
    const name = relative(dir, f);
    assert.equal(html.split("<scry-search").length - 1, 1, `${name}: scry boxes`);
    for (const bad of ['name="q"', 'id="searchbox"', "rtd-search-form", "sidebar-search-container", 'class="sidebar-search"', "searchtools.js", "sphinx_highlight.js"]) {
      assert.ok(!html.includes(bad), `${name} still has ${bad}`);
    }
    assert.match(html, /<script src="(\.\.\/)*scry\/scry\.js(\?v=\w+)?" type="module"><\/script>|<script type="module" src="(\.\.\/)*scry\/scry\.js/, `${name}: scry.js`);
  }
}

const THEMES = [
  // theme, where it is served, the query, the page it should find first, the term to see marked
  { theme: "alabaster", base: "/", query: "diaphone", first: "guide/fog.html", term: "diaphone" },
  { theme: "furo", base: "/", query: "barometr", first: "guide/log.html", term: "barometer" },
  { theme: "sphinx_rtd_theme", base: "/docs/en/", query: "focal pla", first: "guide/lens.html", term: "focal" },
];

for (const t of THEMES) {
  test(`${t.theme}${t.base === "/" ? "" : ` under ${t.base}`}: the theme's search box and search page are scry's, and a result leads to its page with the terms marked`, async () => {
    const www = join(work, `www-${t.theme}`);
    const out = join(www, t.base);
    const defines = [`html_theme=${t.theme}`];
    if (t.base !== "/") defines.push(`html_baseurl=https://example.org${t.base}`);
    build(out, defines);
    checkPages(out);
    const urls = (q) => searchUrls(py, join(out, "scry"), q);
    assert.deepEqual(urls("diaphone"), [`${t.base}guide/fog.html`], "the glossary (scry_exclude) is not indexed");
    assert.deepEqual(urls("quoinstone"), []);
    assert.deepEqual(urls("navigation"), [], "the sidebar is not indexed");

    const server = await serve(www, NO_FAVICON);
    try {
      const page = await newPage(await chromium());
      // search.html: one inline scry box, none of Sphinx's search.
      await page.goto(`${server.url}${t.base}search.html`);
      await assertOneSearchBox(page, THEME_SEARCH, "search.html");
      assert.equal(await page.locator("scry-search").getAttribute("mode"), "inline");
      // A page: the sidebar's box is scry's (modal by default).
      await page.goto(`${server.url}${t.base}guide/lens.html`);
      await assertOneSearchBox(page, THEME_SEARCH, "guide/lens.html");
      assert.equal(await page.locator("scry-search").getAttribute("mode"), "modal");
      const first = new RegExp(`^${t.base.replace(/\//g, "\\/")}${t.first.replace(".", "\\.")}\\?highlight=`);
      await searchAndFollow(page, { query: t.query, firstUrl: first, term: t.term });
      // And from the search page too.
      await page.goto(`${server.url}${t.base}search.html`);
      await searchAndFollow(page, { query: "diaphone", firstUrl: new RegExp(`^${t.base.replace(/\//g, "\\/")}guide\\/fog\\.html\\?highlight=`), term: "diaphone" });
      assert.deepEqual(page.errors, []);
      await page.context().close();
    } finally {
      await server.close();
    }
  });
}

// Each mistake in conf.py stops sphinx-build with a message naming the option, and no traceback.
const BAD = [
  ["unknown option", 'scry_placement = "sidebar"', /scry_placement: unknown option/],
  ["wrong type", 'scry_limit = "many"', /scry_limit: expected a positive whole number/],
  ["wrong type in weights", 'scry_weights = {"title": "high"}', /scry_weights\.title: expected a positive number/],
  ["bad mode", 'scry_mode = "popup"', /scry_mode: expected "modal" or "inline"/],
  ["a page glob that matches nothing", 'scry_include = ["blog/*"]', /scry_include: the glob 'blog\/\*' matches no page/],
];
for (const [what, line, message] of BAD) {
  test(`bad configuration stops the build: ${what}`, () => {
    const src = join(work, "src-bad");
    cpSync(join(work, "src"), src, { recursive: true });
    writeFileSync(join(src, "conf.py"), readFileSync(join(work, "src/conf.py"), "utf8") + line + "\n");
    const r = py.run("sphinx-build", ["-b", "html", "-q", "-E", src, join(work, "out-bad")], { cwd: work });
    assert.notEqual(r.status, 0, `built anyway:\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /Traceback|Versions|report this error/);
  });
}
