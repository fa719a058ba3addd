package dev.meshplane.frontend.rules;

import com.google.protobuf.Message;
import dev.meshplane.model.ProtoJson;
import dev.meshplane.model.Violation;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** Rows for the table-driven rules tests: a case name, a spec as the API takes it, the violations. */
final class RulesTable {
  private RulesTable() {}

  static Arguments row(String name, String specJson, String... violations) {
    return Arguments.of(name, specJson, List.of(violations));
  }

  /** The violations the rules find in a spec, as {@code path: message}. */
  static <S extends Message> List<String> violations(KindRules<S> rules, S type, String specJson) {
    return rules.validate(ProtoJson.parse(specJson, type)).stream().map(Violation::toString).toList();
  }
}
