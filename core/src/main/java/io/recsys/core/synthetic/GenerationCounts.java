package io.recsys.core.synthetic;

/**
 * What a generation run produced. {@code events} is the sum of the four event types and equals the
 * configured event count.
 */
public record GenerationCounts(int items, int users, long sessions, long events, long impressions, long clicks,
    long carts, long purchases) {}
