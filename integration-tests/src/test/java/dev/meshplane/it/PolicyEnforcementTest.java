package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshplane.store.JournalEntry;
import dev.meshplane.store.JournaledStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.ForbiddenException;
import software.amazon.awssdk.services.appmesh.model.MeshRef;

/**
 * IAM policies from an IAM file, end to end through the AWS SDK: alice may do anything on mesh
 * team-a only (but an explicit Deny protects one of its nodes); bob lives in another account. What
 * they may not do is refused with ForbiddenException naming the action and the resource, nothing is
 * stored, ListMeshes shows each principal only what it may list, and editing the file takes effect.
 */
class PolicyEnforcementTest {
  private static final AwsBasicCredentials ALICE = AwsBasicCredentials.create("AKIAALICE00000000001", "alice-secret-0123456789");
  private static final AwsBasicCredentials BOB = AwsBasicCredentials.create("AKIABOB0000000000001", "bob-secret-0123456789");
  private static final String BOB_ACCOUNT = "444455556666";
  private static final String ARN = "arn:aws:appmesh:" + RunningServer.REGION + ":" + RunningServer.ACCOUNT + ":";
  private static final String ALICE_ARN = "arn:aws:iam::" + RunningServer.ACCOUNT + ":user/alice";

  @TempDir static Path dir;
  static Path iamFile;
  static RunningServer server;
  static AppMeshClient admin;
  static AppMeshClient alice;
  static AppMeshClient bob;
  static JournaledStore store;

  static String iam(String aliceExtraStatement) {
    return """
        {"principals": [
          {"name": "admin", "accessKeys": [{"id": "%s", "secret": "%s"}],
           "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]},
          {"name": "alice", "accessKeys": [{"id": "%s", "secret": "%s"}],
           "policies": [{"Version": "2012-10-17", "Statement": [
             {"Effect": "Allow", "Action": "appmesh:*",
              "Resource": ["arn:aws:appmesh:*:*:mesh/team-a", "arn:aws:appmesh:*:*:mesh/team-a/*"]},
             {"Effect": "Deny", "Action": "appmesh:Delete*", "Resource": "arn:aws:appmesh:*:*:mesh/team-a/virtualNode/protected"}
             %s]}]},
          {"name": "bob", "account": "%s", "accessKeys": [{"id": "%s", "secret": "%s"}],
           "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "appmesh:*", "Resource": "arn:aws:appmesh:*:*:mesh/team-c*"}]}]}
        ]}""".formatted(RunningServer.ADMIN.accessKeyId(), RunningServer.ADMIN.secretAccessKey(), ALICE.accessKeyId(),
        ALICE.secretAccessKey(), aliceExtraStatement, BOB_ACCOUNT, BOB.accessKeyId(), BOB.secretAccessKey());
  }

  @BeforeAll
  static void start() throws Exception {
    iamFile = Files.writeString(dir.resolve("iam.json"), iam(""));
    server = RunningServer.onSqlite(dir.resolve("data"), Map.of(
        "meshplane.iam-file", iamFile.toString(),
        "meshplane.iam-file-poll-interval", "200ms"));
    store = server.bean(JournaledStore.class);
    admin = server.client();
    alice = server.client(ALICE);
    bob = server.client(BOB);
    admin.createMesh(r -> r.meshName("team-b"));
    admin.createVirtualNode(r -> r.meshName("team-b").virtualNodeName("web").spec(s -> {}));
    alice.createMesh(r -> r.meshName("team-a"));
  }

  @AfterAll
  static void stop() {
    admin.close();
    alice.close();
    bob.close();
    server.close();
  }

  @Test
  void aliceManagesTeamAAndTheJournalNamesHer() {
    var node = alice.createVirtualNode(r -> r.meshName("team-a").virtualNodeName("web").spec(s -> {})).virtualNode();
    assertThat(alice.describeVirtualNode(r -> r.meshName("team-a").virtualNodeName("web")).virtualNode().metadata().arn())
        .isEqualTo(ARN + "mesh/team-a/virtualNode/web");
    assertThat(node.metadata().resourceOwner()).isEqualTo(RunningServer.ACCOUNT);
    assertThat(alice.listVirtualNodes(r -> r.meshName("team-a")).virtualNodes()).extracting(v -> v.virtualNodeName()).contains("web");
    alice.deleteVirtualNode(r -> r.meshName("team-a").virtualNodeName("web"));
    List<JournalEntry> journal = store.journalAfter(0, 1_000_000);
    assertThat(journal.stream().filter(e -> e.id().mesh().equals("team-a")).map(JournalEntry::principal)).isNotEmpty()
        .allMatch(ALICE_ARN::equals);
  }

  @Test
  void aliceIsForbiddenOnTeamBNamingTheActionAndTheResource() {
    forbidden(() -> alice.createVirtualNode(r -> r.meshName("team-b").virtualNodeName("intruder").spec(s -> {})),
        "appmesh:CreateVirtualNode", ARN + "mesh/team-b/virtualNode/intruder");
    forbidden(() -> alice.describeMesh(r -> r.meshName("team-b")), "appmesh:DescribeMesh", ARN + "mesh/team-b");
    forbidden(() -> alice.deleteMesh(r -> r.meshName("team-b")), "appmesh:DeleteMesh", ARN + "mesh/team-b");
    forbidden(() -> alice.deleteVirtualNode(r -> r.meshName("team-b").virtualNodeName("web")),
        "appmesh:DeleteVirtualNode", ARN + "mesh/team-b/virtualNode/web");
    forbidden(() -> alice.listVirtualNodes(r -> r.meshName("team-b")), "appmesh:ListVirtualNodes", ARN + "mesh/team-b");
    forbidden(() -> alice.tagResource(r -> r.resourceArn(ARN + "mesh/team-b").tags(t -> t.key("k").value("v"))),
        "appmesh:TagResource", ARN + "mesh/team-b");
    assertThat(admin.describeVirtualNode(r -> r.meshName("team-b").virtualNodeName("web")).virtualNode()).isNotNull();
  }

  @Test
  void listMeshesShowsOnlyWhatThePrincipalMayList() {
    // alice's policy names mesh/team-a exactly: a mesh she might create as team-a2 would not be hers to list
    assertThat(alice.listMeshes(r -> {}).meshes()).extracting(MeshRef::meshName).contains("team-a").doesNotContain("team-b");
    assertThat(admin.listMeshes(r -> {}).meshes()).extracting(MeshRef::meshName).contains("team-a", "team-b");
    assertThat(bob.listMeshes(r -> {}).meshes()).extracting(MeshRef::meshName).doesNotContain("team-a", "team-b");
  }

  @Test
  void anExplicitDenyWinsOverTheAllow() {
    alice.createVirtualNode(r -> r.meshName("team-a").virtualNodeName("protected").spec(s -> {}));
    forbidden(() -> alice.deleteVirtualNode(r -> r.meshName("team-a").virtualNodeName("protected")),
        "appmesh:DeleteVirtualNode", ARN + "mesh/team-a/virtualNode/protected");
    assertThat(alice.describeVirtualNode(r -> r.meshName("team-a").virtualNodeName("protected")).virtualNode()).isNotNull();
  }

  @Test
  void aPrincipalOfAnotherAccountOwnsWhatItCreatesAndCannotNameAnotherOwner() {
    var mesh = bob.createMesh(r -> r.meshName("team-c")).mesh();
    assertThat(mesh.metadata().meshOwner()).isEqualTo(BOB_ACCOUNT);
    assertThat(mesh.metadata().resourceOwner()).isEqualTo(BOB_ACCOUNT);
    forbidden(() -> bob.describeMesh(r -> r.meshName("team-c").meshOwner(RunningServer.ACCOUNT)), "meshOwner", BOB_ACCOUNT);
    assertThat(bob.describeMesh(r -> r.meshName("team-c").meshOwner(BOB_ACCOUNT)).mesh().meshName()).isEqualTo("team-c");
  }

  @Test
  void editingTheIamFileGrantsANewPermission() throws Exception {
    forbidden(() -> alice.describeVirtualNode(r -> r.meshName("team-b").virtualNodeName("web")),
        "appmesh:DescribeVirtualNode", ARN + "mesh/team-b/virtualNode/web");
    try {
      Files.writeString(iamFile,
          iam(", {\"Effect\": \"Allow\", \"Action\": \"appmesh:Describe*\", \"Resource\": \"arn:aws:appmesh:*:*:mesh/team-b/*\"}"));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(ForbiddenException.class)
          .until(() -> alice.describeVirtualNode(r -> r.meshName("team-b").virtualNodeName("web")).virtualNode() != null);
      forbidden(() -> alice.deleteVirtualNode(r -> r.meshName("team-b").virtualNodeName("web")),
          "appmesh:DeleteVirtualNode", ARN + "mesh/team-b/virtualNode/web");
    } finally {
      Files.writeString(iamFile, iam(""));
    }
  }

  private static long journalHead() {
    List<JournalEntry> entries = store.journalAfter(0, 1_000_000);
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
  }

  private static void forbidden(ThrowingCallable call, String action, String resource) {
    long head = journalHead();
    assertThatThrownBy(call).isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.statusCode()).isEqualTo(403))
        .hasMessageContaining(action).hasMessageContaining(resource);
    assertThat(journalHead()).as("journal head after a forbidden request").isEqualTo(head);
  }
}
