// Starlight: a real Starlight site (pinned, installed into CACHE) with scry added as a Starlight
// plugin. It replaces Starlight's own search (Pagefind): one search box per page, no Pagefind index;
// the sidebar, table of contents and prev/next links stay out of the index. Chromium types a query and
// follows a result to the page with the terms marked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, newPage } from "../browser/lib.mjs";
import { newerNode, npmProject, run, scryBinary, timed, useSite } from "./npm-project.mjs";
import { openPage, problems, cliSearch, searchAndFollow, searchBoxes, serveAt, stackLines } from "./site-check.mjs";

// Starlight 0.42 needs Astro 7, which needs Node >= 22.12: Astro runs on Node 24 from npm (newerNode).
const PINS = { astro: "7.4.8", "@astrojs/starlight": "0.42.9" };

let project, browser, bin;
before(async () => {
  project = await timed("starlight project (install when cold)", () => npmProject("starlight", PINS));
  project.env.PATH = `${await timed("newer Node (install when cold)", newerNode)}:${project.env.PATH}`;
  bin = await scryBinary(project);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const astro = (args) => run("astro", args, { cwd: project.dir, env: project.env });

test("starlight build: scry replaces Pagefind; one search box; a result leads to the page with the terms marked", async () => {
  useSite(project.dir, "starlight");
  const r = await timed("astro build (starlight)", () => astro(["build"]));
  assert.equal(r.code, 0, r.out);
  const dist = join(project.dir, "dist");
  assert.ok(existsSync(join(dist, "scry/scry.js")));
  assert.ok(!existsSync(join(dist, "pagefind")), "Pagefind is off");
  const html = readFileSync(join(dist, "guides/grafting/index.html"), "utf8");
  assert.doesNotMatch(html, /<site-search/, "Starlight's search box is replaced");
  assert.match(html, /<scry-search[^>]* mode="modal"/);

  // Content is in; Starlight's chrome (sidebar, table of contents, prev/next links) is not.
  assert.deepEqual(await cliSearch(bin, join(dist, "scry"), "raffia"), ["/guides/grafting/"]);
  assert.deepEqual(await cliSearch(bin, join(dist, "scry"), '"on this page"'), []);
  assert.deepEqual(await cliSearch(bin, join(dist, "scry"), "next"), []);
  assert.deepEqual(await cliSearch(bin, join(dist, "scry"), "previous"), []);

  const server = await serveAt(dist, "/");
  try {
    const page = await openPage(browser);
    await page.goto(`${server.url}/guides/pruning/`);
    assert.deepEqual(await searchBoxes(page), ["scry-search"]);
    await searchAndFollow(page, { query: "raffia", title: "Grafting", path: /^\/guides\/grafting\/$/, term: "raffia" });
    assert.deepEqual(problems(page), []);
    await page.close();
  } finally {
    await server.close();
  }
});

const CONFIG = (starlightExtra, pluginOpts = "") => `import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";
import scryStarlight from "scry-search/astro/starlight";
export default defineConfig({ integrations: [starlight({ title: "Orchard Notes", ${starlightExtra} plugins: [scryStarlight(${pluginOpts})] })] });
`;

for (const [kind, config, message] of [
  ["unknown option", CONFIG("", "{ lmit: 5 }"), /unknown option `lmit` \(did you mean `limit`\?\)/],
  ["wrong type", CONFIG("", '{ mode: "popup" }'), /option `mode` must be one of "inline", "modal", got the string "popup"/],
  ["another Search override", CONFIG('components: { Search: "./src/MySearch.astro" },'), /`components.Search` is already overridden with "\.\/src\/MySearch.astro"/],
]) {
  test(`starlight: ${kind} stops the build with a message naming it`, async () => {
    useSite(project.dir, "starlight", { "astro.config.mjs": config });
    const r = await astro(["build"]);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, message);
    assert.deepEqual(stackLines(r.out), [], r.out);
  });
}
