import { Annotations as AnnotationsOf, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { PostaFunction } from '../../infra/posta-function';
import { ROUTES } from '../../shared/catalog';
import { PROFILE_IDS } from '../../shared/profiles';
import { synth, testApp } from './synth';

const packs = { AwsSolutions: () => new AwsSolutionsChecks(), Serverless: () => new ServerlessChecks() };
const stackKinds = ['stateful', 'stateless'] as const;
const tags = [...new Set(ROUTES.map((r) => r.tag))];

const findingsIn = (pack: keyof typeof packs, scope: Stack) =>
  packs[pack]()
    .validateScope(scope)
    .violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

/**
 * cdk-nag 3 is a policy-validation plugin: synth (and so `synth()` here) already fails on an
 * unacknowledged finding. These tests state it explicitly and read the findings back per pack.
 */
describe.each(PROFILE_IDS)('cdk-nag (%s)', (profileId) => {
  describe.each(stackKinds)('%s stack', (kind) => {
    it.each(Object.keys(packs) as (keyof typeof packs)[])('has no unacknowledged %s finding', (pack) => {
      expect(findingsIn(pack, synth(profileId)[kind])).toEqual([]);
    });

    it('has no CDK error or warning annotation', () => {
      const annotations = Annotations.fromStack(synth(profileId)[kind]);
      expect(annotations.findError('*', Match.stringLikeRegexp('.*'))).toEqual([]);
      expect(annotations.findWarning('*', Match.stringLikeRegexp('.*'))).toEqual([]);
    });
  });

  // The stateless stack's findings above include these (the walk follows the construct tree);
  // per nested stack, a finding names the route stack it is in.
  describe.each(tags)('%s route stack', (tag) => {
    it.each(Object.keys(packs) as (keyof typeof packs)[])('has no unacknowledged %s finding', (pack) => {
      const nested = synth(profileId).stateless.routeStacks[tag];
      if (!nested) throw new Error(`no route stack for ${tag}`);
      expect(findingsIn(pack, nested)).toEqual([]);
    });
  });
});

describe('cdk-nag and nested stacks', () => {
  it('evaluates resources inside a nested stack: an unacknowledged function there is a finding', () => {
    const parent = new Stack(testApp(), 'Parent');
    const nested = new NestedStack(parent, 'Inner');
    new PostaFunction(nested, 'Fn', { entry: 'functions/http/health.ts', profileId: 'tr-meb' });
    const findings = findingsIn('AwsSolutions', parent);
    expect(findings).toContainEqual(expect.stringMatching(/^AwsSolutions-IAM4\[.*AWSLambdaBasicExecutionRole\] @ Parent\/Inner\/Fn\//));
  });

  it('reports a nested stack’s annotations with its parent’s, so the stateless stack check above covers the route stacks', () => {
    const parent = new Stack(testApp(), 'Parent');
    const nested = new NestedStack(parent, 'Inner');
    AnnotationsOf.of(new PostaFunction(nested, 'Fn', { entry: 'functions/http/health.ts', profileId: 'tr-meb' })).addWarningV2(
      'posta:probe',
      'probe',
    );
    const warnings = Annotations.fromStack(parent).findWarning('*', Match.stringLikeRegexp('probe'));
    expect(warnings.map((w) => w.id)).toEqual(['/Parent/Inner/Fn']);
  });
});
