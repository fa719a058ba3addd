package dev.meshplane.frontend.limits;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Token-bucket sizes per operation class, from {@code meshplane.throttle.<class>.rate} (requests
 * per second, refilled continuously) and {@code .burst} (the bucket's size, what an idle
 * principal may send at once). App Mesh documents no API rates; the defaults leave a person or a
 * controller plenty and stop a runaway loop: reads 50/s burst 100, writes 10/s burst 20.
 */
public record ThrottleSettings(boolean enabled, Map<OperationClass, Rate> rates) {

  public static final String PREFIX = "meshplane.throttle.";

  /** {@code perSecond} tokens a second, at most {@code burst} saved up. */
  public record Rate(long perSecond, long burst) {
    public Rate {
      if (perSecond < 1 || burst < 1) {
        throw new IllegalArgumentException(
            "throttle rates and bursts must be at least 1, got rate " + perSecond + " and burst " + burst);
      }
    }
  }

  public ThrottleSettings {
    rates = Map.copyOf(rates);
    for (OperationClass operationClass : OperationClass.values()) {
      if (!rates.containsKey(operationClass)) {
        throw new IllegalArgumentException("no throttle rate for " + operationClass.key() + " operations");
      }
    }
  }

  public static ThrottleSettings defaults() {
    return new ThrottleSettings(
        true, Map.of(OperationClass.READ, new Rate(50, 100), OperationClass.WRITE, new Rate(10, 20)));
  }

  /** The defaults, overridden by whichever keys {@code setting} finds. */
  public static ThrottleSettings from(Function<String, Optional<String>> setting) {
    ThrottleSettings defaults = defaults();
    Map<OperationClass, Rate> rates = new EnumMap<>(OperationClass.class);
    for (OperationClass operationClass : OperationClass.values()) {
      Rate fallback = defaults.rates().get(operationClass);
      String prefix = PREFIX + operationClass.key();
      long rate = Settings.number(setting, prefix + ".rate", fallback.perSecond());
      long burst = Settings.number(setting, prefix + ".burst", fallback.burst());
      try {
        rates.put(operationClass, new Rate(rate, burst));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(prefix + ".rate / .burst: " + e.getMessage(), e);
      }
    }
    boolean enabled = setting.apply(PREFIX + "enabled").map(Boolean::parseBoolean).orElse(defaults.enabled());
    return new ThrottleSettings(enabled, rates);
  }
}
