// The packed artifacts (scripts/package.sh writes them into target/dist/) and how a user installs
// them: npm tarballs into a project, the wheel into a virtualenv. Shared by the integration tests.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../browser/lib.mjs";

export { ROOT };
export const DIST = process.env.SCRY_DIST_DIR || join(ROOT, "target/dist");
/** Package caches and generator installs live here, outside the repository. */
export const CACHE = process.env.SCRY_TEST_CACHE || join(homedir(), ".cache/scry-tests");

function one(dir, test, what) {
  const d = join(DIST, dir);
  const hits = existsSync(d) ? readdirSync(d).filter(test).map((f) => join(d, f)) : [];
  if (hits.length !== 1) {
    throw new Error(`expected one ${what} in ${d}, found ${hits.length}: run scripts/package.sh`);
  }
  return hits[0];
}

/** The npm tarballs a Linux x64 user installs: the main package and its platform package. */
export function npmTarballs() {
  return [
    one("npm", (f) => /^scry-search-\d.*\.tgz$/.test(f), "scry-search npm tarball"),
    one("npm", (f) => /^scry-search-linux-x64-.*\.tgz$/.test(f), "scry-search-linux-x64 npm tarball"),
  ];
}

/** The wheel for this machine (Linux x86_64). */
export function wheel() {
  return one("python", (f) => /^scry_search-.*x86_64.*\.whl$/.test(f) && f.includes("manylinux"), "Linux x86_64 wheel");
}

export function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...opts });
}

/** `npm install` the packed scry tarballs (and `extra` packages) into the project at `dir`. */
export function npmInstallScry(dir, extra = []) {
  mkdirSync(dir, { recursive: true });
  sh("npm", ["install", "--no-audit", "--no-fund", "--cache", join(CACHE, "npm-cache"), ...npmTarballs(), ...extra], { cwd: dir });
}

/** A virtualenv at `dir` with the scry wheel (and `extra` PyPI requirements); returns its bin folder. */
export function venvWithScry(dir, extra = []) {
  if (!existsSync(join(dir, "bin/python"))) sh("python3", ["-m", "venv", dir]);
  const pip = join(dir, "bin/pip");
  sh(pip, ["install", "-q", "--cache-dir", join(CACHE, "pip-cache"), "--force-reinstall", "--no-deps", wheel()]);
  if (extra.length) sh(pip, ["install", "-q", "--cache-dir", join(CACHE, "pip-cache"), ...extra]);
  return join(dir, "bin");
}
