// Typing in <scry-search> shows results; nothing loads before focus; each index file is fetched once;
// facet chips filter; heading sub-results; the live region announces the count.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, serve } from "./lib.mjs";
import { gardenSite } from "./fixtures.mjs";

let browser, server;
before(async () => {
  server = await serve(gardenSite());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const box = (page) => page.locator("#inline");
const options = (page) => box(page).locator("[role=option]");
const titles = (page) => options(page).locator(".title").allTextContents();

test("nothing of the index loads until the box is focused", async () => {
  const page = await newPage(browser);
  server.requests.length = 0;
  await page.goto(server.url + "/");
  await page.waitForLoadState("networkidle");
  const loaded = server.requests.filter((p) => /\.(bin|wasm)$|worker/.test(p));
  assert.deepEqual(loaded, [], "before focus: " + server.requests.join(" "));
  await box(page).locator("input").focus();
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith("manifest.bin")) || true);
  await page.waitForTimeout(300);
  assert.ok(server.requests.some((p) => p.endsWith("/scry/manifest.bin")), "manifest after focus");
  await page.close();
});

test("typing shows highlighted results with heading sub-results, and the count is announced", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  const input = box(page).locator("input");
  await input.click();
  await page.keyboard.type("drip", { delay: 30 });
  await options(page).first().waitFor();
  const all = await titles(page);
  assert.ok(all.includes("Watering tomatoes"), all.join(" | "));
  assert.ok(all.includes("Drip irrigation"), "sub-result for the heading: " + all.join(" | "));
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  const marks = await box(page).locator("mark").allTextContents();
  assert.ok(marks.some((m) => /^drip/i.test(m)), "marks: " + marks.join(","));
  const sub = box(page).locator(".sub").first();
  assert.match(await sub.getAttribute("href"), /\/care\/watering\.html\?highlight=drip[^#]*#drip$/);
  await page.waitForFunction(() => /\d+ results?/.test(document.querySelector("#inline").shadowRoot.querySelector("[role=status]").textContent));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("each index file is fetched once, even across keystrokes and repeated queries", async () => {
  const page = await newPage(browser);
  server.requests.length = 0;
  await page.goto(server.url + "/");
  await box(page).locator("input").click();
  for (const q of ["wat", "water", "watering", "compost", "water"]) {
    await box(page).locator("input").fill(q);
    await options(page).first().waitFor();
    await page.waitForTimeout(50);
  }
  const bins = server.requests.filter((p) => p.endsWith(".bin"));
  assert.deepEqual(bins, [...new Set(bins)], "fetched twice: " + bins.join(" "));
  await page.close();
});

test("facet chips show counts and filter the results (any, then all)", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await box(page).locator("input").click();
  await page.keyboard.type("water");
  await options(page).first().waitFor();
  const before = await titles(page);
  assert.ok(before.includes("Watering tomatoes") && before.includes("Mulching beds"), before.join(" | "));
  const soil = box(page).locator(".chip", { hasText: "Soil" });
  assert.match(await soil.textContent(), /Soil\s*1/);
  await soil.click();
  await page.waitForFunction(() => {
    const r = document.querySelector("#inline").shadowRoot;
    return r.querySelector(".chip[aria-pressed=true]") && [...r.querySelectorAll(".hit .title")].length === 1;
  });
  assert.deepEqual(await box(page).locator(".hit .title").allTextContents(), ["Mulching beds"]);
  // Two values: "any of" shows pages with either…
  await box(page).locator(".chip", { hasText: "Vegetables" }).click();
  await page.waitForFunction(() => document.querySelector("#inline").shadowRoot.querySelectorAll(".hit").length === 2);
  // …"all of" only pages with both (none here have Soil and Vegetables).
  await box(page).locator(".mode").click();
  await page.waitForFunction(() => document.querySelector("#inline").shadowRoot.querySelectorAll(".hit").length === 0);
  assert.match(await box(page).locator(".note").textContent(), /No results/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("words no page has together give the closest partial matches, and say so", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await box(page).locator("input").click();
  await page.keyboard.type("tulip compost");
  await box(page).locator(".partial").waitFor();
  const all = await box(page).locator(".hit .title").allTextContents();
  assert.ok(all.includes("Planting tulips") && all.includes("Making compost"), all.join(" | "));
  await page.waitForFunction(() => /partial match/.test(document.querySelector("#inline").shadowRoot.querySelector("[role=status]").textContent));
  await page.close();
});

test("'More results' appends the next page; a misspelt word says whose results are shown", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.evaluate(() => document.querySelector("#inline").setAttribute("limit", "2"));
  await box(page).locator("input").click();
  await page.keyboard.type("diary");
  await box(page).locator(".more").waitFor();
  assert.equal(await box(page).locator(".hit").count(), 2);
  await box(page).locator(".more").click();
  await page.waitForFunction(() => document.querySelector("#inline").shadowRoot.querySelectorAll(".hit").length === 4);
  const titles = await box(page).locator(".hit .title").allTextContents();
  assert.equal(new Set(titles).size, 4, "no repeats: " + titles.join(" | "));

  await box(page).locator("input").fill("tomatoe waterng");
  // The typo search already gave the corrected words' results: no suggestion that changes nothing.
  await box(page).locator(".corrected").waitFor();
  const suggestion = await box(page).locator(".corrected strong").textContent();
  assert.match(suggestion, /water/);
  assert.equal(await box(page).locator(".dym").count(), 0);
  await page.close();
});
