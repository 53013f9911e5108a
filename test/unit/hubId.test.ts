/**
 * Table tests for the Hub id helpers, written from the Hub's naming rules (huggingface_hub
 * `validate_repo_id`), REFERENCE.md §1.4/§4/§5 and the product specification, not from the implementation.
 */
import assert from 'node:assert/strict';
import {
  isLegacyModelId,
  isNamespacedHubId,
  isPinnedRevision,
  legacyCanonicalId,
  looksLikeLocalPath,
  parseHfHubPrefixed,
} from '../../src/core/detect/hubId.js';

const name96 = 'a'.repeat(96);
const name97 = 'a'.repeat(97);

describe('hubId', () => {
  describe('isNamespacedHubId', () => {
    const valid: string[] = [
      'meta-llama/Llama-2-7b-hf',
      'google-bert/bert-base-uncased',
      'openai/whisper-large-v3',
      'sentence-transformers/all-MiniLM-L6-v2',
      'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
      'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k',
      'laion/CLIP-ViT-H-14-laion2B-s32B-b79K',
      'microsoft/phi-1_5',
      'Qwen/Qwen2-0.5B-Instruct',
      'stabilityai/stable-diffusion-xl-base-1.0',
      'a/b',
      '_org/_name_',
      `org/${name96}`,
    ];
    const invalid: string[] = [
      '',
      'gpt2', // no namespace
      'bert-base-uncased',
      'org/', // empty name
      '/name',
      'org/name/extra', // three segments
      'org--x/name', // `--` is forbidden
      'org/na--me',
      'org/na..me', // `..` is forbidden
      'org/has space',
      'org/naïve', // non-ASCII
      'org/name@main', // `@` is not allowed
      'org/name:tag',
      `org/${name97}`, // name longer than 96
      'org/name.git', // `.git` suffix
      'org/-name', // must start with a letter, digit or `_`
      'org/name-', // must end with a letter, digit or `_`
      'org/.hidden',
      'hf-hub:org/name', // the prefix is not part of the id
      './org/name',
      'C:\\org\\name',
    ];
    for (const id of valid) it(`accepts ${JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id)}`, () => assert.equal(isNamespacedHubId(id), true));
    for (const id of invalid) it(`rejects ${JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id)}`, () => assert.equal(isNamespacedHubId(id), false));
  });

  describe('isLegacyModelId / legacyCanonicalId', () => {
    // Documented redirects (REFERENCE.md §1.4, huggingface/transformers PR #28795).
    const canonical: [string, string][] = [
      ['bert-base-uncased', 'google-bert/bert-base-uncased'],
      ['gpt2', 'openai-community/gpt2'],
      ['roberta-base', 'FacebookAI/roberta-base'],
      ['t5-small', 'google-t5/t5-small'],
      ['distilbert-base-uncased', 'distilbert/distilbert-base-uncased'],
    ];
    for (const [legacy, target] of canonical) {
      it(`${legacy} is legacy and redirects to ${target}`, () => {
        assert.equal(isLegacyModelId(legacy), true);
        assert.equal(legacyCanonicalId(legacy), target);
      });
    }
    const alsoLegacy = ['bert-base-cased', 'bert-large-uncased', 'gpt2-medium', 'distilgpt2', 'xlm-roberta-base', 't5-base', 'roberta-large', 'albert-base-v2', 'xlnet-base-cased'];
    for (const id of alsoLegacy) it(`${id} is legacy`, () => assert.equal(isLegacyModelId(id), true));

    const notLegacy = ['my-finetuned-model', 'model', 'checkpoint-500', 'all-MiniLM-L6-v2', 'resnet50', 'llama-2-7b', 'google-bert/bert-base-uncased', 'outputs', ''];
    for (const id of notLegacy) {
      it(`${JSON.stringify(id)} is not legacy`, () => {
        assert.equal(isLegacyModelId(id), false);
        assert.equal(legacyCanonicalId(id), undefined);
      });
    }
  });

  describe('looksLikeLocalPath', () => {
    const local = [
      './my-model',
      '../models/tokenizer',
      '.',
      '..',
      '/mnt/models/llama-2-7b-hf',
      '/abs',
      '~/models/mistral',
      '~',
      'C:\\Users\\me\\models\\bert',
      'C:/models/bert',
      'D:\\checkpoints\\roberta',
      'models\\bert', // a backslash is never in a Hub id
      'results/run1/checkpoint-500', // more than one separator
      'outputs/checkpoint-500',
      './results/checkpoint-500',
      'model.safetensors',
      'pytorch_model.bin',
      's3://bucket/models/bert',
      'file:///tmp/model',
    ];
    const notLocal = ['meta-llama/Llama-2-7b-hf', 'gpt2', 'bert-base-uncased', 'openai/whisper-small', 'timm/resnet50.a1_in1k', 'BAAI/bge-small-en-v1.5'];
    for (const v of local) it(`${JSON.stringify(v)} is a local path`, () => assert.equal(looksLikeLocalPath(v), true));
    for (const v of notLocal) it(`${JSON.stringify(v)} is not a local path`, () => assert.equal(looksLikeLocalPath(v), false));
  });

  describe('parseHfHubPrefixed', () => {
    it('parses hf-hub: ids', () => {
      assert.deepEqual(parseHfHubPrefixed('hf-hub:timm/vit_base_patch16_224.augreg2_in21k_ft_in1k'), {
        id: 'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k',
        revision: null,
        offset: 7,
      });
    });
    it('parses the legacy hf_hub: prefix', () => {
      assert.deepEqual(parseHfHubPrefixed('hf_hub:timm/resnet50.a1_in1k'), { id: 'timm/resnet50.a1_in1k', revision: null, offset: 7 });
    });
    it('takes @rev as the revision', () => {
      assert.deepEqual(parseHfHubPrefixed('hf-hub:timm/convnext_tiny.fb_in22k@5c2a1d0'), { id: 'timm/convnext_tiny.fb_in22k', revision: '5c2a1d0', offset: 7 });
      assert.deepEqual(parseHfHubPrefixed('hf-hub:laion/CLIP-ViT-H-14-laion2B-s32B-b79K@main'), { id: 'laion/CLIP-ViT-H-14-laion2B-s32B-b79K', revision: 'main', offset: 7 });
    });
    for (const v of ['resnet50', 'timm/resnet50.a1_in1k', 'ViT-B-32', 'hf-hubtimm/x', 'hub:org/x', '', 'prefix hf-hub:org/x']) {
      it(`returns undefined for ${JSON.stringify(v)}`, () => assert.equal(parseHfHubPrefixed(v), undefined));
    }
  });

  describe('isPinnedRevision (Bandit B615: hex of at least 7 characters)', () => {
    const pinned = ['5c2a1d0', 'abcdef1', 'ABCDEF1', '01c7f73d', 'a03db6748c80237063eb0546ac6b627eca2318cb'];
    const unpinned: (string | null | undefined)[] = ['main', 'v1.0.0', 'refs/pr/1', 'abc123', 'abcdefg', '', null, undefined, 'fp16', '1.0'];
    for (const r of pinned) it(`${r} is pinned`, () => assert.equal(isPinnedRevision(r), true));
    for (const r of unpinned) it(`${JSON.stringify(r)} is not pinned`, () => assert.equal(isPinnedRevision(r), false));
  });
});
