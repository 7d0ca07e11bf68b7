// A small static file server for the benchmark, on 127.0.0.1 only.
//
// Mounts: an ordered list of [urlPrefix, directory]; the first prefix that matches serves the file.
// Compression, the same rule for every tool: a response is gzip-compressed on the fly (as any CDN would)
// when the client accepts gzip, the file is not already gzip (magic 1f 8b) and compressing makes it
// smaller. Files a tool gzips itself at build time go out as they are, and the tool inflates them.
// Every response is counted (bytes of body and headers as sent), so CDP's figures can be cross-checked.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8', '.png': 'image/png', '.woff2': 'font/woff2',
};

export async function startServer({ mounts, pages = {} }) {
  const gzCache = new Map(); // absolute path + mtime -> gzip buffer or null
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try { pathname = decodeURIComponent(url.pathname); } catch { pathname = url.pathname; }
    const send = (status, headers, body) => {
      headers['Cache-Control'] = 'no-store';
      headers['Access-Control-Allow-Origin'] = '*';
      headers['Content-Length'] = body.length;
      res.writeHead(status, headers);
      res.end(body);
      // status line + headers as node writes them, roughly: good enough for a cross-check
      let headerBytes = 17 + 2;
      for (const [k, v] of Object.entries(headers)) headerBytes += k.length + String(v).length + 4;
      log.push({ path: pathname, status, bytes: body.length, headerBytes, encoding: headers['Content-Encoding'] || null });
    };
    if (pages[pathname] != null) {
      return send(200, { 'Content-Type': 'text/html; charset=utf-8' }, Buffer.from(pages[pathname]));
    }
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      let rel = pathname.slice(prefix.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(dir, '.' + path.posix.normalize('/' + rel));
      if (!file.startsWith(path.resolve(dir))) return send(403, {}, Buffer.alloc(0));
      let st;
      try { st = fs.statSync(file); } catch { continue; }
      if (!st.isFile()) continue;
      const body = fs.readFileSync(file);
      const headers = { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' };
      const acceptsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
      const isGzip = body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;
      if (acceptsGzip && !isGzip && body.length > 0) {
        const key = file + ':' + st.mtimeMs + ':' + st.size;
        let gz = gzCache.get(key);
        if (gz === undefined) {
          gz = zlib.gzipSync(body, { level: 9 });
          if (gz.length >= body.length) gz = null;
          gzCache.set(key, gz);
        }
        if (gz) {
          headers['Content-Encoding'] = 'gzip';
          headers['Vary'] = 'Accept-Encoding';
          return send(200, headers, gz);
        }
      }
      return send(200, headers, body);
    }
    send(404, { 'Content-Type': 'text/plain' }, Buffer.from('not found'));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}
