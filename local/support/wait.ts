/** Polls `probe` until it resolves, or fails with the last error after `timeoutMs`. */
export async function waitFor(label: string, probe: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${label} did not become ready in ${timeoutMs / 1000}s: ${(lastError as Error)?.message ?? lastError}`);
}
