#!/usr/bin/env node
// Benchmark (not a test): the whole <pcc-area-breakdown> for one measure (10 small
// multiples, the map, the ranked bars and the table) in headless Chromium. Goal: ≤ 150 ms.
//   node scripts/bench-breakdown.mjs [--runs 9] [--src data/llr.json] [--measure 3.1] [--other 3.3]
// Three numbers, each the median of cold runs (a fresh browser context per run):
// - navigation → breakdown painted (pcc-spc-render + two animation frames), which includes
//   fetching and compiling the wasm and fetching and parsing the data file;
// - measure change → painted: everything recomputed (10 series analysed, comparisons, map,
//   bars, table, and the 10 charts laid out and painted), without the loading;
// - period change → painted: comparisons, map, bars and table (the charts are kept).
// --src may be any published file under www/ or an absolute path (served at /bench-data/),
// e.g. a file whose areas carry boundaries, so that the map is part of the measurement.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { pageValue } from './page-wait.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt('--runs', 9));
const measure = opt('--measure', '3.1');
let src = opt('--src', 'data/llr.json');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcc-bench-'));
const mounts = [['/bench/', dir]];
if (path.isAbsolute(src)) {
  fs.copyFileSync(src, path.join(dir, 'data.json'));
  src = '/bench/data.json';
} else {
  src = `/${src}`;
}
fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>breakdown benchmark</title>
<script type="module" src="/pkg/pcc-spc.js"></script></head><body><main style="max-width:1100px">
<pcc-area-breakdown src="${src}" measure="${measure}" period="fytd"></pcc-area-breakdown></main></body></html>`);

const { server, url } = await serve({ port: 0, mounts });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cold = [];
const again = [];
const whole = [];
const other = opt('--other', '3.3');
let hasMap = false;
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const tab = await context.newPage();
    await tab.addInitScript(() => {
      window.__painted = [];
      document.addEventListener('pcc-spc-render', () => {
        requestAnimationFrame(() => requestAnimationFrame(() => window.__painted.push(performance.now())));
      });
      document.addEventListener('pcc-spc-error', (e) => { window.__failed = e.detail; });
    });
    const cdp = await context.newCDPSession(tab);
    await tab.goto(`${url}/bench/index.html`);
    // Without touching the page until it has painted (scripts/page-wait.mjs says why).
    const first = JSON.parse(await pageValue(cdp, 'window.__painted.length || window.__failed ? JSON.stringify({ painted: window.__painted[0], failed: window.__failed }) : ""'));
    if (first.failed) throw new Error(`the breakdown failed: ${first.failed.title}: ${first.failed.message}`);
    cold.push(first.painted);
    hasMap = await tab.evaluate(() => document.querySelector('pcc-area-breakdown').shadowRoot.getElementById('b-map').getBoundingClientRect().height > 0);
    const timed = (name, value) => tab.evaluate(async ([n, v]) => {
      const el = document.querySelector('pcc-area-breakdown');
      const start = performance.now();
      const done = new Promise((resolve) => el.addEventListener('pcc-spc-render', () => {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
      }, { once: true }));
      el.setAttribute(n, v);
      return (await done) - start;
    }, [name, value]);
    again.push(await timed('period', '12m'));
    whole.push(await timed('measure', other));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`<pcc-area-breakdown> measure ${measure}, ${src} (${hasMap ? 'with' : 'WITHOUT'} a map), ${runs} cold runs, goal ≤ 150 ms:`);
console.log(`  navigation → painted  median ${median(cold).toFixed(1)} ms (min ${Math.min(...cold).toFixed(1)}, max ${Math.max(...cold).toFixed(1)})`);
console.log(`  measure change → painted (everything recomputed)  median ${median(whole).toFixed(1)} ms (min ${Math.min(...whole).toFixed(1)}, max ${Math.max(...whole).toFixed(1)})`);
console.log(`  period change → painted (charts kept)  median ${median(again).toFixed(1)} ms (min ${Math.min(...again).toFixed(1)}, max ${Math.max(...again).toFixed(1)})`);
