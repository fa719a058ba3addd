package dev.meshplane.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.manifests.apijson.ApiJsonReader;
import dev.meshplane.manifests.cloudformation.CloudFormationReader;
import dev.meshplane.manifests.cloudformation.TemplateOptions;
import dev.meshplane.manifests.k8s.KubernetesObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files and directories (their {@code .json}, {@code .yaml}, {@code .yml} files, in name order,
 * recursively) read into one {@link ManifestContents}, each document by its own format:
 * a CloudFormation template, a Kubernetes manifest of the App Mesh controller, or App Mesh API JSON.
 */
public final class ManifestFiles {
  private ManifestFiles() {}

  public static ManifestContents read(List<Path> paths, TemplateOptions options) {
    List<DeclaredResource> resources = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    // Kubernetes objects refer to each other across files (a Mesh in one, its nodes in others): read together.
    List<KubernetesObject> kubernetesObjects = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : files(path)) {
        for (JsonNode document : DocumentLoader.load(file)) {
          if (document == null || document.isNull() || document.isMissingNode()) {
            continue;
          }
          if (isKubernetesObject(document)) {
            kubernetesObjects.add(new KubernetesObject(file.toString(), document));
            continue;
          }
          ManifestContents contents = readDocument(file, document, options);
          resources.addAll(contents.resources());
          skipped.addAll(contents.skipped());
        }
      }
    }
    ManifestContents kubernetes = KubernetesDocuments.read(kubernetesObjects);
    resources.addAll(kubernetes.resources());
    skipped.addAll(kubernetes.skipped());
    return new ManifestContents(resources, skipped);
  }

  private static boolean isKubernetesObject(JsonNode document) {
    return document.isObject() && document.path("apiVersion").isTextual() && document.path("kind").isTextual();
  }

  private static ManifestContents readDocument(Path file, JsonNode document, TemplateOptions options) {
    String name = file.toString();
    if (CloudFormationReader.isTemplate(document)) {
      String stack = file.getFileName().toString().replaceFirst("\\.(json|ya?ml|template)$", "");
      return CloudFormationReader.read(name, document, options.stackName() == null ? options.withStackName(stack) : options);
    }
    return ApiJsonReader.read(name, document);
  }

  private static List<Path> files(Path path) {
    if (!Files.exists(path)) {
      throw new ManifestException(path.toString(), null, "no such file or directory");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(json|ya?ml)$"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ManifestException(path.toString(), null, "cannot list: " + e.getMessage());
    }
  }
}
