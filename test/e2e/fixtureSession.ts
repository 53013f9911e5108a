/**
 * The setup every fixture-Hub e2e suite shares: mocha hooks that start the fixture Hub, write the given
 * files into a fresh workspace, launch VS Code pointed at the Hub, save artifacts when a test fails,
 * and tear it all down. Call it inside a `describe`; it returns the session accessor.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FixtureHub } from '../hub-fixture/server.js';
import { startFixtureHub } from '../hub-fixture/server.js';
import { VsCodeSession } from './harness.js';

export function fixtureHubSession(files: Record<string, string>): () => VsCodeSession {
  let hub: FixtureHub | undefined;
  let vscode: VsCodeSession | undefined;
  let workspace: string | undefined;

  before(async function () {
    this.timeout(240_000);
    hub = await startFixtureHub();
    workspace = mkdtempSync(path.join(tmpdir(), 'ptm-lens-e2e-ws-'));
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(workspace, ...rel.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    vscode = await VsCodeSession.launch({ workspace, settings: { 'ptmLens.hub.endpoint': hub.url, 'ptmLens.offline': false } });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed' && vscode) console.error(`    e2e artifacts: ${await vscode.captureFailure(test.fullTitle())}`);
  });

  after(async function () {
    this.timeout(60_000);
    await vscode?.close();
    await hub?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  return () => {
    if (!vscode) throw new Error('VS Code did not start');
    return vscode;
  };
}
