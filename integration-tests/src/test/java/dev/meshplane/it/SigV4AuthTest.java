package dev.meshplane.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.store.JournalEntry;
import dev.meshplane.store.JournaledStore;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.services.appmesh.model.AppMeshException;

/**
 * SigV4 on the REST API: the AWS SDK and the AWS CLI, signing as usual with a valid key, work;
 * unsigned, unknown-key, wrong-secret, tampered-body, tampered-header and stale requests are each
 * refused with the 403 error type AWS gives, and the journal does not move.
 */
class SigV4AuthTest {
  @TempDir static Path dataDir;
  static RunningServer server;
  static JournaledStore store;

  @BeforeAll
  static void start() {
    server = RunningServer.onSqlite(dataDir);
    store = server.bean(JournaledStore.class);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long journalHead() {
    List<JournalEntry> entries = store.journalAfter(0, 1_000_000);
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
  }

  private static URI meshes() {
    return server.endpoint().resolve("/v20190125/meshes");
  }

  @Test
  void theSdkSigningWithTheAdminKeyWorksAndTheJournalNamesThePrincipal() {
    try (AppMeshClient appMesh = server.client()) {
      var mesh = appMesh.createMesh(r -> r.meshName("signed-sdk")).mesh();
      assertThat(mesh.metadata().resourceOwner()).isEqualTo(RunningServer.ACCOUNT);
      assertThat(appMesh.listMeshes(r -> {}).meshes()).extracting(m -> m.meshName()).contains("signed-sdk");
    }
    JournalEntry last = store.journalAfter(0, 1_000_000).stream().reduce((a, b) -> b).orElseThrow();
    assertThat(last.principal()).isEqualTo(RunningServer.ADMIN_ARN);
  }

  @Test
  void theCliSigningWithTheAdminKeyWorksAndWithAWrongSecretIsRefused() {
    CliAppMesh cli = new CliAppMesh(server.endpoint(), dataDir);
    assertThat(cli.call("create-mesh", List.of("--mesh-name", "signed-cli")).path("mesh").path("meshName").asText())
        .isEqualTo("signed-cli");
    long head = journalHead();
    CliAppMesh.Result refused = new CliAppMesh(server.endpoint(), dataDir,
        AwsBasicCredentials.create(RunningServer.ADMIN.accessKeyId(), "wrong-secret")).run("create-mesh", List.of("--mesh-name", "cli-x"));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("InvalidSignatureException").contains("The request signature we calculated does not match");
    assertThat(journalHead()).isEqualTo(head);
  }

  @Test
  void anUnsignedRequestIsRefusedAsMissingAuthenticationToken() throws Exception {
    refused(SignedHttp.sign("PUT", meshes(), "{\"meshName\":\"unsigned\"}", server.credentials())
        .withoutHeader("Authorization"), "MissingAuthenticationTokenException", "Missing Authentication Token");
  }

  @Test
  void aMalformedAuthorizationHeaderIsRefusedAsIncompleteSignature() throws Exception {
    long head = journalHead();
    HttpResponse<String> response = SignedHttp.sign("PUT", meshes(), "{\"meshName\":\"malformed\"}", server.credentials())
        .withHeader("Authorization", "AWS4-HMAC-SHA256 Credential=" + RunningServer.ADMIN.accessKeyId() + "/20261129/us-west-2/appmesh").send();
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("IncompleteSignatureException");
    assertThat(response.body()).contains("Authorization header is malformed");
    assertThat(journalHead()).isEqualTo(head);
  }

  @Test
  void anUnknownKeyIsRefusedAsUnrecognizedClient() {
    sdkRefused(AwsBasicCredentials.create("AKIANOBODYKNOWSTHIS1", "whatever"), "UnrecognizedClientException",
        "The security token included in the request is invalid");
  }

  @Test
  void aWrongSecretIsRefusedAsInvalidSignature() {
    sdkRefused(AwsBasicCredentials.create(RunningServer.ADMIN.accessKeyId(), "not-the-admin-secret"), "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided");
  }

  @Test
  void aBodyChangedAfterSigningIsRefused() throws Exception {
    // the SDK signer also sends X-Amz-Content-Sha256, which is checked against the body first
    refused(SignedHttp.sign("PUT", meshes(), "{\"meshName\":\"body-a\"}", server.credentials())
        .withBody("{\"meshName\":\"body-b\"}"), "InvalidSignatureException", "does not match");
  }

  @Test
  void aSignedHeaderChangedAfterSigningIsRefused() throws Exception {
    refused(SignedHttp.sign("PUT", meshes(), "{\"meshName\":\"header\"}", server.credentials())
            .withHeader("Content-Type", "application/x-amz-json-1.1"),
        "InvalidSignatureException", "The request signature we calculated does not match");
  }

  @Test
  void aSignatureTwentyMinutesOldIsRefusedAsExpired() throws Exception {
    Clock twentyMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
    HttpResponse<String> response = refused(
        SignedHttp.sign("PUT", meshes(), "{\"meshName\":\"stale\"}", server.credentials(), twentyMinutesAgo),
        "InvalidSignatureException", "Signature expired:");
    assertThat(response.body()).contains("is now earlier than");
  }

  @Test
  void theConfigViewNeedsASignatureToo() throws Exception {
    URI config = server.endpoint().resolve("/meshplane/v1/meshes/any/virtualNodes/any/config");
    refused(SignedHttp.sign("GET", config, null, server.credentials()).withoutHeader("Authorization"),
        "MissingAuthenticationTokenException", "Missing Authentication Token");
  }

  private static void sdkRefused(AwsBasicCredentials credentials, String errorType, String message) {
    long head = journalHead();
    try (AppMeshClient appMesh = server.client(credentials)) {
      assertThatThrownBy(() -> appMesh.createMesh(r -> r.meshName("refused")))
          .isInstanceOfSatisfying(AppMeshException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorType);
          })
          .hasMessageContaining(message);
    }
    assertThat(journalHead()).isEqualTo(head);
  }

  /** Sends {@code request}: refused with 403 {@code errorType} and {@code message}, the journal unmoved. */
  private static HttpResponse<String> refused(SignedHttp.Signed request, String errorType, String message)
      throws Exception {
    long head = journalHead();
    HttpResponse<String> response = request.send();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains(errorType);
    assertThat(response.body()).contains("\"message\"").contains(message);
    assertThat(journalHead()).isEqualTo(head);
    return response;
  }
}
