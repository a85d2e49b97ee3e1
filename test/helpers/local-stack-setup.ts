import type { TestProject } from 'vitest/node';
import { startStackProcess } from './stack-process';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { runtime: import('../../local/stack').Runtime; demoUsers: import('../../local/seed').DemoUser[] };
  }
}

/** One local stack (it-miur) for the integration tests, started like `npm start`, torn down after. */
export default async function setup(project: TestProject) {
  const stack = await startStackProcess('it-miur');
  project.provide('stack', { runtime: stack.runtime, demoUsers: stack.demoUsers });
  return async () => {
    await stack.stop();
  };
}
