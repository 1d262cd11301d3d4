// The demo page's pickers: fill them from the published file and update the chart.
import { PccSpc } from './pkg/pcc-spc.js';

const chart = document.getElementById('chart');
const breakdown = document.getElementById('breakdown');
const measureSelect = document.getElementById('measure');
const areaSelect = document.getElementById('area');
const params = new URLSearchParams(location.hash.slice(1));

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  select.append(o);
}

try {
  const { measures, areas } = await PccSpc.describe(chart.getAttribute('src'));
  const areaName = new Map(areas.map((a) => [a.code, a.name]));
  for (const m of measures) option(measureSelect, m.id, `${m.id} ${m.name}`);
  const fillAreas = () => {
    const measure = measures.find((m) => m.id === measureSelect.value) ?? measures[0];
    const keep = areaSelect.value || chart.getAttribute('area') || params.get('area');
    areaSelect.replaceChildren();
    for (const code of measure.areas) option(areaSelect, code, areaName.get(code) ?? code);
    if (measure.areas.includes(keep)) areaSelect.value = keep;
  };
  measureSelect.value = params.get('measure') || chart.getAttribute('measure') || measures[0].id;
  fillAreas();
  const update = () => {
    chart.setAttribute('measure', measureSelect.value);
    chart.setAttribute('area', areaSelect.value);
    if (breakdown && breakdown.getAttribute('measure') !== measureSelect.value) {
      breakdown.setAttribute('measure', measureSelect.value);
    }
    history.replaceState(null, '', `#measure=${encodeURIComponent(measureSelect.value)}&area=${encodeURIComponent(areaSelect.value)}`);
  };
  measureSelect.addEventListener('change', () => { fillAreas(); update(); });
  areaSelect.addEventListener('change', update);
  // Choosing an area in the breakdown (map, ranking or its small chart) shows its full chart.
  breakdown?.addEventListener('pcc-area-select', (e) => {
    if ([...areaSelect.options].some((o) => o.value === e.detail.area)) {
      areaSelect.value = e.detail.area;
      update();
      chart.scrollIntoView({ block: 'start' });
    }
  });
  update();
} catch {
  // The chart element shows what went wrong; the pickers stay empty.
  document.getElementById('pickers').hidden = true;
}
