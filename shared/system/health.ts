import type { Clock } from '../clock';
import { DependencyUnavailableError } from '../errors';
import { logger } from '../logger';
import type { HeartbeatStore } from './heartbeat-store';

/** Health = the directory table answers; the scheduler's last run is reported, not judged. */
export async function checkHealth(deps: { heartbeats: HeartbeatStore; clock: Clock; profileId: string }) {
  let lastRunAt: string | null;
  try {
    lastRunAt = await deps.heartbeats.lastRunAt();
  } catch (error) {
    logger.warn('directory table unreachable', { error });
    throw new DependencyUnavailableError('The directory');
  }
  return {
    status: 'ok' as const,
    profile: deps.profileId,
    time: deps.clock.now().toISOString(),
    checks: { directory: 'ok' as const, scheduler: { lastRunAt } },
  };
}
