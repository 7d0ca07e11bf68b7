// Highlight on arrival: a page opened with ?highlight=… marks the words in its text (not in scripts or
// the widget) and scrolls to the first mark at or after the #anchor.
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

test("terms are marked as whole words from their start; script text is left alone", async () => {
  const page = await newPage(browser, { viewport: { width: 800, height: 300 } });
  await page.goto(server.url + "/care/watering.html?highlight=water+drip#drip");
  await page.waitForSelector("mark.scry-highlight");
  const marks = await page.locator("mark.scry-highlight").allTextContents();
  assert.ok(marks.includes("watering") && marks.includes("Water") && marks.includes("drip"), marks.join(","));
  assert.ok(!marks.includes("not"), "no marks from other words");
  assert.equal(await page.evaluate(() => document.querySelector("script:not([src])").textContent.includes("mark")), false);
  assert.equal(await page.locator("script mark, title mark").count(), 0);
  // The first mark inside the anchored section is the one scrolled to.
  const first = page.locator("mark.scry-highlight-first");
  assert.equal(await first.count(), 1);
  assert.equal(await first.evaluate((m) => m.closest("section")?.id), "drip");
  const box = await first.boundingBox();
  assert.ok(box.y >= 0 && box.y < 300, "in view: " + JSON.stringify(box));
  // Text is unchanged apart from the marks.
  assert.match(await page.locator("#drip p").textContent(), /^A drip line puts water at the roots/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("no highlight parameter, no marks; regex characters in terms are literal", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/care/watering.html");
  await page.waitForLoadState("load");
  assert.equal(await page.locator("mark").count(), 0);
  await page.goto(server.url + "/care/watering.html?highlight=" + encodeURIComponent("(.* [a-z] tomatoes"));
  await page.waitForSelector("mark.scry-highlight");
  assert.deepEqual([...new Set((await page.locator("mark.scry-highlight").allTextContents()).map((s) => s.toLowerCase()))], ["tomatoes"]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a malformed #fragment (a broken percent escape) neither throws nor stops the marks", async () => {
  const page = await newPage(browser);
  // `%E0%A4%A` is cut short: decodeURIComponent throws a URIError on it.
  await page.goto(server.url + "/care/watering.html?highlight=drip#%E0%A4%A");
  await page.waitForSelector("mark.scry-highlight-first");
  assert.match(await page.locator("mark.scry-highlight").first().textContent(), /^drip$/i);
  // A well-formed escape still finds its element (ids may hold any character).
  await page.goto(server.url + "/care/watering.html?highlight=water#dr%69p");
  await page.waitForSelector("mark.scry-highlight-first");
  assert.equal(await page.locator("mark.scry-highlight-first").evaluate((m) => m.closest("section")?.id), "drip");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("scry-highlight.js is fetched only by a page opened with ?highlight=", async () => {
  const page = await newPage(browser);
  server.requests.length = 0;
  await page.goto(server.url + "/care/watering.html");
  await page.waitForLoadState("load");
  await page.waitForFunction(() => customElements.get("scry-search"));
  assert.ok(server.requests.some((p) => p.endsWith("/scry/scry.js")), server.requests.join(" "));
  assert.ok(!server.requests.some((p) => p.endsWith("/scry-highlight.js")), server.requests.join(" "));
  await page.goto(server.url + "/care/watering.html?highlight=drip");
  await page.waitForSelector("mark.scry-highlight");
  assert.ok(server.requests.some((p) => p.endsWith("/scry/scry-highlight.js")), server.requests.join(" "));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a page script that drops ?highlight= from the URL before load (as Sphinx's doctools.js does) does not stop the marks", async () => {
  const page = await newPage(browser);
  // Registered before any of the page's scripts, so it runs first on DOMContentLoaded, as a classic
  // script in the page's head would.
  await page.addInitScript(() =>
    document.addEventListener("DOMContentLoaded", () => history.replaceState({}, "", location.pathname + location.hash)),
  );
  await page.goto(server.url + "/care/watering.html?highlight=drip");
  await page.waitForSelector("mark.scry-highlight");
  assert.equal(new URL(page.url()).search, "", "the page's script did drop the parameter");
  assert.match(await page.locator("mark.scry-highlight").first().textContent(), /^drip$/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});
