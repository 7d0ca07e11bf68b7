// Builds the browser assets into one folder (default www/dist/): scry.js, scry-api.js, scry-highlight.js,
// scry-worker.js (the worker with the wasm-bindgen glue bundled in), scry.css and scry_wasm_bg.wasm, minified with esbuild, and prints their
// gzip sizes. Called by scripts/build-wasm.sh after wasm-bindgen and wasm-opt.
//
//   node build-assets.mjs --glue DIR [--out DIR]
// DIR holds scry_wasm.js and (unless it is the test mock) scry_wasm_bg.wasm.
//   node build-assets.mjs [--out DIR]
// without --glue rebuilds only scry.js, scry-api.js, scry-highlight.js and scry.css, keeping the worker and the wasm already in DIR
// (quick iteration on the widget).
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const www = resolve(here, "../../www");
const { values: args } = parseArgs({ options: { glue: { type: "string" }, out: { type: "string" }, quiet: { type: "boolean" } } });
const glue = args.glue && resolve(args.glue);
const out = resolve(args.out || join(www, "dist"));
if (!glue && !existsSync(join(out, "scry-worker.js"))) throw new Error(`usage: node build-assets.mjs --glue DIR [--out DIR] (${out} has no worker to keep)`);

if (glue) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = { minify: true, format: "esm", target: "es2022", legalComments: "none", logLevel: "warning" };
if (glue) await build({
  ...common,
  entryPoints: [join(www, "scry-worker.js")],
  bundle: true,
  outfile: join(out, "scry-worker.js"),
  plugins: [
    {
      name: "glue",
      setup(b) {
        b.onResolve({ filter: /^\.\/scry_wasm\.js$/ }, () => ({ path: join(glue, "scry_wasm.js") }));
      },
    },
  ],
});
// scry-api.js is the JS API on its own; scry.js (the element) imports it and re-exports it.
await build({ ...common, entryPoints: [join(www, "scry-api.js")], outfile: join(out, "scry-api.js") });
await build({ ...common, entryPoints: [join(www, "scry.js")], outfile: join(out, "scry.js") });
// Highlight on arrival: scry.js imports it only on a page opened with ?highlight=.
await build({ ...common, entryPoints: [join(www, "scry-highlight.js")], outfile: join(out, "scry-highlight.js") });
await build({ ...common, entryPoints: [join(www, "scry.css")], outfile: join(out, "scry.css"), loader: { ".css": "css" } });
if (glue && existsSync(join(glue, "scry_wasm_bg.wasm"))) copyFileSync(join(glue, "scry_wasm_bg.wasm"), join(out, "scry_wasm_bg.wasm"));

if (!args.quiet) {
  const gz = (f) => gzipSync(readFileSync(join(out, f)), { level: 9 }).length;
  const kib = (n) => (n / 1024).toFixed(1) + " KiB";
  let js = 0;
  for (const f of readdirSync(out).sort()) {
    const size = gz(f);
    // The total is what a page with the widget loads; scry-highlight.js only comes with ?highlight=.
    if (!f.endsWith(".wasm") && f !== "scry-highlight.js") js += size;
    console.log(`  ${f.padEnd(22)} ${kib(readFileSync(join(out, f)).length).padStart(10)}  gzip ${kib(size)}`);
  }
  console.log(`  JS + CSS gzip total    ${kib(js)} (budget 15 KiB; without scry-highlight.js)`);
  if (existsSync(join(out, "scry_wasm_bg.wasm"))) console.log(`  wasm gzip              ${kib(gz("scry_wasm_bg.wasm"))} (budget 55 KiB)`);
}
