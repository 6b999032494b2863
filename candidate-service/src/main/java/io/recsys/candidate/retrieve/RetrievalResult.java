package io.recsys.candidate.retrieve;

import java.util.List;
import java.util.Map;

/**
 * @param candidates best first
 * @param modelVersion the model snapshot that served the request
 * @param degraded steps that failed open
 * @param reason why the list is empty or short, or null
 * @param claimedBySource how many of the candidates each source claimed (its quota share in practice)
 */
public record RetrievalResult(List<Candidate> candidates, String modelVersion, List<String> degraded, String reason,
    Map<String, Integer> claimedBySource) {}
