package dev.meshplane.frontend.readiness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of this process that must be ready before it takes traffic (API, stores, transformer,
 * xDS server; whichever the process runs), each with its check. The launcher registers every part
 * before it opens the port that serves {@code GET /ready}. Checks run on every report, so a store
 * that becomes unreachable makes the process unready again.
 */
@Singleton
public class Readiness {
  public static final String READY = "ready";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ReadinessCheck> parts = new LinkedHashMap<>();

  /** Registers (or replaces) the check of one part. */
  public synchronized void register(String name, ReadinessCheck check) {
    parts.put(name, check);
  }

  /** Runs every check now. Not ready while no part is registered: a process that started nothing is not ready. */
  public Report report() {
    Map<String, ReadinessCheck> checks;
    synchronized (this) {
      checks = new LinkedHashMap<>(parts);
    }
    Map<String, String> states = new LinkedHashMap<>();
    checks.forEach((name, check) -> states.put(name, state(check)));
    return new Report(states);
  }

  private static String state(ReadinessCheck check) {
    try {
      return check.problem().orElse(READY);
    } catch (Exception e) {
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
  }

  /** Each part's state: {@value #READY}, or why it is not. */
  public record Report(Map<String, String> parts) {
    public boolean ready() {
      return !parts.isEmpty() && notReady().isEmpty();
    }

    public List<String> notReady() {
      List<String> names = new ArrayList<>();
      parts.forEach((name, state) -> {
        if (!state.equals(READY)) {
          names.add(name);
        }
      });
      return names;
    }

    /** {@code {"ready":false,"notReady":["xds"],"parts":{"api":"ready","xds":"xDS port not listening"}}} */
    public String toJson() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("ready", ready());
      body.put("notReady", notReady());
      body.put("parts", parts);
      try {
        return JSON.writeValueAsString(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /** 200 when ready, else 503 (what Kubernetes and load balancers read). */
    public int httpStatus() {
      return ready() ? 200 : 503;
    }
  }
}
