import { registerParse } from './parse.js';
import { registerFixtures } from './fixtures.js';
import { registerReplay } from './replay.js';
import { registerWorker } from './worker.js';
import { registerEnqueue } from './enqueue.js';
import { registerSchedule } from './schedule.js';
import { registerDemo } from './demo.js';
import { registerConfig } from './config.js';
import { registerCrawl } from './crawl.js';
import { registerExport } from './export.js';
import { registerServe } from './serve.js';
import { registerStatus } from './status.js';
import { registerSchema } from './schema.js';
import { registerReparse } from './reparse.js';
import { registerCommands } from './commands.js';
import type { RegisterCommand } from '../register-command.js';

/** Every CLI command, one module each. */
export const commands: RegisterCommand[] = [
  registerParse,
  registerFixtures,
  registerReplay,
  registerWorker,
  registerEnqueue,
  registerSchedule,
  registerDemo,
  registerConfig,
  registerCrawl,
  registerExport,
  registerServe,
  registerStatus,
  registerSchema,
  registerReparse,
  registerCommands,
];
