package dev.meshplane.model;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import dev.meshplane.model.options.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a message against the constraints the App Mesh model declares (carried as options on the
 * generated messages): required members, lengths, sizes, ranges, enum values, patterns, and
 * unions of which exactly one member must be set. Returns every violation at once, each with its
 * field path, in the manner of Kuma's validators.
 */
public final class ConstraintValidator {
  private static final Map<Descriptor, List<FieldRule>> RULES = new ConcurrentHashMap<>();

  private ConstraintValidator() {}

  public static List<Violation> validate(MessageOrBuilder message, String path) {
    List<Violation> violations = new ArrayList<>();
    checkMessage(message, path, violations);
    return violations;
  }

  private static void checkMessage(MessageOrBuilder message, String path, List<Violation> violations) {
    Descriptor descriptor = message.getDescriptorForType();
    if (descriptor.getOptions().getExtension(Options.union)) {
      checkUnion(message, path, violations);
    }
    for (FieldRule rule : rulesOf(descriptor)) {
      rule.check(message, path, violations);
    }
  }

  private static void checkUnion(MessageOrBuilder message, String path, List<Violation> violations) {
    List<String> members = new ArrayList<>();
    int set = 0;
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      members.add(field.getJsonName());
      if (isSet(message, field)) {
        set++;
      }
    }
    if (set != 1) {
      violations.add(new Violation(
          path, "exactly one of " + String.join(", ", members) + " must be set" + (set > 1 ? ", got " + set : "")));
    }
  }

  static boolean isSet(MessageOrBuilder message, FieldDescriptor field) {
    return field.isRepeated() ? message.getRepeatedFieldCount(field) > 0 : message.hasField(field);
  }

  private static List<FieldRule> rulesOf(Descriptor descriptor) {
    return RULES.computeIfAbsent(descriptor, d -> d.getFields().stream().map(FieldRule::new).toList());
  }

  /** The constraints of one field, read once from its options. */
  private static final class FieldRule {
    private final FieldDescriptor field;
    private final boolean required;
    private final Bounds bounds;
    private final Bounds itemBounds;

    FieldRule(FieldDescriptor field) {
      this.field = field;
      var options = field.getOptions();
      this.required = options.getExtension(Options.required);
      this.bounds = new Bounds(
          options.hasExtension(Options.min) ? options.getExtension(Options.min) : null,
          options.hasExtension(Options.max) ? options.getExtension(Options.max) : null,
          options.hasExtension(Options.pattern) ? Pattern.compile(options.getExtension(Options.pattern)) : null,
          options.getExtension(Options.enumValue));
      this.itemBounds = new Bounds(
          options.hasExtension(Options.itemMin) ? options.getExtension(Options.itemMin) : null,
          options.hasExtension(Options.itemMax) ? options.getExtension(Options.itemMax) : null,
          options.hasExtension(Options.itemPattern) ? Pattern.compile(options.getExtension(Options.itemPattern)) : null,
          options.getExtension(Options.itemEnumValue));
    }

    void check(MessageOrBuilder message, String parentPath, List<Violation> violations) {
      String path = parentPath.isEmpty() ? field.getJsonName() : parentPath + "." + field.getJsonName();
      if (!isSet(message, field)) {
        if (required) {
          violations.add(new Violation(path, "is required"));
        }
        return;
      }
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        // An empty list cannot be told from an absent one in proto3, so size rules apply to non-empty lists.
        bounds.checkSize(path, count, violations);
        for (int i = 0; i < count; i++) {
          checkValue(message.getRepeatedField(field, i), path + "[" + i + "]", itemBounds, violations);
        }
      } else {
        checkValue(message.getField(field), path, bounds, violations);
      }
    }

    private void checkValue(Object value, String path, Bounds valueBounds, List<Violation> violations) {
      if (value instanceof MessageOrBuilder child) {
        checkMessage(child, path, violations);
      } else if (value instanceof String text) {
        valueBounds.checkString(path, text, violations);
      } else if (value instanceof Integer || value instanceof Long) {
        valueBounds.checkNumber(path, ((Number) value).longValue(), violations);
      }
    }
  }

  private record Bounds(Long min, Long max, Pattern pattern, List<String> allowed) {
    void checkSize(String path, int count, List<Violation> violations) {
      if (min != null && count < min || max != null && count > max) {
        violations.add(new Violation(path, "must have " + range("items") + ", got " + count));
      }
    }

    void checkString(String path, String text, List<Violation> violations) {
      int length = text.codePointCount(0, text.length());
      if (min != null && length < min || max != null && length > max) {
        violations.add(new Violation(path, "length must be " + range("characters") + ", got " + length));
      }
      if (pattern != null && !pattern.matcher(text).matches()) {
        violations.add(new Violation(path, "must match pattern " + pattern.pattern() + ", got \"" + text + "\""));
      }
      if (!allowed.isEmpty() && !allowed.contains(text)) {
        violations.add(new Violation(
            path,
            "must be one of " + allowed.stream().collect(Collectors.joining(", ")) + "; got \"" + text + "\""));
      }
    }

    void checkNumber(String path, long value, List<Violation> violations) {
      if (min != null && value < min || max != null && value > max) {
        violations.add(new Violation(path, "must be " + range(null) + ", got " + value));
      }
    }

    private String range(String unit) {
      String suffix = unit == null ? "" : " " + unit;
      if (min != null && max != null) {
        return "between " + min + " and " + max + suffix;
      }
      return min != null ? "at least " + min + suffix : "at most " + max + suffix;
    }
  }
}
