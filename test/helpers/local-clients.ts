import {
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type AttributeValue, DynamoDBClient, ScanCommand as RawScanCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { Runtime } from '../../local/stack';
import type { Json } from './api-client';

const base = { region: 'eu-south-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** Real SDK clients pointed at the running stack's emulators. */
export function localClients(runtime: Runtime) {
  return {
    cognito: new CognitoIdentityProviderClient({ ...base, endpoint: runtime.urls.cognito }),
    sqs: new SQSClient({ ...base, endpoint: runtime.urls.sqs }),
    ses: new SESv2Client({ ...base, endpoint: runtime.urls.ses }),
    sns: new SNSClient({ ...base, endpoint: runtime.urls.sms }),
  };
}

/** DynamoDB Local as stored: attribute values stay typed (`{ S: '…' }`). */
export function localDynamo(runtime: Runtime): DynamoDBClient {
  return new DynamoDBClient({ ...base, endpoint: runtime.urls.dynamodb });
}

/** DynamoDB Local through the Document client: items as plain objects, as the handlers see them. */
export function localDb(runtime: Runtime): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(localDynamo(runtime));
}

/** Every item of one table, all pages. */
export async function scanTable(db: DynamoDBDocumentClient, table: string): Promise<Json[]> {
  const items: Json[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Every item of every table of the stack as one JSON string: the haystack a canary searches.
 * Read raw, not through the Document client, whose string sets would stringify as `{}`.
 */
export async function scanAll(runtime: Runtime): Promise<string> {
  const db = localDynamo(runtime);
  const items: Array<Record<string, AttributeValue>> = [];
  try {
    for (const table of Object.values(runtime.resources.tables)) {
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out = await db.send(new RawScanCommand({ TableName: table, ExclusiveStartKey: start }));
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
    }
  } finally {
    db.destroy();
  }
  return JSON.stringify(items);
}

export async function signIn(runtime: Runtime, login: string, password: string): Promise<string> {
  const { cognito } = localClients(runtime);
  const result = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: runtime.resources.userPoolClientId,
      AuthParameters: { USERNAME: login, PASSWORD: password },
    }),
  );
  const token = result.AuthenticationResult?.AccessToken;
  if (!token) throw new Error(`no token for ${login}: ${result.ChallengeName ?? 'no challenge'}`);
  return token;
}

/** The `cognito:groups` an access token carries (its payload, read unchecked: the API verifies tokens, not this). */
export function tokenGroups(token: string): unknown {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))['cognito:groups'];
}

/**
 * Signs in with a temporary password and checks Cognito asks for a new one (NEW_PASSWORD_REQUIRED);
 * returns the challenge's session. On its own: a member who stops there.
 */
export async function firstSignInChallenge(runtime: Runtime, login: string, temporaryPassword: string): Promise<string | undefined> {
  const { cognito } = localClients(runtime);
  const first = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: runtime.resources.userPoolClientId,
      AuthParameters: { USERNAME: login, PASSWORD: temporaryPassword },
    }),
  );
  expect(first.ChallengeName, `first sign-in of ${login}`).toBe('NEW_PASSWORD_REQUIRED');
  return first.Session;
}

/** A member's first sign-in: the temporary password, NEW_PASSWORD_REQUIRED, then their own password. */
export async function completeFirstSignIn(
  runtime: Runtime,
  login: string,
  temporaryPassword: string,
  newPassword: string,
): Promise<AuthenticationResultType & { AccessToken: string }> {
  const session = await firstSignInChallenge(runtime, login, temporaryPassword);
  const { cognito } = localClients(runtime);
  const done = await cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: runtime.resources.userPoolClientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeResponses: { USERNAME: login, NEW_PASSWORD: newPassword },
    }),
  );
  const tokens = done.AuthenticationResult;
  expect(tokens?.AccessToken, `tokens for ${login}`).toBeTruthy();
  return tokens as AuthenticationResultType & { AccessToken: string };
}

/** Emails the SES emulator holds (`GET /store`). */
export async function sesStore(
  runtime: Runtime,
): Promise<Array<{ subject: string; destination: { to: string[] }; body: { text?: string; html?: string } }>> {
  const res = await fetch(`${runtime.urls.ses}/store`);
  return ((await res.json()) as { emails: never[] }).emails;
}

export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}
