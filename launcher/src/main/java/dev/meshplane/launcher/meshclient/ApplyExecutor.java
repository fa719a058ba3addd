package dev.meshplane.launcher.meshclient;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Performs a plan's writes in order. When the server refuses one, the writes already made are
 * undone in reverse (a create deleted, an update written back, a delete re-created), each as a
 * journaled write of its own, so the meshes end as they began and the error names the file,
 * resource and field path the server gave.
 */
public final class ApplyExecutor {
  private final MeshApiClient client;
  private final PrintWriter out;

  public ApplyExecutor(MeshApiClient client, PrintWriter out) {
    this.client = client;
    this.out = out;
  }

  /** Thrown when a write was refused; every write before it has been undone. */
  public static final class ApplyRefused extends RuntimeException {
    ApplyRefused(String message) {
      super(message);
    }
  }

  public void execute(List<Change> changes) {
    Deque<Change> done = new ArrayDeque<>();
    for (Change change : changes) {
      try {
        perform(change);
      } catch (AwsServiceException e) {
        String refusal = change.subject().origin() + ": " + change.operation() + " " + change.label() + " refused: "
            + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        int undone = undo(done);
        throw new ApplyRefused(refusal + (done.isEmpty() ? "; nothing was applied"
            : "; the " + undone + " change(s) made before it were undone, nothing was applied"));
      }
      done.push(change);
      out.println(past(change.action()) + " " + change.label());
    }
  }

  private int undo(Deque<Change> done) {
    int count = 0;
    for (Change change : done) {
      Change inverse = switch (change.action()) {
        case CREATE -> new Change(Change.Action.DELETE, null, new LiveResource(change.desired(), 0, null));
        case UPDATE -> new Change(Change.Action.UPDATE, change.current().resource(), null);
        case DELETE -> new Change(Change.Action.CREATE, change.current().resource(), null);
      };
      perform(inverse);
      out.println("undid " + change.label());
      count++;
    }
    return count;
  }

  private void perform(Change change) {
    client.call(change.operation(), change.input());
  }

  static String past(Change.Action action) {
    return switch (action) {
      case CREATE -> "created";
      case UPDATE -> "updated";
      case DELETE -> "deleted";
    };
  }

}
