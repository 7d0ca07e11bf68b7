// Before/after screenshots of the search widget next to Pagefind's default UI, on one real site, one
// query, two widths (1280×800 desktop, 390×844 phone with touch) and two themes. docs/screenshots/README.md
// says what they show; this script makes them again.
//
//   node tests/bench/screenshots.mjs --before /work/wt-before --after . --pagefind /work/pf \
//        [--site /usr/share/doc/python3.11/html] [--out docs/screenshots] [--query "pathlib glob"] \
//        [--typo pathlb] [--only after] [--work DIR]
//
//   --before DIR    an old checkout with its CLI built: DIR/target/release/build-index (or …/scry)
//   --after DIR     a checkout with target/release/scry built (default: this repository)
//   --pagefind DIR  a folder where `npm install pagefind` ran (DIR/node_modules/.bin/pagefind)
//   --only LIST     before,after,pagefind (default all three)
//
// Each tool indexes one copy of the site into its own output folder (scry-before/, scry/,
// pagefind/), then host pages made from the site's own index.html get a bar at the top with the tool's
// search: scry as `<scry-search mode="modal">` (the dialog docs sites use) with no other attribute,
// Pagefind as `new PagefindUI({ element: "#search" })`. Dark = the browser emulates
// prefers-color-scheme: dark AND the host page is dark (a dark background and `color-scheme: dark` on
// the page; Pagefind's UI gets dark values for its --pagefind-ui-* variables under the media query,
// as its docs suggest, since it has no dark mode of its own). Screenshots are of the viewport.
// Needs tests/browser/node_modules (playwright-core) and /usr/bin/chromium.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { launch, newPage, serve, ROOT } from "../browser/lib.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SITE = opt("site", "/usr/share/doc/python3.11/html");
const OUT = resolve(opt("out", join(ROOT, "docs/screenshots")));
const QUERY = opt("query", "pathlib glob");
const TYPO = opt("typo", "pathlb");
const WORK = resolve(opt("work", join(tmpdir(), "scry-screenshots")));
const ONLY = opt("only", "before,after,pagefind").split(",");
const BEFORE = opt("before");
const AFTER = resolve(opt("after", ROOT));
const PAGEFIND = opt("pagefind");
if (ONLY.includes("before") && !BEFORE) throw new Error("--before DIR (an old checkout with its CLI built) is needed");
if (ONLY.includes("pagefind") && !PAGEFIND) throw new Error("--pagefind DIR (where `npm install pagefind` ran) is needed");

const cli = (dir) => {
  for (const name of ["scry", "build-index"]) {
    const p = join(resolve(dir), "target/release", name);
    if (existsSync(p)) return p;
  }
  throw new Error(`no target/release/scry or build-index under ${dir}: build it first`);
};
const run = (cmd, argv) => execFileSync(cmd, argv, { stdio: ["ignore", "ignore", "inherit"] });
const log = (...a) => console.error("[screenshots]", ...a);

// One copy of the site (symlinks followed: Debian's docs link to /usr/share/javascript).
const site = join(WORK, "site");
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
log(`copying ${SITE}`);
cpSync(SITE, site, { recursive: true, dereference: true });

// Every index is built from the untouched site, before any host page exists.
if (ONLY.includes("before")) run(cli(BEFORE), ["--site", site, "--out", join(site, "scry-before"), "--quiet"]);
if (ONLY.includes("after")) run(cli(AFTER), ["--site", site, "--out", join(site, "scry"), "--quiet"]);
if (ONLY.includes("pagefind")) run(join(resolve(PAGEFIND), "node_modules/.bin/pagefind"), ["--site", site, "--output-subdir", "pagefind"]);

// Dark: the page itself is dark (Python's 3.11 theme has no dark mode, so these rules make it so).
const DARK_PAGE = `<style>html { color-scheme: dark; background: #16181d; }
body, div.body, div.related, div.footer, div.sphinxsidebar, div.document, div.documentwrapper, div.bodywrapper
  { background: #16181d !important; color: #d8dde6 !important; }
a, div.related a, div.sphinxsidebar a { color: #8ab4f8 !important; }
div.body h1, div.body h2, div.mobile-nav { background: #22262e !important; color: #d8dde6 !important; }</style>`;
// Pagefind's UI: its documented variables, dark under the media query (it has no auto mode).
const PF_DARK = `<style>@media (prefers-color-scheme: dark) { #search {
  --pagefind-ui-primary: #8ab4f8; --pagefind-ui-text: #e6e6e6; --pagefind-ui-background: #16181d;
  --pagefind-ui-border: #3a3f4b; --pagefind-ui-tag: #2a2f3a; } }</style>`;
// The bar that holds the tool's search, above the theme's sticky mobile header; the theme's own quick
// search boxes are hidden, as a site that adopts a search tool does (scry's Sphinx extension does too).
const BAR = `<style>.shot-bar { position: relative; z-index: 1000; display: flex; gap: 1rem; align-items: center; padding: .4rem 1rem; background: #1f3b57;
  color: #fff; font: 15px/1.4 system-ui, sans-serif; } .shot-bar > a { color: #fff !important; font-weight: 600; text-decoration: none; }
.shot-bar > scry-search { margin-left: auto; }
div.mobile-nav form.search, div.inline-search { display: none !important; }
@media (max-width: 1023px) { .shot-bar { margin-top: 40px; } } .shot-pf { position: relative; z-index: 1000; max-width: 48rem; margin: 0 auto; padding: 1rem; }</style>`;

const home = readFileSync(join(site, "index.html"), "utf8");
// scry's modal trigger sits in the bar; Pagefind's inline UI goes under it on the page's own background
// (its results are part of the page, and its colours assume the page's background).
function host(name, head, search, dark, below = "") {
  let html = home.replace(/<\/head>/i, `${head}${BAR}${dark ? DARK_PAGE : ""}</head>`);
  html = html.replace(/<body([^>]*)>/i, (_, a) => `<body${a}><div class="shot-bar"><a href="index.html">Python 3.11 docs</a>${search}</div>${below}`);
  writeFileSync(join(site, `${name}.html`), html);
  return `${name}.html`;
}
const TOOLS = {
  before: (dark) =>
    host(`shot-before-${dark ? "dark" : "light"}`, `<script type="module" src="scry-before/scry.js"></script>`, `<scry-search mode="modal"></scry-search>`, dark),
  after: (dark) => host(`shot-after-${dark ? "dark" : "light"}`, `<script type="module" src="scry/scry.js"></script>`, `<scry-search mode="modal"></scry-search>`, dark),
  pagefind: (dark) =>
    host(
      `shot-pagefind-${dark ? "dark" : "light"}`,
      `<link href="pagefind/pagefind-ui.css" rel="stylesheet"><script src="pagefind/pagefind-ui.js"></script>${PF_DARK}
<script>addEventListener("DOMContentLoaded", () => { new PagefindUI({ element: "#search" }); });</script>`,
      "",
      dark,
      `<div class="shot-pf"><div id="search"></div></div>`,
    ),
};

const SIZES = {
  1280: { viewport: { width: 1280, height: 800 } },
  390: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
};

async function shoot(browser, server, tool, width, theme, query, file) {
  const page = await newPage(browser, { ...SIZES[width], colorScheme: theme });
  await page.goto(`${server.url}/${TOOLS[tool](theme === "dark")}`);
  const touch = width === 390;
  if (tool === "pagefind") {
    const input = page.locator("#search input");
    await (touch ? input.tap() : input.click());
    await page.keyboard.type(query, { delay: 60 });
    await page.locator(".pagefind-ui__result").first().waitFor({ timeout: 20000 });
    // Results fill in as their fragments arrive: wait until every shown result has a title.
    await page.waitForFunction(() => {
      const r = [...document.querySelectorAll(".pagefind-ui__result")];
      return r.length && r.every((x) => x.querySelector(".pagefind-ui__result-title"));
    });
  } else {
    const trigger = page.locator("scry-search .trigger");
    await (touch ? trigger.tap() : trigger.click());
    await page.keyboard.type(query, { delay: 60 });
    await page.locator('scry-search [role="option"]').first().waitFor({ timeout: 20000 });
  }
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(400);
  await page.screenshot({ path: file });
  if (page.errors.length) log(`${file}: page errors`, page.errors);
  await page.close();
  log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
}

mkdirSync(OUT, { recursive: true });
const server = await serve(site);
const browser = await launch();
try {
  for (const tool of ONLY) {
    for (const width of [1280, 390])
      for (const theme of ["light", "dark"]) await shoot(browser, server, tool, width, theme, QUERY, join(OUT, `${tool}-${width}-${theme}.png`));
    if (TYPO) await shoot(browser, server, tool, 1280, "light", TYPO, join(OUT, `${tool}-1280-light-typo.png`));
  }
} finally {
  await browser.close();
  await server.close();
}
log(`done: ${OUT}`);
