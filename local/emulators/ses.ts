import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import sesServer from 'aws-ses-v2-local';
import type { Service } from '../support/child-process';
import { faultSwitch, guardServer } from './fault-switch';

type StoredEmail = { messageId: string };
/** aws-ses-v2-local keeps its mails in a module-level store; its `saveEmail` is the one door in. */
const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as {
  saveEmail: (email: StoredEmail) => void;
  getStoreReadonly: () => { emails: StoredEmail[] };
};

/**
 * aws-ses-v2-local in this process: SESv2 API, a web viewer at `/`, the mails at `GET /store`.
 * With `file`, every mail is also kept as a JSON line and loaded again on start, so the outbox
 * survives a restart (as the SMS sink's does). `POST /_posta/fault {"seconds": n}` makes the send
 * API answer 503 for n seconds (chaos tests).
 */
export async function startSes(opts: { port: number; file?: string | null }): Promise<Service & { endpoint: string }> {
  if (opts.file) {
    const file = opts.file;
    const emails = store.getStoreReadonly().emails;
    if (emails.length === 0 && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line) emails.push(JSON.parse(line));
    }
    const save = store.saveEmail;
    // Written before the SES answer leaves, so a mail the sender saw accepted is never lost to a crash.
    store.saveEmail = (email) => {
      appendFileSync(file, `${JSON.stringify(email)}\n`);
      save(email);
    };
  }
  // The package is CommonJS: its default export arrives wrapped under some loaders.
  const start = ((sesServer as unknown as { default?: typeof sesServer }).default ?? sesServer) as typeof sesServer;
  const server: Server = await start({ host: '127.0.0.1', port: opts.port });
  guardServer(
    server,
    faultSwitch(
      (req) => req.method === 'POST' && (req.url ?? '').startsWith('/v2/email/outbound-emails'),
      (res) => {
        res.writeHead(503, { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailableException' });
        res.end(JSON.stringify({ message: 'Service is unavailable (local fault switch)' }));
      },
    ),
  );
  return {
    name: 'ses',
    endpoint: `http://127.0.0.1:${opts.port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
