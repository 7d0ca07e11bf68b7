// Type declarations for scry-highlight.js: highlight on arrival, loaded by scry.js only on a page whose
// URL carries ?highlight=. Import it yourself to mark terms on other pages:
//
//   import { highlightPage } from "/scry/scry-highlight.js";
//   highlightPage(["drip", "water"], document.querySelector("main"));

/** Mark the words starting with `terms` in the page's text (as text nodes in <mark class="scry-highlight">); returns the marks. */
export function highlightPage(terms: string[], root?: Element): HTMLElement[];
/** Mark the terms of the page's `?highlight=` and scroll to the first mark inside or after its #anchor. */
export function highlightOnArrival(terms?: string | null): void;
