import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type PostaStacks } from '../../infra/build-app';

export interface Synthesized extends PostaStacks {
  statefulTemplate: Template;
  statelessTemplate: Template;
}

/** The feature flags `cdk synth` uses, so tests see the same templates. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

/** cdk.json's context without bundling: the handlers are not built in infrastructure tests. */
export const testApp = (): App => new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });

const cache = new Map<string, Synthesized>();

/** Both stacks of one profile, synthesized once per test file with bundling skipped. */
export function synth(profileId: string): Synthesized {
  const hit = cache.get(profileId);
  if (hit) return hit;
  const app = testApp();
  const stacks = buildApp(app, profileId);
  const result = {
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
  cache.set(profileId, result);
  return result;
}

/** The one resource of `type` whose properties match `where`; fails when there are none or several. */
export function only(template: Template, type: string, where: Record<string, unknown>) {
  const found = Object.values(template.findResources(type, { Properties: where }));
  if (found.length !== 1) throw new Error(`Expected one ${type} matching ${JSON.stringify(where)}, found ${found.length}`);
  return found[0] as (typeof found)[number];
}
