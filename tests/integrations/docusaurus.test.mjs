// Docusaurus: a real Docusaurus site (pinned, installed into CACHE) deployed at /handbook/, with scry
// added as a plugin. `docusaurus build` indexes the site (postBuild); the plugin's SearchBar is the
// navbar's one search box. Chromium types a query and follows a result to the page with the terms
// marked (after React's hydration). Also: `docusaurus start` searches the last build's index (or says
// there is none), and bad options stop the build with a message naming the option.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { launch, newPage } from "../browser/lib.mjs";
import { npmProject, run, scryBinary, timed, useSite } from "./npm-project.mjs";
import { openPage, problems, cliSearch, freePort, searchAndFollow, searchBoxes, serveAt, stackLines } from "./site-check.mjs";

const PINS = { "@docusaurus/core": "3.10.2", "@docusaurus/preset-classic": "3.10.2", react: "19.2.0", "react-dom": "19.2.0" };

let project, browser, bin;
before(async () => {
  project = await timed("docusaurus project (install when cold)", () => npmProject("docusaurus", PINS, { type: null }));
  project.env.DOCUSAURUS_TELEMETRY_DISABLED = "1";
  bin = await scryBinary(project);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const docusaurus = (args) => run("docusaurus", args, { cwd: project.dir, env: project.env });

test("docusaurus build indexes the site; the navbar's one box finds a page and the terms are marked there", async () => {
  useSite(project.dir, "docusaurus");
  const r = await timed("docusaurus build", () => docusaurus(["build"]));
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\[scry-search\] Indexed 3 pages/);
  const dist = join(project.dir, "build");
  const idx = join(dist, "scry");
  assert.ok(existsSync(join(idx, "scry.js")));

  // Content in; the navbar, sidebar, breadcrumbs, table of contents and prev/next links out.
  assert.deepEqual(await cliSearch(bin, idx, "muslin"), ["/handbook/guides/harvest/"]);
  assert.deepEqual(await cliSearch(bin, idx, "beekeeping"), []); // the navbar title
  assert.deepEqual(await cliSearch(bin, idx, "next"), []);
  assert.deepEqual(await cliSearch(bin, idx, "previous"), []);

  const server = await serveAt(dist, "/handbook/");
  try {
    const page = await openPage(browser);
    await page.goto(`${server.url}/handbook/guides/swarming`);
    await page.locator("scry-search").waitFor({ state: "attached" });
    assert.deepEqual(await searchBoxes(page), ["scry-search"]);
    await searchAndFollow(page, { query: "muslin", title: "Honey harvest", path: /^\/handbook\/guides\/harvest\/?$/, term: "muslin" });
    assert.deepEqual(problems(page), []);
    await page.close();
  } finally {
    await server.close();
  }
});

test("docusaurus start searches the last build's index, and says so when there is none", async () => {
  useSite(project.dir, "docusaurus");
  const dist = join(project.dir, "build");
  if (!existsSync(join(dist, "scry/scry.js"))) assert.equal((await docusaurus(["build"])).code, 0);
  const port = await freePort();
  const child = spawn("docusaurus", ["start", "--host", "127.0.0.1", "--port", String(port), "--no-open"], { cwd: project.dir, env: project.env, detached: true });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await timed("docusaurus start", async () => {
      const deadline = Date.now() + 180_000;
      for (;;) {
        try {
          const r = await fetch(`${url}/handbook/`);
          if (r.ok && /Beekeeping/.test(await r.text())) break;
        } catch {}
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`docusaurus start did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    });
    const page = await openPage(browser);
    await page.goto(`${url}/handbook/`);
    await searchAndFollow(page, { query: "artificial swarm", title: "Swarm control", path: /^\/handbook\/guides\/swarming\/?$/, term: "artificial" });

    // No index: the navbar says what to do instead of a dead box.
    renameSync(join(dist, "scry"), join(dist, "scry-moved"));
    try {
      await page.goto(`${url}/handbook/guides/harvest`);
      const note = page.locator(".scry-missing");
      await note.waitFor({ timeout: 20_000 });
      assert.match(await note.textContent(), /run `docusaurus build` once/);
    } finally {
      rmSync(join(dist, "scry"), { recursive: true, force: true });
      renameSync(join(dist, "scry-moved"), join(dist, "scry"));
    }
    await page.close();
  } finally {
    await new Promise((r) => {
      child.once("exit", r);
      process.kill(-child.pid, "SIGTERM");
    });
  }
});

const CONFIG = (opts) => `export default {
  title: "Beekeeping Handbook", url: "https://example.org", baseUrl: "/handbook/",
  presets: [["classic", { docs: { routeBasePath: "/", sidebarPath: "./sidebars.mjs" }, blog: false }]],
  plugins: [["scry-search/docusaurus", ${opts}]],
};
`;

for (const [kind, opts, message] of [
  ["unknown option", `{ exlude: ["x/**"] }`, /unknown option `exlude` \(did you mean `exclude`\?\)/],
  ["wrong type", `{ limit: "ten" }`, /option `limit` must be a positive whole number, got the string "ten"/],
  ["glob matching nothing", `{ include: ["guide/**"] }`, /option `include`: the glob "guide\/\*\*" matches no page of the built site/],
]) {
  test(`bad option (${kind}) stops docusaurus build with a message naming it, not a stack trace`, async () => {
    useSite(project.dir, "docusaurus", { "docusaurus.config.mjs": CONFIG(opts) });
    const r = await docusaurus(["build"]);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, message);
    assert.deepEqual(stackLines(r.out), [], r.out);
  });
}

test("docusaurus: themeConfig.algolia with scry stops the build (two search bars never ship)", async () => {
  useSite(project.dir, "docusaurus", {
    "docusaurus.config.mjs": CONFIG("{}").replace("plugins:", 'themeConfig: { algolia: { appId: "X", apiKey: "y", indexName: "z" } },\n  plugins:'),
  });
  const r = await docusaurus(["build"]);
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /themeConfig.algolia is set too/);
});
