import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/api-client';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { scanTable } from '../helpers/local-clients';
import { productMadeSchoolAdmin } from '../helpers/product-made-admin';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/**
 * An attacker's review of the routes added most recently (issue #16), on the shared it-miur stack:
 * what the route files of each area did not prove yet. A school admin the product made (import +
 * launch, role granted through the API) of BNDA0001 tries to reach BNDB0001 through each route;
 * the institution must be decided on the server whatever the request names.
 */
const A = 'BNDA0001';
const B = 'BNDB0001';
const adminRow = italianRow(250_000, A);
/** A member of B, imported, never notified: a notice would open their activation window. */
const victim = italianRow(250_001, B);

let stack: ProfileStack;
let operator: string;
let admin: { token: string; login: string };
let victimId: string;
let jobOfB: Json;
const loginOf = (r: StaffRow) => r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');

async function memberOf(r: StaffRow): Promise<Json> {
  const table = stack.runtime.resources.tables.directory;
  const { Item: address } = await stack.db.send(new GetCommand({ TableName: table, Key: { pk: `ADDRESS#${loginOf(r)}`, sk: 'ADDRESS' } }));
  const { Item } = await stack.db.send(new GetCommand({ TableName: table, Key: { pk: `MEMBER#${address?.memberId}`, sk: 'MEMBER' } }));
  return Item as Json;
}

beforeAll(async () => {
  stack = await profileStack('it-miur');
  operator = await stack.api.tokenOf('operator');
  await launchSmallLot(stack, operator, { name: 'Boundaries (recent routes)', institutionCode: A, rows: [adminRow] });
  admin = await productMadeSchoolAdmin(stack, operator, adminRow);
  jobOfB = await stack.api.runImport(operator, toCsv([victim]), 'csv', B);
  expect(jobOfB.counts).toMatchObject({ created: 1 });
  victimId = (await memberOf(victim)).memberId;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('recent routes: the institution is decided on the server', () => {
  it('activation notices: another institution’s member named in one’s own institution’s notices is skipped, never notified', async () => {
    const own = `/v1/institutions/${A}/activation-notices`;
    const sent = await stack.api.call(admin.token, 'POST', own, { memberIds: [victimId] });
    expect(sent).toEqual({ status: 202, body: { queued: 0, skipped: 1 } });
    // Nothing queued, so nothing opened: the member of B is as the import left them.
    const after = await memberOf(victim);
    expect(after.state).toBe('pending');
    expect(after.activationWindowEndsAt).toBeUndefined();
    // B's own route is out of scope; a malformed id is a 400 naming the item; staff are refused.
    expect((await stack.api.call(admin.token, 'POST', `/v1/institutions/${B}/activation-notices`, {})).body).toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    const bad = await stack.api.call(admin.token, 'POST', own, { memberIds: ['../MEMBER#x'] });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(JSON.stringify(bad.body.errors)).toContain('body.memberIds.0');
    expect((await stack.api.call(await stack.api.tokenOf('staff'), 'POST', own, { memberIds: [victimId] })).status).toBe(403);
  });

  it('imports: another institution’s job is 403 for a school admin (stalled flag or not); the view names no object key or creator', async () => {
    const read = await stack.api.call(admin.token, 'GET', `/v1/imports/${jobOfB.jobId}`);
    expect(read.body).toMatchObject({ status: 403, code: 'institution_out_of_scope' });
    const mine = await stack.api.call(operator, 'GET', `/v1/imports/${jobOfB.jobId}`);
    expect(mine.body).toMatchObject({ jobId: jobOfB.jobId, stalled: false });
    expect(Object.keys(mine.body)).not.toEqual(expect.arrayContaining(['objectKey']));
    expect(Object.keys(mine.body)).not.toEqual(expect.arrayContaining(['createdBy']));
    expect((await stack.api.call(admin.token, 'POST', `/v1/imports/${jobOfB.jobId}/resume`)).body.code).toBe('role_not_allowed');
  });

  it('audit by actor login: a school admin is refused (operators_only) and the refusal is on the record', async () => {
    const asked = await stack.api.call(admin.token, 'GET', `/v1/audit?actor=${encodeURIComponent(loginOf(victim))}`);
    expect(asked.body).toMatchObject({ status: 403, code: 'operators_only' });
    const records = (await scanTable(stack.db, stack.runtime.resources.tables.audit)).filter(
      (r) => r.action === 'audit.queried' && r.outcome === 'refused' && r.target === `actor:${loginOf(victim)}`,
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ role: expect.stringContaining('school-admin'), reason: 'operators_only', institution: 'none' });
  });

  it('channel-change confirmation: operators only; a bad member id is a 400 naming the path param', async () => {
    const path = `/v1/members/${victimId}/channel-change/confirm`;
    expect((await stack.api.call(admin.token, 'POST', path, { reason: 'the school says so' })).status).toBe(403);
    expect((await stack.api.call(await stack.api.tokenOf('support'), 'POST', path, { reason: 'ticket 1' })).status).toBe(403);
    const bad = await stack.api.call(operator, 'POST', '/v1/members/not-a-member/channel-change/confirm', { reason: 'ticket 1' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(JSON.stringify(bad.body)).toContain('path.memberId');
    // Nothing held for this member: a 409, and no hold is invented.
    expect((await stack.api.call(operator, 'POST', path, { reason: 'ticket 1' })).body.code).toBe('channel_change_not_held');
  });

  it('the support page of another institution’s member is 403 for a school admin; its channelHold names no phone', async () => {
    expect((await stack.api.call(admin.token, 'GET', `/v1/support/members/${victimId}`)).status).toBe(403);
    const page = await stack.api.call(await stack.api.tokenOf('support'), 'GET', `/v1/support/members/${victimId}`);
    expect(page.status).toBe(200);
    expect(page.body.channelHold).toBeNull();
    expect(JSON.stringify(page.body)).not.toContain(victim.phone);
    expect(JSON.stringify(page.body)).not.toContain(victim.nationalId);
  });
});
