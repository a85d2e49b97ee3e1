import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { parseSupportScope, type SupportScope } from '../auth/policy';
import { isDeploymentRole } from '../auth/role-names';
import { ROLES, type Role } from '../catalog';
import { decodeCursor, queryAll, queryPage, type TransactItem } from '../clients/dynamo-helpers';

/**
 * One role of one user in one place: the truth every API call is decided on (shared/auth). A
 * user holds any number of pairs — school admin of DEMO001 and moderator of OTHER001 are two
 * items, and granting one never touches the other. Stored as `PRINCIPAL#<sub>` /
 * `ROLE#<role>#<institution>` (`*` for operators and auditors, deployment-wide, and support agents, whose
 * reach is one per agent), listed through gsi1 under `ROLES#<role>` sorted by institution, so
 * "the school admins of X" is one query and "the roles of this user" another.
 *
 * Items written before roles were pairs are `ROLE#<role>` (one per role, its institution as an
 * attribute): they are read as the pair they describe, and replaced by the new shape when the
 * same pair is granted again or the role revoked.
 */
export interface RoleAssignment {
  sub: string;
  login: string;
  role: Role;
  institutionCode: string | null;
  region: string | null;
  supportScope: SupportScope | null;
  grantedAt: string;
  grantedBy: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface RoleStore {
  /** Records one pair; the user's other pairs stay as they are (a support reach or a deployment-wide role replaces its own). */
  grant(assignment: RoleAssignment): Promise<void>;
  /**
   * Drops the role in one institution, or everywhere (`institutionCode` null); idempotent.
   * Answers what went and how many pairs of the role the user still holds.
   */
  revoke(sub: string, role: Role, institutionCode: string | null): Promise<{ revoked: RoleAssignment[]; remaining: number }>;
  /** Every pair the user holds, read consistently: a revoke is seen by the very next call. */
  assignmentsOf(sub: string): Promise<RoleAssignment[]>;
  list(role: Role, institutionCode: string | undefined, limit: number, cursor?: string): Promise<Page<RoleAssignment>>;
}

const NONE = '-';
const principal = (sub: string) => `PRINCIPAL#${sub}`;
const listPk = (role: Role) => `ROLES#${role}`;
/** Operators, auditors and support agents hold their role once, deployment-wide or by reach: `*`. */
const pairSk = (role: Role, institutionCode: string | null) => `ROLE#${role}#${institutionCode ?? '*'}`;
const legacySk = (role: Role) => `ROLE#${role}`;

/** A stored item as an assignment; null for anything that is not one (an unknown role never grants). */
function parse(item: Record<string, unknown>): RoleAssignment | null {
  const role = item.role as Role;
  if (!(ROLES as readonly string[]).includes(role) || typeof item.sub !== 'string') return null;
  return {
    sub: item.sub,
    login: String(item.login ?? ''),
    role,
    institutionCode: typeof item.institution === 'string' ? item.institution : null,
    region: typeof item.region === 'string' ? item.region : null,
    supportScope: parseSupportScope(item.supportScope) ?? null,
    grantedAt: String(item.grantedAt ?? ''),
    grantedBy: String(item.grantedBy ?? ''),
  };
}

const samePair = (a: Pick<RoleAssignment, 'role' | 'institutionCode'>, b: Pick<RoleAssignment, 'role' | 'institutionCode'>) =>
  a.role === b.role && (isDeploymentRole(a.role) || a.role === 'support' || a.institutionCode === b.institutionCode);

export function dynamoRoleStore(db: DynamoDBDocumentClient, table: string): RoleStore {
  /** The user's role items with their keys, consistently. */
  async function itemsOf(sub: string): Promise<Array<{ sk: string; assignment: RoleAssignment }>> {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :role)',
      ExpressionAttributeValues: { ':pk': principal(sub), ':role': 'ROLE#' },
      ConsistentRead: true,
    });
    return items.flatMap((item) => {
      const assignment = parse(item);
      return assignment ? [{ sk: String(item.sk), assignment }] : [];
    });
  }

  const remove = (sub: string, sk: string): TransactItem => ({ Delete: { TableName: table, Key: { pk: principal(sub), sk } } });

  return {
    async grant(a) {
      const key = isDeploymentRole(a.role) || a.role === 'support' ? null : a.institutionCode;
      // A pre-pairs item of the same pair goes in the same write, so the pair is never listed twice.
      const legacy = (await itemsOf(a.sub)).filter((i) => i.sk === legacySk(a.role) && samePair(i.assignment, a));
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: {
                  pk: principal(a.sub),
                  sk: pairSk(a.role, key),
                  gsi1pk: listPk(a.role),
                  gsi1sk: `${a.institutionCode ?? NONE}#${a.sub}`,
                  sub: a.sub,
                  login: a.login,
                  role: a.role,
                  ...(a.institutionCode && { institution: a.institutionCode, region: a.region }),
                  ...(a.supportScope && { supportScope: a.supportScope }),
                  grantedAt: a.grantedAt,
                  grantedBy: a.grantedBy,
                },
              },
            },
            ...legacy.map((i) => remove(a.sub, i.sk)),
          ],
        }),
      );
    },

    async revoke(sub, role, institutionCode) {
      const ofRole = (await itemsOf(sub)).filter((i) => i.assignment.role === role);
      const going = ofRole.filter((i) => institutionCode === null || i.assignment.institutionCode === institutionCode);
      if (going.length) await db.send(new TransactWriteCommand({ TransactItems: going.map((i) => remove(sub, i.sk)) }));
      return { revoked: going.map((i) => i.assignment), remaining: ofRole.length - going.length };
    },

    async assignmentsOf(sub) {
      return (await itemsOf(sub)).map((i) => i.assignment);
    },

    async list(role, institutionCode, limit, cursor) {
      const gsi1pk = listPk(role);
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: institutionCode ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk, ...(institutionCode && { ':prefix': `${institutionCode}#` }) },
          Limit: limit,
        },
        cursor,
        (c) => decodeCursor(c, 'query.cursor', (k) => k.gsi1pk === gsi1pk),
      );
      return { items: page.items.flatMap((item) => parse(item) ?? []), nextCursor: page.nextCursor };
    },
  };
}
