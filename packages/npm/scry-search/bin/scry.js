#!/usr/bin/env node
// `npx scry …`: runs the platform's scry binary with the same arguments, standard streams and
// exit status.
"use strict";
const { spawnSync } = require("node:child_process");
const { binaryPath, BinaryNotFound } = require("../lib/binary.js");

let bin;
try {
  bin = binaryPath();
} catch (e) {
  if (e instanceof BinaryNotFound) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
const r = spawnSync(bin, process.argv.slice(2), { stdio: "inherit" });
if (r.error) {
  process.stderr.write(`error: cannot run ${bin}: ${r.error.message}\n`);
  process.exit(1);
}
if (r.signal) {
  process.kill(process.pid, r.signal);
}
process.exit(r.status ?? 1);
