import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryCount } from '../clients/dynamo-helpers';
import { inPool } from '../in-pool';
import { dynamoInstitutionStore } from '../institutions/institution-store';
import type { Member, MemberState } from '../members/member';
import { dynamoMemberStore, type MemberStore } from '../members/member-store';
import { dynamoPhoneUpdateStore, type PhoneUpdateStore } from '../phone-updates/phone-update-store';
import type { Locale } from '../profiles/profile-ids';
import { dynamoRoleStore, type RoleStore } from '../roles/role-store';
import type { StaffCategory } from '../staff/vocabulary';
import { type MessageSelection, memberEmail, type PersonalFields } from './message';

/** One person a message goes to, as the fan-out and the preview see them. */
export interface Recipient {
  /** The business key part: the member id, `n-…` for a listed non-member, `s-<sub>` for a role holder who is no member. */
  key: string;
  memberId: string | null;
  institutionCode: string;
  email: string | null;
  /** E.164, for members whose number SNS has not refused. */
  phone: string | null;
  locale: Locale;
  fields: PersonalFields;
}

/** Reads the members of one institution a page at a time (gsi1 `INSTITUTION#<code>`, whole items). */
export interface InstitutionMembers {
  page(institutionCode: string, after: Record<string, unknown> | undefined): Promise<{ items: Member[]; next?: Record<string, unknown> }>;
  /** How many members of the institution are in these categories and states (a COUNT query, nothing returned). */
  count(institutionCode: string, categories?: readonly StaffCategory[], states?: readonly MemberState[]): Promise<number>;
}

export interface RecipientSources {
  members: InstitutionMembers & Pick<MemberStore, 'getMany' | 'getByAddress'>;
  roles: Pick<RoleStore, 'list'>;
  phoneUpdates: Pick<PhoneUpdateStore, 'list' | 'count'>;
  /** Every registered institution's code (a selection of every institution). */
  allInstitutions(): Promise<string[]>;
  defaultLocale: Locale;
}

function memberFilter(
  categories?: readonly StaffCategory[],
  states?: readonly MemberState[],
): { FilterExpression?: string; ExpressionAttributeValues?: Record<string, string>; ExpressionAttributeNames?: Record<string, string> } {
  const parts: string[] = [];
  const values: Record<string, string> = {};
  if (categories?.length) {
    parts.push(`category IN (${categories.map((_, i) => `:c${i}`).join(', ')})`);
    categories.forEach((c, i) => {
      values[`:c${i}`] = c;
    });
  }
  if (states?.length) {
    parts.push(`#state IN (${states.map((_, i) => `:s${i}`).join(', ')})`);
    states.forEach((s, i) => {
      values[`:s${i}`] = s;
    });
  }
  return parts.length
    ? {
        FilterExpression: parts.join(' AND '),
        ExpressionAttributeValues: values,
        ...(states?.length && { ExpressionAttributeNames: { '#state': 'state' } }),
      }
    : {};
}

/** The DynamoDB side of `InstitutionMembers`: the members' own institution index, filters applied by DynamoDB. */
export function dynamoInstitutionMembers(db: DynamoDBDocumentClient, table: string): InstitutionMembers {
  const partition = () => ({
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :m)',
  });
  return {
    async page(institutionCode, after) {
      const out = await db.send(
        new QueryCommand({
          ...partition(),
          ExpressionAttributeValues: { ':p': `INSTITUTION#${institutionCode}`, ':m': 'MEMBER#' },
          Limit: 500,
          ExclusiveStartKey: after,
        }),
      );
      return { items: (out.Items ?? []) as Member[], ...(out.LastEvaluatedKey && { next: out.LastEvaluatedKey }) };
    },
    count(institutionCode, categories, states) {
      const filter = memberFilter(categories, states);
      return queryCount(db, {
        ...partition(),
        ...filter,
        ExpressionAttributeValues: { ':p': `INSTITUTION#${institutionCode}`, ':m': 'MEMBER#', ...filter.ExpressionAttributeValues },
      });
    },
  };
}

const memberRecipient = (m: Member): Recipient => ({
  key: m.memberId,
  memberId: m.memberId,
  institutionCode: m.institutionCode,
  email: memberEmail(m),
  phone: m.deliveryFailure?.kind === 'sms-rejected' ? null : m.phone,
  locale: m.locale,
  fields: { givenName: m.givenName, familyName: m.familyName, login: m.address, institutionCode: m.institutionCode },
});

const MEMBER_IDS_PER_READ = 100;

/** The institutions a selection covers: those named, or every registered one. */
async function institutionsOf(selection: MessageSelection, sources: RecipientSources): Promise<string[]> {
  return selection.institutionCodes.length ? selection.institutionCodes : sources.allInstitutions();
}

const wantsMembers = (s: MessageSelection) => Boolean(s.categories?.length || s.states?.length || !s.roles?.length);

/**
 * Every recipient of a selection, once each (a member who is also a role holder, or listed
 * twice, is one recipient), in a stable order: institution by institution. Reads pages, never
 * the whole deployment at once.
 */
export async function* recipientsOf(selection: MessageSelection, sources: RecipientSources): AsyncGenerator<Recipient> {
  const seen = new Set<string>();
  const fresh = (r: Recipient) => {
    if (seen.has(r.key)) return false;
    seen.add(r.key);
    return true;
  };
  if (selection.memberIds?.length) {
    for (let i = 0; i < selection.memberIds.length; i += MEMBER_IDS_PER_READ) {
      const ids = selection.memberIds.slice(i, i + MEMBER_IDS_PER_READ);
      const found = await sources.members.getMany(ids);
      for (const id of ids) {
        const m = found.get(id);
        if (m && fresh(memberRecipient(m))) yield memberRecipient(m);
      }
    }
    return;
  }
  for (const institutionCode of await institutionsOf(selection, sources)) {
    if (selection.phoneUpdateList) {
      let cursor: string | undefined;
      do {
        const page = await sources.phoneUpdates.list(institutionCode, 500, cursor);
        for (const e of page.items) {
          const r: Recipient = {
            key: e.personKey,
            memberId: e.memberId,
            institutionCode,
            email: e.contactEmail,
            // They are on the list because no phone of theirs is usable.
            phone: null,
            locale: e.locale,
            fields: { givenName: e.givenName ?? '', familyName: e.familyName ?? '', login: '', institutionCode },
          };
          if (fresh(r)) yield r;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      continue;
    }
    if (wantsMembers(selection)) {
      const categories = selection.categories?.length ? new Set(selection.categories) : null;
      const states = selection.states?.length ? new Set(selection.states) : null;
      let after: Record<string, unknown> | undefined;
      do {
        const page = await sources.members.page(institutionCode, after);
        for (const m of page.items) {
          if ((categories && !categories.has(m.category)) || (states && !states.has(m.state))) continue;
          const r = memberRecipient(m);
          if (fresh(r)) yield r;
        }
        after = page.next;
      } while (after);
    }
    for (const role of selection.roles ?? []) {
      let cursor: string | undefined;
      do {
        const page = await sources.roles.list(role, institutionCode, 100, cursor);
        for (const a of page.items) {
          if (a.institutionCode !== institutionCode || !a.login.includes('@')) continue;
          // A role holder who is a member is that member (one email, their own data and language).
          const m = await sources.members.getByAddress(a.login.toLowerCase());
          const r: Recipient = m
            ? { ...memberRecipient(m), email: a.login }
            : {
                key: `s-${a.sub}`,
                memberId: null,
                institutionCode,
                email: a.login,
                phone: null,
                locale: sources.defaultLocale,
                fields: { givenName: '', familyName: '', login: a.login, institutionCode },
              };
          if (fresh(r)) yield r;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
  }
}

/**
 * The size of a selection before sending, without reading the people: COUNT queries per
 * institution (members by category and state, the phone-update list), the role holders listed.
 * Someone in two parts (a member who is also a role holder) counts in each: an upper bound that
 * the fan-out's report makes exact.
 */
export async function countRecipients(selection: MessageSelection, sources: RecipientSources): Promise<number> {
  if (selection.memberIds?.length) return (await sources.members.getMany(selection.memberIds)).size;
  // One count per institution, summed at the end (never `total += await …` from parallel workers).
  const counts: number[] = [];
  await inPool(await institutionsOf(selection, sources), 16, async (institutionCode) => {
    if (selection.phoneUpdateList) {
      counts.push(await sources.phoneUpdates.count(institutionCode));
      return;
    }
    let n = wantsMembers(selection) ? await sources.members.count(institutionCode, selection.categories, selection.states) : 0;
    for (const role of selection.roles ?? []) {
      let cursor: string | undefined;
      do {
        const page = await sources.roles.list(role, institutionCode, 100, cursor);
        n += page.items.filter((a) => a.institutionCode === institutionCode).length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    counts.push(n);
  });
  return counts.reduce((a, b) => a + b, 0);
}

/** Every source a selection reads, on the directory table. */
export function dynamoRecipientSources(db: DynamoDBDocumentClient, table: string, defaultLocale: Locale): RecipientSources {
  const members = dynamoMemberStore(db, table);
  const institutions = dynamoInstitutionStore(db, table);
  return {
    members: { ...dynamoInstitutionMembers(db, table), getMany: members.getMany, getByAddress: (a) => members.getByAddress(a) },
    roles: dynamoRoleStore(db, table),
    phoneUpdates: dynamoPhoneUpdateStore(db, table),
    async allInstitutions() {
      const codes: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await institutions.list(1000, cursor);
        codes.push(...page.items.map((i) => i.code));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return codes;
    },
    defaultLocale,
  };
}
