// Everything works under a strict Content-Security-Policy sent by the server:
//   script-src 'self' 'wasm-unsafe-eval'; style-src 'self'  (no inline script or style, no eval)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { CSP, launch, newPage, serve } from "./lib.mjs";
import { gardenSite } from "./fixtures.mjs";

let browser, server;
before(async () => {
  server = await serve(gardenSite(), { csp: CSP });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const watchViolations = (page) =>
  page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

test("search, results and highlight on arrival work under a strict CSP, with no violation", async () => {
  const page = await newPage(browser);
  await watchViolations(page);
  await page.goto(server.url + "/");
  await page.locator("#inline input").click();
  await page.keyboard.type("potatoes harvest");
  await page.locator("#inline .hit").first().waitFor();
  assert.equal(await page.locator("#inline .hit .title").first().textContent(), "Growing potatoes");
  // The stylesheet applied (a style-src 'self' file): the result links are not underlined.
  assert.equal(await page.locator("#inline a.hit").first().evaluate((e) => getComputedStyle(e).textDecorationLine), "none");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);

  await page.keyboard.press("ArrowDown");
  await Promise.all([page.waitForURL(/potatoes\.html\?highlight=/), page.keyboard.press("Enter")]);
  await page.waitForSelector("mark.scry-highlight");
  // The fixture page's own inline script is blocked by the CSP (as it should be); nothing of ours is.
  assert.deepEqual((await page.evaluate(() => window.__violations)).filter((v) => v !== "script-src-elem inline"), []);
  assert.deepEqual(page.errors.filter((e) => !/inline script|Refused to execute inline/.test(e)), []);
  await page.close();
});

test("the modal works under the CSP", async () => {
  const page = await newPage(browser);
  await watchViolations(page);
  await page.goto(server.url + "/");
  await page.locator("scry-search[mode=modal] .trigger").click();
  await page.keyboard.type("tulip");
  await page.locator("scry-search[mode=modal] .hit").first().waitFor();
  assert.equal(await page.locator("scry-search[mode=modal] dialog").evaluate((d) => getComputedStyle(d).borderTopStyle), "solid");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.close();
});
