// Every kind of failure shows a readable message in its own element, and a chart next to
// the failures (and next to a panic) keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { setup, openPage, waitForChart } from './helpers.mjs';

let env;
let page;
before(async () => {
  env = await setup();
  // A port nothing listens on: the fetch fails with "connection refused".
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const closedPort = probe.address().port;
  await new Promise((r) => probe.close(r));
  page = await openPage(env.browser);
  await page.goto(`${env.url}/test/errors.html`);
  await page.evaluate((port) => document.getElementById('network').setAttribute('src', `http://127.0.0.1:${port}/unreachable.json`), closedPort);
  for (const id of ['missing', 'network', 'broken', 'invalid', 'latin1', 'measure', 'area', 'panic', 'working']) {
    await waitForChart(page, `#${id}`);
  }
});
after(async () => env?.close());

async function problem(id) {
  return page.evaluate((id) => {
    const root = document.getElementById(id).shadowRoot;
    const box = root.getElementById('error');
    return {
      visible: !!box && !box.hidden && box.getBoundingClientRect().height > 0,
      role: box?.getAttribute('role'),
      title: root.getElementById('error-title')?.textContent,
      detail: root.getElementById('error-detail')?.textContent,
      check: root.getElementById('error-check')?.textContent,
    };
  }, id);
}

test('a 404 says the file could not be loaded and what to check', async () => {
  const p = await problem('missing');
  assert.ok(p.visible);
  assert.equal(p.role, 'alert');
  assert.match(p.title, /could not be loaded/);
  assert.match(p.detail, /404/);
  assert.match(p.detail, /does-not-exist\.json/);
  assert.match(p.check, /src attribute/);
});

test('a network failure says the file could not be reached and mentions CORS', async () => {
  const p = await problem('network');
  assert.ok(p.visible);
  assert.match(p.title, /could not be reached/);
  assert.match(p.check, /CORS/);
});

test('invalid JSON is reported as such', async () => {
  const p = await problem('broken');
  assert.ok(p.visible);
  assert.match(p.title, /not valid JSON/);
});

test('a file that is not UTF-8 names the byte and where it is', async () => {
  const p = await problem('latin1');
  assert.ok(p.visible);
  assert.match(p.title, /not valid JSON/);
  // The fixture is sample.json (one line) with the "o" of "Sample Force" replaced by the
  // byte 0xE9 (Latin-1 "é"): "Sample Férce" to a Latin-1 reader, not UTF-8.
  const column = fs.readFileSync(new URL('./pages/latin1.json', import.meta.url)).indexOf(0xe9) + 1;
  assert.ok(p.detail.includes(`not UTF-8 text: byte 0xE9 at line 1 column ${column} of `), p.detail);
  assert.match(p.detail, /latin1\.json/);
  assert.match(p.check, /Save or publish the file as UTF-8/);
});

test('a validation error names the place', async () => {
  const p = await problem('invalid');
  assert.ok(p.visible);
  assert.match(p.title, /has an error/);
  assert.match(p.detail, /measures\[0\]\.series\[0\]\.values\[4\]/);
  assert.match(p.detail, /3\.1/);
  assert.match(p.detail, /2022-05/);
});

test('an unknown measure lists the measures that exist', async () => {
  const p = await problem('measure');
  assert.ok(p.visible);
  assert.match(p.detail, /9\.9/);
  assert.match(p.detail, /3\.1/);
  assert.match(p.detail, /3\.5/);
});

test('an unknown area lists the areas with data', async () => {
  const p = await problem('area');
  assert.ok(p.visible);
  assert.match(p.detail, /E07000129/);
  assert.match(p.detail, /E23000021 \(Sample Force\)/);
  assert.match(p.detail, /E06000016 \(Leicester\)/);
});

test('a panic is shown in its element and the other charts keep working', async () => {
  await page.evaluate(() => document.getElementById('panic').__panicForTests());
  const p = await problem('panic');
  assert.ok(p.visible);
  assert.match(p.title, /internal error/);
  assert.match(p.detail, /deliberate panic/);
  // The working chart still answers: change its area and it redraws.
  await page.evaluate(() => document.getElementById('working').setAttribute('area', 'E06000016'));
  await page.evaluate(() => document.getElementById('working').rendered);
  const ok = await page.evaluate(() => {
    const root = document.getElementById('working').shadowRoot;
    return { chart: !root.querySelector('.chart').hidden, error: root.getElementById('error').hidden };
  });
  assert.deepEqual(ok, { chart: true, error: true });
  // And the panicked element recovers when its attributes change.
  await page.evaluate(() => document.getElementById('panic').setAttribute('area', 'E06000016'));
  await page.evaluate(() => document.getElementById('panic').rendered);
  const recovered = await page.evaluate(() => document.getElementById('panic').shadowRoot.getElementById('error').hidden);
  assert.equal(recovered, true);
});

test("a CSP without 'wasm-unsafe-eval' gives a message naming it, not a blank box", async () => {
  const other = await (await import('./helpers.mjs')).openPage(env.browser);
  await other.goto(`${env.url}/test/csp-no-wasm.html`);
  await waitForChart(other);
  const p = await other.evaluate(() => {
    const root = document.querySelector('pcc-spc-chart').shadowRoot;
    const box = root.getElementById('error');
    return { visible: !box.hidden && box.getBoundingClientRect().height > 0, title: root.getElementById('error-title').textContent, check: root.getElementById('error-check').textContent };
  });
  assert.ok(p.visible);
  assert.match(p.title, /module could not be loaded/);
  assert.match(p.check, /wasm-unsafe-eval/);
  assert.match(p.check, /application\/wasm/);
  await other.context().close();
});
