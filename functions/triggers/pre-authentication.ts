import { dynamo } from '../../shared/clients/dynamodb';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { signInGate } from '../../shared/sign-in/sign-in-gate';

const env = readEnv({ DIRECTORY_TABLE: setting() });

/** Cognito's PreAuthentication trigger: throws (refusing the sign-in) past a password deadline. */
export const handler = signInGate({ members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE), profile, clock: systemClock });
