import { InvalidArgumentError } from 'commander';
import { startReplaySite } from '../../src/replay/server.js';
import type { FaultPreset } from '../../src/replay/faults.js';
import type { RegisterCommand } from '../register-command.js';

function intArg(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer in ${min}..${max}`);
    return n;
  };
}

function presetArg(v: string): FaultPreset {
  if (v !== 'none' && v !== 'mild' && v !== 'harsh') throw new InvalidArgumentError('expected none, mild or harsh');
  return v;
}

interface ReplayCliOptions {
  pairs: number;
  port: number;
  seed: number;
  faults: FaultPreset;
  crawlDelay?: number;
}

/** A one-line reason when the server could not listen on `port` (a user's problem, not a bug), else null. */
function listenProblem(err: unknown, port: number): string | null {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || e.syscall !== 'listen') return null;
  if (e.code === 'EADDRINUSE') return `port ${port} is in use; choose another with --port or omit it`;
  if (e.code === 'EACCES') return `no permission to listen on port ${port}; choose another with --port or omit it`;
  return `cannot listen on 127.0.0.1:${port}: ${e.message}`;
}

/** `donga-ingest replay`: serves the local replay site until Ctrl-C, printing its URL and the expected outcome. */
export const registerReplay: RegisterCommand = (program, ctx) => {
  program
    .command('replay')
    .description('serve a reconstructed donga-like site on 127.0.0.1 (for the demo, tests and benchmarks)')
    .option('--pairs <n>', 'number of English articles', intArg('--pairs', 1, 79_999), 50)
    .option('--port <port>', 'port (0 = any free port)', intArg('--port', 0, 65_535), 0)
    .option('--seed <s>', 'content seed', intArg('--seed', 0, 2 ** 32 - 1), 1)
    .option('--faults <preset>', 'fault preset: none, mild or harsh', presetArg, 'none')
    .option('--crawl-delay <s>', 'Crawl-delay line in robots.txt', intArg('--crawl-delay', 0, 3600))
    .action(async (opts: ReplayCliOptions) => {
      let site;
      try {
        site = await startReplaySite({
          pairs: opts.pairs,
          port: opts.port,
          seed: opts.seed,
          preset: opts.faults,
          ...(opts.crawlDelay === undefined ? {} : { crawlDelay: opts.crawlDelay }),
        });
      } catch (err) {
        const problem = listenProblem(err, opts.port);
        if (!problem) throw err;
        process.stderr.write(`replay: ${problem}\n`);
        ctx.exitCode = 1;
        return;
      }
      const sum = site.expectedSummary();
      const out = process.stdout;
      out.write(`replay site: ${site.url}\n`);
      out.write(`  start page: ${site.url}/en   robots: ${site.url}/robots.txt   sitemap: ${site.url}/sitemap/en-articles.xml\n`);
      out.write(`  pairs: ${opts.pairs}  seed: ${opts.seed}  faults: ${opts.faults}\n`);
      out.write(`  expected: paired ${sum.stored.paired}, no_korean_link ${sum.stored.no_korean_link}, korean_failed ${sum.stored.korean_failed}`);
      const failed = Object.entries(sum.failed).map(([code, n]) => `${code} ${n}`);
      out.write(failed.length ? `; failed: ${failed.join(', ')}\n` : '\n');
      const v = sum.verdicts;
      out.write(
        `  expected verdicts: verified ${v.verified}, plausible ${v.plausible}, suspect ${v.suspect}, mismatch ${v.mismatch}` +
          ` (${sum.wronglyWired} 한국어 links wired to another article)\n`,
      );
      out.write(`  crawl it with SITE_URL=${site.url}\n  Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const s = site.stats();
      await site.close();
      out.write(
        `stopped after ${s.requests} requests (${Object.entries(s.byStatus)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')})\n`,
      );
    });
};
