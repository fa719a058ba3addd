package dev.meshplane.transformer.synth;

/**
 * Deployment choices that shape the synthesized configs; part of the synthesizer's input, so the
 * same snapshot and options always give the same configs.
 *
 * @param sdsSource where an App Mesh {@code sds} certificate or trust is fetched from
 */
public record SynthesisOptions(SdsSource sdsSource) {

  /** App Mesh's behaviour. */
  public static final SynthesisOptions DEFAULTS = new SynthesisOptions(SdsSource.AGENT);

  /** Where the proxy gets App Mesh {@code sds} secrets. */
  public enum SdsSource {
    /**
     * The local SDS agent (SPIRE) over the Unix socket the App Mesh Envoy image declares in its
     * bootstrap as cluster {@code static_cluster_sds_unix_socket} ({@code APPMESH_SDS_SOCKET_PATH}),
     * as App Mesh configured it. The secret is not in the xDS set.
     */
    AGENT("agent"),
    /** The management service, over the proxy's ADS stream, from PEM files under {@code --secrets-dir}. */
    SECRETS_DIR("secrets-dir");

    private final String setting;

    SdsSource(String setting) {
      this.setting = setting;
    }

    /** The configuration value ({@code agent}, {@code secrets-dir}). */
    public String setting() {
      return setting;
    }

    public static SdsSource of(String setting) {
      for (SdsSource source : values()) {
        if (source.setting.equals(setting)) {
          return source;
        }
      }
      throw new IllegalArgumentException(
          "meshplane.sds.source must be agent or secrets-dir, got \"" + setting + "\"");
    }
  }
}
