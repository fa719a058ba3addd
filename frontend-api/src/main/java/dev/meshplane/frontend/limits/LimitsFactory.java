package dev.meshplane.frontend.limits;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/** Builds the throttle and the quotas from the {@code meshplane.throttle.*} and {@code meshplane.limits.*} settings. */
@Factory
public class LimitsFactory {

  @Singleton
  ThrottleSettings throttleSettings(Environment environment) {
    return ThrottleSettings.from(key -> environment.getProperty(key, String.class));
  }

  @Singleton
  RequestThrottle requestThrottle(ThrottleSettings settings) {
    return new RequestThrottle(settings);
  }

  @Singleton
  Quotas quotas(Environment environment) {
    return Quotas.from(key -> environment.getProperty(key, String.class));
  }
}
