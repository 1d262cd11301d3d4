// Shared by the end-to-end tests: a static server on an ephemeral port and Debian's Chromium
// driven by playwright-core. Every page records console errors and uncaught exceptions, and
// `expectNoErrors` fails a test that produced any.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Starts the server (www/ at /, pkg/ at /pkg/, the test pages at /test/) and a browser. */
export async function setup() {
  if (!fs.existsSync(path.join(ROOT, 'pkg/pcc_spc_bg.wasm'))) {
    throw new Error('pkg/ is not built: run ./run build first');
  }
  const { server, url } = await serve({ port: 0, mounts: [['/test/', 'tests/e2e/pages']] });
  const browser = await launch();
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A new page that records console errors, page errors and failed requests. */
export async function openPage(browser, { viewport = { width: 1200, height: 900 }, colorScheme = 'light', reducedMotion, forcedColors, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion, forcedColors, deviceScaleFactor });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  return page;
}

export function expectNoErrors(page, allowed = []) {
  const left = page.errors.filter((e) => !allowed.some((re) => re.test(e)));
  assert.deepEqual(left, [], `unexpected console errors:\n${left.join('\n')}`);
}

/** Waits until a <pcc-spc-chart> has shown a chart or a problem. */
export async function waitForChart(page, selector = 'pcc-spc-chart') {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      const root = el?.shadowRoot;
      if (!root) return false;
      const chart = root.querySelector('.chart');
      const error = root.getElementById('error');
      return (chart && !chart.hidden && root.getElementById('title')?.textContent) || (error && !error.hidden);
    },
    selector,
    { timeout: 20000 },
  );
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, name);
}
