"""Fine-tunes a classifier: the kind of script PTM Lens reads."""
import argparse
import os

from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer, pipeline

BASE_MODEL = "meta-llama/Llama-2-7b-hf"


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", default="google-bert/bert-base-uncased")
    parser.add_argument("--output_dir", default="./outputs")
    return parser.parse_args()


def main():
    args = parse_args()
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    model = AutoModelForSequenceClassification.from_pretrained(
        args.model_name_or_path,
        num_labels=2,
        revision="86b5e0934494bd15c9632b12f734a8a67f723594",
    )
    base = AutoModelForCausalLM.from_pretrained(BASE_MODEL, trust_remote_code=True)
    chat = PeftModel.from_pretrained(base, "tloen/alpaca-lora-7b")
    judge = pipeline("text-classification", model=os.environ.get("JUDGE_MODEL", "distilbert-base-uncased"))
    model.save_pretrained(args.output_dir)
    return tokenizer, model, chat, judge


if __name__ == "__main__":
    main()
