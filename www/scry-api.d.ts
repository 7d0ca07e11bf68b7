// Type declarations for scry-api.js, scry's JS API on its own (scry.js re-exports it with the widget).
//
//   import { open } from "/scry/scry-api.js";
//   const s = await open("/scry/");
//   const r = await s.search("postgres vacum", { filters: { topic: ["Health"] }, limit: 5 });
//   for (const hit of r.results) console.log((await hit.data()).title);

/** A facet filter: any of / all of / none of these values. A bare array means `any`. */
export interface FacetFilter {
  any?: string[];
  all?: string[];
  none?: string[];
}

export interface SearchOptions {
  /** facet name → values; e.g. `{ topic: ["Health"] }` or `{ topic: { all: ["A", "B"] } }` */
  filters?: Record<string, FacetFilter | string[] | string>;
  /** a declared sort key, `"-key"` for descending; default: relevance */
  sort?: string;
  /** results per page (default 10) */
  limit?: number;
  /** results to skip, for paging (default 0) */
  offset?: number;
  /** compute facet counts (default true) */
  facets?: boolean;
}

/** A UTF-16 range [start, end) into a string: JS string indices. */
export type Range = [number, number];

export interface SubResult {
  title: string;
  /** the heading's URL, with its #anchor */
  url: string;
  excerpt: string;
  matches: Range[];
  titleMatches?: Range[];
}

export interface ResultData {
  /** the document's id in this index */
  id: number;
  /** as stored; check the scheme before making it a link (see `safeUrl`) */
  url: string;
  title: string;
  titleMatches: Range[];
  /** the best window of text around the matches */
  excerpt: string;
  /** ranges of `excerpt` that matched the query */
  matches: Range[];
  /** matching headings of the document */
  sub: SubResult[];
  meta: Record<string, string>;
}

export interface Result {
  id: number;
  score: number;
  /** loads the stored fields (fetching the document bundle once) */
  data(): Promise<ResultData>;
}

export interface SearchResponse {
  /** documents matching (after filters) */
  total: number;
  /** true when no document matched every term and these are the best partial matches */
  partial: boolean;
  /** a better query when the words look misspelt, else null */
  didYouMean: string | null;
  /** the index terms the query matched, for highlighting */
  terms: string[];
  /** facet → value → count among the filtered results */
  facets: Record<string, Record<string, number>>;
  /** facet → value → count among the results before facet filters */
  facetsAll: Record<string, Record<string, number>>;
  results: Result[];
}

export interface IndexInfo {
  format: number;
  documents: number;
  facets: string[];
  sorts: string[];
  language: string;
}

export interface Searcher {
  /** the index folder's absolute URL, ending in "/" */
  readonly base: string;
  /**
   * Search. A newer call rejects this one's promise with a DOMException named "AbortError".
   * Rejects with an Error whose message starts "scry:" when the index is missing, corrupt or of another
   * format version.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResponse>;
  /** Start the worker and load the engine and the manifest now. */
  preload(): Promise<unknown>;
  info(): Promise<IndexInfo>;
  /** Stop the worker. */
  close(): void;
}

/** Open the index in folder `base` (default: the folder scry.js was loaded from); resolves when loaded. */
export function open(base?: string): Promise<Searcher>;
/** The searcher for `base` without waiting for it to load (one per folder per page). */
export function searcher(base?: string): Searcher;
