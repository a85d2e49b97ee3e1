import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Service } from '../support/child-process';
import { faultSwitch } from './fault-switch';

/** One SMS as the sink received it. Local only: real texts never leave the operator's network. */
export interface SmsRecord {
  id: string;
  at: string;
  phoneNumber: string;
  message: string;
  senderId: string | null;
  smsType: string | null;
}

const E164 = /^\+[1-9]\d{6,14}$/;

function xml(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(`<?xml version="1.0"?>\n${body}`);
}

function snsError(res: ServerResponse, status: number, code: string, message: string) {
  xml(
    res,
    status,
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

/** Reads `MessageAttributes.entry.N.Name` / `.Value.StringValue` pairs of the SNS query protocol. */
function messageAttributes(form: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, name] of form) {
    const m = /^MessageAttributes\.entry\.(\d+)\.Name$/.exec(key);
    if (m) out[name] = form.get(`MessageAttributes.entry.${m[1]}.Value.StringValue`) ?? '';
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(messages: SmsRecord[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.at)}</td><td>${escapeHtml(m.phoneNumber)}</td><td>${escapeHtml(m.senderId ?? '')}</td><td><pre>${escapeHtml(m.message)}</pre></td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Posta SMS outbox</title>
<style>body{font-family:sans-serif;margin:2rem}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap}</style>
</head><body><h1>SMS outbox (${messages.length})</h1><p>Newest first. JSON at <a href="/messages">/messages</a>.</p>
<table><tr><th>Time (UTC)</th><th>To</th><th>Sender</th><th>Text</th></tr>${rows}</table></body></html>`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A local SMS gateway that speaks the SNS `Publish` API (query protocol, phone-number target)
 * and keeps every text: JSON at `GET /messages` (newest first, `?phone=` filters), an HTML page
 * at `GET /`, `DELETE /messages` to clear. Stored as JSON lines so it survives restarts.
 * `POST /_posta/fault {"seconds": n}` makes `Publish` answer 503 for n seconds (chaos tests).
 */
export async function startSmsSink(opts: { port: number; file: string | null }): Promise<Service & { endpoint: string }> {
  const messages: SmsRecord[] = [];
  const fault = faultSwitch(
    (req) => req.method === 'POST' && (req.url ?? '/') === '/',
    (res) =>
      xml(
        res,
        503,
        `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>Service is unavailable (local fault switch)</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      ),
  );
  if (opts.file && existsSync(opts.file)) {
    for (const line of readFileSync(opts.file, 'utf8').split('\n')) if (line) messages.push(JSON.parse(line));
  }

  const server = createServer(async (req, res) => {
    try {
      if (await fault.handle(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/') {
        const form = new URLSearchParams(await readBody(req));
        if (form.get('Action') !== 'Publish')
          return snsError(res, 400, 'InvalidAction', `The sink only accepts Publish, not ${form.get('Action')}`);
        const phoneNumber = form.get('PhoneNumber') ?? '';
        const message = form.get('Message') ?? '';
        if (!E164.test(phoneNumber)) return snsError(res, 400, 'InvalidParameter', 'Invalid parameter: PhoneNumber must be E.164');
        if (!message) return snsError(res, 400, 'InvalidParameter', 'Invalid parameter: Message is empty');
        const attrs = messageAttributes(form);
        const record: SmsRecord = {
          id: randomUUID(),
          at: new Date().toISOString(),
          phoneNumber,
          message,
          senderId: attrs['AWS.SNS.SMS.SenderID'] ?? null,
          smsType: attrs['AWS.SNS.SMS.SMSType'] ?? null,
        };
        messages.push(record);
        if (opts.file) appendFileSync(opts.file, `${JSON.stringify(record)}\n`);
        return xml(
          res,
          200,
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${record.id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
        );
      }
      if (req.method === 'GET' && url.pathname === '/messages') {
        const phone = url.searchParams.get('phone');
        const list = messages.filter((m) => !phone || m.phoneNumber === phone).reverse();
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(list));
      }
      if (req.method === 'DELETE' && url.pathname === '/messages') {
        messages.length = 0;
        if (opts.file) writeFileSync(opts.file, '');
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(page([...messages].reverse()));
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  return {
    name: 'sms',
    endpoint: `http://127.0.0.1:${opts.port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
