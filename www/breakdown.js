// Demo page of <pcc-area-breakdown>: a measure picker, and the chosen area's full chart.
import { PccSpc } from './pkg/pcc-spc.js';

const breakdown = document.getElementById('breakdown');
const chart = document.getElementById('chosen');
const picker = document.getElementById('measure');

const { measures } = await PccSpc.describe(breakdown.getAttribute('src'));
for (const m of measures) picker.append(new Option(`${m.id} ${m.name}`, m.id));
picker.value = breakdown.getAttribute('measure');
picker.addEventListener('change', () => {
  breakdown.setAttribute('measure', picker.value);
  chart.setAttribute('measure', picker.value);
});

breakdown.addEventListener('pcc-area-select', (e) => {
  chart.setAttribute('measure', e.detail.measure);
  chart.setAttribute('area', e.detail.area);
  document.getElementById('chosen-heading').textContent = `Chart of the chosen area: ${e.detail.name}`;
});
