// Type declarations for scry.js, the browser side of scry.
//
//   import { open } from "/scry/scry.js";
//   const s = await open("/scry/");
//   const r = await s.search("postgres vacum", { filters: { topic: ["Health"] }, limit: 5 });
//   for (const hit of r.results) console.log((await hit.data()).title);

export * from "./scry-api.js";
import type { Range, Searcher } from "./scry-api.js";

/** `text` with `ranges` wrapped in <mark>, as text nodes (never parsed as HTML). */
export function highlighted(text: string, ranges: Range[]): DocumentFragment;
/** The absolute http(s) URL, with `?highlight=` when terms are given; null for any other scheme. */
export function safeUrl(url: string, terms?: string[]): string | null;

/** The <scry-search> element. Attributes: base, mode ("inline" | "modal"), placeholder, label, limit, sort, theme ("light" | "dark"). */
export interface ScrySearchElement extends HTMLElement {
  readonly searcher: Searcher;
  readonly mode: "inline" | "modal";
  /** the query; setting it searches */
  value: string;
  /** open the modal, or focus the inline box */
  open(): void;
  close(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "scry-search": ScrySearchElement;
  }
  interface HTMLElementEventMap {
    /** fired on <scry-search> when results render */
    "scry-results": CustomEvent<{ query: string; total: number }>;
    /** fired on <scry-search> before navigating to a result; preventDefault() to handle it yourself */
    "scry-select": CustomEvent<{ url: string; query: string }>;
  }
}
