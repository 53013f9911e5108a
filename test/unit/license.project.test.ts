/**
 * Project license detection: every metadata format (package.json, PEP 621/639 pyproject.toml, Poetry,
 * setup.cfg, setup.py, trove classifiers) and LICENSE texts as projects really ship them (copyright
 * lines changed, lines re-wrapped, appendices dropped), plus garbage. Written from the packaging
 * specifications and docs/licenses.md.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import agpl3 from 'spdx-license-list/licenses/AGPL-3.0-only.json';
import apache2 from 'spdx-license-list/licenses/Apache-2.0.json';
import ccByNc4 from 'spdx-license-list/licenses/CC-BY-NC-4.0.json';
import gpl2 from 'spdx-license-list/licenses/GPL-2.0-only.json';
import gpl3 from 'spdx-license-list/licenses/GPL-3.0-only.json';
import lgpl21 from 'spdx-license-list/licenses/LGPL-2.1-only.json';
import lgpl3 from 'spdx-license-list/licenses/LGPL-3.0-only.json';
import mpl2 from 'spdx-license-list/licenses/MPL-2.0.json';
import {
  detectProjectLicense,
  identifyLicenseText,
  nodeProjectFiles,
  projectLicenseFromSetting,
} from '../../src/core/license/index.js';
import type { ProjectFiles } from '../../src/core/license/index.js';
import { LICENSE_TEXTS } from '../../src/core/license/licenseTextData.js';

function files(entries: Record<string, string>): ProjectFiles {
  return { list: () => Object.keys(entries), read: (name) => (Object.hasOwn(entries, name) ? entries[name] : undefined) };
}

/** Re-wraps every paragraph at `width` columns, as editors and gnu.org copies do. */
function rewrap(text: string, width: number): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => {
      const words = para.split(/\s+/).filter((w) => w !== '');
      const lines: string[] = [];
      let line = '';
      for (const w of words) {
        if (line && line.length + 1 + w.length > width) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      if (line) lines.push(line);
      return lines.join('\n');
    })
    .join('\n\n');
}

const MIT_GITHUB = `MIT License

Copyright (c) 2023 Jane Q. Developer and contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

const BSD3_GITHUB = `BSD 3-Clause License

Copyright (c) 2018-2024, Example Research Lab
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of Example Research Lab nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
`;

const BSD2_GITHUB = BSD3_GITHUB.replace('BSD 3-Clause License', 'BSD 2-Clause License')
  .replace(/\n3\. Neither[\s\S]*?permission\.\n/, '\n');

const APACHE_WITH_OWNER = apache2.licenseText.replace('Copyright [yyyy] [name of copyright owner]', 'Copyright 2019 Example Org, Inc.');
const APACHE_NO_APPENDIX = apache2.licenseText.slice(0, apache2.licenseText.indexOf('APPENDIX'));
const GPL3_GNU_ORG = rewrap(gpl3.licenseText, 70).replace('<one line to give the program\'s name and a brief idea of what it does.>', 'frobnicate - makes frobs');

describe('license: identifyLicenseText', () => {
  it('identifies every bundled license text as itself', () => {
    for (const e of LICENSE_TEXTS) assert.equal(identifyLicenseText(e.text)?.spdx, e.spdx, e.spdx);
  });

  const variants: [string, string, string][] = [
    ['MIT as GitHub writes it', MIT_GITHUB, 'MIT'],
    ['MIT re-wrapped at 100 columns, "licence" spelling', rewrap(MIT_GITHUB, 100).replace(/license/g, 'licence'), 'MIT'],
    ['MIT with a CRLF and a BOM', `\uFEFF${MIT_GITHUB.replace(/\n/g, '\r\n')}`, 'MIT'],
    ['Apache-2.0 with the owner filled in', APACHE_WITH_OWNER, 'Apache-2.0'],
    ['Apache-2.0 without the appendix', APACHE_NO_APPENDIX, 'Apache-2.0'],
    ['Apache-2.0 re-wrapped at 80 columns', rewrap(APACHE_WITH_OWNER, 80), 'Apache-2.0'],
    ['BSD-3-Clause with an organisation name', BSD3_GITHUB, 'BSD-3-Clause'],
    ['BSD-2-Clause', BSD2_GITHUB, 'BSD-2-Clause'],
    ['GPL-3.0 as gnu.org ships it', GPL3_GNU_ORG, 'GPL-3.0-only'],
    ['GPL-2.0 re-wrapped', rewrap(gpl2.licenseText, 72), 'GPL-2.0-only'],
    ['LGPL-2.1 re-wrapped', rewrap(lgpl21.licenseText, 72), 'LGPL-2.1-only'],
    ['LGPL-3.0 (COPYING.LESSER)', lgpl3.licenseText.slice(0, lgpl3.licenseText.indexOf('GNU GENERAL PUBLIC LICENSE')), 'LGPL-3.0-only'],
    ['AGPL-3.0 re-wrapped', rewrap(agpl3.licenseText, 76), 'AGPL-3.0-only'],
    ['MPL-2.0', mpl2.licenseText, 'MPL-2.0'],
    ['CC BY-NC 4.0 (not CC BY 4.0)', rewrap(ccByNc4.licenseText, 80), 'CC-BY-NC-4.0'],
  ];
  for (const [label, text, spdx] of variants) {
    it(`identifies ${label}`, () => {
      const found = identifyLicenseText(text);
      assert.equal(found?.spdx, spdx, JSON.stringify(found));
      assert.ok(found!.similarity >= 0.9);
    });
  }

  it('recognizes short notices', () => {
    assert.equal(identifyLicenseText('Licensed under the Apache License, Version 2.0 (the "License");\nyou may not use this file except in compliance with the License.')?.spdx, 'Apache-2.0');
    const orLater = 'This program is free software: you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation, either version 3 of the License, or\n(at your option) any later version.';
    assert.equal(identifyLicenseText(orLater)?.spdx, 'GPL-3.0-or-later');
    const lesser = 'This library is free software; you can redistribute it and/or modify it under the terms of the GNU Lesser General Public License as published by the Free Software Foundation; either version 2.1 of the License, or (at your option) any later version.';
    assert.equal(identifyLicenseText(lesser)?.spdx, 'LGPL-2.1-or-later');
    assert.equal(identifyLicenseText('# SPDX-License-Identifier: BSD-3-Clause')?.spdx, 'BSD-3-Clause');
  });

  it('identifies nothing in garbage', () => {
    const garbage = [
      '',
      'lorem ipsum dolor sit amet '.repeat(200),
      '# My project\n\nThis is the README. Install with pip install my-project.',
      'Copyright (c) 2024 Someone. All rights reserved.',
      'PK\u0003\u0004\u0000\u0000binary',
      `${MIT_GITHUB}\n\nTHIRD-PARTY NOTICES\n\nThis product bundles the following under its own license:\n\n${BSD3_GITHUB}\n\n${mpl2.licenseText.slice(0, 3000)}`,
      'Permission is hereby granted, free of charge, to any person.',
    ];
    for (const text of garbage) assert.equal(identifyLicenseText(text), null, text.slice(0, 40));
  });

  it('is fast on large inputs', () => {
    const start = Date.now();
    identifyLicenseText('word '.repeat(200_000));
    identifyLicenseText(rewrap(gpl3.licenseText, 60).repeat(3));
    assert.ok(Date.now() - start < 2000);
  });
});

describe('license: detectProjectLicense', () => {
  it('returns null when nothing declares a license', () => {
    assert.equal(detectProjectLicense(files({})), null);
    assert.equal(detectProjectLicense(files({ 'README.md': '# x', 'main.py': 'print(1)' })), null);
    assert.equal(detectProjectLicense(files({ 'package.json': '{"name":"x"}' })), null);
  });

  describe('package.json', () => {
    it('reads an SPDX expression', () => {
      const l = detectProjectLicense(files({ 'package.json': '{"name":"x","license":"(MIT OR Apache-2.0)"}' }))!;
      assert.equal(l.spdx, 'MIT OR Apache-2.0');
      assert.equal(l.source, 'package.json');
      assert.equal(l.file, 'package.json');
      assert.equal(l.confidence, 'declared');
    });
    it('reads the legacy object and array forms', () => {
      assert.equal(detectProjectLicense(files({ 'package.json': '{"license":{"type":"ISC","url":"https://x"}}' }))!.spdx, 'ISC');
      assert.equal(detectProjectLicense(files({ 'package.json': '{"licenses":[{"type":"MIT"},{"type":"GPL-2.0"}]}' }))!.spdx, 'MIT OR GPL-2.0-only');
    });
    it('follows SEE LICENSE IN to a root file', () => {
      const l = detectProjectLicense(files({ 'package.json': '{"license":"SEE LICENSE IN LICENSE.txt"}', 'LICENSE.txt': MIT_GITHUB }))!;
      assert.equal(l.spdx, 'MIT');
      assert.equal(l.source, 'package.json');
      assert.equal(l.file, 'LICENSE.txt');
      assert.equal(l.confidence, 'identified');
    });
    it('treats UNLICENSED as proprietary, not the Unlicense', () => {
      const l = detectProjectLicense(files({ 'package.json': '{"license":"UNLICENSED","private":true}' }))!;
      assert.equal(l.spdx, null);
      assert.equal(l.family, 'proprietary');
    });
    it('maps a free-form name, in any case', () => {
      assert.equal(detectProjectLicense(files({ 'package.json': '{"license":"apache-2.0"}' }))!.spdx, 'Apache-2.0');
      assert.equal(detectProjectLicense(files({ 'package.json': '{"license":"Apache License 2.0"}' }))!.spdx, 'Apache-2.0');
    });
    it('skips a broken package.json and goes on', () => {
      const l = detectProjectLicense(files({ 'package.json': '{"license": ', LICENSE: MIT_GITHUB }))!;
      assert.equal(l.source, 'license-file');
      assert.equal(l.spdx, 'MIT');
    });
  });

  describe('pyproject.toml', () => {
    it('reads a PEP 639 license expression', () => {
      const l = detectProjectLicense(files({ 'pyproject.toml': '[project]\nname = "x"\nlicense = "MIT OR Apache-2.0"\nlicense-files = ["LICEN[CS]E*"]\n' }))!;
      assert.equal(l.spdx, 'MIT OR Apache-2.0');
      assert.equal(l.source, 'pyproject.toml');
      assert.equal(l.confidence, 'declared');
    });
    it('reads the legacy {text = ...} table', () => {
      assert.equal(detectProjectLicense(files({ 'pyproject.toml': '[project]\nlicense = {text = "BSD-3-Clause"}\n' }))!.spdx, 'BSD-3-Clause');
      const pasted = detectProjectLicense(files({ 'pyproject.toml': `[project]\nlicense = {text = """${MIT_GITHUB.replace(/"/g, '\\"')}"""}\n` }))!;
      assert.equal(pasted.spdx, 'MIT');
      assert.equal(pasted.confidence, 'identified');
    });
    it('reads the legacy {file = ...} table by identifying the file', () => {
      const l = detectProjectLicense(files({ 'pyproject.toml': '[project]\nlicense = { file = "LICENSE" }\n', LICENSE: APACHE_WITH_OWNER }))!;
      assert.equal(l.spdx, 'Apache-2.0');
      assert.equal(l.source, 'pyproject.toml');
      assert.equal(l.file, 'LICENSE');
      assert.equal(l.confidence, 'identified');
    });
    it('reads [tool.poetry] license', () => {
      assert.equal(detectProjectLicense(files({ 'pyproject.toml': '[tool.poetry]\nname = "x"\nlicense = "GPL-3.0-or-later"\n' }))!.spdx, 'GPL-3.0-or-later');
    });
    it('reads trove classifiers', () => {
      const toml = '[project]\nclassifiers = [\n  "Programming Language :: Python :: 3",\n  "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",\n]\n';
      assert.equal(detectProjectLicense(files({ 'pyproject.toml': toml }))!.spdx, 'GPL-3.0-or-later');
      const dual = '[project]\nclassifiers = ["License :: OSI Approved :: MIT License", "License :: OSI Approved :: Apache Software License"]\n';
      assert.equal(detectProjectLicense(files({ 'pyproject.toml': dual }))!.spdx, 'MIT OR Apache-2.0');
      const bsd = detectProjectLicense(files({ 'pyproject.toml': '[project]\nclassifiers = ["License :: OSI Approved :: BSD License"]\n' }))!;
      assert.equal(bsd.spdx, null);
      assert.equal(bsd.family, 'permissive');
      const osiOnly = '[project]\nclassifiers = ["License :: OSI Approved"]\n';
      assert.equal(detectProjectLicense(files({ 'pyproject.toml': osiOnly })), null);
    });
    it('prefers the license field over classifiers', () => {
      const toml = '[project]\nlicense = "Apache-2.0"\nclassifiers = ["License :: OSI Approved :: MIT License"]\n';
      assert.equal(detectProjectLicense(files({ 'pyproject.toml': toml }))!.spdx, 'Apache-2.0');
    });
    it('adds license-files to the license texts read', () => {
      const l = detectProjectLicense(files({ 'pyproject.toml': '[project]\nname = "x"\nlicense-files = ["LEGAL.txt"]\n', 'LEGAL.txt': BSD3_GITHUB }))!;
      assert.equal(l.spdx, 'BSD-3-Clause');
      assert.equal(l.file, 'LEGAL.txt');
    });
    it('skips invalid TOML', () => {
      assert.equal(detectProjectLicense(files({ 'pyproject.toml': '[project\nlicense = "MIT' })), null);
    });
  });

  describe('setup.cfg and setup.py', () => {
    it('reads [metadata] license', () => {
      const cfg = '[metadata]\nname = x\nlicense = Apache License 2.0\nlicense_files = LICENSE\n\n[options]\npackages = find:\n';
      const l = detectProjectLicense(files({ 'setup.cfg': cfg }))!;
      assert.equal(l.spdx, 'Apache-2.0');
      assert.equal(l.source, 'setup.cfg');
    });
    it('reads multi-line classifiers in setup.cfg', () => {
      const cfg = '[metadata]\nname = x\nclassifiers =\n    Programming Language :: Python\n    License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)\n';
      assert.equal(detectProjectLicense(files({ 'setup.cfg': cfg }))!.spdx, 'MPL-2.0');
    });
    it('reads a literal license= keyword in setup.py, never a variable', () => {
      const py = 'from setuptools import setup\n\nsetup(\n    name="x",\n    license=\'BSD-2-Clause\',\n)\n';
      assert.equal(detectProjectLicense(files({ 'setup.py': py }))!.spdx, 'BSD-2-Clause');
      const variable = 'LICENSE = open("LICENSE").read()\nsetup(name="x", license=LICENSE)\n';
      assert.equal(detectProjectLicense(files({ 'setup.py': variable })), null);
      const commented = '# license="GPL-3.0"\nsetup(name="x", classifiers=["License :: OSI Approved :: ISC License (ISCL)"])\n';
      assert.equal(detectProjectLicense(files({ 'setup.py': commented }))!.spdx, 'ISC');
    });
  });

  describe('license files', () => {
    const texts: [string, string, string][] = [
      ['LICENSE', MIT_GITHUB, 'MIT'],
      ['LICENSE.md', APACHE_WITH_OWNER, 'Apache-2.0'],
      ['License.txt', BSD3_GITHUB, 'BSD-3-Clause'],
      ['COPYING', GPL3_GNU_ORG, 'GPL-3.0-only'],
      ['LICENCE', rewrap(gpl2.licenseText, 70), 'GPL-2.0-only'],
    ];
    for (const [name, text, spdx] of texts) {
      it(`identifies ${spdx} in ${name}`, () => {
        const l = detectProjectLicense(files({ [name]: text, 'README.md': '# x' }))!;
        assert.equal(l.spdx, spdx);
        assert.equal(l.source, 'license-file');
        assert.equal(l.file, name);
        assert.equal(l.confidence, 'identified');
      });
    }
    it('takes the LGPL when COPYING (GPL) sits beside COPYING.LESSER (LGPL)', () => {
      const lesser = lgpl3.licenseText.slice(0, lgpl3.licenseText.indexOf('GNU GENERAL PUBLIC LICENSE'));
      const l = detectProjectLicense(files({ COPYING: gpl3.licenseText, 'COPYING.LESSER': lesser }))!;
      assert.equal(l.spdx, 'LGPL-3.0-only');
      assert.equal(l.file, 'COPYING.LESSER');
    });
    it('combines LICENSE-MIT and LICENSE-APACHE into a choice', () => {
      const l = detectProjectLicense(files({ 'LICENSE-MIT': MIT_GITHUB, 'LICENSE-APACHE': apache2.licenseText }))!;
      assert.equal(l.spdx, 'Apache-2.0 OR MIT');
    });
    it('reports an unrecognized license text, and ignores empty and binary files', () => {
      const l = detectProjectLicense(files({ LICENSE: 'You may use this software only on Tuesdays. '.repeat(20) }))!;
      assert.equal(l.spdx, null);
      assert.match(l.name, /Unrecognized license text in LICENSE/);
      assert.equal(detectProjectLicense(files({ LICENSE: '' })), null);
      assert.equal(detectProjectLicense(files({ LICENSE: '\u0000\u0001\u0002ELF' })), null);
    });
  });

  it('records every source as evidence, the first in priority order winning', () => {
    const l = detectProjectLicense(files({
      LICENSE: APACHE_WITH_OWNER,
      'setup.py': 'setup(license="MIT")',
      'pyproject.toml': '[project]\nlicense = "Apache-2.0"\n',
      'package.json': '{"license":"ISC"}',
    }))!;
    assert.equal(l.spdx, 'ISC');
    assert.equal(l.source, 'package.json');
    assert.deepEqual(l.evidence?.map((e) => [e.source, e.spdx]), [
      ['package.json', 'ISC'],
      ['pyproject.toml', 'Apache-2.0'],
      ['setup.py', 'MIT'],
      ['license-file', 'Apache-2.0'],
    ]);
  });

  it('never throws on hostile files', () => {
    const hostile: Record<string, string> = {
      'package.json': '{"license": {"type": {"nested": true}}, "licenses": "MIT"}',
      'pyproject.toml': '[project]\nlicense = 42\nclassifiers = "License :: OSI Approved :: MIT License"\n[tool]\npoetry = 3\n',
      'setup.cfg': '[metadata\nlicense\n= =\n',
      'setup.py': 'setup(license=' + '"'.repeat(10_000),
      LICENSE: '\uFFFD'.repeat(50_000),
    };
    assert.doesNotThrow(() => detectProjectLicense(files(hostile)));
    const throwing: ProjectFiles = { list: () => ['package.json', 'LICENSE'], read: () => { throw new Error('EIO'); } };
    assert.throws(() => detectProjectLicense(throwing)); // a reader that throws is the caller's to handle
  });
});

describe('license: projectLicenseFromSetting', () => {
  it('maps SPDX expressions and names', () => {
    assert.deepEqual(projectLicenseFromSetting('MIT'), { spdx: 'MIT', name: 'MIT', source: 'setting', confidence: 'declared', family: 'permissive' });
    assert.equal(projectLicenseFromSetting('gpl-3.0+')!.spdx, 'GPL-3.0-or-later');
    assert.equal(projectLicenseFromSetting('GPL-3.0')!.spdx, 'GPL-3.0-only');
    assert.equal(projectLicenseFromSetting('Eclipse Public License 2.0 (EPL-2.0)')!.spdx, 'EPL-2.0');
    assert.equal(projectLicenseFromSetting('Eclipse Public License 2.0')!.spdx, null, 'spdx-correct would say EPL-1.0');
    assert.equal(projectLicenseFromSetting('Proprietary')!.family, 'proprietary');
    assert.equal(projectLicenseFromSetting('   '), null);
  });
});

describe('license: nodeProjectFiles', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-license-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"license":"MIT"}');
    fs.writeFileSync(path.join(dir, 'LICENSE'), MIT_GITHUB);
    fs.writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(1_200_000));
    fs.mkdirSync(path.join(dir, 'LICENSES'));
    fs.writeFileSync(path.join(dir, 'LICENSES', 'MIT.txt'), MIT_GITHUB);
    try {
      fs.symlinkSync(path.join(dir, 'LICENSE'), path.join(dir, 'COPYING'));
    } catch {
      // Symbolic links may be unavailable; the test below then checks nothing about them.
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists regular root files only and reads them', () => {
    const f = nodeProjectFiles(dir);
    assert.deepEqual(f.list(), ['LICENSE', 'big.txt', 'package.json']);
    assert.equal(f.read('package.json'), '{"license":"MIT"}');
    assert.equal(f.read('COPYING'), undefined, 'symbolic links are not followed');
  });

  it('reads at most 1 MiB per file and nothing outside the root', () => {
    const f = nodeProjectFiles(dir);
    assert.equal(f.read('big.txt')!.length, 1_048_576);
    assert.equal(f.read('../etc/passwd'), undefined);
    assert.equal(f.read('LICENSES/MIT.txt'), undefined);
    assert.equal(f.read('LICENSES'), undefined);
    assert.equal(f.read('missing'), undefined);
  });

  it('drives detection on disk', () => {
    const l = detectProjectLicense(nodeProjectFiles(dir))!;
    assert.equal(l.spdx, 'MIT');
    assert.deepEqual(l.evidence?.map((e) => e.source), ['package.json', 'license-file']);
  });

  it('returns no files for a missing folder', () => {
    assert.deepEqual(nodeProjectFiles(path.join(dir, 'nope')).list(), []);
  });
});
