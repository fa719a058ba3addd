package dev.meshplane.frontend.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One token bucket (Bucket4j, greedy refill) per principal and {@link OperationClass}. A request
 * takes a token before anything is read or written; without one it is refused with
 * {@code TooManyRequestsException} (429) and changes nothing.
 *
 * <p>Buckets live in a Caffeine cache that drops a bucket once it has been left alone long
 * enough to refill completely: a new bucket starts full, so dropping it changes no answer, and
 * memory holds only the principals active in the last few seconds.
 */
public final class RequestThrottle {
  private final ThrottleSettings settings;
  private final TimeMeter time;
  private final Cache<BucketKey, Bucket> buckets;

  private record BucketKey(String principal, OperationClass operationClass) {}

  public RequestThrottle(ThrottleSettings settings) {
    this(settings, System::nanoTime);
  }

  /** {@code nanoTime} drives both refills and expiry, so tests can move time by hand. */
  public RequestThrottle(ThrottleSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    this.buckets = Caffeine.newBuilder().expireAfterAccess(fullRefill(settings)).ticker(nanoTime::getAsLong).build();
  }

  /** Takes a token for {@code operationName} from the principal's bucket, or refuses the request. */
  public void admit(String principal, String operationName) {
    if (!settings.enabled()) {
      return;
    }
    OperationClass operationClass = OperationClass.of(operationName);
    Bucket bucket = buckets.get(new BucketKey(principal, operationClass), this::newBucket);
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      ThrottleSettings.Rate rate = settings.rates().get(operationClass);
      throw new ApiException(
          ErrorType.TooManyRequestsException,
          String.format(
              Locale.ROOT,
              "Rate exceeded for principal %s: %s is a %s operation, limited to %d per second with bursts of %d"
                  + " (meshplane.throttle.%s.rate / .burst); retry in %.3f s",
              principal,
              operationName,
              operationClass.key(),
              rate.perSecond(),
              rate.burst(),
              operationClass.key(),
              probe.getNanosToWaitForRefill() / 1e9));
    }
  }

  /** How many buckets are held now (expired ones dropped first). */
  public long heldBuckets() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket newBucket(BucketKey key) {
    ThrottleSettings.Rate rate = settings.rates().get(key.operationClass());
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
        .withCustomTimePrecision(time)
        .build();
  }

  /** The longest time any bucket needs to refill from empty; an idle bucket is full after it. */
  private static Duration fullRefill(ThrottleSettings settings) {
    long nanos =
        settings.rates().values().stream()
            .mapToLong(rate -> (rate.burst() * 1_000_000_000L + rate.perSecond() - 1) / rate.perSecond())
            .max()
            .orElse(0);
    return Duration.ofNanos(nanos).plusSeconds(1);
  }
}
