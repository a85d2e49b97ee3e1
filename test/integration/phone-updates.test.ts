import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { sesStore } from '../helpers/local-clients';
import { productMadeSchoolAdmin } from '../helpers/product-made-admin';
import { type ProfileStack, profileStack, runJob } from '../helpers/profile-stack';
import { italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/*
 * Issue #17 part 3 through the HTTP API (it-miur, shared stack): staff without a usable mobile.
 * The school admin is a member the product made (import + launch + first sign-in with the SMS
 * password), granted the role through the API. One member's phone refuses SMS (the sink plays the
 * recipient having replied STOP), so the launch cannot deliver their temporary password.
 */
const SCHOOL = 'PHUP0001';
const N = 170_000; // italianRow indexes of this file (see staff-fixtures)
const row = (i: number): StaffRow => italianRow(N + i, SCHOOL);
const ADMIN = row(0);
const REFUSED = row(1); // the sink refuses SMS to this number
const LANDLINE = { ...row(2), phone: '+39 06 1234 5678' };
const NO_PHONE = { ...row(3), phone: '' };
const NOBODY = { ...row(4), phone: '+39 12', nationalId: 'NOTACODICEFISCA' }; // neither the phone nor the ID valid

let stack: ProfileStack;
let operator: string;
let admin: string;
let adminLogin: string;

const list = (token: string, query = '') => stack.api.call(token, 'GET', `/v1/institutions/${SCHOOL}/phone-updates${query}`);

const emailQueueDrained = () => drained(stack.runtime, ['email']);

const digestsTo = async (login: string) =>
  (await sesStore(stack.runtime)).filter((m) => m.destination.to.includes(login) && m.subject.includes(SCHOOL));

beforeAll(async () => {
  stack = await profileStack('it-miur');
  operator = await stack.api.tokenOf('operator');
  await stack.api.registerInstitutions([SCHOOL]);
  // The recipient of REFUSED's number replied STOP: SNS refuses every SMS to it from now on.
  expect((await fetch(`${stack.runtime.urls.sms}/opted-out/${encodeURIComponent(REFUSED.phone)}`, { method: 'PUT' })).status).toBe(204);
  await launchSmallLot(stack, operator, { name: 'Phone updates', institutionCode: SCHOOL, rows: [ADMIN, REFUSED] });
  ({ token: admin, login: adminLogin } = await productMadeSchoolAdmin(stack, operator, ADMIN));
}, 180_000);

afterAll(() => stack?.stop());

describe('staff without a usable mobile go on their institution’s phone-update list (it-miur)', () => {
  it('the launch could not send a temporary password to a number SNS refuses: the notice says so, the member is listed', async () => {
    const notice = (await sesStore(stack.runtime)).find((m) => m.destination.to.includes(REFUSED.oldAddress));
    expect(notice?.body.text).toMatch(/non è stato possibile inviarLe la password temporanea tramite SMS|could not be sent by SMS/i);
    expect(notice?.body.text).not.toMatch(/Le sarà inviata tramite SMS al numero/);
    const fine = (await sesStore(stack.runtime)).find((m) => m.destination.to.includes(ADMIN.oldAddress));
    expect(fine?.body.text).toMatch(/Le sarà inviata tramite SMS|will be sent by SMS/);

    const page = await list(admin);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ reason: 'sms_rejected', source: 'sms', givenName: REFUSED.givenName, reachableByEmail: true }),
    ]);
    expect(page.body.items[0].memberId).toMatch(/^m-/);
    expect(page.body.items[0].phoneMasked).toMatch(/^\+39\*+\d{3}$/);
  });

  it('every import row with a missing, invalid or landline phone, refused or not, lists the person with the reason; a dry run lists nobody', async () => {
    const file = toCsv([ADMIN, REFUSED, LANDLINE, NO_PHONE, NOBODY]);
    const dry = await stack.api.runImport(operator, file, 'csv', SCHOOL, { validateOnly: true });
    expect(dry.state).toBe('completed');
    expect((await list(admin)).body.items).toHaveLength(1);

    const job = await stack.api.runImport(operator, file, 'csv', SCHOOL);
    expect(job).toMatchObject({ state: 'completed', counts: { unchanged: 2, rejected: 3 } });
    const byName = Object.fromEntries((await list(admin)).body.items.map((e: Json) => [e.familyName + e.givenName + e.reason, e]));
    expect(Object.keys(byName)).toHaveLength(4);
    expect(byName[`${LANDLINE.familyName}${LANDLINE.givenName}phone_not_mobile`]).toMatchObject({
      memberId: null,
      source: 'import',
      importJobId: job.jobId,
      row: 3,
      nationalIdLast3: LANDLINE.nationalId.slice(-3),
    });
    expect(byName[`${NO_PHONE.familyName}${NO_PHONE.givenName}phone_missing`]).toMatchObject({ row: 4, memberId: null });
    // A row with neither a valid national ID nor a valid phone is still somebody: listed by name.
    expect(byName[`${NOBODY.familyName}${NOBODY.givenName}phone_invalid`]).toMatchObject({ nationalIdLast3: null, row: 5 });
    expect(byName[`${NOBODY.familyName}${NOBODY.givenName}phone_invalid`].personKey).toMatch(/^n-/);
    // The same refused number again keeps the member on the list.
    expect(byName[`${REFUSED.familyName}${REFUSED.givenName}sms_rejected`]).toBeDefined();
  }, 90_000);

  it('pages with a cursor, as CSV too; refuses a forged cursor, a bad limit, and another institution’s school admin', async () => {
    const first = await list(admin, '?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await list(admin, `?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(new Set([...first.body.items, ...second.body.items].map((e: Json) => e.personKey)).size).toBe(4);

    const forged = Buffer.from(JSON.stringify({ pk: 'PHONEUPD#DEMO001', sk: 'PERSON#x' })).toString('base64url');
    expect(await list(admin, `?cursor=${forged}`)).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect((await list(admin, `?cursor=${forged}`)).body.errors[0]).toMatchObject({ field: 'query.cursor', code: 'cursor_invalid' });
    expect((await list(admin, '?limit=0')).body).toMatchObject({ code: 'validation_failed', field: 'query.limit' });

    const demoAdmin = await stack.api.tokenOf('school-admin');
    expect(await list(demoAdmin)).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    expect((await stack.api.call(admin, 'GET', '/v1/institutions/DEMO001/phone-updates')).status).toBe(403);

    const csv = await fetch(`${stack.api.api}/v1/institutions/${SCHOOL}/phone-updates.csv`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'personKey,memberId,givenName,familyName,nationalIdLast3,reason,phone,reachableByEmail,source,importJobId,row,listedAt',
    );
    expect(lines).toHaveLength(5);
    expect(lines.join('\n')).not.toContain(LANDLINE.nationalId);
  });

  it('the weekly digest tells the school admin how many, in their language, once a week however often it runs', async () => {
    await runJob(stack.runtime, 'phone-update-digest', '2027-02-01T07:00:00Z');
    await runJob(stack.runtime, 'phone-update-digest', '2027-02-01T09:00:00Z');
    await emailQueueDrained();
    const digests = await digestsTo(adminLogin);
    expect(digests).toHaveLength(1);
    // In the admin's own language: their member record says English (the profile's is Italian).
    expect(ADMIN.locale).toBe('en');
    expect(digests[0]?.subject).toBe(`Staff without a usable mobile number in ${SCHOOL}: 4`);
    expect(digests[0]?.body.text).toContain(`/v1/institutions/${SCHOOL}/phone-updates.csv`);
    // No name in the digest: the list itself is behind the API.
    expect(digests[0]?.body.text).not.toContain(LANDLINE.familyName);
  }, 60_000);

  it('a later import with a valid mobile takes each person off; an empty list gets no digest', async () => {
    const fixed = [
      { ...LANDLINE, phone: italianRow(N + 2).phone },
      { ...NO_PHONE, phone: italianRow(N + 3).phone },
      { ...NOBODY, phone: italianRow(N + 4).phone, nationalId: italianRow(N + 4).nationalId },
      { ...REFUSED, phone: italianRow(N + 9).phone }, // a new number, not the refused one
    ];
    const job = await stack.api.runImport(operator, toCsv(fixed), 'csv', SCHOOL);
    expect(job).toMatchObject({ state: 'completed', counts: { created: 3, updated: 1, rejected: 0 } });
    expect((await list(admin)).body).toEqual({ items: [], nextCursor: null });

    await runJob(stack.runtime, 'phone-update-digest', '2027-02-08T07:00:00Z');
    await emailQueueDrained();
    expect(await digestsTo(adminLogin)).toHaveLength(1); // last week's only
  }, 90_000);
});
