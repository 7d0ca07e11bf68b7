// What the generator integrations (Astro, Starlight, Docusaurus) share: checking the options a site
// owner wrote in the generator's config, and indexing the built site with the scry binary (the one
// implementation; nothing is re-implemented here).
"use strict";
const { execFile } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { binaryPath } = require("../lib/binary.js");

/** A mistake in the site owner's configuration: reported as its message alone, without a stack. */
class ScryConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = "ScryConfigError";
    // Generators print `stack` when there is one; this error is about the config, not the code.
    this.stack = `${this.name}: ${message}`;
  }
}

const TYPES = {
  string: (v) => typeof v === "string",
  "non-empty string": (v) => typeof v === "string" && v.trim() !== "",
  boolean: (v) => typeof v === "boolean",
  "positive whole number": (v) => Number.isInteger(v) && v > 0,
  "positive number": (v) => typeof v === "number" && Number.isFinite(v) && v > 0,
  "array of strings": (v) => Array.isArray(v) && v.every((x) => typeof x === "string" && x !== ""),
};

function describe(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 60)})`;
  if (typeof v === "string") return `the string ${JSON.stringify(v.slice(0, 60))}`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/**
 * The options every integration takes. `type` is a key of TYPES, an array of allowed values, or a
 * nested schema (an object of these). Widget options mirror the <scry-search> attributes.
 */
const SCHEMA = {
  include: { type: "array of strings", doc: "globs of the pages to index, relative to the built site" },
  exclude: { type: "array of strings", doc: "globs of pages to leave out" },
  ignore: { type: "array of strings", doc: "CSS selectors of page parts to leave out of the index" },
  language: { type: "string", doc: 'the stemmer\'s language ("en", "fr", …; "" for none)' },
  extraWordChars: { type: "string", doc: 'characters that belong to words, e.g. "+#"' },
  weights: {
    type: { title: "positive number", heading: "positive number", body: "positive number" },
    doc: "how much a match counts in the title, headings and body",
  },
  mode: { type: ["inline", "modal"], doc: "the widget: an inline box or a Ctrl/Cmd-K dialog" },
  placeholder: { type: "string", doc: "the search box's placeholder" },
  label: { type: "string", doc: "the search box's accessible label" },
  limit: { type: "positive whole number", doc: "results shown at first" },
  verbose: { type: "boolean", doc: "print scry's whole report" },
};

/** Check `options` against `schema`; throws ScryConfigError naming the option (e.g. `weights.title`). */
function validate(options, where, schema = SCHEMA, prefix = "") {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new ScryConfigError(`${where}: ${prefix ? `option \`${prefix.slice(0, -1)}\`` : "the options"} must be an object, got ${describe(options)}.`);
  }
  for (const [key, value] of Object.entries(options)) {
    const name = prefix + key;
    const spec = schema[key];
    if (!spec) {
      const known = Object.keys(schema);
      const near = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
      throw new ScryConfigError(
        `${where}: unknown option \`${name}\`${near.length ? ` (did you mean \`${prefix}${near[0]}\`?)` : ""}. ` +
          `Known options${prefix ? ` of \`${prefix.slice(0, -1)}\`` : ""}: ${known.join(", ")}.`,
      );
    }
    if (value === undefined) continue;
    const type = spec.type ?? spec;
    if (typeof type === "object" && !Array.isArray(type)) {
      validate(value, where, type, `${name}.`);
    } else if (Array.isArray(type)) {
      if (!type.includes(value)) {
        throw new ScryConfigError(`${where}: option \`${name}\` must be one of ${type.map((t) => JSON.stringify(t)).join(", ")}, got ${describe(value)}.`);
      }
    } else if (!TYPES[type](value)) {
      throw new ScryConfigError(`${where}: option \`${name}\` must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}, got ${describe(value)}.`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------
// Globs, with the meaning scry gives them ([site] include/exclude: `*` and `?` stay inside one path
// segment, `**` crosses them, `{a,b}` alternatives, `[abc]` / `[!abc]` classes), so that a pattern
// matching no page can be named before the build.

function globToRegExp(glob) {
  let re = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const atStart = i === 0 || glob[i - 1] === "/";
        const atEnd = i + 2 === glob.length || glob[i + 2] === "/";
        if (atStart && atEnd) {
          if (glob[i + 2] === "/") {
            re += "(?:.*/)?";
            i += 2;
          } else {
            re += ".*";
            i += 1;
          }
          continue;
        }
        re += "[^/]*";
        i += 1;
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) throw new Error(`unclosed [ in ${JSON.stringify(glob)}`);
      let cls = glob.slice(i + 1, end);
      if (cls[0] === "!") cls = "^" + cls.slice(1);
      re += `[${cls.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else if (c === "{") {
      depth++;
      re += "(?:";
    } else if (c === "}" && depth) {
      depth--;
      re += ")";
    } else if (c === "," && depth) re += "|";
    else if (c === "\\" && i + 1 < glob.length) re += "\\" + glob[++i];
    else re += c.replace(/[.+^$()|\\/]/g, "\\$&");
  }
  if (depth) throw new Error(`unclosed { in ${JSON.stringify(glob)}`);
  return new RegExp(`^${re}$`);
}

/** The HTML files under `dir`, relative, with `/` separators (hidden folders skipped, as scry does). */
function htmlFiles(dir, skip = []) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skip.includes(r)) walk(path.join(d, e.name), r);
      } else if (/\.html?$/i.test(e.name)) out.push(r);
    }
  };
  walk(dir, "");
  return out;
}

/** Throws ScryConfigError for a bad glob or one that matches no page of the built site. */
function checkGlobs(options, siteDir, where, optionPrefix = "") {
  const pages = htmlFiles(siteDir, ["scry"]);
  for (const key of ["include", "exclude"]) {
    for (const glob of options[key] ?? []) {
      let re;
      try {
        re = globToRegExp(glob);
      } catch (e) {
        throw new ScryConfigError(`${where}: option \`${optionPrefix}${key}\`: ${e.message}.`);
      }
      if (!pages.some((p) => re.test(p))) {
        const sample = pages.slice(0, 5).join(", ");
        throw new ScryConfigError(
          `${where}: option \`${optionPrefix}${key}\`: the glob ${JSON.stringify(glob)} matches no page of the built site ` +
            `(${pages.length} HTML files under ${siteDir}${sample ? `, such as ${sample}` : ""}). Globs are relative to the site's folder.`,
        );
      }
    }
  }
  return pages;
}

// ---------------------------------------------------------------------------------------------------
// Building

const toml = (v) => (Array.isArray(v) ? `[${v.map(toml).join(", ")}]` : typeof v === "string" ? JSON.stringify(v) : String(v));

/** The scry.toml for these options. */
function configToml(options, { baseUrl, ignore = [], exclude = [] }) {
  const lines = [];
  if (options.language !== undefined) lines.push(`language = ${toml(options.language)}`);
  if (options.extraWordChars !== undefined) lines.push(`extra_word_chars = ${toml(options.extraWordChars)}`);
  if (options.weights) {
    lines.push("[weights]");
    for (const [k, v] of Object.entries(options.weights)) if (v !== undefined) lines.push(`${k} = ${toml(v)}`);
  }
  lines.push("[site]");
  if (options.include) lines.push(`include = ${toml(options.include)}`);
  const allExclude = [...exclude, ...(options.exclude ?? [])];
  if (allExclude.length) lines.push(`exclude = ${toml(allExclude)}`);
  const allIgnore = [...ignore, ...(options.ignore ?? [])];
  if (allIgnore.length) lines.push(`ignore = ${toml(allIgnore)}`);
  lines.push(`base_url = ${toml(baseUrl)}`);
  return lines.join("\n") + "\n";
}

/** "/docs" / "docs/" / "" → "/docs/" (what scry and the widget's script URL want). */
function slashBase(base) {
  const b = String(base || "/").replace(/\/+$/, "").replace(/^\/*/, "/");
  return b === "/" ? "/" : `${b}/`;
}

/**
 * Index the built site `siteDir` (served at `baseUrl`) into siteDir/scry/ with the scry binary.
 * `themeIgnore` are the theme's chrome selectors, `themeExclude` globs of folders that are other
 * sites (another locale's build); `log` has info/warn. Resolves the page count;
 * rejects with ScryConfigError for option mistakes, Error for a failed build (scry's own message).
 */
async function buildSite({ siteDir, baseUrl, options, where, themeIgnore = [], themeExclude = [], log }) {
  const pages = checkGlobs(options, siteDir, where);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "scry-config-"));
  const config = path.join(tmp, "scry.toml");
  // The "page not found" page is no search result.
  const exclude = [...(pages.includes("404.html") ? ["404.html"] : []), ...themeExclude];
  fs.writeFileSync(config, configToml(options, { baseUrl: slashBase(baseUrl), ignore: themeIgnore, exclude }));
  let bin;
  try {
    bin = binaryPath();
  } catch (e) {
    throw new ScryConfigError(`${where}: ${e.message}`);
  }
  const args = ["--site", siteDir, "--config", config, ...(options.verbose ? ["--verbose"] : [])];
  const started = Date.now();
  try {
    const { code, stdout, stderr } = await new Promise((resolve) => {
      execFile(bin, args, { maxBuffer: 64 << 20, encoding: "utf8" }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr, err }),
      );
    });
    const report = (stdout + stderr).trim();
    if (code !== 0) {
      const hint = code === 2 ? " (a usage error: check the options)" : "";
      throw new ScryConfigError(`${where}: scry could not index ${siteDir}${hint}:\n${report || `exit status ${code}`}`);
    }
    const lines = report.split("\n").filter((l) => l.trim());
    if (options.verbose) for (const line of lines) log.info(line);
    else {
      for (const line of lines.filter((l) => /warn|error|skipp/i.test(l))) log.warn(line);
      // scry's summary: "Indexed N pages in … → … in DIR/scry"
      const summary = lines.find((l) => l.startsWith("Indexed "));
      log.info(summary || `indexed ${siteDir} into ${path.join(siteDir, "scry")} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return pages.length;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The <scry-search> attributes from the widget options. */
function widgetAttributes(options, defaults = {}) {
  const o = { ...defaults, ...options };
  const attrs = {};
  for (const k of ["mode", "placeholder", "label", "limit"]) if (o[k] !== undefined) attrs[k] = String(o[k]);
  return attrs;
}

// ---------------------------------------------------------------------------------------------------
// Dev servers: the index exists only after a build. These serve the last build's scry/ folder, or,
// when there is none, a scry.js whose <scry-search> says so in the page (never a silent dead box).

const CONTENT_TYPES = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json" };

function placeholderModule(message) {
  return `// scry: no index to search yet.
const message = ${JSON.stringify(message)};
console.warn("scry: " + message);
if (!customElements.get("scry-search")) {
  customElements.define("scry-search", class extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      const p = document.createElement("p");
      p.setAttribute("role", "status");
      p.style.cssText = "margin:0;padding:.3em .6em;border:1px dashed currentColor;border-radius:6px;font:inherit;font-size:.85em;max-width:28em";
      p.textContent = message;
      root.append(p);
      this.dataset.state = "no-index";
    }
  });
}
`;
}

/**
 * A connect/express-style middleware serving `${base}scry/*` from `indexDir` (the last build's), or
 * the placeholder module for scry.js when there is no index there. Calls log.info once.
 */
function devMiddleware({ base, indexDir, buildCommand, log }) {
  const prefix = `${slashBase(base)}scry/`;
  let told = false;
  return (req, res, next) => {
    // originalUrl: before a framework's own middleware strips the base path.
    const url = new URL(req.originalUrl || req.url, "http://x");
    if (!url.pathname.startsWith(prefix)) return next();
    const rel = decodeURIComponent(url.pathname.slice(prefix.length));
    const have = fs.existsSync(path.join(indexDir, "scry.js"));
    if (!told) {
      told = true;
      if (have) log.info(`search in the dev server uses the index of the last build (${indexDir}, ${fs.statSync(indexDir).mtime.toISOString()}): run \`${buildCommand}\` again to index newer pages`);
      else log.warn(`no search index yet (${indexDir} is missing): run \`${buildCommand}\` once, and search in the dev server will use it`);
    }
    if (!have) {
      if (rel === "scry.js") {
        res.writeHead(200, { "content-type": CONTENT_TYPES[".js"], "cache-control": "no-store" });
        return res.end(placeholderModule(`Search needs an index: run \`${buildCommand}\` once; the dev server then searches that build.`));
      }
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end(`no scry index: run ${buildCommand}`);
    }
    const file = path.resolve(indexDir, rel);
    if (!file.startsWith(path.resolve(indexDir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] || "application/octet-stream", "cache-control": "no-store" });
    fs.createReadStream(file).pipe(res);
  };
}

module.exports = {
  ScryConfigError,
  SCHEMA,
  validate,
  globToRegExp,
  htmlFiles,
  checkGlobs,
  configToml,
  slashBase,
  buildSite,
  widgetAttributes,
  devMiddleware,
  placeholderModule,
};
