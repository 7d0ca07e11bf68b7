// Hand-written HTML recipe (docs/integrations/html.md): plain pages in public/ with the two lines of
// the widget, data-scry-body and data-scry-ignore; scry installed from npm and run as the recipe's
// `npm run build` (scry --site public). Chromium types a query and follows a result to the page with
// the terms marked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { launch } from "../browser/lib.mjs";
import { npmProject, run, scryBinary, timed, useSite } from "./npm-project.mjs";
import { cliSearch, openPage, problems, searchAndFollow, searchBoxes, serveAt } from "./site-check.mjs";

let project, browser, bin;
before(async () => {
  project = await timed("html project (install when cold)", () => npmProject("html", {}, { type: null }));
  bin = await scryBinary(project);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("plain HTML: scry --site public indexes the pages; a result leads to the page with the terms marked", async () => {
  useSite(project.dir, "html");
  const r = await timed("npm run build (scry --site public)", () => run("npm", ["run", "build"], { cwd: project.dir, env: project.env }));
  assert.equal(r.code, 0, r.out);
  const site = join(project.dir, "public");
  assert.ok(existsSync(join(site, "scry/scry.js")));

  // Only the <article data-scry-body> is indexed, less its data-scry-ignore part: "club" is in the
  // share line, the sidebar and the footer, never in the content.
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "club"), []);
  assert.deepEqual(await cliSearch(bin, join(site, "scry"), "levain"), ["/recipes/sourdough.html"]);

  const server = await serveAt(site, "/");
  try {
    const page = await openPage(browser);
    await page.goto(`${server.url}/recipes/rye.html`);
    assert.deepEqual(await searchBoxes(page), ["scry-search"]);
    await searchAndFollow(page, { query: "bench scraper", title: "Shaping", path: /^\/recipes\/sourdough\.html$/, term: "scraper" });
    assert.equal(new URL(page.url()).hash, "#shaping", "the heading's sub-result links to its anchor");
    assert.deepEqual(problems(page), []);
    await page.close();
  } finally {
    await server.close();
  }
});
