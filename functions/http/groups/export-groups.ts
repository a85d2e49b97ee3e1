import { exportGroupsQuery } from '../../../shared/api/group-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { exportGroups } from '../../../shared/groups/group-export';
import { dynamoGroupStore } from '../../../shared/groups/group-store';
import { machineRoute } from '../../../shared/http/machine-route';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const deps = { groups: dynamoGroupStore(dynamo, env.DIRECTORY_TABLE), clock: systemClock };

export const handler = machineRoute({ routeId: 'exportGroups', query: exportGroupsQuery }, async ({ query }) => ({
  status: 200,
  body: await exportGroups(query, deps),
}));
