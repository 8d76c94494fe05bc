import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { collectStatus } from '../../src/status/collect-status.js';
import { formatStatus } from '../../src/status/format-status.js';
import { openStore, sqlitePath } from '../../src/store/open-store.js';
import type { PairStore } from '../../src/store/pair-store.js';
import { positiveIntUpTo } from '../positive-int.js';
import type { RegisterCommand } from '../register-command.js';

/**
 * `donga-ingest status [--json] [--check] [--window-hours N]`: queues, scheduler and last run, store totals,
 * failures, the layout-drift alarm and host politeness, from Redis and the store; either may be down (its
 * sections are shown as unavailable). `--check` exits 1 when an alarm is raised, for cron and monitoring.
 */
export const registerStatus: RegisterCommand = (program, ctx) => {
  program
    .command('status')
    .description('what the fleet is doing: queues, schedule and last run, store totals, failures, layout drift, hosts')
    .option('--json', 'print one JSON document (schema donga-ingest/status@1) instead of text')
    .option('--check', 'exit 1 when an alarm is raised (layout drift, failures jump, last run failed, Redis or store down)')
    .option('--window-hours <n>', 'layout-drift window: the last N hours against the N before (1..168)', positiveIntUpTo(168), 6)
    .action(async (opts: { json?: boolean; check?: boolean; windowHours: number }) => {
      const config = loadConfig();
      let store: PairStore | { unavailable: string };
      const file = resolve(sqlitePath(config));
      if (!config.databaseUrl && !existsSync(file)) {
        // Status never creates a database: a missing one is reported, not made.
        store = { unavailable: `no database at ${file} (nothing crawled into DATA_DIR=${config.dataDir} yet?)` };
      } else {
        try {
          store = await openStore(config);
        } catch (err) {
          store = { unavailable: err instanceof Error ? err.message : String(err) };
        }
      }
      try {
        const report = await collectStatus({ config, store, windowHours: opts.windowHours });
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else for (const line of formatStatus(report)) process.stdout.write(`${line}\n`);
        if (opts.check && report.alarms.length) ctx.exitCode = 1;
      } finally {
        if (!('unavailable' in store)) await store.close();
      }
    });
};
