// axe-core finds no violations in the widget's states (idle, results with facets, recent searches,
// modal open, error), in light and dark color schemes, on a phone-sized viewport too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { rmSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { launch, newPage, serve } from "./lib.mjs";
import { gardenSite } from "./fixtures.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser, server, broken;
before(async () => {
  server = await serve(gardenSite());
  const site = gardenSite();
  for (const f of readdirSync(join(site, "scry"))) if (f.endsWith(".bin") && f !== "manifest.bin") rmSync(join(site, "scry", f));
  broken = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await broken?.close();
});

async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }),
  );
  const v = r.violations.map((x) => `${label}: ${x.id} (${x.impact}) ${x.help}: ${x.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(v, [], v.join("\n"));
  assert.ok(r.passes.length > 10, "axe ran");
}

for (const colorScheme of ["light", "dark"]) {
  test(`no axe violations in the widget's states (${colorScheme})`, async () => {
    const page = await newPage(browser, { colorScheme });
    await page.goto(server.url + "/");
    await axe(page, "idle");

    await page.locator("#inline input").click();
    await page.keyboard.type("water");
    await page.locator("#inline .hit").first().waitFor();
    await page.keyboard.press("ArrowDown");
    await page.locator("#inline .chip").first().waitFor();
    await axe(page, "results");

    await page.locator("#inline .chip", { hasText: "Care" }).click();
    await page.locator("#inline .chip", { hasText: "Soil" }).click();
    await page.locator("#inline .mode").waitFor();
    await axe(page, "facets");

    await page.keyboard.press("Escape");
    await page.locator("#inline input").focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL(/highlight=/);
    await page.waitForSelector("mark.scry-highlight");
    await axe(page, "destination with highlights");

    await page.goto(server.url + "/");
    await page.locator("#inline input").focus();
    await page.locator("#inline .recent").first().waitFor();
    await axe(page, "recent");

    await page.keyboard.press("Control+k");
    await page.keyboard.type("tulip");
    await page.locator("scry-search[mode=modal] .hit").first().waitFor();
    await axe(page, "modal");
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test("no axe violations on a phone, nor in the error state", async () => {
  const page = await newPage(browser, { viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });
  await page.goto(broken.url + "/");
  await page.locator("#inline input").tap();
  await page.keyboard.type("water");
  await page.locator("#inline .error").waitFor();
  await axe(page, "error");
  await page.locator("scry-search[mode=modal] .trigger").tap();
  const box = await page.locator("scry-search[mode=modal] dialog").boundingBox();
  assert.ok(box.width >= 370, "the modal fills a phone's width: " + box.width);
  await axe(page, "phone modal");
  await page.close();
});
