package dev.meshplane.model;

import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.GeneratedMessage.GeneratedExtension;
import com.google.protobuf.MessageOrBuilder;
import dev.meshplane.model.options.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a message against the constraints the App Mesh model declares (carried as options on the
 * generated messages): required members, lengths, sizes, ranges, enum values, patterns, and
 * unions of which exactly one member must be set. Returns every violation at once, each with its
 * field path, in the manner of Kuma's validators.
 */
public final class ConstraintValidator {
  private static final Map<Descriptor, MessageRules> RULES = new ConcurrentHashMap<>();

  private ConstraintValidator() {}

  public static List<Violation> validate(MessageOrBuilder message, String path) {
    List<Violation> violations = new ArrayList<>();
    checkMessage(message, path, violations);
    return violations;
  }

  private static void checkMessage(MessageOrBuilder message, String path, List<Violation> violations) {
    MessageRules rules = RULES.computeIfAbsent(message.getDescriptorForType(), MessageRules::of);
    rules.checkUnion(message, path, violations);
    for (FieldRule rule : rules.fields()) {
      rule.check(message, path, violations);
    }
  }

  private static boolean isSet(MessageOrBuilder message, FieldDescriptor field) {
    return field.isRepeated() ? message.getRepeatedFieldCount(field) > 0 : message.hasField(field);
  }

  /** A message's rules, read once from its options: the union members (if it is one) and each field's rule. */
  private record MessageRules(List<FieldDescriptor> unionMembers, List<FieldRule> fields) {
    static MessageRules of(Descriptor descriptor) {
      List<FieldDescriptor> union =
          descriptor.getOptions().getExtension(Options.union) ? descriptor.getFields() : List.of();
      return new MessageRules(union, descriptor.getFields().stream().map(FieldRule::of).toList());
    }

    void checkUnion(MessageOrBuilder message, String path, List<Violation> violations) {
      if (unionMembers.isEmpty()) {
        return;
      }
      long set = unionMembers.stream().filter(member -> isSet(message, member)).count();
      if (set != 1) {
        String names = String.join(", ", unionMembers.stream().map(FieldDescriptor::getJsonName).toList());
        violations.add(new Violation(path, "exactly one of " + names + " must be set" + (set > 1 ? ", got " + set : "")));
      }
    }
  }

  /** The constraints of one field: on the field itself, and on each element of a list of scalars. */
  private record FieldRule(FieldDescriptor field, boolean required, Bounds bounds, Bounds itemBounds) {
    static FieldRule of(FieldDescriptor field) {
      FieldOptions options = field.getOptions();
      return new FieldRule(
          field,
          options.getExtension(Options.required),
          Bounds.of(options, Options.min, Options.max, Options.pattern, Options.enumValue),
          Bounds.of(options, Options.itemMin, Options.itemMax, Options.itemPattern, Options.itemEnumValue));
    }

    void check(MessageOrBuilder message, String parentPath, List<Violation> violations) {
      String path = parentPath.isEmpty() ? field.getJsonName() : parentPath + "." + field.getJsonName();
      if (!isSet(message, field)) {
        // proto3 cannot tell an empty list from an absent one; a list the model lets be empty
        // (min 0, such as tagKeys) is therefore given when empty.
        boolean mayBeEmpty = field.isRepeated() && bounds.min() != null && bounds.min() == 0;
        if (required && !mayBeEmpty) {
          violations.add(new Violation(path, "is required"));
        }
        return;
      }
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        bounds.checkSize(path, count, violations);
        for (int i = 0; i < count; i++) {
          checkValue(message.getRepeatedField(field, i), path + "[" + i + "]", itemBounds, violations);
        }
      } else {
        checkValue(message.getField(field), path, bounds, violations);
      }
    }

    private static void checkValue(Object value, String path, Bounds bounds, List<Violation> violations) {
      if (value instanceof MessageOrBuilder child) {
        checkMessage(child, path, violations);
      } else if (value instanceof String text) {
        bounds.checkString(path, text, violations);
      } else if (value instanceof Integer || value instanceof Long) {
        bounds.checkNumber(path, ((Number) value).longValue(), violations);
      }
    }
  }

  /** min/max (length, size or value, by what they apply to), pattern and allowed values; null when absent. */
  private record Bounds(Long min, Long max, Pattern pattern, List<String> allowed) {
    static Bounds of(
        FieldOptions options,
        GeneratedExtension<FieldOptions, Long> min,
        GeneratedExtension<FieldOptions, Long> max,
        GeneratedExtension<FieldOptions, String> pattern,
        GeneratedExtension<FieldOptions, List<String>> allowed) {
      return new Bounds(
          options.hasExtension(min) ? options.getExtension(min) : null,
          options.hasExtension(max) ? options.getExtension(max) : null,
          options.hasExtension(pattern) ? Pattern.compile(options.getExtension(pattern)) : null,
          List.copyOf(options.getExtension(allowed)));
    }

    void checkSize(String path, int count, List<Violation> violations) {
      if (outside(count)) {
        violations.add(new Violation(path, "must have " + countRange() + " items, got " + count));
      }
    }

    void checkString(String path, String text, List<Violation> violations) {
      int length = text.codePointCount(0, text.length());
      if (outside(length)) {
        violations.add(new Violation(path, "length must be " + countRange() + " characters, got " + length));
      }
      // The model's patterns follow Smithy, where a pattern may match anywhere; they carry their own anchors.
      if (pattern != null && !pattern.matcher(text).find()) {
        violations.add(new Violation(path, "must match pattern " + pattern.pattern() + ", got \"" + text + "\""));
      }
      if (!allowed.isEmpty() && !allowed.contains(text)) {
        violations.add(new Violation(path, "must be one of " + String.join(", ", allowed) + "; got \"" + text + "\""));
      }
    }

    void checkNumber(String path, long value, List<Violation> violations) {
      if (outside(value)) {
        violations.add(new Violation(path, "must be " + range() + ", got " + value));
      }
    }

    private boolean outside(long value) {
      return min != null && value < min || max != null && value > max;
    }

    private String range() {
      return describe(min, max);
    }

    /** A count cannot be negative, so a minimum of 0 goes unsaid: "at most 50", not "between 0 and 50". */
    private String countRange() {
      return describe(min != null && min <= 0 ? null : min, max);
    }

    private static String describe(Long min, Long max) {
      if (min != null && max != null) {
        return "between " + min + " and " + max;
      }
      return min != null ? "at least " + min : "at most " + max;
    }
  }
}
