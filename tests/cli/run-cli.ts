import { spawn } from 'node:child_process';
import { settings } from '../../config/config.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A loopback port nobody listens on (bound, then released). */
export { freePort as closedPort } from '../../cli/private-redis.js';

/**
 * Runs `node bin/donga-ingest.js …` with only the given settings: every config variable (and Vite's BASE_URL) is
 * dropped from the inherited environment, so the developer's own settings cannot leak into the test.
 */
export function runCli(args: string[], env: Record<string, string> = {}, opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base['BASE_URL'];
  for (const [name] of Object.values(settings)) delete base[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/donga-ingest.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
