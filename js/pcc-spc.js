// <pcc-spc-chart>: an accessible SPC chart of a Police and Crime Commissioner's published
// performance data, drawn by the pcc-spc WebAssembly module.
//
//   <script type="module" src="/pkg/pcc-spc.js"></script>
//   <pcc-spc-chart src="data.json" measure="3.1" area="E06000016"></pcc-spc-chart>
//
// All charts on a page share one wasm instance, and one fetch and parse per data URL.
// Hosts that prefer code: PccSpc.render(container, { src, measure, area, profile, period }).
import init, { PublishedData, SpcChart, AreaBreakdown, takePanic, __panicForTests } from './pcc_spc.js';

let wasmReady = null;
function wasm() {
  wasmReady ??= init({ module_or_path: new URL('./pcc_spc_bg.wasm', import.meta.url) });
  return wasmReady;
}

/** absolute URL → Promise<PublishedData>; failures are forgotten so a retry fetches again. */
const files = new Map();

/** A problem to show in the element: what is wrong, the detail, what to check. */
class Problem extends Error {
  constructor(title, detail, check) {
    super(detail);
    this.title = title;
    this.check = check;
  }
}

function load(src) {
  const url = new URL(src, document.baseURI).href;
  let entry = files.get(url);
  if (!entry) {
    entry = fetchAndParse(url);
    files.set(url, entry);
    entry.catch(() => files.delete(url));
  }
  return entry;
}

async function fetchAndParse(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Problem(
      'The data file could not be reached',
      `Fetching ${url} failed: ${e.message}.`,
      'Check the connection and the address in the src attribute. A file on another website must allow this site to read it (CORS: Access-Control-Allow-Origin) and be allowed by the page\'s Content-Security-Policy connect-src.',
    );
  }
  if (!response.ok) {
    throw new Problem(
      'The data file could not be loaded',
      `The server answered ${response.status}${response.statusText ? ' ' + response.statusText : ''} for ${url}.`,
      response.status === 404
        ? 'Check that the src attribute is the address of the published performance JSON file.'
        : 'Check that the file is published and readable, then reload the page.',
    );
  }
  const text = await response.text();
  await wasm();
  return guard(() => PublishedData.parse(text));
}

/** Runs a call into wasm, turning a Rust error or panic into a Problem. */
function guard(call) {
  try {
    return call();
  } catch (e) {
    throw toProblem(e);
  }
}

function toProblem(e) {
  if (e instanceof Problem) return e;
  if (e && e.name === 'PccSpcError') {
    const title = {
      Json: 'The data file is not valid JSON',
      Invalid: 'The data file has an error',
      SchemaVersion: 'The data file is of a version this chart cannot read',
      TooLarge: 'The data file is too large',
      NotFound: 'The chart asks for something that is not in the data file',
      Usage: 'The chart\'s settings are not valid',
    }[e.kind] || 'The chart cannot be shown';
    return new Problem(title, e.message, e.hint);
  }
  if (e instanceof WebAssembly.RuntimeError) {
    const problem = new Problem(
      'The chart stopped because of an internal error',
      takePanic() || String(e.message),
      'Please report this with the page address. Other charts on the page are not affected.',
    );
    problem.fatal = true;
    return problem;
  }
  if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError || (e && /wasm|WebAssembly/i.test(e.message))) {
    return new Problem(
      'The chart module could not be loaded',
      String(e.message),
      'The server must send pcc_spc_bg.wasm as application/wasm, and a Content-Security-Policy must allow \'wasm-unsafe-eval\' in script-src.',
    );
  }
  return new Problem('The chart cannot be shown', String(e && e.message || e), 'Reload the page; if it persists, report it with the page address.');
}

const ERROR_MARKUP = '<div class="error" id="error" role="alert"><p class="error-title" id="error-title"></p><p class="error-detail" id="error-detail"></p><p class="error-check" id="error-check"></p></div>';

function showProblem(root, problem) {
  let box = root.getElementById('error');
  if (!box) {
    root.innerHTML = ERROR_MARKUP;
    box = root.getElementById('error');
  }
  root.getElementById('error-title').textContent = problem.title;
  root.getElementById('error-detail').textContent = problem.message;
  root.getElementById('error-check').textContent = problem.check || '';
  box.hidden = false;
  const chart = root.querySelector('.chart');
  if (chart) chart.hidden = true;
}

const live = new Set();
let dprQuery = null;
function watchDpr() {
  dprQuery?.removeEventListener('change', watchDpr);
  dprQuery = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
  dprQuery.addEventListener('change', watchDpr);
  for (const el of live) el.redraw();
}

class PccSpcChart extends HTMLElement {
  static observedAttributes = ['src', 'measure', 'area', 'profile', 'period'];
  #chart = null;
  #pending = null;
  #resize = null;
  #frame = 0;
  #generation = 0;

  connectedCallback() {
    if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
    live.add(this);
    if (!dprQuery) watchDpr();
    this.#resize ??= new ResizeObserver(() => this.redraw());
    this.#resize.observe(this);
    this.#schedule();
  }

  disconnectedCallback() {
    live.delete(this);
    this.#resize?.disconnect();
    this.#chart?.free();
    this.#chart = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** Resolves when the current attributes are shown (or their problem is). */
  get rendered() {
    return this.#pending ?? Promise.resolve();
  }

  /** Redraws at the current size and DPR, at most once per frame. */
  redraw() {
    if (!this.#chart || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      try {
        this.#chart?.resize();
      } catch (e) {
        this.#fail(toProblem(e));
      }
    });
  }

  #schedule() {
    const generation = ++this.#generation;
    // Attribute changes in one task coalesce into one render.
    this.#pending = Promise.resolve().then(() => generation === this.#generation && this.#render(generation));
  }

  async #render(generation) {
    const src = this.getAttribute('src');
    try {
      if (!src) {
        throw new Problem('The chart has no data file', 'The src attribute is missing or empty.', 'Add src="…" with the address of the published performance JSON file.');
      }
      const [data] = await Promise.all([load(src), wasm(), document.fonts?.ready]);
      if (generation !== this.#generation) return;
      guard(() => {
        this.#chart ??= new SpcChart(this.shadowRoot);
        this.#chart.show(
          data,
          this.getAttribute('measure') || '',
          this.getAttribute('area') || undefined,
          this.getAttribute('profile') || undefined,
          this.getAttribute('period') || undefined,
        );
      });
      this.dispatchEvent(new CustomEvent('pcc-spc-render', { bubbles: true, composed: true }));
    } catch (e) {
      if (generation === this.#generation) this.#fail(toProblem(e));
    }
  }

  #fail(problem) {
    // After a panic the Rust object may be mid-call: drop it, a new one is made next time.
    if (problem.fatal) this.#chart = null;
    showProblem(this.shadowRoot, problem);
    this.dispatchEvent(new CustomEvent('pcc-spc-error', { bubbles: true, composed: true, detail: { title: problem.title, message: problem.message } }));
  }

  /** Test hook: panics inside this element's wasm call path. Not part of the host API. */
  __panicForTests() {
    try {
      guard(() => __panicForTests());
    } catch (e) {
      this.#fail(e);
    }
  }
}

if (!customElements.get('pcc-spc-chart')) customElements.define('pcc-spc-chart', PccSpcChart);

/**
 * Renders a chart into `target` (a <pcc-spc-chart>, or a container that gets one).
 * Resolves with the element once it shows the chart or a readable problem.
 */
async function render(target, { src, measure, area, profile, period } = {}) {
  let el = target instanceof PccSpcChart ? target : target.querySelector('pcc-spc-chart');
  if (!el) {
    el = document.createElement('pcc-spc-chart');
    target.append(el);
  }
  const attrs = { src, measure, area, profile, period };
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (value === null || value === '') el.removeAttribute(name);
    else el.setAttribute(name, String(value));
  }
  await el.rendered;
  return el;
}

/** Lists measures and areas of a published file: { measures: [{id, name, areas}], areas: [{code, name, kind}] }. */
async function describe(src) {
  const data = await load(src);
  return { measures: data.measures(), areas: data.areas() };
}

// ---------------------------------------------------------------------------------------
// <pcc-area-breakdown>: one measure across the CSP areas (map, ranked bars, comparison
// table, an SPC chart per area). Added by the areas engineer; shares the loader above.
//
//   <pcc-area-breakdown src="data.json" measure="3.1" period="fytd" colour="rate"></pcc-area-breakdown>
//
// period: quarter | 3m | 12m | fytd (default); colour: rate (default) | spc; profile as for
// <pcc-spc-chart>. Choosing an area (Enter or a click on the map, a bar or a chart) fires
// `pcc-area-select` with detail {measure, area, name}, e.g. to point a <pcc-spc-chart> at it.
class PccAreaBreakdown extends HTMLElement {
  static observedAttributes = ['src', 'measure', 'period', 'colour', 'profile'];
  #view = null;
  #pending = null;
  #resize = null;
  #frame = 0;
  #generation = 0;
  #width = 0;

  connectedCallback() {
    if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
    live.add(this);
    if (!dprQuery) watchDpr();
    // Only width changes re-lay out (the breakdown sets its own height).
    this.#resize ??= new ResizeObserver((entries) => {
      const width = Math.floor(entries[entries.length - 1].contentRect.width);
      if (width !== this.#width) {
        this.#width = width;
        this.redraw();
      }
    });
    this.#resize.observe(this);
    this.#schedule();
  }

  disconnectedCallback() {
    live.delete(this);
    this.#resize?.disconnect();
    this.#view?.free();
    this.#view = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** Resolves when the current attributes are shown (or their problem is). */
  get rendered() {
    return this.#pending ?? Promise.resolve();
  }

  redraw() {
    if (!this.#view || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      try {
        this.#view?.resize();
      } catch (e) {
        this.#fail(toProblem(e));
      }
    });
  }

  #schedule() {
    const generation = ++this.#generation;
    this.#pending = Promise.resolve().then(() => generation === this.#generation && this.#render(generation));
  }

  async #render(generation) {
    const src = this.getAttribute('src');
    try {
      if (!src) {
        throw new Problem('The breakdown has no data file', 'The src attribute is missing or empty.', 'Add src="…" with the address of the published performance JSON file.');
      }
      const [data] = await Promise.all([load(src), wasm(), document.fonts?.ready]);
      if (generation !== this.#generation) return;
      guard(() => {
        this.#view ??= new AreaBreakdown(this.shadowRoot);
        this.#view.show(
          data,
          this.getAttribute('measure') || '',
          this.getAttribute('period') || undefined,
          this.getAttribute('colour') || undefined,
          this.getAttribute('profile') || undefined,
        );
      });
      this.dispatchEvent(new CustomEvent('pcc-spc-render', { bubbles: true, composed: true }));
    } catch (e) {
      if (generation === this.#generation) this.#fail(toProblem(e));
    }
  }

  #fail(problem) {
    if (problem.fatal) this.#view = null;
    showProblem(this.shadowRoot, problem);
    this.dispatchEvent(new CustomEvent('pcc-spc-error', { bubbles: true, composed: true, detail: { title: problem.title, message: problem.message } }));
  }
}

if (!customElements.get('pcc-area-breakdown')) customElements.define('pcc-area-breakdown', PccAreaBreakdown);

export const PccSpc = { render, describe };
globalThis.PccSpc = PccSpc;
export default PccSpc;
