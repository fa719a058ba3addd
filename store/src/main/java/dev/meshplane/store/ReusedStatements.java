package dev.meshplane.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one writer's connection, kept for the connection's life: the group
 * commit's writer runs the same dozen statements for every write, and SQLite compiles a statement
 * on every {@code prepareStatement}. {@link #on} hands the writer its pooled connection with
 * {@code prepareStatement(sql)} answering the statement kept for that text, prepared on the
 * physical connection (so the pool does not close it when the connection goes back); closing it
 * only clears its parameters. When the pool hands out another physical connection (the last one
 * was retired or evicted), the kept statements are dropped and closed: SQLite finalizes a closed
 * connection's statements itself, so nothing outlives its connection. At most {@link #MAX_KEPT},
 * least recently used first out. One thread only (the writer's).
 */
final class ReusedStatements {

  /** Distinct statement texts kept at most (the write path has about fifteen). */
  static final int MAX_KEPT = 64;

  private Connection physical;
  /** A kept statement and the view of it handed out, built once: a proxy costs more to make than to use. */
  private record Kept(PreparedStatement real, PreparedStatement handedOut) {}

  private final Map<String, Kept> kept = new LinkedHashMap<>(32, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
      if (size() <= MAX_KEPT) {
        return false;
      }
      closeQuietly(eldest.getValue().real());
      return true;
    }
  };
  private long prepared;

  /** {@code pooled} with its {@code prepareStatement(String)} answered by the kept statements. */
  Connection on(Connection pooled) throws SQLException {
    Connection underlying = pooled.unwrap(Connection.class);
    if (underlying != physical) {
      forget();
      physical = underlying;
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") && method.getParameterCount() == 1) {
            return statement((String) args[0]);
          }
          return invoke(pooled, method, args);
        });
  }

  /** Statements prepared so far (tests: reuse keeps this at the number of distinct texts). */
  long prepared() {
    return prepared;
  }

  /** Statements kept now. */
  int kept() {
    return kept.size();
  }

  private PreparedStatement statement(String sql) throws SQLException {
    Kept statement = kept.get(sql);
    if (statement == null) {
      PreparedStatement real = physical.prepareStatement(sql);
      prepared++;
      statement = new Kept(real, reusable(real));
      kept.put(sql, statement);
    }
    return statement.handedOut();
  }

  /** {@code real} with its {@code close()} only clearing the parameters. */
  private static PreparedStatement reusable(PreparedStatement real) {
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            // Kept for the next write: only what this use bound is cleared. Its result set was
            // closed by its user, which resets the statement.
            real.clearParameters();
            return null;
          }
          return invoke(real, method, args);
        });
  }

  private void forget() {
    kept.values().forEach(statement -> closeQuietly(statement.real()));
    kept.clear();
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException alreadyGone) {
      // its connection is closed, and SQLite finalized it then
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
