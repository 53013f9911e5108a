import assert from 'node:assert/strict';
import type { Finding, LocatedReference } from '../../src/core/assess/assess.js';
import { assessModel } from '../../src/core/assess/assess.js';
import type { ModelLookup } from '../../src/core/hub/types.js';
import { buildInventory, describeAssessment, inventoryTotals, worstLevel } from '../../src/core/inventory.js';

const NOW = Date.parse('2026-11-26T00:00:00Z');
const SHA = 'b'.repeat(40);

function ref(modelId: string | null, file: string, line: number, over: Partial<LocatedReference> = {}): LocatedReference {
  return {
    modelId, resolvedVia: modelId ? 'literal' : 'dynamic', kind: 'model', call: 'AutoModel.from_pretrained',
    range: { start: { line, character: 30 }, end: { line, character: 30 + (modelId ?? 'x').length } },
    revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python', file, ...over,
  };
}

function ok(id: string, over: Partial<NonNullable<ModelLookup['facts']>> = {}): ModelLookup {
  return {
    state: 'ok',
    facts: {
      requestedId: id, canonicalId: id, requestedRevision: null, sha: SHA, author: id.split('/')[0]!, downloads: 1000, likes: 3,
      createdAt: '2024-01-01T00:00:00.000Z', tags: ['license:mit'], cardData: { license: 'mit' }, readme: '# Model\n\nA model.',
      files: ['model.safetensors'], security: { scansDone: true, filesWithIssues: [] }, unavailable: [], source: 'hub', ...over,
    },
  };
}

function assess(id: string, refs: LocatedReference[], lookup: ModelLookup = ok(id), revision: string | null = null) {
  return assessModel(id, revision, lookup, [], refs, { projectLicense: null, now: NOW });
}

describe('Workspace inventory', () => {
  it('groups a scan by model, sorted by id, with dynamic ids last and each reference with its findings', () => {
    const a1 = ref('org/zeta', '/ws/a.py', 1);
    const a2 = ref('org/zeta', '/ws/b.py', 4);
    const b1 = ref('Org/Alpha', '/ws/a.py', 7);
    const dyn = ref(null, '/ws/c.py', 2);
    const tv = ref('torchvision/vgg16', '/ws/c.py', 5, { source: 'torchvision', call: 'torchvision.models.vgg16', weights: 'VGG16_Weights.DEFAULT' });
    const zeta = assess('org/zeta', [a1, a2]);
    const alpha = assess('Org/Alpha', [b1]);
    const inv = buildInventory([{ references: [a1, a2, b1, dyn, tv], assessments: [zeta, alpha] }]);
    assert.deepEqual(inv.map((m) => [m.kind, m.label]), [['hub', 'Org/Alpha'], ['hub', 'org/zeta'], ['library', 'torchvision/vgg16'], ['dynamic', 'Model ids computed at run time']]);
    const z = inv.find((m) => m.label === 'org/zeta')!;
    assert.deepEqual(z.references.map((r) => `${r.file}:${r.reference.range.start.line}`), ['/ws/a.py:1', '/ws/b.py:4']);
    // Unpinned references get the unpinned-revision warning, at each reference.
    for (const r of z.references) assert.ok(r.findings.some((f) => f.rule === 'unpinned-revision'), r.file);
    assert.equal(z.worst, 'warning');
    assert.match(z.description, /^MIT · P \d+ · R \d+ · D \d+$/);
    assert.equal(inv.find((m) => m.kind === 'library')!.description, "library's published weights");
    assert.equal(inv.find((m) => m.kind === 'dynamic')!.worst, null);
  });

  it('lets an open document supersede the scan for that file only', () => {
    const scanned = ref('org/old', '/ws/a.py', 1);
    const elsewhere = ref('org/old', '/ws/b.py', 1);
    const scanSource = { references: [scanned, elsewhere], assessments: [assess('org/old', [scanned, elsewhere])] };
    // The user edited a.py: it now loads org/new, pinned.
    const live = ref('org/new', '/ws/a.py', 3, { revision: SHA, file: undefined });
    const liveSource = { file: '/ws/a.py', references: [live], assessments: [assess('org/new', [live], ok('org/new'), SHA)] };
    const inv = buildInventory([scanSource, liveSource]);
    assert.deepEqual(inv.map((m) => `${m.label}@${m.revision ?? ''}:${m.references.map((r) => r.file).join(',')}`), ['org/new@' + SHA + ':/ws/a.py', 'org/old@:/ws/b.py']);
    const neu = inv[0]!;
    assert.equal(neu.references[0]!.reference.file, '/ws/a.py', 'the live reference gets its file');
    assert.ok(!neu.findings.some((f) => f.rule === 'unpinned-revision'));
  });

  it('supersedes only the open notebook cell', () => {
    const cell0 = ref('org/a', '/ws/n.ipynb', 1, { cell: 0 });
    const cell2 = ref('org/b', '/ws/n.ipynb', 0, { cell: 2 });
    const scan = { references: [cell0, cell2], assessments: [assess('org/a', [cell0]), assess('org/b', [cell2])] };
    const live = ref('org/c', '/ws/n.ipynb', 0, { cell: 2, file: undefined });
    const inv = buildInventory([scan, { file: '/ws/n.ipynb', cell: 2, references: [live], assessments: [] }]);
    assert.deepEqual(inv.map((m) => m.label), ['org/a', 'org/c']);
    assert.equal(inv[1]!.description, 'looking up…', 'an unassessed Hub reference is listed as pending');
    assert.equal(inv[1]!.assessment, undefined);
  });

  it('applies the user levels: turned-off rules are not counted, and the worst level wins', () => {
    const r = ref('org/m', '/ws/a.py', 1, { trustRemoteCode: true });
    const a = assess('org/m', [r]);
    const rules = a.findings.map((f) => f.rule);
    assert.ok(rules.includes('trust-remote-code') && rules.includes('unpinned-revision'), rules.join());
    const inv = buildInventory([{ references: [r], assessments: [a] }], {
      levelOf: (f) => (f.rule === 'trust-remote-code' ? 'error' : f.rule === 'unpinned-revision' ? 'off' : 'hint'),
    });
    const m = inv[0]!;
    assert.equal(m.worst, 'error');
    assert.ok(!m.findings.some((f) => f.rule === 'unpinned-revision'));
    const t = inventoryTotals(inv);
    assert.equal(t.errors, 1);
    assert.equal(t.models, 1);
    assert.equal(t.findings, m.findings.length);
  });

  it('describes unknown states and never shows a score for them', () => {
    const r = ref('org/gone', '/ws/a.py', 1);
    const a = assess('org/gone', [r], { state: 'not-found', reason: 'the Hub has no model org/gone', error: { kind: 'not-found', status: 404 } });
    assert.equal(describeAssessment(a, 'hub'), 'unknown: not found');
    const inv = buildInventory([{ references: [r], assessments: [a] }]);
    assert.equal(inv[0]!.description, 'unknown: not found');
  });

  it('counts a model pinned in one place and unpinned in another once', () => {
    const a = ref('org/m', '/ws/a.py', 1);
    const b = ref('org/m', '/ws/b.py', 1, { revision: SHA });
    const inv = buildInventory([{ references: [a, b], assessments: [assess('org/m', [a]), assess('org/m', [b], ok('org/m'), SHA)] }]);
    assert.equal(inv.length, 2, 'two entries: different artefacts');
    assert.equal(inventoryTotals(inv).models, 1);
    assert.equal(inventoryTotals(inv).references, 2);
  });

  it('attaches findings of library weights by place, and suggestions never make a model look worse', () => {
    const tv = ref('torchvision/vgg16', 'src/c.py', 5, { source: 'torchvision', call: 'torchvision.models.vgg16', weights: 'DEFAULT' });
    const hint: Finding = { rule: 'focused-convolution', severity: 'info', modelId: 'torchvision/vgg16', message: 'Focused convolution can speed it up.', evidence: [], reference: { ...tv } };
    const inv = buildInventory([{ references: [tv], assessments: [], otherFindings: [hint] }]);
    const m = inv[0]!;
    assert.equal(m.kind, 'library');
    assert.deepEqual(m.findings.map((f) => f.rule), ['focused-convolution']);
    assert.equal(m.worst, null, 'a suggestion is not a problem');
    assert.equal(inventoryTotals(inv).findings, 0);
  });

  it('counts a reference once when two sources repeat it', () => {
    const r = ref('org/m', '/ws/a.py', 1);
    const a = assess('org/m', [r]);
    const inv = buildInventory([{ references: [r], assessments: [a] }, { references: [{ ...r }], assessments: [assess('org/m', [{ ...r }])] }]);
    assert.equal(inv[0]!.references.length, 1);
  });

  it('orders levels', () => {
    assert.equal(worstLevel(['hint', 'information', 'warning']), 'warning');
    assert.equal(worstLevel([]), null);
  });
});
