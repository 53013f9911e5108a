/**
 * The license texts bundled for identifying LICENSE files: a curated set of the licenses projects most
 * often use, taken from spdx-license-list (one JSON file each, so only these are bundled). Add an entry
 * here to recognize another license; the unit tests check that every text identifies as itself.
 */
import t_MIT from 'spdx-license-list/licenses/MIT.json';
import t_MIT_0 from 'spdx-license-list/licenses/MIT-0.json';
import t_ISC from 'spdx-license-list/licenses/ISC.json';
import t_0BSD from 'spdx-license-list/licenses/0BSD.json';
import t_BSD_2_Clause from 'spdx-license-list/licenses/BSD-2-Clause.json';
import t_BSD_3_Clause from 'spdx-license-list/licenses/BSD-3-Clause.json';
import t_BSD_3_Clause_Clear from 'spdx-license-list/licenses/BSD-3-Clause-Clear.json';
import t_Apache_2_0 from 'spdx-license-list/licenses/Apache-2.0.json';
import t_Unlicense from 'spdx-license-list/licenses/Unlicense.json';
import t_CC0_1_0 from 'spdx-license-list/licenses/CC0-1.0.json';
import t_WTFPL from 'spdx-license-list/licenses/WTFPL.json';
import t_Zlib from 'spdx-license-list/licenses/Zlib.json';
import t_BSL_1_0 from 'spdx-license-list/licenses/BSL-1.0.json';
import t_PostgreSQL from 'spdx-license-list/licenses/PostgreSQL.json';
import t_NCSA from 'spdx-license-list/licenses/NCSA.json';
import t_UPL_1_0 from 'spdx-license-list/licenses/UPL-1.0.json';
import t_MPL_2_0 from 'spdx-license-list/licenses/MPL-2.0.json';
import t_EPL_1_0 from 'spdx-license-list/licenses/EPL-1.0.json';
import t_EPL_2_0 from 'spdx-license-list/licenses/EPL-2.0.json';
import t_LGPL_2_1_only from 'spdx-license-list/licenses/LGPL-2.1-only.json';
import t_LGPL_3_0_only from 'spdx-license-list/licenses/LGPL-3.0-only.json';
import t_GPL_2_0_only from 'spdx-license-list/licenses/GPL-2.0-only.json';
import t_GPL_3_0_only from 'spdx-license-list/licenses/GPL-3.0-only.json';
import t_AGPL_3_0_only from 'spdx-license-list/licenses/AGPL-3.0-only.json';
import t_EUPL_1_2 from 'spdx-license-list/licenses/EUPL-1.2.json';
import t_CC_BY_4_0 from 'spdx-license-list/licenses/CC-BY-4.0.json';
import t_CC_BY_SA_4_0 from 'spdx-license-list/licenses/CC-BY-SA-4.0.json';
import t_CC_BY_NC_4_0 from 'spdx-license-list/licenses/CC-BY-NC-4.0.json';
import t_CC_BY_NC_SA_4_0 from 'spdx-license-list/licenses/CC-BY-NC-SA-4.0.json';
import t_Artistic_2_0 from 'spdx-license-list/licenses/Artistic-2.0.json';
import t_OFL_1_1 from 'spdx-license-list/licenses/OFL-1.1.json';

export interface LicenseListEntry {
  spdx: string;
  name: string;
  text: string;
}

interface SpdxListJson {
  name: string;
  licenseText: string;
}

function e(spdx: string, json: SpdxListJson, cutBefore?: string): LicenseListEntry {
  const at = cutBefore === undefined ? -1 : json.licenseText.indexOf(cutBefore);
  return { spdx, name: json.name, text: at > 0 ? json.licenseText.slice(0, at) : json.licenseText };
}

export const LICENSE_TEXTS: readonly LicenseListEntry[] = Object.freeze([
  e('MIT', t_MIT),
  e('MIT-0', t_MIT_0),
  e('ISC', t_ISC),
  e('0BSD', t_0BSD),
  e('BSD-2-Clause', t_BSD_2_Clause),
  e('BSD-3-Clause', t_BSD_3_Clause),
  e('BSD-3-Clause-Clear', t_BSD_3_Clause_Clear),
  e('Apache-2.0', t_Apache_2_0),
  e('Unlicense', t_Unlicense),
  e('CC0-1.0', t_CC0_1_0),
  e('WTFPL', t_WTFPL),
  e('Zlib', t_Zlib),
  e('BSL-1.0', t_BSL_1_0),
  e('PostgreSQL', t_PostgreSQL),
  e('NCSA', t_NCSA),
  e('UPL-1.0', t_UPL_1_0),
  e('MPL-2.0', t_MPL_2_0),
  e('EPL-1.0', t_EPL_1_0),
  e('EPL-2.0', t_EPL_2_0),
  e('LGPL-2.1-only', t_LGPL_2_1_only),
  // The SPDX text appends the GPL-3.0; LICENSE files (COPYING.LESSER) hold only the LGPL part.
  e('LGPL-3.0-only', t_LGPL_3_0_only, 'GNU GENERAL PUBLIC LICENSE'),
  e('GPL-2.0-only', t_GPL_2_0_only),
  e('GPL-3.0-only', t_GPL_3_0_only),
  e('AGPL-3.0-only', t_AGPL_3_0_only),
  e('EUPL-1.2', t_EUPL_1_2),
  e('CC-BY-4.0', t_CC_BY_4_0),
  e('CC-BY-SA-4.0', t_CC_BY_SA_4_0),
  e('CC-BY-NC-4.0', t_CC_BY_NC_4_0),
  e('CC-BY-NC-SA-4.0', t_CC_BY_NC_SA_4_0),
  e('Artistic-2.0', t_Artistic_2_0),
  e('OFL-1.1', t_OFL_1_1),
]);
