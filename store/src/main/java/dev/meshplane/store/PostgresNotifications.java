package dev.meshplane.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-up hints between processes over PostgreSQL {@code LISTEN/NOTIFY} on one channel, each on a
 * connection of its own outside the store's pool. Best effort by design: a hint sent while a
 * listener is reconnecting is lost, so a listener must never be the only way to learn of a change
 * (the config watcher's poll stays). Payloads are short names (a mesh), never data.
 *
 * <p>{@link #publisher} sends from one thread and coalesces: names published while a send is
 * under way go out together next, once each, so a burst of writes costs a few round trips.
 * {@link #listen} receives on one thread and reconnects with backoff after a failure.
 */
public final class PostgresNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final int RECEIVE_WAIT_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final String url;
  private final String user;
  private final String password;
  private final String channel;

  public PostgresNotifications(String url, String user, String password, String channel) {
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("channel must be a lower-case SQL identifier, got " + channel);
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.channel = channel;
  }

  /** A sender of hints; {@link Publisher#close} stops its thread. */
  public Publisher publisher() {
    return new Publisher();
  }

  /** Calls {@code receiver} with each hint's payload on a thread of its own until closed. */
  public AutoCloseable listen(Consumer<String> receiver) {
    Thread thread = new Thread(() -> receive(receiver), "postgres-listen-" + channel);
    thread.setDaemon(true);
    thread.start();
    return () -> {
      thread.interrupt();
      thread.join(5_000);
    };
  }

  private void receive(Consumer<String> receiver) {
    long backoff = 1_000;
    while (!Thread.currentThread().isInterrupted()) {
      try (Connection connection = connect("meshplane-listen-" + channel)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + channel);
        }
        backoff = 1_000;
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!Thread.currentThread().isInterrupted()) {
          PGNotification[] received = pg.getNotifications(RECEIVE_WAIT_MILLIS);
          if (received != null) {
            for (PGNotification notification : received) {
              deliver(receiver, notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        LOG.warn("listening on {} failed, retrying in {} ms (changes are found by polling meanwhile): {}",
            channel, backoff, e.toString());
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private static void deliver(Consumer<String> receiver, String payload) {
    try {
      receiver.accept(payload);
    } catch (RuntimeException e) {
      LOG.warn("a hint receiver failed on {}: {}", payload, e.toString());
    }
  }

  private Connection connect(String applicationName) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", applicationName);
    properties.setProperty("connectTimeout", "5");
    Connection connection = DriverManager.getConnection(url, properties);
    connection.setAutoCommit(true);
    return connection;
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends hints from one thread; a failed send is logged and dropped (the poll repairs it). */
  public final class Publisher implements AutoCloseable {
    private final Set<String> pending = new LinkedHashSet<>();
    private final Thread thread;
    private boolean closed;
    private Connection connection;

    private Publisher() {
      thread = new Thread(this::send, "postgres-notify-" + channel);
      thread.setDaemon(true);
      thread.start();
    }

    /** Queues a hint; returns at once. */
    public void publish(String payload) {
      synchronized (pending) {
        if (!closed) {
          pending.add(payload);
          pending.notifyAll();
        }
      }
    }

    private void send() {
      while (true) {
        Set<String> batch;
        synchronized (pending) {
          while (pending.isEmpty() && !closed) {
            try {
              pending.wait();
            } catch (InterruptedException e) {
              return;
            }
          }
          if (closed) {
            return;
          }
          batch = new LinkedHashSet<>(pending);
          pending.clear();
        }
        try {
          sendNotifications(batch);
        } catch (SQLException e) {
          LOG.warn("notifying {} of {} failed (listeners find the change by polling): {}", channel, batch,
              e.toString());
          closeConnection();
        }
      }
    }

    private void sendNotifications(Set<String> payloads) throws SQLException {
      if (connection == null || connection.isClosed()) {
        connection = connect("meshplane-notify-" + channel);
      }
      // One round trip for the whole batch; PostgreSQL delivers each distinct payload once.
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p")) {
        statement.setString(1, channel);
        statement.setArray(2, connection.createArrayOf("text", payloads.toArray()));
        statement.execute();
      }
    }

    private void closeConnection() {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (SQLException ignored) {
        // Dropped anyway; the next send reconnects.
      }
      connection = null;
    }

    @Override
    public void close() {
      synchronized (pending) {
        closed = true;
        pending.notifyAll();
      }
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeConnection();
    }
  }
}
