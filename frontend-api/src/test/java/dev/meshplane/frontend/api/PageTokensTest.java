package dev.meshplane.frontend.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokensTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private final PageTokens tokens = new PageTokens(KEY);

  @Test
  void aTokenGivesBackItsPositionToTheSameListing() {
    String token = tokens.issue("virtualNode/m/null", "web-ü");
    assertThat(tokens.position("virtualNode/m/null", token)).isEqualTo("web-ü");
  }

  @Test
  void anotherProcessWithTheSameStoreKeyAcceptsTheToken() {
    String token = tokens.issue("tags/arn", "50");
    assertThat(new PageTokens(KEY.clone()).position("tags/arn", token)).isEqualTo("50");
  }

  @Test
  void aForgedAlteredForeignOrGarbageTokenIsABadRequest() {
    String token = tokens.issue("tags/arn", "50");
    String forgedPosition = Base64.getUrlEncoder().withoutPadding().encodeToString("-5".getBytes(StandardCharsets.UTF_8))
        + token.substring(token.indexOf('.'));
    String otherKey = new PageTokens("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII))
        .issue("tags/arn", "50");
    for (String bad : new String[] {
        forgedPosition, token + "A", token.replace('.', '!'), otherKey, "", ".", "..", "%%%", "LTU", token + "." + token}) {
      assertThatThrownBy(() -> tokens.position("tags/arn", bad))
          .as(bad)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BadRequestException))
          .hasMessageContaining("nextToken: is not a token returned by this listing");
    }
    assertThatThrownBy(() -> tokens.position("tags/other-arn", token)).isInstanceOf(ApiException.class);
  }
}
