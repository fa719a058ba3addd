package dev.meshplane.manifests.k8s;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource name in an App Mesh ARN given in a CRD ({@code virtualNodeARN}, {@code
 * virtualServiceARN}, {@code virtualRouterARN}): the controller takes the last segment of {@code
 * mesh/<mesh>/<type>/<name>} after checking the type.
 */
final class AppMeshArn {

  private static final Pattern RESOURCE = Pattern.compile("^mesh/([^/]+)/([^/]+)/([^/]+)$");

  private AppMeshArn() {}

  static String resourceName(String arn, String expectedType, String fieldPath) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[0].equals("arn")) {
      throw new TranslationError(fieldPath, "invalid arn " + arn
          + " (expected arn:aws:appmesh:<region>:<account>:mesh/<mesh>/" + expectedType + "/<name>)");
    }
    Matcher matcher = RESOURCE.matcher(parts[5]);
    if (!matcher.matches()) {
      throw new TranslationError(fieldPath, "invalid resource in appMesh ARN: " + parts[5]
          + " (expected mesh/<mesh>/" + expectedType + "/<name>)");
    }
    if (!matcher.group(2).equals(expectedType)) {
      throw new TranslationError(fieldPath, "expects " + expectedType + " ARN, got " + matcher.group(2));
    }
    return matcher.group(3);
  }
}
