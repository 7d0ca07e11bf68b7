#!/usr/bin/env node
// The benchmark: scry vs Pagefind on the PostgreSQL, Python and Rust docs, and the JS libraries on the
// Python docs. scripts/bench.sh installs everything and calls this; see tests/bench/README.md.
//
//   node tests/bench/run.mjs [--sites pg,py,rust] [--quick] [--seed N] [--known N] [--work DIR]
//                            [--skip-build] [--no-native] [--no-browser] [--no-jslibs] [--out FILE]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SITES } from './sites.mjs';
import { catalog, draw } from './known-items.mjs';
import { buildBoth, prepareSite, pagefindBin, INDEX_FILES } from './build.mjs';
import { nativeQuality } from './native.mjs';
import { browseSite } from './browse.mjs';
import { benchLibs } from './jslibs.mjs';
import { render } from './report.mjs';
import { launch } from './lib/browser.mjs';
import { loadNow, log, dirStats } from './lib/util.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '../..');

function parseArgs(argv) {
  const o = { sites: null, quick: false, seed: 20240601, known: null, work: path.join(HERE, 'work'),
    skipBuild: false, native: true, browser: true, jslibs: true, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--sites') o.sites = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--quick') o.quick = true;
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--known') o.known = Number(val());
    else if (a === '--work') o.work = path.resolve(val());
    else if (a === '--out') o.out = path.resolve(val());
    else if (a === '--skip-build') o.skipBuild = true;
    else if (a === '--no-native') o.native = false;
    else if (a === '--no-browser') o.browser = false;
    else if (a === '--no-jslibs') o.jslibs = false;
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 6).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  o.sites ??= o.quick ? ['pg', 'py'] : ['pg', 'py', 'rust'];
  for (const s of o.sites) if (!SITES[s]) throw new Error(`unknown site ${s} (known: ${Object.keys(SITES).join(', ')})`);
  o.known ??= o.quick ? 30 : 100;
  return o;
}

function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || os.cpus()[0]?.model;
  return { cpu, cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), kernel: os.release(), node: process.version };
}

function gitRev() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'build-index', 'www'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return rev + (dirty ? '+dirty' : '');
  } catch { return 'unknown'; }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const bins = {
    scry: process.env.SCRY_BIN || path.join(ROOT, 'target/release/scry'),
    pagefind: process.env.PAGEFIND_BIN || pagefindBin(HERE),
  };
  for (const [k, b] of Object.entries(bins)) if (!fs.existsSync(b)) throw new Error(`${k} binary not found: ${b}`);
  fs.mkdirSync(o.work, { recursive: true });
  // a private copy of scry (with its embedded assets), so a rebuild of target/ during the run
  // cannot mix two versions of the index format into one benchmark
  fs.mkdirSync(path.join(o.work, 'bin'), { recursive: true });
  const scryCopy = path.join(o.work, 'bin', 'scry');
  fs.copyFileSync(bins.scry, scryCopy + '.tmp');
  fs.renameSync(scryCopy + '.tmp', scryCopy);
  fs.chmodSync(scryCopy, 0o755);
  bins.scry = scryCopy;
  const t0 = Date.now();
  const date = new Date().toISOString().slice(0, 10);
  const browserForVersion = o.browser ? await launch() : null;
  const results = {
    date,
    startedAt: new Date().toISOString(),
    machine: { ...machine(), loadStart: loadNow() },
    versions: {
      scry: gitRev(),
      pagefind: JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/pagefind/package.json'), 'utf8')).version,
      chromium: browserForVersion ? browserForVersion.version() : null,
    },
    options: { sites: o.sites, quick: o.quick, seed: o.seed, known: o.known },
    sites: {},
  };
  if (browserForVersion) await browserForVersion.close();

  for (const key of o.sites) {
    const site = SITES[key];
    const s = (results.sites[key] = { name: site.name, short: { pg: 'PostgreSQL', py: 'Python', rust: 'Rust' }[key] });
    const siteDir = prepareSite(key, o.work);
    const pages = catalog(key, siteDir, path.join(o.work, key, 'catalog.json'));
    const known = draw(key, pages, o.known, o.seed);
    s.known = known;
    const fixed = o.quick ? site.queries.slice(0, 4) : site.queries;
    s.fixedQueries = fixed;

    // 1. builds
    const outDirs = { pagefind: path.join(o.work, key, 'out', 'pagefind'), scry: path.join(o.work, key, 'out', 'scry') };
    if (o.skipBuild && fs.existsSync(outDirs.scry) && fs.existsSync(outDirs.pagefind)) {
      s.build = { skipped: true, pagefind: { index: dirStats(outDirs.pagefind, INDEX_FILES.pagefind), all: dirStats(outDirs.pagefind) },
        scry: { index: dirStats(outDirs.scry, INDEX_FILES.scry), all: dirStats(outDirs.scry) } };
    } else {
      const reps = o.quick || key === 'rust' ? 1 : 3;
      s.loadBeforeBuild = loadNow();
      s.build = await buildBoth(key, o.work, bins, { reps });
      log(`${key}: pagefind ${s.build.pagefind.wallS}s ${Math.round(s.build.pagefind.peakRssKiB / 1024)} MiB; scry ${s.build.scry.wallS}s ${Math.round(s.build.scry.peakRssKiB / 1024)} MiB`);
    }
    s.pages = s.build.pages ?? pages.length;

    // 2. native quality (scry only)
    if (o.native) {
      log(`${key}: native known-item queries (scry search)`);
      try { s.native = await nativeQuality(bins.scry, outDirs.scry, known); } catch (e) { s.native = { error: String(e.stack || e) }; }
      if (s.native.plain) log(`${key}: native MRR@10 plain ${s.native.plain.mrr10?.toFixed(3)} typo ${s.native.typo.mrr10?.toFixed(3)} prefix ${s.native.prefix.mrr10?.toFixed(3)}`);
    }

    // 3. browser
    if (o.browser) {
      s.loadBeforeBrowser = loadNow();
      s.browser = await browseSite({ siteKey: key, siteDir, outDirs, fixed, known, coldN: o.quick ? 3 : fixed.length });
    }

    // 4. the JS libraries, on the Python docs
    if (key === 'py' && o.jslibs) {
      log('py: MiniSearch, lunr, FlexSearch in Node');
      results.jslibs = await benchLibs(key, siteDir, known, fixed, (m) => log('py: ' + m));
    }
    // keep the JSON of each step as we go, so a crash late in the run loses little
    fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
    fs.writeFileSync(path.join(o.work, 'partial.json'), JSON.stringify(results, null, 1));
  }

  results.machine.loadEnd = loadNow();
  results.durationS = (Date.now() - t0) / 1000;
  const table = render(results);
  results.table = table;
  const outFile = o.out || path.join(HERE, 'results', `${date}${o.quick ? '-quick' : ''}.json`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(results, null, 1) + '\n');
  console.log(table);
  console.log(`\n(${results.durationS.toFixed(0)} s; results in ${path.relative(process.cwd(), outFile)})`);
}

main().catch((e) => { console.error(e.stack || e); process.exit(1); });
