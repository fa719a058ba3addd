/**
 * The level-driven transformer: reads consistent mesh snapshots from the journaled store and
 * synthesizes Envoy configuration per proxy (see docs/architecture.md). Its code arrives with the
 * transformer issue; the module exists so the build and layout are settled.
 */
package dev.meshplane.transformer;
