package dev.meshplane.store;

/**
 * What a write left behind: the resource as stored after it (as it was just before, for a
 * delete), and the journal entry it appended. {@code replayed} is true when a create repeated an
 * earlier create's client token and nothing was written (then {@code journalSeq} is that of the
 * original write's resource state, and no new entry exists).
 */
public record WriteResult(StoredResource resource, long journalSeq, boolean replayed) {}
