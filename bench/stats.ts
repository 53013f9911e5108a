/** Small helpers shared by the benchmarks: timing summaries, the machine line and table output. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(xs: readonly number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p95: quantile(s, 0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

/** `1.23 s (min 1.10, max 1.40, n=5)` or in milliseconds. */
export function fmt(s: Summary, unit: 's' | 'ms' = 'ms'): string {
  const f = (v: number): string => (unit === 's' ? (v / 1000).toFixed(2) : v < 10 ? v.toFixed(2) : v.toFixed(1));
  return `${f(s.median)} ${unit} (min ${f(s.min)}, max ${f(s.max)}, n=${s.n})`;
}

export function machineLine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length} (os.availableParallelism ${os.availableParallelism()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${load}`;
}

export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** The version line of a command, or undefined when it is not installed. */
export function toolVersion(cmd: string, args: string[] = ['--version']): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return undefined;
  }
}

export function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'GAP';
}
