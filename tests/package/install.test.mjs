// Installs every artifact of scripts/package.sh the way a user does, into fresh temporary prefixes,
// and drives each entry point: the cargo-installed scry (from the unpacked .crate), `npx scry` and the
// Node API (npm tarballs in an empty project), the `scry` from pip and the Python API (the wheel in
// a new virtualenv). All of them index the same site and the same records: the indexes must be
// byte-identical (builds are deterministic) and `scry search --json` must answer the same.
//
//   tests/package/run.sh            # packs (host target) and runs this file
// Caches (cargo's build of the installed crate, npm's and pip's downloads) live outside the repository
// in $SCRY_PACKAGE_CACHE (default ~/.cache/scry-package).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = process.env.SCRY_DIST_DIR || join(ROOT, "target/dist");
const CACHE = process.env.SCRY_PACKAGE_CACHE || join(homedir(), ".cache/scry-package");
const VERSION = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "(.*)"/m)[1];
const SITE = join(ROOT, "tests/fixtures/corpora/hostile-site");
const RECORDS = join(ROOT, "www/demo/opsi-cases.jsonl");
const RECORDS_TOML = join(ROOT, "www/demo/scry.toml");
const ASSETS = join(ROOT, "build-index/assets");

let work; // the temporary prefix of this run
const bins = {}; // entry point → how to run `scry`
const env = { ...process.env, SCRY_BINARY: "" };
delete env.SCRY_BINARY;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env, maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function tree(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString("base64");
    }
  };
  walk(dir);
  return out;
}

function assertSameTree(a, b, what) {
  const ta = tree(a);
  const tb = tree(b);
  assert.deepEqual(Object.keys(tb).sort(), Object.keys(ta).sort(), `${what}: the same files`);
  for (const k of Object.keys(ta)) assert.ok(ta[k] === tb[k], `${what}: ${k} is byte-identical`);
}

function artifact(dir, re) {
  const hits = readdirSync(join(DIST, dir)).filter((f) => re.test(f));
  assert.equal(hits.length, 1, `one ${re} in ${join(DIST, dir)}: ${hits}`);
  return join(DIST, dir, hits[0]);
}

before(() => {
  work = mkdtempSync(join(tmpdir(), "scry-install-"));
  mkdirSync(CACHE, { recursive: true });
});

after(() => {
  if (work && !process.env.SCRY_KEEP) rmSync(work, { recursive: true, force: true });
});

test("cargo install from the unpacked .crate needs no wasm toolchain and carries the assets", () => {
  const crates = join(work, "crates");
  mkdirSync(crates);
  for (const c of [`scry-search-core-${VERSION}.crate`, `scry-search-${VERSION}.crate`]) {
    run("tar", ["-xzf", join(DIST, "crates", c), "-C", crates]);
  }
  const cli = join(crates, `scry-search-${VERSION}`);
  const core = join(crates, `scry-search-core-${VERSION}`);
  // The published crate depends on scry-search-core from the registry; here that is the unpacked
  // .crate beside it (as if both were published). No wasm target, wasm-bindgen or node is used:
  // the assets are in the package.
  assert.ok(existsSync(join(cli, "assets/scry_wasm_bg.wasm")), "the crate carries the wasm");
  for (const f of readdirSync(ASSETS)) {
    assert.ok(readFileSync(join(cli, "assets", f)).equals(readFileSync(join(ASSETS, f))), `crate asset ${f} = a fresh build`);
  }
  const prefix = join(work, "cargo");
  run("cargo", ["install", "--quiet", "--locked", "--path", cli, "--root", prefix,
    "--config", `patch.crates-io.scry-search-core.path="${core}"`], {
    env: { ...env, CARGO_TARGET_DIR: join(CACHE, "install-target") },
  });
  bins.cargo = [join(prefix, "bin/scry")];
  assert.equal(run(bins.cargo[0], ["--version"]).trim(), `scry ${VERSION}`);
});

test("a crate without its browser assets fails to compile, saying how to make them", () => {
  const crates = join(work, "crates");
  const cli = join(crates, `scry-search-${VERSION}`);
  const bare = join(work, "crate-without-assets");
  cpSync(cli, bare, { recursive: true });
  rmSync(join(bare, "assets"), { recursive: true });
  const r = spawnSync("cargo", ["check", "--quiet", "--offline", "--manifest-path", join(bare, "Cargo.toml"),
    "--config", `patch.crates-io.scry-search-core.path="${join(crates, `scry-search-core-${VERSION}`)}"`], {
    encoding: "utf8", env: { ...env, CARGO_TARGET_DIR: join(CACHE, "check-target") },
  });
  assert.notEqual(r.status, 0, "it must not compile");
  assert.match(r.stderr, /browser assets are missing/);
  assert.match(r.stderr, /scripts\/build-wasm\.sh/);
});

test("npm: the tarballs install into an empty project; npx scry runs the platform binary", () => {
  const proj = join(work, "npm-project");
  mkdirSync(proj);
  writeFileSync(join(proj, "package.json"), JSON.stringify({ name: "site", private: true }));
  const main = artifact("npm", /^scry-search-\d.*\.tgz$/);
  const plat = artifact("npm", /^scry-search-linux-x64-.*\.tgz$/);
  const t0 = Date.now();
  run("npm", ["install", "--no-audit", "--no-fund", "--cache", join(work, "npm-cold-cache"), main, plat], { cwd: proj });
  console.log(`# npm install of the two tarballs (empty cache): ${Date.now() - t0} ms`);
  bins.npx = ["npx", "--no-install", "scry"];
  assert.equal(run("npx", ["--no-install", "scry", "--version"], { cwd: proj }).trim(), `scry ${VERSION}`);
  // The launcher passes the exit status through.
  const r = spawnSync("npx", ["--no-install", "scry", "--site", join(work, "missing")], { cwd: proj, encoding: "utf8", env });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /missing/);
});

test("npm: without its platform package the launcher says what to do", () => {
  const lone = join(work, "npm-lone");
  cpSync(join(work, "npm-project/node_modules/scry-search"), lone, { recursive: true });
  const r = spawnSync("node", [join(lone, "bin/scry.js"), "--version"], { encoding: "utf8", env, cwd: work });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /scry-search-linux-x64/);
  assert.match(r.stderr, /cargo install scry-search/);
});

test("pip: the wheel installs into a new virtualenv and puts scry on its PATH", () => {
  const venv = join(work, "venv");
  run("python3", ["-m", "venv", venv]);
  const wheel = artifact("python", /^scry_search-.*manylinux.*x86_64.*\.whl$/);
  const t0 = Date.now();
  run(join(venv, "bin/pip"), ["install", "-q", "--no-cache-dir", wheel]);
  console.log(`# pip install of the wheel (no cache): ${Date.now() - t0} ms`);
  bins.pip = [join(venv, "bin/scry")];
  assert.equal(run(bins.pip[0], ["--version"]).trim(), `scry ${VERSION}`);
  const where = run(join(venv, "bin/python"), ["-c", "import scry_search; print(scry_search.find_scry())"]).trim();
  assert.equal(where, join(venv, "bin/scry"), "the API finds the wheel's own binary");
});

const NODE_API = `
const scry = require("scry-search");
const fs = require("fs");
const [mode, input, out, toml] = process.argv.slice(1);
(async () => {
  const opts = mode === "records" ? { configFile: toml } : {};
  const { index, errors } = await scry.createIndex(opts);
  if (errors.length) throw new Error(errors.join("\\n"));
  if (mode === "site") {
    const r = await index.addDirectory({ path: input });
    if (r.errors.length) throw new Error(r.errors.join("\\n"));
  } else {
    for (const line of fs.readFileSync(input, "utf8").split("\\n")) {
      if (!line.trim()) continue;
      const r = await index.addRecord(JSON.parse(line));
      if (r.errors.length) throw new Error(r.errors.join("\\n"));
    }
  }
  const w = await index.writeFiles({ outputPath: out });
  if (!w.outputPath) throw new Error(w.errors.join("\\n"));
  const g = await index.getFiles();
  // Skipped pages are named in errors (the rest is indexed): the same for both calls.
  if (g.files.length !== w.files || g.errors.join() !== w.errors.join()) throw new Error("getFiles: " + g.errors);
  await index.close();
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

const PY_API = `
import json, sys
import scry_search
mode, src, out, toml = sys.argv[1:5]
index = scry_search.create_index(config_file=toml if mode == "records" else None)
if mode == "site":
    r = index.add_directory(src)
    assert r.ok, r.errors
else:
    for line in open(src, encoding="utf-8"):
        if line.strip():
            r = index.add_record(json.loads(line))
            assert r.ok, r.errors
w = index.write_files(out)
assert w.output_path, w.errors
g = index.get_files()
assert len(g.files) == w.files and g.errors == w.errors, g.errors
index.close()
`;

test("every entry point writes byte-identical indexes of the same site and records, and searches alike", () => {
  assert.ok(bins.cargo && bins.npx && bins.pip, "the install tests ran");
  const proj = join(work, "npm-project");
  const py = join(work, "venv/bin/python");
  const outs = { site: {}, records: {} };
  for (const [name, cmd] of Object.entries(bins)) {
    const [exe, ...pre] = cmd;
    for (const mode of ["site", "records"]) {
      const out = join(work, `out-${mode}-${name}`);
      const args = mode === "site"
        ? ["--site", SITE, "--out", out, "--quiet"]
        : ["--records", RECORDS, "--config", RECORDS_TOML, "--out", out, "--quiet"];
      run(exe, [...pre, ...args], { cwd: proj });
      outs[mode][name] = out;
    }
  }
  for (const mode of ["site", "records"]) {
    const input = mode === "site" ? SITE : RECORDS;
    const node = join(work, `out-${mode}-node-api`);
    run("node", ["-e", NODE_API, mode, input, node, RECORDS_TOML], { cwd: proj });
    outs[mode]["node API"] = node;
    const python = join(work, `out-${mode}-python-api`);
    run(py, ["-c", PY_API, mode, input, python, RECORDS_TOML]);
    outs[mode]["python API"] = python;
  }
  for (const mode of ["site", "records"]) {
    const [first, ...rest] = Object.entries(outs[mode]);
    for (const [name, dir] of rest) assertSameTree(first[1], dir, `${mode}: ${first[0]} vs ${name}`);
    // The browser assets written are the fresh build's.
    for (const f of readdirSync(ASSETS)) {
      assert.ok(readFileSync(join(first[1], f)).equals(readFileSync(join(ASSETS, f))), `${mode}: ${f} written verbatim`);
    }
  }
  const answers = {};
  for (const [name, cmd] of Object.entries(bins)) {
    const [exe, ...pre] = cmd;
    answers[name] = [
      run(exe, [...pre, "search", "--json", "--index", outs.site[name], "fulmar"], { cwd: proj }),
      run(exe, [...pre, "search", "--json", "--index", outs.records[name], "public sector"], { cwd: proj }),
    ];
    assert.ok(JSON.parse(answers[name][1]).total > 0, `${name}: the records answer`);
  }
  assert.deepEqual(answers.npx, answers.cargo);
  assert.deepEqual(answers.pip, answers.cargo);
});

const NODE_BAD = `
const scry = require("scry-search");
(async () => {
  const out = {};
  let { index } = await scry.createIndex();
  out.missingFolder = (await index.addDirectory({ path: process.argv[1] + "/no-such-folder" })).errors;
  out.noGlobMatch = (await index.addDirectory({ path: process.argv[2], glob: "**/*.nothing" })).errors;
  out.pathType = (await index.addDirectory({ path: 42 })).errors;
  await index.close();
  ({ index } = await scry.createIndex({ config: { records: { id: "id", title: "title" } } }));
  out.noId = (await index.addRecord({ title: "A title", body: "text" })).errors;
  out.titleType = (await index.addRecord({ id: "b", title: 7, body: "text" })).errors;
  out.good = (await index.addRecord({ id: "c", title: "Fine", body: "fulmar" })).errors;
  out.unwritable = (await index.writeFiles({ outputPath: process.argv[3] + "/sub" })).errors;
  out.written = (await index.writeFiles({ outputPath: process.argv[4] })).errors;
  await index.close();
  out.badOption = (await scry.createIndex({ config: { wieghts: {} } })).errors;
  console.log(JSON.stringify(out));
})();
`;

const PY_BAD = `
import json, sys
import scry_search
tmp, site, blocker, good = sys.argv[1:5]
out = {}
i = scry_search.create_index()
out["missingFolder"] = i.add_directory(tmp + "/no-such-folder").errors
out["noGlobMatch"] = i.add_directory(site, glob="**/*.nothing").errors
i.close()
with scry_search.create_index(config={"records": {"id": "id", "title": "title"}}) as i:
    out["noId"] = i.add_record({"title": "A title", "body": "text"}).errors
    out["titleType"] = i.add_record({"id": "b", "title": 7, "body": "text"}).errors
    out["good"] = i.add_record({"id": "c", "title": "Fine", "body": "fulmar"}).errors
    out["unwritable"] = i.write_files(blocker + "/sub").errors
    out["written"] = i.write_files(good).errors
try:
    scry_search.create_index(config={"wieghts": {}})
    out["badOption"] = []
except scry_search.ScryError as e:
    out["badOption"] = e.errors
print(json.dumps(out))
`;

test("bad input through the APIs comes back as errors naming the input, and keeps the old output", () => {
  const proj = join(work, "npm-project");
  const py = join(work, "venv/bin/python");
  for (const [name, runApi] of [
    ["node", (args) => run("node", ["-e", NODE_BAD, ...args], { cwd: proj })],
    ["python", (args) => run(py, ["-c", PY_BAD, ...args])],
  ]) {
    const tmp = mkdtempSync(join(work, `bad-${name}-`));
    const blocker = join(tmp, "a-file");
    writeFileSync(blocker, "not a folder");
    const good = join(tmp, "good-index");
    // A previous index in `good`: the failing writes must not touch it, the good one replaces it.
    run(bins.cargo[0], ["--records", RECORDS, "--config", RECORDS_TOML, "--out", good, "--quiet"]);
    const before = tree(good);
    const out = JSON.parse(runApi([tmp, SITE, blocker, good]));
    assert.match(out.missingFolder.join(), /no-such-folder is not a folder/, name);
    assert.match(out.noGlobMatch.join(), /no page under .* matches "\*\*\/\*\.nothing"/, name);
    assert.match(out.noId.join(), /record 1 has no "id" field/, name);
    assert.match(out.titleType.join(), /record 1: "title" \(its title\) must be a string, not a number/, name);
    assert.deepEqual(out.good, [], name);
    assert.match(out.unwritable.join(), /a-file/, `${name}: the unwritable path is named: ${out.unwritable}`);
    assert.match(out.badOption.join(), /unknown field `wieghts`/, name);
    assert.deepEqual(out.written, [], name);
    assert.notDeepEqual(tree(good), before, `${name}: the good write replaced the index`);
    assert.ok(statSync(blocker).isFile(), "the blocking file is untouched");
    if (name === "node") {
      assert.match(out.pathType.join(), /path must be/, name);
    }
  }
});

test("a failed build through the API leaves the previous index byte-identical", () => {
  const proj = join(work, "npm-project");
  const out = join(work, "kept-index");
  run(bins.cargo[0], ["--site", SITE, "--out", out, "--quiet"]);
  const before = tree(out);
  const script = `
const scry = require("scry-search");
(async () => {
  const { index } = await scry.createIndex({ config: { records: { id: "id", url: "link" } } });
  await index.addRecord({ id: "a", link: "javascript:alert(1)", body: "x" });
  const w = await index.writeFiles({ outputPath: process.argv[1] });
  await index.close();
  console.log(JSON.stringify(w));
})();`;
  const w = JSON.parse(run("node", ["-e", script, out], { cwd: proj }));
  assert.ok(w.errors.length > 0, "the build failed with errors");
  assert.match(w.errors.join("\n"), /record 1/);
  assert.match(w.errors.join("\n"), /left as it was/);
  assert.deepEqual(tree(out), before);
});
