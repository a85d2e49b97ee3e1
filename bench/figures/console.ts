import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { consoleSite } from '../../local/console-site';
import { loadProfile } from '../../shared/profiles';
import { publicProfile } from '../../shared/profiles/public-profile';
import { launchChromium } from '../../test/helpers/console-browser';
import { informative, lessThanOrEqual, type Row } from '../report';

const ROOT = join(import.meta.dirname, '..', '..');
const ENTRY_LIMIT_KB = 250;
const READY_RATIO = 2;
const RUNS = 9;

/** Marks the moment a login field is in the page and enabled: `window.__ready` (ms since navigation start). */
const READY_PROBE = `new MutationObserver((_, observer) => {
  const input = document.querySelector('input[autocomplete="username"]');
  if (input && !input.disabled) { window.__ready = performance.now(); observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });`;

function vite(args: string[], cwd: string) {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error', ...args], { cwd, stdio: 'pipe' });
}

/** Serves a build the way the local runner serves the console, with the profile route beside it. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const profile = JSON.stringify(publicProfile(loadProfile('it-miur')));
  const site = consoleSite({
    dir,
    config: { apiUrl: '', region: 'eu-south-1', userPoolId: 'eu-south-1_bench', userPoolClientId: 'bench' },
    connectTo: [],
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/v1/profile') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(profile);
    }
    if (!site(req, res, url)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Figure 6: the staff console in local headless Chromium. The JavaScript a phone downloads to
 * show the sign-in form (gzip; admin areas load later and are not counted), and the time from
 * navigation to an interactive sign-in form as a ratio to an empty Vite + React page (one input)
 * built and served the same way in the same run, each the median of fresh browser contexts.
 */
export async function consoleFigure(workDir: string): Promise<Row[]> {
  const consoleDir = join(workDir, 'console');
  const baselineDir = join(workDir, 'baseline');
  vite(['--outDir', consoleDir, '--emptyOutDir'], join(ROOT, 'web'));
  vite(['--outDir', baselineDir, '--emptyOutDir'], join(ROOT, 'web', 'bench-baseline'));
  const sites = { console: await serve(consoleDir), baseline: await serve(baselineDir) };
  const browser = await launchChromium();
  try {
    // Scripts whose download ended before the form was ready, and those fetched after (the
    // Cognito SDK's chunk, the other staff pages, Cloudscape's strings of the language).
    const scripts = new Set<string>();
    const later = new Set<string>();
    const times: Record<keyof typeof sites, number[]> = { console: [], baseline: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const name of ['baseline', 'console'] as const) {
        const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
        const page = await context.newPage();
        await page.addInitScript(READY_PROBE);
        await page.goto(`${sites[name].url}/sign-in`);
        // Polled from here: the console's CSP forbids the string evaluation waitForFunction uses.
        let ready: number | undefined;
        for (let i = 0; i < 600 && ready === undefined; i++) {
          ready = (await page.evaluate('window.__ready')) as number | undefined;
          if (ready === undefined) await new Promise((r) => setTimeout(r, 50));
        }
        if (ready === undefined) throw new Error(`${name}: no sign-in form within 30 s`);
        times[name].push(ready);
        await page.waitForLoadState('networkidle');
        if (name === 'console') {
          // The page's own resource timing: what had arrived by the moment the form was ready.
          const loaded = JSON.parse(
            (await page.evaluate(
              "JSON.stringify(performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.js')).map((e) => [new URL(e.name).pathname, e.responseEnd]))",
            )) as string,
          ) as Array<[string, number]>;
          for (const [path, end] of loaded) (end <= ready ? scripts : later).add(path);
        }
        await context.close();
      }
    }
    const gzipKb = (path: string) => gzipSync(readFileSync(join(consoleDir, path))).length / 1024;
    const entryKb = [...scripts].reduce((sum, path) => sum + gzipKb(path), 0);
    const consoleMs = median(times.console);
    const baselineMs = median(times.baseline);
    return [
      lessThanOrEqual(
        'console',
        `staff entry JavaScript to the sign-in form, gzip (${scripts.size} files)`,
        Math.round(entryKb),
        'KB',
        ENTRY_LIMIT_KB,
      ),
      informative(
        'console',
        'JavaScript fetched once the form is up (Cognito SDK, the other staff pages, Cloudscape’s strings of the language), gzip',
        Math.round([...later].filter((p) => !scripts.has(p)).reduce((sum, path) => sum + gzipKb(path), 0)),
        'KB',
      ),
      informative(
        'console',
        'stylesheets (Cloudscape’s global styles with their fonts inline, its components’), gzip',
        Math.round(stylesheets(consoleDir).reduce((sum, path) => sum + gzipKb(path), 0)),
        'KB',
      ),
      lessThanOrEqual(
        'console',
        `navigation → interactive sign-in form vs empty Vite + React page (${consoleMs.toFixed(0)} / ${baselineMs.toFixed(0)} ms, median of ${RUNS})`,
        consoleMs / baselineMs,
        '×',
        READY_RATIO,
      ),
    ];
  } finally {
    await browser.close();
    for (const { server } of Object.values(sites)) server.close();
  }
}

/** The stylesheets index.html links (the entry's and the console chunk's). */
function stylesheets(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  return [...html.matchAll(/<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1] as string);
}
