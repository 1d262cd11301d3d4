// The demo page on the embedded LLR data, as a resident uses it: keyboard, pointer, table,
// downloads, pickers, period control; axe-core; screenshots at desktop width, 320 px, dark
// mode and forced colours (saved under tests/e2e/screenshots/, git-ignored: look at them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, openPage, waitForChart, expectNoErrors, screenshotPath, ROOT } from './helpers.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let env;
before(async () => { env = await setup(); });
after(async () => env?.close());

async function demo(options = {}, url = '/index.html') {
  const page = await openPage(env.browser, options);
  await page.goto(env.url + url);
  await waitForChart(page, '#chart');
  await page.evaluate(() => document.getElementById('chart').rendered);
  return page;
}

const live = (page) => page.evaluate(() => document.getElementById('chart').shadowRoot.getElementById('live').textContent);
const tooltip = (page) => page.evaluate(() => {
  const t = document.getElementById('chart').shadowRoot.getElementById('tooltip');
  const r = t.getBoundingClientRect();
  return { hidden: t.hidden, text: t.textContent, rect: { x: r.x, y: r.y, w: r.width, h: r.height } };
});
const focusedId = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.id === 'chart' ? `chart#${el.shadowRoot.activeElement?.id}` : el?.id;
});

async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(result, [], `axe-core violations:\n${result.join('\n')}`);
}

test('the demo loads with no console error and shows the force chart', async () => {
  const page = await demo();
  const title = await page.evaluate(() => document.getElementById('chart').shadowRoot.getElementById('title').textContent);
  assert.equal(title, 'All crime excluding anti-social behaviour: Leicestershire Police');
  const summary = await page.evaluate(() => document.getElementById('chart').shadowRoot.getElementById('summary').textContent);
  assert.match(summary, /October 2022/);
  expectNoErrors(page);
  await page.context().close();
});

test('Tab reaches the chart, arrows read the months through the live region, Tab leaves', async () => {
  const page = await demo();
  for (let i = 0; i < 8 && (await focusedId(page)) !== 'chart#canvas'; i++) await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'chart#canvas');
  const ring = await page.evaluate(() => {
    const c = document.getElementById('chart').shadowRoot.getElementById('canvas');
    const st = getComputedStyle(c);
    return { style: st.outlineStyle, width: parseFloat(st.outlineWidth), label: c.getAttribute('aria-label'), role: c.getAttribute('role') };
  });
  assert.equal(ring.style, 'solid', 'a visible focus ring');
  assert.ok(ring.width >= 2);
  assert.equal(ring.role, 'application');
  assert.match(ring.label, /^SPC chart: All crime excluding anti-social behaviour: Leicestershire Police, December 2019 to October 2022/);
  await page.keyboard.press('Home');
  assert.match(await live(page), /^December 2019: 7,3\d\d/);
  await page.keyboard.press('ArrowRight');
  assert.match(await live(page), /^January 2020/);
  await page.keyboard.press('ArrowRight');
  assert.match(await live(page), /^February 2020/);
  await page.keyboard.press('End');
  const last = await live(page);
  // October 2022 is above the upper limit: a special cause of concern, said in words.
  assert.match(last, /^October 2022: 9,050/);
  assert.match(last, /concern/i);
  const tip = await tooltip(page);
  assert.equal(tip.hidden, false, 'the cursor opens the tooltip');
  assert.match(tip.text, /October 2022/);
  await page.keyboard.press('Escape');
  assert.equal((await tooltip(page)).hidden, true, 'Escape dismisses the tooltip');
  await page.keyboard.press('Tab');
  assert.notEqual(await focusedId(page), 'chart#canvas', 'Tab leaves the chart');
  expectNoErrors(page);
  await page.context().close();
});

test('hovering a point shows a tooltip that can be hovered and dismissed with Escape', async () => {
  const page = await demo();
  const at = await page.evaluate(() => {
    const el = document.getElementById('chart');
    const i = el.monthCount - 1;
    const [x, y] = el.pointPosition(i);
    const r = el.shadowRoot.getElementById('canvas').getBoundingClientRect();
    return { x: r.x + x, y: r.y + y };
  });
  await page.mouse.move(at.x - 40, at.y - 40);
  await page.mouse.move(at.x, at.y, { steps: 4 });
  let tip = await tooltip(page);
  assert.equal(tip.hidden, false);
  assert.match(tip.text, /October 2022/);
  assert.match(tip.text, /9,050/);
  assert.match(tip.text, /upper limit|above/i);
  // Hoverable: the pointer can move onto the tooltip and it stays.
  await page.mouse.move(tip.rect.x + tip.rect.w / 2, tip.rect.y + tip.rect.h / 2, { steps: 6 });
  tip = await tooltip(page);
  assert.equal(tip.hidden, false, 'the tooltip stays while hovered');
  await page.keyboard.press('Escape');
  assert.equal((await tooltip(page)).hidden, true, 'Escape dismisses it');
  expectNoErrors(page);
  await page.context().close();
});

test('the data table marks the special-cause month in words', async () => {
  const page = await demo();
  const toggle = page.locator('#chart').locator('#table-toggle');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await toggle.textContent(), 'Hide data table');
  const row = await page.evaluate(() => {
    const root = document.getElementById('chart').shadowRoot;
    const rows = [...root.querySelectorAll('#tbody tr')];
    const oct = rows.find((r) => r.querySelector('th').textContent === 'Oct 2022');
    const mar20 = rows.find((r) => r.querySelector('th').textContent === 'Dec 2019');
    return { count: rows.length, oct: oct && [...oct.cells].map((c) => c.textContent), first: mar20 && [...mar20.cells].map((c) => c.textContent) };
  });
  assert.equal(row.count, 35, 'one row per month, December 2019 to October 2022');
  assert.equal(row.oct[1], '9,050');
  assert.match(row.oct[5], /special cause/i);
  assert.match(row.oct[5], /concern/i);
  assert.doesNotMatch(row.first[5], /special cause/i);
  await axe(page);
  expectNoErrors(page);
  await page.context().close();
});

test('CSV and PNG downloads', async () => {
  const page = await demo();
  const chart = page.locator('#chart');
  const [csv] = await Promise.all([page.waitForEvent('download'), chart.locator('#csv').click()]);
  assert.equal(csv.suggestedFilename(), 'pcc-spc-3.1-E23000021.csv');
  const text = fs.readFileSync(await csv.path(), 'utf8');
  // A byte order mark first, so Excel reads the file as UTF-8 (en dashes, accents).
  assert.equal(text.charCodeAt(0), 0xfeff);
  const lines = text.trim().split(/\r\n/);
  assert.match(lines[0], /^month,value,average/);
  assert.equal(lines.length, 36);
  assert.match(lines.at(-1), /^2022-10,9050,/);
  const [png] = await Promise.all([page.waitForEvent('download'), chart.locator('#png').click()]);
  assert.equal(png.suggestedFilename(), 'pcc-spc-3.1-E23000021.png');
  const bytes = fs.readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  assert.ok(bytes.length > 5000);
  expectNoErrors(page);
  await page.context().close();
});

test('the pickers and the period control update the chart', async () => {
  const page = await demo();
  await page.selectOption('#measure', '3.3');
  await page.selectOption('#area', 'E06000016');
  await page.evaluate(() => document.getElementById('chart').rendered);
  const title = await page.evaluate(() => document.getElementById('chart').shadowRoot.getElementById('title').textContent);
  assert.equal(title, 'Burglary: Leicester');
  await page.locator('#chart').locator('#from').selectOption('2021-01');
  assert.equal(await live(page), 'Showing January 2021 to October 2022.');
  // The cursor now starts at the first month shown.
  await page.locator('#chart').locator('#canvas').focus();
  await page.keyboard.press('Home');
  assert.match(await live(page), /^January 2021/);
  expectNoErrors(page);
  await page.context().close();
});

test('desktop: axe-core finds no violation; screenshot', async () => {
  const page = await demo();
  await axe(page);
  await page.screenshot({ path: screenshotPath('demo-desktop.png'), fullPage: true });
  expectNoErrors(page);
  await page.context().close();
});

test('320 CSS px: no horizontal scrolling, axe-core clean; screenshot', async () => {
  const page = await demo({ viewport: { width: 320, height: 800 } });
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: innerWidth }));
  assert.ok(widths.doc <= widths.view, `page is ${widths.doc} px wide at ${widths.view} px`);
  await axe(page);
  await page.screenshot({ path: screenshotPath('demo-320.png'), fullPage: true });
  expectNoErrors(page);
  await page.context().close();
});

test('dark mode: dark chart, axe-core clean; screenshot', async () => {
  const page = await demo({ colorScheme: 'dark' });
  const corner = await page.evaluate(() => {
    const c = document.getElementById('chart').shadowRoot.getElementById('canvas');
    const d = c.getContext('2d').getImageData(2, 2, 1, 1).data;
    return [...d];
  });
  assert.ok(corner[0] < 80 && corner[1] < 80 && corner[2] < 80, `canvas background ${corner} is not dark`);
  await axe(page);
  await page.screenshot({ path: screenshotPath('demo-dark.png'), fullPage: true });
  expectNoErrors(page);
  await page.context().close();
});

test('forced colours and reduced motion; screenshot', async () => {
  const page = await demo({ forcedColors: 'active', reducedMotion: 'reduce' });
  await page.screenshot({ path: screenshotPath('demo-forced-colours.png'), fullPage: true });
  expectNoErrors(page);
  await page.context().close();
});

test('high-DPI: the backing store is CSS size × devicePixelRatio', async () => {
  const page = await demo({ deviceScaleFactor: 2 });
  const s = await page.evaluate(() => {
    const c = document.getElementById('chart').shadowRoot.getElementById('canvas');
    const r = c.getBoundingClientRect();
    return { w: c.width, h: c.height, cw: r.width, ch: r.height };
  });
  assert.equal(s.w, Math.round(Math.floor(s.cw) * 2));
  assert.equal(s.h, Math.round(Math.floor(s.ch) * 2));
  // Resizing the container redraws at the new width.
  await page.setViewportSize({ width: 700, height: 900 });
  await page.waitForFunction((before) => {
    const c = document.getElementById('chart').shadowRoot.getElementById('canvas');
    return c.width !== before;
  }, s.w);
  const after = await page.evaluate(() => {
    const c = document.getElementById('chart').shadowRoot.getElementById('canvas');
    return { w: c.width, cw: c.getBoundingClientRect().width };
  });
  assert.equal(after.w, Math.round(Math.floor(after.cw) * 2));
  expectNoErrors(page);
  await page.context().close();
});

test("a strict CSP (style-src 'self', 'wasm-unsafe-eval') is enough", async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.url}/test/csp.html`);
  await waitForChart(page);
  const ok = await page.evaluate(() => {
    const root = document.querySelector('pcc-spc-chart').shadowRoot;
    return { chart: !root.querySelector('.chart').hidden, title: root.getElementById('title').textContent };
  });
  assert.deepEqual(ok, { chart: true, title: 'All crime excluding anti-social behaviour: Leicester' });
  await page.locator('pcc-spc-chart').locator('#canvas').focus();
  await page.keyboard.press('End');
  expectNoErrors(page); // a CSP violation is a console error
  await page.context().close();
});

test('the iframe embed tells its parent its height: no scroll bars', async () => {
  const page = await openPage(env.browser);
  await page.goto(`${env.url}/embed-guide.html`);
  const frame = page.locator('#example-frame');
  await frame.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => Number(document.getElementById('example-frame').height) !== 640, null, { timeout: 20000 });
  const fit = await page.evaluate(() => {
    const f = document.getElementById('example-frame');
    const d = f.contentDocument.documentElement;
    return { frame: f.clientHeight, content: d.scrollHeight, title: f.title };
  });
  assert.ok(fit.content <= fit.frame, `content ${fit.content} px in a ${fit.frame} px frame`);
  assert.ok(fit.frame > 300);
  await axe(page);
  expectNoErrors(page);
  await page.context().close();
});

test('the iframe page alone: the chart from its query, axe-core clean', async () => {
  const page = await demo({ viewport: { width: 640, height: 900 } }, '/embed.html?measure=3.3&area=E06000016');
  const title = await page.evaluate(() => document.getElementById('chart').shadowRoot.getElementById('title').textContent);
  assert.equal(title, 'Burglary: Leicester');
  await axe(page);
  expectNoErrors(page);
  await page.context().close();
});

test('tapping a point opens its details (touch and click, no hover needed)', async () => {
  const page = await demo({ viewport: { width: 400, height: 800 } });
  await page.locator('#chart').locator('#canvas').scrollIntoViewIfNeeded();
  const at = await page.evaluate(() => {
    const el = document.getElementById('chart');
    const [x, y] = el.pointPosition(3); // March 2020
    const r = el.shadowRoot.getElementById('canvas').getBoundingClientRect();
    return { x: r.x + x, y: r.y + y };
  });
  await page.mouse.click(at.x, at.y);
  const tip = await tooltip(page);
  assert.equal(tip.hidden, false);
  assert.match(tip.text, /March 2020/);
  expectNoErrors(page);
  await page.context().close();
});

test('the demo keeps measure and area in the URL hash, so a shared link reopens the same chart', async () => {
  const page = await demo({}, '/index.html#measure=3.3&area=E07000131');
  await page.waitForFunction(() => document.getElementById('chart').shadowRoot.getElementById('title').textContent === 'Burglary: Harborough');
  assert.equal(await page.inputValue('#measure'), '3.3');
  assert.equal(await page.inputValue('#area'), 'E07000131');
  await page.selectOption('#area', 'E06000017');
  assert.match(page.url(), /#measure=3\.3&area=E06000017$/);
  expectNoErrors(page);
  await page.context().close();
});
