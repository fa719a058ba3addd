/**
 * App Mesh's vocabularies, defined once: the API's validation (frontend rules) and the
 * synthesizer's resolution both read them, so a word one accepts the other understands.
 */
package dev.meshplane.model.vocabulary;
