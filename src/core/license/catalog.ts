/**
 * The catalog of licenses PTM Lens knows: every Hugging Face Hub license id (the Hub's list at
 * huggingface.co/docs/hub/repositories-licenses and the `License` type of `@huggingface/hub`), the SPDX id
 * where one exists, the license family, the rights it grants and its main terms.
 *
 * Hub ids are not SPDX ids. Where the Hub names a GNU license by version only (`gpl-3.0`), the SPDX id
 * is the `-only` one: nothing in the id grants the "or any later version" option, and `GPL-3.0` in the
 * SPDX list (deprecated) means exactly `GPL-3.0-only`. Family ids without a version (`gpl`, `bsd`, `cc`)
 * have no SPDX id.
 *
 * Terms are short factual sentences about obligations and limits; a license whose terms PTM Lens has not
 * reviewed has none and `null` rights, so checks report it as unknown rather than guess. docs/licenses.md
 * renders this table and a unit test keeps the two in step.
 */
import type { LicenseFamily, LicenseRights } from './types.js';

export interface LicenseEntry {
  /** Hub license id (lowercase) or, for `CUSTOM_LICENSES`, the `license_name` slug. */
  readonly id: string;
  readonly spdx: string | null;
  readonly name: string;
  /** Canonical text URL, when one is stable. */
  readonly url: string | null;
  readonly family: LicenseFamily;
  readonly rights: Readonly<LicenseRights>;
  readonly terms: readonly string[];
}

// ---------------------------------------------------------------------------------------------------
// Rights presets. Each describes the license text, not a usage: a usage is checked against them later.

const PERMISSIVE: LicenseRights = {
  commercialUse: true, redistribution: true, derivatives: true,
  useRestrictions: false, attribution: true, shareAlike: false, networkCopyleft: false,
};
const PUBLIC_DOMAIN: LicenseRights = { ...PERMISSIVE, attribution: false };
const WEAK_COPYLEFT: LicenseRights = {
  commercialUse: true, redistribution: 'conditional', derivatives: 'conditional',
  useRestrictions: false, attribution: true, shareAlike: true, networkCopyleft: false,
};
const STRONG_COPYLEFT: LicenseRights = { ...WEAK_COPYLEFT };
const NETWORK_COPYLEFT: LicenseRights = { ...WEAK_COPYLEFT, networkCopyleft: true };
/** Creative Commons ShareAlike: sharing unmodified copies needs only credit; adaptations stay under the license. */
const CC_SHARE_ALIKE: LicenseRights = { ...PERMISSIVE, derivatives: 'conditional', shareAlike: true };
const CC_NON_COMMERCIAL: LicenseRights = {
  commercialUse: false, redistribution: 'conditional', derivatives: 'conditional',
  useRestrictions: false, attribution: true, shareAlike: false, networkCopyleft: false,
};
const OPEN_RAIL: LicenseRights = {
  commercialUse: true, redistribution: 'conditional', derivatives: 'conditional',
  useRestrictions: true, attribution: true, shareAlike: false, networkCopyleft: false,
};
/** Llama community licenses: commercial use below a user threshold, an acceptable use policy, notices. */
const LLAMA: LicenseRights = { ...OPEN_RAIL, commercialUse: 'conditional' };
const RESEARCH_ONLY: LicenseRights = {
  commercialUse: false, redistribution: 'conditional', derivatives: 'conditional',
  useRestrictions: true, attribution: null, shareAlike: false, networkCopyleft: false,
};
/** A license PTM Lens has not reviewed: every right unknown. */
const UNREVIEWED: LicenseRights = {
  commercialUse: null, redistribution: null, derivatives: null,
  useRestrictions: null, attribution: null, shareAlike: null, networkCopyleft: null,
};

// ---------------------------------------------------------------------------------------------------
// Recurring terms.

const NOTICE = 'Keep the copyright and license notice in all copies of the model.';
const BSD_NOTICE = 'Keep the copyright notice, the list of conditions and the disclaimer in copies of the model.';
const BSD_NO_ENDORSE = 'The names of the copyright holder and contributors may not be used to endorse derived products without permission.';
const APACHE_TERMS = [
  'Keep the license, the copyright notices and any NOTICE file when you redistribute the model.',
  'Modified files must carry a notice that they were changed.',
  'The patent license ends for anyone who sues claiming the model infringes a patent.',
];
const CC_BY = 'Credit the creator, link to the license and indicate changes when you share the model.';
const CC_NC = 'Commercial use is not allowed.';
const CC_ND = 'Modified versions, including fine-tuned models, may not be shared.';
const CC_SA = 'Adapted versions, including fine-tuned models, must be shared under the same license.';
const GPL_TERMS = [
  'Distributing the model, or a work based on it, requires licensing it under the same GPL version and providing its source.',
  'No further restrictions may be imposed on recipients.',
];
const AGPL_NETWORK = 'If you modify the model and users interact with it over a network, you must offer them its source.';
const RAIL_RESTRICTIONS = 'Use must respect the use-based restrictions listed in the license.';
const RAIL_PASS_ON = 'The use restrictions must be included as enforceable terms in any license for the model or its derivatives, and recipients must be told of them.';
const RAIL_NOTICES = 'Give recipients a copy of the license, mark modified files and keep attribution notices.';
const MAU_700M = 'Licensees whose products had more than 700 million monthly active users on the model\'s release date need a separate license from Meta.';
const LLAMA_COPY = 'Redistribution must include a copy of the license and keep the attribution notice in a "Notice" text file.';
const LLAMA_31_TERMS = [
  MAU_700M,
  'Use must follow Meta\'s Acceptable Use Policy for the model.',
  'Display "Built with Llama" on a related website, user interface, blog post, about page or product documentation when you distribute the model or a product that uses it.',
  'A model trained, fine-tuned or improved with the model or its outputs and then distributed must have a name that begins with "Llama".',
  LLAMA_COPY,
];
const LLAMA_EU_MULTIMODAL = 'Rights to its multimodal models are not granted to individuals or companies based in the European Union (end users of products that include them are not affected).';
const RESEARCH_NC = 'Use is limited to non-commercial research.';

function entry(
  id: string, spdx: string | null, name: string, family: LicenseFamily, rights: LicenseRights,
  terms: readonly string[], url: string | null = spdx === null ? null : `https://spdx.org/licenses/${spdx}.html`,
): LicenseEntry {
  return Object.freeze({ id, spdx, name, url, family, rights: Object.freeze({ ...rights }), terms: Object.freeze([...terms]) });
}

/** Every Hub license id except `unknown` and `other`, which are statuses rather than licenses. */
export const HUB_LICENSES: readonly LicenseEntry[] = Object.freeze([
  entry('apache-2.0', 'Apache-2.0', 'Apache License 2.0', 'permissive', PERMISSIVE, APACHE_TERMS),
  entry('mit', 'MIT', 'MIT License', 'permissive', PERMISSIVE, [NOTICE]),
  entry('openrail', null, 'OpenRAIL license family', 'open-rail', OPEN_RAIL,
    [RAIL_RESTRICTIONS, RAIL_PASS_ON, RAIL_NOTICES]),
  entry('bigscience-openrail-m', null, 'BigScience OpenRAIL-M', 'open-rail', OPEN_RAIL,
    [RAIL_RESTRICTIONS, RAIL_PASS_ON, RAIL_NOTICES], 'https://bigscience.huggingface.co/blog/bigscience-openrail-m'),
  entry('creativeml-openrail-m', null, 'CreativeML OpenRAIL-M', 'open-rail', OPEN_RAIL,
    [RAIL_RESTRICTIONS, RAIL_PASS_ON, RAIL_NOTICES], 'https://huggingface.co/spaces/CompVis/stable-diffusion-license'),
  entry('bigscience-bloom-rail-1.0', null, 'BigScience BLOOM RAIL 1.0', 'open-rail', OPEN_RAIL,
    [RAIL_RESTRICTIONS, RAIL_PASS_ON, RAIL_NOTICES], 'https://huggingface.co/spaces/bigscience/license'),
  entry('bigcode-openrail-m', null, 'BigCode Open RAIL-M v1', 'open-rail', OPEN_RAIL,
    [RAIL_RESTRICTIONS, RAIL_PASS_ON, RAIL_NOTICES], 'https://huggingface.co/spaces/bigcode/bigcode-model-license-agreement'),
  entry('openrail++', null, 'CreativeML Open RAIL++-M', 'open-rail', OPEN_RAIL,
    [RAIL_RESTRICTIONS, RAIL_PASS_ON, RAIL_NOTICES], 'https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md'),
  entry('afl-3.0', 'AFL-3.0', 'Academic Free License v3.0', 'permissive', PERMISSIVE, [
    'Keep copyright, patent, trademark and attribution notices, and mark derivative works as modified.',
  ]),
  entry('artistic-2.0', 'Artistic-2.0', 'Artistic License 2.0', 'permissive', PERMISSIVE, [
    NOTICE,
    'Distributed modified versions must either be made freely available or be renamed so they are not confused with the original.',
  ]),
  entry('bsl-1.0', 'BSL-1.0', 'Boost Software License 1.0', 'permissive', PERMISSIVE, [
    'Keep the license text in copies, except in machine-executable object code.',
  ]),
  entry('bsd', null, 'BSD license family (variant not given)', 'permissive', PERMISSIVE, [BSD_NOTICE]),
  entry('bsd-2-clause', 'BSD-2-Clause', 'BSD 2-Clause "Simplified" License', 'permissive', PERMISSIVE, [BSD_NOTICE]),
  entry('bsd-3-clause', 'BSD-3-Clause', 'BSD 3-Clause "New" or "Revised" License', 'permissive', PERMISSIVE, [BSD_NOTICE, BSD_NO_ENDORSE]),
  entry('bsd-3-clause-clear', 'BSD-3-Clause-Clear', 'BSD 3-Clause Clear License', 'permissive', PERMISSIVE, [
    BSD_NOTICE, BSD_NO_ENDORSE, 'Grants no patent rights.',
  ]),
  entry('c-uda', 'C-UDA-1.0', 'Computational Use of Data Agreement v1.0', 'other',
    { ...PERMISSIVE, redistribution: 'conditional', useRestrictions: true, shareAlike: true }, [
      'The data may be used only for computational analysis; results of that analysis are not restricted.',
      'Redistributed data must keep its credit information and bind recipients to the same agreement.',
    ]),
  entry('cc', null, 'Creative Commons license family (variant not given)', 'other', UNREVIEWED, []),
  entry('cc0-1.0', 'CC0-1.0', 'Creative Commons Zero v1.0 Universal', 'public-domain', PUBLIC_DOMAIN, [
    'Waives copyright and related rights; patent and trademark rights are not licensed.',
  ]),
  entry('cc-by-2.0', 'CC-BY-2.0', 'Creative Commons Attribution 2.0', 'permissive', PERMISSIVE, [CC_BY]),
  entry('cc-by-2.5', 'CC-BY-2.5', 'Creative Commons Attribution 2.5', 'permissive', PERMISSIVE, [CC_BY]),
  entry('cc-by-3.0', 'CC-BY-3.0', 'Creative Commons Attribution 3.0', 'permissive', PERMISSIVE, [CC_BY]),
  entry('cc-by-4.0', 'CC-BY-4.0', 'Creative Commons Attribution 4.0', 'permissive', PERMISSIVE, [CC_BY]),
  entry('cc-by-sa-3.0', 'CC-BY-SA-3.0', 'Creative Commons Attribution Share Alike 3.0', 'strong-copyleft', CC_SHARE_ALIKE, [CC_BY, CC_SA]),
  entry('cc-by-sa-4.0', 'CC-BY-SA-4.0', 'Creative Commons Attribution Share Alike 4.0', 'strong-copyleft', CC_SHARE_ALIKE, [CC_BY, CC_SA]),
  entry('cc-by-nc-2.0', 'CC-BY-NC-2.0', 'Creative Commons Attribution Non Commercial 2.0', 'non-commercial', CC_NON_COMMERCIAL, [CC_NC, CC_BY]),
  entry('cc-by-nc-3.0', 'CC-BY-NC-3.0', 'Creative Commons Attribution Non Commercial 3.0', 'non-commercial', CC_NON_COMMERCIAL, [CC_NC, CC_BY]),
  entry('cc-by-nc-4.0', 'CC-BY-NC-4.0', 'Creative Commons Attribution Non Commercial 4.0', 'non-commercial', CC_NON_COMMERCIAL, [CC_NC, CC_BY]),
  entry('cc-by-nd-4.0', 'CC-BY-ND-4.0', 'Creative Commons Attribution No Derivatives 4.0', 'no-derivatives',
    { ...PERMISSIVE, derivatives: false }, [CC_ND, CC_BY]),
  entry('cc-by-nc-nd-3.0', 'CC-BY-NC-ND-3.0', 'Creative Commons Attribution Non Commercial No Derivatives 3.0', 'non-commercial',
    { ...CC_NON_COMMERCIAL, derivatives: false }, [CC_NC, CC_ND, CC_BY]),
  entry('cc-by-nc-nd-4.0', 'CC-BY-NC-ND-4.0', 'Creative Commons Attribution Non Commercial No Derivatives 4.0', 'non-commercial',
    { ...CC_NON_COMMERCIAL, derivatives: false }, [CC_NC, CC_ND, CC_BY]),
  entry('cc-by-nc-sa-2.0', 'CC-BY-NC-SA-2.0', 'Creative Commons Attribution Non Commercial Share Alike 2.0', 'non-commercial',
    { ...CC_NON_COMMERCIAL, shareAlike: true }, [CC_NC, CC_SA, CC_BY]),
  entry('cc-by-nc-sa-3.0', 'CC-BY-NC-SA-3.0', 'Creative Commons Attribution Non Commercial Share Alike 3.0', 'non-commercial',
    { ...CC_NON_COMMERCIAL, shareAlike: true }, [CC_NC, CC_SA, CC_BY]),
  entry('cc-by-nc-sa-4.0', 'CC-BY-NC-SA-4.0', 'Creative Commons Attribution Non Commercial Share Alike 4.0', 'non-commercial',
    { ...CC_NON_COMMERCIAL, shareAlike: true }, [CC_NC, CC_SA, CC_BY]),
  entry('cdla-sharing-1.0', 'CDLA-Sharing-1.0', 'Community Data License Agreement Sharing 1.0', 'weak-copyleft',
    { ...WEAK_COPYLEFT, redistribution: 'conditional' }, [
      'Data you publish, including your changes, must be under the same agreement; results of computational use are not restricted.',
    ]),
  entry('cdla-permissive-1.0', 'CDLA-Permissive-1.0', 'Community Data License Agreement Permissive 1.0', 'permissive', PERMISSIVE, [
    'Keep the notices when you share the data; results of computational use are not restricted.',
  ]),
  entry('cdla-permissive-2.0', 'CDLA-Permissive-2.0', 'Community Data License Agreement Permissive 2.0', 'permissive', PERMISSIVE, [
    'Share a copy of the agreement with the data; results of computational use are not restricted.',
  ]),
  entry('wtfpl', 'WTFPL', 'Do What The F*ck You Want To Public License', 'permissive', { ...PERMISSIVE, attribution: false }, []),
  entry('ecl-2.0', 'ECL-2.0', 'Educational Community License v2.0', 'permissive', PERMISSIVE, APACHE_TERMS),
  entry('epl-1.0', 'EPL-1.0', 'Eclipse Public License 1.0', 'weak-copyleft', WEAK_COPYLEFT, [
    'Distributed modifications must stay under the EPL with source available; separate modules may use other terms.',
  ]),
  entry('epl-2.0', 'EPL-2.0', 'Eclipse Public License 2.0', 'weak-copyleft', WEAK_COPYLEFT, [
    'Distributed modifications must stay under the EPL with source available; separate modules may use other terms.',
  ]),
  entry('etalab-2.0', 'etalab-2.0', 'Etalab Open License 2.0', 'permissive', PERMISSIVE, [
    'Credit the source of the information and the date of its last update.',
  ]),
  entry('eupl-1.1', 'EUPL-1.1', 'European Union Public License 1.1', 'strong-copyleft', NETWORK_COPYLEFT, [
    'Derivatives distributed or made available online must be under the EUPL (or a compatible license it lists) with source available.',
  ]),
  entry('eupl-1.2', 'EUPL-1.2', 'European Union Public License 1.2', 'strong-copyleft', NETWORK_COPYLEFT, [
    'Derivatives distributed or made available online must be under the EUPL (or a compatible license it lists) with source available.',
  ]),
  entry('agpl-3.0', 'AGPL-3.0-only', 'GNU Affero General Public License v3.0', 'network-copyleft', NETWORK_COPYLEFT,
    [...GPL_TERMS, AGPL_NETWORK]),
  entry('gfdl', null, 'GNU Free Documentation License family', 'strong-copyleft', STRONG_COPYLEFT, [
    'Modified versions must be released under the GFDL.',
  ]),
  entry('gpl', null, 'GNU General Public License family (version not given)', 'strong-copyleft', STRONG_COPYLEFT, GPL_TERMS),
  entry('gpl-2.0', 'GPL-2.0-only', 'GNU General Public License v2.0', 'strong-copyleft', STRONG_COPYLEFT, GPL_TERMS),
  entry('gpl-3.0', 'GPL-3.0-only', 'GNU General Public License v3.0', 'strong-copyleft', STRONG_COPYLEFT, GPL_TERMS),
  entry('lgpl', null, 'GNU Lesser General Public License family (version not given)', 'weak-copyleft', WEAK_COPYLEFT, [
    'Changes to the licensed work must stay under the LGPL; a separate work that only uses it may use other terms.',
  ]),
  entry('lgpl-2.1', 'LGPL-2.1-only', 'GNU Lesser General Public License v2.1', 'weak-copyleft', WEAK_COPYLEFT, [
    'Changes to the licensed work must stay under the LGPL; a separate work that only uses it may use other terms.',
  ]),
  entry('lgpl-3.0', 'LGPL-3.0-only', 'GNU Lesser General Public License v3.0', 'weak-copyleft', WEAK_COPYLEFT, [
    'Changes to the licensed work must stay under the LGPL; a separate work that only uses it may use other terms.',
  ]),
  entry('isc', 'ISC', 'ISC License', 'permissive', PERMISSIVE, [NOTICE]),
  entry('h-research', null, 'H Research License', 'research-only', UNREVIEWED, []),
  entry('intel-research', null, 'Intel Research Use License Agreement', 'research-only',
    { ...UNREVIEWED, commercialUse: false, useRestrictions: true }, [
      'The license grants rights for research use only.',
    ]),
  entry('lppl-1.3c', 'LPPL-1.3c', 'LaTeX Project Public License v1.3c', 'permissive', PERMISSIVE, [
    'Modified versions must be clearly marked as changed and must not be presented as the original.',
  ]),
  entry('ms-pl', 'MS-PL', 'Microsoft Public License', 'weak-copyleft', WEAK_COPYLEFT, [
    'Source code you distribute must stay under the MS-PL; compiled forms may use a compatible license.',
  ]),
  entry('apple-ascl', null, 'Apple Sample Code License', 'permissive', PERMISSIVE, [
    'Redistributions of the unmodified software must keep Apple\'s notice and disclaimers.',
    'Apple\'s name and marks may not be used to endorse derived products.',
    'Grants no patent rights.',
  ]),
  entry('apple-amlr', null, 'Apple Machine Learning Research Model License', 'research-only', RESEARCH_ONLY, [
    'Use, modification and distribution are allowed only for non-commercial scientific research and academic development.',
    'Commercial use, including use in products or services, is not allowed.',
  ]),
  entry('mpl-2.0', 'MPL-2.0', 'Mozilla Public License 2.0', 'weak-copyleft', WEAK_COPYLEFT, [
    'Modified files must stay under the MPL and their source be made available when distributed; other files may use other terms.',
  ]),
  entry('odc-by', 'ODC-By-1.0', 'Open Data Commons Attribution License', 'permissive', PERMISSIVE, [
    'Credit the database as its license requires when you use or share it publicly.',
  ]),
  entry('odbl', 'ODbL-1.0', 'Open Database License', 'weak-copyleft', { ...WEAK_COPYLEFT }, [
    'Credit the database; adapted databases you share or use publicly must stay under the ODbL.',
    'Works produced from the database need only a notice.',
  ]),
  entry('openmdw-1.0', 'OpenMDW-1.0', 'OpenMDW License Agreement v1.0', 'permissive', PERMISSIVE, [
    'Keep a copy of the agreement and the origin notices when you distribute the model.',
    'The rights end for anyone who sues claiming the model infringes a patent.',
    'Outputs carry no restrictions.',
  ]),
  entry('osl-3.0', 'OSL-3.0', 'Open Software License 3.0', 'strong-copyleft', NETWORK_COPYLEFT, [
    'Derivative works, including ones offered over a network, must be licensed under OSL-3.0 with source available.',
  ]),
  entry('postgresql', 'PostgreSQL', 'PostgreSQL License', 'permissive', PERMISSIVE, [NOTICE]),
  entry('ofl-1.1', 'OFL-1.1', 'SIL Open Font License 1.1', 'weak-copyleft', { ...WEAK_COPYLEFT, redistribution: true }, [
    'Derived fonts must stay under the OFL and may not use the Reserved Font Names; the font may not be sold by itself.',
  ]),
  entry('ncsa', 'NCSA', 'University of Illinois/NCSA Open Source License', 'permissive', PERMISSIVE, [BSD_NOTICE, BSD_NO_ENDORSE]),
  entry('unlicense', 'Unlicense', 'The Unlicense', 'public-domain', PUBLIC_DOMAIN, []),
  entry('zlib', 'Zlib', 'zlib License', 'permissive', PERMISSIVE, [
    'Altered versions must be plainly marked and not misrepresented as the original.',
    'Keep the notice in source distributions.',
  ]),
  entry('pddl', 'PDDL-1.0', 'Open Data Commons Public Domain Dedication and License', 'public-domain', PUBLIC_DOMAIN, []),
  entry('lgpl-lr', 'LGPLLR', 'Lesser General Public License For Linguistic Resources', 'weak-copyleft', WEAK_COPYLEFT, [
    'Changes to the linguistic resource must stay under the LGPLLR.',
  ]),
  entry('deepfloyd-if-license', null, 'DeepFloyd IF Research License Agreement', 'research-only', RESEARCH_ONLY, [RESEARCH_NC],
    'https://huggingface.co/spaces/DeepFloyd/deepfloyd-if-license'),
  entry('fair-noncommercial-research-license', null, 'FAIR Noncommercial Research License', 'research-only', RESEARCH_ONLY, [
    RESEARCH_NC, 'Use must follow the FAIR Acceptable Use Policy.',
  ]),
  entry('llama2', null, 'Llama 2 Community License Agreement', 'model-community', LLAMA, [
    MAU_700M,
    'Use must follow Meta\'s Acceptable Use Policy for Llama 2.',
    'The model and its outputs may not be used to improve other large language models (Llama 2 derivatives excepted).',
    LLAMA_COPY,
  ], 'https://ai.meta.com/llama/license/'),
  entry('llama3', null, 'Meta Llama 3 Community License Agreement', 'model-community', LLAMA, [
    MAU_700M,
    'Use must follow Meta\'s Acceptable Use Policy for Llama 3.',
    'Display "Built with Meta Llama 3" on a related website, user interface, blog post, about page or product documentation when you distribute the model or a product that uses it.',
    'A model trained, fine-tuned or improved with the model and then distributed must have a name that begins with "Llama 3".',
    LLAMA_COPY,
  ], 'https://www.llama.com/llama3/license/'),
  entry('llama3.1', null, 'Llama 3.1 Community License Agreement', 'model-community', LLAMA, LLAMA_31_TERMS,
    'https://www.llama.com/llama3_1/license/'),
  entry('llama3.2', null, 'Llama 3.2 Community License Agreement', 'model-community', LLAMA, [...LLAMA_31_TERMS, LLAMA_EU_MULTIMODAL],
    'https://www.llama.com/llama3_2/license/'),
  entry('llama3.3', null, 'Llama 3.3 Community License Agreement', 'model-community', LLAMA, LLAMA_31_TERMS,
    'https://www.llama.com/llama3_3/license/'),
  entry('llama4', null, 'Llama 4 Community License Agreement', 'model-community', LLAMA, [...LLAMA_31_TERMS, LLAMA_EU_MULTIMODAL],
    'https://www.llama.com/llama4/license/'),
  entry('grok2-community', null, 'Grok 2 Community License Agreement', 'model-community', UNREVIEWED, []),
  entry('gemma', null, 'Gemma Terms of Use', 'model-community', OPEN_RAIL, [
    'Use must follow the Gemma Prohibited Use Policy.',
    'The use restrictions must be included as enforceable terms in any agreement for the model or its derivatives, and recipients must receive a copy of the terms.',
    'Distributions must include a "Notice" file stating that Gemma is provided under and subject to the Gemma Terms of Use.',
    'Models trained on Gemma outputs by distillation count as model derivatives.',
    'Google may restrict usage it believes violates the terms, remotely or otherwise.',
  ], 'https://ai.google.dev/gemma/terms'),
]);

/**
 * Custom licenses that models declare as `license: other` with a well-known `license_name`. Matched by
 * name only; the model's own `license_link` stays the authority.
 */
export const CUSTOM_LICENSES: readonly LicenseEntry[] = Object.freeze([
  entry('flux-1-dev-non-commercial-license', null, 'FLUX.1 [dev] Non-Commercial License', 'non-commercial',
    { ...CC_NON_COMMERCIAL, attribution: null, useRestrictions: null }, [
      'The model may be used only for non-commercial purposes.',
    ]),
  entry('stabilityai-ai-community', null, 'Stability AI Community License', 'model-community',
    { ...OPEN_RAIL, commercialUse: 'conditional' }, [
      'Commercial use is free only for organizations with under US$1 million in annual revenue; above that an enterprise license is needed.',
      'Use must follow Stability AI\'s Acceptable Use Policy.',
    ]),
  entry('tongyi-qianwen', null, 'Tongyi Qianwen License Agreement', 'model-community',
    { ...UNREVIEWED, commercialUse: 'conditional', redistribution: 'conditional', derivatives: 'conditional' }, [
      'Products or services with more than 100 million monthly active users need a separate license from Alibaba Cloud.',
    ]),
  entry('qwen', null, 'Qwen License Agreement', 'model-community',
    { ...UNREVIEWED, commercialUse: 'conditional', redistribution: 'conditional', derivatives: 'conditional' }, [
      'Products or services with more than 100 million monthly active users need a separate license from Alibaba Cloud.',
    ]),
  entry('qwen-research', null, 'Qwen Research License Agreement', 'research-only', RESEARCH_ONLY, [RESEARCH_NC]),
  entry('deepseek', null, 'DeepSeek License Agreement', 'open-rail', OPEN_RAIL, [RAIL_RESTRICTIONS, RAIL_PASS_ON, RAIL_NOTICES]),
]);

const BY_ID = new Map<string, LicenseEntry>(HUB_LICENSES.map((e) => [e.id, e]));
const CUSTOM_BY_ID = new Map<string, LicenseEntry>(CUSTOM_LICENSES.map((e) => [e.id, e]));
const BY_SPDX = new Map<string, LicenseEntry>(
  HUB_LICENSES.filter((e) => e.spdx !== null).map((e) => [e.spdx!.toLowerCase(), e]),
);

const ID_BY_NAME = new Map<string, string>([...HUB_LICENSES, ...CUSTOM_LICENSES].map((e) => [e.name, e.id]));

/** The catalog id of a license by its display name (for `license: other` matched through `license_name`). */
export function catalogIdByName(name: string): string | undefined {
  return ID_BY_NAME.get(name);
}

/** The catalog entry of a Hub license id (case-insensitive). */
export function hubLicense(id: string): LicenseEntry | undefined {
  return BY_ID.get(id.toLowerCase());
}

/** A known custom license by its `license_name` slug, or a Hub id used as the name. */
export function customLicense(slug: string): LicenseEntry | undefined {
  const key = slug.trim().toLowerCase();
  return CUSTOM_BY_ID.get(key) ?? BY_ID.get(key);
}

/**
 * The catalog entry of an SPDX id (case-insensitive). `-or-later` ids and deprecated `+`/bare GNU ids
 * share the entry of their version: for rights and family they are the same license.
 */
export function spdxLicense(id: string): LicenseEntry | undefined {
  const key = id.toLowerCase();
  return BY_SPDX.get(key) ?? BY_SPDX.get(key.replace(/(-or-later|\+)$/, '-only')) ?? BY_SPDX.get(`${key}-only`);
}

/**
 * Families of SPDX licenses that projects use but the Hub does not list, so project licenses can be
 * classified. Versions `-or-later` resolve through `spdxLicense` first.
 */
const EXTRA_PROJECT_FAMILIES: Readonly<Record<string, LicenseFamily>> = Object.freeze({
  '0bsd': 'permissive', 'mit-0': 'permissive', 'python-2.0': 'permissive', 'psf-2.0': 'permissive',
  'bsd-2-clause-patent': 'permissive', 'x11': 'permissive', 'upl-1.0': 'permissive', 'blueoak-1.0.0': 'permissive',
  'apache-1.0': 'permissive', 'apache-1.1': 'permissive', 'mit-cmu': 'permissive', 'bsd-1-clause': 'permissive',
  'bsd-4-clause': 'permissive', 'curl': 'permissive', 'hpnd': 'permissive', 'unicode-3.0': 'permissive',
  'mpl-1.1': 'weak-copyleft', 'mpl-1.0': 'weak-copyleft', 'cddl-1.0': 'weak-copyleft', 'cddl-1.1': 'weak-copyleft',
  'cpl-1.0': 'weak-copyleft', 'lgpl-2.0-only': 'weak-copyleft',
  'gpl-1.0-only': 'strong-copyleft', 'cecill-2.1': 'strong-copyleft', 'sspl-1.0': 'network-copyleft',
  'polyform-noncommercial-1.0.0': 'non-commercial', 'cc-by-nc-sa-1.0': 'non-commercial', 'cc-by-nc-1.0': 'non-commercial',
  'cc-by-sa-2.0': 'strong-copyleft', 'cc-by-sa-2.5': 'strong-copyleft', 'cc-by-nd-3.0': 'no-derivatives',
  'busl-1.1': 'other', 'elastic-2.0': 'other',
});

/** The family of an SPDX license id for classifying a project's license; undefined when not known. */
export function familyOfSpdxId(id: string): LicenseFamily | undefined {
  const known = spdxLicense(id);
  if (known) return known.family;
  const key = id.toLowerCase();
  return EXTRA_PROJECT_FAMILIES[key] ?? EXTRA_PROJECT_FAMILIES[key.replace(/(-or-later|\+)$/, '-only')];
}

/** True when PTM Lens has reviewed none of the license's rights. */
export function rightsUnknown(rights: LicenseRights): boolean {
  return rights.commercialUse === null && rights.redistribution === null && rights.derivatives === null;
}

/** A copy of the "all unknown" rights, for missing and unrecognized licenses. */
export function unknownRights(): LicenseRights {
  return { ...UNREVIEWED };
}

/**
 * Rank of a family from most to least permissive, for picking the alternative of a dual license that
 * a user would choose and for describing a list by its best option.
 */
export const FAMILY_RANK: Readonly<Record<LicenseFamily, number>> = Object.freeze({
  'public-domain': 10, permissive: 9, 'weak-copyleft': 7, 'open-rail': 6, 'model-community': 5,
  'strong-copyleft': 5, 'network-copyleft': 4, 'no-derivatives': 3, 'non-commercial': 2, 'research-only': 1,
  other: 0, unknown: -1,
});

/**
 * Licenses a ShareAlike/copyleft license lets derivatives move to (one-way compatibility published by
 * the license stewards): CC BY-SA 4.0 → GPLv3 (Creative Commons, 2015); CC BY-SA 3.0 → 4.0 and CC BY-NC-SA
 * to later versions (the "later version" clauses); EUPL-1.2 → its appendix of compatible licenses.
 */
export const SHARE_ALIKE_TARGETS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'CC-BY-SA-3.0': ['CC-BY-SA-3.0', 'CC-BY-SA-4.0'],
  'CC-BY-SA-4.0': ['CC-BY-SA-4.0', 'GPL-3.0-only', 'GPL-3.0-or-later'],
  'CC-BY-NC-SA-2.0': ['CC-BY-NC-SA-2.0', 'CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0'],
  'CC-BY-NC-SA-3.0': ['CC-BY-NC-SA-3.0', 'CC-BY-NC-SA-4.0'],
  'EUPL-1.2': [
    'EUPL-1.2', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later', 'AGPL-3.0-only',
    'AGPL-3.0-or-later', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0-only', 'LGPL-3.0-or-later', 'MPL-2.0',
    'EPL-1.0', 'OSL-2.1', 'OSL-3.0', 'CECILL-2.0', 'CECILL-2.1', 'CC-BY-SA-3.0',
  ],
});

/**
 * Vendor groups of named model licenses: a derivative may move between versions of one vendor's
 * license family (a Llama 3 fine-tune published as `llama3.1`), not to another vendor's terms.
 */
export function namedLicenseGroup(id: string | null): string | null {
  if (id === null) return null;
  if (id.startsWith('llama')) return 'llama';
  if (id === 'gemma') return 'gemma';
  if (id === 'qwen' || id === 'tongyi-qianwen' || id === 'qwen-research') return 'qwen';
  if (id.includes('openrail') || id.includes('rail-') || id === 'deepseek') return 'openrail';
  return id;
}
