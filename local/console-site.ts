import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { securityHeaders } from '../web/security-headers';

const ROOT = join(import.meta.dirname, '..');
export const WEB = join(ROOT, 'web');
/** Console builds, one folder per source hash (git-ignored). */
export const CONSOLE_BUILDS = join(WEB, 'dist');
/** Builds of other sources are removed once this old; a running stack keeps serving its own meanwhile. */
const STALE_BUILD_MS = 24 * 3_600_000;

/** What a console build is made from: its sources, its build settings and the installed packages. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(relative(WEB, path)).update(readFileSync(path));
    }
  };
  walk(join(WEB, 'src'));
  for (const file of ['index.html', 'vite.config.ts', 'security-headers.ts', 'package.json', join('..', 'package-lock.json')]) {
    hash.update(readFileSync(join(WEB, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The console built from the sources as they are: `web/dist/<source hash>/`, built now unless a
 * build of the same sources is there, so `npm start` and the tests serve what the code says. A
 * build goes into a folder of its own and is then moved into place, so stacks starting side by
 * side never serve a half-written build, and a stack already running keeps its own files while
 * another builds newer sources.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = () => undefined): Promise<string> {
  const target = join(CONSOLE_BUILDS, sourceHash());
  if (existsSync(join(target, 'index.html'))) return target;
  log('building the web console (vite build)…');
  const staging = `${target}.${process.pid}.building`;
  try {
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error', '--outDir', staging], {
      cwd: WEB,
    });
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process moved its identical build in first.
      if (!existsSync(join(target, 'index.html'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  for (const entry of readdirSync(CONSOLE_BUILDS)) {
    const path = join(CONSOLE_BUILDS, entry);
    if (path !== target && Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true });
  }
  return target;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface ConsoleSiteOptions {
  dir: string;
  /** What `/config.json` says: the API (same origin here), the pool and client, cognito-local's URL. */
  config: Record<string, string>;
  /** Origins the console's scripts may call besides its own: cognito-local. */
  connectTo: string[];
}

/**
 * Serves the built console from the API's own origin, as CloudFront does in the cloud: hashed
 * assets cached for good, `index.html` for every page path (the router reads the path), the
 * generated `/config.json`, and the same security headers as the CloudFront policy (no HSTS over
 * plain HTTP). Returns false for what it does not serve.
 */
export function consoleSite(opts: ConsoleSiteOptions) {
  const headers = securityHeaders(opts.connectTo);
  const config = JSON.stringify(opts.config);
  const send = (res: ServerResponse, status: number, type: string, body: Buffer | string, cache: string) => {
    res.writeHead(status, { ...headers, 'content-type': type, 'cache-control': cache });
    res.end(body);
  };
  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/config.json') {
      send(res, 200, TYPES['.json'] as string, config, 'no-store');
      return true;
    }
    const file = normalize(join(opts.dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(opts.dir + sep)) return false;
    if (extname(url.pathname)) {
      if (!existsSync(file) || !statSync(file).isFile()) return false;
      const immutable = url.pathname.startsWith('/assets/');
      send(
        res,
        200,
        TYPES[extname(file)] ?? 'application/octet-stream',
        readFileSync(file),
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      return true;
    }
    send(res, 200, TYPES['.html'] as string, readFileSync(join(opts.dir, 'index.html')), 'no-cache');
    return true;
  };
}
