/**
 * Pretrained transformer backbones with a layer split, written with DJL ops: the BERT family (weights from the
 * initializers of a Hugging Face ONNX export; all-MiniLM-L6-v2 is bundled) and the LLaMA / Qwen2 family
 * (Hugging Face directories with safetensors), Hugging Face tokenizers, the pooling functions, and the two
 * behaviour encoders for ABE ({@code djl}: the DJL lower layers; {@code onnx}: the ONNX graph cut after layer
 * {@code k}, run in ONNX Runtime).
 *
 * <p>Entry points: {@link dev.bahe.encoders.EncodersModule} (Guice registration by name),
 * {@link dev.bahe.encoders.Backbones} and {@link dev.bahe.encoders.TinyBert} (direct loading),
 * {@link dev.bahe.encoders.Poolings}, {@link dev.bahe.encoders.EncoderDiagnostics} (versions and parity for
 * {@code bahe doctor}). Everything else is package-private. Nothing is downloaded at run time.
 */
package dev.bahe.encoders;
