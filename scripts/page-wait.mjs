// Waiting for a page without touching it, for the benchmarks and the profiler.
//
// playwright's `waitForFunction` (and the first `evaluate` of a page) injects playwright's own
// script into the page, a 10–15 ms task on a 2-core machine; it lands inside the time being
// measured and was counted as the chart's. A one-line `Runtime.evaluate` through the DevTools
// protocol is a task of microseconds.

/**
 * Resolves with the value of `expression` in the page of `cdp` (a CDP session) once it is
 * truthy, evaluated every `every` ms; rejects after `timeout` ms. The value must survive
 * `returnByValue` (JSON-like).
 */
export async function pageValue(cdp, expression, { timeout = 30000, every = 100 } = {}) {
  for (const start = Date.now(); Date.now() - start < timeout;) {
    await new Promise((resolve) => setTimeout(resolve, every));
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description || exceptionDetails.text}`);
    if (result.value) return result.value;
  }
  throw new Error(`the page did not get to ${expression} in ${timeout / 1000} s`);
}
