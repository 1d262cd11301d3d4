// The custom element's contract for hosts: one fetch and one parse per URL however many
// charts use it, attributes (period, profile) and their errors, the JS API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, waitForChart, expectNoErrors } from './helpers.mjs';

let env;
let page;
const requests = [];
before(async () => {
  env = await setup();
  page = await openPage(env.browser);
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${env.url}/test/shared.html`);
  for (const id of ['a', 'b', 'c', 'bad-period', 'bad-profile']) await waitForChart(page, `#${id}`);
});
after(async () => env?.close());

const text = (id, part) => page.evaluate(([id, part]) => document.getElementById(id).shadowRoot.getElementById(part)?.textContent, [id, part]);

test('several charts share one wasm download and one fetch of the data file', async () => {
  assert.equal(requests.filter((p) => p === '/data/llr.json').length, 1);
  assert.equal(requests.filter((p) => p.endsWith('.wasm')).length, 1);
  assert.equal(await text('a', 'title'), 'All crime excluding anti-social behaviour: Leicester');
  assert.equal(await text('b', 'title'), 'Burglary: Blaby');
  assert.equal(await text('c', 'title'), 'Anti-social behaviour incidents: Leicestershire Police');
});

test('the period attribute sets the months shown and the period control', async () => {
  const sel = await page.evaluate(() => {
    const r = document.getElementById('b').shadowRoot;
    return [r.getElementById('from').value, r.getElementById('to').value];
  });
  assert.deepEqual(sel, ['2021-01', '2022-06']);
  const first = await page.evaluate(() => {
    const el = document.getElementById('b');
    return [el.pointPosition(12), el.pointPosition(13)];
  });
  assert.equal(first[0], undefined, 'December 2020 is not shown');
  assert.ok(Array.isArray(first[1]), 'January 2021 is shown');
});

test('the near-limits attribute draws the near limits, and removing it takes them away', async () => {
  const pixels = () => page.evaluate(() => document.getElementById('a').shadowRoot.getElementById('canvas').toDataURL());
  const set = (on) => page.evaluate(async (on) => {
    const el = document.getElementById('a');
    if (on) el.setAttribute('near-limits', '');
    else el.removeAttribute('near-limits');
    await el.rendered;
  }, on);
  const without = await pixels();
  await set(true);
  const near = await pixels();
  assert.notEqual(near, without, 'the chart changed');
  await set(false);
  assert.equal(await pixels(), without, 'back as it was');
  // The JS API's nearLimits maps to the attribute.
  const attr = await page.evaluate(async () => {
    const el = await PccSpc.render(document.getElementById('a'), { nearLimits: true });
    const on = el.getAttribute('near-limits');
    await PccSpc.render(el, { nearLimits: false });
    return [on, el.hasAttribute('near-limits')];
  });
  assert.deepEqual(attr, ['true', false]);
  expectNoErrors(page);
});

test('a new src shows the new file, even for the same measure and area', async () => {
  const summary = () => text('a', 'summary');
  const setSrc = (src) => page.evaluate(async (src) => {
    const el = document.getElementById('a');
    el.setAttribute('src', src);
    await el.rendered;
  }, src);
  const before = await summary();
  await setSrc('/test/sample.json'); // also has measure 3.1 for E06000016, other values
  const after = await summary();
  assert.notEqual(after, before);
  assert.equal(await page.evaluate(() => document.getElementById('a').shadowRoot.getElementById('error')?.hidden ?? true), true, 'no error shown');
  await setSrc('/data/llr.json');
  assert.equal(await summary(), before);
  expectNoErrors(page);
});

test('a bad period or profile says what to write instead', async () => {
  assert.match(await text('bad-period', 'error-detail'), /2030-01/);
  assert.match(await text('bad-period', 'error-detail'), /YYYY-MM\/YYYY-MM/);
  assert.match(await text('bad-profile', 'error-detail'), /excel/);
  assert.match(await text('bad-profile', 'error-detail'), /mdc, nhsr, powerbi or qicharts2/);
});

test('changing attributes re-renders; PccSpc.render and describe work for hosts', async () => {
  await page.evaluate(async () => {
    const el = document.getElementById('a');
    el.setAttribute('area', 'E07000130');
    await el.rendered;
  });
  assert.equal(await text('a', 'title'), 'All crime excluding anti-social behaviour: Charnwood');
  const api = await page.evaluate(async () => {
    const host = document.getElementById('host');
    const el = await window.PccSpc.render(host, { src: '/data/llr.json', measure: '3.11', area: 'E06000017' });
    const d = await window.PccSpc.describe('/data/llr.json');
    return {
      tag: el.tagName,
      title: el.shadowRoot.getElementById('title').textContent,
      measures: d.measures.length,
      firstArea: d.areas[0],
      warning: d.warnings.some((w) => /trial limits/.test(w.message)),
    };
  });
  assert.deepEqual(api, {
    tag: 'PCC-SPC-CHART',
    title: 'Shoplifting: Rutland',
    measures: 30,
    firstArea: { code: 'E23000021', name: 'Leicestershire Police', kind: 'force' },
    warning: true,
  });
  assert.equal(requests.filter((p) => p === '/data/llr.json').length, 1, 'still one fetch');
  expectNoErrors(page);
});
