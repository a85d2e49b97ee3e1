import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app';
import { testApp } from './synth';

describe('buildApp', () => {
  it('names the unknown profile it refuses', () => {
    expect(() => buildApp(new App(), 'xx-nowhere')).toThrow(/Unknown Posta profile "xx-nowhere"/);
  });

  it('refuses to build without a profile', () => {
    expect(() => buildApp(new App(), undefined)).toThrow(/No Posta profile chosen: use one of it-miur, ru-moscow, tr-meb/);
  });

  it('creates the stateful and stateless stacks of the chosen profile', () => {
    const app = testApp();
    const { stateful, stateless } = buildApp(app, 'ru-moscow');
    expect([stateful.stackName, stateless.stackName]).toEqual(['Posta-ru-moscow-Stateful', 'Posta-ru-moscow-Stateless']);
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Posta-ru-moscow-Stateful', 'Posta-ru-moscow-Stateless']);
    // The stateless stack imports tables and the pool, so it deploys after the stateful one.
    expect(assembly.getStackByName(stateless.stackName).dependencies.map((d) => d.id)).toContain(stateful.artifactId);
  });
});
