// The second demo: a real documentation site, copied from SRC to OUT with the widget added to every
// page (a modal search box in a bar at the top, highlight on arrival) and a `section` filter from the
// page's first folder, so facets and section sub-results show on real pages.
//
//   node www/demo/docs.mjs SRC OUT "Site name"
// Then: scry --site OUT (writes OUT/scry/).
import { cpSync, readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const [src, out, name = "the docs"] = process.argv.slice(2);
if (!src || !out) throw new Error("usage: node docs.mjs SRC OUT [NAME]");

const SECTIONS = {
  library: "Library", reference: "Language reference", tutorial: "Tutorial", howto: "HOWTOs",
  "c-api": "C API", using: "Setup and usage", faq: "FAQ", whatsnew: "What's new", extending: "Extending",
  distributing: "Distributing", installing: "Distributing", deprecations: "What's new",
};
const escape = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

cpSync(src, out, { recursive: true, dereference: true });
writeFileSync(
  join(out, "scry-demo.css"),
  `.scry-demo-bar { position: sticky; top: 0; z-index: 100; display: flex; gap: 1rem; align-items: center;
  padding: .4rem 1rem; background: #1f3b57; color: #fff; font: 15px/1.4 system-ui, sans-serif; }
.scry-demo-bar a { color: #fff; font-weight: 600; text-decoration: none; }
.scry-demo-bar scry-search { margin-left: auto; }
/* One search box: the theme's quick search boxes give way to scry's. */
.inline-search, #searchbox { display: none !important; }\n`,
);

let pages = 0;
function walk(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!entry.startsWith("_") && entry !== "scry") walk(path);
      continue;
    }
    if (!entry.endsWith(".html")) continue;
    const rel = relative(out, path);
    const depth = rel.split(sep).length - 1;
    const up = "../".repeat(depth);
    const top = rel.split(sep)[0].replace(/\.html$/, "");
    const section = SECTIONS[top] || (depth ? top[0].toUpperCase() + top.slice(1) : "Overview");
    let html = readFileSync(path, "utf8");
    if (!/<body[^>]*>/i.test(html) || !/<\/head>/i.test(html)) continue;
    html = html.replace(
      /<\/head>/i,
      `<script type="module" src="${up}scry/scry.js"></script><link rel="stylesheet" href="${up}scry-demo.css"></head>`,
    );
    html = html.replace(
      /<body([^>]*)>/i,
      (_, attrs) =>
        `<body${attrs} data-scry-filter="section:${escape(section)}"><div class="scry-demo-bar" data-scry-ignore>` +
        `<a href="${up}index.html">${escape(name)}</a> <a href="/">← scry demo</a>` +
        `<scry-search mode="modal" placeholder="Search ${escape(name)}" label="Search ${escape(name)}" theme="light"></scry-search></div>`,
    );
    writeFileSync(path, html);
    pages++;
  }
}
walk(out);
console.error(`[demo] ${pages} pages of ${name} ready in ${out}`);
