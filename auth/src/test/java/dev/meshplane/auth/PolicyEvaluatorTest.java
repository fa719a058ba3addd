package dev.meshplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** IAM's evaluation rules, table-driven. */
class PolicyEvaluatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PolicyEvaluator policies(String... documents) throws Exception {
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String document : documents) {
      nodes.add(JSON.readTree(document));
    }
    return PolicyParser.parse(nodes, "principals[0]");
  }

  private static final String TEAM_A_READ = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["appmesh:Describe*","appmesh:List*"],
        "Resource":"arn:aws:appmesh:*:*:mesh/team-a*"}]}""";
  private static final String ALL_BUT_DELETE = """
      {"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"appmesh:*","Resource":"*"},
        {"Effect":"Deny","Action":"appmesh:Delete*","Resource":"arn:aws:appmesh:*:*:mesh/prod/*"}]}""";
  private static final String NOT_FORMS = """
      {"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","NotAction":"appmesh:Delete*","NotResource":"arn:aws:appmesh:*:*:mesh/secret*"}]}""";
  private static final String SINGLE_CHAR = """
      {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"appmesh:DescribeMesh","Resource":"arn:aws:appmesh:us-west-2:111122223333:mesh/team-?"}}""";

  @ParameterizedTest(name = "{0}: {1} on {2} → {3}")
  @CsvSource({
      "TEAM_A_READ, appmesh:DescribeMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/team-a, ALLOW",
      "TEAM_A_READ, appmesh:describevirtualnode, arn:aws:appmesh:us-west-2:111122223333:mesh/team-a/virtualNode/web, ALLOW",
      "TEAM_A_READ, appmesh:ListVirtualNodes, arn:aws:appmesh:us-west-2:111122223333:mesh/team-b, IMPLICIT_DENY",
      "TEAM_A_READ, appmesh:UpdateMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/team-a, IMPLICIT_DENY",
      "ALL_BUT_DELETE, appmesh:DeleteMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/prod/virtualNode/x, EXPLICIT_DENY",
      "ALL_BUT_DELETE, appmesh:DeleteMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/dev, ALLOW",
      "ALL_BUT_DELETE, appmesh:UpdateMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/prod/virtualNode/x, ALLOW",
      "NOT_FORMS, appmesh:UpdateRoute, arn:aws:appmesh:us-west-2:111122223333:mesh/open/virtualRouter/r/route/x, ALLOW",
      "NOT_FORMS, appmesh:DeleteRoute, arn:aws:appmesh:us-west-2:111122223333:mesh/open/virtualRouter/r/route/x, IMPLICIT_DENY",
      "NOT_FORMS, appmesh:UpdateRoute, arn:aws:appmesh:us-west-2:111122223333:mesh/secret-1, IMPLICIT_DENY",
      "SINGLE_CHAR, appmesh:DescribeMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/team-a, ALLOW",
      "SINGLE_CHAR, appmesh:DescribeMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/team-ab, IMPLICIT_DENY",
      "SINGLE_CHAR, appmesh:DescribeMesh, arn:aws:appmesh:us-west-2:111122223333:mesh/TEAM-a, IMPLICIT_DENY",
  })
  void evaluatesAsIamDoes(String policy, String action, String resource, Decision expected) throws Exception {
    String document = switch (policy) {
      case "TEAM_A_READ" -> TEAM_A_READ;
      case "ALL_BUT_DELETE" -> ALL_BUT_DELETE;
      case "NOT_FORMS" -> NOT_FORMS;
      default -> SINGLE_CHAR;
    };
    assertThat(policies(document).evaluate(action, resource)).isEqualTo(expected);
  }

  @Test
  void anExplicitDenyInAnyPolicyWinsOverAllowsInOthers() throws Exception {
    PolicyEvaluator evaluator = policies(TEAM_A_READ, """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"appmesh:*","Resource":"arn:aws:appmesh:*:*:mesh/team-a/virtualNode/secret"}]}""");
    assertThat(evaluator.evaluate("appmesh:DescribeVirtualNode", "arn:aws:appmesh:us-west-2:111122223333:mesh/team-a/virtualNode/secret"))
        .isEqualTo(Decision.EXPLICIT_DENY);
    assertThat(evaluator.evaluate("appmesh:DescribeVirtualNode", "arn:aws:appmesh:us-west-2:111122223333:mesh/team-a/virtualNode/web"))
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void regexCharactersInPatternsAreLiteral() throws Exception {
    PolicyEvaluator evaluator = policies("""
        {"Statement":[{"Effect":"Allow","Action":"appmesh:DescribeMesh","Resource":"arn:aws:appmesh:*:*:mesh/a.b+(c)"}]}""");
    assertThat(evaluator.evaluate("appmesh:DescribeMesh", "arn:aws:appmesh:us-west-2:1:mesh/a.b+(c)")).isEqualTo(Decision.ALLOW);
    assertThat(evaluator.evaluate("appmesh:DescribeMesh", "arn:aws:appmesh:us-west-2:1:mesh/aXbb(c)")).isEqualTo(Decision.IMPLICIT_DENY);
  }

  @Test
  void whatCannotBeHonouredIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> policies("""
        {"Statement":[{"Effect":"Allow","Action":"appmesh:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"""))
        .hasMessage("principals[0].policies[0].Statement[0]: Condition is not supported; remove it or split the policy");
    assertThatThrownBy(() -> policies("""
        {"Statement":[{"Effect":"Permit","Action":"appmesh:*","Resource":"*"}]}"""))
        .hasMessageContaining("Effect: must be Allow or Deny");
    assertThatThrownBy(() -> policies("""
        {"Statement":[{"Effect":"Allow","Action":"appmesh:*","NotAction":"x","Resource":"*"}]}"""))
        .hasMessageContaining("exactly one of Action, NotAction");
  }
}
