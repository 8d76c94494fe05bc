import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let busy: Server;
let port = 0;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  port = (busy.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((r) => busy.close(r));
});

describe('donga-ingest replay', () => {
  it('exits 1 with one line when --port is in use', async () => {
    const res = await runCli(['replay', '--pairs', '2', '--port', String(port)]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(`replay: port ${port} is in use; choose another with --port or omit it\n`);
  }, 40_000);
});
