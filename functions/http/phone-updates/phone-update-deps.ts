import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { dynamoPhoneUpdateStore } from '../../../shared/phone-updates/phone-update-store';

// Built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const phoneUpdates = dynamoPhoneUpdateStore(dynamo, env.DIRECTORY_TABLE);
