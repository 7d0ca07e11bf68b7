// Small helpers shared by the benchmark's steps: a seeded random generator, statistics, file walks and
// sizes, running a command under /usr/bin/time -v, and the URL normalisation used to compare results.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';

/** mulberry32: a small, fixed, seedable generator (the same numbers on every machine). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (arr) => arr[next.int(arr.length)];
  next.shuffle = (arr) => {
    const a2 = arr.slice();
    for (let i = a2.length - 1; i > 0; i--) { const j = next.int(i + 1); [a2[i], a2[j]] = [a2[j], a2[i]]; }
    return a2;
  };
  return next;
}

/** a string's 32-bit FNV-1a hash, to derive per-site seeds from one seed */
export function hash32(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}

export function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (!a.length) return null;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

export function percentile(xs, p) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((p2, q) => p2 - q);
  if (!a.length) return null;
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))];
}

export const sum = (xs) => xs.reduce((a, b) => a + b, 0);
export const mean = (xs) => (xs.length ? sum(xs) / xs.length : null);

/** every regular file under dir (following no symlinks), as paths relative to dir */
export function walk(dir, { follow = false } = {}) {
  const out = [];
  const rec = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const r = rel ? rel + '/' + e.name : e.name;
      if (e.isDirectory()) rec(p, r);
      else if (e.isFile()) out.push(r);
      else if (e.isSymbolicLink() && follow) {
        try {
          const st = fs.statSync(p);
          if (st.isDirectory()) rec(p, r); else if (st.isFile()) out.push(r);
        } catch { /* dangling */ }
      }
    }
  };
  rec(dir, '');
  return out.sort();
}

/** files, bytes as written, and bytes if each file were gzipped (those already gzip count as they are) */
export function dirStats(dir, filter = () => true) {
  let files = 0, bytes = 0, gzBytes = 0;
  for (const rel of walk(dir)) {
    if (!filter(rel)) continue;
    const buf = fs.readFileSync(path.join(dir, rel));
    files++;
    bytes += buf.length;
    const isGz = buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;
    gzBytes += isGz ? buf.length : Math.min(buf.length, zlib.gzipSync(buf, { level: 9 }).length);
  }
  return { files, bytes, gzBytes };
}

export const gzipSize = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/** Runs a command under `/usr/bin/time -v`; resolves {code, wallS, peakRssKiB, userS, sysS, stdout, stderr}. */
export function timed(cmd, args, { cwd, env, quiet = true, timeoutMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const tfile = path.join(fs.mkdtempSync('/tmp/scry-bench-time-'), 'time.txt');
    const child = spawn('/usr/bin/time', ['-v', '-o', tfile, cmd, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; if (!quiet) process.stdout.write(d); });
    child.stderr.on('data', (d) => { stderr += d; if (!quiet) process.stderr.write(d); });
    let timer = null;
    if (timeoutMs) timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      let t = '';
      try { t = fs.readFileSync(tfile, 'utf8'); fs.rmSync(path.dirname(tfile), { recursive: true }); } catch { /* none */ }
      const field = (re) => { const m = t.match(re); return m ? m[1] : null; };
      const wall = field(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/);
      let wallS = null;
      if (wall) wallS = wall.split(':').reduce((acc, x) => acc * 60 + parseFloat(x), 0);
      resolve({
        code,
        wallS,
        peakRssKiB: Number(field(/Maximum resident set size \(kbytes\): (\d+)/)),
        userS: Number(field(/User time \(seconds\): ([\d.]+)/)),
        sysS: Number(field(/System time \(seconds\): ([\d.]+)/)),
        stdout,
        stderr,
      });
    });
  });
}

/** Runs a command, resolving {code, stdout, stderr}. */
export function run(cmd, args, { cwd, input, timeoutMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    let timer = null;
    if (timeoutMs) timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { if (timer) clearTimeout(timer); resolve({ code, stdout, stderr }); });
    if (input != null) child.stdin.end(input); else child.stdin.end();
  });
}

/**
 * One form for a page's URL, whoever returned it: site-relative path, no origin, query or #anchor,
 * percent-decoded, "index.html" and ".html" dropped, so "/a/index.html", "/a/" and "a/" compare equal,
 * and "/b.html" equals "/b".
 */
export function normUrl(u) {
  if (u == null) return '';
  let s = String(u);
  s = s.replace(/^[a-z]+:\/\/[^/]*/i, '');
  s = s.replace(/[?#].*$/, '');
  try { s = decodeURIComponent(s); } catch { /* keep */ }
  if (!s.startsWith('/')) s = '/' + s;
  s = s.replace(/\/index\.html?$/i, '/').replace(/\.html?$/i, '');
  s = s.replace(/\/+$/, '') || '/';
  return s;
}

/** the load of the machine now, for the record: 1-minute load average and core count */
export function loadNow() {
  const la = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  return { load1: la[0], load5: la[1], load15: la[2] };
}

const T0 = Date.now();
export const log = (...a) => console.error(`[bench ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)}s]`, ...a);
export const kib = (b) => (b == null ? null : b / 1024);
