import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Binding, QUEUES, ROUTES, SCHEDULES, type SecretId, secretsOf, TRIGGERS } from '../../shared/catalog';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Project modules a file loads at run time (type-only imports load nothing). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [
    ...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms),
    ...source.matchAll(/^export\s+(?!type\s)[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms),
    ...source.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
  ].map((m) => m[1] as string);
  return specifiers.flatMap((s) => {
    const base = resolve(dirname(file), s);
    const found = [`${base}.ts`, join(base, 'index.ts'), base].find((f) => existsSync(f) && f.endsWith('.ts'));
    return found ? [found] : [];
  });
}

/** The secrets a handler reads, by the `readSecret('<id>')` calls of every module it loads. */
function secretsRead(handler: string): Set<SecretId> {
  const seen = new Set<string>();
  const read = new Set<SecretId>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/readSecret\(\s*'(\w+)'/g)) read.add(m[1] as SecretId);
    for (const next of runtimeImports(file)) walk(next);
  };
  walk(join(ROOT, handler));
  return read;
}

const functions: Array<{ id: string; handler: string; binding: Pick<Binding, 'tables' | 'secrets' | 'auditDigests'> }> = [
  ...ROUTES.map((r) => ({ id: r.id, handler: r.handler, binding: r })),
  ...Object.values(QUEUES).map((q) => ({ id: `${q.id}-consumer`, handler: q.consumer, binding: q })),
  ...SCHEDULES.map((s) => ({ id: s.id, handler: s.handler, binding: s })),
  ...TRIGGERS.map((t) => ({ id: t.id, handler: t.handler, binding: t })),
];

/**
 * One key per purpose is only worth it if each function can obtain exactly the keys it uses: the
 * catalog grants a secret (IAM in the cloud), and the code reads it at cold start. The audit
 * chain key goes with the audit table (catalog `secretsOf`) and is read by the audit log, so it is
 * checked there (test/infra/bindings.test.ts).
 */
describe('each function reads exactly the secrets its catalog entry grants', () => {
  it.each(functions)('$id', ({ handler, binding }) => {
    const read = [...secretsRead(handler)].filter((id) => id !== 'auditChainKey').sort();
    const granted = secretsOf(binding)
      .filter((id) => id !== 'auditChainKey')
      .sort();
    expect({ handler: relative(ROOT, join(ROOT, handler)), read }).toEqual({ handler, read: granted });
  });

  it('no function reads the national-ID key but those that hash national IDs', () => {
    const holders = functions.filter((f) => secretsOf(f.binding).includes('nationalIdKey')).map((f) => f.id);
    // searchMembers: an exact national ID is looked up by its keyed hash (the import's hasher).
    expect(holders.sort()).toEqual(['import-consumer', 'searchMembers', 'startActivation', 'startLateRequest']);
  });
});
