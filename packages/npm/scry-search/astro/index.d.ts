import type { AstroIntegration } from "astro";

/** Options of `scry()` (Astro) and `scryStarlight()`; every key is optional. */
export interface ScryAstroOptions {
  /** Globs of the pages to index, relative to the built site (default: every .html/.htm page). Each must match a page. */
  include?: string[];
  /** Globs of pages to leave out, e.g. ["404.html", "drafts/**"]. Each must match a page. */
  exclude?: string[];
  /** CSS selectors of page parts to leave out of the index (on top of nav, header, footer, scripts). */
  ignore?: string[];
  /** The stemmer's language: "en", "fr", …; "" for none. Default: the pages' most common <html lang>. */
  language?: string;
  /** Characters that belong to words, e.g. "+#" so that C++ and C# are searchable. */
  extraWordChars?: string;
  /** How much a match counts in each field (BM25F). */
  weights?: { title?: number; heading?: number; body?: number };
  /** The widget: an inline box, or a button that opens a dialog (also on Ctrl/Cmd-K and "/"). */
  mode?: "inline" | "modal";
  placeholder?: string;
  label?: string;
  /** Results shown at first. */
  limit?: number;
  /** Print scry's whole build report. */
  verbose?: boolean;
}

/** The Astro integration: indexes the built site after `astro build` into <outDir>/scry/. */
export default function scry(options?: ScryAstroOptions): AstroIntegration;
