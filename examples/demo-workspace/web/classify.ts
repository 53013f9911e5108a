import { pipeline } from '@huggingface/transformers';

const MODEL = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';

export async function classify(text: string) {
  const classifier = await pipeline('sentiment-analysis', MODEL, { revision: 'main' });
  return classifier(text);
}
