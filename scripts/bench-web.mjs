#!/usr/bin/env node
// Benchmark (not a test): navigation → chart painted in headless Chromium, and the gzip
// bytes a browser downloads (wasm + JS). Goals: ≤ 100 ms median, ≤ 90 KiB.
//   node scripts/bench-web.mjs [--runs 11] [--page /embed.html?measure=3.1]
// "Painted" = the element's pcc-spc-render event (canvas drawn, table and text written)
// plus two animation frames, measured from navigation start (performance.now()). Each run
// uses a fresh browser context, so nothing is cached between runs.
import fs from 'node:fs';
import os from 'node:os';
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
// The baseline is a page with no chart (same server, same stylesheet): what the browser and
// this machine cost before any chart work.
const BASELINE = '/test/blank.html';
const pages = args.includes('--page') ? [opt('--page')] : [BASELINE, '/embed.html?measure=3.1', '/index.html'];

const read = (f) => fs.readFileSync(path.join(ROOT, 'pkg', f));
const gz = (f) => zlib.gzipSync(read(f), { level: 9 }).length;
const br = (f) => zlib.brotliCompressSync(read(f), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const files = ['pcc_spc_bg.wasm', 'pcc_spc.js', 'pcc-spc.js'];
const bytes = Object.fromEntries(files.map((f) => [f, gz(f)]));
const brotli = Object.fromEntries(files.map((f) => [f, br(f)]));
const total = Object.values(bytes).reduce((a, b) => a + b, 0);
const totalBr = Object.values(brotli).reduce((a, b) => a + b, 0);

const { server, url } = await serve({ port: 0, mounts: [['/test/', 'tests/e2e/pages']] });
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
    const cpu = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const tab = await context.newPage();
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Performance.enable');
      await tab.addInitScript((baseline) => {
        const done = () => requestAnimationFrame(() => requestAnimationFrame(() => {
          window.__painted ??= performance.now();
        }));
        if (baseline) addEventListener('DOMContentLoaded', done);
        document.addEventListener('pcc-spc-render', done);
        document.addEventListener('pcc-spc-error', (e) => { window.__failed = e.detail; });
      }, page === BASELINE);
      await tab.goto(url + page);
      await tab.waitForFunction(() => window.__painted || window.__failed, null, { timeout: 30000 });
      const failed = await tab.evaluate(() => window.__failed);
      if (failed) throw new Error(`${page}: the chart failed: ${failed.title}: ${failed.message}`);
      times.push(await tab.evaluate(() => window.__painted));
      // Main-thread time spent in script, style and layout up to now: the page's own work,
      // less sensitive than wall time to other processes on a shared machine.
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      cpu.push((m.ScriptDuration + m.RecalcStyleDuration + m.LayoutDuration) * 1000);
      await context.close();
    }
    results[page] = { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length, cpu: median(cpu) };
  }
} finally {
  await browser.close();
  server.close();
}

console.log('bytes a browser downloads (gzip -9 / brotli 11):');
for (const f of files) console.log(`  ${f.padEnd(16)} ${String(bytes[f]).padStart(7)} B / ${String(brotli[f]).padStart(7)} B`);
console.log(`  total            ${String(total).padStart(7)} B = ${(total / 1024).toFixed(1)} KiB gzip (goal ≤ 90 KiB); ${(totalBr / 1024).toFixed(1)} KiB brotli`);
console.log(`load average during the runs: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} on ${os.cpus().length} CPUs`);
console.log(`navigation → chart painted, median of ${runs} cold runs (goal ≤ 100 ms):`);
for (const [page, r] of Object.entries(results)) {
  const label = page === BASELINE ? `${page} (no chart)` : page;
  console.log(`  ${label.padEnd(28)} median ${r.median.toFixed(1)} ms  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)}); script + style + layout median ${r.cpu.toFixed(1)} ms`);
}
