package dev.meshplane.transformer.synth.resolve;

import java.util.List;
import java.util.Optional;

/** A file access log: Envoy's default format unless a text format or JSON keys are given. */
public record AccessLogSpec(String path, Optional<String> textFormat, List<JsonField> jsonFormat) {
  public AccessLogSpec {
    jsonFormat = List.copyOf(jsonFormat);
  }

  public record JsonField(String key, String value) {}
}
