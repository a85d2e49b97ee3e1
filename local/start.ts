import { parseArgs } from 'node:util';
import { PROFILE_IDS } from '../shared/profiles';
import { defaultStateDir, startLocalStack } from './stack';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: process.env.POSTA_PROFILE ?? 'it-miur' },
    fresh: { type: 'boolean', default: false },
    ephemeral: { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    'port-base': { type: 'string', default: '4000' },
    'no-schedules': { type: 'boolean', default: false },
    mfa: { type: 'boolean', default: false },
  },
});

const profileId = values.profile ?? 'it-miur';
const started = Date.now();
const log = (line: string) => console.log(`[posta] ${line}`);

try {
  const stack = await startLocalStack({
    profileId,
    stateDir: values.ephemeral ? null : (values['state-dir'] ?? defaultStateDir(profileId)),
    fresh: values.fresh ?? false,
    portBase: Number(values['port-base']),
    schedules: !values['no-schedules'],
    mfa: values.mfa ?? false,
    log,
  });
  const u = stack.urls;
  console.log(`
Posta is running — profile ${stack.profile} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  Console        ${u.console}
  API            ${u.api}
  OpenAPI        ${u.openapi}
  Email viewer   ${u.emailViewer}
  SMS outbox     ${u.smsOutbox}
  DynamoDB Local ${u.dynamodb}
  Cognito        ${u.cognito}   (user pool ${stack.resources.userPoolId}, app client ${stack.resources.userPoolClientId})
  SQS            ${u.sqs}
  State          ${stack.stateDir}
`);
  console.log(
    stack.demoUsersCreated
      ? 'Demo users (first start; also in demo-users.json in the state folder):'
      : 'Demo users (see demo-users.json in the state folder for their passwords):',
  );
  for (const user of stack.demoUsers)
    console.log(`  ${user.role.padEnd(13)} ${user.login.padEnd(40)} ${stack.demoUsersCreated ? user.password : ''}`);
  console.log('\nPress Ctrl-C to stop every emulator.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`[posta] could not start: ${(error as Error).message}`);
  if (!PROFILE_IDS.includes(profileId as never)) console.error(`[posta] profiles: ${PROFILE_IDS.join(', ')}`);
  process.exit(1);
}
