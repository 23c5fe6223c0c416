"""A tiny randomly initialised CLAP model, saved with ``save_pretrained`` the way a real one is shipped,
plus a processor (ClapFeatureExtractor + a small WordLevel fast tokenizer) built offline."""

from __future__ import annotations

from pathlib import Path

WORDS = "calm piano loud drums a the sound of music quiet fast slow noise sine tone bright dark".split()


def write_tiny_clap_folder(path: Path, seed: int = 0) -> Path:
    from avrec_desktop.encoders.torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import ClapConfig, ClapFeatureExtractor, ClapModel, ClapProcessor, PreTrainedTokenizerFast

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for w in WORDS:
        vocab[w] = len(vocab)
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                   unk_token="<unk>", model_max_length=32)
    config = ClapConfig(
        text_config=dict(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=32, max_position_embeddings=40),
        audio_config=dict(patch_embeds_hidden_size=8, hidden_size=16, depths=[1, 1], num_attention_heads=[1, 2],
                          window_size=8, num_hidden_layers=2),
        projection_dim=8)
    torch.manual_seed(seed)
    model = ClapModel(config).eval()
    with torch.no_grad():  # one shared offset in both towers: text and audio land near each other, as trained ones do
        offset = torch.linspace(1.0, 2.0, 8)
        model.audio_projection.linear2.bias.copy_(offset)
        model.text_projection.linear2.bias.copy_(offset)
    processor = ClapProcessor(feature_extractor=ClapFeatureExtractor(truncation="rand_trunc", padding="repeatpad"),
                              tokenizer=fast)
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path)
    processor.save_pretrained(path)
    return path
