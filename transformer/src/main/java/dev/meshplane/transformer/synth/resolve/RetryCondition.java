package dev.meshplane.transformer.synth.resolve;

/** The Envoy {@code retry_on} conditions App Mesh's retry events and default policy map to. */
public enum RetryCondition {
  SERVER_ERROR("5xx"),
  GATEWAY_ERROR("gateway-error"),
  RETRIABLE_4XX("retriable-4xx"),
  REFUSED_STREAM("refused-stream"),
  CONNECT_FAILURE("connect-failure"),
  RESET("reset"),
  RETRIABLE_STATUS_CODES("retriable-status-codes"),
  CANCELLED("cancelled"),
  DEADLINE_EXCEEDED("deadline-exceeded"),
  INTERNAL("internal"),
  RESOURCE_EXHAUSTED("resource-exhausted"),
  UNAVAILABLE("unavailable");

  private final String envoyName;

  RetryCondition(String envoyName) {
    this.envoyName = envoyName;
  }

  /** The name in Envoy's comma-separated {@code retry_on}. */
  public String envoyName() {
    return envoyName;
  }
}
