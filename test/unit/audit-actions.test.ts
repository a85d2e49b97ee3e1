import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, ROUTE_ACTION_PREFIX } from '../../shared/audit/audit-actions';

/**
 * shared/audit/audit-actions.ts lists every action Posta records, and the console has words for
 * each (web/test/desk-common.test.ts). This reads the code that writes audit records (shared/,
 * functions/) for action codes and fails when one is not in the list, or when the list names one
 * nothing writes any more.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const sources = ['shared', 'functions'].flatMap(function walk(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return walk(path);
    const code = e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && path !== join('shared', 'audit', 'audit-actions.ts');
    return code ? [{ file: path, text: readFileSync(join(ROOT, path), 'utf8') }] : [];
  });
});

const listed = new Set<string>(AUDIT_ACTIONS);
const families = new Set([...listed].map((a) => a.slice(0, a.indexOf('.'))));
const CODE = /^[a-z][a-z-]*\.[a-z][a-z-]*$/;

/** Every '…' or `…` literal of the form family.name (no placeholder), where it is. */
function literals(text: string) {
  return [...text.matchAll(/'([a-z][a-z-]*\.[a-z][a-z-]*)'|`([a-z][a-z-]*\.[a-z][a-z-]*)`/g)]
    .filter((m) => m[1] !== undefined || families.has((m[2] as string).split('.')[0] as string))
    .map((m) => (m[1] ?? m[2]) as string);
}
/** Literals and templates given as an action: `action: …`, `action ?? …`, `action = …`. */
function asAction(text: string) {
  return [...text.matchAll(/\baction\s*(?::|\?\?|=)\s*(['`])([^'`\n]*)\1/g)].map((m) => m[2] as string);
}
/** Templates with a placeholder whose first part is an action family or `route`: `member.${step.state}`. */
function templates(text: string) {
  return [...text.matchAll(/`([a-z][a-z-]*)\.\$\{([^}]+)\}`/g)].map((m) => ({ family: m[1] as string, expression: m[2] as string }));
}

/**
 * Quoted family.name literals of the source that are no audit action: validation field paths
 * (`body.email`), file and host names, the machine scopes of shared/catalog.ts. Any other one in a
 * family the list does not know fails the test: a new family passed to an audit helper is caught
 * too (add it to the list with its words, or here if it is no action).
 */
const FIELD_PATHS = new Set(['body', 'query', 'path']);
const NOT_ACTIONS = new Set([
  'aws.ses',
  'istruzione.it',
  'private.pem',
  'public.pem',
  'reset-form.jpg',
  'reset-form.pdf',
  'reset-form.png',
  'forwarding.read',
  'groups.read',
]);

const read = (file: string) => sources.find((s) => s.file === file)?.text ?? '';
/** The expansions of the templated actions, read from where their values are decided. */
const closedStates = [...(read('shared/deadlines/sweep.ts').match(/CLOSED_STATE[^{]*\{([^}]*)\}/)?.[1] ?? '').matchAll(/:\s*'([a-z-]+)'/g)]
  .map((m) => m[1] as string)
  .concat([...read('shared/deadlines/sweep.ts').matchAll(/state: '([a-z-]+)'/g)].map((m) => m[1] as string));
const reportNames = [...read('shared/reports/reports.ts').matchAll(/reportTarget\([^;]*?'([a-z-]+)'/g)].map((m) => m[1] as string);
const TEMPLATES: Record<string, string[] | 'route'> = {
  'member.step.state': closedStates.map((s) => `member.${s}`),
  'report.report': reportNames.map((r) => `report.${r}`),
  'route.routeId': 'route',
};

describe('the audit actions list (shared/audit/audit-actions.ts)', () => {
  it('reads the template expansions where they are decided', () => {
    expect(new Set(closedStates)).toEqual(new Set(['activation-expired', 'temp-password-expired', 'password-expired']));
    expect(reportNames.sort()).toEqual(['delivery', 'password-expiry']);
  });

  it('holds every action code of the source', () => {
    const missing: string[] = [];
    const written = new Set<string>();
    for (const { file, text } of sources) {
      for (const code of literals(text)) {
        const family = code.slice(0, code.indexOf('.'));
        if (FIELD_PATHS.has(family) || NOT_ACTIONS.has(code)) continue;
        written.add(code);
        if (!listed.has(code)) missing.push(`${file}: ${code}`);
      }
      // A new family is found where it is given as an action (`{ action: 'record' }` of a parser is no audit code).
      for (const code of asAction(text)) {
        if (code.includes('${') || !code.includes('.')) continue;
        expect(code, `${file}: action '${code}' is not a family.name code`).toMatch(CODE);
        written.add(code);
        if (!listed.has(code)) missing.push(`${file}: ${code}`);
      }
      for (const { family, expression } of templates(text)) {
        if (!families.has(family) && family !== 'route' && !asAction(text).some((a) => a.startsWith(`${family}.\${`))) continue;
        const expansions = TEMPLATES[`${family}.${expression}`];
        if (!expansions) {
          missing.push(`${file}: \`${family}.\${${expression}}\` (a templated action: add its expansions to this test and the list)`);
          continue;
        }
        if (expansions === 'route') continue;
        for (const code of expansions) {
          written.add(code);
          if (!listed.has(code)) missing.push(`${file}: ${code}`);
        }
      }
    }
    expect(missing).toEqual([]);
    // Nothing listed that nothing writes (a renamed action leaves no stale words behind).
    expect([...listed].filter((a) => !written.has(a))).toEqual([]);
  });

  it('writes refused calls as route.<routeId> (shared/http/actor-route.ts)', () => {
    expect(read('shared/http/actor-route.ts')).toContain(`action: \`${ROUTE_ACTION_PREFIX}\${routeId}\``);
    expect(AUDIT_ACTIONS.every((a) => CODE.test(a) && !a.startsWith(ROUTE_ACTION_PREFIX))).toBe(true);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
