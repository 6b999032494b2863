package io.recsys.featurestore.ingest.api;

/** {@code 202 {"accepted":N}}: N events are in the stream (durably, as Redis's fsync policy says). */
public record AcceptedResponse(int accepted) {}
