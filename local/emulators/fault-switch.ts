import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * A switch that makes a local emulator answer like a service in an outage, for chaos tests and by
 * hand: `POST /_posta/fault {"seconds": 60}` (0 ends it), `GET /_posta/fault` tells whether it is
 * on. While on, every API call is answered by `outage` (a 503 in the service's own error format);
 * the emulator's own pages and outboxes keep answering, so a test can watch what got through.
 * The real services never see this: it exists only in `local/`.
 */
export function faultSwitch(isApiCall: (req: IncomingMessage) => boolean, outage: (res: ServerResponse) => void) {
  let until = 0;
  return {
    /** Handles the switch's own route and, while it is on, the emulator's API calls; false: not handled. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/_posta/fault') {
        if (req.method === 'POST') {
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          const seconds = Number((JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { seconds?: number }).seconds ?? 0);
          until = Date.now() + Math.max(0, seconds) * 1000;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ failing: Date.now() < until, until: new Date(until).toISOString() }));
        return true;
      }
      if (Date.now() < until && isApiCall(req)) {
        outage(res);
        return true;
      }
      return false;
    },
  };
}

/** Puts the switch in front of a server someone else created: its request listeners run only when the switch lets a request through. */
export function guardServer(server: Server, sw: ReturnType<typeof faultSwitch>) {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    sw.handle(req, res).then(
      (handled) => {
        if (!handled) for (const listener of listeners) listener.call(server, req, res);
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
}
