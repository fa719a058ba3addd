package dev.meshplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IamFileDirectoryTest {
  private static final String ALICE = """
      {"principals":[{"name":"alice","accessKeys":[{"id":"AKIAALICE","secret":"s1"}],
        "policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"appmesh:*",
          "Resource":["arn:aws:appmesh:*:*:mesh/team-a","arn:aws:appmesh:*:*:mesh/team-a/*"]}]}]},
       {"name":"bob","account":"999988887777","accessKeys":[{"id":"AKIABOB","secret":"s2"},{"id":"AKIABOB2","secret":"s3"}]}]}""";

  @TempDir Path dir;

  @Test
  void loadsPrincipalsWithTheirAccountsKeysAndPolicies() throws Exception {
    Path file = Files.writeString(dir.resolve("iam.json"), ALICE);
    try (IamFileDirectory directory = new IamFileDirectory(file, "111122223333", Duration.ofHours(1))) {
      Principal alice = directory.byAccessKeyId("AKIAALICE").orElseThrow().principal();
      assertThat(alice.arn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
      assertThat(alice.authorize("appmesh:CreateVirtualNode", "arn:aws:appmesh:us-west-2:111122223333:mesh/team-a/virtualNode/n"))
          .isEqualTo(Decision.ALLOW);
      assertThat(alice.authorize("appmesh:DescribeMesh", "arn:aws:appmesh:us-west-2:111122223333:mesh/team-b"))
          .isEqualTo(Decision.IMPLICIT_DENY);
      assertThat(directory.byAccessKeyId("AKIABOB2").orElseThrow().principal().arn()).isEqualTo("arn:aws:iam::999988887777:user/bob");
      assertThat(directory.byAccessKeyId("AKIABOB2").orElseThrow().key().secret()).isEqualTo("s3");
      assertThat(directory.byAccessKeyId("AKIANOBODY")).isEmpty();
    }
  }

  @Test
  void refusesToStartOnAnInvalidFileNamingTheProblem() throws Exception {
    assertRefused("{\"principals\":[{\"name\":\"a\",\"accessKeys\":[{\"id\":\"K\",\"secret\":\"s\"}]},"
        + "{\"name\":\"b\",\"accessKeys\":[{\"id\":\"K\",\"secret\":\"t\"}]}]}", "principals[1].accessKeys[0].id: access key id K is also used by");
    assertRefused("{\"principals\":[{\"name\":\"a\",\"accessKeys\":[{\"id\":\"K\",\"secret\":\"s\"}],"
        + "\"policies\":[{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{}}]}]}]}",
        "principals[0].policies[0].Statement[0]: Condition is not supported");
    assertRefused("{\"principals\":[{\"name\":\"a\",\"account\":\"12\",\"accessKeys\":[{\"id\":\"K\",\"secret\":\"s\"}]}]}",
        "principals[0].account");
    assertRefused("{\"principals\":[{\"name\":\"a\"}]}", "principals[0].accessKeys");
    assertRefused("{\"principals\":[{\"name\":\"a\",\"accessKeys\":[{\"id\":\"K\"}]}]}", "principals[0].accessKeys[0].secret");
    assertRefused("{\"users\":[]}", "\"principals\" list");
    assertRefused("{not json", "not valid JSON");
  }

  private void assertRefused(String content, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), content);
    assertThatThrownBy(() -> new IamFileDirectory(file, "111122223333", Duration.ofHours(1)).close())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message).hasMessageContaining(file.toString());
  }

  @Test
  void reloadTakesEffectAndABadReloadKeepsThePreviousPrincipals() throws Exception {
    Path file = Files.writeString(dir.resolve("iam.json"), ALICE);
    try (IamFileDirectory directory = new IamFileDirectory(file, "111122223333", Duration.ofMillis(50))) {
      String team = "arn:aws:appmesh:us-west-2:111122223333:mesh/team-b";
      assertThat(directory.byAccessKeyId("AKIAALICE").orElseThrow().principal().authorize("appmesh:DescribeMesh", team).allowed()).isFalse();

      Files.writeString(file, ALICE.replace("mesh/team-a\"", "mesh/team-b\""));
      waitUntil(() -> directory.byAccessKeyId("AKIAALICE").orElseThrow().principal().authorize("appmesh:DescribeMesh", team).allowed());

      Files.writeString(file, "{\"principals\": [ broken");
      Thread.sleep(300); // several polls
      assertThat(directory.byAccessKeyId("AKIAALICE").orElseThrow().principal().authorize("appmesh:DescribeMesh", team).allowed()).isTrue();

      Files.writeString(file, "{\"principals\":[]}");
      waitUntil(() -> directory.byAccessKeyId("AKIAALICE").isEmpty());
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void adminCredentialsAreGeneratedOncePrivatelyInTheSharedCredentialsFormat() throws Exception {
    AccessKey first = AdminCredentials.loadOrCreate(dir);
    AccessKey second = AdminCredentials.loadOrCreate(dir);
    assertThat(second).isEqualTo(first);
    assertThat(first.id()).matches("AKIA[A-Z2-7]{16}");
    Path file = dir.resolve(AdminCredentials.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("[default]\naws_access_key_id = " + first.id() + "\naws_secret_access_key = " + first.secret());
    Principal admin = StaticPrincipalDirectory.admin(first, "111122223333").byAccessKeyId(first.id()).orElseThrow().principal();
    assertThat(admin.authorize("appmesh:DeleteMesh", "arn:aws:appmesh:us-west-2:111122223333:mesh/anything")).isEqualTo(Decision.ALLOW);
  }
}
