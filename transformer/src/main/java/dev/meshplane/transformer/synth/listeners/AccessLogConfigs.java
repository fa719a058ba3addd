package dev.meshplane.transformer.synth.listeners;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.meshplane.transformer.synth.Protos;
import dev.meshplane.transformer.synth.resolve.AccessLogSpec;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A node's or gateway's file access log, attached to every HTTP connection manager and TCP proxy. */
final class AccessLogConfigs {
  static final String FILE_LOGGER = "envoy.access_loggers.file";

  private AccessLogConfigs() {}

  static List<AccessLog> of(Optional<AccessLogSpec> spec) {
    return spec.map(s -> List.of(of(s))).orElse(List.of());
  }

  private static AccessLog of(AccessLogSpec spec) {
    FileAccessLog.Builder file = FileAccessLog.newBuilder().setPath(spec.path());
    if (spec.textFormat().isPresent()) {
      String text = spec.textFormat().get();
      // Envoy writes a text format verbatim; without a newline every entry would run together.
      file.setLogFormat(SubstitutionFormatString.newBuilder()
          .setTextFormatSource(DataSource.newBuilder().setInlineString(text.endsWith("\n") ? text : text + "\n")));
    } else if (!spec.jsonFormat().isEmpty()) {
      Struct.Builder json = Struct.newBuilder();
      spec.jsonFormat().stream()
          .sorted(Comparator.comparing(AccessLogSpec.JsonField::key))
          .forEach(f -> json.putFields(f.key(), Value.newBuilder().setStringValue(f.value()).build()));
      file.setLogFormat(SubstitutionFormatString.newBuilder().setJsonFormat(json));
    }
    return AccessLog.newBuilder().setName(FILE_LOGGER).setTypedConfig(Protos.pack(file.build())).build();
  }
}
