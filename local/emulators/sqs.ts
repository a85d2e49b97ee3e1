import { mkdirSync } from 'node:fs';
import { startFauxqs } from 'fauxqs';
import type { Service } from '../support/child-process';
import { LOCAL_REGION } from './local-aws';

/**
 * fauxqs in this process: the SQS API with redrive to dead-letter queues. It binds 0.0.0.0
 * (not configurable), so like DynamoDB Local its port should not be exposed.
 */
export async function startSqs(opts: { port: number; dataDir: string | null }): Promise<Service & { endpoint: string }> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const server = await startFauxqs({
    port: opts.port,
    logger: false,
    defaultRegion: LOCAL_REGION,
    ...(opts.dataDir && { dataDir: opts.dataDir }),
  });
  return { name: 'sqs', endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}
