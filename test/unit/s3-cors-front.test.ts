import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3CorsFront } from '../../local/emulators/s3-cors';

/** The local S3 front answers browsers as the bucket's CORS rule does, and passes the rest on to fauxqs (here a stand-in). */
describe('local S3 CORS front', () => {
  let target: Server;
  let front: Awaited<ReturnType<typeof startS3CorsFront>>;
  const received: Array<{ method?: string; url?: string; body: string }> = [];

  beforeAll(async () => {
    target = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, body });
        res.writeHead(200, { etag: '"abc"' }).end();
      });
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
    front = await startS3CorsFront({ target: `http://127.0.0.1:${(target.address() as AddressInfo).port}`, port: 0 });
  });
  afterAll(async () => {
    await front.stop();
    await new Promise((r) => target.close(r));
  });

  const origin = 'http://127.0.0.1:4000';

  it('answers a preflight for a PUT with content-type, and refuses one for another method or header', async () => {
    const ok = await fetch(`${front.endpoint}/bucket/key?X-Amz-Signature=s`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'Content-Type' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(ok.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');
    for (const [method, headers] of [
      ['DELETE', 'content-type'],
      ['PUT', 'x-amz-acl'],
    ]) {
      const refused = await fetch(`${front.endpoint}/bucket/key`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': method as string, 'access-control-request-headers': headers as string },
      });
      expect(refused.status).toBe(403);
    }
    expect(received).toEqual([]);
  });

  it('passes a PUT on unchanged, with the CORS headers on its answer; a GET from a page gets none', async () => {
    const put = await fetch(`${front.endpoint}/bucket/key?X-Amz-Signature=s`, { method: 'PUT', headers: { origin }, body: 'a;b\r\n' });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('*');
    expect(put.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(received.at(-1)).toEqual({ method: 'PUT', url: '/bucket/key?X-Amz-Signature=s', body: 'a;b\r\n' });
    const get = await fetch(`${front.endpoint}/bucket/key`, { headers: { origin } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
