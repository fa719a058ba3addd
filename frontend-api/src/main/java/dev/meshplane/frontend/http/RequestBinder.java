package dev.meshplane.frontend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.meshplane.frontend.api.ApiException;
import dev.meshplane.frontend.api.ErrorType;
import dev.meshplane.model.ConstraintValidator;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.Violation;
import dev.meshplane.model.options.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds an operation's input message from the request the way the model binds it: members with
 * {@code location: uri} from the path, {@code querystring} from the query, the rest from the JSON
 * body. Then checks every constraint of the model, and refuses the request with all violations.
 */
public final class RequestBinder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLIENT_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,36}");

  public Message bind(Operation operation, Map<String, String> pathVariables, Map<String, List<String>> query, String body) {
    DynamicMessage.Builder input = DynamicMessage.newBuilder(operation.input());
    List<Violation> violations = new ArrayList<>();
    if (body != null && !body.isBlank()) {
      JsonNode json = parseBody(body);
      violations.addAll(boundElsewhere(operation, json));
      UnstorableText.check(json, "", violations);
      if (violations.isEmpty()) {
        violations.addAll(ProtoJson.merge(json, input, ""));
      }
    }
    for (FieldDescriptor field : operation.input().getFields()) {
      String location = field.getOptions().getExtension(Options.location);
      String locationName = field.getOptions().getExtension(Options.locationName);
      if (location.equals("uri")) {
        String value = pathVariables.get(locationName);
        if (value != null) {
          UnstorableText.check(field.getJsonName(), value, violations);
          input.setField(field, value);
        }
      } else if (location.equals("querystring")) {
        List<String> values = query.get(locationName);
        if (values != null && !values.isEmpty()) {
          UnstorableText.check(locationName, values.get(0), violations);
          setQueryValue(input, field, locationName, values.get(0), violations);
        }
      }
    }
    if (violations.isEmpty()) {
      violations.addAll(ConstraintValidator.validate(input, ""));
      checkIdempotencyToken(input, violations);
    }
    if (!violations.isEmpty()) {
      throw ApiException.badRequest(violations);
    }
    return input.build();
  }

  /** Members the model binds to the path or the query are not taken from the body. */
  private static List<Violation> boundElsewhere(Operation operation, JsonNode json) {
    List<Violation> violations = new ArrayList<>();
    for (FieldDescriptor field : operation.input().getFields()) {
      String location = field.getOptions().getExtension(Options.location);
      if (!location.isEmpty() && json.has(field.getJsonName())) {
        violations.add(new Violation(field.getJsonName(), "is sent in the request "
            + (location.equals("uri") ? "path" : "query (" + field.getOptions().getExtension(Options.locationName) + ")")
            + ", not in the body"));
      }
    }
    return violations;
  }

  /** The model documents the token's form only in prose: up to 36 letters, digits, hyphens, underscores. */
  private static void checkIdempotencyToken(DynamicMessage.Builder input, List<Violation> violations) {
    for (FieldDescriptor field : input.getDescriptorForType().getFields()) {
      if (field.getOptions().getExtension(Options.idempotencyToken) && input.hasField(field)) {
        String token = (String) input.getField(field);
        if (!CLIENT_TOKEN.matcher(token).matches()) {
          violations.add(new Violation(
              field.getJsonName(), "must be 1 to 36 letters, digits, hyphens or underscores, got \"" + token + "\""));
        }
      }
    }
  }

  private static JsonNode parseBody(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (!json.isObject()) {
        throw new ApiException(ErrorType.BadRequestException, "The request body must be a JSON object.");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new ApiException(
          ErrorType.BadRequestException, "The request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void setQueryValue(
      DynamicMessage.Builder input, FieldDescriptor field, String name, String value, List<Violation> violations) {
    switch (field.getJavaType()) {
      case INT -> {
        try {
          input.setField(field, Integer.parseInt(value));
        } catch (NumberFormatException e) {
          violations.add(new Violation(name, "must be an integer, got \"" + value + "\""));
        }
      }
      case STRING -> input.setField(field, value);
      default -> throw new IllegalStateException("query member " + name + " of type " + field.getJavaType());
    }
  }
}
