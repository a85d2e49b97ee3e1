import { describe, expect, it } from 'vitest';
import {
  type Actor,
  actingInstitution,
  type Grant,
  type InstitutionRegions,
  mayActOnInstitution,
  mayActOnInstitutionIn,
  parseSupportScope,
} from '../../shared/auth/scope';
import { actorOf } from '../helpers/actors';

/** A caller of a support route (support and operators admitted) holding these pairs. */
const actor = (...grants: Grant[]): Actor => actorOf('supportGetMember', grants);

const REGION: Record<string, string> = { MOS00001: 'CENTRAL', MOS00002: 'NORTH' };
const regions = (reads: string[]): InstitutionRegions => ({
  regionOf: async (code) => {
    reads.push(code);
    return REGION[code] ?? null;
  },
});

describe('who may act on an institution', () => {
  const cases: Array<[string, Actor, string, boolean]> = [
    ['operator, anywhere', actor({ role: 'operator', institution: null }), 'MOS00002', true],
    ['support (all), any institution', actor({ role: 'support', institution: null, support: 'all' }), 'MOS00002', true],
    ['support (all), institution without a region', actor({ role: 'support', institution: null, support: 'all' }), 'UNKNOWN1', true],
    ['regional support, in region', actor({ role: 'support', institution: null, support: { regions: ['CENTRAL'] } }), 'MOS00001', true],
    [
      'regional support, out of region',
      actor({ role: 'support', institution: null, support: { regions: ['CENTRAL'] } }),
      'MOS00002',
      false,
    ],
    [
      'regional support, institution without a region',
      actor({ role: 'support', institution: null, support: { regions: ['CENTRAL'] } }),
      'UNKNOWN1',
      false,
    ],
    ['support with no reach on record', actor({ role: 'support', institution: 'MOS00001' }), 'MOS00001', false],
    // A reach counts only on a support grant; a role the route does not admit opens nothing.
    ['school admin carrying a support reach', actor({ role: 'school-admin', institution: 'MOS00001', support: 'all' }), 'MOS00001', false],
  ];

  it.each(cases)('%s', async (_name, who, institution, expected) => {
    const reads: string[] = [];
    expect(await mayActOnInstitutionIn(who, institution, regions(reads))).toBe(expected);
    expect(mayActOnInstitution(who, institution, REGION[institution] ?? null)).toBe(expected);
  });

  it('reads the institution’s region only for a regional support agent', async () => {
    const reads: string[] = [];
    await mayActOnInstitutionIn(actor({ role: 'operator', institution: null }), 'MOS00001', regions(reads));
    await mayActOnInstitutionIn(actor({ role: 'support', institution: null, support: 'all' }), 'MOS00001', regions(reads));
    await mayActOnInstitutionIn(
      actorOf('getInstitutionProgress', [{ role: 'school-admin', institution: 'MOS00001' }]),
      'MOS00002',
      regions(reads),
    );
    expect(reads).toEqual([]);
    await mayActOnInstitutionIn(actor({ role: 'support', institution: null, support: { regions: ['NORTH'] } }), 'MOS00001', regions(reads));
    expect(reads).toEqual(['MOS00001']);
  });

  it('the stored support scope is read strictly: anything but `all` or a list of regions gives no reach', () => {
    expect(parseSupportScope('all')).toBe('all');
    expect(parseSupportScope({ regions: ['A', 'B'] })).toEqual({ regions: ['A', 'B'] });
    expect(parseSupportScope('ALL')).toBeUndefined();
    expect(parseSupportScope({ regions: [1] })).toBeUndefined();
    expect(parseSupportScope(null)).toBeUndefined();
  });
});

describe('the institution a call is for', () => {
  const admin = (...institutions: string[]) =>
    actorOf('createGroup', [
      ...institutions.map((i) => ({ role: 'moderator' as const, institution: i })),
      { role: 'school-admin', institution: 'ELSE001' },
    ]);

  it('the one named (if reached), else the only one held for this route; several and none named is a 400, never a guess', () => {
    expect(actingInstitution(admin('DEMO001'), undefined, 'body.institutionCode')).toBe('DEMO001');
    expect(actingInstitution(admin('DEMO001', 'OTHER01'), 'OTHER01', 'body.institutionCode')).toBe('OTHER01');
    expect(() => actingInstitution(admin('DEMO001', 'OTHER01'), undefined, 'body.institutionCode')).toThrow(
      expect.objectContaining({
        status: 400,
        errors: [expect.objectContaining({ field: 'body.institutionCode', code: 'institution_required' })],
      }),
    );
    // The school-admin pair is not a moderator's: naming its institution is refused.
    expect(() => actingInstitution(admin('DEMO001'), 'ELSE001', 'body.institutionCode')).toThrow(
      expect.objectContaining({ status: 403, code: 'institution_out_of_scope', institution: 'ELSE001' }),
    );
    expect(actingInstitution(actorOf('createGroup', [{ role: 'operator', institution: null }]), undefined, 'x')).toBeNull();
  });
});
