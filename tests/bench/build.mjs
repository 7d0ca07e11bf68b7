// Builds scry's and Pagefind's indexes of one site, each under /usr/bin/time -v, from the same scratch
// copy of the site (hard links when on the same file system as /usr/share/doc, else a copy), so neither
// tool ever writes near /usr/share/doc. Both get an explicit output folder outside the site.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { siteSource } from './sites.mjs';
import { timed, dirStats, walk, median, log } from './lib/util.mjs';

/** scry: every file but the browser assets; Pagefind: entry, meta, index chunks, fragments, filters. */
export const INDEX_FILES = {
  scry: (rel) => !/\.(js|mjs|css|wasm|map|html)$/.test(rel),
  pagefind: (rel) => /(^pagefind-entry\.json$|\.pf_meta$|\.pf_index$|\.pf_fragment$|\.pf_filter$)/.test(rel),
};

export function prepareSite(siteKey, workDir) {
  const dest = path.join(workDir, siteKey, 'site');
  const marker = path.join(workDir, siteKey, '.site-ready');
  if (fs.existsSync(marker)) return dest;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const src = siteSource(siteKey);
  try {
    execFileSync('cp', ['-al', src + '/.', dest + '/'], { stdio: 'ignore' });
  } catch {
    fs.rmSync(dest, { recursive: true, force: true });
    execFileSync('cp', ['-a', src + '/.', dest + '/'], { stdio: 'ignore' });
  }
  fs.writeFileSync(marker, new Date().toISOString());
  return dest;
}

/** read every file once so that neither tool pays for a cold disk cache */
export function warmCache(dir) {
  for (const rel of walk(dir, { follow: true })) {
    try { fs.readFileSync(path.join(dir, rel)); } catch { /* unreadable: the tools will say */ }
  }
}

export const pagefindBin = (benchDir) => path.join(benchDir, 'node_modules/@pagefind/linux-x64/bin/pagefind_extended');

async function buildOnce(tool, siteDir, outDir, bins) {
  fs.rmSync(outDir, { recursive: true, force: true });
  let r;
  if (tool === 'pagefind') {
    r = await timed(bins.pagefind, ['--site', siteDir, '--output-path', outDir]);
  } else {
    r = await timed(bins.scry, ['--site', siteDir, '--out', outDir]);
  }
  if (r.code !== 0) throw new Error(`${tool} build failed (exit ${r.code}):\n${(r.stderr || r.stdout).slice(-3000)}`);
  return r;
}

/**
 * Builds both indexes `reps` times, alternating the tools; returns per tool the median wall time and peak
 * RSS over the runs, each run's figures, and the output's files and bytes.
 */
export async function buildBoth(siteKey, workDir, bins, { reps = 1 } = {}) {
  const siteDir = prepareSite(siteKey, workDir);
  log(`${siteKey}: warming the page cache`);
  warmCache(siteDir);
  const out = {};
  for (const tool of ['pagefind', 'scry']) out[tool] = { runs: [] };
  for (let i = 0; i < reps; i++) {
    for (const tool of i % 2 ? ['scry', 'pagefind'] : ['pagefind', 'scry']) {
      const outDir = path.join(workDir, siteKey, 'out', tool);
      log(`${siteKey}: building ${tool} (run ${i + 1}/${reps})`);
      const r = await buildOnce(tool, siteDir, outDir, bins);
      out[tool].runs.push({ wallS: r.wallS, peakRssKiB: r.peakRssKiB, userS: r.userS, sysS: r.sysS,
        load1: Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]) });
      out[tool].log = (r.stderr + r.stdout).split('\n').filter((l) => /index|page|word|term|shard|finished|total/i.test(l)).slice(-12);
    }
  }
  for (const tool of ['pagefind', 'scry']) {
    const outDir = path.join(workDir, siteKey, 'out', tool);
    const t = out[tool];
    t.wallS = median(t.runs.map((r) => r.wallS));
    t.peakRssKiB = median(t.runs.map((r) => r.peakRssKiB));
    t.cpuS = median(t.runs.map((r) => r.userS + r.sysS));
    t.index = dirStats(outDir, INDEX_FILES[tool]);
    t.all = dirStats(outDir);
    t.outDir = outDir;
  }
  return { siteDir, pages: walk(siteDir, { follow: true }).filter((f) => /\.html?$/i.test(f)).length, ...out };
}
