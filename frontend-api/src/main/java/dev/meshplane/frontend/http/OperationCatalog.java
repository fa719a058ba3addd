package dev.meshplane.frontend.http;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.meshplane.model.appmesh.Appmesh;
import dev.meshplane.model.options.Options;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 38 operations of the App Mesh API, read from the HTTP options the generated model carries,
 * so routing follows the contract rather than a hand-kept table.
 */
public final class OperationCatalog {
  private final List<Operation> operations;

  public OperationCatalog() {
    this.operations =
        Appmesh.getDescriptor().findServiceByName("AppMesh").getMethods().stream()
            .map(OperationCatalog::toOperation)
            .toList();
  }

  private static Operation toOperation(MethodDescriptor method) {
    var options = method.getOptions();
    return new Operation(
        method.getName(),
        options.getExtension(Options.httpMethod),
        new UriTemplate(options.getExtension(Options.httpUri)),
        options.getExtension(Options.httpStatus),
        method.getInputType(),
        method.getOutputType());
  }

  public List<Operation> all() {
    return operations;
  }

  /**
   * The operation bound to this method and path (as sent: percent-encoded), with its path
   * variables decoded; a BadRequest when a variable is not percent-encoded UTF-8.
   */
  public Optional<Match> find(String httpMethod, String rawPath) {
    String[] segments = UriTemplate.segments(rawPath);
    for (Operation operation : operations) {
      if (!operation.httpMethod().equalsIgnoreCase(httpMethod)) {
        continue;
      }
      Optional<Map<String, String>> variables = operation.uri().match(segments);
      if (variables.isPresent()) {
        return Optional.of(new Match(operation, variables.get()));
      }
    }
    return Optional.empty();
  }

  public record Match(Operation operation, Map<String, String> pathVariables) {
    /**
     * The request attribute under which the first to look a request's operation up (the metrics
     * filter, on the event loop) leaves it for the controller, so the path is matched once.
     */
    public static final String ATTRIBUTE = "meshplane.operation";
  }
}
