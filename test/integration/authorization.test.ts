import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { ROUTE_DOCS } from '../../shared/api/route-docs';
import { ROUTES, type RouteDef } from '../../shared/catalog';
import type { Json } from '../helpers/api-client';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { completeFirstSignIn, eventually, tokenGroups } from '../helpers/local-clients';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { italianRow, type StaffRow } from '../helpers/staff-fixtures';

/*
 * Issue #12 through the HTTP API, as the real people: every caller is a member the product made
 * (import + lot launch, first sign-in with the SMS password), every admin role granted through
 * `PUT /v1/role-assignments/{sub}`. Two institutions of this file only: OWN (where the callers'
 * roles are) and FAR (the targets), each in a region of its own.
 */
const OWN = 'AUTZOWN1';
const FAR = 'AUTZFAR1';
const REGION: Record<string, string> = { [OWN]: 'AUTZ-N', [FAR]: 'AUTZ-S' };
const CHOSEN = 'Mia-Parola-2027!';

// Rows 86,400+ (staff-fixtures' ranges). Callers in OWN (the auditor too); the staff member, an officer and a reset target in FAR.
const PEOPLE = ['schoolAdmin', 'officer', 'moderator', 'support', 'twoRoles', 'staff', 'farOfficer', 'resetTarget', 'auditor'] as const;
type Person = (typeof PEOPLE)[number];
const ROWS: Record<Person, StaffRow> = Object.fromEntries(
  PEOPLE.map((p, i) => [p, italianRow(86_400 + i, i < 5 || p === 'auditor' ? OWN : FAR)]),
) as Record<Person, StaffRow>;
const loginOf = (p: Person) => ROWS[p].oldAddress.replace('@istruzione.it', '@posta.istruzione.it');

let stack: ProfileStack;
let operator: string;
const tokens = {} as Record<Person, string>;
const subs = {} as Record<Person, string>;
const memberIds = {} as Record<Person, string>;
let launchedLotId: string;

const call = (token: string, method: string, path: string, body?: unknown) => stack.api.call(token, method, path, body);
/** Any answer, JSON or not (CSV, 204): status and problem code. */
async function raw(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${stack.api.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const code = res.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as Json).code : undefined;
  return { status: res.status, code };
}
const grant = async (who: Person, body: Json) => {
  const out = await call(operator, 'PUT', `/v1/role-assignments/${subs[who]}`, body);
  expect(out.status, JSON.stringify(out.body)).toBe(200);
};

/** The temporary password the launch sent by SMS (the sink keeps every text). */
async function temporaryPassword(row: StaffRow): Promise<string> {
  const texts = await eventually(
    async () => (await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(row.phone)}`)).json()) as SmsRecord[],
    (list) => list.length > 0,
  );
  return /: (\S+)$/.exec(texts.at(-1)?.message ?? '')?.[1] ?? 'missing';
}

beforeAll(async () => {
  stack = await profileStack('it-miur');
  operator = await stack.api.tokenOf('operator');
  // Institutions with regions, as the registry holds them (`INSTITUTION#<code>`/`META`): test setup.
  for (const code of [OWN, FAR]) {
    await stack.db.send(
      new PutCommand({
        TableName: stack.runtime.resources.tables.directory,
        Item: { pk: `INSTITUTION#${code}`, sk: 'META', code, name: `Authorization ${code}`, region: REGION[code] },
      }),
    );
  }
  const launched = await launchSmallLot(stack, operator, {
    name: 'Authorization',
    institutionCode: [OWN, FAR],
    rows: PEOPLE.map((p) => ROWS[p]),
  });
  launchedLotId = launched.lot.lotId;
  PEOPLE.forEach((p, i) => {
    memberIds[p] = launched.memberIds[i] as string;
  });
  // Every member signs in for the first time: the SMS password, NEW_PASSWORD_REQUIRED, their own.
  await Promise.all(
    PEOPLE.filter((p) => p !== 'resetTarget').map(async (p) => {
      const done = await completeFirstSignIn(stack.runtime, loginOf(p), await temporaryPassword(ROWS[p]), CHOSEN);
      tokens[p] = done.AccessToken;
      subs[p] = (await call(done.AccessToken, 'GET', '/v1/me')).body.sub;
    }),
  );
  await grant('schoolAdmin', { role: 'school-admin', institutionCode: OWN });
  await grant('officer', { role: 'officer', institutionCode: OWN });
  await grant('moderator', { role: 'moderator', institutionCode: OWN });
  await grant('support', { role: 'support', supportScope: { regions: [REGION[OWN]] } });
  await grant('farOfficer', { role: 'officer', institutionCode: FAR });
}, 180_000);

afterAll(() => stack?.stop());

describe('every person made by Posta is staff (it-miur)', () => {
  it('a member made by import + lot launch: /v1/me says staff, they change their own password and ask to join a list', async () => {
    const token = tokens.staff;
    const me = await call(token, 'GET', '/v1/me');
    expect(me).toMatchObject({
      status: 200,
      body: { login: loginOf('staff'), roles: ['staff'], assignments: [{ role: 'staff', institutionCode: FAR }] },
    });
    expect(tokenGroups(token)).toEqual(['staff']);

    const changed = await call(token, 'POST', '/v1/me/password', { currentPassword: CHOSEN, newPassword: 'Altra-Parola-2027!' });
    expect(changed).toMatchObject({ status: 200, body: { status: 'password-changed' } });

    const list = await call(operator, 'POST', '/v1/groups', { name: `autz-${Date.now()}`, institutionCode: FAR, postingMode: 'open' });
    expect(list.status).toBe(201);
    const asked = await call(token, 'POST', `/v1/groups/${list.body.groupId}/join-requests`);
    expect(asked).toMatchObject({ status: 201, body: { state: 'pending', memberId: memberIds.staff } });
  });
});

describe('roles are (role, institution) pairs, live on every call (it-miur)', () => {
  it('a second role in another institution moves nothing; the list shows both; a revoke refuses the old token at once', async () => {
    const token = tokens.twoRoles; // signed in before any grant, and kept throughout
    const group = await call(operator, 'POST', '/v1/groups', { name: `autz-two-${Date.now()}`, institutionCode: FAR, postingMode: 'open' });
    expect(group.status).toBe(201);
    const patch = () => call(token, 'PATCH', `/v1/groups/${group.body.groupId}`, { displayName: 'Circolare' });
    expect((await patch()).body.code).toBe('role_not_allowed');

    await grant('twoRoles', { role: 'school-admin', institutionCode: OWN });
    // Live at once: the same token, issued before the grant, now administers OWN.
    expect((await call(token, 'GET', `/v1/institutions/${OWN}/progress`)).status).toBe(200);

    await grant('twoRoles', { role: 'moderator', institutionCode: FAR });
    expect((await call(token, 'GET', `/v1/institutions/${OWN}/progress`)).status).toBe(200);
    expect((await call(token, 'GET', `/v1/institutions/${FAR}/progress`)).body.code).toBe('institution_out_of_scope');
    expect((await call(token, 'GET', `/v1/institutions/${FAR}/groups`)).status).toBe(200);
    expect((await call(token, 'GET', `/v1/institutions/${OWN}/groups`)).body.code).toBe('institution_out_of_scope');
    expect((await patch()).status).toBe(200);

    const mine = await call(operator, 'GET', `/v1/role-assignments?sub=${subs.twoRoles}`);
    expect(mine.body.items.map((a: Json) => `${a.role}@${a.institutionCode}`).sort()).toEqual([`moderator@${FAR}`, `school-admin@${OWN}`]);
    const admins = await call(operator, 'GET', `/v1/role-assignments?role=school-admin&institutionCode=${OWN}`);
    expect(admins.body.items.map((a: Json) => a.sub)).toContain(subs.twoRoles);
    const me = await call(token, 'GET', '/v1/me');
    expect(me.body.roles).toEqual(['staff', 'school-admin', 'moderator']);

    const revoked = await raw(operator, 'DELETE', `/v1/role-assignments/${subs.twoRoles}/moderator?institutionCode=${FAR}`);
    expect(revoked.status).toBe(204);
    // The token still verifies (cognito-local cannot sign out; Cognito would end its refresh), and is refused at once.
    expect(await patch()).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    expect((await call(token, 'GET', `/v1/institutions/${OWN}/progress`)).status).toBe(200);
    expect((await call(operator, 'GET', `/v1/groups/${group.body.groupId}`)).body.displayName).toBe('Circolare');

    // The refusal is on the record, by actor.
    const trail = await stack.db.send(
      new QueryCommand({
        TableName: stack.runtime.resources.tables.audit,
        IndexName: 'byActor',
        KeyConditionExpression: 'actor = :a',
        ExpressionAttributeValues: { ':a': subs.twoRoles },
      }),
    );
    expect(trail.Items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'route.updateGroup', outcome: 'refused', reason: 'role_not_allowed' })]),
    );
  });
});

/*
 * The attack table, through the HTTP API, generated from the catalog: every non-public route,
 * called by the school admin, officer, moderator and regional support agent of OWN with every
 * path parameter, query and body field that names an institution, a member or a resource filled
 * with one of FAR's. Other fields get a valid value by name. A route whose request cannot be
 * built this way fails the test until it is listed below with the reason.
 */
const NOT_GENERIC: Record<string, string> = {
  getMe: 'acts only on the caller’s own account: there is no other institution’s target to name',
  changeMyPassword: 'acts only on the caller’s own account (Cognito checks the caller’s own token)',
  setMyAlternateEmail: 'acts only on the caller’s own member record (found by the token’s login); attacked in alternate-email.test.ts',
  verifyMyAlternateEmail: 'acts only on the caller’s own member record; another member’s code is refused in alternate-email.test.ts',
  removeMyAlternateEmail: 'acts only on the caller’s own member record (found by the token’s login)',
  getImportFormat: 'the profile’s import columns and rules: the same for every institution, no member data to cross to',
  getImportTemplate: 'an empty CSV with the profile’s header row: the same for every institution, no member data',
  listInstitutions: 'a listing scoped to the caller’s own institutions, no parameter names one: attacked below (FAR never in it)',
};

describe('no role of one institution reaches another, on any route (generated from the catalog, it-miur)', () => {
  /** FAR's resources, by the path segment that names them. */
  const resources: Record<string, string> = {};

  beforeAll(async () => {
    const group = await call(operator, 'POST', '/v1/groups', { name: `autz-far-${Date.now()}`, institutionCode: FAR, postingMode: 'open' });
    const job = await call(operator, 'POST', '/v1/imports', { format: 'csv', institutionCode: FAR });
    const mailbox = `autz.shared.${Date.now()}@posta.istruzione.it`;
    const shared = await call(operator, 'POST', '/v1/shared-mailboxes', { address: mailbox, institutionCode: FAR, model: 'rights' });
    const reset = await call(tokens.farOfficer, 'POST', '/v1/reset-requests', {
      memberId: memberIds.resetTarget,
      form: {
        number: `AUTZ-${Date.now()}`,
        signedOn: '2026-11-02',
        approverName: 'Dirigente',
        approverTitle: 'Preside',
        archivedAt: 'Segreteria',
      },
    });
    const message = await call(operator, 'POST', '/v1/messages', {
      selection: { institutionCodes: [FAR] },
      subject: { it: 'Avviso' },
      body: { it: 'Gentile {{givenName}}, un avviso.' },
    });
    const { alternateEmail: _a, ...late } = italianRow(86_450, FAR);
    const lateRequest = await (
      await fetch(`${stack.api.api}/v1/late-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(late),
      })
    ).json();
    const institutionMailbox = await call(operator, 'POST', '/v1/institution-mailboxes', {
      address: `autz.office.${Date.now()}@posta.istruzione.it`,
      institutionCode: FAR,
      name: 'Segreteria',
      responsibleMemberId: memberIds.resetTarget,
    });
    const change = await call(
      tokens.farOfficer,
      'POST',
      `/v1/institution-mailboxes/${institutionMailbox.body.mailboxId}/responsible-changes`,
      {
        responsibleMemberId: memberIds.staff,
        reason: 'Cambio di incarico',
      },
    );
    for (const [what, out] of Object.entries({ group, job, shared, reset, message, institutionMailbox, change }))
      expect(out.status, `${what}: ${JSON.stringify(out.body)}`).toBeLessThan(300);
    Object.assign(resources, {
      institutions: FAR,
      members: memberIds.resetTarget,
      groups: group.body.groupId,
      'join-requests': memberIds.staff,
      imports: job.body.jobId,
      'late-requests': (lateRequest as Json).requestId,
      'reset-requests': reset.body.requestId,
      'shared-mailboxes': mailbox,
      'institution-mailboxes': institutionMailbox.body.mailboxId,
      'responsible-changes': change.body.changeId,
      'role-assignments': subs.staff,
      lots: launchedLotId,
      forwarding: ROWS.resetTarget.oldAddress,
      messages: message.body.messageId,
      users: loginOf('staff'),
    });
    expect(Object.values(resources).every(Boolean), JSON.stringify(resources)).toBe(true);
  }, 60_000);

  /** A valid value for a field, by its name; FAR's wherever it names an institution or a member. */
  const SAMPLES: Record<string, unknown> = {
    institutionCode: FAR,
    institution: FAR,
    memberId: undefined, // filled with FAR's member below
    memberIds: undefined,
    reason: 'probe',
    decision: 'reject',
    format: 'csv',
    name: 'autz-probe',
    postingMode: 'open',
    model: 'rights',
    supportCode: 'ABCD-EFGH',
    role: 'moderator',
    form: { number: 'AUTZ-PROBE', signedOn: '2026-11-02', approverName: 'X', approverTitle: 'Y', archivedAt: 'Z' },
    selection: { institutionCodes: [FAR] },
    subject: { it: 'Probe' },
    body: { it: 'Probe' },
    address: 'autz.probe@posta.istruzione.it',
    contentType: 'application/pdf',
    size: 1000,
  };
  const sample = (key: string) =>
    key === 'memberId' || key === 'responsibleMemberId'
      ? memberIds.resetTarget
      : key === 'memberIds'
        ? [memberIds.resetTarget]
        : SAMPLES[key];

  function fields(schema: z.ZodType | undefined): Json | undefined {
    const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
    if (!shape) return undefined;
    return Object.fromEntries(Object.keys(shape).flatMap((k) => (sample(k) === undefined ? [] : [[k, sample(k)]])));
  }

  /** The roles the callers hold: their own, and staff (each is a member of OWN). */
  const CALLER_ROLES: string[] = ['school-admin', 'officer', 'moderator', 'support', 'staff'];

  /** The request that targets FAR on this route, or why it cannot be built. */
  function requestFor(route: RouteDef): { path: string; body?: Json; problem?: string } {
    const doc = ROUTE_DOCS[route.id];
    let problem: string | undefined;
    // `{param}` takes FAR's resource of the collection before it (`/groups/{groupId}`); a role is a role.
    const segments = route.path.split('/');
    const path = segments
      .map((segment, i) => {
        const param = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (!param) return segment;
        const value = param === 'role' ? 'moderator' : resources[segments[i - 1] ?? ''];
        if (value === undefined) problem = `no FAR resource for /${segments[i - 1]}/{${param}}`;
        return encodeURIComponent(value ?? '');
      })
      .join('/');
    const query = fields(doc?.query);
    const body = fields(doc?.body);
    // Input matters only where a caller's role passes: the policy refuses everyone else before reading it.
    if (route.allow?.some((r) => CALLER_ROLES.includes(r))) {
      for (const [part, schema, value] of [
        ['query', doc?.query, query ?? {}],
        ['body', doc?.body, body],
      ] as const) {
        if (schema && !schema.safeParse(value).success) problem ??= `no valid ${part} from the samples: ${JSON.stringify(value)}`;
      }
    }
    const search = new URLSearchParams(Object.entries(query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return { path: search ? `${path}?${search}` : path, ...(body && { body }), ...(problem && { problem }) };
  }

  it('every caller of OWN gets 403 on every route aimed at FAR', async () => {
    const routes = ROUTES.filter((r) => r.auth !== 'public' && !(r.id in NOT_GENERIC));
    const callers = ['schoolAdmin', 'officer', 'moderator', 'support'] as const;
    const ROLE_OF = { schoolAdmin: 'school-admin', officer: 'officer', moderator: 'moderator', support: 'support' } as const;
    const unbuildable = routes.flatMap((r) => {
      const { problem } = requestFor(r);
      return problem ? [`${r.id}: ${problem}`] : [];
    });
    expect(unbuildable, 'add a sample for the field, a FAR resource for the segment, or list the route in NOT_GENERIC').toEqual([]);

    const answered = await Promise.all(
      callers.map(async (who) => {
        const wrong: string[] = [];
        for (const route of routes) {
          const { path, body } = requestFor(route);
          const out = await raw(tokens[who], route.method, path, body);
          // The refusal for the right reason: a route the caller's role opens must have reached the
          // institution check (it was exercised, not short-cut by something else).
          const expected =
            route.auth === 'machine'
              ? 'insufficient_scope'
              : route.allow?.some((r) => r === ROLE_OF[who] || r === 'staff')
                ? 'institution_out_of_scope'
                : 'role_not_allowed';
          if (out.status !== 403 || out.code !== expected)
            wrong.push(`${who} ${route.method} ${path} → ${out.status} ${out.code} (want ${expected})`);
        }
        return wrong;
      }),
    );
    expect(answered.flat()).toEqual([]);
    // The targets are untouched: the list is still open, the late request still waits.
    expect((await call(operator, 'GET', `/v1/groups/${resources.groups}`)).body.postingMode).toBe('open');
  }, 120_000);

  it('the read-only auditor, granted by login through the API, reads any institution’s trail, export and check, and the registry; 403 on every other route', async () => {
    const token = tokens.auditor; // signed in before the grant, and kept: the role counts at its next call
    const trail = `/v1/audit?institution=${FAR}`;
    expect(await raw(token, 'GET', trail)).toEqual({ status: 403, code: 'role_not_allowed' });
    const user = await call(operator, 'GET', `/v1/users/${encodeURIComponent(loginOf('auditor'))}`);
    const granted = await call(operator, 'PUT', `/v1/role-assignments/${user.body.sub}`, { role: 'auditor' });
    expect(granted).toMatchObject({ status: 200, body: { role: 'auditor', institutionCode: null, supportScope: null } });
    expect((await call(token, 'GET', '/v1/me')).body.roles).toEqual(['staff', 'auditor']);

    // Deployment-wide, like an operator: FAR's day, a FAR member's trail, the CSV and the chain check.
    const day = new Date().toISOString().slice(0, 10);
    expect((await call(token, 'GET', trail)).body.items.map((i: Json) => i.institution)).toContain(FAR);
    const member = await call(token, 'GET', `/v1/audit?target=${memberIds.resetTarget}`);
    expect(member.body.items.map((i: Json) => i.action)).toContain('member.created');
    const csv = await fetch(`${stack.api.api}/v1/audit.csv?institution=${FAR}`, { headers: { authorization: `Bearer ${token}` } });
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const check = await call(token, 'POST', '/v1/audit/verify', { institutionCode: FAR, day });
    expect(check).toMatchObject({ status: 200, body: { institutionCode: FAR, day, intact: true, firstBreak: null } });
    // The registry, to pick an institution by (codes and names): the whole deployment's, like an operator's.
    const registry: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(token, 'GET', `/v1/institutions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      registry.push(...page.body.items.map((i: Json) => i.code));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(registry).toEqual(expect.arrayContaining([OWN, FAR]));
    // Narrowed by a code prefix as a picker asks (any case); a cursor of another prefix is refused, not followed.
    const narrowed = await call(token, 'GET', '/v1/institutions?prefix=autz&limit=1');
    expect(narrowed.body.items.map((i: Json) => i.code)).toEqual([FAR]);
    expect(
      (await call(token, 'GET', `/v1/institutions?prefix=autz&cursor=${encodeURIComponent(narrowed.body.nextCursor)}`)).body.items,
    ).toEqual([expect.objectContaining({ code: OWN })]);
    const foreign = await call(token, 'GET', `/v1/institutions?prefix=AUTZO&cursor=${encodeURIComponent(narrowed.body.nextCursor)}`);
    expect([foreign.status, JSON.stringify(foreign.body)]).toEqual([400, expect.stringContaining('cursor_invalid')]);

    // Every other route — every write among them (a support reset, a role grant, an import…) — is refused.
    const READS = ['queryAudit', 'exportAudit', 'verifyAudit', 'listInstitutions'];
    const wrong: string[] = [];
    for (const route of ROUTES.filter((r) => r.auth !== 'public' && !(r.id in NOT_GENERIC) && !READS.includes(r.id))) {
      const { path, body } = requestFor(route);
      const out = await raw(token, route.method, path, body);
      // The auditor is also staff of OWN: a staff route aimed at FAR is refused by the institution check.
      const expected =
        route.auth === 'machine' ? 'insufficient_scope' : route.allow?.includes('staff') ? 'institution_out_of_scope' : 'role_not_allowed';
      if (out.status !== 403 || out.code !== expected) wrong.push(`${route.method} ${path} → ${out.status} ${out.code} (want ${expected})`);
    }
    expect(wrong).toEqual([]);
    // Its reads are on the record like everyone's, under `none` (deployment-wide), as `auditor`.
    const reads = await call(operator, 'GET', `/v1/audit?actor=${subs.auditor}&limit=200`);
    expect(reads.body.items).toContainEqual(
      expect.objectContaining({ action: 'audit.queried', role: 'auditor', institution: 'none', target: FAR, outcome: 'success' }),
    );
    expect(reads.body.items).toContainEqual(expect.objectContaining({ action: 'route.grantRole', outcome: 'refused' }));
  }, 60_000);

  it('the institution list of every caller of OWN never holds FAR, on any page (the school admin’s holds OWN)', async () => {
    for (const who of ['schoolAdmin', 'officer', 'moderator', 'support'] as const) {
      const codes: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(tokens[who], 'GET', `/v1/institutions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status, `${who}: ${JSON.stringify(page.body)}`).toBe(200);
        codes.push(...page.body.items.map((i: Json) => i.code));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(codes, who).not.toContain(FAR);
      if (who === 'schoolAdmin') expect(codes).toContain(OWN);
    }
  });

  it('the member search of every caller of OWN never finds FAR’s members: not by exact login, national ID, name or phone', async () => {
    const farPeople = ['staff', 'farOfficer', 'resetTarget'] as const;
    const farIds = new Set(farPeople.map((p) => memberIds[p]));
    const target = ROWS.resetTarget;
    // Exact lookups are deployment-wide (no institution named) and answer only within the caller's reach.
    const queries: Array<Record<string, string>> = [
      { q: loginOf('resetTarget') },
      { q: target.nationalId },
      { q: target.familyName },
      { q: target.phone.slice(-6) },
      { q: loginOf('resetTarget').split('@')[0] ?? '' },
      {},
    ];
    for (const who of ['schoolAdmin', 'officer'] as const) {
      for (const query of queries) {
        const out = await call(tokens[who], 'GET', `/v1/members?${new URLSearchParams(query)}`);
        expect(out.status, `${who} ${JSON.stringify(query)}: ${JSON.stringify(out.body)}`).toBe(200);
        const found = out.body.items as Json[];
        expect(
          found.filter((m) => farIds.has(m.memberId) || m.institutionCode === FAR),
          `${who} ${JSON.stringify(query)}`,
        ).toEqual([]);
      }
    }
    // The regional agent reaches OWN's region only: FAR's exact hits are empty, a search without an institution is 400.
    for (const q of [loginOf('resetTarget'), target.nationalId]) {
      expect((await call(tokens.support, 'GET', `/v1/members?${new URLSearchParams({ q })}`)).body).toEqual({
        items: [],
        nextCursor: null,
      });
    }
    expect((await call(tokens.support, 'GET', `/v1/members?q=${encodeURIComponent(target.familyName)}`)).status).toBe(400);
    // The same lookups find them for the officer of FAR: the refusals above are the boundary, not missing data.
    const own = await call(tokens.farOfficer, 'GET', `/v1/members?${new URLSearchParams({ q: target.nationalId })}`);
    expect(own.body.items.map((m: Json) => m.memberId)).toEqual([memberIds.resetTarget]);
  });

  it('the shared-mailbox list never shows FAR’s to OWN’s regional agent, with or without an institution named', async () => {
    expect((await call(tokens.support, 'GET', `/v1/shared-mailboxes?institutionCode=${FAR}`)).body.code).toBe('institution_out_of_scope');
    const unnamed = await call(tokens.support, 'GET', '/v1/shared-mailboxes');
    expect(unnamed).toMatchObject({ status: 400, body: { errors: [{ field: 'query.institutionCode', code: 'institution_required' }] } });
    expect((await call(operator, 'GET', `/v1/shared-mailboxes?institutionCode=${FAR}`)).body.items.map((b: Json) => b.address)).toContain(
      resources['shared-mailboxes'],
    );
  });
});
