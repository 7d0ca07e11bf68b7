// The search worker: owns the wasm index, fetches index files, answers the page's requests.
//
// Why a worker: a search walks fsts and postings and builds excerpts; doing that on the main thread
// would cost the page frames while the visitor types. The page (scry.js) talks to this worker with
// small messages:
//
//   page → worker  {id, op: "open", base}            start loading the wasm and the manifest
//                  {id, op: "info"}                   the index's info() as an object
//                  {id, op: "search", q, o}           search(q, o); a newer search supersedes this one
//                  {id, op: "doc", doc, q}            document(doc, q): stored fields with highlights
//                  {id, op: "newest"}                 a search with this id is coming: stop older ones
//                                                     at their next round (no answer)
//   worker → page  {id, ok: value} | {id, err: "message"} | {id, stale: 1}
//
// The wasm engine never fetches: it answers {"need": [file names]} and this worker fetches those files
// (each once, all in parallel, gzip inflated with DecompressionStream when the server did not; the
// stored documents of large sites with a shared dictionary, see fetchFile), adds
// them, and asks again with the same arguments. A newer search (or its announcement, "newest") stops a
// search waiting for files at once, and it answers {stale: 1}; the files it started fetching still
// land in the cache, which the next keystroke usually needs anyway. The page (scry-api.js) sends one
// search at a time and only the newest waiting one after it: once files are cached a search runs to
// its end without a pause, so queued searches here would all run.
import init, { ScryIndex } from "./scry_wasm.js";

const WASM = new URL("scry_wasm_bg.wasm", import.meta.url);

/** @type {Promise<ScryIndex> | undefined} */
let index;
/** @type {URL} */
let base;
/** name → promise of the file added to the index (in-flight and finished fetches alike) */
const files = new Map();
/** id of the newest search; older ones stop at their next await */
let newest = 0;
/** settles when a newer search is announced, waking a search that waits for files */
let superseded;
let wake = () => {};
const armed = () => (superseded = new Promise((r) => (wake = r)));
armed();

function announce(id) {
  if (id > newest) {
    newest = id;
    wake();
    armed();
  }
}

const fail = (msg) => {
  throw new Error("scry: " + msg);
};

async function fetchFile(name, plain = false) {
  const url = new URL(name, base);
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    fail(`could not fetch index file ${name} from ${url} (${e.message})`);
  }
  if (!res.ok) {
    fail(
      `index file ${name} is missing (HTTP ${res.status} for ${url}); ` +
        "the index may have been rebuilt or only partly uploaded: reload the page, or upload the whole index folder",
    );
  }
  let bytes = new Uint8Array(await res.arrayBuffer());
  // Hosts seldom send Content-Encoding for .bin files, so the gzip is still on: inflate it here.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    } catch {
      fail(`index file ${name} is corrupt (its gzip data is broken); rebuild the index and upload it again`);
    }
  } else if (!plain && dictName && bytes[0] === 0x53 && bytes[1] === 0x43 && bytes[2] === 0x52 && bytes[3] === 0x44) {
    // "SCRD": a bundle of a large site, raw deflate that refers back into the index's dictionary
    // (the manifest names it: info().dictionary; the file's frame names it too, after a length
    // byte, and is skipped). DecompressionStream takes no dictionary, but a stored block holding it
    // puts it in the window. The engine checks the inflated bytes against their checksum.
    const dict = await dictionary(dictName);
    const n = dict.length;
    try {
      if (n > 65535) throw 0;
      const stored = new Uint8Array([0, n & 255, n >> 8, ~n & 255, (~n >> 8) & 255]);
      const stream = new Blob([stored, dict, bytes.subarray(5 + bytes[4])]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer()).subarray(n);
    } catch {
      fail(`index file ${name} is corrupt (its data is broken, or ${dictName} is not its dictionary); rebuild the index and upload it again`);
    }
  }
  return bytes;
}

/** name → promise of a dictionary's bytes: fetched once, as soon as a first result's data is asked for */
const dicts = new Map();
let dictName;

function dictionary(name) {
  let p = dicts.get(name);
  if (!p) {
    p = fetchFile(name, true);
    dicts.set(name, p);
    p.catch(() => dicts.delete(name));
  }
  return p;
}

function add(name) {
  let p = files.get(name);
  if (!p) {
    p = Promise.all([index, fetchFile(name)]).then(([idx, bytes]) => {
      try {
        idx.add_file(name, bytes);
      } catch (e) {
        fail(`index file ${name} is corrupt or from another build of the index (${msg(e)}); reload the page, or rebuild the index`);
      }
    });
    files.set(name, p);
    // A failed file is asked for again by a later search (a network hiccup should not stick).
    p.catch(() => files.delete(name));
  }
  return p;
}

const msg = (e) => String((e && e.message) || e).replace(/^scry: /, "");

/**
 * The fetch loop: call `ask`, add the files the engine needs, call again, until it answers.
 * `live()` false means a newer request superseded it. The engine ends the loop itself: it never asks
 * for nothing (it throws instead) nor again for a file it holds (by construction; native builds check
 * it, see src/index/fetch.rs), and a file it is given fills its slot or throws, so every round here
 * adds a file and the rounds are bounded by the index's files.
 */
async function answer(ask, live, stoppable = false) {
  const idx = await index;
  for (;;) {
    if (!live()) return undefined;
    const out = JSON.parse(ask(idx));
    if (!out.need) return out;
    const landed = Promise.all(out.need.map(add));
    // A newer search stops this one at once, not when these files land (they still land in the cache).
    await (stoppable ? Promise.race([landed, superseded]) : landed);
  }
}

function open(url) {
  base = new URL(url);
  index = Promise.all([
    init({ module_or_path: WASM }).catch((e) =>
      fail(`could not load the search engine ${WASM} (${msg(e)})`),
    ),
    fetchFile("manifest.bin"),
  ]).then(([, manifest]) => {
    try {
      const idx = new ScryIndex(manifest);
      dictName = JSON.parse(idx.info()).dictionary;
      return idx;
    } catch (e) {
      fail(msg(e));
    }
  });
  return index.then(() => true);
}

const ops = {
  open: (m) => open(m.base),
  info: async () => JSON.parse((await index).info()),
  search: (m) => {
    announce(m.id);
    return answer((idx) => idx.search(m.q, JSON.stringify(m.o || {})), () => m.id === newest, true);
  },
  doc: (m) => {
    // The bundle's dictionary, fetched alongside the bundle rather than after it.
    if (dictName) dictionary(dictName).catch(() => {});
    return answer((idx) => idx.document(m.doc, m.q || ""), () => true);
  },
};

self.onmessage = async ({ data: m }) => {
  if (m.op === "newest") return announce(m.id);
  try {
    if (!index && m.op !== "open") fail("open() the index first");
    const value = await ops[m.op](m);
    postMessage(value === undefined ? { id: m.id, stale: 1 } : { id: m.id, ok: value });
  } catch (e) {
    postMessage({ id: m.id, err: "scry: " + msg(e) });
  }
};
