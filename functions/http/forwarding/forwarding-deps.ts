import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoForwardingReads } from '../../../shared/forwarding/forwarding-reads';
import type { ForwardingDeps } from '../../../shared/forwarding/forwarding-use-cases';
import { dynamoMemberStore } from '../../../shared/members/member-store';

// What every forwarding route needs, built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const deps: ForwardingDeps = {
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  reads: dynamoForwardingReads(dynamo, env.DIRECTORY_TABLE),
  profile,
  clock: systemClock,
};
