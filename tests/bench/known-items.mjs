// Known-item queries: drawn with a fixed seed from the site's page titles and headings, each with the
// set of pages it names (the page it came from, plus any page bearing the very same title or heading, e.g.
// rustdoc's std:: and core:: copies), and two variants: one typo, and the query typed up to mid last word.
import fs from 'node:fs';
import path from 'node:path';
import { SITES } from './sites.mjs';
import * as H from './lib/html.mjs';
import { rng, hash32, walk, normUrl } from './lib/util.mjs';

const normText = (s) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** leading section numbers and labels ("Chapter 2.", "F.33.", "9.1.", "Appendix A.") are not typed by users */
export function stripNumbering(s) {
  return s
    .replace(/^(chapter|appendix|part)\s+[\w.]+\s*/i, '')
    .replace(/^(?:[A-Z]|\d+)(?:\.\d+)*\.?\s+(?=\S)/, (m) => (/\d|^[A-Z]\./.test(m) ? '' : m))
    .trim();
}

/** Reads every page of the site once: [{url, title, headings:[text]}], cached in cacheFile. */
export function catalog(siteKey, siteDir, cacheFile) {
  if (cacheFile && fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  const site = SITES[siteKey];
  const pages = [];
  for (const rel of walk(siteDir, { follow: true })) {
    if (!/\.html?$/i.test(rel)) continue;
    let html;
    try { html = fs.readFileSync(path.join(siteDir, rel), 'utf8'); } catch { continue; }
    if (H.isRedirect(html)) continue;
    const title = stripNumbering(site.cleanTitle(H.title(html)));
    const heads = H.headings(html).map((h) => stripNumbering(h.text)).filter(Boolean);
    pages.push({ url: normUrl('/' + rel), title, headings: [...new Set(heads)] });
  }
  if (cacheFile) fs.writeFileSync(cacheFile, JSON.stringify(pages));
  return pages;
}

const usable = (t) => {
  const words = t.split(/\s+/).filter(Boolean);
  return words.length >= 1 && words.length <= 10 && /\p{L}{3,}/u.test(t) && t.length <= 80;
};

/** one random edit (substitute, delete, insert, transpose) at a uniformly random place in one word of ≥5 letters */
export function typo(q, r) {
  const words = [...q.matchAll(/\p{L}{5,}/gu)];
  if (!words.length) return null;
  const w = r.pick(words);
  const s = [...w[0]];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let attempt = 0; attempt < 10; attempt++) {
    const kind = r.int(4);
    const i = r.int(s.length);
    const t = s.slice();
    if (kind === 0) { // substitute
      let c; do { c = letters[r.int(26)]; } while (c === t[i].toLowerCase());
      t[i] = c;
    } else if (kind === 1) { // delete
      t.splice(i, 1);
    } else if (kind === 2) { // insert before i
      t.splice(i, 0, letters[r.int(26)]);
    } else { // transpose i, i+1
      if (i + 1 >= t.length || t[i].toLowerCase() === t[i + 1].toLowerCase()) continue;
      [t[i], t[i + 1]] = [t[i + 1], t[i]];
    }
    const out = q.slice(0, w.index) + t.join('') + q.slice(w.index + w[0].length);
    if (out.toLowerCase() !== q.toLowerCase()) return out;
  }
  return null;
}

/** the query as typed up to the middle of its last word (kept: ceil(len/2) characters); words of ≥4 only */
export function prefix(q) {
  const base = q.replace(/[^\p{L}\p{N}_]+$/u, '');
  const m = base.match(/[\p{L}\p{N}_]+$/u);
  if (!m) return null;
  const w = [...m[0]];
  if (w.length < 4) return null;
  return base.slice(0, m.index) + w.slice(0, Math.ceil(w.length / 2)).join('');
}

/**
 * Draws n queries (half from titles, half from headings) that name at most 3 pages.
 * Returns [{id, kind, text, typo, prefix, source, targets:[url]}].
 */
export function draw(siteKey, pages, n, seed) {
  const r = rng(seed ^ hash32(siteKey));
  const where = new Map(); // normalized text -> Set(url)
  const add = (t, url) => {
    const k = normText(t);
    if (!where.has(k)) where.set(k, new Set());
    where.get(k).add(url);
  };
  for (const p of pages) {
    if (p.title) add(p.title, p.url);
    for (const h of p.headings) add(h, p.url);
  }
  const titleCands = [], headCands = [];
  const seen = new Set();
  for (const p of pages) {
    const push = (list, kind, t) => {
      const k = normText(t);
      if (!usable(t) || seen.has(k) || where.get(k).size > 3) return;
      seen.add(k);
      list.push({ kind, text: t.replace(/\s+/g, ' ').trim(), source: p.url, targets: [...where.get(k)].sort() });
    };
    if (p.title) push(titleCands, 'title', p.title);
    for (const h of p.headings) push(headCands, 'heading', h);
  }
  const nt = Math.min(titleCands.length, Math.ceil(n / 2));
  const picked = [...r.shuffle(titleCands).slice(0, nt), ...r.shuffle(headCands).slice(0, n - nt)];
  return picked.map((c, i) => ({ id: i, ...c, typo: typo(c.text, r), prefix: prefix(c.text) }));
}

/** rank (1-based) of the first result that is one of the targets, or null */
export function rankOf(urls, targets) {
  const t = new Set(targets);
  for (let i = 0; i < urls.length; i++) if (t.has(normUrl(urls[i]))) return i + 1;
  return null;
}

/** MRR@10 and success@1 over ranks (null = not found in the top 10) */
export function quality(ranks) {
  const rs = ranks.filter((x) => x !== undefined);
  if (!rs.length) return { n: 0, mrr10: null, s1: null, s10: null };
  const rr = rs.map((x) => (x && x <= 10 ? 1 / x : 0));
  return {
    n: rs.length,
    mrr10: rr.reduce((a, b) => a + b, 0) / rs.length,
    s1: rs.filter((x) => x === 1).length / rs.length,
    s10: rs.filter((x) => x && x <= 10).length / rs.length,
  };
}
