import assert from 'node:assert/strict';
import { assessModel } from '../../src/core/assess/assess.js';
import { meaningfulLength, parseModelCard } from '../../src/core/assess/modelCard.js';
import type { ModelReference } from '../../src/core/detect/types.js';

describe('Model card parser', () => {
  it('reads front matter and finds filled sections, subsections included', () => {
    const card = parseModelCard([
      '---',
      'license: apache-2.0',
      'datasets: [imdb]',
      '---',
      'A sentiment classifier fine-tuned from BERT on movie reviews, for English text.',
      '## Intended uses & limitations',
      '### Limitations',
      'It was trained on movie reviews only and does poorly on tweets, legal text and sarcasm.',
      '## Training procedure',
      '### Training hyperparameters',
      '- learning_rate: 2e-05, train_batch_size: 16, num_epochs: 3, optimizer: Adam with betas=(0.9,0.999)',
      '```',
      '# not a heading',
      '```',
      '## Citation',
      '@article{x, title={y}}',
    ].join('\n'));
    assert.equal(card.frontMatter?.license, 'apache-2.0');
    assert.equal(card.sections.description.filled, true);
    assert.equal(card.sections.limitations.filled, true);
    assert.equal(card.sections['intended-uses'].filled, true);
    assert.equal(card.sections.training.filled, true);
    assert.equal(card.sections.citation.filled, true);
    assert.equal(card.sections.evaluation.present, false);
  });

  it('does not count template placeholders and sentences as content', () => {
    const card = parseModelCard([
      '# Model Card',
      '## Model Details',
      'This is the model card of a 🤗 transformers model that has been pushed on the Hub. This model card has been automatically generated.',
      '- **Developed by:** [More Information Needed]',
      '- **Funded by [optional]:** [More Information Needed]',
      '## Environmental Impact',
      'Carbon emissions can be estimated using the [Machine Learning Impact calculator](https://mlco2.github.io/impact#compute) presented in [Lacoste et al. (2019)](https://arxiv.org/abs/1910.09700).',
      '<!-- comment that is long enough to count if it were not a comment -->',
    ].join('\n'));
    assert.equal(card.sections.description.filled, false);
    assert.equal(card.sections['environmental-impact'].filled, false);
    assert.equal(card.placeholderCount, 2);
    assert.deepEqual(card.links, []);
    assert.equal(meaningfulLength('[More Information Needed]\n\n'), 0);
  });

  it('survives broken front matter and hostile text', () => {
    const card = parseModelCard('---\nlicense: [unclosed\n---\n<script>alert(1)</script>\n# Usage\n');
    assert.equal(card.frontMatter, undefined);
    assert.equal(card.sections['getting-started'].present, true);
  });

  it('names the placeholders left in a template card as low-documentation evidence', () => {
    const ref: ModelReference = {
      modelId: 'someone/template', resolvedVia: 'literal', kind: 'model', call: 'AutoModel.from_pretrained',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 17 } },
      revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python',
    };
    const card = (n: number): string => `# Model Card\n\n## Model Details\n\n${'- **Developed by:** [More Information Needed]\n'.repeat(n)}`;
    const assess = (readme: string) =>
      assessModel('someone/template', null, {
        state: 'ok',
        facts: { requestedId: 'someone/template', canonicalId: 'someone/template', requestedRevision: null, sha: 'a'.repeat(40), readme, tags: [], files: ['model.safetensors'], unavailable: [], source: 'hub' },
      }, [], [ref], { projectLicense: null, now: Date.parse('2026-11-26T00:00:00Z') });
    const low = assess(card(3)).findings.find((f) => f.rule === 'low-documentation');
    assert.ok(low, 'a template card is poorly documented');
    assert.ok(low.evidence.includes('3 "[More Information Needed]" placeholders left in the card'), low.evidence.join(' | '));
    const none = assess(card(0)).findings.find((f) => f.rule === 'low-documentation');
    assert.ok(none);
    assert.deepEqual(none.evidence, ['model card and metadata'], 'no placeholder line when there are none');
  });
});
