/**
 * Runs `work` and lets its answer (or error) leave no sooner than `ms` after the call began, so a
 * public route that does more for a known person than for an unknown one (a code sent, an audit
 * record) does not show it in its response time. Not a time rule: nothing is decided by it.
 */
export async function noSoonerThan<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    const left = ms - (Date.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
