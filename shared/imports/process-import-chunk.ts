import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { enrolMember } from '../members/enrol-member';
import { IMPORTED_FIELDS, type ImportedFields, importedFieldsHash, type Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { NationalIdHasher } from '../members/national-id-hash';
import type { Profile } from '../profiles';
import { findDuplicates, type RowProblem, type ValidStaffRow, validateStaffRow } from '../staff';
import { IMPORT_LIMITS, type ImportCounts, type ImportJob } from './import-job';
import type { ImportStore } from './import-store';
import { readImportFile } from './read-import-file';

export interface ChunkMessage {
  jobId: string;
  /** Rows `offset + 1 … offset + chunkRows` (1-based data rows) belong to this chunk. */
  offset: number;
}

export interface ChunkDeps {
  jobs: ImportStore;
  members: Pick<MemberStore, 'getMany' | 'create' | 'updateImported' | 'claimAddress'>;
  audit: AuditLog;
  readFile(key: string): Promise<string>;
  enqueueChunk(message: ChunkMessage): Promise<void>;
  hashNationalId: NationalIdHasher;
  profile: Profile;
  clock: Clock;
  requestId: string;
  chunkRows?: number;
}

type Outcome = 'created' | 'updated' | 'unchanged' | RowProblem;

function importedFields(m: ValidStaffRow): ImportedFields {
  return {
    givenName: m.givenName,
    familyName: m.familyName,
    phone: m.phone,
    institutionCode: m.institutionCode,
    category: m.category,
    oldAddress: m.oldAddress,
    alternateEmail: m.alternateEmail,
    locale: m.locale,
  };
}

/** Runs `fn` over `items` with at most `limit` at once. */
async function inPool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  });
  await Promise.all(workers);
}

async function applyRow(
  row: ValidStaffRow,
  { hmac, memberId }: ReturnType<NationalIdHasher>,
  existing: Member | undefined,
  job: ImportJob,
  deps: ChunkDeps,
): Promise<Outcome> {
  const fields = importedFields(row);
  const hash = importedFieldsHash(fields);
  const now = deps.clock.now().toISOString();
  const audit = (action: string, details?: Record<string, string[]>) =>
    deps.audit.record({
      actor: job.createdBy,
      role: 'import',
      action,
      target: memberId,
      institution: row.institutionCode,
      at: deps.clock.now(),
      requestId: deps.requestId,
      outcome: 'success',
      details: { importJobId: job.jobId, ...details },
    });

  if (existing) {
    if (existing.rowHash === hash) return 'unchanged';
    const changed = IMPORTED_FIELDS.filter((f) => existing[f] !== fields[f]);
    if (!(await deps.members.updateImported(memberId, { ...fields, rowHash: hash, updatedAt: now, importJobId: job.jobId }, existing))) {
      return 'unchanged'; // someone else updated it concurrently with these same values or newer ones
    }
    await audit('member.updated', { fields: changed });
    return 'updated';
  }

  const enrolled = await enrolMember(
    {
      memberId,
      nidHmac: hmac,
      nidLast3: row.nationalIdLast3,
      fields,
      newAddress: row.newAddress,
      rowHash: hash,
      importJobId: job.jobId,
      at: now,
    },
    deps.members,
  );
  if (enrolled.kind === 'address_taken') {
    return {
      row: row.row,
      field: 'oldAddress',
      code: 'address_taken',
      message: 'The new address for this old address belongs to another member',
    };
  }
  if (enrolled.kind === 'exists') return 'unchanged'; // a re-processed chunk: the member is already there
  await audit('member.created');
  return 'created';
}

/**
 * Processes one chunk of an import. The whole file is read and validated each time (in-file
 * duplicates need every row), but only this chunk's rows are written. Every write is idempotent
 * (conditional puts keyed by the national-ID HMAC, deterministic problem keys, chunk counts
 * recorded once), so a redelivered message changes nothing.
 */
export async function processImportChunk(message: ChunkMessage, deps: ChunkDeps): Promise<void> {
  const chunkRows = deps.chunkRows ?? IMPORT_LIMITS.chunkRows;
  const job = await deps.jobs.get(message.jobId);
  if (!job || job.state === 'completed' || job.state === 'failed') return;

  const file = readImportFile(job.format, await deps.readFile(job.objectKey));
  const fail = async (code: string, text: string) => {
    await deps.jobs.transition(job.jobId, ['queued', 'running'], 'failed', {
      failure: { code, message: text },
      finishedAt: deps.clock.now().toISOString(),
    });
  };
  if (!file.ok) {
    const first = file.fileProblems[0];
    await deps.jobs.saveProblems(
      job.jobId,
      file.fileProblems.map((p) => ({ ...p, row: 0 })),
    );
    return fail(first?.code ?? 'file_unreadable', first?.message ?? 'The file cannot be read');
  }
  if (file.lastRow > IMPORT_LIMITS.maxRows) return fail('too_many_rows', `A file may hold at most ${IMPORT_LIMITS.maxRows} rows`);
  if (job.state === 'queued') {
    await deps.jobs.transition(job.jobId, ['queued'], 'running', {
      startedAt: deps.clock.now().toISOString(),
      counts: { ...job.counts, rows: file.lastRow },
    });
  }

  // Validate every row, then drop in-file duplicates (compared on normalized values).
  const problems: RowProblem[] = [...file.problems];
  const valid: ValidStaffRow[] = [];
  for (const { row, values } of file.rows) {
    const result = validateStaffRow(values, row, deps.profile);
    if (!result.ok) problems.push(...result.problems);
    else if (job.institutionCode !== null && result.member.institutionCode !== job.institutionCode) {
      problems.push({
        row,
        field: 'institutionCode',
        code: 'institution_out_of_scope',
        message: `This import is limited to institution ${job.institutionCode}`,
      });
    } else valid.push(result.member);
  }
  const duplicates = findDuplicates(valid);
  problems.push(...duplicates);
  const duplicateRows = new Set(duplicates.map((d) => d.row));

  const inChunk = (row: number) => row > message.offset && row <= message.offset + chunkRows;
  const rows = valid.filter((m) => inChunk(m.row) && !duplicateRows.has(m.row));
  // One HMAC per row: it keys the look-up and the write.
  const ids = new Map(rows.map((m) => [m.row, deps.hashNationalId(m.nationalId)]));
  const existing = await deps.members.getMany([...ids.values()].map((id) => id.memberId));

  // Rows that want the same address go one after another in file order, so suffixes are
  // decided deterministically; different addresses proceed in parallel.
  const byAddress = new Map<string, ValidStaffRow[]>();
  for (const m of rows) byAddress.set(m.newAddress.base, [...(byAddress.get(m.newAddress.base) ?? []), m]);
  const counts: Partial<ImportCounts> = { created: 0, updated: 0, unchanged: 0 };
  await inPool([...byAddress.values()], 16, async (group) => {
    for (const m of group) {
      const id = ids.get(m.row) as ReturnType<NationalIdHasher>;
      const outcome = await applyRow(m, id, existing.get(id.memberId), job, deps);
      if (typeof outcome === 'string') counts[outcome] = (counts[outcome] ?? 0) + 1;
      else problems.push(outcome);
    }
  });

  const chunkProblems = problems.filter((p) => inChunk(p.row));
  await deps.jobs.saveProblems(job.jobId, chunkProblems);
  const lastInChunk = Math.min(message.offset + chunkRows, file.lastRow);
  await deps.jobs.countChunk(job.jobId, message.offset, {
    ...counts,
    rejected: new Set(chunkProblems.map((p) => p.row)).size,
    processed: lastInChunk - message.offset,
  });

  if (lastInChunk < file.lastRow) await deps.enqueueChunk({ jobId: job.jobId, offset: lastInChunk });
  else await deps.jobs.transition(job.jobId, ['running'], 'completed', { finishedAt: deps.clock.now().toISOString() });
}
