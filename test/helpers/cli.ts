/**
 * Helpers for the CLI tests: run the built CLI as a subprocess and lay out throw-away workspaces.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');

/** Fails with an actionable message when the bundle has not been built. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${path.relative(REPO_ROOT, CLI_PATH)} is missing: run \`npm run build\` before the CLI tests.`);
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/cli.js ...args`. HOME and XDG_CACHE_HOME point into `sandbox` so that no cache or
 * configuration of the user running the tests is read or written.
 */
export function runCli(args: string[], sandbox: string, cwd: string = sandbox): CliResult {
  const home = path.join(sandbox, '.home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    XDG_CACHE_HOME: path.join(home, '.cache'),
    NO_COLOR: '1',
  };
  // These tests are about detection: `scan` runs without Hub lookups unless a test asks for them.
  const lookupFlags = ['--hub-url', '--offline', '--no-lookup'];
  const argv = args[0] === 'scan' && !args.some((a) => lookupFlags.includes(a)) ? ['scan', '--no-lookup', ...args.slice(1)] : args;
  const res = spawnSync(process.execPath, [CLI_PATH, ...argv], { cwd, env, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A fresh temporary directory; remove it with `removeDir`. */
export function makeTempDir(prefix = 'ptm-lens-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` (posix relative path → content) under `root`; a path ending in `/` makes an empty folder. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, ...rel.split('/'));
    if (rel.endsWith('/')) {
      mkdirSync(full, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** An nbformat 4 notebook from a list of cells given as [type, source]. */
export function notebook(cells: ['code' | 'markdown' | 'raw', string][]): string {
  return JSON.stringify(
    {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
      cells: cells.map(([type, source]) =>
        type === 'code'
          ? { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) }
          : { cell_type: type, metadata: {}, source: source.split(/(?<=\n)/) },
      ),
    },
    null,
    1,
  );
}

/**
 * Runs the CLI without blocking this process (unlike `runCli`), so a fixture Hub running in the test
 * process can answer it. HOME and XDG_CACHE_HOME point into `home`.
 */
export function runCliAsync(args: string[], home: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  mkdirSync(home, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
