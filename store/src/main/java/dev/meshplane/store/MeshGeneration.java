package dev.meshplane.store;

import java.time.Instant;

/**
 * How far a mesh has moved: its generation (bumped by every write in it, kept after the mesh is
 * deleted) and the commit time of its latest write, which transformers carry into proxy configs
 * for convergence tracing.
 */
public record MeshGeneration(String mesh, long generation, Instant committedAt) {}
