package dev.meshplane.envoy.xds;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs what a stream registered once its gRPC call has ended, however it ended: completed,
 * cancelled by the client, closed with an error, failed in our code or cut by a server shutdown.
 *
 * <p>java-control-plane reports a stream's close only on some of those paths (not when a request
 * handler throws), so what a stream takes (its admission slot) is released here: gRPC ends every
 * call with exactly one of {@code onComplete} or {@code onCancel}.
 */
public final class StreamEnd {
  private static final Context.Key<StreamEnd> CONTEXT_KEY = Context.key("meshplane-xds-stream-end");

  private final List<Runnable> actions = new ArrayList<>();
  private boolean ended;

  private StreamEnd() {}

  /** The end of the current call; empty outside a call that {@link #interceptor()} saw. */
  public static Optional<StreamEnd> current() {
    return Optional.ofNullable(CONTEXT_KEY.get());
  }

  /** Runs {@code action} when the call ends (at once when it already has). */
  public void onEnd(Runnable action) {
    synchronized (this) {
      if (!ended) {
        actions.add(action);
        return;
      }
    }
    action.run();
  }

  private void end() {
    List<Runnable> toRun;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      toRun = List.copyOf(actions);
      actions.clear();
    }
    toRun.forEach(Runnable::run);
  }

  /** Gives every call a {@link StreamEnd} and ends it when the call does. */
  public static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        StreamEnd end = new StreamEnd();
        ServerCall.Listener<Q> listener;
        try {
          listener = Contexts.interceptCall(Context.current().withValue(CONTEXT_KEY, end), call, headers, next);
        } catch (RuntimeException e) {
          // The call never started (a refused open); release what it took before the error surfaces.
          end.end();
          throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
          @Override
          public void onComplete() {
            try {
              super.onComplete();
            } finally {
              end.end();
            }
          }

          @Override
          public void onCancel() {
            try {
              super.onCancel();
            } finally {
              end.end();
            }
          }
        };
      }
    };
  }
}
