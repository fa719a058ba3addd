package dev.meshplane.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time and allocated bytes of the live threads of this JVM by role (benchmark clients, HTTP
 * event loop, request handlers, journal writer, transformer, the rest), so a benchmark on a busy
 * machine can report CPU and allocation per request, which other processes' load does not inflate
 * as it does wall time (allocation is what sets how often the young collector pauses).
 */
final class ThreadCpu {
  /** A role and the thread names it covers; the first matching role wins, the last matches all. */
  record Role(String name, Pattern threads) {
    Role(String name, String threads) {
      this(name, Pattern.compile(threads));
    }
  }

  /** The API's roles: what a write costs where. */
  static final List<Role> API_ROLES = List.of(
      new Role("clients", Pattern.compile("pool-\\d+-thread-\\d+|sdk-.*|aws-.*|bench-.*|HttpClient-.*")),
      new Role("http", Pattern.compile(".*[Ee]ventLoop.*")),
      new Role("handlers", Pattern.compile("io-executor.*|api-.*")),
      new Role("journal", Pattern.compile(".*group-commit.*")),
      new Role("transformer", Pattern.compile(".*transformer.*")),
      new Role("other", Pattern.compile(".*")));

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> cpuByThread = new LinkedHashMap<>();
  private final Map<Long, Long> allocatedByThread = new LinkedHashMap<>();
  private final Map<Long, String> roleByThread = new LinkedHashMap<>();

  private final List<Role> roles;

  private ThreadCpu(List<Role> roles) {
    if (!roles.get(roles.size() - 1).threads().pattern().equals(".*")) {
      throw new IllegalArgumentException("the last role must match every thread name");
    }
    this.roles = roles;
  }

  /** The CPU time so far of every live thread, by the API's roles. */
  static ThreadCpu now() {
    return now(API_ROLES);
  }

  /** The CPU time so far of every live thread, by {@code roles} (the last must match every name). */
  static ThreadCpu now(List<Role> roles) {
    ThreadCpu snapshot = new ThreadCpu(roles);
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) {
        continue;
      }
      snapshot.cpuByThread.put(info.getThreadId(), cpu);
      if (THREADS instanceof com.sun.management.ThreadMXBean hotspot) {
        snapshot.allocatedByThread.put(info.getThreadId(), hotspot.getThreadAllocatedBytes(info.getThreadId()));
      }
      snapshot.roleByThread.put(info.getThreadId(), snapshot.role(info.getThreadName()));
    }
    return snapshot;
  }

  /** CPU nanoseconds used since {@code before}, by role in the order of the roles (threads that ended are lost). */
  Map<String, Long> since(ThreadCpu before) {
    Map<String, Long> used = new LinkedHashMap<>();
    roles.forEach(role -> used.put(role.name(), 0L));
    cpuByThread.forEach((thread, cpu) ->
        used.merge(roleByThread.get(thread), cpu - before.cpuByThread.getOrDefault(thread, 0L), Long::sum));
    return used;
  }

  /** Bytes allocated since {@code before}, by role as {@link #since} (empty where the JVM does not count them). */
  Map<String, Long> allocatedSince(ThreadCpu before) {
    Map<String, Long> allocated = new LinkedHashMap<>();
    roles.forEach(role -> allocated.put(role.name(), 0L));
    allocatedByThread.forEach((thread, bytes) -> allocated.merge(roleByThread.get(thread),
        bytes - before.allocatedByThread.getOrDefault(thread, 0L), Long::sum));
    return allocated;
  }

  private String role(String threadName) {
    for (Role role : roles) {
      if (role.threads().matcher(threadName).matches()) {
        return role.name();
      }
    }
    throw new IllegalStateException("the last role matches every name");
  }
}
