#!/usr/bin/env node
// Benchmark (not a test): navigation → chart painted in headless Chromium, and the gzip
// bytes a browser downloads (wasm + JS). Goals: ≤ 100 ms median, ≤ 90 KiB.
//   node scripts/bench-web.mjs [--runs 11] [--page /embed.html?measure=3.1]
// "Painted" = the element's pcc-spc-render event (canvas drawn, table and text written)
// plus two animation frames, measured from navigation start (performance.now()). Each run
// uses a fresh browser context, so nothing is cached between runs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt('--runs', 11));
const pages = args.includes('--page') ? [opt('--page')] : ['/embed.html?measure=3.1', '/index.html'];

const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(ROOT, 'pkg', f)), { level: 9 }).length;
const files = ['pcc_spc_bg.wasm', 'pcc_spc.js', 'pcc-spc.js'];
const bytes = Object.fromEntries(files.map((f) => [f, gz(f)]));
const total = Object.values(bytes).reduce((a, b) => a + b, 0);

const { server, url } = await serve({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = {};
try {
  for (const page of pages) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const tab = await context.newPage();
      await tab.addInitScript(() => {
        document.addEventListener('pcc-spc-render', () => {
          requestAnimationFrame(() => requestAnimationFrame(() => {
            window.__painted ??= performance.now();
          }));
        });
        document.addEventListener('pcc-spc-error', (e) => { window.__failed = e.detail; });
      });
      await tab.goto(url + page);
      await tab.waitForFunction(() => window.__painted || window.__failed, null, { timeout: 30000 });
      const failed = await tab.evaluate(() => window.__failed);
      if (failed) throw new Error(`${page}: the chart failed: ${failed.title}: ${failed.message}`);
      times.push(await tab.evaluate(() => window.__painted));
      await context.close();
    }
    results[page] = { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length };
  }
} finally {
  await browser.close();
  server.close();
}

console.log('gzip -9 bytes a browser downloads:');
for (const f of files) console.log(`  ${f.padEnd(16)} ${String(bytes[f]).padStart(7)} B`);
console.log(`  total            ${String(total).padStart(7)} B = ${(total / 1024).toFixed(1)} KiB (goal ≤ 90 KiB)`);
console.log(`navigation → chart painted, median of ${runs} cold runs (goal ≤ 100 ms):`);
for (const [page, r] of Object.entries(results)) {
  console.log(`  ${page.padEnd(28)} median ${r.median.toFixed(1)} ms  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`);
}
