/**
 * The public contract of BAHE (Behavior Aggregated Hierarchical Encoding): value types for textual user
 * behaviour, the service-provider interfaces that implementation modules plug in, evaluation metrics and
 * the name-based component registry.
 *
 * <p>This module compiles against DJL's {@code api} only; no engine, ONNX Runtime or Lucene type appears
 * here.
 */
package dev.bahe.api;
