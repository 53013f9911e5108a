/**
 * Vision CNNs in a real VS Code (issue 6): the focused-convolution section in the hover of a pretrained
 * CNN (a Hub model and torchvision library weights) and never on a vision transformer, the
 * information-level hint in the Problems panel, the quick fix "Optimize with focused convolutions"
 * (the inserted snippet parses as Python, and one undo restores the file), and the command that opens
 * the explanation page.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { sharedParsers } from '../../src/core/detect/parsers.js';
import { fixtureHubSession } from './fixtureSession.js';
import type { VsCodeSession } from './harness.js';
import { waitFor } from './harness.js';

const VGG_PY = ['import torchvision', '', 'model = torchvision.models.vgg16(weights=torchvision.models.VGG16_Weights.DEFAULT)', 'model.eval()', ''].join('\n');
const RESNET_PY = ['from transformers import AutoModelForImageClassification', '', 'resnet = AutoModelForImageClassification.from_pretrained("microsoft/resnet-50")', ''].join('\n');
const QUIET_PY = ['from transformers import AutoModelForImageClassification', '', 'quiet = AutoModelForImageClassification.from_pretrained("microsoft/resnet-50")  # ptm-lens: ignore[focused-convolution]', ''].join('\n');
const VIT_PY = ['from transformers import AutoModelForImageClassification', '', 'vit = AutoModelForImageClassification.from_pretrained("google/vit-base-patch16-224")', ''].join('\n');

function syntaxErrors(text: string, parsers: Awaited<ReturnType<typeof sharedParsers>>): string[] {
  const tree = parsers.get('python').parse(text)!;
  const out: string[] = [];
  const visit = (n: Node): void => {
    if (n.type === 'ERROR' || n.isMissing) out.push(`${n.startPosition.row + 1}:${n.startPosition.column + 1} ${n.type}`);
    for (const c of n.children) if (c) visit(c);
  };
  try {
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  return out;
}

describe('PTM Lens on vision CNNs (e2e, fixture Hub)', function () {
  const session = fixtureHubSession({
    'pyproject.toml': '[project]\nname = "vision-demo"\nversion = "0.1.0"\nlicense = "MIT"\n',
    'classify_vgg.py': VGG_PY,
    'classify_resnet.py': RESNET_PY,
    'classify_vit.py': VIT_PY,
    'classify_quiet.py': QUIET_PY,
  });

  it('shows the focused-convolution section on a Hub CNN, and never on a vision transformer', async function () {
    await session().openFile('classify_resnet.py');
    const card = await session().hover('microsoft/resnet-50', { expect: 'Focused convolution' });
    assert.match(card, /cut inference latency by up to 25% and energy by up to 22% on pretrained CNNs without retraining \(ASP-DAC 2024\)/);
    assert.match(card, /about 45% on an embedded device \(AICAS 2022\)/);
    assert.match(card, /Check accuracy and latency on your own images first/);
    assert.match(card, /focused-convolutions \(GitHub\)/);
    assert.match(card, /How it works/);

    await session().openFile('classify_vit.py');
    const vit = await session().hover('google/vit-base-patch16-224', { expect: 'Provenance' });
    assert.doesNotMatch(vit, /Focused convolution|focused-convolution/);
  });

  it('shows it on torchvision library weights, which are not looked up on the Hub', async function () {
    await session().openFile('classify_vgg.py');
    const card = await session().hover('vgg16', { expect: 'Focused convolution' });
    assert.match(card, /pretrained weights from torchvision/);
    assert.match(card, /convolutional network \(CNN\), vgg/);
    assert.match(card, /build_focused_model/);
  });

  it('leaves the section out where a ptm-lens: ignore comment names the rule, as the Problems panel does', async function () {
    await session().openFile('classify_quiet.py');
    const card = await session().hover('microsoft/resnet-50', { expect: 'Provenance' });
    assert.doesNotMatch(card, /Focused convolution/);
    assert.match(card, /unpinned-revision/, 'other findings still listed');
  });

  it('lists an information-level focused-convolution hint for the CNNs only', async function () {
    const problems = await session().readProblems({ expect: 'focused convolution can cut' });
    const ours = problems.filter((p) => p.kind === 'marker' && p.source === 'PTM Lens' && p.code === 'focused-convolution');
    const where = ours.map((p) => `${p.severity} ${p.line} ${p.message?.split(' ')[0]}`).sort();
    assert.ok(where.includes('info 3 torchvision/vgg16'), JSON.stringify(ours, null, 2));
    assert.ok(where.includes('info 3 microsoft/resnet-50'), JSON.stringify(ours, null, 2));
    assert.ok(!ours.some((p) => p.message?.includes('vit-base')), JSON.stringify(ours, null, 2));
  });

  function optimizeItem(): ReturnType<VsCodeSession['page']['locator']> {
    return session().page.locator('.action-widget .monaco-list-row', { hasText: 'Optimize with focused convolutions' }).first();
  }

  /** Opens the quick-fix menu on `text` until it offers the fix (as in the pin test: Ctrl+. or the light bulb, bounded attempts). */
  async function openOptimizeFix(text: string): Promise<void> {
    const page = session().page;
    await page.locator('.monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 30_000 });
    for (let attempt = 0; ; attempt++) {
      await session().placeCursorOn(text);
      if (attempt % 2 === 0) await page.keyboard.press('Control+.');
      else await page.locator('.lightBulbWidget .codicon').first().click({ timeout: 5_000 }).catch(() => undefined);
      try {
        await optimizeItem().waitFor({ state: 'visible', timeout: 8_000 });
        return;
      } catch (err) {
        if (attempt >= 5) throw err;
        await page.keyboard.press('Escape');
      }
    }
  }

  it('inserts a valid snippet with "Optimize with focused convolutions", and one undo restores the file', async function () {
    await session().runCommand('View: Hide Panel');
    await session().openFile('classify_vgg.py');
    const page = session().page;
    await openOptimizeFix('vgg16');
    // Offered, never preferred: the menu shows it alongside the other fixes, and nothing was applied yet.
    assert.equal(readFileSync(path.join(session().workspace, 'classify_vgg.py'), 'utf8'), VGG_PY);
    await optimizeItem().click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'Focused convolution (inserted by PTM Lens' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await session().runCommand('File: Save');
    const file = path.join(session().workspace, 'classify_vgg.py');
    const inserted = await waitFor('the snippet on disk', () => {
      const t = readFileSync(file, 'utf8');
      return t.includes('focusedconv.build_focused_model(') ? t : undefined;
    }, 30_000, 100);
    // Right after the statement that builds the model, before the code that follows it.
    const lines = inserted.split('\n');
    assert.equal(lines[2], VGG_PY.split('\n')[2]);
    assert.equal(lines[3], '# --- Focused convolution (inserted by PTM Lens; review before use) ---');
    assert.ok(inserted.includes('# pip install focusedconv'));
    assert.ok(inserted.includes('FOCUSED_CONV_OP_MODES.AOI_RECT_MODE'), 'the mode is passed explicitly');
    assert.ok(inserted.includes('def check_focused_model(original, focused, aoi, images):'));
    assert.ok(inserted.trimEnd().endsWith('model.eval()'));
    assert.deepEqual(syntaxErrors(inserted, await sharedParsers()), [], inserted);

    // One undo takes the whole insertion back.
    await session().activeEditor().click({ position: { x: 200, y: 10 } });
    await page.keyboard.press('Control+Z');
    await waitFor('the snippet to leave the editor', async () => !(await page.locator('.monaco-editor .view-lines', { hasText: 'Focused convolution (inserted by PTM Lens' }).count()), 30_000, 100);
    await session().runCommand('File: Save');
    await waitFor('the original text on disk', () => readFileSync(file, 'utf8') === VGG_PY, 30_000, 100);
  });

  it('applies it to a Hub CNN (microsoft/resnet-50) in the per-layer form', async function () {
    await session().openFile('classify_resnet.py');
    await openOptimizeFix('microsoft/resnet-50');
    await optimizeItem().click();
    const page = session().page;
    await page.locator('.monaco-editor .view-lines', { hasText: 'Focused convolution (inserted by PTM Lens' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await session().runCommand('File: Save');
    const file = path.join(session().workspace, 'classify_resnet.py');
    const inserted = await waitFor('the snippet on disk', () => {
      const t = readFileSync(file, 'utf8');
      return t.includes('focusedconv.focusify_all_conv2d(') ? t : undefined;
    }, 30_000, 100);
    assert.ok(inserted.includes('FOCUSED_EARLY_MODULE = "encoder.stages.0"'), inserted);
    assert.ok(inserted.includes('focused_resnet = copy.deepcopy(resnet).eval()'), inserted);
    assert.deepEqual(syntaxErrors(inserted, await sharedParsers()), [], inserted);
    await session().activeEditor().click({ position: { x: 200, y: 10 } });
    await page.keyboard.press('Control+Z');
    await waitFor('the snippet to leave the editor', async () => !(await page.locator('.monaco-editor .view-lines', { hasText: 'Focused convolution (inserted by PTM Lens' }).count()), 30_000, 100);
    await session().runCommand('File: Save');
    await waitFor('the original text on disk', () => readFileSync(file, 'utf8') === RESNET_PY, 30_000, 100);
  });

  it('opens the explanation page from the command palette', async function () {
    await session().runCommand('PTM Lens: Explain Focused Convolution');
    await session().page.locator('.tab', { hasText: 'focused-convolution.md' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const title = await session().page.locator('.tab.active').first().innerText();
    assert.match(title, /Preview focused-convolution\.md/);
  });

  it('turns the section, the hint and the quick fix off with ptmLens.suggestions.focusedConvolution', async function () {
    // As a user would: the Settings editor, search for the setting, untick it.
    const page = session().page;
    await session().runCommand('Preferences: Open User Settings');
    const search = page.locator('.settings-editor .settings-header .monaco-editor').first();
    await search.waitFor({ state: 'visible', timeout: 30_000 });
    await search.click();
    await page.keyboard.type('ptmLens.suggestions.focusedConvolution');
    const checkbox = page.locator('.settings-editor .setting-item-bool .setting-value-checkbox').first();
    await waitFor('the setting, ticked', async () => (await checkbox.getAttribute('aria-checked')) === 'true', 30_000);
    await checkbox.click();
    await waitFor('the setting, unticked', async () => (await checkbox.getAttribute('aria-checked')) === 'false', 30_000);
    // Written to the user settings file before the editor closes (closing early can drop the change).
    const userSettings = path.join(session().userDataDir, 'User', 'settings.json');
    await waitFor('the setting in settings.json', () => /"ptmLens\.suggestions\.focusedConvolution":\s*false/.test(readFileSync(userSettings, 'utf8')), 30_000, 200);
    // The Settings editor may open as a modal; close it so the palette and panels are reachable.
    await waitFor(
      'the Settings editor to close',
      async () => {
        if (!(await page.locator('.settings-editor').first().isVisible())) return true;
        await page.keyboard.press('Escape');
        return false;
      },
      30_000,
      500,
    );
    await waitFor(
      'the focused-convolution hints to go',
      async () => {
        const rows = await session().readProblems();
        return rows.some((p) => p.kind === 'marker' && p.code === 'unpinned-revision') && !rows.some((p) => p.code === 'focused-convolution');
      },
      60_000,
      1_000,
    );
    await session().runCommand('View: Hide Panel');
    await session().openFile('classify_resnet.py');
    const card = await session().hover('microsoft/resnet-50', { expect: 'Provenance' });
    assert.doesNotMatch(card, /Focused convolution/);
  });
});
