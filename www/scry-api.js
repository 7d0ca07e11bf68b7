// scry's JS API, on its own: `open(base)` → a searcher whose searches run in a Web Worker. What a page
// that renders results itself loads (the <scry-search> element, in scry.js, builds on it).
//
//   import { open } from "/scry/scry-api.js";
//
// The worker, the wasm and the index files are found next to this file through import.meta.url (or
// under `base`), and nothing of the index loads before open() or a first search.

const HERE = import.meta.url;

// ---------------------------------------------------------------------------------------------------
// The JS API

const abortError = () => new DOMException("superseded by a newer search", "AbortError");

class Searcher {
  #worker;
  #seq = 0;
  #calls = new Map();
  #newestSearch = 0;
  // At most one search is at the worker at a time; a newer one waits here (replacing any older one
  // still waiting), so a burst of keystrokes costs two searches, not one per keystroke.
  #searching = false;
  #waiting = null;
  #ready;
  #logged = new Set();

  constructor(base) {
    this.base = base;
  }

  #start() {
    if (this.#worker) return;
    const url = new URL("scry-worker.js", HERE);
    let w;
    try {
      w = this.#worker = new Worker(url, { type: "module" });
    } catch (e) {
      // e.g. scry.js served from another origin than the page: workers must be same-origin.
      this.#worker = { postMessage() {}, terminate() {} };
      this.#ready = Promise.reject(this.#log(new Error(`scry: could not start the search worker ${url} (${e.message}); serve scry/ from the page's own origin`)));
      this.#ready.catch(() => {});
      return;
    }
    w.onmessage = ({ data: m }) => {
      const call = this.#calls.get(m.id);
      if (!call) return;
      this.#calls.delete(m.id);
      if (m.err) call.reject(this.#log(new Error(m.err)));
      else if (m.stale) call.reject(abortError());
      else call.resolve(m.ok);
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      const err = this.#log(new Error(`scry: could not start the search worker ${url} (${e.message || "failed to load"})`));
      for (const c of this.#calls.values()) c.reject(err);
      this.#calls.clear();
      this.#ready = Promise.reject(err);
      this.#ready.catch(() => {});
    };
    this.#ready = this.#call({ op: "open", base: this.base });
    this.#ready.catch(() => {});
  }

  #log(err) {
    if (!this.#logged.has(err.message)) {
      this.#logged.add(err.message);
      console.error(err.message);
    }
    return err;
  }

  #call(msg) {
    this.#start();
    msg.id ??= ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#calls.set(msg.id, { resolve, reject });
      this.#worker.postMessage(msg);
    });
  }

  /** Load the engine and the manifest now, so the first search only waits for its own files. */
  preload() {
    this.#start();
    return this.#ready;
  }

  /** {format, documents, facets, sorts, language} */
  async info() {
    await this.preload();
    return this.#call({ op: "info" });
  }

  /**
   * Search. Resolves to {total, partial, didYouMean, terms, facets, facetsAll, results}; each result's
   * data() loads its stored fields on demand. A newer search() rejects the older one's promise with an
   * AbortError (ignore it).
   */
  async search(query, { filters, sort, limit = 10, offset = 0, facets = true } = {}) {
    await this.preload();
    const id = ++this.#seq;
    this.#newestSearch = id;
    const o = { limit, offset, facets };
    if (filters) o.filters = normalizeFilters(filters);
    if (sort) o.sort = sort;
    const r = await this.#queueSearch({ id, op: "search", q: String(query), o });
    if (id !== this.#newestSearch) throw abortError();
    return {
      total: r.total,
      partial: !!r.partial,
      didYouMean: r.didYouMean ?? null,
      terms: r.terms || [],
      facets: r.facets || {},
      facetsAll: r.facetsAll || r.facets || {},
      results: (r.results || []).map(({ doc, score }) => {
        let data;
        return { id: doc, score, data: () => (data ??= this.#data(doc, query)) };
      }),
    };
  }

  // The worker runs a search to its end once every file it needs is cached: a queue of searches there
  // would all run. So the newest waits here while one runs, and the worker is told (a message it reads
  // between its fetch rounds) that the running one is superseded.
  #queueSearch(msg) {
    if (this.#searching) {
      this.#waiting?.reject(abortError());
      this.#worker.postMessage({ op: "newest", id: msg.id });
      return new Promise((resolve, reject) => (this.#waiting = { msg, resolve, reject }));
    }
    this.#searching = true;
    const done = () => {
      this.#searching = false;
      const next = this.#waiting;
      this.#waiting = null;
      if (next) this.#queueSearch(next.msg).then(next.resolve, next.reject);
    };
    const p = this.#call(msg);
    p.then(done, done);
    return p;
  }

  async #data(doc, q) {
    const d = await this.#call({ op: "doc", doc, q: String(q) });
    d.id = doc;
    d.sub ||= [];
    d.meta ||= {};
    d.matches ||= [];
    d.titleMatches ||= [];
    return d;
  }

  /** Stop the worker; the searcher cannot be used afterwards. */
  close() {
    this.#worker?.terminate();
    this.#waiting?.reject(new Error("scry: searcher closed"));
    this.#waiting = null;
    for (const c of this.#calls.values()) c.reject(new Error("scry: searcher closed"));
    this.#calls.clear();
  }
}

// Filters may be given as {topic: ["a", "b"]} (any of) or {topic: {any, all, none}}.
function normalizeFilters(filters) {
  const out = {};
  for (const [k, v] of Object.entries(filters)) {
    const f = Array.isArray(v) ? { any: v } : typeof v === "string" ? { any: [v] } : v || {};
    out[k] = { any: f.any || [], all: f.all || [], none: f.none || [] };
  }
  return out;
}

const searchers = new Map();

function resolveBase(base) {
  const u = new URL(base ?? "./", base == null ? HERE : document.baseURI);
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  return u.href;
}

/** A searcher for the index at `base` (default: the folder this script was loaded from). */
export function searcher(base) {
  const b = resolveBase(base);
  let s = searchers.get(b);
  if (!s) searchers.set(b, (s = new Searcher(b)));
  return s;
}

/** Open the index at `base` (default: this script's folder); resolves once the engine and manifest are loaded. */
export async function open(base) {
  const s = searcher(base);
  await s.preload();
  return s;
}
