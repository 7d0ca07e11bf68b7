// The widget as people use it: typing letter by letter, quotes, Esc, middle-click and copy-link on a
// result, grouped sections, the count and the key hints, a phone-sized window, and a dark page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, newPage, serve } from "./lib.mjs";
import { gardenSite, MOCK } from "./fixtures.mjs";

let browser, server, site;
before(async () => {
  site = gardenSite();
  // Pages that host the widget on a light-only page, a dark one, and one that follows the system.
  const host = (html, body = "") => `<!doctype html><html lang="en" ${html}><head><meta charset="utf-8"><title>Theme</title>
<link rel="icon" href="/favicon.svg"><script type="module" src="/scry/scry.js"></script></head>
<body ${body}><main><h1>Theme</h1><scry-search id="inline"></scry-search></main></body></html>`;
  writeFileSync(join(site, "light-only.html"), host(""));
  writeFileSync(join(site, "dark-class.html"), host('class="dark"'));
  writeFileSync(join(site, "both.html"), host('style="color-scheme: light dark"'));
  writeFileSync(join(site, "material-slate.html"), host("", 'data-md-color-scheme="slate"'));
  writeFileSync(join(site, "forced.html"), host("").replace('id="inline"', 'id="inline" theme="dark"'));
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const shadow = (page, sel, fn, arg) => page.evaluate(([sel, fn, arg]) => new Function("r", "arg", fn)(document.querySelector(sel).shadowRoot, arg), [sel, fn, arg]);

// Records every note the widget shows while it runs (a flash of "No results" counts).
async function recordNotes(page, sel = "#inline") {
  await page.evaluate((sel) => {
    window.__notes = [];
    const r = document.querySelector(sel).shadowRoot;
    new MutationObserver(() => {
      const t = r.querySelector(".note")?.textContent;
      if (t && window.__notes.at(-1) !== t) window.__notes.push(t);
    }).observe(r, { subtree: true, childList: true, characterData: true });
  }, sel);
}

test("typing letter by letter shows no message before there is something to say", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.locator("#inline input").click();
  await recordNotes(page);
  await page.keyboard.type("compost", { delay: 40 });
  await page.locator("#inline .hit").first().waitFor();
  // A lone letter that matches nothing, left alone for a while, still says nothing.
  await page.locator("#inline input").fill("");
  await page.keyboard.type("q");
  await page.waitForTimeout(900);
  assert.deepEqual(await page.evaluate(() => window.__notes.filter((n) => /No results/.test(n))), []);
  assert.equal(await page.locator("#inline .hit").count(), 0);
  // Two letters are a query: now "No results" is something to say.
  await page.keyboard.type("x");
  await page.locator("#inline .empty").waitFor();
  assert.equal(await page.locator("#inline .empty").textContent(), "No results for “qx”.");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("an unclosed quote is a phrase in progress: its last word completes as a prefix", { skip: MOCK && "the mock has no phrases" }, async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.locator("#inline input").click();
  await recordNotes(page);
  await page.keyboard.type('"turning the he', { delay: 30 });
  await page.waitForFunction(() => [...document.querySelector("#inline").shadowRoot.querySelectorAll(".sub .title")].some((t) => t.textContent === "Turning the heap"));
  await page.locator("#inline input").fill('"compo');
  await page.waitForFunction(() => document.querySelector("#inline").shadowRoot.querySelector(".hit .title")?.textContent === "Making compost");
  // A phrase that is not there: the message closes the quote instead of printing “"…”.
  await page.locator("#inline input").fill('"heap turning');
  await page.locator("#inline .empty").waitFor();
  assert.equal(await page.locator("#inline .empty").textContent(), 'No results for "heap turning".');
  assert.ok(!(await page.evaluate(() => window.__notes)).some((n) => /“"/.test(n)), "no curly quote around a straight one");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("results are real links: middle-click opens a tab, the href is the page with its highlight, ARIA intact", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.locator("#inline input").click();
  await page.keyboard.type("drip");
  const first = page.locator("#inline [role=option]").first();
  await first.waitFor();
  assert.equal(await first.evaluate((e) => e.tagName), "A");
  assert.match(await first.getAttribute("href"), /^http:\/\/127\.0\.0\.1:\d+\/care\/watering\.html\?highlight=drip/);
  assert.equal(await first.getAttribute("aria-selected"), "false");
  assert.equal(await page.locator("#inline [role=listbox] a[role=option][href]").count(), await page.locator("#inline [role=option]").count());
  const [tab] = await Promise.all([page.context().waitForEvent("page"), first.click({ button: "middle" })]);
  await tab.waitForLoadState();
  assert.match(tab.url(), /\/care\/watering\.html\?highlight=drip/);
  assert.match(page.url(), /\/$/, "the search page stays where it is");
  // A left click follows the link (and remembers the search).
  await Promise.all([page.waitForURL(/watering\.html/), page.locator("#inline .sub").first().click()]);
  assert.match(page.url(), /#drip$/);
  assert.match(await page.evaluate(() => localStorage.getItem("scry-recent")), /drip/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("sections are grouped under their page, with its path and an excerpt that does not repeat the heading", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.locator("#inline input").click();
  await page.keyboard.type("drip line");
  const sub = page.locator("#inline .page .sub").first();
  await sub.waitFor();
  assert.equal(await page.locator("#inline .page").first().getAttribute("role"), "group");
  assert.equal(await page.locator("#inline .page").first().getAttribute("aria-label"), "Watering tomatoes");
  assert.equal(await sub.locator(".path").textContent(), "Watering tomatoes › ");
  assert.equal(await sub.locator(".title").textContent(), "Drip irrigation");
  const excerpt = await sub.locator(".excerpt").textContent();
  assert.match(excerpt, /^A drip line puts water/, "the section's text, not its heading again");
  assert.deepEqual(await sub.locator(".excerpt mark").allTextContents(), ["drip", "line"]);
  assert.match(await page.locator("#inline .count-line").textContent(), /^1 result$/);
  await page.close();
});

test("did-you-mean only when it would change the results", { skip: MOCK && "the mock has no typo tolerance" }, async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.locator("#inline input").click();
  await page.keyboard.type("tulipz");
  await page.locator("#inline .corrected").waitFor();
  assert.equal(await page.locator("#inline .corrected").textContent(), "Showing results for “tulip”");
  assert.equal(await page.locator("#inline .dym").count(), 0, "no suggestion that gives the same results");
  assert.equal(await page.locator("#inline .hit .title").first().textContent(), "Planting tulips");
  await page.close();
});

test("modal at 1280 px: count, key hints, a close button that looks like one; one Esc closes, the query stays", async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  await page.goto(server.url + "/");
  const modal = "scry-search[mode=modal]";
  assert.equal(await page.locator(`${modal} .trigger kbd`).isVisible(), true);
  await page.keyboard.press("Control+k");
  await page.keyboard.type("water");
  await page.locator(`${modal} .hit`).first().waitFor();
  assert.match(await page.locator(`${modal} .count-line`).textContent(), /^\d+ results?$/);
  assert.equal(await page.locator(`${modal} .foot`).isVisible(), true);
  assert.match(await page.locator(`${modal} .foot`).textContent(), /↵ to open.*↑↓ to move.*esc to close/);
  const close = page.locator(`${modal} .close`);
  assert.equal(await close.getAttribute("aria-label"), "Close");
  const box = await close.boundingBox();
  assert.ok(box.width >= 40 && box.height >= 40, "a 44 px target: " + JSON.stringify(box));
  // Esc after arrows, with a recent search in storage too: one press.
  await page.evaluate(() => localStorage.setItem("scry-recent", '["compost"]'));
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(`${modal} dialog`).evaluate((d) => d.open), false);
  await page.locator(`${modal} .trigger`).click();
  assert.equal(await page.locator(`${modal} input`).inputValue(), "water");
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(`${modal} dialog`).evaluate((d) => d.open), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("modal with more results than fit: the list scrolls, the input and the key hints stay in view", async () => {
  // A short window makes the garden's results taller than the dialog, as a real docs site's are at 800 px.
  const page = await newPage(browser, { viewport: { width: 1280, height: 420 } });
  await page.goto(server.url + "/");
  const modal = "scry-search[mode=modal]";
  await page.keyboard.press("Control+k");
  await page.keyboard.type("water");
  await page.locator(`${modal} .hit`).first().waitFor();
  const geometry = () =>
    shadow(page, modal, `const d = r.querySelector("dialog").getBoundingClientRect(), box = (s) => r.querySelector(s).getBoundingClientRect();
      const drop = r.querySelector(".drop");
      return { top: d.top, bottom: d.bottom, input: box("input").top, foot: box(".foot").bottom, overflows: drop.scrollHeight > drop.clientHeight + 1 };`);
  const g = await geometry();
  assert.ok(g.overflows, "the fixture overflows the dialog: " + JSON.stringify(g));
  assert.ok(g.foot <= g.bottom + 0.5, "key hints inside the dialog's box: " + JSON.stringify(g));
  // Arrowing to the last result scrolls the list, not the dialog: the input stays where it was.
  for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowDown");
  const h = await geometry();
  assert.ok(Math.abs(h.input - g.input) < 1 && h.foot <= h.bottom + 0.5, JSON.stringify({ g, h }));
  const sel = await shadow(page, modal, `const o = r.querySelector('[aria-selected="true"]').getBoundingClientRect(), d = r.querySelector(".drop").getBoundingClientRect(); return o.bottom <= d.bottom + 1 && o.top >= d.top - 1;`);
  assert.ok(sel, "the selected result is scrolled into view");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a 390 px phone: no keyboard hints, the dialog fills the screen, results fit its width", async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(server.url + "/");
  const modal = "scry-search[mode=modal]";
  assert.equal(await page.locator(`${modal} .trigger kbd`).isVisible(), false, "no Ctrl K on a phone");
  await page.locator(`${modal} .trigger`).tap();
  await page.keyboard.type("compost");
  await page.locator(`${modal} .hit`).first().waitFor();
  assert.equal(await page.locator(`${modal} .foot`).isVisible(), false);
  const d = await page.locator(`${modal} dialog`).boundingBox();
  assert.ok(d.x === 0 && Math.round(d.width) === 390, JSON.stringify(d));
  const overflow = await shadow(page, modal, "return [...r.querySelectorAll('[role=option]')].filter((o) => o.getBoundingClientRect().right > 391).length");
  assert.equal(overflow, 0);
  await page.locator(`${modal} .close`).tap();
  assert.equal(await page.locator(`${modal} dialog`).evaluate((d) => d.open), false);
  await page.close();
});

test("theme auto follows the page before the system; theme=dark forces it", async () => {
  const scheme = (page) => page.locator("#inline").getAttribute("data-scheme");
  const cases = [
    ["light-only.html", "dark", "light"], // a page that declares nothing is light, whatever the system says
    ["dark-class.html", "light", "dark"], // <html class="dark">
    ["material-slate.html", "light", "dark"], // MkDocs Material's dark palette
    ["both.html", "dark", "dark"], // color-scheme: light dark → the system
    ["both.html", "light", "light"],
    ["forced.html", "light", "dark"],
  ];
  for (const [path, colorScheme, want] of cases) {
    const page = await newPage(browser, { colorScheme });
    await page.goto(`${server.url}/${path}`);
    await page.waitForFunction(() => document.querySelector("#inline")?.dataset.scheme);
    assert.equal(await scheme(page), want, `${path} with a ${colorScheme} system`);
    await page.close();
  }
  // A page that switches at run time (a theme toggle) takes the widget along.
  const page = await newPage(browser, { colorScheme: "light" });
  await page.goto(`${server.url}/light-only.html`);
  await page.waitForFunction(() => document.querySelector("#inline")?.dataset.scheme === "light");
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await page.waitForFunction(() => document.querySelector("#inline").dataset.scheme === "dark");
  // The dark dropdown has an edge on a dark page.
  await page.locator("#inline input").click();
  await page.keyboard.type("water");
  await page.locator("#inline .hit").first().waitFor();
  const edge = await shadow(page, "#inline", "const s = getComputedStyle(r.querySelector('.drop')); return [s.borderTopWidth, s.borderTopColor]");
  assert.equal(edge[0], "1px");
  assert.notEqual(edge[1], "rgb(27, 30, 37)", "border differs from the background");
  await page.close();
});
