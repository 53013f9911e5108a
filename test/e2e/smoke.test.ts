/**
 * Smoke test: the built extension inside a real VS Code (code-server 4.139.1), driven through
 * the workbench as a person would use it. Needs `npm run build` and scripts/e2e-setup.sh.
 */
import assert from 'node:assert/strict';
import { VsCodeSession } from './harness.js';

const MODEL_ID = 'google-bert/bert-base-uncased';

describe('PTM Lens in VS Code (e2e)', function () {
  let vscode: VsCodeSession | undefined;

  before(async function () {
    this.timeout(240_000);
    vscode = await VsCodeSession.launch();
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed' && vscode) {
      const dir = await vscode.captureFailure(test.fullTitle());
      console.error(`    e2e artifacts: ${dir}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await vscode?.close();
  });

  function session(): VsCodeSession {
    if (!vscode) throw new Error('VS Code did not start');
    return vscode;
  }

  it('is installed: the command palette offers its commands', async function () {
    await session().waitForCommand('PTM Lens: Scan Workspace for Models');
  });

  it('activates on a Python file and writes to its output channel', async function () {
    await session().openFile('app.py');
    const log = await session().readOutputChannel('PTM Lens', { expect: /activated/i });
    assert.match(log, /activated/i);
  });

  it('shows a PTM Lens hover on a model id', async function () {
    await session().openFile('app.py');
    const hover = await session().hover(MODEL_ID, { expect: 'PTM Lens' });
    assert.ok(hover.includes(MODEL_ID), `hover does not name ${MODEL_ID}:\n${hover}`);
    assert.ok(hover.includes('PTM Lens'), `hover has no "PTM Lens" heading:\n${hover}`);
  });

  it('harness: reads markers from the Problems panel (built-in JSON diagnostics)', async function () {
    // Written into this session's temporary copy of the workspace, after the PTM Lens checks.
    session().writeWorkspaceFile('harness-check.json', '{\n  "a": 1,,\n  "b": 2\n}\n');
    await session().openFile('harness-check.json');
    const problems = await session().readProblems({ expect: 'Property expected' });
    const marker = problems.find((p) => p.kind === 'marker' && p.message === 'Property expected');
    assert.ok(marker, JSON.stringify(problems, null, 2));
    assert.equal(marker.severity, 'error');
    assert.equal(marker.line, 2);
  });

  it('scans the workspace from the command palette and reports the models in its output channel', async function () {
    await session().runCommand('PTM Lens: Scan Workspace for Models');
    const log = await session().readOutputChannel('PTM Lens', { expect: /Findings: \d+ error/ });
    assert.match(log, /google-bert\/bert-base-uncased/);
    assert.match(log, /app\.py:\d+:\d+/);
  });

  it('made no browser request to an address other than 127.0.0.1', function () {
    assert.deepEqual(session().blockedRequests, []);
  });
});
