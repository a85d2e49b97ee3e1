import { describe, expect, it } from 'vitest';
import { type Grant, isAllowed, ruleOf } from '../../shared/auth/policy';
import { actorFor, assertInstitution, mayActOnInstitution } from '../../shared/auth/scope';
import { ROUTES } from '../../shared/catalog';

/*
 * Generated from the catalog, not written by hand: every route that takes a caller's token, tried
 * by a school admin, an officer, a moderator and a regional support agent of one institution
 * (OWN001, region NORTH) against a target in another institution (FAR0001, region SOUTH) — the
 * institution itself, another account, or the route as such for deployment-wide routes. Every
 * decision must be a refusal; a new route is in this table the moment it is in the catalog.
 * test/integration/authorization.test.ts makes the same calls through the HTTP API.
 */
const CALLERS: Record<string, Grant> = {
  'school admin': { role: 'school-admin', institution: 'OWN001' },
  officer: { role: 'officer', institution: 'OWN001' },
  moderator: { role: 'moderator', institution: 'OWN001' },
  'regional support agent': { role: 'support', institution: null, support: { regions: ['NORTH'] } },
};
const ELSEWHERE = { institution: 'FAR0001', region: 'SOUTH' };

/**
 * Routes whose answer holds no institution's data, so there is no other institution to cross: they
 * answer the same to every caller their role opens them to. Each needs its reason.
 */
const NO_INSTITUTION_DATA: Record<string, string> = {
  getImportFormat: 'the profile’s import columns and rules — the same for every institution, no member data',
  getImportTemplate: 'an empty CSV with the profile’s header row — the same for every institution, no member data',
};

const cases = ROUTES.filter((r) => r.auth !== 'public' && !(r.id in NO_INSTITUTION_DATA)).flatMap((route) =>
  Object.entries(CALLERS).map(([who, grant]) => [route.id, who, grant, ruleOf(route)] as const),
);

describe('no role of one institution reaches another, on any route (generated from the catalog)', () => {
  it('covers every non-public route of the catalog', () => {
    expect(new Set(cases.map(([id]) => id)).size).toBe(
      ROUTES.filter((r) => r.auth !== 'public').length - Object.keys(NO_INSTITUTION_DATA).length,
    );
  });

  it.each(Object.keys(NO_INSTITUTION_DATA))('%s holds no institution data: no route of that kind may name one', (routeId) => {
    const route = ROUTES.find((r) => r.id === routeId);
    if (!route) throw new Error(`${routeId} left the catalog: drop it from NO_INSTITUTION_DATA`);
    expect(ruleOf(route)).toBe('any');
    expect(route.path).not.toMatch(/\{/);
  });

  it.each(cases)('%s: %s of OWN001 → 403', (routeId, _who, grant, rule) => {
    const principal = { sub: 'caller', grants: [grant] };
    const resource = rule === 'self' ? { sub: 'someone-else' } : rule === 'institution' ? ELSEWHERE : undefined;
    const decision = isAllowed(principal, routeId, resource);
    expect(decision.allowed, JSON.stringify(decision)).toBe(false);
    if (rule === 'institution') {
      // The entry points use cases call decide the same, for the route the actor is calling.
      const actor = actorFor({ sub: 'caller', login: 'caller@x' }, routeId, [grant]);
      expect(mayActOnInstitution(actor, ELSEWHERE.institution, ELSEWHERE.region)).toBe(false);
      expect(() => assertInstitution(actor, ELSEWHERE.institution, ELSEWHERE.region)).toThrow(expect.objectContaining({ status: 403 }));
    }
  });
});
