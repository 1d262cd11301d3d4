// <pcc-spc-chart>: an accessible SPC chart of a Police and Crime Commissioner's published
// performance data, drawn by the pcc-spc WebAssembly module.
//
//   <script type="module" src="/pkg/pcc-spc.js"></script>
//   <pcc-spc-chart src="data.json" measure="3.1" area="E06000016"></pcc-spc-chart>
//
// All charts on a page share one wasm instance and one fetch and parse per data URL; an area
// breakdown loads its own module (pcc_spc_breakdown) when it first renders.
// Hosts that prefer code: PccSpc.render(container, { src, measure, area, profile, period }).

// Two wasm modules: the chart module (pcc_spc) for <pcc-spc-chart> and describe(), and the
// breakdown module (pcc_spc_breakdown), fetched only when a <pcc-area-breakdown> renders, so a
// page with charts only never downloads the breakdown. Each module's wasm-bindgen glue is
// imported dynamically so that this module runs at once and starts the .wasm download (and
// each element's data fetch) while the glue is still loading.
class WasmModule {
  #ready = null;
  /** The glue's exports once instantiated (null before, or after a failure). */
  glue = null;
  /** absolute URL → Promise<PublishedData> of this module; failures are forgotten. */
  parsed = new Map();

  constructor(name, importGlue) {
    this.name = name;
    this.importGlue = importGlue;
  }

  /** Resolves with the glue once the module is instantiated (one download per page). */
  ready() {
    this.#ready ??= (async () => {
      const response = fetch(new URL(`./${this.name}_bg.wasm`, import.meta.url));
      response.catch(() => {}); // reported by init below
      const module = await this.importGlue();
      await module.default({ module_or_path: response });
      this.glue = module;
      return module;
    })();
    return this.#ready;
  }
}

// Literal import() specifiers, so bundlers see both modules.
const chartModule = new WasmModule('pcc_spc', () => import('./pcc_spc.js'));
const breakdownModule = new WasmModule('pcc_spc_breakdown', () => import('./pcc_spc_breakdown.js'));
// No eager download: defining the elements below upgrades those already on the page, and
// each one's first render (a microtask later) starts its module's download beside its data
// fetch, so a page with only a breakdown never downloads the chart module.

/** absolute URL → Promise<string>, the file's text fetched once and shared by both modules. */
const texts = new Map();

/** A problem to show in the element: what is wrong, the detail, what to check. */
class Problem extends Error {
  constructor(title, detail, check) {
    super(detail);
    this.title = title;
    this.check = check;
  }
}

function remember(map, key, make) {
  let entry = map.get(key);
  if (!entry) {
    entry = make();
    map.set(key, entry);
    entry.catch(() => map.delete(key));
  }
  return entry;
}

/** The file at `src` parsed by `module` (a PublishedData of that module). */
function load(src, module = chartModule) {
  const url = new URL(src, document.baseURI).href;
  return remember(module.parsed, url, async () => {
    const text = await remember(texts, url, () => fetchText(url));
    const glue = await module.ready();
    try {
      return guard(() => glue.PublishedData.parse(text), module);
    } catch (e) {
      texts.delete(url); // a fixed file is fetched again on the next render
      throw e;
    }
  });
}

async function fetchText(url) {
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
  return utf8(new Uint8Array(await response.arrayBuffer()), url);
}

/**
 * The file's text. A JSON file is UTF-8 (RFC 8259), and a byte that is not is an error that
 * says where it is, where `response.text()` would put U+FFFD in a name without a word (a
 * file saved as Windows-1252 by a spreadsheet, say). A leading byte order mark is skipped.
 */
function utf8(bytes, url) {
  const decode = (part) => new TextDecoder('utf-8', { fatal: true }).decode(part);
  try {
    return decode(bytes);
  } catch (e) {
    // The first byte that does not start a character, found only now: a good file costs
    // its decoding and nothing more. Columns count from after a byte order mark, as the
    // module's JSON errors (and the command line's) do.
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let i = bom;
    let line = 1;
    let start = bom;
    for (; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 10) {
        line++;
        start = i + 1;
      }
      if (b < 128) continue;
      const length = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
      try {
        decode(bytes.subarray(i, i + length));
      } catch {
        break;
      }
      i += length - 1;
    }
    if (i === bytes.length) throw e; // not a UTF-8 error (a file too large for a string, say)
    throw new Problem(
      'The data file is not valid JSON',
      `It is not UTF-8 text: byte 0x${bytes[i].toString(16).toUpperCase()} at line ${line} column ${i - start + 1} of ${url}.`,
      'Save or publish the file as UTF-8.',
    );
  }
}

/** Runs a call into `module`'s wasm, turning a Rust error or panic into a Problem. */
function guard(call, module = chartModule) {
  try {
    return call();
  } catch (e) {
    throw toProblem(e, module);
  }
}

function toProblem(e, module = chartModule) {
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
      module.glue?.takePanic() || String(e.message),
      'Please report this with the page address. Other charts on the page are not affected.',
    );
    problem.fatal = true;
    return problem;
  }
  if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError || (e && /wasm|WebAssembly/i.test(e.message))) {
    return new Problem(
      'The chart module could not be loaded',
      String(e.message),
      'The server must send the pcc-spc .wasm files (pcc_spc_bg.wasm, pcc_spc_breakdown_bg.wasm) as application/wasm, and a Content-Security-Policy must allow \'wasm-unsafe-eval\' in script-src.',
    );
  }
  return new Problem('The chart cannot be shown', String(e && e.message || e), 'Reload the page; if it persists, report it with the page address.');
}

const ERROR_MARKUP = '<div class="error" id="error" role="alert"><p class="error-title" id="error-title"></p><p class="error-detail" id="error-detail"></p><p class="error-check" id="error-check"></p></div>';

// Styles for a problem shown before the module could build the chart (the module failed to
// load): the element must still read as a message, not a blank box.
let fallbackSheet = null;
function fallbackStyles(root) {
  if (!fallbackSheet) {
    fallbackSheet = new CSSStyleSheet();
    fallbackSheet.replaceSync(':host{display:block;font:16px/1.4 system-ui,sans-serif}.error{border-left:5px solid #d4351c;padding:.75rem 1rem;margin:0 0 .75rem;background:#fbeae8;color:#0b0c0c}.error p{margin:0 0 .35rem}.error-title{font-weight:700}.error-detail{overflow-wrap:anywhere}@media (prefers-color-scheme:dark){.error{background:#3a1f1b;color:#f3f2f1;border-color:#ff8a7a}}@media (forced-colors:active){.error{border:2px solid CanvasText}}');
  }
  root.adoptedStyleSheets = [fallbackSheet];
}

function showProblem(root, problem) {
  let box = root.getElementById('error');
  if (!box) {
    root.innerHTML = ERROR_MARKUP;
    fallbackStyles(root);
    box = root.getElementById('error');
  }
  root.getElementById('error-title').textContent = problem.title;
  root.getElementById('error-detail').textContent = problem.message;
  root.getElementById('error-check').textContent = problem.check || '';
  box.hidden = false;
  for (const id of ['content', 'loading']) {
    const el = root.getElementById(id);
    if (el) el.hidden = true;
  }
}

const live = new Set();
const redrawAll = () => { for (const el of live) el.redraw(); };
let dprQuery = null;
// A DPR change (browser zoom, moving to another screen) fires once per query: re-arm.
function watchDpr() {
  dprQuery?.removeEventListener('change', watchDpr);
  dprQuery = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
  dprQuery.addEventListener('change', watchDpr);
  redrawAll();
}
let watching = false;
function watchMedia() {
  if (watching) return;
  watching = true;
  watchDpr();
  // The canvas palette follows the colour scheme and forced colours: redraw when they change.
  for (const q of ['(prefers-color-scheme: dark)', '(forced-colors: active)', '(prefers-contrast: more)']) {
    matchMedia(q).addEventListener('change', redrawAll);
  }
}

/**
 * What <pcc-spc-chart> and <pcc-area-breakdown> share: a shadow root, one Rust view object
 * made once the wasm is ready, attribute changes coalesced into one render, redraws on a new
 * width (the height is the view's own doing) and on DPR or colour-scheme changes, and every
 * problem shown in the element with a `pcc-spc-error` event. A subclass names its wasm module
 * (`module`), the view (`createView`), what it shows (`showView`) and how a missing `src` is
 * worded (`noun`).
 */
class PccElement extends HTMLElement {
  #view = null;
  #pending = null;
  #resize = null;
  #frame = 0;
  #generation = 0;
  #width = -1;

  /** The Rust view object, or null before the first render (or after a panic). */
  get view() {
    return this.#view;
  }

  connectedCallback() {
    if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
    live.add(this);
    watchMedia();
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

  /** Redraws at the current size and DPR, at most once per frame. */
  redraw() {
    if (!this.#view || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      try {
        this.#view?.resize();
      } catch (e) {
        this.fail(toProblem(e, this.module));
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
        throw new Problem(`The ${this.noun} has no data file`, 'The src attribute is missing or empty.', 'Add src="…" with the address of the published performance JSON file.');
      }
      const module = this.module;
      const data = load(src, module);
      data.catch(() => {}); // handled below, after the element's DOM exists
      const glue = await module.ready();
      if (!this.isConnected) return;
      // The element's DOM (and its styles) first, so any problem shows in it.
      guard(() => { this.#view ??= this.createView(glue, this.shadowRoot); }, module);
      await Promise.all([data, document.fonts?.ready]);
      if (generation !== this.#generation || !this.isConnected) return;
      const file = await data;
      guard(() => this.showView(this.#view, file), module);
      this.dispatchEvent(new CustomEvent('pcc-spc-render', { bubbles: true, composed: true }));
    } catch (e) {
      if (generation === this.#generation) this.fail(toProblem(e, this.module));
    }
  }

  /** Shows `problem` in the element and tells the host. */
  fail(problem) {
    // After a panic the Rust object may be mid-call: drop it, a new one is made next time.
    if (problem.fatal) this.#view = null;
    showProblem(this.shadowRoot, problem);
    this.dispatchEvent(new CustomEvent('pcc-spc-error', { bubbles: true, composed: true, detail: { title: problem.title, message: problem.message } }));
  }
}

class PccSpcChart extends PccElement {
  static observedAttributes = ['src', 'measure', 'area', 'profile', 'period', 'near-limits'];
  noun = 'chart';
  module = chartModule;

  createView(glue, root) {
    return new glue.SpcChart(root);
  }

  showView(view, file) {
    view.show(
      file,
      this.getAttribute('measure') || '',
      this.getAttribute('area') || undefined,
      this.getAttribute('profile') || undefined,
      this.getAttribute('period') || undefined,
      // A boolean attribute: present (any value but "false") draws the near limits.
      this.hasAttribute('near-limits') && this.getAttribute('near-limits') !== 'false',
    );
  }

  /** Where month `index` is drawn, `[x, y]` in CSS px from the canvas's corner (or undefined). */
  pointPosition(index) {
    const at = this.view?.pointPosition(index);
    return at ? [at[0], at[1]] : undefined;
  }

  /** Number of months in the series shown (0 before the first render). */
  get monthCount() {
    return this.view?.monthCount() ?? 0;
  }

  /** Test hook: panics inside this element's wasm call path. Not part of the host API. */
  __panicForTests() {
    try {
      guard(() => chartModule.glue.__panicForTests());
    } catch (e) {
      this.fail(e);
    }
  }
}

if (!customElements.get('pcc-spc-chart')) customElements.define('pcc-spc-chart', PccSpcChart);

/** Sets the element's attributes from `attrs` (undefined: keep; null or '': remove). */
async function renderInto(target, tag, Element, attrs) {
  let el = target instanceof Element ? target : target.querySelector(tag);
  if (!el) {
    el = document.createElement(tag);
    target.append(el);
  }
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (value === null || value === '') el.removeAttribute(name);
    else el.setAttribute(name, String(value));
  }
  await el.rendered;
  return el;
}

/**
 * Renders a chart into `target` (a <pcc-spc-chart>, or a container that gets one).
 * Resolves with the element once it shows the chart or a readable problem.
 */
function render(target, { src, measure, area, profile, period, nearLimits } = {}) {
  const near = nearLimits === undefined ? undefined : nearLimits ? 'true' : null;
  return renderInto(target, 'pcc-spc-chart', PccSpcChart, { src, measure, area, profile, period, 'near-limits': near });
}

/**
 * Lists the measures, areas and reader warnings of a published file:
 * { measures: [{id, name, areas}], areas: [{code, name, kind}], warnings: [{code, message}] }.
 */
async function describe(src) {
  const data = await load(src);
  return JSON.parse(data.describe());
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
class PccAreaBreakdown extends PccElement {
  static observedAttributes = ['src', 'measure', 'period', 'colour', 'profile'];
  noun = 'breakdown';
  module = breakdownModule;

  createView(glue, root) {
    return new glue.AreaBreakdown(root);
  }

  showView(view, file) {
    view.show(
      file,
      this.getAttribute('measure') || '',
      this.getAttribute('period') || undefined,
      this.getAttribute('colour') || undefined,
      this.getAttribute('profile') || undefined,
    );
  }
}

if (!customElements.get('pcc-area-breakdown')) customElements.define('pcc-area-breakdown', PccAreaBreakdown);

/**
 * Renders an area breakdown into `target` (a <pcc-area-breakdown>, or a container that gets
 * one). Resolves with the element once it shows the breakdown or a readable problem.
 */
function renderBreakdown(target, { src, measure, period, colour, profile } = {}) {
  return renderInto(target, 'pcc-area-breakdown', PccAreaBreakdown, { src, measure, period, colour, profile });
}

export const PccSpc = { render, renderBreakdown, describe };
globalThis.PccSpc = PccSpc;
export default PccSpc;
