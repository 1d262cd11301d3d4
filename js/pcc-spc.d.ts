// Types of the <pcc-spc-chart> loader (pcc-spc.js). The wasm module's own types are in pcc_spc.d.ts.

/** What a host passes to {@link PccSpc.render}; each maps to the element attribute of the same name. */
export interface RenderOptions {
  /** Address of the published performance JSON file. */
  src?: string;
  /** Measure id, e.g. "3.1". The first measure of the file when absent. */
  measure?: string;
  /** Area code, e.g. "E06000016". The force when absent. */
  area?: string;
  /** SPC rule profile: "mdc" (default), "nhsr", "powerbi" or "qicharts2". */
  profile?: string;
  /** Months shown, "YYYY-MM/YYYY-MM" (either end may be empty). */
  period?: string;
  /** Draw and label the near limits (two thirds of the way to the limits): the `near-limits` attribute. */
  nearLimits?: boolean;
}

/** What a host passes to {@link PccSpc.renderBreakdown}; each maps to the element attribute of the same name. */
export interface BreakdownOptions {
  /** Address of the published performance JSON file. */
  src?: string;
  /** Measure id, e.g. "3.1". The first measure of the file when absent. */
  measure?: string;
  /** "quarter", "3m", "12m" or "fytd" (default). */
  period?: string;
  /** Map colouring: "rate" (default for counts) or "spc". */
  colour?: string;
  /** SPC rule profile of the small multiples: "mdc" (default), "nhsr", "powerbi" or "qicharts2". */
  profile?: string;
}

export interface MeasureEntry { id: string; name: string; areas: string[] }
export interface AreaEntry { code: string; name: string; kind: 'force' | 'csp' }

export interface PccSpcApi {
  /** Renders into a <pcc-spc-chart> or a container (which gets one); resolves once shown. */
  render(target: HTMLElement, options?: RenderOptions): Promise<HTMLElement>;
  /** Renders into a <pcc-area-breakdown> or a container (which gets one); resolves once shown. */
  renderBreakdown(target: HTMLElement, options?: BreakdownOptions): Promise<HTMLElement>;
  /** The measures, areas and reader warnings of a published file (fetched and parsed once per URL). */
  describe(src: string): Promise<{ measures: MeasureEntry[]; areas: AreaEntry[]; warnings: { code: string; message: string }[] }>;
}

export declare const PccSpc: PccSpcApi;
export default PccSpc;

declare global {
  interface HTMLElementTagNameMap {
    'pcc-spc-chart': HTMLElement & {
      /** Resolves when the current attributes are shown (or their problem is). */
      readonly rendered: Promise<void>;
      /** Number of months in the series shown. */
      readonly monthCount: number;
      /** Where month `index` is drawn, [x, y] in CSS px from the canvas's top-left corner. */
      pointPosition(index: number): [number, number] | undefined;
      /** Redraws at the current size and device pixel ratio. */
      redraw(): void;
    };
  }
  interface HTMLElementTagNameMap {
    'pcc-area-breakdown': HTMLElement & {
      /** Resolves when the current attributes are shown (or their problem is). */
      readonly rendered: Promise<void>;
      /** Redraws at the current size and device pixel ratio. */
      redraw(): void;
    };
  }
  interface HTMLElementEventMap {
    'pcc-area-select': CustomEvent<{ measure: string; area: string; name: string }>;
    'pcc-breakdown-change': CustomEvent<{ measure: string; period: string; colour: string }>;
    'pcc-spc-render': CustomEvent<void>;
    'pcc-spc-error': CustomEvent<{ title: string; message: string }>;
  }
  // eslint-disable-next-line no-var
  var PccSpc: PccSpcApi;
}
