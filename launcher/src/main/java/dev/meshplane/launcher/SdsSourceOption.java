package dev.meshplane.launcher;

import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --sds-source}, for the commands that synthesize configs (server, transformer). */
final class SdsSourceOption {
  @Option(names = "--sds-source", defaultValue = "${env:MESHPLANE_SDS_SOURCE}",
      description = "Where proxies get App Mesh sds secrets: agent (the SDS agent socket of the App Mesh Envoy"
          + " image's bootstrap, as App Mesh did) or secrets-dir (over ADS, served from --secrets-dir);"
          + " default: secrets-dir when --secrets-dir is given, else agent (env MESHPLANE_SDS_SOURCE).")
  String sdsSource;

  /** {@code meshplane.sds.source}, when given. */
  Map<String, Object> properties() {
    return sdsSource == null || sdsSource.isBlank() ? Map.of() : Map.of(SdsSourceSetting.PROPERTY, sdsSource);
  }
}
