import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { generatePassword } from '../shared/identity/generate-password';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulators/local-aws';
import { runningStackOrExit } from './running-stack';
import type { DemoUser } from './seed';

/**
 * `npm run -s signin -- <login> [--password P] [--new-password N]`: signs in to the running local
 * stack's user pool as a portal would (USER_PASSWORD_AUTH) and prints the access token, and only
 * it, on stdout — so `TOKEN=$(npm run -s signin -- demo.operator@posta.istruzione.it)` works. A
 * demo user's password is read from the state folder. A temporary password (a member's first
 * sign-in, after a reset) gets Cognito's NEW_PASSWORD_REQUIRED challenge: it is answered with
 * `--new-password`, or with a generated one printed on stderr — the password the member now has.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    password: { type: 'string' },
    'new-password': { type: 'string' },
    profile: { type: 'string', default: process.env.POSTA_PROFILE },
    'state-dir': { type: 'string' },
  },
});

const login = positionals[0]?.trim().toLowerCase();
if (!login) {
  console.error('Usage: npm run -s signin -- <login> [--password <password>] [--new-password <password>]');
  process.exit(2);
}
const { runtime, stateDir } = runningStackOrExit({ stateDir: values['state-dir'], profile: values.profile });
const demoFile = join(stateDir, 'demo-users.json');
const demo = existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoUser[]) : [];
const password = values.password ?? demo.find((u) => u.login === login)?.password;
if (!password) {
  console.error(
    `${login} is no demo user: give its password with --password (a member's temporary one is in the SMS outbox, ${runtime.urls.smsOutbox}).`,
  );
  process.exit(2);
}

const cognito = new CognitoIdentityProviderClient({ endpoint: runtime.urls.cognito, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
const ClientId = runtime.resources.userPoolClientId;
try {
  let out = await cognito.send(
    new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME: login, PASSWORD: password } }),
  );
  if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    const newPassword = values['new-password'] ?? generatePassword();
    if (!values['new-password']) console.error(`temporary password replaced; the new one is: ${newPassword}`);
    out = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: out.Session,
        ChallengeResponses: { USERNAME: login, NEW_PASSWORD: newPassword },
      }),
    );
  } else if (out.ChallengeName) {
    throw new Error(`Cognito asks for ${out.ChallengeName}, which this script does not answer`);
  }
  const token = out.AuthenticationResult?.AccessToken;
  if (!token) throw new Error('Cognito answered without a token');
  console.log(token);
} catch (error) {
  console.error(`sign-in failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exit(1);
} finally {
  cognito.destroy();
}
