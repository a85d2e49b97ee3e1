import type { AuditEntry, BulkAuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { type Channel, channelChanges } from '../credentials/channel-change';
import { inPool } from '../in-pool';
import type { InstitutionRegistry } from '../institutions/institution';
import { enrolMember, type NewMember, pendingMember } from '../members/enrol-member';
import { IMPORTED_FIELDS, type ImportedFields, importedFieldsHash, type Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { NationalIdHasher } from '../members/national-id-hash';
import { publicSmsReaches } from '../otp/public-sms';
import { validRowFinding } from '../phone-updates/phone-update';
import type { PhoneUpdateStore } from '../phone-updates/phone-update-store';
import { recordPhoneFindings } from '../phone-updates/phone-update-use-cases';
import type { Profile } from '../profiles';
import { allocateAddress, type RowProblem, type ValidStaffRow } from '../staff';
import { type FileReading, IMPORT_LIMITS, type ImportCounts, type ImportJob } from './import-job';
import type { ImportStore } from './import-store';
import { type PreparedFile, type PreparedFiles, type PreparedRow, prepareImport } from './prepare-import';

export interface ChunkMessage {
  jobId: string;
  /** Rows `offset + 1 … offset + chunkRows` (1-based data rows) belong to this chunk. */
  offset: number;
}

export interface ChunkDeps {
  jobs: ImportStore;
  members: Pick<MemberStore, 'getMany' | 'createUncounted' | 'enrolTogether' | 'updateImported' | 'claimAddress' | 'addressOwners'>;
  institutions: InstitutionRegistry;
  audit: BulkAuditLog;
  /** The uploaded file's bytes, decoded by the import itself (its encoding detected or as given). */
  readFile(key: string): Promise<Uint8Array>;
  enqueueChunk(message: ChunkMessage): Promise<void>;
  hashNationalId: NationalIdHasher;
  profile: Profile;
  clock: Clock;
  requestId: string;
  chunkRows?: number;
  /** The consumer instance's last prepared file (absent: every chunk prepares the file). */
  prepared?: PreparedFiles;
  /** Tells a member of a changed phone or alternate email on the old ones (shared/credentials/channel-change.ts). */
  announceChannelChange(before: Member, changed: readonly Channel[], at: Date, key: string): Promise<unknown>;
  /** The institutions' phone-update lists (absent: not kept, as in tests of the import alone). */
  phoneUpdates?: PhoneUpdateStore;
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

/**
 * Why an existing member cannot take this row, or null. A school admin's row may not touch a
 * member of another institution (issue #12: the row would hand the member's credentials to the
 * phone in the file); only an operator's import moves members, audited. The message names
 * neither the other institution nor anything about the member. A member already launched keeps
 * the mailbox made from the old address on record: a changed old address is not a silent rename.
 */
function memberProblem(row: ValidStaffRow, existing: Member, job: ImportJob, launching = false): RowProblem | null {
  if (existing.institutionCode !== row.institutionCode && !job.movesMembers) {
    return {
      row: row.row,
      field: 'nationalId',
      code: 'member_in_other_institution',
      message: 'This national ID belongs to a member of another institution: only an operator can move a member between institutions',
    };
  }
  if (existing.oldAddress !== row.oldAddress && (existing.state !== 'pending' || launching)) {
    return {
      row: row.row,
      field: 'oldAddress',
      code: 'old_address_changed',
      message: 'The member already has a mailbox made from the old address on record: an import does not rename it',
    };
  }
  return null;
}

const addressTaken = (row: ValidStaffRow): RowProblem => ({
  row: row.row,
  field: 'oldAddress',
  code: 'address_taken',
  message: 'The new address for this old address belongs to another member',
});

/**
 * Whether a member's address is what the row asks for: the migrated address itself, or for a
 * name-built one, the base or the base with the numeric suffix `allocateAddress` gives.
 */
export function addressFollows(address: string, wanted: ValidStaffRow['newAddress']): boolean {
  if (address === wanted.base) return true;
  if (wanted.source === 'old-address') return false;
  const at = wanted.base.lastIndexOf('@');
  const [local, domain] = [wanted.base.slice(0, at), wanted.base.slice(at)];
  if (!address.endsWith(domain)) return false;
  const own = address.slice(0, -domain.length);
  for (let k = 1; k <= 5 && /\d/.test(own.charAt(own.length - k)); k++) {
    const suffix = own.slice(-k);
    if (!suffix.startsWith('0') && Number(suffix) >= 2 && `${local.slice(0, 64 - k)}${suffix}` === own) return true;
  }
  return false;
}

/**
 * The address a pending member moves to when the row asks for another one (its old address, or
 * for a name-built address its names, changed): the migrated address, or the first free candidate.
 */
async function nextAddress(row: ValidStaffRow, existing: Member, deps: ChunkDeps): Promise<string | null> {
  const takenByOther = async (candidate: string) => {
    const owner = (await deps.members.addressOwners([candidate])).get(candidate);
    return owner !== undefined && owner !== existing.memberId;
  };
  if (row.newAddress.source === 'old-address') return (await takenByOther(row.newAddress.base)) ? null : row.newAddress.base;
  return allocateAddress(row.newAddress.base, takenByOther);
}

/**
 * Writes one row. Creations are left to the caller to audit and count in bulk; an update is
 * rare (a changed HR row) and is audited here with the names of the fields that changed.
 */
async function applyRow(
  { member: row, id }: PreparedRow,
  existing: Member | undefined,
  job: ImportJob,
  deps: ChunkDeps,
  attempt = 0,
  /** The member's lot started launching (its account is being made at the address on record). */
  launching = false,
): Promise<Outcome> {
  const now = deps.clock.now().toISOString();
  const enrolment = newMember(row, id, job, now);
  const { fields, rowHash: hash } = enrolment;

  if (existing) {
    // Created by an earlier, interrupted run of this very chunk: the chunk was never counted, so
    // it counts (and audits) the member as created now.
    if (existing.enrolledBy === job.jobId && existing.rowHash === hash) return 'created';
    if (existing.rowHash === hash) return 'unchanged';
    const problem = memberProblem(row, existing, job, launching);
    if (problem) return problem;
    let address: { from: string; to: string } | undefined;
    if (existing.state === 'pending' && !launching && !addressFollows(existing.address, row.newAddress)) {
      const to = await nextAddress(row, existing, deps);
      if (to === null) return addressTaken(row);
      address = { from: existing.address, to };
    }
    const changed = IMPORTED_FIELDS.filter((f) => existing[f] !== fields[f]);
    // Where credentials go: told to the old phone and address first (once, not on a retry of this
    // row), stamped with the change in the same write (the channel-change hold).
    const channels = channelChanges(existing, fields, now);
    if (attempt === 0) await deps.announceChannelChange(existing, channels.changed, deps.clock.now(), job.jobId);
    const result = await deps.members.updateImported(
      id.memberId,
      { ...fields, rowHash: hash, updatedAt: now, importJobId: job.jobId },
      existing,
      address,
      channels.stamps,
    );
    if (result === 'address_taken')
      return attempt < 2 ? applyRow({ member: row, id }, existing, job, deps, attempt + 1) : addressTaken(row);
    if (result === 'stale') {
      // Changed meanwhile: launched while its address was to move (decide again on what it is
      // now), or updated by another writer with these same values or newer ones.
      if (!address || attempt >= 2) return 'unchanged';
      const fresh = (await deps.members.getMany([id.memberId])).get(id.memberId);
      return applyRow({ member: row, id }, fresh, job, deps, attempt + 1);
    }
    await deps.audit.recordMany(updateRecords(row, id, existing, job, deps, changed, address));
    return 'updated';
  }

  const enrolled = await enrolMember(enrolment, {
    claimAddress: deps.members.claimAddress,
    create: deps.members.createUncounted,
  });
  if (enrolled.kind === 'address_taken') return addressTaken(row);
  if (enrolled.kind === 'exists') return 'unchanged'; // created meanwhile by another writer
  return 'created';
}

/**
 * The audit of an update: the changed field names (and `address` when the mailbox of a pending
 * member followed its old address). A move between institutions (operators only) is
 * `member.moved`, recorded in both institutions' trails.
 */
function updateRecords(
  row: ValidStaffRow,
  id: PreparedRow['id'],
  existing: Member,
  job: ImportJob,
  deps: ChunkDeps,
  changed: string[],
  address: { from: string; to: string } | undefined,
): AuditEntry[] {
  const fields = address ? [...changed, 'address'] : changed;
  if (existing.institutionCode === row.institutionCode) {
    return [{ ...auditOf(row, id, job, deps, 'member.updated'), details: { importJobId: job.jobId, fields } }];
  }
  const details = { importJobId: job.jobId, fields, from: existing.institutionCode, to: row.institutionCode };
  return [
    { ...auditOf(row, id, job, deps, 'member.moved'), details },
    { ...auditOf(row, id, job, deps, 'member.moved'), institution: existing.institutionCode, details },
  ];
}

/**
 * What a row would do, writing nothing (`validateOnly`): the same decisions as `applyRow` from the
 * members and addresses as they are now. `owners` holds who has each migrated address of the chunk.
 */
function planRow({ member: row, id }: PreparedRow, existing: Member | undefined, job: ImportJob, owners: Map<string, string>): Outcome {
  const taken = () => {
    const owner = row.newAddress.source === 'old-address' ? owners.get(row.newAddress.base) : undefined;
    return owner !== undefined && owner !== id.memberId;
  };
  if (!existing) return taken() ? addressTaken(row) : 'created';
  if (existing.rowHash === importedFieldsHash(importedFields(row))) return 'unchanged';
  const problem = memberProblem(row, existing, job);
  if (problem) return problem;
  if (existing.state === 'pending' && !addressFollows(existing.address, row.newAddress) && taken()) return addressTaken(row);
  return 'updated';
}

function newMember(row: ValidStaffRow, id: PreparedRow['id'], job: ImportJob, at: string): NewMember {
  const fields = importedFields(row);
  return {
    memberId: id.memberId,
    nidHmac: id.hmac,
    nidLast3: row.nationalIdLast3,
    fields,
    newAddress: row.newAddress,
    rowHash: importedFieldsHash(fields),
    importJobId: job.jobId,
    at,
  };
}

/**
 * Writes new members 50 to a transaction (address claim and member put each, all conditional):
 * only rows whose member does not exist yet and whose address is the first of its kind here,
 * so no transaction touches an item twice. A batch that meets a taken address or an existing
 * member writes nothing; its rows, like those left out, go row by row, which sorts out which
 * row it was. Returns the rows created.
 */
async function enrolInBatches(rows: PreparedRow[], job: ImportJob, deps: ChunkDeps): Promise<PreparedRow[]> {
  const now = deps.clock.now().toISOString();
  // The first address tried for a row is its base (local parts are built to fit 64 characters).
  const entries = rows.map((row) => ({ row, member: pendingMember(newMember(row.member, row.id, job, now), row.member.newAddress.base) }));
  const batches = Array.from({ length: Math.ceil(entries.length / 50) }, (_, i) => entries.slice(i * 50, (i + 1) * 50));
  const created: PreparedRow[] = [];
  await inPool(batches, 8, async (batch) => {
    if (await deps.members.enrolTogether(batch.map((e) => e.member))) created.push(...batch.map((e) => e.row));
  });
  return created;
}

function auditOf(row: ValidStaffRow, id: PreparedRow['id'], job: ImportJob, deps: ChunkDeps, action: string): AuditEntry {
  return {
    actor: job.createdBy,
    role: 'import',
    action,
    target: id.memberId,
    institution: row.institutionCode,
    at: deps.clock.now(),
    requestId: deps.requestId,
    outcome: 'success',
    details: { importJobId: job.jobId },
  };
}

/** The job's file, prepared: from this instance's last chunk of the same job, or read and validated now. */
async function preparedFile(job: ImportJob, deps: ChunkDeps): Promise<PreparedFile> {
  const kept = deps.prepared?.get(job.jobId);
  if (kept) return kept;
  const file = await prepareImport(job, await deps.readFile(job.objectKey), {
    profile: deps.profile,
    hash: deps.hashNationalId,
    institutions: deps.institutions,
  });
  deps.prepared?.keep(job.jobId, file);
  return file;
}

/**
 * Processes one chunk of an import: only this chunk's rows are written, from the whole file
 * validated once (in-file duplicates need every row). Every write is idempotent (conditional puts
 * keyed by the national-ID HMAC, deterministic problem keys, chunk counts recorded once), so a
 * redelivered message changes nothing. Creations are audited and counted per chunk: one
 * transaction per hundred audit records of an institution, and the pending counters in the
 * transaction that records the chunk — not a transaction per member on a hot counter item.
 */
export async function processImportChunk(message: ChunkMessage, deps: ChunkDeps): Promise<void> {
  const chunkRows = deps.chunkRows ?? IMPORT_LIMITS.chunkRows;
  const job = await deps.jobs.get(message.jobId);
  if (!job || job.state === 'completed' || job.state === 'failed') return;

  const file = await preparedFile(job, deps);
  const fail = async (code: string, text: string, reading: FileReading | null) => {
    await deps.jobs.transition(job.jobId, ['queued', 'running'], 'failed', {
      failure: { code, message: text },
      finishedAt: deps.clock.now().toISOString(),
      reading,
    });
  };
  if (!file.ok) {
    const first = file.fileProblems[0];
    await deps.jobs.saveProblems(
      job.jobId,
      file.fileProblems.map((p) => ({ ...p, row: 0 })),
    );
    // The header as read, when the file got that far: a missing column is one mapping away.
    const reading = file.columns ? { columns: file.columns, unknownLabels: { category: [], locale: [] } } : null;
    return fail(first?.code ?? 'file_unreadable', first?.message ?? 'The file cannot be read', reading);
  }
  if (file.lastRow > IMPORT_LIMITS.maxRows) {
    return fail('too_many_rows', `A file may hold at most ${IMPORT_LIMITS.maxRows} rows`, file.reading);
  }
  if (job.state === 'queued') {
    const startedAt = deps.clock.now().toISOString();
    await deps.jobs.transition(job.jobId, ['queued'], 'running', {
      startedAt,
      progressedAt: startedAt,
      decodedAs: file.decodedAs,
      reading: file.reading,
      counts: { ...job.counts, rows: file.lastRow },
    });
  }

  const inChunk = (row: number) => row > message.offset && row <= message.offset + chunkRows;
  const rows = file.rows.filter((r) => inChunk(r.member.row));
  const existing = await deps.members.getMany(rows.map((r) => r.id.memberId));
  const problems = file.problems.filter((p) => inChunk(p.row));
  const counts: Partial<ImportCounts> = { created: 0, updated: 0, unchanged: 0 };
  const created: PreparedRow[] = [];
  const tally = (r: PreparedRow, outcome: Outcome) => {
    if (typeof outcome !== 'string') problems.push(outcome);
    else {
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      if (outcome === 'created') created.push(r);
    }
  };

  // Staff without a usable mobile, from this chunk's rows, accepted or refused (shared/phone-updates);
  // before the rows are written, so an `sms_rejected` entry is judged against the phone on record.
  if (deps.phoneUpdates && !job.validateOnly) {
    // On activation profiles the code goes by a public SMS, to the profile's countries only.
    const codesReach = (e164: string) => deps.profile.credentialDelivery !== 'activation' || publicSmsReaches(e164, deps.profile.publicSms);
    const findings = [...file.phones.filter((f) => inChunk(f.row)), ...rows.map((r) => validRowFinding(r.member, r.id, codesReach))];
    await recordPhoneFindings(findings, job.jobId, existing, { phoneUpdates: deps.phoneUpdates, members: deps.members, clock: deps.clock });
  }

  if (job.validateOnly) {
    const migrated = rows.filter((r) => r.member.newAddress.source === 'old-address').map((r) => r.member.newAddress.base);
    const owners = await deps.members.addressOwners(migrated);
    for (const r of rows) tally(r, planRow(r, existing.get(r.id.memberId), job, owners));
    created.length = 0; // nothing was written: nothing to audit or count as pending
  } else {
    // Rows that want the same address go one after another in file order, so suffixes are
    // decided deterministically; different addresses proceed in parallel. The first new member
    // of each address goes in the batched transactions first; the rest row by row after them.
    const byAddress = new Map<string, PreparedRow[]>();
    for (const r of rows) byAddress.set(r.member.newAddress.base, [...(byAddress.get(r.member.newAddress.base) ?? []), r]);
    const firsts = [...byAddress.values()].map((group) => group[0] as PreparedRow).filter((r) => !existing.has(r.id.memberId));
    const batched = new Set(await enrolInBatches(firsts, job, deps));
    for (const r of batched) tally(r, 'created');
    await inPool([...byAddress.values()], 32, async (group) => {
      for (const r of group) if (!batched.has(r)) tally(r, await applyRow(r, existing.get(r.id.memberId), job, deps));
    });
  }

  // Audited before the chunk is counted: a crash in between re-audits on the re-run (a record
  // twice) rather than losing one.
  await deps.audit.recordMany(created.map((r) => auditOf(r.member, r.id, job, deps, 'member.created')));
  const pending: Record<string, number> = {};
  for (const r of created) pending[r.member.institutionCode] = (pending[r.member.institutionCode] ?? 0) + 1;

  await deps.jobs.saveProblems(job.jobId, problems);
  const lastInChunk = Math.min(message.offset + chunkRows, file.lastRow);
  await deps.jobs.countChunk(
    job.jobId,
    message.offset,
    { ...counts, rejected: new Set(problems.map((p) => p.row)).size, processed: lastInChunk - message.offset },
    deps.clock.now().toISOString(),
    pending,
  );

  if (lastInChunk < file.lastRow) await deps.enqueueChunk({ jobId: job.jobId, offset: lastInChunk });
  else await deps.jobs.transition(job.jobId, ['running'], 'completed', { finishedAt: deps.clock.now().toISOString() });
}
