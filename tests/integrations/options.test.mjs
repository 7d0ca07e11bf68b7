// The integrations' shared option checks and globs (packages/npm/scry-search/integrations/common.js),
// without a generator: each mistake names its option; globs mean what scry's [site] globs mean.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { ROOT } from "./dist.mjs";
import { CLI, tempDir } from "../browser/lib.mjs";
import { run } from "./npm-project.mjs";

const common = createRequire(import.meta.url)(join(ROOT, "packages/npm/scry-search/integrations/common.js"));
const { validate, globToRegExp, configToml, slashBase, ScryConfigError } = common;

const fails = (options, re) =>
  assert.throws(() => validate(options, "where"), (e) => e instanceof ScryConfigError && re.test(e.message) && !/\n\s+at /.test(e.stack));

test("each kind of option mistake is named, with the nearest known option for a typo", () => {
  fails({ exlude: [] }, /unknown option `exlude` \(did you mean `exclude`\?\)/);
  fails({ frobnicate: 1 }, /unknown option `frobnicate`\. Known options: include, exclude/);
  fails({ include: "a/**" }, /option `include` must be an array of strings, got the string "a\/\*\*"/);
  fails({ include: ["ok", 3] }, /option `include` must be an array of strings/);
  fails({ limit: 0 }, /option `limit` must be a positive whole number, got number 0/);
  fails({ mode: "popup" }, /option `mode` must be one of "inline", "modal"/);
  fails({ weights: { titel: 2 } }, /unknown option `weights.titel` \(did you mean `weights.title`\?\)/);
  fails({ weights: { body: -1 } }, /option `weights.body` must be a positive number/);
  fails({ weights: 3 }, /option `weights` must be an object, got number 3/);
  fails("modal", /the options must be an object/);
  assert.deepEqual(validate({ include: ["**/*.html"], weights: { title: 8 }, mode: "modal" }, "where").mode, "modal");
  assert.deepEqual(validate(undefined, "where"), {});
});

test("globs: * and ? stay in a folder, ** crosses folders, {a,b} and [ab] as in scry", () => {
  const m = (g, p) => globToRegExp(g).test(p);
  assert.ok(m("**/*.html", "index.html") && m("**/*.html", "a/b/c.html"));
  assert.ok(m("*.html", "index.html") && !m("*.html", "a/index.html"));
  assert.ok(m("drafts/**", "drafts/a/index.html") && !m("drafts/**", "draft/a.html"));
  assert.ok(m("blog/*/index.html", "blog/x/index.html") && !m("blog/*/index.html", "blog/x/y/index.html"));
  assert.ok(m("{a,b}/*.html", "b/x.html") && !m("{a,b}/*.html", "c/x.html"));
  assert.ok(m("page[12].html", "page2.html") && !m("page[!12].html", "page2.html"));
  assert.ok(m("a.b?html", "a.b.html") && !m("a.b?html", "a.b/html") && !m("a.html", "aXhtml"));
  assert.throws(() => globToRegExp("a[b"), /unclosed \[/);
});

test("the scry.toml written for the options is one that scry reads (strings escaped, base with slashes)", async (t) => {
  const toml = configToml({ include: ['say "hi"/**'], language: "en", weights: { title: 8 } }, { baseUrl: slashBase("docs"), ignore: [".toc"] });
  assert.match(toml, /^language = "en"$/m);
  assert.match(toml, /^include = \["say \\"hi\\"\/\*\*"\]$/m);
  assert.match(toml, /^ignore = \["\.toc"\]$/m);
  assert.match(toml, /^base_url = "\/docs\/"$/m);
  assert.match(toml, /^\[weights\]\ntitle = 8$/m);
  assert.equal(slashBase("/"), "/");
  assert.equal(slashBase(""), "/");
  assert.equal(slashBase("/a/b"), "/a/b/");

  if (!existsSync(CLI)) return t.skip(`${CLI} not built: scry itself not asked`);
  const dir = tempDir();
  mkdirSync(join(dir, "site/guide"), { recursive: true });
  writeFileSync(join(dir, "site/guide/a.html"), "<html lang=en><title>A</title><main><p>quokka</p><div class=toc>wombat</div></main></html>");
  writeFileSync(join(dir, "scry.toml"), configToml({ include: ["guide/**"], extraWordChars: "+#\\", weights: { title: 8 } }, { baseUrl: slashBase("docs"), ignore: [".toc"] }));
  const r = await run(CLI, ["--site", join(dir, "site"), "--config", join(dir, "scry.toml"), "--quiet"]);
  assert.equal(r.code, 0, r.out);
  const found = await run(CLI, ["search", "--index", join(dir, "site/scry"), "--json", "quokka"]);
  assert.deepEqual(JSON.parse(found.stdout).results.map((x) => x.url), ["/docs/guide/a.html"]);
  const ignored = await run(CLI, ["search", "--index", join(dir, "site/scry"), "--json", "wombat"]);
  assert.deepEqual(JSON.parse(ignored.stdout).results, []);
});
