package dev.meshplane.model.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The retry events App Mesh documents, per list of a retry policy. The model leaves HTTP events a
 * free string, so validation refuses any other name and resolution never sees one.
 */
public enum RetryEvent {
  SERVER_ERROR(Family.HTTP, "server-error"),
  GATEWAY_ERROR(Family.HTTP, "gateway-error"),
  CLIENT_ERROR(Family.HTTP, "client-error"),
  STREAM_ERROR(Family.HTTP, "stream-error"),
  CONNECTION_ERROR(Family.TCP, "connection-error"),
  CANCELLED(Family.GRPC, "cancelled"),
  DEADLINE_EXCEEDED(Family.GRPC, "deadline-exceeded"),
  INTERNAL(Family.GRPC, "internal"),
  RESOURCE_EXHAUSTED(Family.GRPC, "resource-exhausted"),
  UNAVAILABLE(Family.GRPC, "unavailable");

  /** The retry policy list an event belongs in, by its field name. */
  public enum Family {
    HTTP("httpRetryEvents"),
    TCP("tcpRetryEvents"),
    GRPC("grpcRetryEvents");

    private final String field;

    Family(String field) {
      this.field = field;
    }

    public String field() {
      return field;
    }

    /** The names this list accepts, in documented order. */
    public List<String> names() {
      return Arrays.stream(RetryEvent.values()).filter(e -> e.family == this).map(RetryEvent::appMeshName).toList();
    }
  }

  private final Family family;
  private final String appMeshName;

  RetryEvent(Family family, String appMeshName) {
    this.family = family;
    this.appMeshName = appMeshName;
  }

  public Family family() {
    return family;
  }

  public String appMeshName() {
    return appMeshName;
  }

  /** The event {@code name} stands for in {@code family}'s list, if it is one. */
  public static Optional<RetryEvent> parse(Family family, String name) {
    return Arrays.stream(values()).filter(e -> e.family == family && e.appMeshName.equals(name)).findFirst();
  }
}
