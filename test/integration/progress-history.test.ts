import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/api-client';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { productMadeSchoolAdmin } from '../helpers/product-made-admin';
import { type ProfileStack, profileStack, runJob } from '../helpers/profile-stack';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Members by state over time (it-miur, the shared stack): staff the product made (import + lot
 * launched by `npm run job`), the `progress-snapshot` job run as of two days through the same
 * command, and the history route as the school admins of two institutions and an operator see it.
 */
const A = 'PHST0001';
const B = 'PHST0002';
const adminA = italianRow(240_000, A);
const adminB = italianRow(240_001, B);
const teacher = italianRow(240_002, A);

let stack: ProfileStack;
let operator: string;
let tokenA: string;
let tokenB: string;
const history = (token: string, code: string, query = '') =>
  stack.api.call(token, 'GET', `/v1/institutions/${code}/progress/history${query}`);
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await profileStack('it-miur');
  operator = await stack.api.tokenOf('operator');
  await launchSmallLot(stack, operator, { name: 'Progress history', institutionCode: [A, B], rows: [adminA, adminB, teacher] });
  tokenA = (await productMadeSchoolAdmin(stack, operator, adminA)).token;
  tokenB = (await productMadeSchoolAdmin(stack, operator, adminB)).token;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('progress history: the daily snapshot and GET …/progress/history', () => {
  it('no snapshot yet: an empty history; the job run as of two days gives two days, equal to the counters', async () => {
    const empty = await history(tokenA, A, '?days=7');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ institutionCode: A, to: dayOf(new Date()), days: [] });

    const now = new Date();
    const yesterday = new Date(now.getTime() - 86_400_000);
    expect(await runJob(stack.runtime, 'progress-snapshot', yesterday.toISOString())).toMatch(/"institutions": [1-9]/);
    await runJob(stack.runtime, 'progress-snapshot', now.toISOString());

    const progress = (await stack.api.call(tokenA, 'GET', `/v1/institutions/${A}/progress`)).body;
    // Two launched members here; the admin signed in (activated), the teacher was told (notified).
    expect(progress).toMatchObject({ pending: 0, activated: 1, notified: 1 });
    const answer = (await history(tokenA, A, '?days=7')).body as Json;
    expect(answer.days.map((d: Json) => d.day)).toEqual([dayOf(yesterday), dayOf(now)]);
    for (const d of answer.days) expect(d.counts).toEqual(progress);
    expect(answer.days[1].takenAt).toBe(now.toISOString());
    // One day back only: today.
    expect((await history(tokenA, A, '?days=1')).body.days.map((d: Json) => d.day)).toEqual([dayOf(now)]);
  }, 60_000);

  it('a rerun of a day overwrites it with the counts of then (one new pending member), never adds a day', async () => {
    expect((await stack.api.runImport(operator, toCsv([italianRow(240_003, A)]))).counts.created).toBe(1);
    const now = new Date();
    await runJob(stack.runtime, 'progress-snapshot', now.toISOString());
    const days = (await history(tokenA, A, '?days=7')).body.days as Json[];
    expect(days).toHaveLength(2);
    expect(days[0]?.counts.pending).toBe(0);
    expect(days[1]?.counts).toEqual((await stack.api.call(tokenA, 'GET', `/v1/institutions/${A}/progress`)).body);
    expect(days[1]?.counts.pending).toBe(1);
    // B's own history is B's counters: one activated admin.
    const b = (await history(tokenB, B, '?days=7')).body.days as Json[];
    expect(b.at(-1)?.counts).toMatchObject({ activated: 1, pending: 0, notified: 0 });
  }, 60_000);

  it('the operator reads any institution; another school’s admin, support and staff get 403; a bad `days` is a 400 naming the field', async () => {
    expect((await history(operator, A, '?days=400')).status).toBe(200);
    expect((await history(tokenB, A)).status).toBe(403);
    expect((await history(tokenA, B)).status).toBe(403);
    for (const role of ['support', 'staff'] as const) expect((await history(await stack.api.tokenOf(role), A)).status).toBe(403);
    for (const bad of ['0', '401', 'abc', '2.5', '-3']) {
      const res = await history(tokenA, A, `?days=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body, bad).toMatchObject({ code: 'validation_failed', field: 'query.days' });
    }
  }, 60_000);
});
