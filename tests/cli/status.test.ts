import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('status command line', () => {
  it('a bad --window-hours is a usage error (exit 2) naming the option', async () => {
    for (const v of ['0', '169', 'six']) {
      const res = await runCli(['status', '--window-hours', v]);
      expect(res.code, v).toBe(2);
      expect(res.stderr).toMatch(/--window-hours/);
    }
  });
});
