import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { QUEUES, ROUTES, type RouteDef, SCHEDULES } from '../../shared/catalog';
import { PROFILE_IDS } from '../../shared/profiles';
import { nestedStackResource, synth, testApp } from './synth';

/**
 * CloudFormation refuses a stack of more than 500 resources. Every stack and nested stack stays
 * at or under 400: the parent stack pays 2 resources per route (route and integration), a tag's
 * route stack 5 (function, role, policy, log group, invoke permission), so 100 resources of margin
 * are 50 routes in the parent or 20 in one tag beyond what a budget failure already warns about.
 */
const BUDGET = 400;

const resourceCount = (template: Template) => Object.keys(template.toJSON().Resources).length;

describe.each(PROFILE_IDS)('resource budget (%s)', (profileId) => {
  it(`keeps every stack and nested stack at or under ${BUDGET} resources`, () => {
    const { statefulTemplate, statelessTemplate, routeTemplates, stateful, stateless } = synth(profileId);
    const counts: Record<string, number> = {
      [stateful.stackName]: resourceCount(statefulTemplate),
      [stateless.stackName]: resourceCount(statelessTemplate),
    };
    for (const [tag, template] of Object.entries(routeTemplates)) counts[`${stateless.stackName}/${tag}`] = resourceCount(template);
    const over = Object.entries(counts).filter(([, n]) => n > BUDGET);
    expect(over).toEqual([]);
    expect(Object.keys(counts)).toHaveLength(2 + new Set(ROUTES.map((r) => r.tag)).size);
  });

  it('costs the parent stack only a route and an integration per route; the rest is in the route stacks', () => {
    const { statelessTemplate, routeTemplates } = synth(profileId);
    const types = (t: Template) => Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    const parentTypes = types(statelessTemplate);
    const count = (all: string[], type: string) => all.filter((t) => t === type).length;
    expect(count(parentTypes, 'AWS::ApiGatewayV2::Route')).toBe(ROUTES.length);
    expect(count(parentTypes, 'AWS::ApiGatewayV2::Integration')).toBe(ROUTES.length);
    // API invoke permissions sit beside their functions; the parent keeps only the schedules' (EventBridge) ones.
    const principals = Object.values(statelessTemplate.findResources('AWS::Lambda::Permission')).map((p) => p.Properties.Principal);
    expect(principals).toEqual(SCHEDULES.map(() => 'events.amazonaws.com'));
    for (const [tag, template] of Object.entries(routeTemplates)) {
      const routes = ROUTES.filter((r) => r.tag === tag).length;
      expect(resourceCount(template), tag).toBe(5 * routes);
      expect(count(types(template), 'AWS::Lambda::Permission'), tag).toBe(routes);
    }
  });
});

describe('route stacks are stable', () => {
  /** Every nested route stack resource in the parent (logical id → template URL and parameters), and each nested template. */
  function shape(extra?: RouteDef) {
    // First in the catalog, so a stack named by position rather than by tag would shift.
    if (extra) ROUTES.unshift(extra);
    try {
      const app = testApp();
      const { stateless } = buildApp(app, 'tr-meb');
      const parent = Template.fromStack(stateless);
      return Object.fromEntries(
        Object.entries(stateless.routeStacks).map(([tag, nested]) => {
          const { logicalId, resource } = nestedStackResource(parent, nested);
          return [tag, { logicalId, resource, template: Template.fromStack(nested as Stack).toJSON() }];
        }),
      );
    } finally {
      if (extra) ROUTES.splice(ROUTES.indexOf(extra), 1);
    }
  }

  const probe = (tag: string): RouteDef => ({
    id: 'budgetProbe',
    method: 'GET',
    path: '/v1/budget-probe',
    // No route's handler: with bundling skipped, CDK reuses the first asset staged for an entry,
    // so a probe sharing a route's entry would pass its asset id to that route's function.
    handler: QUEUES.import.consumer,
    auth: 'public',
    publicBecause: 'test-only route: no data.',
    summary: 'Test-only route',
    tag,
  });

  it.each(['Operations', 'Budget probe'])(
    'adding a route tagged %s changes no other tag’s stack (logical id, template, parameters)',
    (tag) => {
      const before = shape();
      const after = shape(probe(tag));
      expect(Object.keys(after).sort()).toEqual([...new Set([...Object.keys(before), tag])].sort());
      for (const other of Object.keys(before)) {
        if (other === tag) {
          expect(after[other]?.logicalId).toBe(before[other]?.logicalId);
          expect(after[other]?.template).not.toEqual(before[other]?.template);
        } else expect(after[other], other).toEqual(before[other]);
      }
    },
  );
});
