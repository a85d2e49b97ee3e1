import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverStack } from '../../local/running-stack';
import { runtimeEnv } from '../../local/runtime-env';
import { AS_OF_ATTRIBUTE, asOfHonoured, recordClock } from '../../shared/as-of-clock';
import { SECRETS, type SecretId } from '../../shared/catalog';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { fixedClock } from '../../shared/clock';
import { loadProfile } from '../../shared/profiles';

const record = (asOf: string | undefined, sentAt: number) =>
  ({
    messageAttributes: asOf ? { [AS_OF_ATTRIBUTE]: { stringValue: asOf, dataType: 'String' } } : {},
    attributes: { SentTimestamp: String(sentAt) },
  }) as unknown as Pick<SQSRecord, 'messageAttributes' | 'attributes'>;

describe('the "as of" clock of a job run reaches the consumers it sets off', () => {
  const sent = Date.parse('2026-12-03T10:00:00.000Z');
  const real = fixedClock(new Date(sent + 90_000)); // the consumer runs 90 s after the send

  it('a producer running by a clock stamps each message with its now', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({});
    await jsonQueueSender(new SQSClient({ region: 'eu-south-1' }), 'q', fixedClock('2027-01-31T08:00:00Z'))({ a: 1 }, 5);
    await jsonQueueSender(new SQSClient({ region: 'eu-south-1' }), 'q')({ a: 2 });
    const [stamped, plain] = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(stamped).toMatchObject({
      DelaySeconds: 5,
      MessageAttributes: { [AS_OF_ATTRIBUTE]: { DataType: 'String', StringValue: '2027-01-31T08:00:00.000Z' } },
    });
    expect(plain?.MessageAttributes).toBeUndefined();
  });

  it('where honoured, a consumer runs the message from that instant on, as real time passes since the send', () => {
    const clock = recordClock(record('2027-01-31T08:00:00.000Z', sent), true, real);
    expect(clock.now().toISOString()).toBe('2027-01-31T08:01:30.000Z');
  });

  it('not honoured (the cloud), absent, or unreadable: the real clock', () => {
    expect(recordClock(record('2027-01-31T08:00:00.000Z', sent), false, real)).toBe(real);
    expect(recordClock(record(undefined, sent), true, real)).toBe(real);
    expect(recordClock(record('not a date', sent), true, real)).toBe(real);
    expect(recordClock({ ...record('2027-01-31T08:00:00Z', sent), attributes: {} as never }, true, real)).toBe(real);
  });

  // In the cloud no function has the setting: test/infra/stateless-stack.test.ts checks each one's exact environment.
  it('only the local runner turns it on; without the setting a consumer keeps the real clock', () => {
    const env = runtimeEnv(
      loadProfile('it-miur'),
      { dynamodb: 'd', cognito: 'c', ses: 's', sqs: 'q', s3: 'b', sms: 'm' },
      {
        tables: { directory: 't', audit: 'a', idempotency: 'i' },
        queues: Object.fromEntries(['email', 'import', 'provision', 'deliveryEvents', 'passwordEvents'].map((q) => [q, { url: q }])),
        buckets: { imports: 'b' },
        userPoolId: 'p',
        userPoolClientId: 'c',
        templatePrefix: 'x',
      } as never,
      Object.fromEntries(Object.keys(SECRETS).map((id) => [id, 'k'])) as Record<SecretId, string>,
    );
    expect(asOfHonoured(env)).toBe(true);
    expect(asOfHonoured({})).toBe(false);
  });
});

describe('npm run job finds a running stack by itself', () => {
  const root = mkdtempSync(join(tmpdir(), 'posta-discovery-'));
  const tmp = join(root, 'tmp');
  const home = join(root, 'home');
  let pid = 1000;
  const alive = new Set<number>();
  function stack(dir: string, profile: string, running = true) {
    mkdirSync(dir, { recursive: true });
    const runner = ++pid;
    if (running) alive.add(runner);
    writeFileSync(
      join(dir, 'runtime.json'),
      JSON.stringify({ profile, stateDir: dir, urls: { api: `http://127.0.0.1:${runner}` }, pids: { runner } }),
    );
    return dir;
  }
  const places = () => ({ defaultDir: (p: string) => join(home, p), tmp, alive: (p: number | undefined) => alive.has(p ?? 0) });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('an --ephemeral stack in its temporary folder, a crashed one ignored, a test stack not taken for it', () => {
    stack(join(tmp, 'posta-tr-meb-dead01'), 'tr-meb', false);
    stack(join(tmp, 'posta-test-tr-meb-x1'), 'tr-meb');
    const ephemeral = stack(join(tmp, 'posta-tr-meb-Ab12Cd'), 'tr-meb');
    expect(discoverStack('tr-meb', places())).toEqual({ found: expect.objectContaining({ stateDir: ephemeral }) });
    // No profile named: any profile's one running stack.
    expect(discoverStack(undefined, places())).toEqual({ found: expect.objectContaining({ stateDir: ephemeral }) });
    expect(discoverStack('ru-moscow', places())).toEqual({ none: true });
  });

  it('the profile’s own state folder first; several candidates are listed for --state-dir', () => {
    const own = stack(join(home, 'it-miur'), 'it-miur');
    expect(discoverStack('it-miur', places())).toEqual({ found: expect.objectContaining({ stateDir: own }) });
    stack(join(tmp, 'posta-it-miur-Zz99'), 'it-miur');
    expect(discoverStack('it-miur', places())).toEqual({ found: expect.objectContaining({ stateDir: own }) });
    const many = discoverStack(undefined, places());
    expect('many' in many && many.many.map((s) => s.runtime.profile).sort()).toEqual(['it-miur', 'it-miur', 'tr-meb']);
  });
});
