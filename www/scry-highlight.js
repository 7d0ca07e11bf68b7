// Highlight on arrival: a page opened from a result (…?highlight=term+term) marks those terms and
// scrolls to the first mark at or after the #anchor the link pointed to.
//
// scry.js imports this module only when the page's URL carries ?highlight=, so other pages never fetch
// it. The page's text is only split into text nodes and <mark> elements: nothing becomes HTML.

const SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEXTAREA|TEMPLATE|SELECT|OPTION|SVG|MARK|SCRY-SEARCH)$/i;
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Mark the words starting with any of `terms` under `root`; returns the <mark> elements. */
export function highlightPage(terms, root = document.body) {
  terms = terms.map((t) => t.trim()).filter(Boolean);
  if (!terms.length || !root) return [];
  // A term matches at the start of a word, and the rest of that word is marked too (terms are often stems).
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${terms.map(esc).join("|")})[\\p{L}\\p{N}_]*`, "giu");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      for (let p = n.parentElement; p && p !== root.parentElement; p = p.parentElement) {
        if (SKIP.test(p.tagName) || p.isContentEditable) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const marks = [];
  for (const node of nodes) {
    const text = node.data;
    re.lastIndex = 0;
    let m;
    let at = 0;
    const frag = document.createDocumentFragment();
    while ((m = re.exec(text))) {
      if (!m[0]) break;
      frag.append(text.slice(at, m.index));
      const mark = document.createElement("mark");
      mark.className = "scry-highlight";
      mark.textContent = m[0];
      marks.push(mark);
      frag.append(mark);
      at = m.index + m[0].length;
    }
    if (at) {
      frag.append(text.slice(at));
      node.replaceWith(frag);
    }
  }
  return marks;
}

// The element id a URL fragment names: percent-decoded when that decodes, as written when it does not
// (a malformed escape such as `#%E0%A4%A` makes decodeURIComponent throw a URIError).
function fragmentId(raw) {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Marks the terms of the page's `?highlight=` (or `q`, that parameter as read earlier) and scrolls to
 * the first mark inside or after its #anchor; does nothing without them. */
export function highlightOnArrival(q = new URLSearchParams(location.search).get("highlight")) {
  if (!q) return;
  const marks = highlightPage(q.split(/\s+/));
  if (!marks.length) return;
  // Prefer the first mark inside or after the #anchor the link pointed to.
  let target = marks[0];
  const anchor = location.hash && document.getElementById(fragmentId(location.hash.slice(1)));
  if (anchor) {
    target =
      marks.find((m) => anchor.contains(m) || anchor.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING) ||
      target;
  }
  target.classList.add("scry-highlight-first");
  target.scrollIntoView({ block: "center" });
}
