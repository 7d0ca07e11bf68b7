// The Node API: build a scry index from code. It drives the scry binary (`scry service`: JSON lines
// over stdio), so the API and the command line can never disagree.
//
//   const scry = require("scry-search");            // or: import * as scry from "scry-search"
//   const { index, errors } = await scry.createIndex({ config: { weights: { title: 8 } } });
//   await index.addDirectory({ path: "public" });
//   await index.addHTMLFile({ url: "/extra/", content: "<html>…</html>" });
//   const { errors: e } = await index.writeFiles({ outputPath: "public/scry" });
//   await index.close();
//
// Every method resolves to an object with `errors` (an array of messages naming the input); none
// rejects for bad input. An index holds either pages or records.
"use strict";
const { spawn } = require("node:child_process");
const readline = require("node:readline");
const { binaryPath, BinaryNotFound } = require("./binary.js");

class Service {
  constructor(bin) {
    this.next = 1;
    this.waiting = new Map();
    this.closed = false;
    this.stderr = "";
    this.child = spawn(bin, ["service"], { stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    this.child.stderr.setEncoding("utf8");
    this.child.stderr.on("data", (d) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    const lines = readline.createInterface({ input: this.child.stdout, crlfDelay: Infinity });
    lines.on("line", (line) => {
      let reply;
      try {
        reply = JSON.parse(line);
      } catch {
        return;
      }
      const w = this.waiting.get(reply.id);
      if (w) {
        this.waiting.delete(reply.id);
        delete reply.id;
        w(reply);
      }
    });
    const fail = (why) => {
      this.closed = true;
      for (const w of this.waiting.values()) w({ errors: [why] });
      this.waiting.clear();
    };
    this.child.on("error", (e) => fail(`cannot run ${bin}: ${e.message}`));
    this.child.on("exit", (code, signal) => {
      if (this.waiting.size) {
        fail(`scry exited (${signal || code}) before answering${this.stderr ? `: ${this.stderr.trim()}` : ""}`);
      }
      this.closed = true;
    });
    // An unhandled EPIPE would crash the caller's process when scry has exited.
    this.child.stdin.on("error", () => {});
  }

  request(op, fields = {}) {
    if (this.closed) return Promise.resolve({ errors: [`${op}: this index is closed`] });
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, op, ...fields }) + "\n");
    });
  }
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** One index being built. Its methods queue: each waits for the one before. */
class ScryIndex {
  constructor(service) {
    this._service = service;
  }

  /** Index the HTML pages under a folder (`glob` relative to it; default every .html/.htm). */
  addDirectory({ path, glob } = {}) {
    return this._service.request("addDirectory", { path, glob });
  }

  /** Index one page given as text, at `url` ("/guide/") or `sourcePath` ("guide/index.html"). */
  addHTMLFile({ url, sourcePath, content } = {}) {
    return this._service.request("addHTMLFile", { url, sourcePath, content });
  }

  /** Index one record: an object mapped by the config's `records` keys, as `scry --records`. */
  addRecord(record) {
    if (isPlainObject(record) && isPlainObject(record.record) && Object.keys(record).length === 1) {
      record = record.record;
    }
    return this._service.request("addRecord", { record });
  }

  /** Build and write the index with the browser assets into `outputPath` (swapped in whole). */
  writeFiles({ outputPath } = {}) {
    return this._service.request("writeFiles", { outputPath });
  }

  /** Build in memory: `{errors, files: [{path, content: Uint8Array}]}` for frameworks that emit assets. */
  async getFiles() {
    const r = await this._service.request("getFiles");
    if (Array.isArray(r.files)) {
      r.files = r.files.map((f) => ({ path: f.path, content: new Uint8Array(Buffer.from(f.content, "base64")) }));
    }
    return r;
  }

  /** Ends the scry process. */
  async close() {
    const r = await this._service.request("close");
    this._service.child.stdin.end();
    this._service.closed = true;
    return r;
  }
}

/**
 * Starts an index. `options.config` holds the keys of scry.toml as an object
 * (`{ weights: { title: 8 }, site: { exclude: ["drafts/**"] } }`), or `options.configFile` names a
 * scry.toml. Resolves to `{errors, index}`; `index` is undefined when there are errors.
 */
async function createIndex(options = {}) {
  if (!isPlainObject(options)) {
    return { errors: ["createIndex: options must be an object"], index: undefined };
  }
  const known = ["config", "configFile"];
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length) {
    return { errors: [`createIndex: unknown option ${unknown.join(", ")} (known: ${known.join(", ")})`], index: undefined };
  }
  let bin;
  try {
    bin = binaryPath();
  } catch (e) {
    if (e instanceof BinaryNotFound) return { errors: [e.message], index: undefined };
    throw e;
  }
  const service = new Service(bin);
  const r = await service.request("create", { config: options.config ?? null, configFile: options.configFile ?? null });
  if (r.errors.length) {
    service.child.stdin.end();
    service.closed = true;
    return { errors: r.errors, index: undefined };
  }
  return { errors: [], index: new ScryIndex(service) };
}

module.exports = { createIndex, binaryPath };
