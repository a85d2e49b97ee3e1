import type { Server } from 'node:http';
import sesServer from 'aws-ses-v2-local';
import type { Service } from '../support/child-process';

/** aws-ses-v2-local in this process: SESv2 API, a web viewer at `/`, the mails at `GET /store`. */
export async function startSes(opts: { port: number }): Promise<Service & { endpoint: string }> {
  // The package is CommonJS: its default export arrives wrapped under some loaders.
  const start = ((sesServer as unknown as { default?: typeof sesServer }).default ?? sesServer) as typeof sesServer;
  const server: Server = await start({ host: '127.0.0.1', port: opts.port });
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
