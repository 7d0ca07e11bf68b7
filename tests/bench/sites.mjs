// The three sites measured, and the fixed queries typed into each tool. The lists were written once, by
// hand, as typical searches on each site, before any tool was run on them; they are not to be tuned.
import fs from 'node:fs';

export const SITES = {
  pg: {
    name: 'PostgreSQL 15 docs',
    apt: 'postgresql-doc-15',
    src: '/usr/share/doc/postgresql-doc-15/html',
    cleanTitle: (t) => t,
    queries: ['vacuum', 'create index', 'foreign key', 'json functions', 'pg_dump', 'window function',
      'transaction isolation', 'explain analyze', 'logical replication', 'timestamp with time zone'],
  },
  py: {
    name: 'Python 3.11 docs',
    apt: 'python3.11-doc',
    src: '/usr/share/doc/python3.11-doc/html',
    cleanTitle: (t) => t.replace(/\s+[—–-]\s+Python [\d.]+\S* documentation$/, ''),
    queries: ['json dumps', 'asyncio gather', 'list comprehension', 'dataclass', 'subprocess run',
      'regular expression', 'pathlib', 'decorator', 'unittest mock', 'f-string formatting'],
  },
  rust: {
    name: 'Rust docs (rust-doc: std, core, alloc, books)',
    apt: 'rust-doc',
    src: '/usr/share/doc/rust-doc/html',
    cleanTitle: (t) => t.replace(/\s+-\s+[^-]+$/, ''),
    queries: ['vec push', 'hashmap entry', 'iterator map', 'string from utf8', 'arc mutex', 'option unwrap_or',
      'lifetime', 'trait object', 'btreemap range', 'read_to_string'],
  },
};

/** the site's real folder (python3.11-doc's html is a symlink into python3.11/) */
export function siteSource(key) {
  return fs.realpathSync(SITES[key].src);
}
