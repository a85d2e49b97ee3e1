import { SCHEDULES, type ScheduleDef } from '../shared/catalog';
import { cronMatches } from '../shared/system/cron';
import { lambdaContext } from './lambda-context';
import { loadHandler } from './load-handler';

/** The event EventBridge sends a scheduled target; `time` is the instant the job runs "as of". */
export function scheduledEvent(def: ScheduleDef, at: Date) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString(),
    region: 'eu-south-1',
    resources: [`arn:aws:events:eu-south-1:000000000000:rule/posta-${def.id}`],
    detail: {},
  };
}

export async function runJob(def: ScheduleDef, at: Date): Promise<unknown> {
  const handler = await loadHandler(def.handler);
  return handler(scheduledEvent(def, at), lambdaContext(def.id, def.timeoutSeconds));
}

/** Runs each catalog schedule when its cron matches, checked at the top of every minute. */
export function startScheduler(onError: (id: string, e: unknown) => void) {
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = new Date();
    now.setUTCSeconds(0, 0);
    for (const def of SCHEDULES) if (cronMatches(def.cron, now)) runJob(def, now).catch((e) => onError(def.id, e));
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000));
  };
  timer = setTimeout(tick, 60_000 - (Date.now() % 60_000));
  return { stop: () => clearTimeout(timer) };
}
