import { lotIdParams } from '../../../shared/api/lot-schemas';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { actorRoute } from '../../../shared/http/actor-route';
import { resumeLot } from '../../../shared/lots/lot-use-cases';
import { readProgress } from '../../../shared/progress/progress-counters';
import { deps, lotView, scopes } from './lot-deps';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });
const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);
const progress = (lotId: string) => readProgress(dynamo, env.DIRECTORY_TABLE, { lotId });

export const handler = actorRoute({ routeId: 'resumeLot', scopes, params: lotIdParams }, async ({ params, actor, requestId }) => {
  const lot = await resumeLot(params.lotId, actor, { lots: deps.lots, progress, audit, clock: deps.clock, requestId });
  return { status: 202, body: lotView(lot) };
});
