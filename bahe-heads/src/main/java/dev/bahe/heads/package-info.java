/**
 * CTR heads {@code F_θ} and dimension reducers {@code F_d} as DJL blocks, registered by name through
 * {@link dev.bahe.heads.HeadsModule}: heads {@code "dnn"}, {@code "lr"}, {@code "dcnv2"} (parallel) and
 * {@code "dcnv2-stacked"}; reducers {@code "linear"} (the default) and {@code "identity"}.
 *
 * <p>Every block here is built uninitialised; the caller initialises it with its {@code NDManager}, which then
 * owns the parameters' native memory. Blocks hold no state besides their parameters, so one block may serve
 * concurrent inference with separate {@code ParameterStore}s.
 */
package dev.bahe.heads;
