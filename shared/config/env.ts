export class ConfigError extends Error {}

/**
 * How readEnv checks one variable: a zod schema fits (`z.coerce.number()…`), and so does
 * `setting()`, which is plain code so that a function needing no zod otherwise does not load it
 * (~90 KB, a few ms of every cold start) to check that a few strings are not empty.
 */
export interface SettingCheck<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ readonly message: string }> } };
}

type Settings<S extends Record<string, SettingCheck<unknown>>> = { [K in keyof S]: S[K] extends SettingCheck<infer T> ? T : never };

/**
 * Reads and checks environment settings once, at cold start. A missing or malformed setting
 * stops the function with the variable's name instead of failing later on an empty string.
 */
export function readEnv<S extends Record<string, SettingCheck<unknown>>>(shape: S, env: NodeJS.ProcessEnv = process.env): Settings<S> {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, check] of Object.entries(shape)) {
    const result = check.safeParse(env[name]);
    if (!result.success) problems.push(...result.error.issues.map((i) => `${name} (${i.message})`));
    else if (result.data !== undefined) settings[name] = result.data;
  }
  if (problems.length) throw new ConfigError(`Missing or invalid configuration: ${problems.join(', ')}`);
  return settings as Settings<S>;
}

function fail(message: string) {
  return { success: false as const, error: { issues: [{ message }] } };
}

function nonEmpty(value: unknown) {
  if (typeof value !== 'string') return fail(`Invalid input: expected string, received ${typeof value}`);
  if (value.length === 0) return fail('Too small: expected string to have >=1 characters');
  return { success: true as const, data: value };
}

/** Common fields: a non-empty string; `.optional()` when the variable may be absent. */
export const setting = (): SettingCheck<string> & { optional(): SettingCheck<string | undefined> } => ({
  safeParse: nonEmpty,
  optional: () => ({ safeParse: (value) => (value === undefined ? { success: true, data: undefined } : nonEmpty(value)) }),
});
