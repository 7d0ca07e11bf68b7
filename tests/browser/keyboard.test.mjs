// Keyboard only, end to end: Tab to the box, type, arrows move aria-activedescendant, Enter follows the
// result (whose page highlights the terms), Esc closes; "/" and Ctrl-K open the modal; recent searches.
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

const active = (page, sel) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const input = el.shadowRoot.querySelector("input");
    const id = input.getAttribute("aria-activedescendant");
    const opt = id && el.shadowRoot.getElementById(id);
    return { id, text: opt?.querySelector(".title")?.textContent, selected: opt?.getAttribute("aria-selected"), role: opt?.getAttribute("role") };
  }, sel);

test("inline box: Tab, type, arrows, Enter opens the result with the terms highlighted", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.keyboard.press("Tab"); // the modal's button in the header
  await page.keyboard.press("Tab"); // the inline box
  assert.equal(await page.evaluate(() => document.activeElement?.id), "inline");
  await page.keyboard.type("compost heap");
  const input = page.locator("#inline input");
  await page.locator("#inline [role=option]").first().waitFor();
  // Announced once the last keystroke's results are shown (an arrow before that would be reset).
  await page.waitForFunction(() => document.querySelector("#inline").shadowRoot.querySelector("[role=status]").textContent);
  assert.equal(await input.getAttribute("role"), "combobox");
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  assert.equal((await active(page, "#inline")).id, null, "nothing active before an arrow key");

  await page.keyboard.press("ArrowDown");
  let a = await active(page, "#inline");
  assert.equal(a.role, "option");
  assert.equal(a.selected, "true");
  assert.equal(a.text, "Making compost");
  await page.keyboard.press("ArrowDown");
  const second = await active(page, "#inline");
  assert.notEqual(second.id, a.id);
  await page.keyboard.press("ArrowUp");
  a = await active(page, "#inline");
  assert.equal(a.text, "Making compost");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "inline", "focus stays in the input");

  await Promise.all([page.waitForURL(/\/soil\/compost\.html\?highlight=/), page.keyboard.press("Enter")]);
  await page.waitForSelector("mark.scry-highlight");
  const marks = await page.locator("main mark.scry-highlight").allTextContents();
  assert.ok(marks.some((m) => /^compost/i.test(m)) && marks.some((m) => /^heap/i.test(m)), marks.join(","));

  // Back on the search page, an empty box offers the recent search.
  await page.goto(server.url + "/");
  await page.locator("#inline input").focus();
  await page.locator("#inline .recent").first().waitFor();
  assert.match(await page.locator("#inline .recent").first().textContent(), /compost heap/);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#inline").shadowRoot.querySelector(".hit"));
  assert.equal(await page.locator("#inline input").inputValue(), "compost heap");

  // Esc closes the list, then clears the box.
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#inline input").getAttribute("aria-expanded"), "false");
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#inline input").inputValue(), "");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("modal: '/' and Ctrl-K open it, one Esc closes it and focus returns to its button", async () => {
  const page = await newPage(browser);
  await page.goto(server.url + "/");
  await page.mouse.click(5, 400);
  await page.keyboard.press("/");
  const dialog = page.locator("scry-search[mode=modal] dialog");
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.open), true);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("mode")), "modal");
  await page.keyboard.type("tulip");
  await page.locator("scry-search[mode=modal] [role=option]").first().waitFor();
  // The count is announced once the results of the last keystroke are shown: an arrow pressed
  // before that would be reset by their arrival.
  await page.waitForFunction(() =>
    document.querySelector("scry-search[mode=modal]").shadowRoot.querySelector("[role=status]").textContent,
  );
  await page.keyboard.press("ArrowDown");
  assert.equal((await active(page, "scry-search[mode=modal]")).text, "Planting tulips");
  // One Esc closes the dialog, whatever is open inside it (the list, an active option, a query).
  await page.keyboard.press("Escape");
  assert.equal(await dialog.evaluate((d) => d.open), false);
  // Focus returns to the button (a close by the browser is followed by its close event a task later).
  await page.waitForFunction(() => document.activeElement?.shadowRoot?.activeElement?.className === "trigger", null, { timeout: 2000 })
    .catch(() => {});
  assert.equal(
    await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.className),
    "trigger",
    "focus back on the button that opened it",
  );
  await page.keyboard.press("Control+k");
  await page.waitForFunction(() => document.querySelector("scry-search[mode=modal]").shadowRoot.querySelector("dialog").open);
  await page.keyboard.press("Escape");
  assert.deepEqual(page.errors, []);
  await page.close();
});
