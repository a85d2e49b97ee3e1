import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConflictError, DependencyUnavailableError } from '../../shared/errors';
import { httpRoute } from '../../shared/http/route';
import { context, httpEvent } from '../helpers/http-event';

type Result = { statusCode: number; headers: Record<string, string>; body: string };
const call = async (handler: (e: never, c: never) => Promise<unknown>, event: unknown) =>
  (await handler(event as never, context as never)) as Result;

const echo = httpRoute(
  { auth: 'public', body: z.object({ phone: z.string().regex(/^\+\d+$/), count: z.number().int().max(10) }) },
  async ({ body, sourceIp }) => ({ status: 201, body: { ...body, sourceIp } }),
);

describe('the shared HTTP chain', () => {
  it('hands the core typed, validated input and renders its result as JSON', async () => {
    const res = await call(echo, httpEvent({ headers: { 'Content-Type': 'application/json' }, body: '{"phone":"+39347","count":2}' }));
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ phone: '+39347', count: 2, sourceIp: '198.51.100.7' });
  });

  it('answers bad input with 400 problem+json naming each field', async () => {
    const res = await call(echo, httpEvent({ headers: { 'content-type': 'application/json' }, body: '{"phone":"347","count":11}' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed', field: 'body.phone', instance: 'req-1' });
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['body.phone', 'body.count']);
  });

  it('answers malformed JSON with 400 malformed_json and a wrong media type with 415', async () => {
    const bad = await call(echo, httpEvent({ headers: { 'content-type': 'application/json' }, body: '{"phone":' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).code).toBe('malformed_json');
    const wrongType = await call(echo, httpEvent({ headers: { 'content-type': 'text/plain' }, body: 'x' }));
    expect(wrongType.statusCode).toBe(415);
    expect(JSON.parse(wrongType.body).code).toBe('unsupported_media_type');
  });

  it('renders domain errors with their status and code', async () => {
    const conflicting = httpRoute({ auth: 'public' }, async () => {
      throw new ConflictError('The lot has launched', 'lot_not_scheduled', 'body.launchAt');
    });
    const res = await call(conflicting, httpEvent());
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'lot_not_scheduled', field: 'body.launchAt', title: 'The lot has launched' });
  });

  it('renders a domain error’s extension members next to its code, never over the standard ones', async () => {
    const held = httpRoute({ auth: 'public' }, async () => {
      const error = new ConflictError('Held', 'channel_recently_changed');
      error.extensions = { clearsAt: '2027-02-01T07:00:00.000Z', code: 'forged', status: 200 };
      throw error;
    });
    const res = await call(held, httpEvent());
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'channel_recently_changed', status: 409, clearsAt: '2027-02-01T07:00:00.000Z' });
  });

  it('hides everything about an unexpected error behind a bare 500', async () => {
    const crashing = httpRoute({ auth: 'public' }, async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:8000 at secret-table');
    });
    const res = await call(crashing, httpEvent());
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/ECONNREFUSED|secret-table/);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'internal_error', instance: 'req-1' });
  });

  it('says 503 dependency_unavailable without detail when a dependency is down', async () => {
    const down = httpRoute({ auth: 'public' }, async () => {
      throw new DependencyUnavailableError('The directory');
    });
    const res = await call(down, httpEvent());
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(JSON.parse(res.body).code).toBe('dependency_unavailable');
  });

  describe('a dependency outage on a business route is a 503 with Retry-After, never a 500', () => {
    // The SDK's own errors, as a handler sees them after the SDK's retries gave up.
    const db = new DynamoDBClient({ region: 'eu-south-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const reading = httpRoute({ auth: 'public' }, async () => {
      await db.send(new GetItemCommand({ TableName: 'directory', Key: { pk: { S: 'MEMBER#m-1' } } }));
      return { status: 200 };
    });
    const answer = async (error: Error) => {
      const mock = mockClient(db);
      mock.on(GetItemCommand).rejects(error);
      try {
        return await call(reading, httpEvent());
      } finally {
        mock.restore();
      }
    };
    const meta = { $metadata: { httpStatusCode: 400, attempts: 3 } };

    it.each([
      ['throttled (DynamoDB)', new ProvisionedThroughputExceededException({ message: 'slow down', ...meta }), '5'],
      [
        'throttled (any service, by the SDK flag)',
        Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', ...meta }),
        '5',
      ],
      [
        'unreachable (connection refused)',
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED', $metadata: { attempts: 4 } }),
        '30',
      ],
      [
        'failing on its side (5xx)',
        Object.assign(new Error('We encountered an internal error'), {
          name: 'InternalServerError',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 },
        }),
        '30',
      ],
    ])('%s', async (_, error, retryAfter) => {
      const res = await answer(error);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe(retryAfter);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ status: 503, code: 'dependency_unavailable', instance: 'req-1' });
      expect(res.body).not.toMatch(/ECONNREFUSED|10\.0\.0\.1|internal error|slow down/i);
    });

    it('a client fault (a failed condition, a bad request) stays a bug: 500 without Retry-After', async () => {
      const res = await answer(new ConditionalCheckFailedException({ message: 'The conditional request failed', ...meta }));
      expect(res.statusCode).toBe(500);
      expect(res.headers['retry-after']).toBeUndefined();
    });
  });

  it('refuses a jwt route reached without verified claims', async () => {
    const me = httpRoute({ auth: 'jwt' }, async ({ principal }) => ({ status: 200, body: principal }));
    expect((await call(me, httpEvent())).statusCode).toBe(401);
    const ok = await call(me, httpEvent({ claims: { sub: 's', username: 'u@x.it', 'cognito:groups': '[staff]' } }));
    // The token's groups are not read: roles come from the role store (actorRoute).
    expect(JSON.parse(ok.body)).toEqual({ sub: 's', login: 'u@x.it' });
  });
});
