/**
 * Representation export and the downstream ID-feature DNN (the paper's {@code AUC_d} column and "DNN" row):
 * {@link dev.bahe.core.export.RepresentationExporter} writes {@code Q_u} per impression and {@code Q_i} per item
 * in the checksummed {@link dev.bahe.core.export.RepresentationFile} format; {@link dev.bahe.core.export.IdDnnModel}
 * trains on ids alone ({@code dnn-id}) or as a production-style model with the user's history as hashed behaviour
 * ids and the point-in-time counters ({@code dnn}), either with those representations as extra dense features.
 */
package dev.bahe.core.export;
