package dev.meshplane.launcher;

import dev.meshplane.transformer.synth.SynthesisOptions;
import dev.meshplane.transformer.synth.SynthesisOptions.SdsSource;
import io.micronaut.core.value.PropertyResolver;

/**
 * Where App Mesh {@code sds} secrets come from: {@code meshplane.sds.source} ({@code agent} or
 * {@code secrets-dir}) when set; otherwise {@code secrets-dir} when {@code meshplane.secrets-dir}
 * is set (a directory given to be served is meant to be served), else {@code agent}, App Mesh's
 * behaviour.
 */
final class SdsSourceSetting {
  static final String PROPERTY = "meshplane.sds.source";

  private SdsSourceSetting() {}

  static SynthesisOptions synthesisOptions(PropertyResolver properties) {
    SdsSource source = properties.getProperty(PROPERTY, String.class)
        .filter(s -> !s.isBlank())
        .map(SdsSource::of)
        .orElseGet(() -> properties.getProperty("meshplane.secrets-dir", String.class).filter(d -> !d.isBlank()).isPresent()
            ? SdsSource.SECRETS_DIR
            : SdsSource.AGENT);
    return new SynthesisOptions(source);
  }
}
