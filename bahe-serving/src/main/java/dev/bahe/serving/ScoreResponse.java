package dev.bahe.serving;

/**
 * The answer to a score request.
 *
 * @param modelVersion the version of the model that scored
 * @param scores {@code P(click)} per candidate, in request order
 * @param userCache whether {@code Q_u} came from the cache ({@code hit}) or was computed ({@code miss})
 */
public record ScoreResponse(String modelVersion, float[] scores, String userCache) {}
