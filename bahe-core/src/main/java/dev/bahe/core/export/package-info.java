/**
 * Representation export and the downstream ID-feature DNN (the paper's {@code AUC_d} column and "DNN" row):
 * {@link dev.bahe.core.export.RepresentationExporter} writes {@code Q_u} per impression and {@code Q_i} per item
 * in the checksummed {@link dev.bahe.core.export.RepresentationFile} format; {@link dev.bahe.core.export.IdDnnModel}
 * trains on ids alone or with those representations as extra dense features.
 */
package dev.bahe.core.export;
