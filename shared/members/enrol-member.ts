import { allocateAddress, type ValidStaffRow } from '../staff';
import type { ImportedFields, Member } from './member';
import type { MemberStore } from './member-store';

export interface NewMember {
  memberId: string;
  nidHmac: string;
  nidLast3: string;
  fields: ImportedFields;
  newAddress: ValidStaffRow['newAddress'];
  /** Hash of `fields` as the import computes it: a later identical import then changes nothing. */
  rowHash: string;
  /** Where the member came from: an import job id, or `late-request:<id>`. */
  importJobId: string;
  at: string;
}

export type EnrolOutcome = { kind: 'created'; address: string } | { kind: 'exists' } | { kind: 'address_taken' };

/**
 * Creates a pending member the way the import does: claims the new address (the migrated one
 * as is, or the name-built one with a numeric suffix on collision), then puts the member and
 * counts it pending. `exists` when the member is already there (a re-processed chunk, a retry).
 */
export async function enrolMember(m: NewMember, members: Pick<MemberStore, 'create' | 'claimAddress'>): Promise<EnrolOutcome> {
  let address: string;
  if (m.newAddress.source === 'old-address') {
    // A migrated mailbox keeps its name: a suffix would break forwarding from the old address.
    if (!(await members.claimAddress(m.newAddress.base, m.memberId))) return { kind: 'address_taken' };
    address = m.newAddress.base;
  } else {
    address = await allocateAddress(m.newAddress.base, async (candidate) => !(await members.claimAddress(candidate, m.memberId)));
  }
  const created = await members.create(pendingMember(m, address));
  return created ? { kind: 'created', address } : { kind: 'exists' };
}

/** The member item a new enrolment writes, at `address`: pending, in no lot yet. */
export function pendingMember(m: NewMember, address: string): Member {
  return {
    memberId: m.memberId,
    nidHmac: m.nidHmac,
    nidLast3: m.nidLast3,
    ...m.fields,
    address,
    state: 'pending',
    rowHash: m.rowHash,
    createdAt: m.at,
    updatedAt: m.at,
    importJobId: m.importJobId,
    enrolledBy: m.importJobId,
  };
}
