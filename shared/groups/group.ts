import { ValidationError } from '../errors';

/** Who may post to the list: anyone (`open`), or only what an owner lets through (`moderated`). */
export const POSTING_MODES = ['open', 'moderated'] as const;
export type PostingMode = (typeof POSTING_MODES)[number];

/** A person named on a list: the member id (stable key) and the mailbox the mail system delivers to. */
export interface GroupPerson {
  memberId: string;
  address: string;
}

/**
 * A distribution list of one institution. A deleted list stays as a tombstone (`deletedAt`) for
 * a while, so a changed-since export can tell the mail system to drop it.
 */
export interface Group {
  groupId: string;
  /** The local part of `address`. */
  name: string;
  address: string;
  displayName: string | null;
  institutionCode: string;
  postingMode: PostingMode;
  owners: GroupPerson[];
  memberCount: number;
  createdAt: string;
  createdBy: string;
  /** Bumped by every change (settings, members, deletion): the export's changed-since key. */
  changedAt: string;
  deletedAt?: string;
}

export type JoinRequestState = 'pending' | 'approved' | 'rejected';

export interface JoinRequest extends GroupPerson {
  groupId: string;
  state: JoinRequestState;
  requestedAt: string;
  decidedAt?: string;
  decidedBy?: string;
}

/**
 * Lower case only (a mailbox that differs by case from another is a trap), letters, digits and
 * `.`, `-`, `_` inside, at most 64 characters (the local-part limit of RFC 5321).
 */
const GROUP_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;

/** Role addresses the mail system owns (RFC 2142 and the usual operator ones): never a list. */
const RESERVED = new Set([
  'postmaster',
  'abuse',
  'hostmaster',
  'webmaster',
  'security',
  'noc',
  'mailer-daemon',
  'root',
  'admin',
  'noreply',
  'no-reply',
]);

/** The list's address on the profile's new mail domain, or a 400 naming what is wrong with the name. */
export function groupAddress(name: string, newMailDomain: string): string {
  const problem = (code: string, message: string) => new ValidationError([{ field: 'body.name', code, message }]);
  if (!GROUP_NAME.test(name) || name.includes('..')) {
    throw problem(
      'group_name_invalid',
      'A list name is 1–64 lower-case letters, digits, `.`, `-` or `_`, starting and ending with a letter or digit, without `..`',
    );
  }
  if (RESERVED.has(name)) throw problem('group_name_reserved', `\`${name}\` is reserved for the mail system`);
  return `${name}@${newMailDomain}`;
}

/** The list as the API shows it (tombstones are never shown to people, only exported). */
export function groupView(g: Group) {
  return {
    groupId: g.groupId,
    name: g.name,
    address: g.address,
    displayName: g.displayName,
    institutionCode: g.institutionCode,
    postingMode: g.postingMode,
    owners: g.owners,
    memberCount: g.memberCount,
    createdAt: g.createdAt,
    changedAt: g.changedAt,
  };
}

export function joinRequestView(r: JoinRequest) {
  return {
    groupId: r.groupId,
    memberId: r.memberId,
    address: r.address,
    state: r.state,
    requestedAt: r.requestedAt,
    decidedAt: r.decidedAt ?? null,
  };
}
