#!/usr/bin/env node
// A small static server for www/ with pkg/ at /pkg/ and `.wasm` sent as application/wasm.
//   node scripts/serve.mjs [--port 8080] [--mount /test=tests/e2e/pages]
// The end-to-end tests and the benchmark import `serve` and use an ephemeral port.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** Mount points, longest first: [urlPrefix, directory]. */
function mountTable(extra = [], root = ROOT) {
  const mounts = [['/pkg/', path.join(root, 'pkg')], ...extra, ['/', path.join(root, 'www')]];
  return mounts
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : prefix + '/', path.resolve(ROOT, dir)])
    .sort((a, b) => b[0].length - a[0].length);
}

async function resolveFile(mounts, urlPath) {
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    let file = path.join(dir, urlPath.slice(prefix.length));
    if (!file.startsWith(dir)) return null; // ../ escapes the mount
    try {
      const stat = await fs.stat(file);
      if (stat.isDirectory()) file = path.join(file, 'index.html');
      await fs.access(file);
      return file;
    } catch {
      return null;
    }
  }
  return null;
}

/** Content codings this server sends precompressed, best first, and the file suffix of each. */
const ENCODINGS = { br: '.br', gzip: '.gz', '': '' };

/**
 * The coding to send `file` in: the first of ENCODINGS the request accepts and that has its
 * file beside `file` (`''`: the file as it is).
 */
async function precompressed(file, acceptEncoding) {
  const accepted = new Set(acceptEncoding.split(',')
    .filter((c) => !/;\s*q=0(\.0*)?\s*$/.test(c)) // `gzip;q=0`: not acceptable
    .map((c) => c.split(';')[0].trim().toLowerCase()));
  for (const [coding, suffix] of Object.entries(ENCODINGS)) {
    if (!coding) break;
    if (!accepted.has(coding)) continue;
    try {
      await fs.access(file + suffix);
      return coding;
    } catch {
      // not precompressed in this coding
    }
  }
  return '';
}

/**
 * Starts the server; resolves with { server, url }. `root`: another checkout whose www/ and
 * pkg/ to serve (e.g. main's, for the benchmark's --base).
 * `memory`: keep each file in memory after its first request (the benchmark warms it, so
 * its runs time the browser, not this process's disk reads).
 * `cache`: let the browser keep what it fetched (an hour) as a host's server would, for the
 * benchmark's repeat visits; otherwise every response is `no-store`, so an edit shows on reload.
 * Precompressed files: where FILE.br or FILE.gz exists beside FILE (`./run build` writes them
 * for pkg/, scripts/precompress.mjs) and the request accepts that encoding, it is sent instead,
 * with `Content-Encoding`, as nginx's `brotli_static`/`gzip_static` do.
 */
export function serve({ port = 8080, host = '127.0.0.1', mounts = [], quiet = true, root, memory = false, cache = false } = {}) {
  const table = mountTable(mounts, root ? path.resolve(ROOT, root) : ROOT);
  const kept = new Map();
  const server = http.createServer(async (req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    const file = kept.has(urlPath) ? kept.get(urlPath)[0] : await resolveFile(table, urlPath);
    if (!quiet) console.log(`${req.method} ${urlPath} ${file ? 200 : 404}`);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${urlPath}\n`);
      return;
    }
    const encoding = await precompressed(file, req.headers['accept-encoding'] || '');
    const key = `${urlPath}\n${encoding}`;
    const body = kept.get(key)?.[1] ?? await fs.readFile(file + ENCODINGS[encoding]);
    if (memory) {
      kept.set(urlPath, [file]);
      kept.set(key, [file, body]);
    }
    const headers = {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Cache-Control': cache ? 'max-age=3600' : 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Vary': 'Accept-Encoding',
      'Content-Length': body.length,
    };
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let port = Number(process.env.PORT || 8080);
  const mounts = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--mount') {
      const [prefix, dir] = args[++i].split('=');
      mounts.push([prefix, dir]);
    } else {
      console.error(`unknown argument ${args[i]}`);
      process.exit(2);
    }
  }
  const { url } = await serve({ port, mounts, quiet: false });
  console.log(`serving www/ (pkg/ at /pkg/) on ${url}/  — Ctrl-C stops`);
}
