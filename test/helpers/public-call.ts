import { request } from 'node:http';
import type { Json } from './api-client';

export interface PublicAnswer {
  status: number;
  /** The answer's bytes, for byte-for-byte comparisons. */
  text: string;
  body: Json;
}

/**
 * A call to a public route (no token) as if from the network `from` (a loopback address such as
 * `127.0.0.21`: Linux routes all of 127/8 to `lo`, so the local API sees it as the source IP).
 * Tests of per-source limits each use an address of their own, so they neither spend nor depend
 * on the budget of `127.0.0.1`, which every other test file shares.
 */
export function publicCall(apiUrl: string, method: string, path: string, body: unknown, from: string): Promise<PublicAnswer> {
  const url = new URL(path, apiUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        localAddress: from,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text, body: text ? (JSON.parse(text) as Json) : {} });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
