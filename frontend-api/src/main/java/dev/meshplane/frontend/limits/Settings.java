package dev.meshplane.frontend.limits;

import java.util.Optional;
import java.util.function.Function;

/** Reads whole-number settings, naming the key when a value is not a number. */
final class Settings {
  private Settings() {}

  static long number(Function<String, Optional<String>> setting, String key, long fallback) {
    Optional<String> value = setting.apply(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.get().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got \"" + value.get() + "\"", e);
    }
  }
}
