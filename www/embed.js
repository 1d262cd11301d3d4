// embed.html?measure=…&area=…[&profile=…][&period=…][&src=…]: one chart for CMSs that only
// allow iframes. Tells the parent page its height (postMessage) so the iframe fits the chart.
const chart = document.getElementById('chart');
const params = new URLSearchParams(location.search);
for (const name of ['src', 'measure', 'area', 'profile', 'period']) {
  const value = params.get(name);
  if (value) chart.setAttribute(name, value);
}

// The page's heading and title name the chart shown (the chart's own heading is inside it).
chart.addEventListener('pcc-spc-render', () => {
  const name = chart.shadowRoot.getElementById('title')?.textContent;
  if (name) {
    document.getElementById('page-title').textContent = name;
    document.title = `${name} — police performance chart`;
  }
});

let last = 0;
function postHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === last || window.parent === window) return;
  last = height;
  // The height is not secret: any page may embed this one and learn it.
  window.parent.postMessage({ type: 'pcc-spc-height', height, href: location.href }, '*');
}
new ResizeObserver(postHeight).observe(document.documentElement);
addEventListener('load', postHeight);
