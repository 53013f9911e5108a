from huggingface_hub import hf_hub_download
from sentence_transformers import SentenceTransformer
import timm

encoder = SentenceTransformer("all-MiniLM-L6-v2")
backbone = timm.create_model("hf-hub:timm/resnet50.a1_in1k", pretrained=True)
weights = hf_hub_download(repo_id="microsoft/resnet-50", filename="pytorch_model.bin", revision="main")
local = SentenceTransformer("./checkpoints/my-encoder")  # a local folder, not a Hub model
