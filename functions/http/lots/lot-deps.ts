import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import type { Lot } from '../../../shared/lots/lot';
import { dynamoLotStore } from '../../../shared/lots/lot-store';
import { dynamoMemberStore } from '../../../shared/members/member-store';

// What every lot route needs, built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const deps = {
  lots: dynamoLotStore(dynamo, env.DIRECTORY_TABLE),
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  clock: systemClock,
};

/** The lot as the API shows it (the launcher's cursor and the creator stay internal). */
export function lotView(lot: Lot) {
  const { cursor: _c, createdBy: _b, ...view } = lot;
  return view;
}
