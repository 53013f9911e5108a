import assert from 'node:assert/strict';
import { refs, rows } from './support.js';

describe('Python detection', () => {
  it('finds from_pretrained on any class and classifies the kind', async () => {
    const src = [
      'from transformers import AutoModel, AutoTokenizer, AutoConfig, AutoImageProcessor',
      'a = AutoModel.from_pretrained("org/model")',
      'b = AutoTokenizer.from_pretrained("org/tok")',
      'c = AutoConfig.from_pretrained("org/cfg")',
      'd = AutoImageProcessor.from_pretrained("org/proc")',
      'e = transformers.BertForMaskedLM.from_pretrained("org/bert")',
      'f = StableDiffusionPipeline.from_pretrained("runwayml/stable-diffusion-v1-5", use_safetensors=True)',
    ].join('\n');
    assert.deepEqual(await rows(src), [
      '2:32 org/model literal model',
      '3:36 org/tok literal tokenizer',
      '4:33 org/cfg literal config',
      '5:41 org/proc literal processor',
      '6:51 org/bert literal model',
      '7:46 runwayml/stable-diffusion-v1-5 literal model',
    ]);
    const [, , , , e, f] = await refs(src);
    assert.equal(e!.call, 'transformers.BertForMaskedLM.from_pretrained');
    assert.equal(f!.useSafetensors, true);
  });

  it('underlines exactly the id inside the quotes', async () => {
    const [r] = await refs('m = AutoModel.from_pretrained(\n    r"org/name",\n)\n');
    assert.deepEqual(r!.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 14 } });
  });

  it('captures revision, trust_remote_code, use_safetensors, subfolder and local_files_only', async () => {
    const [r] = await refs(
      'REV = "0123abcd"\nm = AutoModel.from_pretrained("org/x", revision=REV, trust_remote_code=True, use_safetensors=False, subfolder="unet", local_files_only=False)',
    );
    assert.equal(r!.revision, '0123abcd');
    assert.equal(r!.trustRemoteCode, true);
    assert.equal(r!.useSafetensors, false);
    assert.equal(r!.subfolder, 'unet');
    assert.equal(r!.localFilesOnly, false);
  });

  it('leaves flags null when they are absent or not static', async () => {
    const [r] = await refs('m = AutoModel.from_pretrained("org/x", trust_remote_code=args.trc, revision=f"{v}")');
    assert.equal(r!.trustRemoteCode, null);
    assert.equal(r!.revision, null);
    assert.equal(r!.useSafetensors, null);
  });

  it('takes the PEFT adapter from the second argument, and AutoPeftModel from the first', async () => {
    assert.deepEqual(
      await rows('m = PeftModel.from_pretrained(base, "tloen/alpaca-lora-7b")\nn = AutoPeftModelForCausalLM.from_pretrained("org/adapter")\no = PeftModel.from_pretrained(base, model_id="org/kw")'),
      ['1:38 tloen/alpaca-lora-7b literal adapter', '2:47 org/adapter literal adapter', '3:47 org/kw literal adapter'],
    );
  });

  it('reads pipeline models positionally and by keyword, and skips loaded objects', async () => {
    const src = [
      'p1 = pipeline("text-generation", "org/a")',
      'p2 = pipeline(model="org/b", task="fill-mask")',
      'model = AutoModel.from_pretrained("org/c")',
      'p3 = pipeline("text-classification", model=model, tokenizer="org/tok")',
      'p4 = pipeline("sentiment-analysis")',
    ].join('\n');
    assert.deepEqual(await rows(src), [
      '1:35 org/a literal pipeline',
      '2:22 org/b literal pipeline',
      '3:36 org/c literal model',
      '4:62 org/tok literal tokenizer',
    ]);
  });

  it('resolves constants in the module and in the enclosing function, nearest binding first', async () => {
    const src = [
      'MODEL = "org/module"',
      'def f():',
      '    MODEL = "org/local"',
      '    return AutoModel.from_pretrained(MODEL)',
      'def g():',
      '    return AutoModel.from_pretrained(MODEL)',
      'A = B = "org/chained"',
      'x, y = "org/tuple-x", "org/tuple-y"',
      'AutoModel.from_pretrained(B)',
      'AutoModel.from_pretrained(y)',
    ].join('\n');
    assert.deepEqual(await rows(src), [
      '4:38 org/local constant model',
      '6:38 org/module constant model',
      '9:27 org/chained constant model',
      '10:27 org/tuple-y constant model',
    ]);
    const [first] = await refs(src);
    assert.deepEqual(first!.valueRange, { start: { line: 2, character: 13 }, end: { line: 2, character: 22 } });
  });

  it('resolves environment, argparse and parameter defaults as "default"', async () => {
    const src = [
      'import os, argparse',
      'p = argparse.ArgumentParser()',
      'p.add_argument("--model-name", type=str, default="org/argparse")',
      'p.add_argument("--tok", dest="tokenizer_id", default="org/dest")',
      'args = p.parse_args()',
      'AutoModel.from_pretrained(args.model_name)',
      'AutoTokenizer.from_pretrained(args.tokenizer_id)',
      'AutoModel.from_pretrained(os.environ.get("M", "org/env"))',
      'NAME = os.getenv("M", default="org/getenv")',
      'AutoModel.from_pretrained(NAME)',
      'def load(name="org/param"):',
      '    return AutoModel.from_pretrained(name)',
    ].join('\n');
    assert.deepEqual(await rows(src), [
      '6:27 org/argparse default model',
      '7:31 org/dest default tokenizer',
      '8:27 org/env default model',
      '10:27 org/getenv default model',
      '12:38 org/param default model',
    ]);
  });

  it('reports anything else as dynamic with a null id', async () => {
    const src = [
      'AutoModel.from_pretrained(f"{org}/model")',
      'AutoModel.from_pretrained("org/" + name)',
      'AutoModel.from_pretrained(cfg.model_name)',
      'AutoModel.from_pretrained(self.model_name)',
      'def load(name):',
      '    return AutoModel.from_pretrained(name)',
      'for m in models:',
      '    AutoModel.from_pretrained(m)',
      'AutoModel.from_pretrained(os.environ["MODEL"])',
    ].join('\n');
    const got = await rows(src);
    assert.equal(got.length, 7);
    assert.ok(got.every((r) => r.includes('<dynamic> dynamic')), got.join('\n'));
  });

  it('ignores comments, docstrings, plain strings, local paths and non-model calls', async () => {
    const src = [
      '# AutoModel.from_pretrained("org/comment")',
      'def f():',
      '    """Example: AutoModel.from_pretrained("org/docstring")"""',
      'text = "org/not-a-call"',
      'AutoModel.from_pretrained("./checkpoints/best")',
      'AutoModel.from_pretrained("/models/bert")',
      'AutoModel.from_pretrained("~/models/bert")',
      'AutoModel.from_pretrained("C:\\\\models\\\\bert")',
      'AutoModel.from_pretrained("outputs/checkpoint-500")',
      'AutoModel.from_pretrained("my_local_dir")',
      'AutoModel.from_pretrained(os.path.join(root, "model"))',
      'AutoModel.from_pretrained(Path("x") / "y")',
      'AutoModel.from_pretrained(None)',
      'evaluate.load("org/metric")',
      'load_dataset("org/dataset")',
      'hf_hub_download(repo_id="org/ds", filename="a", repo_type="dataset")',
      'snapshot_download("org/space", repo_type="space")',
      'completion(model="anthropic/claude-3-5-sonnet")',
      'client.chat.completions.create(model="meta-llama/Llama-3-70b")',
      'model.push_to_hub(repo_id="me/my-model")',
      'AutoModel.from_pretrained("org--bad/name")',
    ].join('\n');
    assert.deepEqual(await rows(src), []);
  });

  it('accepts legacy one-segment ids only inside loaders, and expands sentence-transformers names', async () => {
    const src = [
      'AutoModel.from_pretrained("bert-base-uncased")',
      'AutoTokenizer.from_pretrained("gpt2")',
      'SentenceTransformer("all-MiniLM-L6-v2")',
      'SentenceTransformer("sentence-transformers/all-mpnet-base-v2")',
      'CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")',
      'foo(model="gpt2")',
      'foo(model_id="org/generic")',
    ].join('\n');
    assert.deepEqual(await rows(src), [
      '1:28 bert-base-uncased literal model',
      '2:32 gpt2 literal tokenizer',
      '3:22 sentence-transformers/all-MiniLM-L6-v2 literal model',
      '4:22 sentence-transformers/all-mpnet-base-v2 literal model',
      '5:15 cross-encoder/ms-marco-MiniLM-L-6-v2 literal model',
      '7:15 org/generic literal model',
    ]);
  });

  it('finds Hub downloads, timm/open_clip hf-hub names, inference clients and LangChain classes', async () => {
    const src = [
      'hf_hub_download("org/dl", "config.json")',
      'hf_hub_download(repo_id="org/dl2", filename="model.safetensors", revision="abcdef1")',
      'snapshot_download(repo_id="org/snap")',
      'timm.create_model("hf-hub:timm/vit_base_patch16_224.augreg_in21k@0123abc", pretrained=True)',
      'timm.create_model("hf_hub:timm/resnet50.a1_in1k")',
      'open_clip.create_model_and_transforms("hf-hub:laion/CLIP-ViT-g-14-laion2B-s12B-b42K")',
      'InferenceClient(model="org/infer")',
      'HuggingFaceEndpoint(repo_id="org/endpoint", task="text-generation")',
      'HuggingFacePipeline.from_model_id(model_id="org/lc-pipe", task="text-generation")',
    ].join('\n');
    const got = await refs(src);
    assert.deepEqual(got.map((r) => `${r.modelId} ${r.kind} ${r.revision}`), [
      'org/dl download null',
      'org/dl2 download abcdef1',
      'org/snap download null',
      'timm/vit_base_patch16_224.augreg_in21k model 0123abc',
      'timm/resnet50.a1_in1k model null',
      'laion/CLIP-ViT-g-14-laion2B-s12B-b42K model null',
      'org/infer model null',
      'org/endpoint model null',
      'org/lc-pipe model null',
    ]);
    // The hf-hub: prefix and @revision are not part of the underlined id.
    assert.deepEqual(got[3]!.range, { start: { line: 3, character: 26 }, end: { line: 3, character: 64 } });
  });

  it('still finds references in the valid parts of a file with syntax errors', async () => {
    const src = 'a = AutoModel.from_pretrained("org/before")\ndef broken(:\n    pass\nb = AutoModel.from_pretrained("org/after")\n';
    const d = await (await import('./support.js')).getDetector();
    const result = d.detect(src, 'broken.py');
    assert.deepEqual(result.references.map((r) => r.modelId), ['org/before', 'org/after']);
    assert.equal(result.notices[0]?.kind, 'parse-error');
  });

  it('copes with empty, whitespace-only and very large files', async () => {
    assert.deepEqual(await rows(''), []);
    assert.deepEqual(await rows('\n\n   \n'), []);
    const big = `${'x = 1\n'.repeat(200_000)}m = AutoModel.from_pretrained("org/at-the-end")\n`;
    assert.deepEqual(await rows(big), ['200001:32 org/at-the-end literal model']);
  });

  it('counts columns in UTF-16 code units, like the editor', async () => {
    assert.deepEqual(await rows('s = "héllo😀"; m = AutoModel.from_pretrained("org/x")'), ['1:47 org/x literal model']);
  });
});

describe('Python detection: loops, branches and keyword variants', () => {
  it('reports each id of a literal list a loop iterates, where it is written', async () => {
    const src = [
      'models = [',
      "    (StableDiffusionPipeline, 'Lykon/dreamshaper-8'),",
      '    (ControlNetModel, "lllyasviel/control_v11p_sd15_canny"),',
      ']',
      'for cls, name in models:',
      '    cls.from_pretrained(name)',
      'for n in ["org/a", "org/b"]:',
      '    AutoModel.from_pretrained(n)',
      'for x in get_models():',
      '    AutoModel.from_pretrained(x)',
    ].join('\n');
    assert.deepEqual(await rows(src), [
      '2:32 Lykon/dreamshaper-8 constant model',
      '3:24 lllyasviel/control_v11p_sd15_canny constant model',
      '7:12 org/a constant model',
      '7:21 org/b constant model',
      '10:31 <dynamic> dynamic model',
    ]);
  });

  it('treats a string that a branch may override as the default, and reports both branches of an if/else', async () => {
    const src = [
      'm = "openai/clip-vit-base-patch32"',
      'if os.environ.get("CLIP"):',
      '    m = os.environ["CLIP"]',
      'CLIPScore(model_name_or_path=m)',
      'if small:',
      '    k = "org/small"',
      'else:',
      '    k = "org/large"',
      'AutoModel.from_pretrained(k)',
    ].join('\n');
    assert.deepEqual(await rows(src), [
      '4:30 openai/clip-vit-base-patch32 default model',
      '6:10 org/small constant model',
      '8:10 org/large constant model',
    ]);
  });

  it('accepts model_name= in from_pretrained (unsloth)', async () => {
    assert.deepEqual(await rows('m, t = FastLanguageModel.from_pretrained(model_name="unsloth/llama-3-8b-bnb-4bit", max_seq_length=2048)'), [
      '1:54 unsloth/llama-3-8b-bnb-4bit literal model',
    ]);
  });
});
