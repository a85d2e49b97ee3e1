import { z } from 'zod';

export class ConfigError extends Error {}

/**
 * Reads and checks environment settings once, at cold start. A missing or malformed setting
 * stops the function with the variable's name instead of failing later on an empty string.
 */
export function readEnv<T extends z.ZodRawShape>(shape: T, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<T>> {
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const names = parsed.error.issues.map((i) => `${i.path.join('.')} (${i.message})`);
  throw new ConfigError(`Missing or invalid configuration: ${names.join(', ')}`);
}

/** Common fields: a non-empty string. */
export const setting = () => z.string().min(1);
