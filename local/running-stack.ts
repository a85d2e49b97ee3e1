import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILE_IDS } from '../shared/profiles';
import type { Runtime } from './stack';
import { defaultStateDir, runtimeFile } from './state-dir';

/** Whether a process with this id runs (signal 0 only asks; EPERM: it runs, as someone else). */
export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FoundStack {
  runtime: Runtime;
  stateDir: string;
}

export type Discovery = { found: FoundStack } | { none: true } | { many: FoundStack[] };

interface Places {
  /** The folders `npm start` keeps state in: `.posta/<profile>` and `--ephemeral`'s temporary ones. */
  defaultDir(profile: string): string;
  tmp: string;
  alive(pid: number | undefined): boolean;
}

const PLACES: Places = { defaultDir: defaultStateDir, tmp: tmpdir(), alive: processAlive };

function read(stateDir: string, alive: Places['alive']): FoundStack | null {
  const file = runtimeFile(stateDir);
  if (!existsSync(file)) return null;
  try {
    const runtime = JSON.parse(readFileSync(file, 'utf8')) as Runtime;
    // A stack that crashed leaves its runtime.json behind: only a living runner counts.
    return alive(runtime.pids?.runner) ? { runtime, stateDir } : null;
  } catch {
    return null;
  }
}

/**
 * The running local stack a command should talk to, without being told where it is: the
 * profile's own state folder (`npm start`), else an `--ephemeral` stack's temporary folder
 * (`<tmp>/posta-<profile>-*`, as `npm start -- --ephemeral` names it). With no profile given, any
 * profile's. Two or more candidates: the caller asks the user to pick one with `--state-dir`.
 */
export function discoverStack(profile: string | undefined, places: Places = PLACES): Discovery {
  const profiles = profile ? [profile] : [...PROFILE_IDS];
  const found: FoundStack[] = [];
  for (const p of profiles) {
    const own = read(places.defaultDir(p), places.alive);
    if (own) found.push(own);
  }
  if (found.length === 1 && profile) return { found: found[0] as FoundStack };
  let entries: string[] = [];
  try {
    entries = readdirSync(places.tmp);
  } catch {
    entries = [];
  }
  for (const name of entries.sort()) {
    if (!profiles.some((p) => name.startsWith(`posta-${p}-`))) continue;
    const stack = read(join(places.tmp, name), places.alive);
    if (stack) found.push(stack);
  }
  if (found.length === 0) return { none: true };
  if (found.length === 1) return { found: found[0] as FoundStack };
  return { many: found };
}

/** The stack at `--state-dir`, or the one discovered; exits with a message saying what to do otherwise. */
export function runningStackOrExit(opts: { stateDir?: string; profile?: string }): FoundStack {
  if (opts.stateDir) {
    const stack = read(opts.stateDir, processAlive);
    if (stack) return stack;
    console.error(`No local stack is running with state in ${opts.stateDir}.`);
    process.exit(2);
  }
  const discovery = discoverStack(opts.profile);
  if ('found' in discovery) return discovery.found;
  if ('many' in discovery) {
    console.error('Several local stacks are running; pick one with --state-dir:');
    for (const s of discovery.many)
      console.error(`  --state-dir ${s.stateDir}   (profile ${s.runtime.profile}, API ${s.runtime.urls.api})`);
    process.exit(2);
  }
  const p = opts.profile ?? 'it-miur';
  console.error(`No local stack is running${opts.profile ? ` for profile ${p}` : ''}: start it with \`npm start -- --profile ${p}\`.`);
  process.exit(2);
}
