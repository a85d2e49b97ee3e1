import { createServer, type Server } from 'node:http';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { TRIGGERS } from '../shared/catalog';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulators/local-aws';
import { lambdaContext } from './lambda-context';
import { loadHandler } from './load-handler';

/** The Cognito trigger events cognito-local sends carry `request.userAttributes`. */
interface TriggerEvent {
  userPoolId?: string;
  userName?: string;
  request?: { userAttributes?: Record<string, string> };
}

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * A local stand-in for Lambda's `Invoke` API (`POST /2015-03-31/functions/{name}/invocations`),
 * which cognito-local calls for the pool's triggers (its config points its Lambda client here).
 * `{name}` is a catalog trigger id; the same handler module Lambda runs answers, with a Lambda
 * context. A handler that throws is answered as Lambda does: 200, `X-Amz-Function-Error:
 * Unhandled` and `{ errorMessage, errorType }`, which cognito-local turns into the sign-in error.
 *
 * cognito-local leaves `cognito:user_status` out of the trigger's user attributes, where Cognito
 * puts it; it is read from cognito-local (AdminGetUser) and added, so the handler sees the event
 * Cognito would send.
 */
export async function startLambdaEndpoint(opts: { cognitoEndpoint: string; log?: (line: string) => void }): Promise<{
  server: Server;
  url: string;
  close(): Promise<void>;
}> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: opts.cognitoEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const byId = new Map(TRIGGERS.map((t) => [t.id, t]));

  const withUserStatus = async (event: TriggerEvent) => {
    const attributes = event.request?.userAttributes;
    if (!attributes || attributes['cognito:user_status'] || !event.userPoolId || !event.userName) return event;
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: event.userPoolId, Username: event.userName }));
    if (user.UserStatus) attributes['cognito:user_status'] = user.UserStatus;
    return event;
  };

  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const name = req.method === 'POST' ? INVOKE.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)?.[1] : undefined;
    const def = name ? byId.get(decodeURIComponent(name)) : undefined;
    if (!def) {
      return reply(
        404,
        { Type: 'User', message: `Function not found: ${name ?? req.url}` },
        { 'x-amzn-errortype': 'ResourceNotFoundException' },
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const event = await withUserStatus(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as TriggerEvent);
      const handler = await loadHandler(def.handler);
      const result = await handler(event, lambdaContext(def.id, def.timeoutSeconds));
      reply(200, result ?? null, { 'x-amz-executed-version': '$LATEST' });
    } catch (error) {
      const e = error as Error;
      opts.log?.(`[trigger ${def.id}] ${e.message}`);
      reply(200, { errorMessage: e.message, errorType: e.name }, { 'x-amz-function-error': 'Unhandled' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        cognito.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
