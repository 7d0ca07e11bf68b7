// A hostile corpus (titles with <script> and <img onerror>, javascript:/data: URLs) renders as inert
// text: no element from the corpus, no script runs, no such URL becomes navigable.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, serve } from "./lib.mjs";
import { recordsSite } from "./fixtures.mjs";

const HOSTILE_TEXT = [
  { id: "1", url: "/one.html", title: "<script>document.title='pwned-script'</script> poison apple", body: "A poison apple.", topic: "Evil" },
  { id: "2", url: "/two.html", title: "<img src=x onerror=\"document.title='pwned-img'\"> apple", body: "Another poison apple.", topic: "<b>Evil</b>" },
  { id: "3", url: "/three.html", title: "apple <svg onload=\"document.title='pwned-svg'\">", body: "Apple <img src=x onerror=\"document.title='pwned-body'\"> in the body text.", topic: "Good" },
  { id: "4", url: "/fine.html", title: "A fine <b>apple</b> &amp; pear", body: "An apple &lt;i&gt; in the body.", topic: "Good" },
];
// scry refuses these URLs; the widget must not trust the index on that either.
const HOSTILE_URLS = [
  { id: "5", url: "javascript:document.title='pwned-url'", title: "javascript apple", body: "A javascript URL apple." },
  { id: "6", url: "data:text/html,<script>parent.document.title='pwned-data'</script>", title: "data apple", body: "A data URL apple." },
  { id: "7", url: " JaVaScRiPt:document.title='pwned-case'", title: "mixed case apple", body: "A mixed-case scheme apple." },
  { id: "8", url: "/fine.html", title: "fine apple", body: "A fine apple." },
];

let browser;
before(async () => (browser = await launch()));
after(async () => browser?.close());

async function searchApples(server, n) {
  const page = await newPage(browser);
  page.dialogs = [];
  page.on("dialog", (d) => (page.dialogs.push(d.message()), d.dismiss()));
  await page.goto(server.url + "/");
  page.initialTitle = await page.title();
  await page.locator("#inline input").click();
  await page.keyboard.type("apple");
  await page.waitForFunction((n) => document.querySelector("#inline").shadowRoot.querySelectorAll(".hit").length === n, n);
  await page.waitForTimeout(300);
  return page;
}

async function assertInert(page) {
  // No element of the corpus made it into the widget: only the widget's own tags.
  const tags = await page.evaluate(() => [...new Set([...document.querySelector("#inline").shadowRoot.querySelectorAll("*")].map((e) => e.tagName))]);
  for (const t of tags) assert.ok(["LINK", "DIV", "INPUT", "A", "SPAN", "MARK", "BUTTON", "P", "KBD", "STRONG", "svg", "circle", "path"].includes(t), "unexpected element " + t);
  assert.equal(await page.title(), page.initialTitle, "no corpus script ran");
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);
}

test("hostile titles, bodies and facet values render as text (index by the scry CLI)", async () => {
  const server = await serve(recordsSite([...HOSTILE_TEXT, ...HOSTILE_URLS]));
  const page = await searchApples(server, 5); // 4 + the fine one; scry skipped the others
  const shown = await page.locator("#inline .hit .title").allTextContents();
  for (const r of HOSTILE_TEXT) assert.ok(shown.includes(r.title), `title shown verbatim: ${r.title} (got ${shown.join(" | ")})`);
  assert.ok(!shown.some((t) => /javascript|data|mixed/.test(t)), "records with unsafe URLs were not indexed: " + shown.join(" | "));
  assert.ok(await page.locator("#inline .chip", { hasText: "<b>Evil</b>" }).count(), "facet value as text");
  await assertInert(page);
  await page.close();
  await server.close();
});

test("javascript: and data: URLs in an index never become navigable (the widget checks too)", async () => {
  // An index that scry would not write (it skips such records): the JS mock serves it as is.
  const server = await serve(recordsSite(HOSTILE_URLS, { mock: true }));
  const page = await searchApples(server, 4);
  const urls = await page.evaluate(() => [...document.querySelector("#inline").shadowRoot.querySelectorAll(".hit")].map((li) => li.getAttribute("href")));
  assert.equal(urls.filter(Boolean).length, 1, urls.join(" "));
  assert.match(urls.find(Boolean), /^http:\/\/127\.0\.0\.1:\d+\/fine\.html\?highlight=apple$/);
  assert.equal(await page.locator("#inline .hit.inert").count(), 3);
  for (const li of await page.locator("#inline .hit.inert").all()) await li.click();
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
  await assertInert(page);
  await page.close();
  await server.close();
});
