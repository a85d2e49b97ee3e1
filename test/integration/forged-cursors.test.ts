import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTE_DOCS } from '../../shared/api/route-docs';
import { ROUTES, type RouteDef } from '../../shared/catalog';
import { apiClient } from '../helpers/api-client';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { api, tokenOf, call, runImport } = apiClient(runtime, demoUsers);

/** Every listing of the catalog: the routes whose documented query takes a `cursor`. */
const LISTINGS = ROUTES.filter((r) => {
  const query = ROUTE_DOCS[r.id]?.query;
  return query !== undefined && 'cursor' in query.shape;
});

/** Listings that hand out the same cursors by design (the CSV twin of a JSON page). */
const SAME_LISTING = [
  ['queryAudit', 'exportAudit'],
  ['listImportProblems', 'exportImportProblems'],
  ['listForwardings', 'exportForwardings'],
  ['listPhoneUpdates', 'exportPhoneUpdates'],
];
const sameListing = (a: string, b: string) => a === b || SAME_LISTING.some((g) => g.includes(a) && g.includes(b));

/** What a listing needs besides the cursor to answer at all; a new listing without an entry fails below. */
const REQUIRED_QUERY: Record<string, Record<string, string>> = {
  queryAudit: { institution: 'FUZZ0001' },
  exportAudit: { institution: 'FUZZ0001' },
  listRoleAssignments: { role: 'school-admin' },
  searchMembers: { institutionCode: 'FUZZ0001' },
};

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * Cursors no listing ever gave out: not base64url JSON, not an object, or the keys of other
 * things. A third element names the one listing whose own format the key has (a position in a
 * listing the caller may read anyway, not a forgery for it).
 */
const FORGED: Array<[string, string, string?]> = [
  ['not base64url JSON', 'not-a-cursor!!'],
  ['truncated JSON', b64('{"pk":')],
  ['null', b64('null')],
  ['a number', b64('42')],
  ['a string', b64('"PROBLEM#0000001"')],
  ['an array', b64('[]')],
  ['an empty object', b64({})],
  ['empty key values', b64({ pk: '', sk: '' })],
  ['typed (wire-format) values', b64({ pk: { S: 'MEMBER#m-1' }, sk: 1 })],
  ['a member item key', b64({ pk: 'MEMBER#m-0123456789abcdef01234567', sk: 'PROFILE' })],
  ['a role item key', b64({ pk: 'PRINCIPAL#x', sk: 'SCOPE', gsi1pk: 'ROLE#operator', gsi1sk: 'x' })],
  ['a lot index key', b64({ pk: 'LOT#x', sk: 'LOT', gsi1pk: 'LOTS', gsi1sk: '2027-01-01T00:00:00.000Z#x' }), 'listLots'],
  [
    'a reset request of the same institution',
    b64({ pk: 'RESETREQ#x', sk: 'RESETREQ', gsi1pk: 'INSTITUTION#DEMO001', gsi1sk: 'RESETREQ#pending#2026-12-01T00:00:00.000Z#x' }),
  ],
  [
    'a late request of the same institution',
    b64({ pk: 'LATEREQ#x', sk: 'LATEREQ', gsi1pk: 'INSTITUTION#DEMO001', gsi1sk: 'LATEREQ#awaiting-approval#2026-12-01T00:00:00.000Z#x' }),
    'listLateRequests',
  ],
  ['an audit index key without its index attributes', b64({ k: 'index', key: { pk: 'AUDIT#DEMO001#2026-12-01#0', sk: '000000000001' } })],
  [
    'an audit day outside the range',
    b64({ k: 'institution', day: '1999-01-01', shards: [null, null, null, null, null, null, null, null] }),
  ],
  ['a forwarding position with a wrong type', b64({ l: 7, m: null })],
  ['a group export position without its store cursor', b64({ s: null, m: null })],
];

describe('forged and foreign cursors on every listing of the catalog', () => {
  const tokens: Record<'jwt' | 'machine', string> = { jwt: '', machine: '' };
  const params: Record<string, string> = { institutionCode: 'DEMO001' };
  /** A real cursor of each listing that has a second page: foreign to every other listing. */
  const harvested: Array<{ from: string; cursor: string }> = [];

  const url = (route: RouteDef, cursor?: string, limit?: number) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (!value) throw new Error(`no fixture for {${name}} of ${route.id}: add one to this test`);
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams({ ...REQUIRED_QUERY[route.id], ...(limit && { limit: String(limit) }), ...(cursor && { cursor }) });
    return `${api}${path}?${query}`;
  };
  const get = (route: RouteDef, cursor?: string, limit?: number) =>
    fetch(url(route, cursor, limit), { headers: { authorization: `Bearer ${tokens[route.auth === 'machine' ? 'machine' : 'jwt']}` } });

  beforeAll(async () => {
    tokens.jwt = await tokenOf('operator');
    const { machineClientId, machineClientSecret } = runtime.resources;
    const grant = await fetch(runtime.urls.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${machineClientId}:${machineClientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    tokens.machine = ((await grant.json()) as { access_token: string }).access_token;

    // Two members (two audit records in FUZZ0001's trail) and two bad rows (two problems).
    const rows = [italianRow(180_000, 'FUZZ0001'), italianRow(180_001, 'FUZZ0001')];
    const bad = [
      { ...italianRow(180_002, 'FUZZ0001'), nationalId: 'RSSMRA80A01H501X' },
      { ...italianRow(180_003, 'FUZZ0001'), phone: '12' },
    ];
    const job = await runImport(tokens.jwt, toCsv([...rows, ...bad]));
    expect(job.counts).toMatchObject({ created: 2, rejected: 2 });
    params.jobId = job.jobId;
    const members = await call(tokens.jwt, 'GET', `/v1/audit?institution=FUZZ0001&limit=10`);
    params.memberId = members.body.items.find((i: { action: string }) => i.action === 'member.created').target;

    for (const route of LISTINGS) {
      const res = await get(route, undefined, 1);
      expect({ route: route.id, status: res.status }).toEqual({ route: route.id, status: 200 });
      const cursor = res.headers.get('x-next-cursor') ?? ((await res.json().catch(() => ({}))) as { nextCursor?: string }).nextCursor;
      if (cursor) harvested.push({ from: route.id, cursor });
    }
  }, 120_000);

  it('covers every listing, with real cursors of other listings among the forgeries', () => {
    expect(LISTINGS.map((r) => r.id).sort()).toEqual(
      [
        'exportAudit',
        'exportForwardings',
        'exportGroups',
        'exportImportProblems',
        'listForwardings',
        'listImportProblems',
        'listInstitutionGroups',
        'listInstitutionMailboxes',
        'listInstitutions',
        'listLateRequests',
        'listLots',
        'listMessages',
        'listPhoneUpdates',
        'exportPhoneUpdates',
        'listResetRequests',
        'listResponsibleChanges',
        'listRoleAssignments',
        'listSharedMailboxes',
        'queryAudit',
        'searchMembers',
        'supportMemberAudit',
      ].sort(),
    );
    expect(harvested.map((h) => h.from)).toEqual(
      expect.arrayContaining(['listImportProblems', 'exportImportProblems', 'listInstitutions', 'queryAudit', 'exportAudit']),
    );
  });

  it('answers each with 400 cursor_invalid naming query.cursor, never a page and never a 500', async () => {
    const wrong: unknown[] = [];
    for (const route of LISTINGS) {
      const cursors = [
        ...FORGED.filter(([, , owner]) => owner !== route.id),
        ...harvested.filter((h) => !sameListing(h.from, route.id)).map((h): [string, string] => [`a cursor of ${h.from}`, h.cursor]),
      ];
      for (const [what, cursor] of cursors) {
        const res = await get(route, cursor);
        const body = (await res.json().catch(() => null)) as { field?: string; errors?: Array<{ code: string }> } | null;
        const code = body?.errors?.[0]?.code;
        if (res.status !== 400 || code !== 'cursor_invalid' || body?.field !== 'query.cursor') {
          wrong.push({ route: route.id, cursor: what, status: res.status, code, field: body?.field });
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
