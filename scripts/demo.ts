/**
 * `npm run demo`: the main job end to end, with no network. Starts the fixture Hub (recorded-shape
 * Hub answers, on 127.0.0.1), scans the bundled example workspace with the real CLI, prints the
 * findings and writes the JSON report to .demo/report.json.
 *
 *   npm run demo               text report
 *   npm run demo -- --json     the JSON report on stdout as well
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFixtureHub } from '../test/hub-fixture/server';

const root = path.resolve(__dirname, '..');
const workspace = path.join(root, 'examples', 'demo-workspace');
const outDir = path.join(root, '.demo');

function cli(args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

async function main(): Promise<void> {
  const hub = await startFixtureHub();
  try {
    console.log(`PTM Lens demo: scanning ${path.relative(process.cwd(), workspace) || '.'} against the fixture Hub at ${hub.url}\n`);
    const text = await cli(['scan', workspace, '--hub-url', hub.url, '--no-cache']);
    process.stdout.write(text.stdout);
    const json = await cli(['scan', workspace, '--hub-url', hub.url, '--no-cache', '--format', 'json', '--quiet']);
    mkdirSync(outDir, { recursive: true });
    const report = path.join(outDir, 'report.json');
    writeFileSync(report, json.stdout);
    if (process.argv.includes('--json')) process.stdout.write(json.stdout);
    console.log(`\nJSON report: ${path.relative(process.cwd(), report)}`);
    process.exitCode = text.status ?? 1;
  } finally {
    await hub.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
