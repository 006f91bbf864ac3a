/**
 * Typed option records, one per pluggable component kind. Each carries the registry {@code name} of the
 * chosen implementation and the options every implementation of that kind understands; an experiment
 * configuration file is a tree of these records, and implementations receive them at build time.
 */
package dev.bahe.api.config;
