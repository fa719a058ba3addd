package dev.meshplane.launcher.meshclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.manifests.SdkModelJson;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appmesh.AppMeshClient;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The App Mesh API by operation name and App Mesh JSON ({@code call("CreateVirtualNode", input)}),
 * over the AWS SDK v2 client: credentials from the default chain (or a profile), SigV4 signing,
 * retries and the modeled exceptions are the SDK's.
 */
public final class MeshApiClient implements AutoCloseable {
  private static final String MODEL = "software.amazon.awssdk.services.appmesh.model.";
  private final AppMeshClient client;
  private final MeshplaneApi meshplane;

  private MeshApiClient(AppMeshClient client, MeshplaneApi meshplane) {
    this.client = client;
    this.meshplane = meshplane;
  }

  public static MeshApiClient connect(URI endpoint, Region signingRegion, String profile) {
    AwsCredentialsProvider credentials = profile == null
        ? DefaultCredentialsProvider.builder().build()
        : ProfileCredentialsProvider.create(profile);
    AppMeshClient client = AppMeshClient.builder()
        .endpointOverride(endpoint)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(credentials)
        .region(signingRegion)
        .build();
    return new MeshApiClient(client, new MeshplaneApi(endpoint, credentials, signingRegion));
  }

  /** Meshplane's own API under {@code /meshplane/v1}, signed the same way. */
  public MeshplaneApi meshplane() {
    return meshplane;
  }

  /** Calls {@code operation} with App Mesh JSON input; returns the output as App Mesh JSON. */
  public JsonNode call(String operation, ObjectNode input) {
    try {
      Class<?> requestClass = Class.forName(MODEL + operation + "Request");
      SdkPojo builder = (SdkPojo) requestClass.getMethod("builder").invoke(null);
      SdkModelJson.fill(builder, input, operation);
      Object request = ((SdkBuilder<?, ?>) builder).build();
      Method method = AppMeshClient.class.getMethod(Character.toLowerCase(operation.charAt(0)) + operation.substring(1), requestClass);
      return SdkModelJson.json((SdkPojo) method.invoke(client, request));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("not an App Mesh operation: " + operation, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
