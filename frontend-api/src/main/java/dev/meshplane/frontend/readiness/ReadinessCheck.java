package dev.meshplane.frontend.readiness;

import java.util.Optional;

/** Whether one part of the process is ready: empty when it is, else why not (a thrown exception counts as why). */
@FunctionalInterface
public interface ReadinessCheck {
  Optional<String> problem() throws Exception;
}
