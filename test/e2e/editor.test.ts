/**
 * The editor experience against the fixture Hub: the hover card, Problems-panel diagnostics and the
 * pin quick fix, in a real VS Code (code-server) driven by headless Chromium.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureHubSession } from './fixtureSession.js';

const BERT = 'google-bert/bert-base-uncased';
const BERT_SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\nlicense = "MIT"\n';
const SHOTS = process.env.PTM_LENS_SCREENSHOTS ? path.resolve(__dirname, '../../media') : undefined;

describe('PTM Lens editor experience (e2e, fixture Hub)', function () {
  const session = fixtureHubSession({
    'pyproject.toml': PYPROJECT,
    'train.py': ['from transformers import AutoModel', '', `model = AutoModel.from_pretrained("${BERT}")`, 'translator = AutoModel.from_pretrained("facebook/nllb-200-distilled-600M")', ''].join('\n'),
  });

  it('shows the model card: scores, license verdict and risks', async function () {
    await session().openFile('train.py');
    const card = await session().hover(BERT, { expect: 'Provenance' });
    assert.match(card, /Reproducibility/);
    assert.match(card, /Documentation/);
    assert.match(card, /Apache/);
    assert.match(card, /compatible/);
    assert.match(card, /unpinned-revision/);
    if (SHOTS) await session().screenshot(path.join(SHOTS, 'hover.png'));
  });

  it('lists the findings in the Problems panel with rule ids', async function () {
    const problems = await session().readProblems({ expect: 'license' });
    const ours = problems.filter((p) => p.kind === 'marker' && p.source === 'PTM Lens');
    const unpinned = ours.find((p) => p.code === 'unpinned-revision' && p.line === 3);
    assert.ok(unpinned, JSON.stringify(ours, null, 2));
    assert.equal(unpinned.severity, 'warning');
    const nc = ours.find((p) => p.code === 'license-incompatible' && p.line === 4);
    assert.ok(nc, JSON.stringify(ours, null, 2));
    assert.equal(nc.severity, 'error');
    if (SHOTS) await session().screenshot(path.join(SHOTS, 'problems.png'));
  });

  it('pins the revision with the quick fix', async function () {
    // The previous test left the Problems panel focused; quick fixes must come from the editor.
    await session().runCommand('View: Hide Panel');
    await session().openFile('train.py');
    await session().placeCursorOn(BERT);
    const page = session().page;
    await page.locator('.monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 30_000 });
    const item = page.locator('.action-widget .monaco-list-row', { hasText: `Pin ${BERT} to commit` }).first();
    // The quick-fix menu opens from Ctrl+. or the light bulb; either can be swallowed while the editor
    // re-renders, so bounded attempts alternate between them until the menu shows the fix.
    for (let attempt = 0; ; attempt++) {
      await session().placeCursorOn(BERT);
      if (attempt % 2 === 0) await page.keyboard.press('Control+.');
      else await page.locator('.lightBulbWidget .codicon').first().click({ timeout: 5_000 }).catch(() => undefined);
      try {
        await item.waitFor({ state: 'visible', timeout: 8_000 });
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
        await page.keyboard.press('Escape');
      }
    }
    await item.click();
    // The edit lands in the editor first; save only once it is there.
    await page.locator('.monaco-editor .view-lines', { hasText: `revision="${BERT_SHA}"` }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await session().runCommand('File: Save');
    const file = path.join(session().workspace, 'train.py');
    const deadline = Date.now() + 30_000;
    let text = readFileSync(file, 'utf8');
    while (!text.includes(BERT_SHA) && Date.now() < deadline) {
      await page.waitForTimeout(100);
      text = readFileSync(file, 'utf8');
    }
    assert.match(text, new RegExp(`from_pretrained\\("${BERT}", revision="${BERT_SHA}"\\)`));
  });

  it('generates a CycloneDX bill of materials from the command palette', async function () {
    await session().runCommand('PTM Lens: Generate Bill of Materials', { opensQuickInput: true });
    const page = session().page;
    const option = page.locator('.quick-input-widget:not(.quick-input-widget-closing) .quick-input-list .monaco-list-row', { hasText: 'CycloneDX 1.6' }).first();
    await option.waitFor({ state: 'visible', timeout: 30_000 });
    await option.click();
    const file = path.join(session().workspace, 'ptm-lens.cdx.json');
    await page.locator('.tab', { hasText: 'ptm-lens.cdx.json' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const bom = JSON.parse(readFileSync(file, 'utf8')) as { bomFormat: string; specVersion: string; components: { name: string; group?: string }[] };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.equal(bom.specVersion, '1.6');
    assert.ok(bom.components.some((c) => `${c.group}/${c.name}` === BERT), JSON.stringify(bom.components.map((c) => [c.group, c.name])));
  });
});
