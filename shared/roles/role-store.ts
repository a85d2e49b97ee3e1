import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SupportScope } from '../auth/scope';
import type { Role } from '../catalog';
import { decodeCursor, isCancelledByCondition, queryPage } from '../clients/dynamo-helpers';

/**
 * One role of one user. Stored as `PRINCIPAL#<sub>` / `ROLE#<role>`, listed through gsi1 under
 * `ROLES#<role>` sorted by institution, so "the school admins of X" is one query. The caller's
 * effective scope stays the one `PRINCIPAL#<sub>` / `SCOPE` item `resolveActor` reads.
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
  /** Records the assignment and folds it into the scope item, together. */
  grant(assignment: RoleAssignment): Promise<void>;
  /** Drops the assignment and its role from the scope item (idempotent). */
  revoke(sub: string, role: Role): Promise<void>;
  list(role: Role, institutionCode: string | undefined, limit: number, cursor?: string): Promise<Page<RoleAssignment>>;
}

const NONE = '-';
const principal = (sub: string) => `PRINCIPAL#${sub}`;
const listPk = (role: Role) => `ROLES#${role}`;

const view = (item: Record<string, unknown>): RoleAssignment => ({
  sub: String(item.sub),
  login: String(item.login),
  role: item.role as Role,
  institutionCode: (item.institution as string | undefined) ?? null,
  region: (item.region as string | undefined) ?? null,
  supportScope: (item.supportScope as SupportScope | undefined) ?? null,
  grantedAt: String(item.grantedAt),
  grantedBy: String(item.grantedBy),
});

export function dynamoRoleStore(db: DynamoDBDocumentClient, table: string): RoleStore {
  return {
    async grant(a) {
      // The scope item holds one institution (and region) per user: granting a role of another
      // institution moves the user there. Support reach and the role set are added alongside.
      const set = ['#login = :login', '#updatedAt = :at'];
      const values: Record<string, unknown> = { ':login': a.login, ':at': a.grantedAt, ':role': new Set([a.role]) };
      const names: Record<string, string> = { '#login': 'login', '#updatedAt': 'updatedAt', '#roles': 'roles' };
      if (a.institutionCode) {
        set.push('#institution = :institution', '#region = :region');
        Object.assign(names, { '#institution': 'institution', '#region': 'region' });
        Object.assign(values, { ':institution': a.institutionCode, ':region': a.region });
      }
      if (a.supportScope) {
        set.push('#supportScope = :support');
        names['#supportScope'] = 'supportScope';
        values[':support'] = a.supportScope;
      }
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: {
                  pk: principal(a.sub),
                  sk: `ROLE#${a.role}`,
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
            {
              Update: {
                TableName: table,
                Key: { pk: principal(a.sub), sk: 'SCOPE' },
                UpdateExpression: `SET ${set.join(', ')} ADD #roles :role`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      );
    },

    async revoke(sub, role) {
      // The institution stays on the scope item (another role of the user may need it); a
      // support reach goes with the support role.
      const remove = role === 'support' ? ' REMOVE #supportScope' : '';
      await db
        .send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: table, Key: { pk: principal(sub), sk: `ROLE#${role}` } } },
              {
                Update: {
                  TableName: table,
                  Key: { pk: principal(sub), sk: 'SCOPE' },
                  UpdateExpression: `DELETE #roles :role${remove}`,
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: { '#roles': 'roles', ...(remove && { '#supportScope': 'supportScope' }) },
                  ExpressionAttributeValues: { ':role': new Set([role]) },
                },
              },
            ],
          }),
        )
        .catch((error) => {
          // No scope item: there is nothing to take the role from (the assignment delete is moot too).
          if (isCancelledByCondition(error, 1)) return;
          throw error;
        });
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
      return { items: page.items.map(view), nextCursor: page.nextCursor };
    },
  };
}
