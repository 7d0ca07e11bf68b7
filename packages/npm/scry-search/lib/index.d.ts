/** The keys of scry.toml, as an object (see `scry --help`). */
export interface ScryConfig {
  language?: string;
  extra_word_chars?: string;
  weights?: Record<string, number>;
  index?: { shard_kib?: number; bundle_kib?: number; dictionary_kib?: number; memory_mb?: number };
  site?: {
    include?: string[];
    exclude?: string[];
    ignore?: string[];
    max_page_kib?: number;
    strip_title_suffix?: boolean;
    base_url?: string;
  };
  records?: {
    id?: string;
    url?: string;
    title?: string;
    title_from?: string;
    title_words?: number;
    text?: string[] | Record<string, number>;
    facets?: string[];
    sort?: string[];
    meta?: string[];
    list_separator?: string;
  };
}

export interface CreateIndexOptions {
  /** scry.toml's keys as an object. */
  config?: ScryConfig;
  /** Or the path of a scry.toml. */
  configFile?: string;
}

/** Every call resolves to a result with `errors`: messages naming the input, empty on success. */
export interface Result {
  errors: string[];
}

export interface WriteResult extends Result {
  outputPath?: string;
  documents?: number;
  files?: number;
  bytes?: number;
}

export interface IndexFile {
  /** Relative to the index folder, with "/" separators. */
  path: string;
  content: Uint8Array;
}

export interface ScryIndex {
  addDirectory(options: { path: string; glob?: string }): Promise<Result & { pageCount?: number }>;
  addHTMLFile(options: { url?: string; sourcePath?: string; content: string }): Promise<Result & { path?: string }>;
  addRecord(record: Record<string, unknown>): Promise<Result & { recordCount?: number }>;
  writeFiles(options?: { outputPath?: string }): Promise<WriteResult>;
  getFiles(): Promise<Result & { files?: IndexFile[]; documents?: number }>;
  close(): Promise<Result>;
}

export function createIndex(options?: CreateIndexOptions): Promise<Result & { index?: ScryIndex }>;

/** The path of the scry binary this package runs. */
export function binaryPath(): string;
