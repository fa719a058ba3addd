package dev.meshplane.transformer.synth.resolve;

import dev.meshplane.model.appmesh.LoggingFormat;
import java.util.Optional;

/** Node and gateway file access logs into the graph's one record. */
final class AccessLogs {
  private AccessLogs() {}

  static Optional<AccessLogSpec> of(dev.meshplane.model.appmesh.Logging logging) {
    if (!logging.getAccessLog().hasFile()) {
      return Optional.empty();
    }
    var file = logging.getAccessLog().getFile();
    return Optional.of(spec(file.getPath(), file.hasFormat() ? file.getFormat() : null));
  }

  static Optional<AccessLogSpec> of(dev.meshplane.model.appmesh.VirtualGatewayLogging logging) {
    if (!logging.getAccessLog().hasFile()) {
      return Optional.empty();
    }
    var file = logging.getAccessLog().getFile();
    return Optional.of(spec(file.getPath(), file.hasFormat() ? file.getFormat() : null));
  }

  private static AccessLogSpec spec(String path, LoggingFormat format) {
    if (format == null) {
      return new AccessLogSpec(path, Optional.empty(), java.util.List.of());
    }
    return new AccessLogSpec(
        path,
        format.hasText() ? Optional.of(format.getText()) : Optional.empty(),
        format.getJsonList().stream().map(f -> new AccessLogSpec.JsonField(f.getKey(), f.getValue())).toList());
  }
}
