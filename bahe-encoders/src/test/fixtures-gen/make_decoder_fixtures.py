#!/usr/bin/env python3
"""Generates tiny random LLaMA and Qwen2 checkpoints plus reference hidden states, once.

Independent reference for bahe-encoders' DJL decoder: a plain numpy (float64) implementation of the Hugging Face
LlamaModel / Qwen2Model forward pass (RMSNorm, rotate-half rotary embeddings, grouped-query attention with a
causal and key-padding mask, SwiGLU MLP, final norm). Weights are stored as BF16 (llama) and F16 (qwen2) in
safetensors files written by hand; the reference uses exactly the stored (rounded) values.

Run from this directory:  python3 make_decoder_fixtures.py ../resources/decoder-fixtures
Needs only numpy. Output: <out>/{llama,qwen2}/{config.json, tokenizer.json, *.safetensors, expected.json}
"""
import json
import os
import struct
import sys

import numpy as np

WORDS = ("bought searched clicked watched liked a an the red blue green wireless earbuds coffee tea latte "
         "matcha near me movie star wars toy story comedy drama action book shoes phone cart city bike "
         "rental pizza pasta music jazz rock").split()
SPECIAL = ["<pad>", "<s>", "</s>", "<unk>"]
VOCAB = SPECIAL + WORDS
TEXTS = ["bought wireless earbuds",
         "searched matcha latte near me",
         "watched star wars",
         "liked a red phone and blue shoes in the city",  # 'and', 'in' are unknown -> <unk>
         "jazz"]


def tokenizer_json():
    vocab = {w: i for i, w in enumerate(VOCAB)}
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, t in enumerate(SPECIAL)]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}}],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "<unk>"},
    }


def tokenize(text):
    vocab = {w: i for i, w in enumerate(VOCAB)}
    return [1] + [vocab.get(w, 3) for w in text.lower().split()]


def to_bf16_bits(x):
    """float32 -> bfloat16 bit patterns, round to nearest even."""
    b = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (b + 0x7FFF + ((b >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def from_bf16_bits(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors):
    """tensors: name -> (dtype string, uint8 bytes, shape)."""
    header = {}
    offset = 0
    blobs = []
    for name, (dtype, data, shape) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def rms_norm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rope(x, pos, theta):
    dh = x.shape[-1]
    inv = 1.0 / (theta ** (np.arange(0, dh, 2, dtype=np.float64) / dh))
    freqs = pos[:, :, None].astype(np.float64) * inv[None, None, :]
    emb = np.concatenate([freqs, freqs], axis=-1)  # [B, S, dh]
    cos, sin = np.cos(emb)[:, None], np.sin(emb)[:, None]
    x1, x2 = x[..., :dh // 2], x[..., dh // 2:]
    rot = np.concatenate([-x2, x1], axis=-1)
    return x * cos + rot * sin


def forward(w, cfg, ids, mask, upto_layer=None, final_norm=True):
    L, d, h, kvh = cfg["num_hidden_layers"], cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    dh = d // h
    eps, theta = cfg["rms_norm_eps"], cfg["rope_theta"]
    B, S = ids.shape
    pos = np.tile(np.arange(S), (B, 1))
    x = w["model.embed_tokens.weight"][ids]
    allowed = np.tril(np.ones((S, S), dtype=bool))[None] & (mask[:, None, :] > 0)  # [B, S(q), S(k)]
    for i in range(L if upto_layer is None else upto_layer):
        p = f"model.layers.{i}."
        hn = rms_norm(x, w[p + "input_layernorm.weight"], eps)

        def proj(name):
            y = hn @ w[p + f"self_attn.{name}.weight"].T
            if p + f"self_attn.{name}.bias" in w:
                y = y + w[p + f"self_attn.{name}.bias"]
            return y
        q = proj("q_proj").reshape(B, S, h, dh).transpose(0, 2, 1, 3)
        k = proj("k_proj").reshape(B, S, kvh, dh).transpose(0, 2, 1, 3)
        v = proj("v_proj").reshape(B, S, kvh, dh).transpose(0, 2, 1, 3)
        q, k = rope(q, pos, theta), rope(k, pos, theta)
        k = np.repeat(k, h // kvh, axis=1)
        v = np.repeat(v, h // kvh, axis=1)
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)
        scores = np.where(allowed[:, None], scores, -1e30)
        scores = scores - scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(B, S, d)
        x = x + ctx @ w[p + "self_attn.o_proj.weight"].T
        hn = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = hn @ w[p + "mlp.gate_proj.weight"].T
        up = hn @ w[p + "mlp.up_proj.weight"].T
        x = x + ((gate / (1 + np.exp(-gate))) * up) @ w[p + "mlp.down_proj.weight"].T
    if final_norm:
        x = rms_norm(x, w["model.norm.weight"], eps)
    return x


def make(out, arch, cfg, dtype, seed, files, bias):
    rng = np.random.default_rng(seed)
    L, d, h, kvh, f = (cfg["num_hidden_layers"], cfg["hidden_size"], cfg["num_attention_heads"],
                       cfg["num_key_value_heads"], cfg["intermediate_size"])
    dh = d // h
    shapes = {"model.embed_tokens.weight": (len(VOCAB), d), "model.norm.weight": (d,)}
    for i in range(L):
        p = f"model.layers.{i}."
        shapes.update({p + "input_layernorm.weight": (d,), p + "post_attention_layernorm.weight": (d,),
                       p + "self_attn.q_proj.weight": (h * dh, d), p + "self_attn.k_proj.weight": (kvh * dh, d),
                       p + "self_attn.v_proj.weight": (kvh * dh, d), p + "self_attn.o_proj.weight": (d, h * dh),
                       p + "mlp.gate_proj.weight": (f, d), p + "mlp.up_proj.weight": (f, d),
                       p + "mlp.down_proj.weight": (d, f)})
        if bias:
            shapes.update({p + "self_attn.q_proj.bias": (h * dh,), p + "self_attn.k_proj.bias": (kvh * dh,),
                           p + "self_attn.v_proj.bias": (kvh * dh,)})
    weights, stored = {}, {}
    for name, shape in shapes.items():
        if name.endswith("norm.weight"):
            v = 1.0 + 0.1 * rng.standard_normal(shape)
        else:
            v = 0.2 * rng.standard_normal(shape)
        v = v.astype(np.float32)
        if dtype == "BF16":
            bits = to_bf16_bits(v)
            weights[name] = from_bf16_bits(bits).astype(np.float64)
            stored[name] = ("BF16", bits.astype("<u2").tobytes(), shape)
        elif dtype == "F16":
            half = v.astype("<f2")
            weights[name] = half.astype(np.float64)
            stored[name] = ("F16", half.tobytes(), shape)
        else:
            weights[name] = v.astype(np.float64)
            stored[name] = ("F32", v.astype("<f4").tobytes(), shape)
    d_out = os.path.join(out, arch)
    os.makedirs(d_out, exist_ok=True)
    names = list(stored)
    per = (len(names) + files - 1) // files
    for j in range(files):
        part = {n: stored[n] for n in names[j * per:(j + 1) * per]}
        fname = "model.safetensors" if files == 1 else f"model-{j + 1:05d}-of-{files:05d}.safetensors"
        write_safetensors(os.path.join(d_out, fname), part)
    with open(os.path.join(d_out, "config.json"), "w") as fh:
        json.dump(cfg, fh, indent=2)
    with open(os.path.join(d_out, "tokenizer.json"), "w") as fh:
        json.dump(tokenizer_json(), fh, indent=1)
    rows = [tokenize(t) for t in TEXTS]
    S = max(len(r) for r in rows)
    ids = np.zeros((len(rows), S), dtype=np.int64)
    mask = np.zeros((len(rows), S), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = r
        mask[i, :len(r)] = 1
    full = forward(weights, cfg, ids, mask)
    lower1 = forward(weights, cfg, ids, mask, upto_layer=1, final_norm=False)
    expected = {"texts": TEXTS, "ids": ids.tolist(), "mask": mask.tolist(), "split": 1,
                "hidden": np.round(full.astype(np.float32), 7).flatten().tolist(),
                "lowerHidden": np.round(lower1.astype(np.float32), 7).flatten().tolist(),
                "shape": [len(rows), S, d]}
    with open(os.path.join(d_out, "expected.json"), "w") as fh:
        json.dump(expected, fh)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "../resources/decoder-fixtures"
    llama = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 32,
             "intermediate_size": 64, "num_hidden_layers": 3, "num_attention_heads": 4, "num_key_value_heads": 2,
             "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "max_position_embeddings": 128,
             "vocab_size": len(VOCAB), "torch_dtype": "bfloat16", "attention_bias": False, "rope_scaling": None}
    qwen2 = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 32,
             "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1,
             "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "max_position_embeddings": 256,
             "vocab_size": len(VOCAB), "torch_dtype": "float16", "tie_word_embeddings": True}
    make(out, "llama", llama, "BF16", 1234, files=2, bias=False)
    make(out, "qwen2", qwen2, "F16", 4321, files=1, bias=True)


if __name__ == "__main__":
    main()
