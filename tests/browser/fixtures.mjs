// Test corpora, written as HTML sites (indexed with `scry --site`) or JSON Lines records
// (`scry --records`), and indexed by the real CLI — or, with SCRY_MOCK=1, by the JS mock
// (mock/), to work on the JS side alone.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildIndex as cli, DIST, ROOT, tempDir } from "./lib.mjs";
import { buildMockIndex } from "./mock/mock-index.mjs";

export const MOCK = process.env.SCRY_MOCK === "1";

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small documentation site: pages with sections (anchored headings) and a `topic` facet. */
export const GARDEN = [
  {
    path: "/care/watering.html",
    title: "Watering tomatoes",
    topics: ["Vegetables", "Care"],
    intro: "Tomatoes need deep watering twice a week; shallow watering grows shallow roots.",
    sections: [
      { id: "morning", heading: "Water in the morning", text: "Morning watering lets the leaves dry before evening, which keeps blight away." },
      { id: "drip", heading: "Drip irrigation", text: "A drip line puts water at the roots and saves half the water a sprinkler wastes." },
    ],
  },
  {
    path: "/care/pruning.html",
    title: "Pruning roses",
    topics: ["Flowers", "Care"],
    intro: "Prune roses in late winter, just as the buds swell, cutting above an outward-facing bud.",
    sections: [{ id: "tools", heading: "Sharp tools", text: "Clean, sharp secateurs make cuts that heal quickly." }],
  },
  {
    path: "/soil/compost.html",
    title: "Making compost",
    topics: ["Soil"],
    intro: "Compost turns kitchen scraps and leaves into dark crumbly soil in a few months.",
    sections: [
      { id: "greens", heading: "Greens and browns", text: "Mix green material such as grass clippings with brown material such as dry leaves." },
      { id: "turning", heading: "Turning the heap", text: "Turning the heap every week brings air to the microbes and speeds everything up." },
    ],
  },
  {
    path: "/soil/mulch.html",
    title: "Mulching beds",
    topics: ["Soil", "Care"],
    intro: "A layer of mulch keeps moisture in the soil and weeds out of the beds; it also saves watering.",
    sections: [],
  },
  {
    path: "/veg/potatoes.html",
    title: "Growing potatoes",
    topics: ["Vegetables"],
    intro: "Plant seed potatoes in trenches in spring and earth them up as the shoots appear.",
    sections: [{ id: "harvest", heading: "Harvest", text: "Lift early potatoes when the flowers open; maincrop potatoes when the foliage dies back." }],
  },
  {
    path: "/flowers/tulips.html",
    title: "Planting tulips",
    topics: ["Flowers"],
    intro: "Plant tulip bulbs in November, three times as deep as the bulb is tall.",
    sections: [],
  },
];

// Filler pages, so the index is big enough to be split into a manifest, term shards and document
// bundles (a tiny index is one file). Words from a vocabulary that no test query uses, picked by a
// fixed-seed generator so every run indexes the same text.
const VOCAB = (
  "sun shade frost rain wind seed bed row path fence gate shed hose rake hoe spade trowel fork barrow " +
  "bean pea leek onion garlic carrot beet radish lettuce spinach kale cabbage squash pumpkin melon " +
  "berry currant plum pear cherry quince fig vine ivy moss fern hedge lawn clover daisy poppy iris " +
  "lily aster phlox sage thyme mint basil dill chive parsley fennel lovage sorrel borage comfrey " +
  "worm beetle aphid slug snail bee wasp moth robin wren thrush blackbird sparrow owl hedgehog " +
  "early late spring summer autumn winter dawn dusk week month season weather cloud sky warm cold " +
  "plant sow thin weed feed stake tie net cover sweep stack store dry cure pick pack sort label " +
  "tall short wide narrow young old green gold red purple white yellow orange brown grey blue"
).split(" ");
function filler(n) {
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => ({
    path: `/diary/week-${String(i + 1).padStart(2, "0")}.html`,
    title: `Diary, week ${i + 1}`,
    topics: ["Diary"],
    intro: Array.from({ length: 90 }, () => VOCAB[Math.floor(rnd() * VOCAB.length)]).join(" ") + ".",
    sections: [],
  }));
}
export const DIARY = filler(60);

function pageHtml(p, { script = "/scry/scry.js" } = {}) {
  const sections = p.sections
    .map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.heading)}</h2>\n<p>${esc(s.text)}</p></section>`)
    .join("\n");
  const topics = p.topics.map((t) => `<span data-scry-filter="topic">${esc(t)}</span>`).join(", ");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(p.title)}</title><link rel="icon" href="/favicon.svg">
<script type="module" src="${script}"></script></head>
<body>
<header><scry-search></scry-search></header>
<main>
<h1>${esc(p.title)}</h1>
<p class="topics">Topics: ${topics}</p>
<p>${esc(p.intro)}</p>
<script>var watering = "not page text";</script>
${sections}
</main>
</body>
</html>
`;
}

/** Page that hosts the widget (inline and modal), for the tests. */
export function searchPageHtml({ attrs = "", modal = true } = {}) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Search the garden</title><link rel="icon" href="/favicon.svg">
<script type="module" src="/scry/scry.js"></script></head>
<body>
<header>${modal ? '<scry-search mode="modal" placeholder="Search"></scry-search>' : ""}</header>
<main>
<h1>Search the garden</h1>
<scry-search id="inline" ${attrs}></scry-search>
<p><a href="/care/watering.html">A link after the box</a></p>
</main>
</body>
</html>
`;
}

// scry copies the assets it embedded at compile time; the tests use www/dist/ as it is now, so
// a change to www/ needs only scripts/build-wasm.sh, not a rebuild of the CLI (run.sh does both anyway).
function buildIndex(args) {
  cli(args);
  const out = args[args.indexOf("--out") + 1];
  if (existsSync(join(DIST, "scry.js"))) cpSync(DIST, out, { recursive: true });
}

const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';

function mockAssets(out) {
  execFileSync("node", [join(ROOT, "tests/browser/build-assets.mjs"), "--glue", join(ROOT, "tests/browser/mock"), "--out", out, "--quiet"]);
}

/** Write `pages` as a site under a temp folder, index it into <site>/scry/, return the site folder. */
export function gardenSite(pages = [...GARDEN, ...DIARY], { searchPage = searchPageHtml() } = {}) {
  const site = join(tempDir(), "site");
  for (const p of pages) {
    const file = join(site, p.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, pageHtml(p));
  }
  if (MOCK) {
    mockAssets(join(site, "scry"));
    buildMockIndex(
      pages.map((p) => ({
        url: p.path,
        title: p.title,
        body: p.intro,
        facets: { topic: p.topics },
        sub: p.sections.map((s) => ({ title: s.heading, url: `${p.path}#${s.id}`, body: s.text })),
      })),
      join(site, "scry"),
    );
  } else {
    buildIndex(["--site", site, "--out", join(site, "scry")]);
  }
  // Pages that are not content: written after indexing.
  writeFileSync(join(site, "index.html"), searchPage);
  writeFileSync(join(site, "favicon.svg"), FAVICON);
  return site;
}

/**
 * Index records (objects with url, title, body, topic) with `scry --records`; returns a site
 * folder with the index in scry/ and a search page at /.
 */
export function recordsSite(records, { searchPage = searchPageHtml({ modal: false }), mock = MOCK } = {}) {
  const dir = tempDir();
  const site = join(dir, "site");
  mkdirSync(site, { recursive: true });
  if (mock) {
    mockAssets(join(site, "scry"));
    buildMockIndex(records.map((r) => ({ url: r.url, title: r.title, body: r.body, facets: { topic: [].concat(r.topic || []) } })), join(site, "scry"));
  } else {
    writeFileSync(join(dir, "records.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    writeFileSync(join(dir, "scry.toml"), RECORDS_TOML);
    buildIndex(["--records", join(dir, "records.jsonl"), "--config", join(dir, "scry.toml"), "--out", join(site, "scry")]);
  }
  writeFileSync(join(site, "index.html"), searchPage);
  writeFileSync(join(site, "favicon.svg"), FAVICON);
  return site;
}

// The records mapping for recordsSite (see scry's scry.toml documentation).
export const RECORDS_TOML = `[records]
id = "id"
url = "url"
title = "title"
text = { body = 1.0 }
facets = ["topic"]
`;

/** Build the demo (pages + index of www/demo/opsi-cases.jsonl) into a temp folder; returns it. */
export function demoSite() {
  const site = join(tempDir(), "demo");
  execFileSync("node", [join(ROOT, "www/demo/build.mjs"), site], { stdio: "ignore" });
  if (MOCK) {
    mockAssets(join(site, "scry"));
    const cases = readFileSync(join(ROOT, "www/demo/opsi-cases.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    buildMockIndex(cases.map((c) => ({ url: `../cases.html#${c.id}`, title: "", body: c.body })), join(site, "scry"));
  } else {
    buildIndex(["--records", join(ROOT, "www/demo/opsi-cases.jsonl"), "--config", join(ROOT, "www/demo/scry.toml"), "--out", join(site, "scry")]);
  }
  return site;
}
