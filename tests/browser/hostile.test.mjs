// A hostile corpus (titles with <script> and <img onerror>, javascript:/data: URLs) renders as inert
// text: no element from the corpus, no script runs, no such URL becomes navigable.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, serve } from "./lib.mjs";
import { recordsSite } from "./fixtures.mjs";

const RECORDS = [
  { url: "javascript:document.title='pwned-url'", title: "<script>document.title='pwned-script'</script> poison apple", body: "A poison apple from the javascript URL.", topic: "Evil" },
  { url: "data:text/html,<script>parent.document.title='pwned-data'</script>", title: "<img src=x onerror=\"document.title='pwned-img'\"> apple", body: "Another poison apple, from a data URL.", topic: "Evil" },
  { url: " JaVaScRiPt:document.title='pwned-case'", title: "apple <svg onload=\"document.title='pwned-svg'\">", body: "Apple with a mixed-case scheme and a leading space.", topic: "<b>Evil</b>" },
  { url: "/fine.html", title: "A fine <b>apple</b> &amp; pear", body: "An apple <img src=x onerror=\"document.title='pwned-body'\"> in the body text.", topic: "Good" },
];

let browser, server;
before(async () => {
  server = await serve(recordsSite(RECORDS));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("hostile titles, bodies, facet values and URLs render as inert text", async () => {
  const page = await newPage(browser);
  const dialogs = [];
  page.on("dialog", (d) => (dialogs.push(d.message()), d.dismiss()));
  await page.goto(server.url + "/");
  const title = await page.title();
  await page.locator("#inline input").click();
  await page.keyboard.type("apple");
  await page.waitForFunction(() => document.querySelector("#inline").shadowRoot.querySelectorAll("li.hit").length === 4);
  await page.waitForTimeout(300);

  const shown = await page.locator("#inline .hit .title").allTextContents();
  for (const r of RECORDS) assert.ok(shown.includes(r.title), `title shown verbatim as text: ${r.title} (got ${shown.join(" | ")})`);
  // No element of the corpus made it into the widget: only the widget's own tags.
  const tags = await page.evaluate(() => [...new Set([...document.querySelector("#inline").shadowRoot.querySelectorAll("*")].map((e) => e.tagName))]);
  for (const t of tags) assert.ok(["LINK", "DIV", "INPUT", "UL", "LI", "SPAN", "MARK", "BUTTON", "P"].includes(t), "unexpected element " + t);
  assert.ok(await page.locator("#inline .chip", { hasText: "<b>Evil</b>" }).count(), "facet value as text");

  // Only the http(s) result is navigable; the others are inert and say where they point.
  const urls = await page.evaluate(() => [...document.querySelector("#inline").shadowRoot.querySelectorAll("li.hit")].map((li) => li.dataset.url || null));
  assert.equal(urls.filter(Boolean).length, 1, urls.join(" "));
  assert.match(urls.find(Boolean), /^http:\/\/127\.0\.0\.1:\d+\/fine\.html\?highlight=/);
  for (const li of await page.locator("#inline li.hit.inert").all()) {
    await li.click();
  }
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("ArrowDown");
    const inert = await page.evaluate(() => {
      const r = document.querySelector("#inline").shadowRoot;
      return r.getElementById(r.querySelector("input").getAttribute("aria-activedescendant")).classList.contains("inert");
    });
    if (inert) await page.keyboard.press("Enter");
  }
  await page.waitForTimeout(200);
  assert.equal(new URL(page.url()).pathname, "/", "no navigation to a javascript:/data: URL");
  assert.equal(await page.title(), title, "no corpus script ran");
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
