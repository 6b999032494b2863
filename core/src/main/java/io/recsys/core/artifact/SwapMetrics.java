package io.recsys.core.artifact;

/**
 * Counters of a {@link ServingArtifact} since it was opened, read with
 * {@link ServingArtifact#metrics()}. Plain numbers so that core needs no metrics library; a service
 * binds them to its registry (e.g. as Micrometer function counters). Immutable, thread-safe.
 *
 * @param swaps versions loaded and swapped in after the first
 * @param refusals versions (or unreadable {@code CURRENT}s) refused; each distinct one counted once
 */
public record SwapMetrics(long swaps, long refusals) {}
