package dev.meshplane.frontend.history;

import java.time.Instant;

/**
 * Which journal entries of a mesh to show: those after {@code afterSeq} (the page cursor), at most
 * {@code limit}, optionally only of one resource (store key), one principal (IAM ARN) and a time
 * window (inclusive).
 */
public record HistoryQuery(String resourceKey, String principal, Instant since, Instant until, long afterSeq, int limit) {}
