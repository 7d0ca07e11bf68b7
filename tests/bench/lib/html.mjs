// Simple, dependency-free HTML reading for the benchmark: a page's <title>, its h1–h3 headings, and a
// plain-text rendering of its main content (for the JS libraries, which take text, not HTML).
// Regular expressions, not a parser: good enough for the three generated doc sites measured here.

const NAMED = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™',
  para: '¶', sect: '§', middot: '·', bull: '•', times: '×', minus: '−', rarr: '→', larr: '←', zwnj: '', zwj: '',
  shy: '', thinsp: ' ', ensp: ' ', emsp: ' ', deg: '°', plusmn: '±', le: '≤', ge: '≥', ne: '≠',
};

export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      try { return String.fromCodePoint(cp); } catch { return m; }
    }
    const v = NAMED[e.toLowerCase()];
    return v == null ? m : v;
  });
}

const stripTags = (s, sep = ' ') => s.replace(/<wbr\b[^>]*>/gi, '').replace(/<(br|hr)\b[^>]*>/gi, ' ').replace(/<[^>]*>/g, sep);
const clean = (s, sep = ' ') => decodeEntities(stripTags(s, sep)).replace(/[¶\u00a0\s]+/g, ' ').trim();

export function isRedirect(html) {
  return /<meta[^>]+http-equiv\s*=\s*["']?refresh/i.test(html.slice(0, 4000));
}

export function title(html) {
  const m = html.match(/<title[^>]*>([\s\S]*?)<\/title>/i);
  return m ? clean(m[1]) : '';
}

/** h1–h3 headings: [{level, id, text}] */
export function headings(html) {
  const out = [];
  const re = /<h([1-3])\b([^>]*)>([\s\S]*?)<\/h\1\s*>/gi;
  let m;
  while ((m = re.exec(html))) {
    const text = clean(m[3], ''); // inline markup: no space where tags abut (rustdoc's a::b)
    if (!text) continue;
    const id = (m[2].match(/\bid\s*=\s*["']([^"']*)["']/i) || [])[1] || null;
    out.push({ level: Number(m[1]), id, text, attrs: m[2] });
  }
  return out;
}

/** The page's main text: from role="main" (or <main>, or <body>) to the closing navigation; no code tags kept. */
export function mainText(html) {
  let start = html.search(/<[^>]+role\s*=\s*["']main["']/i);
  if (start < 0) start = html.search(/<main\b/i);
  if (start < 0) start = html.search(/<body\b/i);
  if (start < 0) start = 0;
  let s = html.slice(start);
  const end = s.search(/<div class="(sphinxsidebar|related)"|<footer\b|<\/body>/i);
  if (end > 0) s = s.slice(0, end);
  s = s.replace(/<(script|style|svg|nav|header|footer|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  s = s.replace(/<!--[\s\S]*?-->/g, ' ');
  return clean(s);
}
