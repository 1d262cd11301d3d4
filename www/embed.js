// embed.html?measure=…&area=…[&profile=…][&period=…][&near-limits=true][&src=…]: one chart for CMSs that only
// allow iframes; embed.html?view=breakdown&measure=…[&period=…][&colour=…][&profile=…][&src=…]:
// the area breakdown instead. Tells the parent page its height (postMessage) so the iframe fits.
const params = new URLSearchParams(location.search);
const breakdown = params.get('view') === 'breakdown';
let chart = document.getElementById('chart');
if (breakdown) {
  const el = document.createElement('pcc-area-breakdown');
  el.id = 'chart';
  el.setAttribute('src', chart.getAttribute('src'));
  chart.replaceWith(el);
  chart = el;
}
const names = breakdown
  ? ['src', 'measure', 'period', 'colour', 'profile']
  : ['src', 'measure', 'area', 'profile', 'period', 'near-limits'];
for (const name of names) {
  const value = params.get(name);
  if (value) chart.setAttribute(name, value);
}

// The page's heading and title name what is shown (the element's own heading is inside it).
chart.addEventListener('pcc-spc-render', () => {
  const name = chart.shadowRoot.getElementById(breakdown ? 'b-title' : 'title')?.textContent;
  if (name) {
    document.getElementById('page-title').textContent = name;
    document.title = `${name} — police performance chart`;
  }
});

let last = 0;
function postHeight(height) {
  if (window.parent === window || height === last) return;
  last = height;
  // The height is not secret: any page may embed this one and learn it.
  window.parent.postMessage({ type: 'pcc-spc-height', height, href: location.href }, '*');
}
// The observer reports the page's height after each layout (the first one included), so
// reading it forces no layout of its own, e.g. in the middle of the chart's first render.
new ResizeObserver((entries) => {
  const box = entries[entries.length - 1].borderBoxSize?.[0];
  postHeight(Math.ceil(box ? box.blockSize : document.documentElement.getBoundingClientRect().height));
}).observe(document.documentElement);
