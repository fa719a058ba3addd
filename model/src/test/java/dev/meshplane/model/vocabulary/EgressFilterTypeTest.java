package dev.meshplane.model.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshplane.model.appmesh.EgressFilter;
import dev.meshplane.model.options.Options;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A mesh's egress filter type as stored, the default where none is. */
class EgressFilterTypeTest {
  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(value = {"ALLOW_ALL, ALLOW_ALL", "DROP_ALL, DROP_ALL", "'', DROP_ALL"})
  void of(String stored, EgressFilterType expected) {
    assertThat(EgressFilterType.of(stored)).isEqualTo(expected);
  }

  @Test
  void theModelsEnumIsTheVocabulary() {
    assertThat(EgressFilter.getDescriptor().findFieldByName("type").getOptions().getExtension(Options.enumValue))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(EgressFilterType.values()).map(Enum::name).toList());
  }
}
