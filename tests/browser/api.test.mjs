// The JS API: open(), info(), search() with lazily loaded result data, in-flight dedup, and a newer
// search superseding an older one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cpSync, DIST, indexRecords, launch, newPage, serve } from "./lib.mjs";
import { DIARY, GARDEN, gardenSite, RECORDS_TOML } from "./fixtures.mjs";

let browser, server;
before(async () => {
  const site = gardenSite();
  writeFileSync(join(site, "api.html"), `<!doctype html><html lang="en"><title>api</title><link rel="icon" href="/favicon.svg"><script type="module" src="/scry/scry.js"></script><h1>api</h1>`);
  writeFileSync(join(site, "api-only.html"), `<!doctype html><html lang="en"><title>api only</title><link rel="icon" href="/favicon.svg"><h1>api only</h1>`);
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("open, info and search; result data loads only when asked for", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/api.html");
  const bins = () => server.requests.filter((p) => p.endsWith(".bin")).length;
  await page.exposeFunction("binsFetched", bins);
  const out = await page.evaluate(async () => {
    const scry = await import("/scry/scry.js");
    const s = await scry.open("/scry/");
    const info = await s.info();
    const r = await s.search("compost", { limit: 5 });
    const afterSearch = await window.binsFetched();
    const data = await r.results[0].data();
    const again = await r.results[0].data();
    const afterData = await window.binsFetched();
    return { info, total: r.total, partial: r.partial, keys: Object.keys(r).sort(), first: r.results[0], data, same: data === again, afterSearch, afterData, base: s.base };
  });
  assert.equal(out.info.format, 3, "the index format version");
  assert.equal(out.info.documents, GARDEN.length + DIARY.length);
  assert.ok(out.info.facets.includes("topic"));
  assert.deepEqual(out.keys, ["didYouMean", "facets", "facetsAll", "partial", "results", "terms", "total"]);
  assert.equal(out.total, 1);
  assert.equal(out.partial, false);
  assert.equal(typeof out.first.id, "number");
  assert.equal(typeof out.first.score, "number");
  assert.equal(out.data.title, "Making compost");
  assert.match(out.data.url, /\/soil\/compost\.html$/);
  assert.ok(out.data.matches.length > 0 && typeof out.data.excerpt === "string");
  assert.ok(Array.isArray(out.data.sub));
  assert.ok(out.same, "data() is memoised");
  assert.ok(out.afterData > out.afterSearch, "the document's stored fields are fetched by data(), not by search()");
  assert.equal(out.base, server.url + "/scry/");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a newer search rejects the older one with AbortError; files are fetched once", async () => {
  const page = await newPage(browser);
  server.requests.length = 0;
  await page.goto(server.url + "/api.html");
  const out = await page.evaluate(async () => {
    const scry = await import("/scry/scry.js");
    const s = scry.searcher(); // default base: the folder scry.js came from
    const first = s.search("wat").then(
      () => "resolved",
      (e) => e.name,
    );
    const second = await s.search("water");
    // Many data() calls at once: the bundle files they share are fetched once.
    await Promise.all(second.results.map((r) => r.data()));
    const filtered = await s.search("water", { filters: { topic: ["Soil"] } });
    const all = await s.search("water", { filters: { topic: { all: ["Care", "Vegetables"] } } });
    return { first: await first, total: second.total, filtered: filtered.total, all: all.total, facets: second.facets.topic };
  });
  assert.equal(out.first, "AbortError");
  assert.ok(out.total >= 2, JSON.stringify(out));
  assert.equal(out.filtered, 1);
  assert.equal(out.all, 1);
  assert.equal(out.facets.Soil, 1);
  const bins = server.requests.filter((p) => p.endsWith(".bin"));
  assert.deepEqual(bins, [...new Set(bins)]);
  await page.close();
});

test("scry-api.js alone searches without loading the element's module", async () => {
  const page = await newPage(browser);
  server.requests.length = 0;
  await page.goto(server.url + "/api-only.html");
  const out = await page.evaluate(async () => {
    const api = await import("/scry/scry-api.js");
    const s = await api.open("/scry/");
    const r = await s.search("compost", { limit: 5 });
    const d = await r.results[0].data();
    return { exports: Object.keys(api).sort(), total: r.total, title: d.title, element: !!customElements.get("scry-search") };
  });
  assert.deepEqual(out.exports, ["open", "searcher"]);
  assert.equal(out.total, 1);
  assert.equal(out.title, "Making compost");
  assert.equal(out.element, false, "the element is defined by scry.js only");
  assert.ok(!server.requests.some((p) => p.endsWith("/scry/scry.js")), server.requests.join(" "));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a large site's documents arrive compressed with its shared dictionary, fetched once beside them", async () => {
  // 300 records with a site's recurring phrasing; a 1 KiB dictionary (sites with 64 KiB of text get one).
  const themes = ["ferry timetable", "library card", "pothole report", "allotment waitlist", "bin collection"];
  const records = Array.from({ length: 300 }, (_, i) => ({
    id: String(i),
    url: `/service/${i}.html`,
    title: `Service ${i}: ${themes[i % themes.length]}`,
    body:
      `The council publishes this notice about the ${themes[i % themes.length]} service for residents of ward ${i % 17}. ` +
      `Residents can apply online or at any service centre; opening hours are listed on the contact page. ` +
      (i === 123 ? "A heron nests beside the weir this spring. " : "") +
      `Reference number ${i * 7919} applies to this service until the next review of council services.`,
    topic: themes[i % themes.length],
  }));
  const site = indexRecords(records, RECORDS_TOML + "[index]\ndictionary_kib = 1\n");
  cpSync(DIST, join(site, "scry"), { recursive: true });
  writeFileSync(join(site, "api.html"), `<!doctype html><html lang="en"><title>api</title><link rel="icon" href="data:,"><h1>api</h1>`);
  const files = readdirSync(join(site, "scry"));
  const dicts = files.filter((f) => /^d-.*\.bin$/.test(f));
  assert.equal(dicts.length, 1, files.join(" "));
  const bundle = files.find((f) => /^b\d+-.*\.bin$/.test(f));
  assert.equal(readFileSync(join(site, "scry", bundle)).subarray(0, 4).toString(), "SCRD");
  const local = await serve(site);
  try {
    const page = await newPage(browser);
    await page.goto(local.url + "/api.html");
    const out = await page.evaluate(async () => {
      const s = await (await import("/scry/scry-api.js")).open("/scry/");
      const info = await s.info();
      const heron = await s.search("heron weir");
      const one = await heron.results[0].data();
      const more = await s.search("pothole ward 5", { limit: 5 });
      const many = await Promise.all(more.results.map((r) => r.data()));
      return { info, total: heron.total, one, titles: many.map((d) => d.title) };
    });
    assert.equal(out.info.dictionary, dicts[0]);
    assert.equal(out.total, 1);
    assert.equal(out.one.title, "Service 123: allotment waitlist");
    assert.match(out.one.excerpt, /heron nests beside the weir/);
    assert.ok(out.titles.length > 0 && out.titles.every((t) => /^Service \d+: pothole report$/.test(t)), out.titles.join());
    const fetched = local.requests.filter((p) => p.endsWith(".bin"));
    assert.deepEqual(fetched.filter((p) => p.includes("/d-")), ["/scry/" + dicts[0]], "the dictionary, once");
    assert.deepEqual(fetched, [...new Set(fetched)]);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await local.close();
  }
});
