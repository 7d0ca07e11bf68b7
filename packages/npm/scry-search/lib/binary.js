// Finds the `scry` binary: SCRY_BINARY when set, else the platform package that npm installed
// beside this one (scry-search-<platform>-<arch>, chosen by its os/cpu fields).
"use strict";
const path = require("node:path");
const fs = require("node:fs");

/** The platform packages, by `${process.platform}-${process.arch}`. */
const PLATFORMS = {
  "linux-x64": "scry-search-linux-x64",
  "linux-arm64": "scry-search-linux-arm64",
  "darwin-x64": "scry-search-darwin-x64",
  "darwin-arm64": "scry-search-darwin-arm64",
  "win32-x64": "scry-search-win32-x64",
};

class BinaryNotFound extends Error {}

/** The absolute path of the scry binary, or throws BinaryNotFound with what to do. */
function binaryPath() {
  const fromEnv = process.env.SCRY_BINARY;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) {
      throw new BinaryNotFound(`SCRY_BINARY is set to ${fromEnv}, which does not exist.`);
    }
    return path.resolve(fromEnv);
  }
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORMS[key];
  const exe = process.platform === "win32" ? "scry.exe" : "scry";
  if (pkg) {
    try {
      return require.resolve(`${pkg}/bin/${exe}`);
    } catch {
      throw new BinaryNotFound(
        `scry-search could not find its binary package ${pkg} for this platform (${key}).\n` +
          `It is an optional dependency: it is skipped when installing with --no-optional or\n` +
          `--omit=optional, or when the lock file was made on another platform. Reinstall with\n` +
          `  npm install scry-search ${pkg}\n` +
          `or point SCRY_BINARY at a scry binary (cargo install scry-search).`,
      );
    }
  }
  throw new BinaryNotFound(
    `scry-search has no prebuilt binary for this platform (${key}); prebuilt: ` +
      `${Object.keys(PLATFORMS).join(", ")}.\n` +
      `Build it with Rust instead:  cargo install scry-search\n` +
      `then set SCRY_BINARY to its path (e.g. ~/.cargo/bin/scry), or run that scry directly.`,
  );
}

module.exports = { binaryPath, BinaryNotFound, PLATFORMS };
