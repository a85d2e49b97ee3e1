import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUCKETS } from '../../shared/catalog';
import type { Service } from '../support/child-process';

/** The one CORS rule every bucket of the catalog answers browsers with (they are alike; checked at start). */
function uploadRule() {
  const rules = new Set(Object.values(BUCKETS).map((b) => JSON.stringify(b.browserUpload)));
  if (rules.size !== 1) throw new Error('s3-cors: the buckets’ browserUpload rules differ; the local S3 front serves one');
  return Object.values(BUCKETS)[0]?.browserUpload as (typeof BUCKETS)['imports']['browserUpload'];
}

/**
 * fauxqs serves S3 without CORS, so a browser could not PUT a file to a presigned URL as it does
 * to the real bucket (whose CORS rule is the catalog's `browserUpload`). This front stands before
 * fauxqs for S3 only (AWS_ENDPOINT_URL_S3): it answers a preflight as S3 does for that rule (an
 * `Origin` asking for an allowed method and headers) and adds the rule's headers to every answer
 * to a request with an `Origin`; everything else is passed to fauxqs unchanged, signature included.
 * SQS and SNS keep talking to fauxqs directly.
 */
export async function startS3CorsFront(opts: { target: string; port: number }): Promise<Service & { endpoint: string }> {
  const rule = uploadRule();
  const target = new URL(opts.target);
  const allowed = (method: string | undefined, headers: string | undefined) =>
    (rule.methods as readonly string[]).includes(method ?? '') &&
    (headers ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean)
      .every((h) => rule.headers.includes(h));
  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS' && origin) {
      if (!allowed(req.headers['access-control-request-method'], req.headers['access-control-request-headers'])) {
        res.writeHead(403).end();
        return;
      }
      res
        .writeHead(200, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': rule.methods.join(', '),
          'access-control-allow-headers': rule.headers.join(', '),
          'access-control-max-age': String(rule.maxAgeSeconds),
          vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
        })
        .end();
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const cors =
          origin && (rule.methods as readonly string[]).includes(req.method ?? '')
            ? { 'access-control-allow-origin': '*', 'access-control-expose-headers': rule.exposedHeaders.join(', ') }
            : {};
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    name: 's3-cors',
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
