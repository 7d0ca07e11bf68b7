// A virtualenv with a generator from PyPI (pinned) and scry installed the way users install it: the
// wheel that scripts/package.sh packed into target/dist/. Venvs live in CACHE, keyed by their pins,
// so a warm run only reinstalls the wheel.
//
// SCRY_FROM_SOURCE=1 tests the working tree instead of the wheel (before package.sh has run):
// packages/python on PYTHONPATH, the entry points of packages/python/pyproject.toml in a
// generated dist-info, and SCRY_BINARY=target/release/scry.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CACHE, ROOT, sh, venvWithScry } from "./dist.mjs";

/** The results' URLs of `scry search --json QUERY` on the index at `index`. */
export function searchUrls(py, index, query) {
  return JSON.parse(py.scry(["search", "--index", index, "--json", query])).results.map((r) => r.url);
}

export const FROM_SOURCE = process.env.SCRY_FROM_SOURCE === "1";

/** [project.entry-points."group"] tables of pyproject.toml as entry_points.txt. */
function entryPoints() {
  const text = readFileSync(join(ROOT, "packages/python/pyproject.toml"), "utf8");
  let out = "";
  let group = null;
  for (const line of text.split("\n")) {
    const head = line.match(/^\[project\.entry-points\."?([^"\]]+)"?\]\s*$/);
    if (head) {
      group = head[1];
      out += `[${group}]\n`;
    } else if (/^\[/.test(line)) group = null;
    else if (group && /=/.test(line)) out += line.replace(/"/g, "").trim() + "\n";
  }
  return out;
}

/**
 * A venv named `name` with `requirements` (exact pins) and scry. Returns {bin, env, run(cmd, args,
 * opts)}: `run` runs a venv command and returns {status, stdout, stderr}, never throwing.
 */
export function pythonEnv(name, requirements) {
  const key = createHash("sha256").update(requirements.join("\n")).digest("hex").slice(0, 10);
  const dir = join(CACHE, "venvs", `${name}-${key}${FROM_SOURCE ? "-src" : ""}`);
  const env = { ...process.env };
  let bin;
  if (FROM_SOURCE) {
    if (!existsSync(join(dir, "bin/python"))) sh("python3", ["-m", "venv", dir]);
    bin = join(dir, "bin");
    const stamp = join(dir, "requirements.done");
    if (!existsSync(stamp) && requirements.length) {
      sh(join(bin, "pip"), ["install", "-q", "--cache-dir", join(CACHE, "pip-cache"), ...requirements], { timeout: 600000 });
      writeFileSync(stamp, requirements.join("\n"));
    }
    const meta = join(dir, "scry-src", "scry_search-0.0.0.dev0.dist-info");
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, "METADATA"), "Metadata-Version: 2.1\nName: scry-search\nVersion: 0.0.0.dev0\n");
    writeFileSync(join(meta, "entry_points.txt"), entryPoints());
    env.PYTHONPATH = [join(ROOT, "packages/python"), join(dir, "scry-src")].join(":");
    env.SCRY_BINARY = process.env.SCRY_BINARY || join(ROOT, "target/release/scry");
  } else {
    bin = venvWithScry(dir, requirements);
    delete env.SCRY_BINARY;
    delete env.PYTHONPATH;
  }
  env.PATH = `${bin}:${env.PATH}`;
  const run = (cmd, args, opts = {}) => {
    const r = spawnSync(join(bin, cmd), args, { env, encoding: "utf8", timeout: 300000, ...opts });
    return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error ? String(r.error) : "") };
  };
  /** `scry ARGS` with the binary under test (the wheel's, or target/release/scry from source). */
  const scry = (args) => {
    const exe = FROM_SOURCE ? env.SCRY_BINARY : join(bin, "scry");
    const r = spawnSync(exe, args, { env, encoding: "utf8", timeout: 60000 });
    if (r.status !== 0) throw new Error(`scry ${args.join(" ")}: ${r.stderr}${r.error ?? ""}`);
    return r.stdout;
  };
  return { bin, env, dir, run, scry };
}
