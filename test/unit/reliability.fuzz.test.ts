/**
 * Reliability: property-based fuzzing (fast-check) of everything that reads untrusted text: the
 * detector for each language, the project-license readers, the LICENSE-text matcher, the model-card
 * parser, the Hub-answer readers and the Markdown escaper. Inputs are generated from scratch and by
 * mutating real files from the detection corpus. Each property asserts that no exception escapes and
 * that every input finishes within a generous time bound; some also check an invariant.
 *
 * The seed is fixed, so CI runs the same cases every time; set PTM_LENS_FUZZ_SEED to explore others
 * and PTM_LENS_FUZZ_RUNS to multiply the number of runs. RELIABILITY.md lists the targets and counts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { assessModel } from '../../src/core/assess/assess.js';
import { parseModelCard } from '../../src/core/assess/modelCard.js';
import { cardConsiderations } from '../../src/core/bom/cardText.js';
import type { Detector, FileLanguage } from '../../src/core/detect/index.js';
import { mayContainReference } from '../../src/core/detect/index.js';
import { isLegacyModelId, isNamespacedHubId, looksLikeLocalPath, parseHfHubPrefixed } from '../../src/core/detect/hubId.js';
import { parseNotebook } from '../../src/core/detect/notebook.js';
import type { ModelReference } from '../../src/core/detect/types.js';
import { factsFromInfo, parseSecurity } from '../../src/core/hub/facts.js';
import { frontMatter } from '../../src/core/hub/localCache.js';
import { checkCompatibility, detectProjectLicense, identifyLicenseText, normalizeModelLicense, projectLicenseFromSetting, toSpdx } from '../../src/core/license/index.js';
import { renderCycloneDx } from '../../src/core/bom/cyclonedx.js';
import { renderBomMarkdown } from '../../src/core/bom/markdown.js';
import { renderSpdx } from '../../src/core/bom/spdx.js';
import type { PipelineResult } from '../../src/core/pipeline.js';
import { renderModelHover } from '../../src/core/render/modelHover.js';
import { renderModelReport } from '../../src/core/render/modelReport.js';
import { renderScanSarif } from '../../src/core/report/sarif.js';
import { renderScanJson, renderScanText } from '../../src/core/report/scanReport.js';
import { escapeMarkdown } from '../../src/core/render/markdown.js';
import { getDetector } from './support.js';

export const FUZZ_SEED = Number(process.env.PTM_LENS_FUZZ_SEED ?? 20261126);
const SCALE = Math.max(1, Number(process.env.PTM_LENS_FUZZ_RUNS ?? 1));
/** A generous bound per input: catches hangs and catastrophic backtracking, not slow machines. */
const PER_INPUT_MS = 2_000;

/** numRuns per target; RELIABILITY.md reports these numbers. */
export const RUNS = {
  python: 400,
  notebook: 250,
  javascript: 300,
  configFile: 300,
  prefilter: 300,
  projectLicense: 300,
  licenseText: 150,
  modelCard: 300,
  modelLicense: 400,
  hubAnswer: 300,
  reportWriters: 100,
  hubId: 1000,
  escapeMarkdown: 500,
} as const;

const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'corpus');

function corpusFiles(exts: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (exts.some((e) => name.endsWith(e)) && !name.endsWith('.expected.json')) out.push(readFileSync(full, 'utf8'));
    }
  };
  walk(CORPUS);
  return out;
}

/** Text fragments that stress parsers: unbalanced brackets, quotes, escapes, odd Unicode, deep nesting. */
const NASTY = [
  '(', ')', '[', ']', '{', '}', '"', "'", '"""', "'''", '`', '${', '\\', '\n', '\r\n', '\r', '\t', '\0', '\u2028', '\ufeff',
  '\u202e', '\ud800', '\udfff', '😀', 'é', '#', '//', '/*', '*/', '<!--', '---\n', ':', ': ', '- ', '&a', '*a', '!!python/object:os.system',
  'from_pretrained(', 'AutoModel.from_pretrained("org/x", revision="', 'pipeline(', 'model=', 'trust_remote_code=True', 'hf-hub:',
  'model_name_or_path: ', '"base_model": ', 'import ', 'def f(x="org/y"):', 'class A:', 'lambda: ', '@', 'async ', 'await ',
  '%%bash\n', '!pip install x\n', '?', 'if True:\n    ', 'else:\n', 'for a, b in [("org/a", 1)]:\n', 'os.environ.get("M", "org/z")',
  '{"cells": [', '"source": ', '"cell_type": "code"', '"nbformat": 4', 'null', 'true', '1e999', '-0', '[[[[[[[[[[', '((((((((((',
];

/** A string built from nasty fragments and arbitrary characters. */
const nastyText = (maxLength = 60): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ maxLength: 12 })), { maxLength }).map((a) => a.join(''));

/** A seed file mutated: insertions, deletions, duplications, truncation, byte flips. */
function mutated(seeds: string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.constantFrom('insert', 'delete', 'duplicate', 'truncate', 'flip', 'swap'), fc.nat(), fc.nat({ max: 200 }), nastyText(6));
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([seed, edits]) => {
    let s = seed;
    for (const [op, at, len, text] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (op === 'insert') s = s.slice(0, i) + text + s.slice(i);
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + len);
      else if (op === 'duplicate') s = s.slice(0, i + len) + s.slice(i, i + len) + s.slice(i + len);
      else if (op === 'truncate') s = s.slice(0, i);
      else if (op === 'flip') s = s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) || 0) ^ (1 + (len % 127))) + s.slice(i + 1);
      else s = s.slice(i) + s.slice(0, i);
    }
    return s;
  });
}

/** Runs `fn` as a property: no exception, each input within the bound. Returns the slowest input's time. */
function property<T>(arb: fc.Arbitrary<T>, numRuns: number, fn: (value: T) => void): number {
  let slowest = 0;
  fc.assert(
    fc.property(arb, (value) => {
      const started = performance.now();
      fn(value);
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      if (ms > PER_INPUT_MS) throw new Error(`took ${Math.round(ms)} ms (bound ${PER_INPUT_MS} ms)`);
    }),
    { seed: FUZZ_SEED, numRuns: numRuns * SCALE, endOnFailure: true },
  );
  return slowest;
}

function checkRefs(refs: ModelReference[], text: string): void {
  for (const r of refs) {
    assert.ok(r.modelId === null || typeof r.modelId === 'string');
    if (r.modelId && r.source !== 'torchvision' && r.source !== 'timm') {
      assert.ok(isNamespacedHubId(r.modelId) || isLegacyModelId(r.modelId) || /^timm\//.test(r.modelId), `reported an invalid id ${JSON.stringify(r.modelId)}`);
    }
    assert.ok(r.range.start.line >= 0 && r.range.start.character >= 0, 'range');
    if (r.cell === undefined) assert.ok(r.range.start.line <= text.split(/\r\n|\r|\n/).length, 'range inside the text');
  }
}

describe('Reliability: fuzzing (fast-check, fixed seed)', function () {
  this.timeout(60_000);
  let detector: Detector;
  before(async () => {
    detector = await getDetector();
  });
  const py = corpusFiles(['.py', '.pyi']);
  const nb = corpusFiles(['.ipynb']);
  const js = corpusFiles(['.js', '.ts', '.tsx', '.jsx', '.mjs', '.cjs']);
  const cfg = corpusFiles(['.yaml', '.yml', '.json']);

  function detectProperty(lang: string, fileName: string, seeds: string[], runs: number): void {
    assert.ok(seeds.length > 0, `corpus seeds for ${lang}`);
    const arb = fc.oneof({ weight: 3, arbitrary: mutated(seeds) }, { weight: 1, arbitrary: nastyText(200) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) });
    property(arb, runs, (text) => {
      const res = detector.detect(text, fileName);
      assert.ok(Array.isArray(res.references) && Array.isArray(res.notices));
      checkRefs(res.references, text);
    });
  }

  it(`detector, Python: ${RUNS.python} mutated and generated files`, () => detectProperty('python', 'x.py', py, RUNS.python));
  it('deeply nested Python is refused with a notice and does not corrupt the parser for later files', async () => {
    const d = await getDetector();
    // 510 nested blocks made the grammar's scanner overrun its buffer; every later parse then failed.
    for (const [n, step] of [[510, 1], [600, 2], [2000, 1]] as const) {
      const deep = `def f():\n${Array.from({ length: n }, (_, i) => `${' '.repeat((i + 1) * step)}if x:\n`).join('')}${' '.repeat((n + 1) * step)}m = AutoModel.from_pretrained("org/deep")\n`;
      const r = d.detect(deep, 'deep.py');
      assert.deepEqual(r.references, []);
      assert.match(r.notices.map((x) => x.message).join(' '), /nested indentation levels/);
      const cells = d.detectCells([{ index: 0, kind: 'code', source: deep }, { index: 1, kind: 'code', source: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/ok")\n' }]);
      assert.deepEqual(cells.references.map((x) => x.modelId), ['org/ok'], 'the other cells still count');
      const after = d.detect('from transformers import AutoModel\nm = AutoModel.from_pretrained("org/x")\n', 'after.py');
      assert.deepEqual(after.references.map((x) => x.modelId), ['org/x'], `after depth ${n}`);
      assert.deepEqual(after.notices, []);
    }
    // Deep but within the limit: still analysed.
    const ok = `def f():\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}if x:\n`).join('')}${' '.repeat(301)}m = AutoModel.from_pretrained("org/deep")\n`;
    assert.deepEqual(d.detect(ok, 'ok.py').references.map((x) => x.modelId), ['org/deep']);
  });

  it(`detector, notebooks: ${RUNS.notebook} mutated and generated files`, () => {
    detectProperty('notebook', 'x.ipynb', nb, Math.round(RUNS.notebook / 2));
    // Structurally valid JSON of any shape, and notebooks with cells of any shape.
    const cell = fc.record({ cell_type: fc.oneof(fc.constantFrom('code', 'markdown', 'raw'), fc.anything()), source: fc.oneof(nastyText(40), fc.array(nastyText(10)), fc.anything()) }, { requiredKeys: [] });
    const nbArb = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ nbformat: fc.oneof(fc.constant(4), fc.anything()), cells: fc.oneof(fc.array(cell, { maxLength: 6 }), fc.anything()), metadata: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    property(nbArb, RUNS.notebook - Math.round(RUNS.notebook / 2), (text) => {
      parseNotebook(text);
      checkRefs(detector.detect(text, 'x.ipynb').references, text);
    });
  });
  it(`detector, JavaScript/TypeScript: ${RUNS.javascript} mutated and generated files`, () => {
    const third = Math.round(RUNS.javascript / 3);
    detectProperty('javascript', 'x.js', js, third);
    detectProperty('typescript', 'x.ts', js, third);
    detectProperty('tsx', 'x.tsx', js, RUNS.javascript - 2 * third);
  });
  it(`detector, YAML/JSON: ${RUNS.configFile} mutated and generated files`, () => {
    const half = Math.round(RUNS.configFile / 2);
    detectProperty('yaml', 'config.yaml', cfg, half);
    detectProperty('json', 'config.json', cfg, RUNS.configFile - half);
  });

  it(`prefilter never rejects a file the detector finds a reference in: ${RUNS.prefilter} mutated files`, () => {
    const langs: [FileLanguage, string, string[]][] = [['python', 'x.py', py], ['notebook', 'x.ipynb', nb], ['javascript', 'x.js', js], ['typescript', 'x.ts', js]];
    const arb = fc.constantFrom(...langs).chain(([lang, file, seeds]) => mutated(seeds).map((text) => [lang, file, text] as const));
    property(arb, RUNS.prefilter, ([lang, file, text]) => {
      const found = detector.detect(text, file).references.length;
      if (found > 0) {
        assert.ok(mayContainReference(text, lang), `${lang}: prefilter rejected text with ${found} reference(s)`);
        assert.ok(mayContainReference(Buffer.from(text, 'utf8'), lang), `${lang}: prefilter (bytes) rejected text with ${found} reference(s)`);
      }
    });
  });

  it(`project-license readers (package.json, pyproject.toml, setup.cfg, setup.py, LICENSE): ${RUNS.projectLicense} projects`, () => {
    const seeds: Record<string, string[]> = {
      'package.json': ['{"name":"a","license":"MIT"}', '{"license":{"type":"Apache-2.0"}}', '{"licenses":[{"type":"MIT"},{"type":"GPL-2.0"}]}', '{"license":"SEE LICENSE IN LICENSE.txt"}', '{"license":"(MIT OR Apache-2.0)"}'],
      'pyproject.toml': ['[project]\nname = "a"\nlicense = "MIT"\n', '[project]\nlicense = {text = "Apache 2.0"}\n', '[project]\nlicense = {file = "LICENSE"}\n', '[tool.poetry]\nlicense = "GPL-3.0-or-later"\n', '[project]\nclassifiers = ["License :: OSI Approved :: MIT License"]\n'],
      'setup.cfg': ['[metadata]\nlicense = MIT\n', '[metadata]\nlicense_files = LICENSE\nclassifiers =\n    License :: OSI Approved :: BSD License\n'],
      'setup.py': ['from setuptools import setup\nsetup(name="a", license="MIT")\n', 'setup(license="Apache License 2.0", classifiers=["License :: OSI Approved :: Apache Software License"])\n'],
      LICENSE: ['MIT License\n\nCopyright (c) 2026 A\n\nPermission is hereby granted, free of charge, to any person obtaining a copy', 'Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n', 'All rights reserved.', 'GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007'],
    };
    const fileArb = fc.constantFrom(...Object.keys(seeds)).chain((name) =>
      fc.tuple(fc.constantFrom(name, name.toLowerCase(), `${name}.md`, 'COPYING', 'LICENCE.txt'), fc.oneof(mutated(seeds[name]!), nastyText(80), fc.jsonValue().map((v) => JSON.stringify(v)))),
    );
    property(fc.array(fileArb, { maxLength: 5 }), RUNS.projectLicense, (files) => {
      const map = new Map(files);
      const lic = detectProjectLicense({ list: () => [...map.keys()], read: (n) => map.get(n) });
      if (lic) {
        assert.equal(typeof lic.name, 'string');
        checkCompatibility(normalizeModelLicense({ license: 'apache-2.0' }), lic);
      }
      for (const v of map.values()) projectLicenseFromSetting(v.slice(0, 200));
    });
  });

  it(`LICENSE-text matcher: ${RUNS.licenseText} texts`, () => {
    const seeds = [
      'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction',
      'Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with the License.',
      'This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License',
      'Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:',
    ];
    property(fc.oneof(mutated(seeds), nastyText(300), fc.string({ unit: 'binary', maxLength: 2000 })), RUNS.licenseText, (text) => {
      const id = identifyLicenseText(text);
      if (id) assert.equal(typeof id.spdx, 'string');
    });
  });

  it(`model-card parser, front matter and card considerations: ${RUNS.modelCard} cards`, () => {
    const cards = [
      '---\nlicense: mit\ndatasets:\n- squad\n---\n# Model\n\n## Training data\nSQuAD v1.1, cleaned.\n\n## Evaluation\nF1 88.5\n',
      '---\r\nlicense: [apache-2.0, mit]\r\ntags: {a: 1}\r\n---\r\n# T\r\n[More Information Needed]\r\n',
      '# No front matter\n\n## Bias, Risks, and Limitations\nIt is biased.\n\n## Citation\n```bibtex\n@article{x}\n```\n',
      '---\nlicense: other\nlicense_name: x\nlicense_link: LICENSE\nbase_model: org/base\n---\n',
    ];
    property(fc.oneof(mutated(cards), nastyText(200), fc.string({ unit: 'binary', maxLength: 1000 })), RUNS.modelCard, (text) => {
      const card = parseModelCard(text);
      assert.equal(typeof card.body, 'string');
      frontMatter(text);
      cardConsiderations(text);
    });
  });

  it('a model card with odd YAML emits no process warnings (no stderr noise from Hub text)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      for (const card of ['---\n&ase_model: org/base\nlicense: mit\n---\n# x\n', '---\nkey: !!binary x\nb: *undefined\n---\n', '---\na: 1\na: 2\n\tb: 3\n---\n']) {
        parseModelCard(card);
        frontMatter(card);
      }
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });

  it(`model-license normaliser and compatibility: ${RUNS.modelLicense} card data values`, () => {
    const licenseValue = fc.oneof(fc.constantFrom('mit', 'apache-2.0', 'other', 'unknown', 'llama2', 'cc-by-nc-4.0', 'MIT OR GPL-3.0', 'gpl-3.0+'), nastyText(10), fc.array(fc.string(), { maxLength: 3 }), fc.anything());
    const input = fc.record({ license: licenseValue, license_name: fc.oneof(nastyText(10), fc.anything()), license_link: fc.oneof(fc.constantFrom('LICENSE', 'https://x.org/l', 'javascript:alert(1)', '../../etc/passwd', '//evil'), fc.anything()), tags: fc.oneof(fc.array(fc.string()), fc.anything()) }, { requiredKeys: [] });
    const project = fc.oneof(fc.constant(null), fc.constantFrom('MIT', 'GPL-3.0-only', 'Proprietary', 'Apache-2.0 OR MIT'), nastyText(10));
    property(fc.tuple(input, project), RUNS.modelLicense, ([inp, proj]) => {
      const lic = normalizeModelLicense(inp as Parameters<typeof normalizeModelLicense>[0]);
      if (lic.link !== null) assert.ok(/^https?:\/\//i.test(lic.link) || lic.linkIsRelative === true, `link ${lic.link}`);
      const p = typeof proj === 'string' ? projectLicenseFromSetting(proj) : null;
      const v = checkCompatibility(lic, p);
      assert.ok(['compatible', 'compatible-with-conditions', 'incompatible', 'unknown'].includes(v.verdict));
      if (typeof inp.license === 'string') toSpdx(inp.license);
    });
  });

  it(`Hub answers of any shape: facts, security status, assessment and hover: ${RUNS.hubAnswer} answers`, () => {
    const keys = ['id', 'sha', 'author', 'cardData', 'config', 'createdAt', 'lastModified', 'downloads', 'likes', 'tags', 'siblings', 'gated', 'disabled', 'library_name', 'pipeline_tag', 'model-index', 'safetensors', 'baseModels', 'transformersInfo', 'securityRepoStatus'];
    const info = fc.dictionary(fc.constantFrom(...keys), fc.anything({ maxDepth: 3 }), { maxKeys: 12 });
    const ref: ModelReference = {
      modelId: 'org/x', resolvedVia: 'literal', kind: 'model', call: 'AutoModel.from_pretrained', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python',
    };
    property(fc.tuple(info, fc.anything({ maxDepth: 3 }), fc.option(nastyText(60))), RUNS.hubAnswer, ([raw, sec, readme]) => {
      const facts = factsFromInfo('org/x', 'org/x', null, raw as Record<string, unknown>);
      const security = parseSecurity(sec);
      if (security) facts.security = security;
      if (readme !== null) facts.readme = readme;
      const a = assessModel('org/x', null, { state: 'ok', facts }, [], [ref], { projectLicense: null, now: 0 });
      renderModelHover(ref, a, { now: 0 });
      // A scan status the Hub did not give cleanly never reads as "scanned, no issues".
      if (security && security.scansDone && security.filesWithIssues.length === 0) {
        const s = sec as { scansDone?: unknown; filesWithIssues?: unknown };
        assert.equal(s.scansDone, true, 'clean scan only from scansDone === true');
        assert.ok(Array.isArray(s.filesWithIssues) && s.filesWithIssues.length === 0, 'clean scan only from an empty filesWithIssues list');
      }
    });
  });

  it(`report, SARIF, BOM and model-report writers over Hub answers of any shape: ${RUNS.reportWriters} workspaces`, () => {
    const keys = ['sha', 'author', 'cardData', 'config', 'createdAt', 'lastModified', 'downloads', 'likes', 'tags', 'siblings', 'gated', 'disabled', 'library_name', 'pipeline_tag', 'model-index', 'safetensors', 'baseModels', 'transformersInfo'];
    const cardData = fc.dictionary(fc.constantFrom('license', 'license_name', 'license_link', 'datasets', 'base_model', 'language', 'new_version', 'co2_eq_emissions', 'model-index', 'tags'), fc.anything({ maxDepth: 3 }), { maxKeys: 6 });
    const info = fc.tuple(fc.dictionary(fc.constantFrom(...keys), fc.anything({ maxDepth: 3 }), { maxKeys: 10 }), cardData).map(([i, c]) => ({ ...i, cardData: c }));
    const lookup = fc.oneof(
      fc.tuple(info, fc.option(nastyText(80))).map(([raw, readme]) => ({ raw, readme, state: 'ok' as const })),
      fc.constantFrom('not-found', 'gated', 'unauthorized', 'disabled', 'rate-limited', 'offline', 'error').map((state) => ({ raw: undefined, readme: null, state })),
    );
    const model = fc.tuple(fc.constantFrom('org/a', 'org/b', 'bert-base-uncased', 'timm/resnet50.a1_in1k'), fc.option(fc.constantFrom('a'.repeat(40), 'main', 'v1.0\u202e')), lookup);
    property(fc.array(model, { minLength: 1, maxLength: 3 }), RUNS.reportWriters, (models) => {
      const refs = models.map(([id, revision], i): ModelReference & { file: string } => ({
        modelId: id, resolvedVia: 'literal', kind: 'model', call: 'AutoModel.from_pretrained', file: `src/m${i}.py`,
        range: { start: { line: i, character: 4 }, end: { line: i, character: 20 } },
        revision, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python',
      }));
      const assessed = models.map(([id, revision, l], i) => {
        const facts = l.raw ? factsFromInfo(id, id, revision, l.raw as Record<string, unknown>) : undefined;
        if (facts && l.readme !== null) facts.readme = l.readme;
        const result = facts ? { state: l.state, facts } : { state: l.state, reason: `unknown because ${l.state}`, error: { kind: 'network' as const } };
        return assessModel(id, revision && /^a{40}$/.test(revision) ? revision : null, result, [], [refs[i]!], { projectLicense: projectLicenseFromSetting('MIT'), now: 0 });
      });
      // `as`: the result type grows fields (suggestions, …) that these writers treat as optional.
      const result = {
        suggestions: true,
        scan: { root: '/ws', references: refs, notices: [], stats: { filesSeen: 1, filesMatched: 1, filesParsed: 1, cacheHits: 0, bytesRead: 1 } },
        project: { license: projectLicenseFromSetting('MIT') },
        models: assessed,
        findings: assessed.flatMap((a) => a.findings),
      } as PipelineResult;
      const bomOpts = { hubUrl: 'https://huggingface.co', env: { SOURCE_DATE_EPOCH: '0' } };
      renderScanText(result, 1);
      JSON.parse(renderScanJson(result, '0'));
      JSON.parse(renderScanSarif(result, '0'));
      JSON.parse(renderCycloneDx(result, '0', bomOpts));
      JSON.parse(renderSpdx(result, '0', bomOpts));
      renderBomMarkdown(result, '0', bomOpts);
      for (const a of assessed) renderModelReport(a, { cspSource: 'x', nonce: 'n', now: 0 });
    });
  });

  it(`Hub id and path classifiers: ${RUNS.hubId} strings`, () => {
    property(fc.oneof(nastyText(10), fc.string({ unit: 'binary', maxLength: 120 }), fc.stringMatching(/^[A-Za-z0-9_.\-/@:]{0,60}$/)), RUNS.hubId, (s) => {
      const ok = isNamespacedHubId(s);
      if (ok) assert.match(s, /^[^/\s]+\/[^/\s]+$/, `namespaced id ${JSON.stringify(s)}`);
      isLegacyModelId(s);
      looksLikeLocalPath(s);
      parseHfHubPrefixed(s);
    });
  });

  it('RELIABILITY.md states these run counts, and every test file it names exists', () => {
    const repo = path.resolve(__dirname, '..', '..');
    const doc = readFileSync(path.join(repo, 'RELIABILITY.md'), 'utf8');
    const total = Object.values(RUNS).reduce((a, b) => a + b, 0) + 3; // + the three odd-YAML cards
    assert.ok(doc.includes(`Total: ${total.toLocaleString('en-US')} generated inputs per run.`), `total ${total}`);
    assert.ok(doc.includes(`fixed seed (\`${FUZZ_SEED}\`)`) || process.env.PTM_LENS_FUZZ_SEED !== undefined, 'seed');
    for (const runs of Object.values(RUNS)) assert.match(doc, new RegExp(`\\| ${runs}( \\(|\\s\\|)`), `a row with ${runs} runs`);
    for (const m of doc.matchAll(/\]\(((?:test|src)\/[^)#]+)\)/g)) assert.ok(statSync(path.join(repo, m[1]!), { throwIfNoEntry: false }), `${m[1]} exists`);
  });

  it(`escapeMarkdown leaves no live link, tag or control character: ${RUNS.escapeMarkdown} strings`, () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    const parts = fc.constantFrom('[', ']', '(', ')', '<', '>', 'command:', 'javascript:', 'https://e.x/', '!', '`', '\\', '&', '#', ';', '\n', ' ', 'a', '"', "'", '\u202e', '\u0085', '\u001b', '*', '_', '|', '$(', 'www.e.x');
    const arb = fc.oneof(fc.array(parts, { maxLength: 40 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 80 }));
    property(arb, RUNS.escapeMarkdown, (s) => {
      const out = escapeMarkdown(s);
      const html = md.render(out);
      assert.doesNotMatch(html, /<a |<img|<script|<strong|<em>|<code/, JSON.stringify(s));
      // eslint-disable-next-line no-control-regex -- control characters must not survive
      assert.doesNotMatch(out, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, JSON.stringify(s));
    });
  });
});
