import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { fixedClock } from '../../shared/clock';
import { EMPTY_COUNTS, type ImportCounts, type ImportJob, JOB_DEFAULTS } from '../../shared/imports/import-job';
import type { ImportStore } from '../../shared/imports/import-store';
import { lastPreparedFile } from '../../shared/imports/prepare-import';
import { addressFollows, type ChunkDeps, type ChunkMessage, processImportChunk } from '../../shared/imports/process-import-chunk';
import type { Member } from '../../shared/members/member';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { loadProfile } from '../../shared/profiles';
import type { RowProblem } from '../../shared/staff';
import { encodeLegacy } from '../helpers/legacy-encoding';
import { italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/** In-memory stores with the same idempotency rules as the DynamoDB ones. */
function world(file: string | Uint8Array, options: Partial<ImportJob> = {}) {
  const fresh = (more: Partial<ImportJob>): ImportJob => ({
    ...JOB_DEFAULTS,
    movesMembers: true,
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
    ...more,
  });
  const job = fresh(options);
  let current = file;
  const chunks = new Set<number>();
  const problems = new Map<string, RowProblem>();
  const members = new Map<string, Member>();
  const addresses = new Map<string, string>();
  const queued: ChunkMessage[] = [];
  const audits: string[] = [];
  const records: AuditEntry[] = [];
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
    async countChunk(_id, offset, counts, at, pendingByInstitution = {}) {
      if (crash.atCount) {
        crash.atCount = false;
        throw new Error('consumer crashed before counting the chunk');
      }
      if (chunks.has(offset)) return false;
      chunks.add(offset);
      for (const [institution, n] of Object.entries(pendingByInstitution)) pending.set(institution, (pending.get(institution) ?? 0) + n);
      for (const [k, v] of Object.entries(counts)) job.counts[k as keyof ImportCounts] += v ?? 0;
      job.progressedAt = at;
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
    async updateImported(memberId, fields, previous, address) {
      const m = members.get(memberId);
      if (!m || m.rowHash !== previous.rowHash || (address && m.state !== 'pending')) return 'stale';
      if (address) {
        const owner = addresses.get(address.to);
        if (owner && owner !== memberId) return 'address_taken';
        addresses.delete(address.from);
        addresses.set(address.to, memberId);
        m.address = address.to;
      }
      Object.assign(m, fields);
      return 'updated';
    },
    addressOwners: async (list) => new Map(list.flatMap((a) => (addresses.has(a) ? [[a, addresses.get(a) as string] as const] : []))),
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
      record: async (e: AuditEntry) => void audits.push(e.action),
      recordMany: async (list: AuditEntry[]) => {
        audits.push(...list.map((e) => e.action));
        records.push(...list);
      },
    },
    readFile: async () => {
      fileReads.count++;
      return typeof current === 'string' ? Buffer.from(current) : current;
    },
    // Every institution is registered but UNREG001.
    institutions: { known: async (codes) => new Set(codes.filter((c) => c !== 'UNREG001')) },
    enqueueChunk: async (m: ChunkMessage) => void queued.push(m),
    announceChannelChange: async () => undefined,
    hashNationalId: nationalIdHasher('k'.repeat(32)),
    profile: loadProfile('it-miur'),
    clock: fixedClock('2027-01-10T08:00:00Z'),
    requestId: 'r',
    chunkRows: 3,
  };
  /** Every chunk of the job, one after another. */
  const run = async () => {
    await processImportChunk({ jobId: job.jobId, offset: 0 }, deps);
    while (queued.length > 0) await processImportChunk(queued.shift() as ChunkMessage, deps);
  };
  /** A second import into the same members and addresses: a new job (the same id, fresh state) for `next`. */
  const again = async (next: string | Uint8Array, more: Partial<ImportJob> = {}) => {
    current = next;
    Object.assign(job, fresh({ ...more, jobId: `j${Date.now()}` }));
    chunks.clear();
    problems.clear();
    audits.length = 0;
    records.length = 0;
    await run();
  };
  return { job, deps, queued, members, problems, audits, records, addresses, pending, fileReads, crash, batches, run, again };
}

const problemList = (w: ReturnType<typeof world>) =>
  [...w.problems.values()].sort((a, b) => a.row - b.row).map((p) => [p.row, p.field, p.code]);
const memberOf = (w: ReturnType<typeof world>, phone: string) => [...w.members.values()].find((m) => m.phone === phone) as Member;

describe('processImportChunk', () => {
  it('walks a file chunk by chunk, each chunk queuing the next, and completes with exact counts', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => italianRow(i));
    rows[4] = { ...rows[4], phone: 'bad' } as (typeof rows)[number];
    const w = world(toCsv(rows));
    await processImportChunk({ jobId: 'j1', offset: 0 }, w.deps);
    expect(w.queued).toEqual([{ jobId: 'j1', offset: 3 }]);
    expect(w.job).toMatchObject({ startedAt: '2027-01-10T08:00:00.000Z', progressedAt: '2027-01-10T08:00:00.000Z' });
    // Each counted chunk is progress: the job records when it last moved (what `stalled` reads).
    w.deps.clock = fixedClock('2027-01-10T08:05:00Z');
    while (w.queued.length > 0) await processImportChunk(w.queued.shift() as ChunkMessage, w.deps);
    expect(w.job).toMatchObject({ startedAt: '2027-01-10T08:00:00.000Z', progressedAt: '2027-01-10T08:05:00.000Z' });
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

  it('refuses a school admin’s row naming a member of another institution, without a word about them; an operator’s moves them, audited in both trails', async () => {
    const person = italianRow(0, 'SCHA0001');
    const w = world(toCsv([person]));
    await w.run();
    expect(memberOf(w, person.phone).institutionCode).toBe('SCHA0001');

    const attacker = { ...person, institutionCode: 'SCHB0001', phone: italianRow(99).phone };
    await w.again(toCsv([attacker]), { institutionCode: 'SCHB0001', movesMembers: false });
    expect(problemList(w)).toEqual([[1, 'nationalId', 'member_in_other_institution']]);
    const [problem] = [...w.problems.values()];
    expect(problem?.message).not.toMatch(/SCHA0001|Mario|Rossi|347/);
    expect(memberOf(w, person.phone)).toMatchObject({ institutionCode: 'SCHA0001', phone: person.phone });
    expect(w.job.counts).toMatchObject({ updated: 0, rejected: 1 });

    await w.again(toCsv([{ ...person, institutionCode: 'SCHB0001' }]));
    expect(w.job.counts).toMatchObject({ updated: 1, rejected: 0 });
    expect(memberOf(w, person.phone).institutionCode).toBe('SCHB0001');
    expect(w.records.map((r) => [r.action, r.institution, r.details?.from, r.details?.to])).toEqual([
      ['member.moved', 'SCHB0001', 'SCHA0001', 'SCHB0001'],
      ['member.moved', 'SCHA0001', 'SCHA0001', 'SCHB0001'],
    ]);
  });

  it('a changed old address: a launched member keeps the mailbox (a row problem), a pending one moves to the new address and frees the old one', async () => {
    const [launched, waiting] = [italianRow(0), italianRow(1)];
    const w = world(toCsv([launched, waiting]));
    await w.run();
    memberOf(w, launched.phone).state = 'notified';
    const before = memberOf(w, launched.phone).address;
    const renamed = (r: typeof launched) => ({ ...r, oldAddress: r.oldAddress.replace('@', '.new@') });

    await w.again(toCsv([renamed(launched), renamed(waiting)]));
    expect(problemList(w)).toEqual([[1, 'oldAddress', 'old_address_changed']]);
    expect(memberOf(w, launched.phone)).toMatchObject({ address: before, oldAddress: launched.oldAddress });
    const moved = memberOf(w, waiting.phone);
    expect(moved.address).toBe(renamed(waiting).oldAddress.replace('@istruzione.it', '@posta.istruzione.it'));
    expect(moved.oldAddress).toBe(renamed(waiting).oldAddress);
    expect(w.addresses.get(moved.address)).toBe(moved.memberId);
    expect(w.addresses.has(waiting.oldAddress.replace('@istruzione.it', '@posta.istruzione.it'))).toBe(false);
    expect(w.records.find((r) => r.action === 'member.updated')?.details?.fields).toEqual(['oldAddress', 'address']);
  });

  it('validateOnly reports every problem and what would happen, and writes no member, address or audit record', async () => {
    const w = world(toCsv([italianRow(0), italianRow(1)]));
    await w.run();
    const members = structuredClone([...w.members.entries()]);
    const addresses = structuredClone([...w.addresses.entries()]);
    const pending = structuredClone([...w.pending.entries()]);
    // Row 1 changes its category (read from the Italian label), row 2 is as it was, row 3 is new.
    const rows = [{ ...italianRow(0), category: 'docente' }, italianRow(1), italianRow(2), { ...italianRow(3), phone: 'x' }];
    await w.again(toCsv(rows), { validateOnly: true });
    expect(w.job).toMatchObject({ state: 'completed', counts: { rows: 4, created: 1, updated: 1, unchanged: 1, rejected: 1 } });
    expect(problemList(w)).toEqual([[4, 'phone', 'phone_invalid']]);
    expect([...w.members.entries()]).toEqual(members);
    expect([...w.addresses.entries()]).toEqual(addresses);
    expect(w.audits).toEqual([]);
    expect([...w.pending.entries()]).toEqual(pending);
  });

  it('reports what the file’s words were read as: headers with their fields, and labels nothing reads', async () => {
    const rows = [{ ...italianRow(0), category: 'Doc.' }, { ...italianRow(1), category: 'Doc.', locale: 'ITA' }, italianRow(2)];
    const w = world(toCsv(rows).replace('nationalId', 'Codice Fiscale Dipendente'), { validateOnly: true });
    await w.run();
    expect(w.job).toMatchObject({ state: 'failed', failure: { code: 'csv_missing_column' } });
    expect(w.job.reading?.columns).toContainEqual({ header: 'Codice Fiscale Dipendente', field: null });
    expect(w.job.reading?.unknownLabels).toEqual({ category: [], locale: [] });

    const mapped = world(toCsv(rows).replace('nationalId', 'Codice Fiscale Dipendente'), {
      validateOnly: true,
      mapping: { columns: { 'Codice Fiscale Dipendente': 'nationalId' }, values: { locale: { ITA: 'it' } } },
    });
    await mapped.run();
    expect(mapped.job).toMatchObject({ state: 'completed', counts: { rejected: 2 } });
    expect(mapped.job.reading?.columns).toContainEqual({ header: 'Codice Fiscale Dipendente', field: 'nationalId' });
    expect(mapped.job.reading?.unknownLabels).toEqual({ category: ['Doc.'], locale: [] });
  });

  it('reports every problem of a row: its own, its institution (out of scope or unregistered) and a repeated national ID', async () => {
    const rows = [
      italianRow(0, 'SCHA0001'),
      { ...italianRow(1, 'SCHA0001'), nationalId: italianRow(0).nationalId, phone: 'bad' },
      { ...italianRow(2, 'UNREG001'), givenName: 'Ma\u202Erio' },
      { ...italianRow(3, 'SCHB0001'), givenName: 'Zero\u200Bwidth' },
    ];
    const w = world(toCsv(rows), { institutionCode: 'SCHA0001' });
    await w.run();
    expect(w.job.counts).toMatchObject({ created: 1, rejected: 3 });
    expect(problemList(w)).toEqual([
      [2, 'phone', 'phone_invalid'],
      [2, 'nationalId', 'duplicate_in_file'],
      [3, 'givenName', 'name_unsafe_characters'],
      [3, 'institutionCode', 'institution_out_of_scope'],
      [4, 'givenName', 'name_unsafe_characters'],
      [4, 'institutionCode', 'institution_out_of_scope'],
    ]);
    const all = world(toCsv(rows.slice(2)));
    await all.run();
    expect(problemList(all)).toEqual([
      [1, 'givenName', 'name_unsafe_characters'],
      [1, 'institutionCode', 'institution_unknown'],
      [2, 'givenName', 'name_unsafe_characters'],
    ]);
  });

  it('reads a Windows-1252 file as the same members as its UTF-8 copy, and refuses a file that decodes in neither, with the line', async () => {
    const rows = [{ ...italianRow(0), givenName: 'Niccolò', familyName: 'Cortés' }, italianRow(1)];
    const utf8 = world(toCsv(rows));
    await utf8.run();
    const latin = world(encodeLegacy(toCsv(rows).replace(/^\uFEFF/, ''), 'windows-1252'));
    await latin.run();
    expect(latin.job).toMatchObject({ state: 'completed', decodedAs: 'windows-1252' });
    expect([...latin.members.values()].map((m) => [m.givenName, m.familyName, m.address])).toEqual(
      [...utf8.members.values()].map((m) => [m.givenName, m.familyName, m.address]),
    );
    const broken = encodeLegacy(toCsv(rows).replace(/^\uFEFF/, ''), 'windows-1252');
    broken[broken.indexOf(0x0a) + 5] = 0x81; // undefined in Windows-1252, not UTF-8 either: line 2
    const refused = world(broken);
    await refused.run();
    expect(refused.job).toMatchObject({ state: 'failed', failure: { code: 'encoding_invalid' } });
    expect(refused.job.failure?.message).toMatch(/line 2/);
    expect(refused.members.size).toBe(0);
  });

  it('a name-built address with its suffix still follows its names: a changed phone keeps it, changed names move it', async () => {
    const base = italianRow(0);
    const rows = [0, 1].map((i) => ({ ...italianRow(i), givenName: base.givenName, familyName: base.familyName, oldAddress: '' }));
    const w = world(toCsv(rows));
    await w.run();
    expect(memberOf(w, rows[1]?.phone as string).address).toBe('mario.rossi2@posta.istruzione.it');
    await w.again(toCsv([rows[0] as StaffRow, { ...(rows[1] as StaffRow), alternateEmail: 'mario@example.org' }]));
    expect(w.job.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect(memberOf(w, rows[1]?.phone as string).address).toBe('mario.rossi2@posta.istruzione.it');
    await w.again(toCsv([{ ...(rows[1] as StaffRow), givenName: 'Maria' }]));
    expect(memberOf(w, rows[1]?.phone as string).address).toBe('maria.rossi@posta.istruzione.it');
    expect(w.addresses.has('mario.rossi2@posta.istruzione.it')).toBe(false);
  });
});

describe('addressFollows', () => {
  it('a migrated address only as itself; a name-built one as the base or the base with a suffix of 2 or more', () => {
    const built = { base: 'mario.rossi@d.it', source: 'name' as const };
    expect(addressFollows('mario.rossi@d.it', built)).toBe(true);
    expect(addressFollows('mario.rossi2@d.it', built)).toBe(true);
    expect(addressFollows('mario.rossi137@d.it', built)).toBe(true);
    expect(addressFollows('mario.rossi1@d.it', built)).toBe(false);
    expect(addressFollows('mario.rossi02@d.it', built)).toBe(false);
    expect(addressFollows('maria.rossi2@d.it', built)).toBe(false);
    expect(addressFollows('mario.rossi2@e.it', built)).toBe(false);
    expect(addressFollows('mario.rossi2@d.it', { base: 'mario.rossi@d.it', source: 'old-address' })).toBe(false);
    const long = { base: `${'a'.repeat(64)}@d.it`, source: 'name' as const };
    expect(addressFollows(`${'a'.repeat(63)}2@d.it`, long)).toBe(true);
  });
});
