// A burst of searches (typing fast on a big site, every file already cached) costs about two
// searches, not one per keystroke: the API keeps one search at the worker and lets only the newest
// waiting one follow it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, newPage, serve } from "./lib.mjs";
import { MOCK, recordsSite } from "./fixtures.mjs";

let browser, server;
before(async () => {
  // Enough records that one search takes real time: every record holds the searched words.
  const words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omicron sigma tau".split(" ");
  const records = Array.from({ length: 30000 }, (_, i) => ({
    id: String(i),
    url: `/r/${i}`,
    title: `Record ${i} ${words[i % words.length]}`,
    body: Array.from({ length: 24 }, (_, j) => words[(i * 7 + j * 3) % words.length] + (j % 5 ? "" : ` w${(i + j) % 997}`)).join(" "),
  }));
  const site = recordsSite(records);
  writeFileSync(join(site, "q.html"), `<!doctype html><html lang="en"><title>q</title><link rel="icon" href="/favicon.svg"><h1>q</h1>`);
  server = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the last of 200 searches fired at once answers within about two searches' time", { skip: MOCK && "timing of the real engine" }, async (t) => {
  const page = await newPage(browser);
  await page.goto(server.url + "/q.html");
  const out = await page.evaluate(async () => {
    const { open } = await import("/scry/scry-api.js");
    const s = await open("/scry/");
    const queries = ["alpha beta", "gamma delt", "w1", "sigma tau", "kappa lamb"];
    // Warm: every file these queries need is cached, and the engine is compiled.
    for (const q of queries) await s.search(q, { limit: 10 });
    // One search: the slowest of the queries' median times (the burst's first and last may be any).
    let one = 0;
    for (const q of queries) {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await s.search(q, { limit: 10 });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      one = Math.max(one, times[2]);
    }
    // Count the searches handed to the worker: whether queued ones collapse there depends on how the
    // browser batches a worker's messages, so the API must not queue them in the first place.
    let posted = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (m, ...rest) {
      if (m && m.op === "search") posted++;
      return post.call(this, m, ...rest);
    };
    const t = performance.now();
    const all = [];
    for (let i = 0; i < 200; i++) all.push(s.search(queries[i % queries.length], { limit: 10 }));
    const settled = await Promise.allSettled(all);
    const last = performance.now() - t;
    Worker.prototype.postMessage = post;
    return {
      one,
      last,
      posted,
      aborted: settled.filter((r) => r.status === "rejected" && r.reason.name === "AbortError").length,
      lastTotal: settled[199].status === "fulfilled" ? settled[199].value.total : -1,
    };
  });
  t.diagnostic(`one search ${out.one.toFixed(1)} ms; the last of 200 fired at once answered after ${out.last.toFixed(0)} ms; ${out.posted} reached the worker`);
  assert.ok(out.one > 2, `one search should take measurable time on this index (${out.one.toFixed(1)} ms)`);
  assert.ok(out.lastTotal > 0, JSON.stringify(out));
  assert.equal(out.aborted, 199);
  assert.ok(out.posted <= 2, `${out.posted} of the 200 searches were handed to the worker`);
  // About two searches (the one running when the burst came, then the newest); the slack is for a
  // loaded machine (timings there vary by 2x); one search per queued keystroke would be 200.
  assert.ok(out.last < 6 * out.one + 150, `the last answered after ${out.last.toFixed(0)} ms; one search takes ${out.one.toFixed(1)} ms`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a search waiting for a file that never comes does not hold up the next one", { skip: MOCK && "needs the real index" }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  let hold = false;
  const held = [];
  // Once armed, the first index file asked for never arrives (a stalled connection).
  await context.route(/\/scry\/[a-z]\d*-[0-9a-f]+\.bin$/, (route) => {
    if (hold) {
      hold = false;
      held.push(route.request().url());
      return; // never answered
    }
    return route.continue();
  });
  await page.exposeFunction("arm", () => {
    hold = true;
  });
  await page.goto(server.url + "/q.html");
  const out = await page.evaluate(async () => {
    const { open } = await import("/scry/scry-api.js");
    const s = await open("/scry/");
    await window.arm();
    const first = s.search("alpha").then(() => "resolved", (e) => e.name);
    await new Promise((r) => setTimeout(r, 300));
    const t = performance.now();
    const second = await Promise.race([s.search("zeta"), new Promise((r) => setTimeout(() => r("timeout"), 8000))]);
    const late = new Promise((r) => setTimeout(() => r("never settled"), 2000));
    return { first: await Promise.race([first, late]), second: second === "timeout" ? "timeout" : second.total, ms: performance.now() - t };
  }).catch((e) => ({ error: String(e) }));
  assert.equal(held.length, 1, "one file was held: " + JSON.stringify(out));
  assert.equal(out.first, "AbortError", JSON.stringify(out));
  assert.ok(out.second > 0, JSON.stringify(out));
  assert.deepEqual(errors, []);
  await context.close();
});
