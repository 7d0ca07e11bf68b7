// Writes the demo site into a folder: index.html, cases.html (every case of opsi-cases.jsonl, rendered
// here with HTML escaping so highlight on arrival finds the text already in the page), the CSS and the
// attribution. The index itself goes into <out>/scry/ (scripts/demo.sh runs scry for it).
//
//   node www/demo/build.mjs OUT_DIR
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) throw new Error("usage: node www/demo/build.mjs OUT_DIR");
mkdirSync(out, { recursive: true });

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// The listing has no titles; the heading is the summary's first words, shown (quoted, italic) as an excerpt.
// (The same words scry takes for the result's title with title_from/title_words in scry.toml.)
const lead = (body, n = 10) => {
  const w = body.split(/\s+/).filter(Boolean);
  return w.length <= n ? w.join(" ") : w.slice(0, n).join(" ").replace(/[,;:.—-]+$/, "") + "…";
};

const cases = readFileSync(join(here, "opsi-cases.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));

const articles = cases
  .map(
    (c) => `<article class="case" id="${esc(c.id)}">
  <h2><span class="lead">${esc(lead(c.body))}</span><span class="id">${esc(c.id)}</span></h2>
  <p>${esc(c.body)}</p>
  <p class="src">Source: <a href="${esc(c.source)}">${esc(c.source)}</a></p>
</article>`,
  )
  .join("\n");

writeFileSync(
  join(out, "cases.html"),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>All cases: scry demo</title>
<link rel="icon" href="favicon.svg">
<link rel="stylesheet" href="demo.css">
<script type="module" src="scry/scry.js"></script>
</head>
<body>
<header class="top">
  <a class="brand" href="./">scry demo</a>
  <nav><a href="cases.html">All cases</a></nav>
  <scry-search mode="modal" placeholder="Search cases" label="Search the cases"></scry-search>
</header>
<main>
<h1>All ${cases.length} cases</h1>
<p>Summaries from the OECD Observatory of Public Sector Innovation case study library. The listing gives no
titles, so each heading is the first words of its summary.</p>
${articles}
</main>
<footer><p>Text © OECD and the cases' authors, from <a href="https://oecd-opsi.org/innovations/">oecd-opsi.org/innovations</a>; sample data for this demo.</p></footer>
</body>
</html>
`,
);
for (const f of ["index.html", "demo.css", "favicon.svg", "ATTRIBUTION.md"]) copyFileSync(join(here, f), join(out, f));
console.log(`demo pages -> ${out} (${cases.length} cases)`);
