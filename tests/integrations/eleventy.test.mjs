// Eleventy recipe (docs/integrations/eleventy.md): a real Eleventy site (pinned, installed into
// CACHE) served from /notes/, built by `eleventy` with the recipe's eleventy.after handler running scry,
// the widget placed by the recipe's include, the chrome kept out by data-scry-body. Chromium types a
// query and follows a result to the page with the terms marked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { launch } from "../browser/lib.mjs";
import { npmProject, run, scryBinary, timed, useSite } from "./npm-project.mjs";
import { devServer, cliSearch, openPage, problems, searchAndFollow, searchBoxes, serveAt } from "./site-check.mjs";

const PINS = { "@11ty/eleventy": "3.1.8" };

let project, browser, bin;
before(async () => {
  project = await timed("eleventy project (install when cold)", () => npmProject("eleventy", PINS));
  bin = await scryBinary(project);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("eleventy: npm run build indexes the site; a result leads to the page with the terms marked", async () => {
  useSite(project.dir, "eleventy");
  const r = await timed("npm run build (eleventy, scry after it)", () => run("npm", ["run", "build"], { cwd: project.dir, env: project.env }));
  assert.equal(r.code, 0, r.out);
  const site = join(project.dir, "_site");
  assert.ok(existsSync(join(site, "scry/scry.js")));

  // Only <main data-scry-body> is indexed: nav, aside and footer all say "almanac", the content never.
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "almanac"), []);
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "willowherb"), ["/notes/posts/moths/"]);

  const server = await serveAt(site, "/notes/");
  try {
    const page = await openPage(browser);
    await page.goto(`${server.url}/notes/posts/lichens/`);
    assert.deepEqual(await searchBoxes(page), ["scry-search"]);
    await searchAndFollow(page, { query: "willowherb", title: "Moths at the light trap", path: /^\/notes\/posts\/moths\/$/, term: "willowherb" });
    assert.deepEqual(problems(page), []);
    await page.close();
  } finally {
    await server.close();
  }
});

test("eleventy --serve: the index is built with the site, and search works in the dev server", async () => {
  useSite(project.dir, "eleventy");
  rmSync(join(project.dir, "_site"), { recursive: true, force: true });
  const dev = await timed("eleventy --serve start", () =>
    devServer({ cmd: "eleventy", args: (port) => ["--serve", "--port", String(port)], cwd: project.dir, env: project.env, path: "/notes/scry/scry.js" }),
  );
  try {
    const page = await openPage(browser);
    await page.goto(`${dev.url}/notes/`);
    await searchAndFollow(page, { query: "limestone", title: "Lichens on old walls", path: /^\/notes\/posts\/lichens\/$/, term: "limestone" });
    await page.close();
  } finally {
    await dev.stop();
  }
});
