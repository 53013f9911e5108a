"""Fixture for the end-to-end tests: one Hugging Face model loaded with transformers."""
from transformers import AutoModel

model = AutoModel.from_pretrained("google-bert/bert-base-uncased")
