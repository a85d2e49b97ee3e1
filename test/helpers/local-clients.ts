import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Runtime } from '../../local/stack';

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
