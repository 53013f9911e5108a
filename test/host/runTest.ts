/**
 * Runs the extension-host suite (test/host/suite) in a desktop VS Code through @vscode/test-electron,
 * against the fixture Hub. `npm run test:host`.
 *
 * A desktop VS Code is needed: set VSCODE_EXECUTABLE to an installed one, or let test-electron
 * download one (which needs network access to update.code.visualstudio.com). Where neither is
 * possible (as in this project's CI, which has no network) the real-editor suite in test/e2e covers
 * the same ground through code-server; this runner stays for machines that have a desktop VS Code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { startFixtureHub } from '../hub-fixture/server.js';

const root = path.resolve(__dirname, '../..');

async function main(): Promise<number> {
  const outDir = path.join(root, '.host-test');
  // The suite runs inside the extension host, which loads CommonJS; vscode comes from the host.
  await build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: path.join(outDir, 'suite.js'),
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const hub = await startFixtureHub();
  const tmp = mkdtempSync(path.join(tmpdir(), 'ptm-lens-host-'));
  try {
    const workspace = path.join(tmp, 'workspace');
    const userData = path.join(tmp, 'user-data');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(workspace, 'pyproject.toml'), '[project]\nname = "host"\nversion = "0.1.0"\nlicense = "MIT"\n');
    writeFileSync(
      path.join(workspace, 'train.py'),
      'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("google-bert/bert-base-uncased")\n',
    );
    // `ptmLens.hub.endpoint` is application-scoped: it must come from user settings.
    writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({ 'ptmLens.hub.endpoint': hub.url, 'ptmLens.offline': false, 'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none' }, null, 2),
    );
    const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;
    return await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'suite.js'),
      launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { PTM_LENS_HOST_WORKSPACE: workspace, PTM_LENS_HOST_HUB: hub.url },
    });
  } finally {
    await hub.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Host tests could not run: ${(err as Error).message}`);
    console.error('They need a desktop VS Code: set VSCODE_EXECUTABLE, or allow test-electron to download one. test/e2e covers the same ground in code-server.');
    process.exit(1);
  },
);
