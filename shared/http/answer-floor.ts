/**
 * Runs `work` and lets its outcome (answer or error) leave no sooner than `floorMs` after it
 * started, so work done for some callers only — an SMS to a member on record — does not show in
 * the response time of a public route whose answers must not tell members from strangers. Not a
 * time rule: nothing is decided by it, so it reads the wall clock, not the injected one.
 */
export async function noSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    const left = floorMs - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
