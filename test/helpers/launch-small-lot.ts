import { expect } from 'vitest';
import { queryAll } from '../../shared/clients/dynamo-helpers';
import type { Json } from './api-client';
import { drained } from './drain';
import { eventually, sesStore } from './local-clients';
import { launchMoment, type ProfileStack, runJob, untilPast } from './profile-stack';
import { type StaffRow, toCsv } from './staff-fixtures';

/**
 * Imports `rows` (all of one institution, or of the few named), puts them in a lot of its own,
 * launches it with the launch-lots job (as of a moment from now, once it has passed — or as of
 * `lot.launchAt`) and waits until SES holds every notice and the queues are drained, then runs the
 * launcher once more, which marks the lot launched (every member notified): the start of a file
 * that needs notified members. Returns the lot and the member ids, in the order of `rows`.
 * `rows` come from the file's own `italianRow` range (see staff-fixtures): the it-miur stack is shared.
 */
export async function launchSmallLot(
  { runtime, api, db }: Pick<ProfileStack, 'runtime' | 'api' | 'db'>,
  operator: string,
  lot: { name: string; institutionCode: string | string[]; rows: StaffRow[]; launchAt?: string },
): Promise<{ lot: Json; memberIds: string[] }> {
  const { rows } = lot;
  expect((await api.runImport(operator, toCsv(rows))).counts.created).toBe(rows.length);
  const created = (
    await api.call(operator, 'POST', '/v1/lots', {
      name: lot.name,
      launchAt: lot.launchAt ?? launchMoment(),
      selection: { kind: 'institutions', institutionCodes: [lot.institutionCode].flat() },
    })
  ).body;
  if (!lot.launchAt) await untilPast(created.launchAt);
  await runJob(runtime, 'launch-lots', created.launchAt);
  const notices = await eventually(
    async () => (await sesStore(runtime)).filter((m) => rows.some((r) => m.destination.to.includes(r.oldAddress))),
    (list) => list.length >= rows.length,
    60_000,
  );
  expect(notices).toHaveLength(rows.length);
  await drained(runtime, ['provision', 'email']);
  await runJob(runtime, 'launch-lots', created.launchAt);
  // Member ids, read back from the lot's index (gsi2 `LOT#<id>`) and matched to the rows by address.
  const items = await queryAll(db, {
    TableName: runtime.resources.tables.directory,
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :l',
    ExpressionAttributeValues: { ':l': `LOT#${created.lotId}` },
  });
  const byAddress = new Map(items.map((m) => [m.oldAddress as string, m.memberId as string]));
  const memberIds = rows.map((r) => byAddress.get(r.oldAddress) ?? 'missing');
  expect(memberIds).not.toContain('missing');
  return { lot: created, memberIds };
}
