/**
 * Model license normalization, compatibility and lineage, written from the Hub's license list
 * (huggingface.co/docs/hub/repositories-licenses), REFERENCE.md §1.8/§7 and docs/licenses.md.
 */
import assert from 'node:assert/strict';
import {
  HUB_LICENSES,
  checkCompatibility,
  lineageConflict,
  normalizeModelLicense,
  projectLicenseFromSetting,
} from '../../src/core/license/index.js';
import type { CompatibilityVerdict, LicenseFamily, ModelLicense, ModelUsage, ProjectLicense } from '../../src/core/license/index.js';

const lic = (license: unknown, extra: Record<string, unknown> = {}): ModelLicense => normalizeModelLicense({ license, ...extra });
const project = (value: string): ProjectLicense => projectLicenseFromSetting(value)!;

describe('license: normalizeModelLicense', () => {
  // Every Hub id: [hub id, SPDX id or null for named licenses, family].
  const table: [string, string | null, LicenseFamily][] = [
    ['apache-2.0', 'Apache-2.0', 'permissive'],
    ['mit', 'MIT', 'permissive'],
    ['openrail', null, 'open-rail'],
    ['bigscience-openrail-m', null, 'open-rail'],
    ['creativeml-openrail-m', null, 'open-rail'],
    ['bigscience-bloom-rail-1.0', null, 'open-rail'],
    ['bigcode-openrail-m', null, 'open-rail'],
    ['openrail++', null, 'open-rail'],
    ['afl-3.0', 'AFL-3.0', 'permissive'],
    ['artistic-2.0', 'Artistic-2.0', 'permissive'],
    ['bsl-1.0', 'BSL-1.0', 'permissive'],
    ['bsd', null, 'permissive'],
    ['bsd-2-clause', 'BSD-2-Clause', 'permissive'],
    ['bsd-3-clause', 'BSD-3-Clause', 'permissive'],
    ['bsd-3-clause-clear', 'BSD-3-Clause-Clear', 'permissive'],
    ['c-uda', 'C-UDA-1.0', 'other'],
    ['cc', null, 'other'],
    ['cc0-1.0', 'CC0-1.0', 'public-domain'],
    ['cc-by-2.0', 'CC-BY-2.0', 'permissive'],
    ['cc-by-2.5', 'CC-BY-2.5', 'permissive'],
    ['cc-by-3.0', 'CC-BY-3.0', 'permissive'],
    ['cc-by-4.0', 'CC-BY-4.0', 'permissive'],
    ['cc-by-sa-3.0', 'CC-BY-SA-3.0', 'strong-copyleft'],
    ['cc-by-sa-4.0', 'CC-BY-SA-4.0', 'strong-copyleft'],
    ['cc-by-nc-2.0', 'CC-BY-NC-2.0', 'non-commercial'],
    ['cc-by-nc-3.0', 'CC-BY-NC-3.0', 'non-commercial'],
    ['cc-by-nc-4.0', 'CC-BY-NC-4.0', 'non-commercial'],
    ['cc-by-nd-4.0', 'CC-BY-ND-4.0', 'no-derivatives'],
    ['cc-by-nc-nd-3.0', 'CC-BY-NC-ND-3.0', 'non-commercial'],
    ['cc-by-nc-nd-4.0', 'CC-BY-NC-ND-4.0', 'non-commercial'],
    ['cc-by-nc-sa-2.0', 'CC-BY-NC-SA-2.0', 'non-commercial'],
    ['cc-by-nc-sa-3.0', 'CC-BY-NC-SA-3.0', 'non-commercial'],
    ['cc-by-nc-sa-4.0', 'CC-BY-NC-SA-4.0', 'non-commercial'],
    ['cdla-sharing-1.0', 'CDLA-Sharing-1.0', 'weak-copyleft'],
    ['cdla-permissive-1.0', 'CDLA-Permissive-1.0', 'permissive'],
    ['cdla-permissive-2.0', 'CDLA-Permissive-2.0', 'permissive'],
    ['wtfpl', 'WTFPL', 'permissive'],
    ['ecl-2.0', 'ECL-2.0', 'permissive'],
    ['epl-1.0', 'EPL-1.0', 'weak-copyleft'],
    ['epl-2.0', 'EPL-2.0', 'weak-copyleft'],
    ['etalab-2.0', 'etalab-2.0', 'permissive'],
    ['eupl-1.1', 'EUPL-1.1', 'strong-copyleft'],
    ['eupl-1.2', 'EUPL-1.2', 'strong-copyleft'],
    ['agpl-3.0', 'AGPL-3.0-only', 'network-copyleft'],
    ['gfdl', null, 'strong-copyleft'],
    ['gpl', null, 'strong-copyleft'],
    ['gpl-2.0', 'GPL-2.0-only', 'strong-copyleft'],
    ['gpl-3.0', 'GPL-3.0-only', 'strong-copyleft'],
    ['lgpl', null, 'weak-copyleft'],
    ['lgpl-2.1', 'LGPL-2.1-only', 'weak-copyleft'],
    ['lgpl-3.0', 'LGPL-3.0-only', 'weak-copyleft'],
    ['isc', 'ISC', 'permissive'],
    ['h-research', null, 'research-only'],
    ['intel-research', null, 'research-only'],
    ['lppl-1.3c', 'LPPL-1.3c', 'permissive'],
    ['ms-pl', 'MS-PL', 'weak-copyleft'],
    ['apple-ascl', null, 'permissive'],
    ['apple-amlr', null, 'research-only'],
    ['mpl-2.0', 'MPL-2.0', 'weak-copyleft'],
    ['odc-by', 'ODC-By-1.0', 'permissive'],
    ['odbl', 'ODbL-1.0', 'weak-copyleft'],
    ['openmdw-1.0', 'OpenMDW-1.0', 'permissive'],
    ['osl-3.0', 'OSL-3.0', 'strong-copyleft'],
    ['postgresql', 'PostgreSQL', 'permissive'],
    ['ofl-1.1', 'OFL-1.1', 'weak-copyleft'],
    ['ncsa', 'NCSA', 'permissive'],
    ['unlicense', 'Unlicense', 'public-domain'],
    ['zlib', 'Zlib', 'permissive'],
    ['pddl', 'PDDL-1.0', 'public-domain'],
    ['lgpl-lr', 'LGPLLR', 'weak-copyleft'],
    ['deepfloyd-if-license', null, 'research-only'],
    ['fair-noncommercial-research-license', null, 'research-only'],
    ['llama2', null, 'model-community'],
    ['llama3', null, 'model-community'],
    ['llama3.1', null, 'model-community'],
    ['llama3.2', null, 'model-community'],
    ['llama3.3', null, 'model-community'],
    ['llama4', null, 'model-community'],
    ['grok2-community', null, 'model-community'],
    ['gemma', null, 'model-community'],
  ];

  for (const [id, spdx, family] of table) {
    it(`${id} → ${spdx ?? 'named'} (${family})`, () => {
      const l = lic(id);
      assert.equal(l.status, 'ok');
      assert.equal(l.hubId, id);
      assert.equal(l.spdx, spdx);
      assert.equal(l.family, family);
      assert.ok(l.name.length > 0);
      assert.ok(l.link === null || /^https:\/\//.test(l.link), `${id}: ${l.link}`);
      if (spdx) assert.equal(l.link, `https://spdx.org/licenses/${spdx}.html`);
    });
  }

  it('covers every catalogued Hub id (and nothing else) in the table above', () => {
    assert.deepEqual(HUB_LICENSES.map((e) => e.id).sort(), table.map(([id]) => id).sort());
  });

  it('accepts Hub ids in any letter case and keeps the id lowercased', () => {
    const l = lic('Apache-2.0');
    assert.equal(l.hubId, 'apache-2.0');
    assert.equal(l.spdx, 'Apache-2.0');
    assert.equal(lic('  MIT ').spdx, 'MIT');
  });

  it('accepts an exact SPDX id that is not a Hub id, with its own spelling', () => {
    const l = lic('GPL-3.0-or-later');
    assert.equal(l.status, 'ok');
    assert.equal(l.spdx, 'GPL-3.0-or-later');
    assert.equal(l.family, 'strong-copyleft');
  });

  describe('terms of model-specific licenses', () => {
    it('Llama 2: 700M MAU, AUP, no improving other LLMs, license copy', () => {
      const t = lic('llama2').terms.join(' ');
      assert.match(t, /700 million monthly active users/);
      assert.match(t, /Acceptable Use Policy/);
      assert.match(t, /improve other large language models/);
      assert.equal(lic('llama2').rights.commercialUse, 'conditional');
    });
    it('Llama 3: "Built with Meta Llama 3" and "Llama 3" name prefix; 3.1+: "Built with Llama" and "Llama" prefix', () => {
      assert.match(lic('llama3').terms.join(' '), /Built with Meta Llama 3.*begins with "Llama 3"/s);
      for (const id of ['llama3.1', 'llama3.2', 'llama3.3', 'llama4']) {
        const t = lic(id).terms.join(' ');
        assert.match(t, /700 million/, id);
        assert.match(t, /"Built with Llama"/, id);
        assert.match(t, /begins with "Llama"/, id);
      }
    });
    it('Llama 3.2 and 4: EU restriction on multimodal models; 3.1 and 3.3 have none', () => {
      for (const id of ['llama3.2', 'llama4']) assert.match(lic(id).terms.join(' '), /European Union/, id);
      for (const id of ['llama3', 'llama3.1', 'llama3.3']) assert.doesNotMatch(lic(id).terms.join(' '), /European Union/, id);
    });
    it('Gemma: prohibited use policy, restrictions passed on, Notice file', () => {
      const g = lic('gemma');
      assert.match(g.terms.join(' '), /Prohibited Use Policy/);
      assert.match(g.terms.join(' '), /Notice/);
      assert.equal(g.rights.useRestrictions, true);
      assert.equal(g.rights.commercialUse, true);
      assert.equal(g.link, 'https://ai.google.dev/gemma/terms');
    });
    it('OpenRAIL family: use restrictions that must be passed on to derivatives', () => {
      for (const id of ['openrail', 'openrail++', 'creativeml-openrail-m', 'bigscience-openrail-m', 'bigscience-bloom-rail-1.0', 'bigcode-openrail-m']) {
        const l = lic(id);
        assert.equal(l.rights.useRestrictions, true, id);
        assert.equal(l.rights.derivatives, 'conditional', id);
        assert.match(l.terms.join(' '), /use restrictions must be included/, id);
      }
    });
    it('research-only licenses forbid commercial use; the Apple Sample Code License is permissive', () => {
      for (const id of ['apple-amlr', 'deepfloyd-if-license', 'fair-noncommercial-research-license', 'intel-research']) {
        assert.equal(lic(id).rights.commercialUse, false, id);
      }
      assert.equal(lic('apple-ascl').rights.commercialUse, true);
    });
    it('unreviewed named licenses have unknown rights and no terms', () => {
      for (const id of ['h-research', 'grok2-community', 'cc']) {
        const l = lic(id);
        assert.equal(l.rights.commercialUse, null, id);
        assert.deepEqual(l.terms, [], id);
      }
    });
    it('every term is one short sentence', () => {
      for (const e of HUB_LICENSES) {
        for (const t of e.terms) {
          assert.match(t, /^[A-Z"].*\.$/, `${e.id}: ${t}`);
          assert.ok(t.length <= 220, `${e.id}: ${t}`);
          assert.equal(t.split(/\. (?=[A-Z])/).length, 1, `${e.id}: ${t}`);
        }
      }
    });
  });

  describe('lists', () => {
    it('become an SPDX OR expression when every part maps, described by the most permissive part', () => {
      const l = lic(['cc-by-nc-4.0', 'mit']);
      assert.equal(l.status, 'ok');
      assert.equal(l.hubId, 'cc-by-nc-4.0, mit');
      assert.equal(l.spdx, 'CC-BY-NC-4.0 OR MIT');
      assert.equal(l.family, 'permissive');
      assert.deepEqual(l.alternatives?.map((a) => a.hubId), ['cc-by-nc-4.0', 'mit']);
      assert.match(l.name, / or /);
    });
    it('have no SPDX form when a part is a named license, but keep the alternatives', () => {
      const l = lic(['llama3', 'apache-2.0']);
      assert.equal(l.spdx, null);
      assert.equal(l.family, 'permissive');
      assert.equal(l.alternatives?.length, 2);
    });
    it('ignore duplicates and non-strings; a one-element list is a single license', () => {
      const l = lic(['MIT', 'mit', 42, null]);
      assert.equal(l.hubId, 'mit');
      assert.equal(l.spdx, 'MIT');
      assert.equal(l.alternatives, undefined);
    });
    it('of unrecognized ids only are unrecognized', () => {
      assert.equal(lic(['foo', 'bar']).status, 'unrecognized');
    });
  });

  describe('other, unknown, missing, tags', () => {
    it('other with license_name and an absolute license_link', () => {
      const l = lic('other', { license_name: 'acme-model-license', license_link: 'https://example.com/LICENSE' });
      assert.equal(l.status, 'other');
      assert.equal(l.hubId, 'other');
      assert.equal(l.name, 'acme-model-license');
      assert.equal(l.link, 'https://example.com/LICENSE');
      assert.equal(l.linkIsRelative, undefined);
      assert.equal(l.family, 'other');
      assert.equal(l.spdx, null);
    });
    it('other with a repo-relative LICENSE link keeps it as given, marked relative', () => {
      for (const link of ['LICENSE', 'LICENSE.md', './LICENSE.txt', 'docs/LICENSE']) {
        const l = lic('other', { license_name: 'x', license_link: link });
        assert.equal(l.status, 'other', link);
        assert.equal(l.link, link);
        assert.equal(l.linkIsRelative, true);
      }
    });
    it('other without a link is other-unlinked', () => {
      const l = lic('other', { license_name: 'acme' });
      assert.equal(l.status, 'other-unlinked');
      assert.equal(l.link, null);
      assert.equal(lic('other').name, 'Other (custom license)');
    });
    it('other with a well-known license_name is recognized', () => {
      const flux = lic('other', { license_name: 'flux-1-dev-non-commercial-license', license_link: 'LICENSE.md' });
      assert.equal(flux.status, 'other');
      assert.equal(flux.family, 'non-commercial');
      assert.equal(flux.rights.commercialUse, false);
      assert.equal(flux.link, 'LICENSE.md');
      const llama = lic('other', { license_name: 'llama3' });
      assert.equal(llama.status, 'other');
      assert.equal(llama.family, 'model-community');
      assert.equal(llama.link, 'https://www.llama.com/llama3/license/');
      assert.equal(lic('other', { license_name: 'tongyi-qianwen' }).rights.commercialUse, 'conditional');
    });
    it('unknown is its own status', () => {
      const l = lic('unknown');
      assert.equal(l.status, 'unknown');
      assert.equal(l.hubId, 'unknown');
      assert.equal(l.family, 'unknown');
    });
    it('missing license: status missing, family unknown', () => {
      for (const value of [undefined, null, '', '   ', []]) {
        const l = lic(value);
        assert.equal(l.status, 'missing', String(value));
        assert.equal(l.hubId, null);
        assert.equal(l.family, 'unknown');
        assert.equal(l.spdx, null);
      }
    });
    it('falls back to license:<id> tags when the card data has no license', () => {
      assert.equal(lic(undefined, { tags: ['transformers', 'license:apache-2.0', 'region:us'] }).spdx, 'Apache-2.0');
      assert.equal(lic(undefined, { tags: ['license:mit', 'license:cc-by-4.0'] }).spdx, 'MIT OR CC-BY-4.0');
      assert.equal(lic('gpl-3.0', { tags: ['license:mit'] }).spdx, 'GPL-3.0-only', 'card data wins');
      assert.equal(lic(undefined, { tags: 'license:mit' }).status, 'missing', 'tags must be a list');
    });
    it('an id that is not a Hub id is unrecognized', () => {
      const l = lic('Apache License 2.0');
      assert.equal(l.status, 'unrecognized');
      assert.equal(l.hubId, 'apache license 2.0');
      assert.equal(l.spdx, null);
      assert.equal(l.family, 'unknown');
      assert.equal(lic(42).status, 'unrecognized');
      assert.equal(lic({ id: 'mit' }).status, 'unrecognized');
    });
  });

  describe('hostile input', () => {
    it('returns markdown, HTML and control characters in license_name as data, without control characters', () => {
      const name = '<img src=x onerror=alert(1)> **[click](javascript:alert(1))**\u0000\u0007\u202e\n# heading';
      const l = lic('other', { license_name: name, license_link: 'https://example.com' });
      assert.equal(l.status, 'other');
      assert.match(l.name, /<img src=x onerror=alert\(1\)>/);
      assert.match(l.name, /\*\*\[click\]/);
      // eslint-disable-next-line no-control-regex -- checking that none remain
      assert.doesNotMatch(l.name, /[\u0000-\u001f\u202e]/);
    });
    it('caps long names and ids', () => {
      assert.ok(lic('other', { license_name: 'x'.repeat(100_000) }).name.length <= 200);
      assert.ok(lic('y'.repeat(100_000)).name.length <= 200);
    });
    it('drops links that are not http(s) or plain relative paths', () => {
      for (const link of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '//evil.example/x', '../secret', '/etc/passwd',
        'https://exa mple.com', 'LICENSE\u0000', 'http://', 'ftp://example.com/l', 'C:\\LICENSE', 42, { href: 'x' }]) {
        const l = lic('other', { license_name: 'x', license_link: link });
        assert.equal(l.link, null, String(link));
        assert.equal(l.status, 'other-unlinked', String(link));
      }
    });
    it('never throws on arbitrary values', () => {
      const values: unknown[] = [undefined, null, 0, NaN, true, '', '\u0000', [], [[]], {}, { toString: () => { throw new Error('x'); } },
        Symbol('s'), () => 1, new Array(10_000).fill('mit'), ['other', 'unknown'], '__proto__', 'constructor'];
      for (const license of values) {
        for (const extra of values) {
          const l = normalizeModelLicense({ license, license_name: extra, license_link: extra, tags: extra });
          assert.ok(typeof l.name === 'string');
        }
      }
      assert.equal(lic('__proto__').status, 'unrecognized');
      assert.equal(lic('constructor').status, 'unrecognized');
    });
  });
});

describe('license: checkCompatibility', () => {
  const cases: [model: unknown, projectLicense: string | null, usage: ModelUsage, verdict: CompatibilityVerdict][] = [
    // Permissive and public domain
    ['mit', 'MIT', {}, 'compatible'],
    ['apache-2.0', 'MIT', { distributesWeights: true, fineTunes: true }, 'compatible'],
    ['apache-2.0', 'Proprietary', {}, 'compatible'],
    ['bsd-3-clause', 'GPL-3.0-only', { distributesWeights: true }, 'compatible'],
    ['cc0-1.0', 'Apache-2.0', {}, 'compatible'],
    ['cc-by-4.0', 'MIT', { distributesWeights: true }, 'compatible'],
    // Non-commercial and research-only
    ['cc-by-nc-4.0', 'MIT', {}, 'incompatible'],
    ['cc-by-nc-4.0', 'Apache-2.0 OR MIT', {}, 'incompatible'],
    ['cc-by-nc-4.0', 'UNLICENSED', {}, 'incompatible'],
    ['cc-by-nc-4.0', 'MIT', { commercial: false }, 'compatible-with-conditions'],
    ['cc-by-nc-4.0', 'CC-BY-NC-4.0', {}, 'compatible-with-conditions'],
    ['cc-by-nc-4.0', 'CC-BY-NC-4.0', { commercial: true }, 'incompatible'],
    ['cc-by-nc-sa-4.0', 'GPL-3.0-only', {}, 'incompatible'],
    ['apple-amlr', 'MIT', {}, 'incompatible'],
    ['apple-amlr', 'CC-BY-NC-SA-4.0', {}, 'compatible-with-conditions'],
    ['fair-noncommercial-research-license', 'Apache-2.0', {}, 'incompatible'],
    // Copyleft weights
    ['gpl-3.0', 'MIT', {}, 'compatible-with-conditions'],
    ['gpl-3.0', 'MIT', { distributesWeights: false }, 'compatible-with-conditions'],
    ['gpl-3.0', 'MIT', { distributesWeights: true }, 'incompatible'],
    ['gpl-3.0', 'Proprietary', { distributesWeights: true }, 'incompatible'],
    ['gpl-3.0', 'GPL-3.0-or-later', { distributesWeights: true }, 'compatible-with-conditions'],
    ['gpl-3.0', 'GPL-3.0-only', { distributesWeights: true }, 'compatible-with-conditions'],
    ['gpl-2.0', 'GPL-3.0-only', { distributesWeights: true }, 'incompatible'],
    ['agpl-3.0', 'MIT', {}, 'compatible-with-conditions'],
    ['cc-by-sa-4.0', 'MIT', { distributesWeights: true }, 'incompatible'],
    ['cc-by-sa-4.0', 'GPL-3.0-only', { distributesWeights: true }, 'compatible-with-conditions'],
    ['cc-by-sa-4.0', 'CC-BY-SA-4.0', { distributesWeights: true }, 'compatible-with-conditions'],
    ['lgpl-3.0', 'MIT', { distributesWeights: true }, 'compatible-with-conditions'],
    ['mpl-2.0', 'Proprietary', { distributesWeights: true, fineTunes: true }, 'compatible-with-conditions'],
    // No derivatives
    ['cc-by-nd-4.0', 'MIT', {}, 'compatible-with-conditions'],
    ['cc-by-nd-4.0', 'MIT', { fineTunes: true }, 'compatible-with-conditions'],
    ['cc-by-nd-4.0', 'MIT', { fineTunes: true, distributesWeights: true }, 'incompatible'],
    // Use restrictions and community licenses
    ['openrail', 'MIT', {}, 'compatible-with-conditions'],
    ['creativeml-openrail-m', 'Apache-2.0', { distributesWeights: true, fineTunes: true }, 'compatible-with-conditions'],
    ['llama3.1', 'MIT', {}, 'compatible-with-conditions'],
    ['llama2', 'Proprietary', { distributesWeights: true }, 'compatible-with-conditions'],
    ['gemma', 'Apache-2.0', {}, 'compatible-with-conditions'],
    ['openrail', 'GPL-3.0-only', {}, 'compatible-with-conditions'],
    ['c-uda', 'MIT', {}, 'compatible-with-conditions'],
    // Dual licenses: the best alternative wins
    [['mit', 'cc-by-nc-4.0'], 'Proprietary', {}, 'compatible'],
    [['gpl-3.0', 'llama3'], 'MIT', { distributesWeights: true }, 'compatible-with-conditions'],
    [['cc-by-nc-4.0', 'apple-amlr'], 'MIT', {}, 'incompatible'],
    // Unknowns are never a pass
    [undefined, 'MIT', {}, 'unknown'],
    ['unknown', 'MIT', {}, 'unknown'],
    ['other', 'MIT', {}, 'unknown'],
    ['not-a-license', 'MIT', {}, 'unknown'],
    ['h-research', 'MIT', {}, 'unknown'],
    ['grok2-community', 'MIT', {}, 'unknown'],
    ['intel-research', 'CC-BY-NC-4.0', { distributesWeights: true }, 'unknown'],
    ['mit', 'Some Custom License v7', {}, 'unknown'],
    ['mit', null, {}, 'unknown'],
    ['llama3', null, {}, 'unknown'],
  ];

  for (const [modelLicense, projectLicense, usage, verdict] of cases) {
    it(`${JSON.stringify(modelLicense)} in a ${projectLicense ?? 'license-less'} project ${JSON.stringify(usage)} → ${verdict}`, () => {
      const model = lic(modelLicense);
      const p = projectLicense === null ? null : project(projectLicense);
      const result = checkCompatibility(model, p, usage);
      assert.equal(result.verdict, verdict, result.reason);
      // One readable sentence naming both licenses.
      assert.match(result.reason, /^[A-Z].*\.$/);
      assert.equal(result.reason.split(/\. (?=[A-Z])/).length, 1, result.reason);
      if (p) assert.ok(result.reason.includes(p.spdx ?? p.name), result.reason);
      if (model.status === 'ok' && !model.alternatives) assert.ok(result.reason.includes(model.name), result.reason);
      assert.ok(Array.isArray(result.conditions));
    });
  }

  it('explains a non-commercial model in an OSI-licensed project', () => {
    const r = checkCompatibility(lic('cc-by-nc-4.0'), project('MIT'));
    assert.match(r.reason, /forbids commercial use/);
    assert.match(r.reason, /MIT/);
  });

  it('lists the use restrictions, attribution and user threshold of a Llama model', () => {
    const r = checkCompatibility(lic('llama3.1'), project('MIT'));
    const c = r.conditions.join(' ');
    assert.match(c, /700 million/);
    assert.match(c, /Acceptable Use Policy/);
    assert.match(c, /Built with Llama/);
  });

  it('lists attribution as a condition of a permissive license', () => {
    const r = checkCompatibility(lic('apache-2.0'), project('MIT'));
    assert.equal(r.verdict, 'compatible');
    assert.match(r.conditions.join(' '), /NOTICE/);
    assert.deepEqual(checkCompatibility(lic('unlicense'), project('MIT')).conditions, []);
  });

  it('explains GPL weights in an MIT project by whether they are distributed', () => {
    const loaded = checkCompatibility(lic('gpl-3.0'), project('MIT'));
    assert.match(loaded.conditions.join(' '), /If you distribute the weights/);
    const shipped = checkCompatibility(lic('gpl-3.0'), project('MIT'), { distributesWeights: true });
    assert.match(shipped.reason, /GPL-3\.0-only/);
    assert.match(shipped.reason, /MIT/);
  });

  it('warns a GPL project that use restrictions are further restrictions', () => {
    const r = checkCompatibility(lic('openrail'), project('GPL-3.0-only'));
    assert.match(r.conditions.join(' '), /further restrictions/);
    assert.doesNotMatch(checkCompatibility(lic('openrail'), project('MIT')).conditions.join(' '), /further restrictions/);
  });

  it('names the alternative to take from a dual license', () => {
    const r = checkCompatibility(lic(['cc-by-nc-4.0', 'mit']), project('MIT'));
    assert.equal(r.verdict, 'compatible');
    assert.match(r.conditions[0]!, /MIT License/);
  });

  it('still lists the model terms when the project declares no license', () => {
    const r = checkCompatibility(lic('gemma'), null);
    assert.equal(r.verdict, 'unknown');
    assert.match(r.reason, /project declares no license/);
    assert.match(r.reason, /Gemma/);
    assert.ok(r.conditions.length > 0);
  });

  it('gives the reason for unknown model licenses', () => {
    assert.match(checkCompatibility(lic(undefined), project('MIT')).reason, /declares no license/);
    assert.match(checkCompatibility(lic('unknown'), project('MIT')).reason, /"unknown"/);
    assert.match(checkCompatibility(lic('other', { license_name: 'acme' }), project('MIT')).reason, /without a link/);
    assert.match(checkCompatibility(lic('acme-2'), project('MIT')).reason, /not a Hugging Face license id/);
    const linked = checkCompatibility(lic('other', { license_name: 'acme', license_link: 'https://example.com/l' }), project('MIT'));
    assert.equal(linked.verdict, 'unknown');
    assert.match(linked.reason, /https:\/\/example\.com\/l/);
  });

  it('is deterministic', () => {
    const a = checkCompatibility(lic('llama3.2'), project('Apache-2.0'), { distributesWeights: true });
    const b = checkCompatibility(lic('llama3.2'), project('Apache-2.0'), { distributesWeights: true });
    assert.deepEqual(a, b);
  });
});

describe('license: lineageConflict', () => {
  const cases: [child: unknown, base: unknown, conflict: boolean][] = [
    ['mit', 'llama2', true],
    ['apache-2.0', 'cc-by-nc-4.0', true],
    ['mit', 'openrail', true],
    ['apache-2.0', 'creativeml-openrail-m', true],
    ['cc-by-4.0', 'cc-by-sa-4.0', true],
    ['mit', 'gpl-3.0', true],
    ['apache-2.0', 'gemma', true],
    ['mit', 'apple-amlr', true],
    ['cc-by-nd-4.0', 'cc-by-nd-4.0', true],
    ['mit', 'cc-by-nc-nd-4.0', true],
    ['llama3', 'gemma', true],
    [['mit', 'cc-by-nc-4.0'], 'cc-by-nc-4.0', true],
    // Same or narrower: no conflict
    ['llama2', 'llama2', false],
    ['llama3.1', 'llama3', false],
    ['apache-2.0', 'apache-2.0', false],
    ['mit', 'apache-2.0', false],
    ['cc-by-nc-4.0', 'apache-2.0', false],
    ['cc-by-nc-4.0', 'cc-by-nc-4.0', false],
    ['cc-by-nc-sa-4.0', 'cc-by-nc-4.0', false],
    ['cc-by-sa-4.0', 'cc-by-sa-4.0', false],
    ['gpl-3.0', 'cc-by-sa-4.0', false],
    ['cc-by-sa-4.0', 'cc-by-sa-3.0', false],
    ['gpl-3.0', 'gpl-3.0', false],
    ['creativeml-openrail-m', 'openrail', false],
    ['openrail++', 'creativeml-openrail-m', false],
    ['apple-amlr', 'cc-by-nc-4.0', false],
    ['mit', ['cc-by-nc-4.0', 'mit'], false],
    // Unknown on either side: reported elsewhere
    ['mit', undefined, false],
    [undefined, 'llama2', false],
    ['unknown', 'cc-by-nc-4.0', false],
    ['mit', 'other', false],
    ['mit', 'h-research', false],
  ];
  for (const [child, base, conflict] of cases) {
    it(`${JSON.stringify(child)} derived from ${JSON.stringify(base)} → ${conflict ? 'conflict' : 'no conflict'}`, () => {
      const c = lic(child);
      const b = lic(base);
      const result = lineageConflict(c, b);
      assert.equal(result !== null, conflict, result?.reason);
      if (result) {
        assert.ok(result.reason.includes(b.name), result.reason);
        assert.match(result.reason, /^[A-Z].*\.$/);
      }
    });
  }

  it('reads a custom license_name on either side', () => {
    assert.ok(lineageConflict(lic('mit'), lic('other', { license_name: 'qwen' })));
    assert.equal(lineageConflict(lic('other', { license_name: 'qwen' }), lic('other', { license_name: 'tongyi-qianwen' })), null);
    assert.ok(lineageConflict(lic('apache-2.0'), lic('other', { license_name: 'flux-1-dev-non-commercial-license' })));
  });
});
