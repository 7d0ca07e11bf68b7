// scry in the browser: the <scry-search> element, and the JS API (`open`, from scry-api.js, re-exported
// here). A page opened from a result (?highlight=) also loads scry-highlight.js, which marks the terms.
//
// One small module a site includes with
//   <script type="module" src="/scry/scry.js"></script>
// Everything else (the worker, the wasm, the index files, the CSS) is found next to this file through
// import.meta.url, and nothing of the index loads until a visitor focuses a search box (or a script calls
// open()/preload()).
//
// Safety rules this file keeps: corpus text (titles, excerpts, headings, URLs) only ever enters the DOM as
// text nodes or attribute values, never as HTML; only http(s) URLs become navigable; no eval, no inline
// styles from strings, so it runs under `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`.

import { searcher } from "./scry-api.js";

export { open, searcher } from "./scry-api.js";

const HERE = import.meta.url;

// ---------------------------------------------------------------------------------------------------
// DOM helpers: text goes in as text nodes, always.

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const k in attrs) {
    const v = attrs[k];
    if (v === false || v == null) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  el.append(...kids.flat().filter((k) => k != null && k !== false));
  return el;
}

/** `text` with the UTF-16 ranges [[start, end], ...] wrapped in <mark>, as a fragment of text nodes. */
export function highlighted(text, ranges) {
  const frag = document.createDocumentFragment();
  text = String(text ?? "");
  let at = 0;
  const sorted = [...(ranges || [])].sort((a, b) => a[0] - b[0]);
  for (let [s, e] of sorted) {
    s = Math.max(s, at);
    e = Math.min(e, text.length);
    if (e <= s) continue;
    if (s > at) frag.append(text.slice(at, s));
    frag.append(h("mark", {}, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) frag.append(text.slice(at));
  return frag;
}

/** The URL to navigate to, or null when it is not http(s) (javascript:, data:, ...). */
export function safeUrl(url, terms) {
  let u;
  try {
    u = new URL(String(url ?? ""), document.baseURI);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  if (terms && terms.length) u.searchParams.set("highlight", terms.join(" "));
  return u.href;
}

// ---------------------------------------------------------------------------------------------------
// Highlight on arrival: a page opened from a result (…?highlight=term+term) marks those terms. The code
// is in scry-highlight.js, fetched only by a page whose URL asks for it.

function highlightIfAsked() {
  if (typeof document === "undefined") return;
  // Read now, as the module runs: a page's own scripts may drop the parameter from the URL before
  // the page is loaded (Sphinx's doctools.js does, to run its own highlighting).
  const terms = new URLSearchParams(location.search).get("highlight");
  if (!terms) return;
  const run = () =>
    import("./scry-highlight.js").then(
      (m) => m.highlightOnArrival(terms),
      (e) => console.warn("scry: cannot load scry-highlight.js", e),
    );
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}

highlightIfAsked();

// ---------------------------------------------------------------------------------------------------
// Light or dark: theme="light" | "dark" forces one; "auto" (the default) follows the page, then the system.

const DARK_WORDS = /(?:^|[\s_-])(?:dark|slate|night)(?:$|[\s_-])/i;
const LIGHT_WORDS = /(?:^|[\s_-])(?:light|default|day)(?:$|[\s_-])/i;
const THEME_ATTRS = ["class", "data-theme", "data-bs-theme", "data-color-scheme", "data-color-mode", "data-md-color-scheme", "data-mode"];
const systemDark = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

/** Whether the page shows itself dark: a dark class or data-theme on <html> or <body> (Tailwind,
 * Docusaurus, Bootstrap, MkDocs Material's "slate"), else an opaque dark background, else its
 * `color-scheme` (CSS or <meta>): "dark" alone is dark, "light dark" defers to the system, and a page
 * that declares nothing is light (as the browser renders it). */
export function pageIsDark(doc = document) {
  for (const el of [doc.documentElement, doc.body]) {
    if (!el) continue;
    for (const a of THEME_ATTRS) {
      const v = el.getAttribute(a);
      if (!v) continue;
      if (DARK_WORDS.test(v)) return true;
      if (a !== "class" && LIGHT_WORDS.test(v)) return false;
    }
  }
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const m = getComputedStyle(el).backgroundColor.match(/[\d.]+/g);
    if (m && m.length >= 3 && (m.length < 4 || +m[3] > 0.5)) {
      const [r, g, b] = m.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110;
    }
  }
  const declared = `${getComputedStyle(doc.documentElement).colorScheme} ${doc.querySelector('meta[name="color-scheme"]')?.content || ""}`;
  if (!/\bdark\b/.test(declared)) return false;
  if (!/\blight\b/.test(declared)) return true;
  return !!systemDark?.matches;
}

const themed = new Set();
let themeWatch;

function applyTheme(el) {
  const t = el.getAttribute("theme");
  const dark = t === "dark" || (t !== "light" && pageIsDark());
  el.dataset.scheme = dark ? "dark" : "light";
}

function watchTheme(el) {
  themed.add(el);
  applyTheme(el);
  if (themeWatch) return;
  const all = () => themed.forEach(applyTheme);
  themeWatch = new MutationObserver(all);
  const opts = { attributes: true, attributeFilter: [...THEME_ATTRS, "style"] };
  themeWatch.observe(document.documentElement, opts);
  if (document.body) themeWatch.observe(document.body, opts);
  else document.addEventListener("DOMContentLoaded", () => (themeWatch.observe(document.body, opts), all()));
  systemDark?.addEventListener?.("change", all);
  // Stylesheets that arrive after the element (a dark background, a color-scheme) count too.
  addEventListener("load", all);
}

// ---------------------------------------------------------------------------------------------------
// Recent searches: the last five queries that led to a result, in localStorage (when it is on).

const RECENT = "scry-recent";

function recentList() {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT) || "[]");
    return Array.isArray(v) ? v.filter((x) => typeof x === "string").slice(0, 5) : [];
  } catch {
    return [];
  }
}

function remember(q) {
  q = q.trim();
  if (!q) return;
  try {
    localStorage.setItem(RECENT, JSON.stringify([q, ...recentList().filter((x) => x !== q)].slice(0, 5)));
  } catch {
    /* storage may be off */
  }
}

// ---------------------------------------------------------------------------------------------------
// Ctrl/Cmd-K anywhere, or "/" outside a text field, opens the first search box (modal ones first).
// Listened for from the moment the first <scry-search> connects.

let shortcutsOn = false;

function listenForShortcuts() {
  if (shortcutsOn) return;
  shortcutsOn = true;
  document.addEventListener("keydown", (e) => {
    const t = e.composedPath()[0];
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") || (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
      const el = document.querySelector("scry-search[mode=modal]") || document.querySelector("scry-search");
      if (!el) return;
      e.preventDefault();
      el.open();
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// The <scry-search> element

let uid = 0;

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const SVG = "http://www.w3.org/2000/svg";

/** The magnifier, drawn in SVG so it sits on the text's centre line at any font size. */
function magnifier() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const c = document.createElementNS(SVG, "circle");
  for (const [k, v] of Object.entries({ cx: "8.5", cy: "8.5", r: "5.75" })) c.setAttribute(k, v);
  const l = document.createElementNS(SVG, "path");
  l.setAttribute("d", "M12.75 12.75 17.5 17.5");
  svg.append(c, l);
  return svg;
}

/** A query as the notes show it: an unclosed quote closed, quoted as typed or in curly quotes. */
function shown(q) {
  const text = (q.match(/"/g) || []).length % 2 ? q + '"' : q;
  return text.includes('"') ? text : `“${text}”`;
}

/** A one-character query waits this long for a second one (it would only flash "No results"). */
const ONE_LETTER_WAIT = 350;

class ScrySearch extends HTMLElement {
  static observedAttributes = ["placeholder", "theme"];
  #root;
  #input;
  #list;
  #facets;
  #note;
  #count;
  #status;
  #more;
  #dialog;
  #trigger;
  #options = []; // [{el, go: (event) => void}]
  #active = -1;
  #seq = 0;
  #filters = {}; // facet → Set of values
  #modes = {}; // facet → "any" | "all"
  #offset = 0;
  #announce;
  #wait;
  #terms = [];

  get searcher() {
    return searcher(this.getAttribute("base") ?? undefined);
  }

  get #limit() {
    return Math.max(1, parseInt(this.getAttribute("limit"), 10) || 8);
  }

  connectedCallback() {
    watchTheme(this);
    listenForShortcuts();
    if (this.#root) return;
    const root = (this.#root = this.attachShadow({ mode: "open" }));
    const n = ++uid;
    const label = this.getAttribute("label") || "Search";
    this.#input = h("input", {
      type: "search",
      part: "input",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": `scry-list-${n}`,
      "aria-label": label,
      autocomplete: "off",
      spellcheck: "false",
      enterkeyhint: "search",
      placeholder: this.getAttribute("placeholder") || "Search",
      onfocus: () => {
        this.searcher.preload().catch((e) => this.#error(e));
        this.#update();
      },
      oninput: () => {
        this.#offset = 0;
        clearTimeout(this.#wait);
        // One character alone finds little and flashes "No results": wait for the next one.
        if ([...this.#input.value.trim()].length === 1) this.#wait = setTimeout(() => this.#update(), ONE_LETTER_WAIT);
        else this.#update();
      },
      onkeydown: (e) => this.#key(e),
    });
    this.#note = h("div", { class: "note", part: "note" });
    this.#facets = h("div", { class: "facets", part: "facets" });
    this.#count = h("p", { class: "count-line", part: "count", hidden: true });
    this.#list = h("div", { role: "listbox", id: `scry-list-${n}`, class: "list", part: "list", "aria-label": `${label} results`, hidden: true });
    this.#more = h("button", { type: "button", class: "more", part: "more", hidden: true, onclick: () => this.#update(true) }, "More results");
    this.#status = h("div", { role: "status", "aria-live": "polite", class: "sr" });
    const hint = (keys, text) => h("span", {}, ...keys.map((k) => h("kbd", {}, k)), " ", text);
    const foot = h("div", { class: "foot", part: "footer", "aria-hidden": "true" }, hint(["↵"], "to open"), hint(["↑", "↓"], "to move"), hint(["esc"], "to close"));
    const panel = h(
      "div",
      { class: "panel", part: "panel", onfocusout: () => this.#blur() },
      h("div", { class: "bar" }, magnifier(), this.#input),
      h("div", { class: "drop", part: "results" }, this.#note, this.#facets, this.#count, this.#list, this.#more),
      // Outside the results: in the dialog they scroll between the input and the key hints.
      foot,
      this.#status,
    );
    // Keep the input focused when results are clicked (the listbox is driven by aria-activedescendant);
    // other buttons than the main one keep their default (a middle click opens the link in a new tab).
    this.#list.addEventListener("mousedown", (e) => e.button === 0 && e.preventDefault());
    root.append(h("link", { rel: "stylesheet", href: new URL("scry.css", HERE).href }));
    if (this.mode === "modal") {
      const mac = /Mac|iP/.test(navigator.userAgentData?.platform || navigator.platform);
      this.#trigger = h(
        "button",
        { type: "button", class: "trigger", part: "trigger", "aria-haspopup": "dialog", onclick: () => this.open() },
        magnifier(),
        h("span", { class: "label" }, this.getAttribute("placeholder") || label),
        h("kbd", { "aria-hidden": "true" }, mac ? "⌘K" : "Ctrl K"),
      );
      const close = h("button", { type: "button", class: "close", part: "close", "aria-label": "Close", title: "Close (Esc)", onclick: () => this.close() }, h("span", { "aria-hidden": "true" }, "×"));
      panel.firstChild.append(close);
      this.#dialog = h(
        "dialog",
        {
          part: "dialog",
          "aria-label": label,
          // A click on the backdrop (outside the dialog's box) closes it.
          onclick: (e) => {
            const r = this.#dialog.getBoundingClientRect();
            if (e.target === this.#dialog && (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom)) this.close();
          },
          onclose: () => {
            this.#expand(false);
            this.#trigger.focus();
          },
        },
        panel,
      );
      root.append(this.#trigger, this.#dialog);
    } else {
      root.append(panel);
    }
  }

  disconnectedCallback() {
    themed.delete(this);
  }

  attributeChangedCallback(name, _, v) {
    if (name === "placeholder" && this.#input) this.#input.placeholder = v || "Search";
    if (name === "theme" && this.isConnected) applyTheme(this);
  }

  get mode() {
    return this.getAttribute("mode") === "modal" ? "modal" : "inline";
  }

  /** Open the modal (or focus the inline box). */
  open() {
    if (this.#dialog && !this.#dialog.open) this.#dialog.showModal();
    this.#input.focus();
    this.#input.select();
  }

  close() {
    this.#expand(false);
    if (this.#dialog?.open) {
      this.#dialog.close();
      // The dialog's close event comes a task later: focus the button now, so focus is never lost
      // in between (its handler does the same for a close by the browser).
      this.#trigger.focus();
    }
  }

  /** Set the query and search, as if typed. */
  set value(q) {
    this.#input.value = q;
    this.#offset = 0;
    clearTimeout(this.#wait);
    this.#update();
  }

  get value() {
    return this.#input?.value ?? "";
  }

  #blur() {
    // After the event: a re-render may have moved focus to a replacement element inside the widget.
    setTimeout(() => this.mode === "inline" && !this.#root.activeElement && this.#expand(false));
  }

  // `on`: the dropdown (notes, facets, listbox) shows; the listbox itself only when it has options.
  #expand(on) {
    const list = on && this.#options.length > 0;
    this.#input.setAttribute("aria-expanded", String(list));
    this.#list.hidden = !list;
    this.dataset.open = String(on);
    if (!list) this.#activate(-1);
  }

  #activate(i) {
    this.#options[this.#active]?.el.setAttribute("aria-selected", "false");
    this.#active = i;
    const o = this.#options[i];
    if (o) {
      o.el.setAttribute("aria-selected", "true");
      this.#input.setAttribute("aria-activedescendant", o.el.id);
      o.el.scrollIntoView({ block: "nearest" });
    } else {
      this.#input.removeAttribute("aria-activedescendant");
    }
  }

  #key(e) {
    const n = this.#options.length;
    const open = this.#input.getAttribute("aria-expanded") === "true";
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp": {
        e.preventDefault();
        if (!open) {
          this.#expand(true);
          if (!n) return;
        }
        const d = e.key === "ArrowDown" ? 1 : -1;
        this.#activate(this.#active < 0 ? (d > 0 ? 0 : n - 1) : (this.#active + d + n) % n);
        return;
      }
      case "Enter":
        if (e.isComposing) return;
        e.preventDefault();
        if (open && n) this.#options[Math.max(this.#active, 0)].go(e);
        else this.#update();
        return;
      case "Escape":
        if (e.isComposing) return;
        e.preventDefault();
        // The dialog closes at once, query kept for when it opens again; the inline box, as a
        // combobox does, closes its list first and clears the query on a second press.
        if (this.#dialog) this.close();
        else if (open || this.dataset.open === "true") this.#expand(false);
        else if (this.#input.value) this.value = "";
    }
  }

  #error(e) {
    if (e.name === "AbortError") return;
    // No index where the widget looks (a site rebuilt without running scry, a wrong `base`):
    // say so in words a visitor understands, and keep the details for the site's owner.
    const missing = /manifest\.bin is missing/.test(e.message);
    this.#note.replaceChildren(
      h(
        "p",
        { class: "error", part: "error" },
        missing ? h("strong", {}, "Search is unavailable: this site's search index was not found. ") : null,
        e.message,
      ),
    );
    this.#status.textContent = e.message;
    this.#count.hidden = true;
    this.dataset.state = "error";
    this.dataset.open = "true";
  }

  // `groups`: [{el, options: [{el, go}]}]; an option's element is its own group when `el` is null.
  #setOptions(groups, append) {
    if (!append) {
      this.#activate(-1);
      this.#options = [];
      this.#list.replaceChildren();
    }
    for (const g of groups) {
      for (const o of g.options) {
        o.el.id ||= `scry-o-${++uid}`;
        o.el.setAttribute("role", "option");
        o.el.setAttribute("aria-selected", "false");
        // Links navigate by themselves (so middle-click, Ctrl-click and "copy link" work); the rest
        // (recent searches, unsafe URLs) act on click.
        if (!o.link) o.el.addEventListener("click", (e) => o.go(e));
        this.#options.push(o);
      }
      this.#list.append(g.el || g.options[0].el);
    }
    this.#expand(document.activeElement === this || this.#root.activeElement != null);
  }

  // Search for the input's value and render; `more` appends the next page.
  async #update(more) {
    const q = this.#input.value.trim();
    const my = ++this.#seq;
    clearTimeout(this.#announce);
    if (!q) {
      this.#renderRecent();
      return;
    }
    if (more) this.#offset += this.#limit;
    const s = this.searcher;
    const filters = {};
    for (const [k, set] of Object.entries(this.#filters)) {
      if (set.size) filters[k] = { [this.#modes[k] || "any"]: [...set] };
    }
    const opts = { filters, limit: this.#limit, offset: this.#offset, sort: this.getAttribute("sort") || undefined };
    // A slow first search (the engine and the manifest loading) says so after a moment.
    const slow = setTimeout(() => {
      if (my !== this.#seq) return;
      this.dataset.state = "loading";
      this.dataset.open = "true";
      this.#note.replaceChildren(h("p", { class: "loading" }, "Searching…"));
    }, 300);
    let r, data, same;
    try {
      r = await s.search(q, opts);
      if (my !== this.#seq) return;
      data = await Promise.all(r.results.slice(0, this.#limit).map((x) => x.data()));
      // A correction is offered only when following it would change the results; when the typo
      // search already gave them, the note says whose results these are instead.
      if (r.didYouMean && !more && my === this.#seq) {
        const again = await s.search(r.didYouMean, { ...opts, facets: false });
        same = again.total === r.total && again.results.every((x, i) => x.id === r.results[i]?.id);
      }
    } catch (e) {
      if (my === this.#seq) this.#error(e);
      return;
    } finally {
      clearTimeout(slow);
    }
    if (my !== this.#seq) return;
    // One character that finds nothing has nothing to say yet.
    if (!r.total && [...q].length === 1 && !Object.keys(filters).length) {
      this.dataset.state = "idle";
      this.#note.replaceChildren();
      this.#facets.replaceChildren();
      this.#count.hidden = this.#more.hidden = true;
      this.#setOptions([]);
      return;
    }
    this.dataset.state = "results";
    this.#terms = r.terms;
    this.#renderNote(r, q, filters, same);
    if (!more) this.#renderFacets(r);
    this.#setOptions(data.map((d) => this.#renderHit(d, q)), more);
    const moreFocused = this.#root.activeElement === this.#more;
    this.#more.hidden = this.#offset + this.#limit >= r.total;
    if (moreFocused && this.#more.hidden) this.#input.focus();
    const shownCount = Math.min(r.total, this.#offset + this.#limit);
    this.#count.hidden = !r.total;
    this.#count.textContent =
      (r.partial ? plural(r.total, "partial match", "partial matches") : plural(r.total, "result", "results")) +
      (shownCount < r.total ? ` · showing ${shownCount}` : "");
    const text =
      r.total === 0
        ? `No results for ${shown(q)}`
        : r.partial
          ? `No page matches every word; ${plural(r.total, "partial match", "partial matches")}`
          : plural(r.total, "result", "results");
    // Announce once typing pauses, so a screen reader is not flooded with counts.
    this.#announce = setTimeout(() => (this.#status.textContent = text), 400);
    this.dispatchEvent(new CustomEvent("scry-results", { detail: { query: q, total: r.total } }));
  }

  #renderNote(r, q, filters, same) {
    const parts = [];
    if (r.didYouMean && same) {
      parts.push(h("p", { class: "corrected" }, "Showing results for ", h("strong", {}, shown(r.didYouMean))));
    } else if (r.didYouMean) {
      parts.push(
        h(
          "p",
          { class: "dym" },
          "Did you mean ",
          h("button", { type: "button", class: "link", onclick: () => ((this.value = r.didYouMean), this.#input.focus()) }, shown(r.didYouMean)),
          "?",
        ),
      );
    }
    if (r.partial && r.total) parts.push(h("p", { class: "partial" }, "No page contains all the words; these are the closest matches."));
    if (!r.total) parts.push(h("p", { class: "empty" }, "No results for ", shown(q), Object.keys(filters).length ? " with these filters." : "."));
    this.#note.replaceChildren(...parts);
  }

  #renderFacets(r) {
    const groups = [];
    for (const [name, all] of Object.entries(r.facetsAll || {})) {
      const values = Object.keys(all);
      if (!values.length) continue;
      const set = (this.#filters[name] ||= new Set());
      const mode = this.#modes[name] || "any";
      const chips = values.map((v) =>
        h(
          "button",
          {
            type: "button",
            class: "chip",
            part: "chip",
            "data-k": name + "\0" + v,
            "aria-pressed": String(set.has(v)),
            onclick: () => {
              set.has(v) ? set.delete(v) : set.add(v);
              this.#offset = 0;
              this.#update();
            },
          },
          v,
          h("span", { class: "count" }, String(r.facets?.[name]?.[v] ?? 0)),
        ),
      );
      const toggle =
        set.size > 1 || mode === "all"
          ? h(
              "button",
              {
                type: "button",
                class: "mode",
                "data-k": name + "\0\0",
                title: mode === "any" ? "Showing pages with any selected value" : "Showing pages with all selected values",
                onclick: () => {
                  this.#modes[name] = mode === "any" ? "all" : "any";
                  this.#update();
                },
              },
              mode === "any" ? "any of" : "all of",
            )
          : null;
      groups.push(h("div", { role: "group", class: "group", "aria-label": `Filter by ${name}` }, h("span", { class: "name", "aria-hidden": "true" }, name), toggle, chips));
    }
    // Keep keyboard focus on the chip (or toggle) that was pressed, across the re-render.
    const k = this.#root.activeElement?.dataset.k;
    this.#facets.replaceChildren(...groups);
    if (k) [...this.#facets.querySelectorAll("[data-k]")].find((b) => b.dataset.k === k)?.focus();
  }

  // An option for a result: a real link when its URL is safe (new tab, copy link and middle click
  // work as on any link), an inert entry that shows the URL when it is not.
  #option(url, q, cls, ...kids) {
    if (!url) return { el: h("div", { class: cls + " inert" }, ...kids), go: () => {} };
    const el = h("a", {
      class: cls,
      href: url,
      tabindex: "-1",
      onclick: (e) => {
        if (e.button !== 0) return;
        remember(q);
        if (!this.#selected(url, q)) e.preventDefault();
      },
      onauxclick: (e) => e.button === 1 && remember(q),
    }, ...kids);
    return { el, link: true, go: (e) => this.#go(url, q, e) };
  }

  #renderHit(d, q) {
    const terms = this.#terms;
    const page = d.title ? String(d.title) : String(d.url ?? "");
    // A title made from the text's first words (records without titles) is shown as an excerpt; a
    // document with no title at all shows its URL.
    const href = safeUrl(d.url, terms);
    const hit = this.#option(
      href,
      q,
      "hit",
      h("span", { class: d.meta?.title_is_excerpt === "true" ? "title untitled" : "title" }, d.title ? highlighted(d.title, d.titleMatches) : page),
      d.excerpt ? h("span", { class: "excerpt" }, highlighted(d.excerpt, d.matches)) : null,
      href ? null : h("span", { class: "unsafe" }, String(d.url ?? "")),
    );
    const subs = (d.sub || []).map((s) => {
      const [excerpt, matches] = withoutHeading(String(s.excerpt ?? ""), s.matches, String(s.title ?? ""));
      return this.#option(
        safeUrl(s.url, terms),
        q,
        "sub",
        h("span", { class: "path" }, page, h("span", { "aria-hidden": "true" }, " › ")),
        h("span", { class: "title" }, highlighted(s.title, s.titleMatches)),
        excerpt ? h("span", { class: "excerpt" }, highlighted(excerpt, matches)) : null,
      );
    });
    if (!subs.length) return { el: null, options: [hit] };
    // A page and its sections form one group, named by the page.
    return { el: h("div", { role: "group", class: "page", "aria-label": page }, hit.el, subs.map((o) => o.el)), options: [hit, ...subs] };
  }

  // The cancelable scry-select event; false when a listener cancelled the navigation.
  #selected(url, q) {
    return this.dispatchEvent(new CustomEvent("scry-select", { detail: { url, query: q }, cancelable: true }));
  }

  #go(url, q, e) {
    if (!url) return;
    remember(q);
    if (!this.#selected(url, q)) return;
    if (e && (e.ctrlKey || e.metaKey || e.button === 1)) window.open(url, "_blank", "noopener");
    else location.assign(url);
  }

  #renderRecent() {
    this.#note.replaceChildren();
    this.#facets.replaceChildren();
    this.#more.hidden = true;
    this.#count.hidden = true;
    const recent = recentList();
    this.dataset.state = recent.length ? "recent" : "idle";
    this.#setOptions(
      recent.map((q) => ({
        el: null,
        options: [{ el: h("div", { class: "recent" }, h("span", { class: "tag" }, "Recent"), " ", q), go: () => (this.value = q) }],
      })),
    );
  }
}

/** A section's excerpt without the heading it starts with (the heading is shown above it), match
 * ranges moved along; as it was when it does not start with the heading. */
function withoutHeading(text, ranges, heading) {
  // A long heading is shown cut with "…": its start is what the excerpt repeats.
  const head = heading.trim().replace(/…$/, "").trimEnd().toLowerCase();
  if (!head || !text.toLowerCase().startsWith(head)) return [text, ranges || []];
  let cut = head.length;
  while (cut < text.length && /[\s:.·—–-]/.test(text[cut])) cut++;
  const moved = (ranges || []).map(([s, e]) => [s - cut, e - cut]).filter(([, e]) => e > 0);
  return [text.slice(cut), moved.map(([s, e]) => [Math.max(0, s), e])];
}

if (typeof customElements !== "undefined" && !customElements.get("scry-search")) {
  customElements.define("scry-search", ScrySearch);
}
