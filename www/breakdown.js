// Demo page of <pcc-area-breakdown>: a measure picker, the chosen area's full chart, and deep
// links: the URL hash keeps measure, period, colouring and area
// (e.g. #measure=3.1&period=12m&colour=spc&area=E06000016), so a shared link reopens the view.
import { PccSpc } from './pkg/pcc-spc.js';

const breakdown = document.getElementById('breakdown');
const chart = document.getElementById('chosen');
const picker = document.getElementById('measure');
const heading = document.getElementById('chosen-heading');

const KEYS = ['measure', 'period', 'colour', 'area'];
const state = Object.fromEntries(KEYS.map((k) => [k, breakdown.getAttribute(k) || chart.getAttribute(k) || '']));

function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  for (const k of KEYS) if (h.get(k)) state[k] = h.get(k);
}

function writeHash() {
  const h = new URLSearchParams();
  for (const k of KEYS) if (state[k]) h.set(k, state[k]);
  history.replaceState(null, '', `#${h}`);
}

function apply() {
  for (const k of ['measure', 'period', 'colour']) {
    if (state[k] && breakdown.getAttribute(k) !== state[k]) breakdown.setAttribute(k, state[k]);
  }
  if (state.measure && chart.getAttribute('measure') !== state.measure) chart.setAttribute('measure', state.measure);
  if (state.area && chart.getAttribute('area') !== state.area) chart.setAttribute('area', state.area);
  picker.value = state.measure;
}

const { measures, areas } = await PccSpc.describe(breakdown.getAttribute('src'));
for (const m of measures) picker.append(new Option(`${m.id} ${m.name}`, m.id));
readHash();
apply();
const named = areas.find((a) => a.code === state.area);
if (named) heading.textContent = `Chart of the chosen area: ${named.name}`;

picker.addEventListener('change', () => {
  state.measure = picker.value;
  apply();
  writeHash();
});
breakdown.addEventListener('pcc-breakdown-change', (e) => {
  Object.assign(state, { period: e.detail.period, colour: e.detail.colour });
  writeHash();
});
breakdown.addEventListener('pcc-area-select', (e) => {
  state.area = e.detail.area;
  state.measure = e.detail.measure;
  apply();
  writeHash();
  heading.textContent = `Chart of the chosen area: ${e.detail.name}`;
});
window.addEventListener('hashchange', () => {
  readHash();
  apply();
});
