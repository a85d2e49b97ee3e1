import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import { EMPTY_COUNTS, type ImportCounts, type ImportJob } from '../../shared/imports/import-job';
import type { ImportStore } from '../../shared/imports/import-store';
import { lastPreparedFile } from '../../shared/imports/prepare-import';
import { type ChunkDeps, type ChunkMessage, processImportChunk } from '../../shared/imports/process-import-chunk';
import type { Member } from '../../shared/members/member';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { loadProfile } from '../../shared/profiles';
import type { RowProblem } from '../../shared/staff';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

/** In-memory stores with the same idempotency rules as the DynamoDB ones. */
function world(file: string) {
  const job: ImportJob = {
    jobId: 'j1',
    state: 'queued',
    format: 'csv',
    institutionCode: null,
    objectKey: 'k',
    createdBy: 'op',
    createdAt: '',
    startedAt: null,
    finishedAt: null,
    counts: { ...EMPTY_COUNTS },
    failure: null,
  };
  const chunks = new Set<number>();
  const problems = new Map<string, RowProblem>();
  const members = new Map<string, Member>();
  const addresses = new Map<string, string>();
  const queued: ChunkMessage[] = [];
  const audits: string[] = [];
  const pending = new Map<string, number>();
  const fileReads = { count: 0 };
  const crash = { atCount: false };
  const batches: number[] = [];
  const jobs: ImportStore = {
    create: async () => undefined,
    get: async () => structuredClone(job),
    async transition(_id, from, to, set = {}) {
      if (!from.includes(job.state)) return false;
      Object.assign(job, set, { state: to });
      return true;
    },
    saveProblems: async (_id, list) => {
      for (const [i, p] of list.entries()) problems.set(`${p.row}#${p.field}#${i}`, p);
    },
    listProblems: async () => ({ items: [], nextCursor: null }),
    async countChunk(_id, offset, counts, pendingByInstitution = {}) {
      if (crash.atCount) {
        crash.atCount = false;
        throw new Error('consumer crashed before counting the chunk');
      }
      if (chunks.has(offset)) return false;
      chunks.add(offset);
      for (const [institution, n] of Object.entries(pendingByInstitution)) pending.set(institution, (pending.get(institution) ?? 0) + n);
      for (const [k, v] of Object.entries(counts)) job.counts[k as keyof ImportCounts] += v ?? 0;
      return true;
    },
  };
  const memberStore: ChunkDeps['members'] = {
    getMany: async (ids) => new Map(ids.filter((id) => members.has(id)).map((id) => [id, structuredClone(members.get(id) as Member)])),
    async enrolTogether(list) {
      const refused = list.some((m) => members.has(m.memberId) || (addresses.get(m.address) ?? m.memberId) !== m.memberId);
      if (refused) return false;
      for (const m of list) {
        addresses.set(m.address, m.memberId);
        members.set(m.memberId, m);
      }
      batches.push(list.length);
      return true;
    },
    async createUncounted(m) {
      if (members.has(m.memberId)) return false;
      members.set(m.memberId, m);
      return true;
    },
    updateImported: async () => true,
    async claimAddress(address, memberId) {
      const owner = addresses.get(address);
      if (owner && owner !== memberId) return false;
      addresses.set(address, memberId);
      return true;
    },
  };
  const deps: ChunkDeps = {
    jobs,
    members: memberStore,
    audit: {
      record: async (e: { action: string }) => void audits.push(e.action),
      recordMany: async (list: Array<{ action: string }>) => void audits.push(...list.map((e) => e.action)),
    },
    readFile: async () => {
      fileReads.count++;
      return file;
    },
    enqueueChunk: async (m: ChunkMessage) => void queued.push(m),
    announceChannelChange: async () => undefined,
    hashNationalId: nationalIdHasher('k'.repeat(32)),
    profile: loadProfile('it-miur'),
    clock: fixedClock('2027-01-10T08:00:00Z'),
    requestId: 'r',
    chunkRows: 3,
  };
  return { job, deps, queued, members, problems, audits, addresses, pending, fileReads, crash, batches };
}

describe('processImportChunk', () => {
  it('walks a file chunk by chunk, each chunk queuing the next, and completes with exact counts', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => italianRow(i));
    rows[4] = { ...rows[4], phone: 'bad' } as (typeof rows)[number];
    const w = world(toCsv(rows));
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
    expect(w.queued).toEqual([{ jobId: 'j1', offset: 3 }]);
    while (w.queued.length > 0) await processImportChunk(w.queued.shift() as ChunkMessage, w.deps);
    expect(w.job.state).toBe('completed');
    expect(w.job.counts).toEqual({ rows: 8, processed: 8, created: 7, updated: 0, unchanged: 0, rejected: 1 });
    expect([...w.problems.values()]).toEqual([expect.objectContaining({ row: 5, field: 'phone', code: 'phone_invalid' })]);
    expect(w.audits.filter((a) => a === 'member.created')).toHaveLength(7);
  });

  it('a redelivered chunk writes nothing twice and counts nothing twice', async () => {
    const w = world(toCsv(Array.from({ length: 5 }, (_, i) => italianRow(i))));
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
    w.job.state = 'running';
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
    expect(w.job.counts).toMatchObject({ created: 3, processed: 3 });
    expect(w.members.size).toBe(3);
    expect(w.queued).toEqual([
      { jobId: 'j1', offset: 3 },
      { jobId: 'j1', offset: 3 },
    ]);
  });

  it('counts the pending members per institution with the chunk, exactly once, even after a crash before the count', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => italianRow(i, i === 2 ? 'RMIC00002' : 'RMIC00001'));
    const w = world(toCsv(rows));
    w.crash.atCount = true;
    await expect(processImportChunk({ jobId: 'j1', offset: 0 }, w.deps)).rejects.toThrow('crashed');
    expect(w.members.size).toBe(3); // written, but neither counted nor queued on
    expect(w.pending.size).toBe(0);
    w.job.state = 'running';
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps); // the message comes back
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps); // and once more
    expect(w.job.counts).toMatchObject({ created: 3, unchanged: 0, processed: 3 });
    expect(Object.fromEntries(w.pending)).toEqual({ RMIC00001: 2, RMIC00002: 1 });
    expect(w.audits.filter((a) => a === 'member.created').length).toBeGreaterThanOrEqual(3);
  });

  it('validates a file once per job on an instance that keeps it, and per chunk on one that does not', async () => {
    const csv = toCsv(Array.from({ length: 8 }, (_, i) => italianRow(i)));
    const run = async (w: ReturnType<typeof world>) => {
      await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
      while (w.queued.length > 0) await processImportChunk(w.queued.shift() as ChunkMessage, w.deps);
      return w;
    };
    const kept = world(csv);
    const keeping = await run({ ...kept, deps: { ...kept.deps, prepared: lastPreparedFile() } });
    const fresh = await run(world(csv));
    expect(keeping.fileReads.count).toBe(1);
    expect(fresh.fileReads.count).toBe(3);
    expect(keeping.job.counts).toEqual(fresh.job.counts);
  });

  it('writes new members in one transaction per batch, and a batch that meets a taken address goes row by row', async () => {
    const csv = toCsv(Array.from({ length: 3 }, (_, i) => italianRow(i)));
    const clean = world(csv);
    await processImportChunk({ jobId: 'j1', offset: 0 }, clean.deps);
    expect(clean.batches).toEqual([3]);
    const second = [...clean.members.values()].find((m) => m.phone === italianRow(1).phone) as Member;

    const w = world(csv);
    w.addresses.set(second.address, 'm-someone-else');
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
    expect(w.batches).toEqual([]); // refused whole, written nothing
    expect(w.members.size).toBe(2);
    expect([...w.problems.values()]).toEqual([expect.objectContaining({ row: 2, code: 'address_taken' })]);
    expect(w.job.counts).toMatchObject({ created: 2, rejected: 1 });
  });

  it('allocates name-built addresses with deterministic suffixes in file order', async () => {
    const base = italianRow(0);
    const rows = [0, 1, 2].map((i) => ({ ...italianRow(i), givenName: base.givenName, familyName: base.familyName, oldAddress: '' }));
    const w = world(toCsv(rows));
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
    const byRow = [...w.members.values()].sort((a, b) => a.nidLast3.localeCompare(b.nidLast3));
    expect(new Set(byRow.map((m) => m.address))).toEqual(
      new Set(['mario.rossi@posta.istruzione.it', 'mario.rossi2@posta.istruzione.it', 'mario.rossi3@posta.istruzione.it']),
    );
    const firstRowMember = [...w.members.values()].find((m) => m.phone === rows[0]?.phone);
    expect(firstRowMember?.address).toBe('mario.rossi@posta.istruzione.it');
  });

  it('stops at a finished job', async () => {
    const w = world(toCsv([italianRow(0)]));
    w.job.state = 'completed';
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
    expect(w.members.size).toBe(0);
  });
});
