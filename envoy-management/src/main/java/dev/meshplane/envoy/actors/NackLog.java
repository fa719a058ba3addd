package dev.meshplane.envoy.actors;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one proxy's NACKs may put in the log: the first of each minute, its detail cut short, and
 * how many were left out since the last line. A client NACKing megabytes in a loop grows the log
 * by about one short line a minute; the latest detail is kept in the proxy's status instead.
 */
final class NackLog {
  static final int LOGGED_DETAIL_CHARS = 512;
  static final Duration WINDOW = Duration.ofMinutes(1);

  private Instant lastLogged;
  private int notLogged;

  /** The line to log for this NACK, or empty when it is only counted. */
  Optional<String> line(String proxy, long streamId, String typeUrl, String detail, Instant now) {
    if (lastLogged != null && now.isBefore(lastLogged.plus(WINDOW))) {
      notLogged++;
      return Optional.empty();
    }
    String line = proxy + " stream " + streamId + " rejected " + typeUrl + ": " + shortened(detail)
        + (notLogged > 0 ? " (" + notLogged + " more NACKs of this proxy since the last line were not logged)" : "");
    lastLogged = now;
    notLogged = 0;
    return Optional.of(line);
  }

  /** {@code detail} cut to {@code max} characters, saying how much was left out. */
  static String cut(String detail, int max) {
    if (detail.length() <= max) {
      return detail;
    }
    return detail.substring(0, max) + "... (" + (detail.length() - max) + " more characters)";
  }

  /** Cut first, so folding the whitespace of a huge detail costs no more than of a short one. */
  private static String shortened(String detail) {
    return cut(detail, LOGGED_DETAIL_CHARS).replaceAll("\\s+", " ");
  }
}
