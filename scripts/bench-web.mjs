#!/usr/bin/env node
// Benchmark (not a test): navigation → chart painted in headless Chromium, and the gzip
// bytes a browser downloads (wasm + JS). Goals: ≤ 100 ms median, ≤ 90 KiB.
//   node scripts/bench-web.mjs [--runs 11] [--page /embed.html?measure=3.1] [--base DIR]
// --base DIR: also times another checkout (its www/ and a built pkg/, e.g. `git worktree add
// /tmp/main main` then `./run build` there), alternating runs with this one so both see the
// same machine load; compare their medians.
//
// Method (kept honest and stable on a shared machine):
// - Each run uses a fresh browser context (fresh renderer process, empty HTTP cache, no
//   compiled-wasm cache), so every run is a first visit.
// - The local server is warmed first: every file a page loads is requested once before the
//   runs and then served from memory, so the runs measure the browser, not a cold node
//   process or disk reads.
// - "Painted" = the frame containing the chart has been produced: after the element's
//   `pcc-spc-render` event (canvas drawn, words written) one requestAnimationFrame (the frame
//   that shows it starts), then one MessageChannel task (that frame's paint is done: the task
//   runs after the rendering steps). Measured from navigation start (performance.now()).
//   The blank page (same server, same stylesheet, no chart) is timed the same way from its
//   DOMContentLoaded: the browser's own cost on this machine.
// - Repeat visits (the second load of the page in the same context, with the server allowing
//   the browser to cache for an hour, as a host would): what a returning resident waits for,
//   with the files from the HTTP cache and V8's compiled wasm reused. Printed after the first
//   visits; `--no-repeat` skips them.
// - A peer is timed the same way: uPlot drawing one 60-month series with its mean and limits
//   (scripts/bench/uplot.html, the peer case of the project's research), what a small, fast
//   canvas chart costs on this machine in the same run.
// - The harness keeps its hands off the page until it has painted: it polls a flag through
//   the DevTools protocol (scripts/page-wait.mjs), because playwright's own page helpers
//   inject a script whose evaluation (10–15 ms here) landed inside the measured time.
// - ≥ 9 runs per page; the median is the figure, min and max show the spread, and the
//   `pcc-spc-render` time (script done) is printed beside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { pageValue } from './page-wait.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Math.max(9, Number(opt('--runs', 11)));
// The baseline is a page with no chart (same server, same stylesheet): what the browser and
// this machine cost before any chart work.
const BASELINE = '/test/blank.html';
// A peer, timed the same way: uPlot drawing the research's peer case (scripts/bench/uplot.html),
// what "a small, fast canvas chart" costs on this machine and in this run.
const PEER = '/bench/uplot.html';
const pages = args.includes('--page') ? [opt('--page')] : [BASELINE, PEER, '/embed.html?measure=3.1', '/index.html'];

const read = (f) => fs.readFileSync(path.join(ROOT, 'pkg', f));
const gz = (f) => zlib.gzipSync(read(f), { level: 9 }).length;
const br = (f) => zlib.brotliCompressSync(read(f), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const files = ['pcc_spc_bg.wasm', 'pcc_spc.js', 'pcc-spc.js'];
const bytes = Object.fromEntries(files.map((f) => [f, gz(f)]));
// pkg/'s precompressed .gz (zopfli, `./run build`): what a server that sends precompressed
// files sends, and what scripts/serve.mjs sends to a browser that accepts gzip but not brotli.
const shipped = (f) => (fs.existsSync(path.join(ROOT, 'pkg', `${f}.gz`)) ? fs.statSync(path.join(ROOT, 'pkg', `${f}.gz`)).size : gz(f));
const gzShipped = Object.fromEntries(files.map((f) => [f, shipped(f)]));
const totalShipped = Object.values(gzShipped).reduce((a, b) => a + b, 0);
const brotli = Object.fromEntries(files.map((f) => [f, br(f)]));
const total = Object.values(bytes).reduce((a, b) => a + b, 0);
const totalBr = Object.values(brotli).reduce((a, b) => a + b, 0);

const mounts = [['/test/', 'tests/e2e/pages'], ['/bench/', 'scripts/bench'], ['/uplot/', 'node_modules/uplot/dist']];
if (pages.includes(PEER) && !fs.existsSync(path.join(ROOT, 'node_modules/uplot/dist/uPlot.iife.min.js'))) {
  throw new Error('node_modules/uplot is missing: run `npm ci` (./run bench-web does) for the peer page');
}
const repeat = !args.includes('--no-repeat');
const servers = [{ name: 'pkg', ...await serve({ port: 0, mounts, memory: true, cache: true }) }];
if (opt('--base')) servers.push({ name: `base ${opt('--base')}`, ...await serve({ port: 0, mounts, memory: true, cache: true, root: opt('--base') }) });
// Warm the servers: each page and everything it loads, once, before any timed run.
const warm = ['/test/blank.html', PEER, '/uplot/uPlot.iife.min.js', '/uplot/uPlot.min.css', '/embed.html', '/index.html', '/embed.js', '/demo.js', '/site.css', '/data/llr.json',
  '/pkg/pcc-spc.js', '/pkg/pcc_spc.js', '/pkg/pcc_spc_bg.wasm', ...pages];
for (const { url } of servers) {
  for (const p of warm) await fetch(url + p).then((r) => r.arrayBuffer()).catch(() => {});
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Waits until the page has painted its chart (or failed), without touching it. */
const settled = (cdp) => pageValue(cdp, '!!(window.__painted || window.__failed)');

/**
 * One run of `page` from `url` in a fresh context: { painted, rendered, cpu } in ms. A first
 * visit, or with `again` the second visit (after the first has painted and the browser has
 * had a moment to store what it compiled).
 */
async function once(url, page, again = false) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await tab.addInitScript((baseline) => {
      // One frame, then a task after that frame's rendering steps: the chart is on screen.
      const done = () => {
        window.__rendered ??= performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => { window.__painted ??= performance.now(); };
          channel.port2.postMessage(0);
        });
      };
      if (baseline) addEventListener('DOMContentLoaded', done);
      document.addEventListener('pcc-spc-render', done);
      document.addEventListener('pcc-spc-error', (e) => { window.__failed = e.detail; });
    }, page === BASELINE);
    if (again) {
      await tab.goto(url + page);
      await settled(cdp);
      await tab.waitForTimeout(1000);
    }
    await tab.goto(url + page);
    await settled(cdp);
    // Main-thread time spent in script, style and layout up to now: the page's own work,
    // less sensitive than wall time to other processes on a shared machine. Read before
    // anything else runs in the page, and the marks through the protocol too (a playwright
    // `evaluate` would inject its script first, and that would count here).
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: 'JSON.stringify({ painted: window.__painted, rendered: window.__rendered, failed: window.__failed })',
      returnByValue: true,
    });
    const { painted, rendered, failed } = JSON.parse(result.value);
    if (failed) throw new Error(`${page}: the chart failed: ${failed.title}: ${failed.message}`);
    return { painted, rendered, cpu: (m.ScriptDuration + m.RecalcStyleDuration + m.LayoutDuration) * 1000 };
  } finally {
    await context.close();
  }
}

const results = [];
const repeats = [];
try {
  for (const [list, again] of [[results, false], ...(repeat ? [[repeats, true]] : [])]) {
    for (const page of pages) {
      const rows = servers.map(({ name }) => ({ page, name, runs: [] }));
      // Alternate the builds run by run, so a burst of load hits both.
      for (let i = 0; i < runs; i++) {
        for (const [k, { url }] of servers.entries()) rows[k].runs.push(await once(url, page, again));
      }
      list.push(...rows);
    }
  }
} finally {
  await browser.close();
  for (const { server } of servers) server.close();
}

console.log('bytes a browser downloads (gzip -9 on the fly / pkg/\'s .gz by zopfli / brotli 11):');
for (const f of files) console.log(`  ${f.padEnd(16)} ${String(bytes[f]).padStart(7)} B / ${String(gzShipped[f]).padStart(7)} B / ${String(brotli[f]).padStart(7)} B`);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`  total            ${String(total).padStart(7)} B / ${String(totalShipped).padStart(7)} B / ${String(totalBr).padStart(7)} B`);
console.log(`  = ${kib(total)} gzip -9, ${kib(totalShipped)} .gz, ${kib(totalBr)} brotli (goal ≤ 90 KiB gzip)`);
console.log(`load average during the runs: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} on ${os.cpus().length} CPUs`);
const report = (rows) => {
  for (const { page, name, runs: r } of rows) {
    const painted = r.map((x) => x.painted);
    const label = (page === BASELINE ? `${page} (no chart)` : page === PEER ? `${page} (peer)` : page) + (servers.length > 1 ? ` [${name}]` : '');
    console.log(`  ${label.padEnd(28)} median ${median(painted).toFixed(1)} ms  (min ${Math.min(...painted).toFixed(1)}, max ${Math.max(...painted).toFixed(1)}); rendered ${median(r.map((x) => x.rendered)).toFixed(1)} ms; script + style + layout ${median(r.map((x) => x.cpu)).toFixed(1)} ms`);
  }
};
console.log(`navigation → chart painted, median of ${runs} first visits, fresh context each (goal ≤ 100 ms):`);
report(results);
if (repeat) {
  console.log(`the same, repeat visits (second load in the context: HTTP cache and compiled wasm reused):`);
  report(repeats);
}
