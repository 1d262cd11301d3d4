#!/usr/bin/env node
// Where a cold load's main-thread time goes (a tool, not a test): CPU profiles (DevTools
// Profiler, 100 µs sampling) of fresh-context loads, self and inclusive time per function,
// averaged over the runs.
//   node scripts/profile-web.mjs ROOT [RUNS=5] [PAGE=/embed.html?measure=3.1]
// ROOT is a checkout whose www/ and pkg/ are served. For Rust names, build pkg/ with names:
//   wasm-bindgen target/wasm32-unknown-unknown/wasm-release/pcc_spc.wasm --target web \
//     --keep-debug --out-dir DIR/pkg && wasm-opt DIR/pkg/pcc_spc_bg.wasm -Oz -g -o ... (the
//   same --enable-* flags as ./run build), and copy js/pcc-spc.js beside it.
// performance.mark()s the page makes (e.g. an instrumented copy of the loader) are printed
// per run. Environment: WITHIN=name keeps only samples under that function; CALLERS=name
// prints its callers; TIMELINE=1 prints the busiest functions per 10 ms; REPEAT=1 profiles the
// second load in the context (a repeat visit: HTTP cache and compiled wasm reused).
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { pageValue } from './page-wait.mjs';
const pkg = process.argv[2] || 'pkg';
const runs = Number(process.argv[3] || 5);
const page = process.argv[4] || '/embed.html?measure=3.1';
const { server, url } = await serve({ port: 0, root: pkg, cache: !!process.env.REPEAT });
for (const p of ['/embed.html', '/embed.js', '/site.css', '/data/llr.json', '/pkg/pcc-spc.js', '/pkg/pcc_spc.js', '/pkg/pcc_spc_bg.wasm']) await fetch(url + p).then((r) => r.arrayBuffer());
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'] });
const self = new Map();
const total = new Map();
let marksAll = [];
for (let r = 0; r < runs; r++) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  if (process.env.REPEAT) {
    await tab.addInitScript(() => document.addEventListener('pcc-spc-render', () => { window.__first = 1; }));
    await tab.goto(url + page);
    await pageValue(cdp, 'window.__first');
    await tab.goto('about:blank');
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await tab.addInitScript(() => {
    document.addEventListener('pcc-spc-render', () => { window.__rendered = performance.now(); requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => { window.__painted = performance.now(); }; c.port2.postMessage(0); }); });
  });
  await tab.goto(url + page);
  await pageValue(cdp, 'window.__painted');
  const { profile } = await cdp.send('Profiler.stop');
  const t = await tab.evaluate(() => ({ r: window.__rendered, p: window.__painted, dcl: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd), marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])), res: performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), Math.round(e.responseEnd)]) }));
  marksAll.push(t);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) || 0) + (profile.timeDeltas[i] || 0) / 1000);
  for (const [id, ms] of dt) {
    const n = byId.get(id);
    const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
    self.set(name, (self.get(name) || 0) + ms / runs);
  }
  // inclusive time
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  for (const [id, ms] of dt) {
    if (process.env.WITHIN) {
      let inside = false;
      for (let cur = id; cur !== undefined && !inside; cur = parent.get(cur)) inside = byId.get(cur).callFrame.functionName.includes(process.env.WITHIN);
      if (!inside) continue;
    }
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) || 0) + ms / runs);
    }
  }
  if (process.env.CALLERS) {
    // Inclusive time of each caller chain (3 deep) of the named function.
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    const nm = (id) => byId.get(id).callFrame.functionName.slice(0, 50);
    const chains = new Map();
    for (const [id, ms] of dt) {
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        if (!nm(cur).includes(process.env.CALLERS)) continue;
        const c = [];
        for (let p = parent.get(cur), k = 0; p !== undefined && k < 4; p = parent.get(p), k++) c.push(nm(p));
        chains.set(c.join(' < '), (chains.get(c.join(' < ')) || 0) + ms);
        break;
      }
    }
    for (const [c, ms] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(ms.toFixed(1).padStart(6), c);
  }
  if (process.env.TIMELINE) {
    // 10 ms buckets: the three functions with most self time in each.
    let t = 0;
    const buckets = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      t += (profile.timeDeltas[i] || 0) / 1000;
      const b = Math.floor(t / 10);
      const n = byId.get(profile.samples[i]);
      let name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
      const m = buckets.get(b) || new Map();
      m.set(name, (m.get(name) || 0) + (profile.timeDeltas[i + 1] || 0) / 1000);
      buckets.set(b, m);
    }
    for (const [b, m] of buckets) console.log(String(b * 10).padStart(5), [...m].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([n, ms]) => `${n.slice(0, 40)} ${ms.toFixed(1)}`).join(' | '));
  }
  await context.close();
}
await browser.close(); server.close();
for (const t of marksAll) console.log(JSON.stringify(t));
const top = (m, k) => [...m].filter(([n]) => !['(idle)', '(program)', '(root)'].includes(n) || k === 'self').sort((a, b) => b[1] - a[1]).slice(0, 45);
console.log('--- self ms/run'); for (const [n, ms] of top(self, 'self')) console.log(ms.toFixed(1).padStart(7), n.slice(0, 110));
console.log('--- inclusive ms/run'); for (const [n, ms] of top(total)) console.log(ms.toFixed(1).padStart(7), n.slice(0, 110));
