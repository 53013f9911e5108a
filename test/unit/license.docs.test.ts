/**
 * docs/licenses.md is what users read: its tables must say what the code does. This parses the Hub id
 * table, the custom license table, the terms, the bundled license texts and the compatibility examples,
 * and checks each against the catalog and the functions.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  CUSTOM_LICENSES,
  HUB_LICENSES,
  checkCompatibility,
  normalizeModelLicense,
  projectLicenseFromSetting,
} from '../../src/core/license/index.js';
import type { LicenseEntry, ModelUsage, Tri } from '../../src/core/license/index.js';
import { LICENSE_TEXTS } from '../../src/core/license/licenseTextData.js';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'licenses.md'), 'utf8');

/** The body of a `##`/`###` section, up to the next heading of the same or a higher level. */
function section(title: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => /^#{2,3} /.test(l) && l.replace(/^#+ /, '') === title);
  assert.ok(start >= 0, `section "${title}" is missing`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The body rows of every table in a section (header and separator rows dropped). */
function tableRows(body: string): string[][] {
  const rows: string[][] = [];
  let inTable = false;
  for (const line of body.split('\n')) {
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const isHeader = !inTable;
    inTable = true;
    if (isHeader || /^\|[-| ]+\|$/.test(line)) continue;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\([|*_])/g, '$1')));
  }
  return rows;
}

const code = (cell: string): string => cell.replace(/^`|`$/g, '');
const tri = (v: Tri | boolean | null): string => (v === true ? 'yes' : v === false ? 'no' : v === 'conditional' ? 'conditional' : '?');

function checkTable(title: string, entries: readonly LicenseEntry[]): void {
  const rows = tableRows(section(title));
  assert.deepEqual(rows.map((r) => code(r[0]!)), entries.map((e) => e.id), `${title}: ids and order`);
  for (const [i, row] of rows.entries()) {
    const e = entries[i]!;
    const [, spdx, name, family, commercial, redistribution, derivatives, useRestrictions, attribution, shareAlike, network] = row;
    assert.equal(spdx === 'named' ? null : code(spdx!), e.spdx, `${e.id} SPDX`);
    assert.equal(name, e.name, `${e.id} name`);
    assert.equal(family, e.family, `${e.id} family`);
    assert.deepEqual(
      [commercial, redistribution, derivatives, useRestrictions, attribution, shareAlike, network],
      [e.rights.commercialUse, e.rights.redistribution, e.rights.derivatives, e.rights.useRestrictions, e.rights.attribution, e.rights.shareAlike, e.rights.networkCopyleft].map(tri),
      `${e.id} rights`,
    );
  }
}

describe('license: docs/licenses.md matches the code', () => {
  it('lists every Hub license id with its SPDX id, family and rights', () => {
    checkTable('Hub license ids', HUB_LICENSES);
  });

  it('lists every custom license recognized by license_name', () => {
    checkTable('Custom licenses recognized by `license_name`', CUSTOM_LICENSES);
  });

  it('gives the terms of every license that has any, word for word', () => {
    const body = section('Terms');
    const documented = new Map<string, string[]>();
    for (const block of body.split(/\n(?=#### )/).filter((b) => b.startsWith('#### '))) {
      const id = /^#### `([^`]+)`/.exec(block)![1]!;
      documented.set(id, block.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2)));
    }
    const withTerms = [...HUB_LICENSES, ...CUSTOM_LICENSES].filter((e) => e.terms.length > 0);
    assert.deepEqual([...documented.keys()], withTerms.map((e) => e.id));
    for (const e of withTerms) assert.deepEqual(documented.get(e.id), [...e.terms], e.id);
  });

  it('names the bundled license texts', () => {
    const body = section('Project license detection');
    const para = /curated set:\n?([\s\S]*?)\. Copyright lines/.exec(body)![1]!;
    const named = para.replace(/\band\b/g, ',').split(',').map((s) => s.trim()).filter((s) => s !== '');
    assert.deepEqual(named, LICENSE_TEXTS.map((t) => t.spdx));
  });

  it('gives compatibility examples that the code reproduces', () => {
    const rows = tableRows(section('Compatibility')).filter((r) => r.length === 5);
    assert.ok(rows.length >= 10);
    for (const [modelCell, projectCell, usageCell, verdictCell] of rows) {
      const model = modelCell === 'missing'
        ? normalizeModelLicense({})
        : normalizeModelLicense({ license: modelCell!.endsWith('(list)') ? code(modelCell!.replace(/ \(list\)$/, '')).split(' OR ') : code(modelCell!) });
      const project = projectCell === 'none' ? null : projectLicenseFromSetting(projectCell!);
      const usages: ModelUsage[] = {
        any: [{}, { distributesWeights: true }, { distributesWeights: true, fineTunes: true }],
        'not stated': [{}],
        'ships the weights': [{ distributesWeights: true }],
        'fine-tunes and ships the weights': [{ fineTunes: true, distributesWeights: true }],
        '`commercial: false`': [{ commercial: false }],
      }[usageCell!] ?? assert.fail(`unknown usage "${usageCell}"`);
      for (const usage of usages) {
        const result = checkCompatibility(model, project, usage);
        assert.equal(result.verdict, code(verdictCell!), `${modelCell} / ${projectCell} / ${JSON.stringify(usage)}: ${result.reason}`);
      }
    }
  });
});
