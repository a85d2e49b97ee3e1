import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type InstitutionRegions,
  mayActOnInstitution,
  mayActOnInstitutionIn,
  parseSupportScope,
  resolveActor,
  type Scope,
} from '../../shared/auth/scope';
import type { Role } from '../../shared/catalog';

const actor = (roles: Role[], scope: Partial<Scope>): Actor => ({
  sub: 's',
  login: 'l',
  roles,
  scope: { institution: null, region: null, ...scope },
});

const REGION: Record<string, string> = { MOS00001: 'CENTRAL', MOS00002: 'NORTH' };
const regions = (reads: string[]): InstitutionRegions => ({
  regionOf: async (code) => {
    reads.push(code);
    return REGION[code] ?? null;
  },
});

describe('who may act on an institution', () => {
  const cases: Array<[string, Actor, string, boolean]> = [
    ['operator, anywhere', actor(['operator'], {}), 'MOS00002', true],
    ['school admin, own institution', actor(['school-admin'], { institution: 'MOS00001' }), 'MOS00001', true],
    ['school admin, another institution', actor(['school-admin'], { institution: 'MOS00001' }), 'MOS00002', false],
    ['support (all), any institution', actor(['support'], { support: 'all' }), 'MOS00002', true],
    ['support (all), institution without a region', actor(['support'], { support: 'all' }), 'UNKNOWN1', true],
    ['regional support, in region', actor(['support'], { support: { regions: ['CENTRAL'] } }), 'MOS00001', true],
    ['regional support, out of region', actor(['support'], { support: { regions: ['CENTRAL'] } }), 'MOS00002', false],
    ['regional support, institution without a region', actor(['support'], { support: { regions: ['CENTRAL'] } }), 'UNKNOWN1', false],
    ['support with no reach on record', actor(['support'], { region: 'CENTRAL' }), 'MOS00001', false],
    // The support scope counts only with the support role: a school admin's item cannot grant it.
    ['school admin carrying a support scope', actor(['school-admin'], { institution: 'MOS00009', support: 'all' }), 'MOS00001', false],
  ];

  it.each(cases)('%s', async (_name, who, institution, expected) => {
    const reads: string[] = [];
    expect(await mayActOnInstitutionIn(who, institution, regions(reads))).toBe(expected);
    expect(mayActOnInstitution(who, institution, REGION[institution] ?? null)).toBe(expected);
  });

  it('reads the institution’s region only for a regional support agent', async () => {
    const reads: string[] = [];
    await mayActOnInstitutionIn(actor(['operator'], {}), 'MOS00001', regions(reads));
    await mayActOnInstitutionIn(actor(['support'], { support: 'all' }), 'MOS00001', regions(reads));
    await mayActOnInstitutionIn(actor(['school-admin'], { institution: 'MOS00001' }), 'MOS00002', regions(reads));
    expect(reads).toEqual([]);
    await mayActOnInstitutionIn(actor(['support'], { support: { regions: ['NORTH'] } }), 'MOS00001', regions(reads));
    expect(reads).toEqual(['MOS00001']);
  });

  it('the stored support scope is read strictly: anything but `all` or a list of regions gives no reach', () => {
    expect(parseSupportScope('all')).toBe('all');
    expect(parseSupportScope({ regions: ['A', 'B'] })).toEqual({ regions: ['A', 'B'] });
    expect(parseSupportScope('ALL')).toBeUndefined();
    expect(parseSupportScope({ regions: [1] })).toBeUndefined();
    expect(parseSupportScope(null)).toBeUndefined();
  });

  it('a support agent with a support scope but no institution is a valid actor; with nothing on record, 403', async () => {
    const principal = { sub: 'agent', login: 'a@x', roles: ['support'] as Role[] };
    const withScope = await resolveActor(principal, ['support'], {
      scopeOf: async () => ({ institution: null, region: null, support: 'all' }),
    });
    expect(withScope.scope.support).toBe('all');
    await expect(resolveActor(principal, ['support'], { scopeOf: async () => null })).rejects.toMatchObject({
      status: 403,
      code: 'no_scope',
    });
  });
});
