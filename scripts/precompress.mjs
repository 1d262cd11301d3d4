#!/usr/bin/env node
// Writes a precompressed copy beside each file a browser downloads from pkg/: FILE.gz (gzip,
// made with zopfli, a slower deflate encoder whose output any gzip decoder reads, ≈ 4 % smaller
// than `gzip -9`) and FILE.br (brotli, quality 11). A host whose server sends precompressed
// files (nginx `gzip_static on;`, `brotli_static on;`; scripts/serve.mjs does too) sends these
// instead of compressing on the fly.
//   node scripts/precompress.mjs pkg/pcc_spc_bg.wasm pkg/pcc_spc.js ...
// Prints one line per file: raw bytes, gzip -9 bytes (for comparison), .gz bytes, .br bytes.
import fs from 'node:fs';
import zlib from 'node:zlib';
import zopfli from '@gfx/zopfli';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/precompress.mjs FILE...');
  process.exit(2);
}
const results = await Promise.all(files.map(async (file) => {
  const raw = fs.readFileSync(file);
  const gz = Buffer.from(await zopfli.gzipAsync(raw, { numiterations: 15 }));
  // zopfli's gzip must read back as the file itself: a broken encoder must not ship.
  if (!zlib.gunzipSync(gz).equals(raw)) throw new Error(`${file}.gz does not decompress to ${file}`);
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  fs.writeFileSync(`${file}.gz`, gz);
  fs.writeFileSync(`${file}.br`, br);
  return { file, raw: raw.length, gzip9: zlib.gzipSync(raw, { level: 9 }).length, gz: gz.length, br: br.length };
}));
for (const r of results) console.log(JSON.stringify(r));
