// Preloaded (`node --import`) into each crawl process by bench/crawlee/run.ts: when the process exits, writes its
// CPU time, the CPU time of its children it waited for (the private redis-server of `donga-ingest crawl`, the
// helper processes Crawlee spawns) and its peak RSS to BENCH_USAGE_FILE. Read at exit, these are exact; a poll
// from outside would miss the last ~100 ms and could not see children after they are reaped.
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.BENCH_USAGE_FILE;
if (out) {
  process.on('exit', () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17 (clock ticks).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const cpu = process.cpuUsage();
    writeFileSync(
      out,
      JSON.stringify({
        pid: process.pid,
        selfCpuS: (cpu.user + cpu.system) / 1e6,
        childrenCpuTicks: Number(f[13]) + Number(f[14]),
        peakRssKb: kb('VmHWM'),
        uptimeS: process.uptime(),
      }),
    );
  });
}
