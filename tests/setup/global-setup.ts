import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startServices, type Services } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Redis for integration tests: REDIS_URL, or a private redis-server started here. */
    redisUrl: string;
    /** PostgreSQL for store tests: TEST_DATABASE_URL, or '' when none is available. */
    pgUrl: string;
  }
}

let services: Services | undefined;

export async function setup(project: TestProject): Promise<void> {
  services = await startServices();
  project.provide('redisUrl', services.redisUrl);
  project.provide('pgUrl', services.pgUrl);
}

export async function teardown(): Promise<void> {
  await services?.stop();
}
