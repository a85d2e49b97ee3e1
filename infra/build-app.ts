import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { routesWithoutRule } from '../shared/auth/policy';
import { ROUTES } from '../shared/catalog';
import { loadProfile } from '../shared/profiles';
import { acknowledgeNagFindings } from './nag-suppressions';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface PostaStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * Builds both stacks of one deployment into `app`. A missing or invalid profile throws the
 * profile loader's message, which names the bad field, so `cdk synth` stops before anything else.
 */
export function buildApp(app: App, profileId: string | undefined): PostaStacks {
  const profile = loadProfile(profileId);
  assertRouteRules(ROUTES);
  const prefix = `Posta-${profile.id}`;
  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    profile,
    description: `Posta (${profile.ministry}): tables, buckets, secrets and user pool`,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    profile,
    stateful,
    description: `Posta (${profile.ministry}): API, functions, queues, schedules, email templates`,
  });

  // cdk-nag 3 runs as a policy-validation plugin at synthesis: an unacknowledged finding fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  acknowledgeNagFindings(stateful, stateless);
  return { stateful, stateless };
}

/** Every `jwt` and `machine` route declares its authorization rule (catalog `rule`): synth stops naming those that do not. */
export function assertRouteRules(routes: typeof ROUTES): void {
  const missing = routesWithoutRule(routes);
  if (missing.length) throw new Error(`Routes without a valid authorization rule (catalog \`rule\`): ${missing.join(', ')}`);
}
