package dev.meshplane.frontend.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.frontend.http.Operation;
import dev.meshplane.frontend.http.OperationCatalog;
import dev.meshplane.frontend.http.RequestBinder;
import dev.meshplane.model.options.Options;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An operation's whole input as App Mesh JSON (the {@code --cli-input-json} shape) bound as the
 * HTTP request would be: members the model binds to the path and query go there, the rest is the
 * body, and {@link RequestBinder} binds and checks them, so a dry run refuses exactly what the
 * real request would.
 */
final class OperationInputs {
  private final OperationCatalog catalog;
  private final RequestBinder binder;

  OperationInputs(OperationCatalog catalog, RequestBinder binder) {
    this.catalog = catalog;
    this.binder = binder;
  }

  Operation operation(String name) {
    return catalog.all().stream().filter(o -> o.name().equals(name)).findFirst()
        .orElseThrow(() -> new ApiException(ErrorType.BadRequestException, "No App Mesh operation is named " + name));
  }

  Message bind(Operation operation, JsonNode input) {
    if (!input.isObject()) {
      throw new ApiException(ErrorType.BadRequestException, "input must be a JSON object");
    }
    ObjectNode body = ((ObjectNode) input).deepCopy();
    Map<String, String> path = new HashMap<>();
    Map<String, List<String>> query = new HashMap<>();
    for (FieldDescriptor field : operation.input().getFields()) {
      String location = field.getOptions().getExtension(Options.location);
      String locationName = field.getOptions().getExtension(Options.locationName);
      JsonNode value = body.remove(field.getJsonName());
      if (value == null) {
        continue;
      }
      if (location.equals("uri")) {
        path.put(locationName, value.asText());
      } else if (location.equals("querystring")) {
        query.put(locationName, List.of(value.asText()));
      } else {
        body.set(field.getJsonName(), value);
      }
    }
    return binder.bind(operation, path, query, body.toString());
  }
}
