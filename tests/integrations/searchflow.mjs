// What every generator test checks in Chromium: one scry box and none of the theme's, then a query
// typed into it, its first result followed to the right page, and the terms marked there.
import assert from "node:assert/strict";

/** Exactly one <scry-search> on the page and nothing matching `themeSearch` (the theme's own box). */
export async function assertOneSearchBox(page, themeSearch, where) {
  const counts = await page.evaluate(
    (sel) => ({ scry: document.querySelectorAll("scry-search").length, theme: sel ? document.querySelectorAll(sel).length : 0 }),
    themeSearch,
  );
  assert.equal(counts.scry, 1, `${where}: ${counts.scry} <scry-search> elements`);
  assert.equal(counts.theme, 0, `${where}: the theme's own search box (${themeSearch}) is still there`);
  assert.ok(await page.locator("scry-search").isVisible(), `${where}: the scry box is not visible`);
}

/**
 * Types `query` into the page's scry box (opening the dialog first in modal mode), checks that the
 * first result's link matches `firstUrl`, follows it, and checks that the destination marks `term`.
 * Returns the destination URL.
 */
export async function searchAndFollow(page, { query, firstUrl, term }) {
  const box = page.locator("scry-search");
  if ((await box.getAttribute("mode")) === "modal") {
    await box.locator("button.trigger").click();
    await box.locator("dialog input").waitFor();
  } else {
    await box.locator("input").click();
  }
  await page.keyboard.type(query, { delay: 40 });
  const first = box.locator("[role=option]").first();
  await first.waitFor({ timeout: 20000 });
  const href = new URL((await first.getAttribute("href")) ?? (await first.getAttribute("data-url")), page.url());
  const url = href.pathname + href.search;
  assert.match(url, firstUrl, `first result for ${JSON.stringify(query)}: ${url}`);
  await Promise.all([page.waitForURL(/[?&]highlight=/, { timeout: 20000 }), first.click()]);
  const dest = new URL(page.url());
  assert.match(dest.pathname + dest.search, firstUrl);
  const marks = page.locator("mark.scry-highlight");
  await marks.first().waitFor({ state: "attached", timeout: 10000 });
  // Marks may also land in the theme's hidden copies of the title (a collapsed header or menu);
  // the one that counts is visible.
  const visible = await page.evaluate(() =>
    [...document.querySelectorAll("mark.scry-highlight")].filter((m) => m.checkVisibility()).map((m) => m.textContent),
  );
  assert.ok(visible.some((t) => t.toLowerCase().startsWith(term.toLowerCase())), `visible marks on ${dest.pathname}: ${visible.join(", ")}`);
  return dest;
}

/**
 * The page's console errors and exceptions, less those of `theirs` (the theme's own, e.g. the
 * MkDocs theme's highlight.js from a CDN, unreachable from a test machine).
 */
export function pageErrors(page, theirs) {
  return page.errors.filter((e) => !(theirs && theirs.test(e)));
}

/** Routes for lib.mjs's serve(): Chromium asks every site for /favicon.ico; these sites have none. */
export const NO_FAVICON = { routes: { "/favicon.ico": { status: 204, body: "" } } };
