// VitePress recipe (docs/integrations/vitepress.md): a real VitePress site (pinned, installed into
// CACHE) served from /tides/, built by the recipe's `npm run build` (vitepress build && scry --site .vitepress/dist),
// the widget placed in the navbar by the theme, the chrome kept out by [site] ignore. Chromium types a
// query and follows a result to the page with the terms marked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { launch } from "../browser/lib.mjs";
import { npmProject, run, scryBinary, timed, useSite } from "./npm-project.mjs";
import { devServer, cliSearch, openPage, problems, searchAndFollow, searchBoxes, serveAt } from "./site-check.mjs";

const PINS = { vitepress: "1.6.4" };

let project, browser, bin;
before(async () => {
  project = await timed("vitepress project (install when cold)", () => npmProject("vitepress", PINS));
  bin = await scryBinary(project);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("vitepress: npm run build indexes the site; a result leads to the page with the terms marked", async () => {
  useSite(project.dir, "vitepress");
  const r = await timed("npm run build (vitepress build + scry)", () => run("npm", ["run", "build"], { cwd: project.dir, env: project.env }));
  assert.equal(r.code, 0, r.out);
  const site = join(project.dir, ".vitepress/dist");
  assert.ok(existsSync(join(site, "scry/scry.js")));

  // Content in; the navbar, sidebar, footer, outline and prev/next links out.
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "bladderwrack"), ["/tides/guide/crabs.html"]);
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "barnacle"), []); // the footer
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "creatures"), []); // the sidebar
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "next"), []);
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "previous"), []);

  const server = await serveAt(site, "/tides/");
  try {
    const page = await openPage(browser);
    await page.goto(`${server.url}/tides/guide/anemones.html`);
    assert.deepEqual(await searchBoxes(page), ["scry-search"]);
    await searchAndFollow(page, { query: "bladderwrack", title: "Crabs", path: /^\/tides\/guide\/crabs(\.html)?$/, term: "bladderwrack" });
    assert.deepEqual(problems(page), []);
    await page.close();
  } finally {
    await server.close();
  }
});

test("vitepress dev: without a build the box says to build first; after one it searches that build", async () => {
  useSite(project.dir, "vitepress");
  const dist = join(project.dir, ".vitepress/dist");
  rmSync(dist, { recursive: true, force: true });
  const start = () =>
    devServer({ cmd: "vitepress", args: (port) => ["dev", "--host", "127.0.0.1", "--port", String(port)], cwd: project.dir, env: project.env, path: "/tides/" });
  let dev = await timed("vitepress dev start", start);
  try {
    const page = await openPage(browser);
    await page.goto(`${dev.url}/tides/guide/crabs`);
    const note = page.locator("scry-search [role=status]");
    await note.waitFor({ timeout: 20_000 });
    assert.match(await note.textContent(), /run `npm run build` once/);
    await page.close();
  } finally {
    await dev.stop();
  }
  assert.equal((await run("npm", ["run", "build"], { cwd: project.dir, env: project.env })).code, 0);
  dev = await start();
  try {
    const page = await openPage(browser);
    await page.goto(`${dev.url}/tides/guide/crabs`);
    await searchAndFollow(page, { query: "plankton", title: "Anemones", path: /^\/tides\/guide\/anemones(\.html)?$/, term: "plankton" });
    await page.close();
    assert.match(dev.output(), /uses the index of the last build/);
  } finally {
    await dev.stop();
  }
});
