// Known-item quality of scry's native engine: `scry search --json` over the written index files,
// the same queries as in the browser (Pagefind has no native search, so this is scry alone).
import { run, median } from './lib/util.mjs';
import { rankOf, quality } from './known-items.mjs';

export async function nativeQuality(scryBin, indexDir, known) {
  const ranks = { plain: [], typo: [], prefix: [] };
  const ms = [];
  let errors = 0;
  for (const k of known) {
    for (const v of ['plain', 'typo', 'prefix']) {
      const q = v === 'plain' ? k.text : k[v];
      if (!q) continue;
      const t0 = performance.now();
      const r = await run(scryBin, ['search', '--index', indexDir, '--json', '--limit', '10', '--', q], { timeoutMs: 60_000 });
      ms.push(performance.now() - t0);
      let urls = [];
      if (r.code === 0) {
        try { urls = JSON.parse(r.stdout).results.map((x) => x.url); } catch { errors++; }
      } else errors++;
      ranks[v].push(rankOf(urls, k.targets));
    }
  }
  return {
    errors,
    processMsMedian: median(ms),
    plain: quality(ranks.plain), typo: quality(ranks.typo), prefix: quality(ranks.prefix),
    ranks,
  };
}
