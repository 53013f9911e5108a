/**
 * The "Pre-trained Models" view and the model report, in a real VS Code against the fixture Hub: the
 * view fills itself in from a workspace scan, shows each model's worst finding, license and scores,
 * lists the places that load it, and its context menu opens the report webview.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixtureHubSession } from './fixtureSession.js';

const BERT = 'google-bert/bert-base-uncased';
const BERT_SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const MISSING = 'nobody/does-not-exist';
const VIEW = 'Pre-trained Models';
const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nlicense = "MIT"\n';
const SHOTS = process.env.PTM_LENS_SCREENSHOTS ? path.resolve(__dirname, '../../media') : undefined;

describe('PTM Lens models view and report (e2e, fixture Hub)', function () {
  const session = fixtureHubSession({
    'pyproject.toml': PYPROJECT,
    'src/train.py': ['from transformers import AutoModel', '', `model = AutoModel.from_pretrained("${BERT}")`, `missing = AutoModel.from_pretrained("${MISSING}")`, ''].join('\n'),
    'src/serve.py': ['from transformers import AutoModel', '', `model = AutoModel.from_pretrained("${BERT}", revision="${BERT_SHA}")`, `m2 = AutoModel.from_pretrained("${BERT}")`, ''].join('\n'),
  });

  it('fills itself in from a workspace scan: each model with its worst finding, license and scores', async function () {
    const pane = await session().openTreeView(VIEW);
    const rows = await session().waitForTreeRow(pane, MISSING);
    const top = rows.filter((r) => r.level === 1);
    // Sorted by id; the pinned BERT is its own entry, since it is a different artefact.
    assert.deepEqual(top.map((r) => r.label), [BERT, BERT, MISSING]);
    const unpinned = top.find((r) => r.label === BERT && !r.description.startsWith('@'))!;
    assert.match(unpinned.description, /Apache-2\.0 · P \d+ · R \d+ · D \d+/);
    assert.match(unpinned.icon, /codicon-warning/, 'unpinned: a warning');
    const pinned = top.find((r) => r.label === BERT && r.description.startsWith('@86b5e09'))!;
    assert.ok(pinned, JSON.stringify(top));
    const missing = top.find((r) => r.label === MISSING)!;
    assert.match(missing.description, /unknown: not found/);
    assert.doesNotMatch(missing.icon, /codicon-pass/, 'an unknown model is never shown as fine');
  });

  it('lists the places that load a model under it', async function () {
    const pane = await session().openTreeView(VIEW);
    const row = pane.locator('.monaco-list-row[aria-level="1"]').filter({ hasText: MISSING }).first();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    const rows = await session().waitForTreeRow(pane, 'src/train.py:4');
    const child = rows.find((r) => r.label === 'src/train.py:4')!;
    assert.equal(child.level, 2);
    assert.match(child.description, /^AutoModel\.from_pretrained · .*model-not-found/);
    if (SHOTS) {
      // The view beside the file that loads the models, with room for the descriptions.
      await session().openFile('src/train.py');
      await session().page.locator('.part.sidebar .pane-header').filter({ hasText: /^\s*workspace/i }).first().click();
      await session().resizeSidebar(620);
      await session().screenshot(path.join(SHOTS, 'models-view.png'));
    }
  });

  it('offers the model actions in the context menu and opens the report', async function () {
    const pane = await session().openTreeView(VIEW);
    const row = pane.locator('.monaco-list-row[aria-level="1"]').filter({ hasText: BERT }).filter({ hasNotText: '@86b5e09' }).first();
    const items = await session().contextMenu(row);
    for (const want of ['Show Model Report', 'Open on Hugging Face Hub', 'Reveal References', 'Copy Model Id']) assert.ok(items.includes(want), `${want} in ${items.join(', ')}`);
    await session().clickMenuItem('Show Model Report');
    const report = await session().webviewText(BERT, 'Lineage', 90_000);
    assert.match(report.text, /Findings/);
    assert.match(report.text, /Unpinned revision/);
    assert.match(report.text, /Provenance/);
    assert.match(report.text, /Evidence/);
    assert.match(report.text, /Compatible/i);
    assert.match(report.text, /Used in this workspace[\s\S]*src\/serve\.py:4[\s\S]*src\/train\.py:3/);
    assert.match(report.text, /Model card/);
    assert.match(report.html, /script-src 'none'/, 'the report page may run no script');
    if (SHOTS) await session().screenshot(path.join(SHOTS, 'model-report.png'));
  });
});
