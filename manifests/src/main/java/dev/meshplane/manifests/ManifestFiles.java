package dev.meshplane.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshplane.manifests.apijson.ApiJsonReader;
import dev.meshplane.manifests.cloudformation.CloudFormationReader;
import dev.meshplane.manifests.cloudformation.TemplateOptions;
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
    for (Path path : paths) {
      for (Path file : files(path)) {
        for (JsonNode document : DocumentLoader.load(file)) {
          ManifestContents contents = readDocument(file, document, options);
          resources.addAll(contents.resources());
          skipped.addAll(contents.skipped());
        }
      }
    }
    return new ManifestContents(resources, skipped);
  }

  private static ManifestContents readDocument(Path file, JsonNode document, TemplateOptions options) {
    String name = file.toString();
    if (document == null || document.isNull() || document.isMissingNode()) {
      return new ManifestContents(List.of(), List.of());
    }
    if (CloudFormationReader.isTemplate(document)) {
      String stack = file.getFileName().toString().replaceFirst("\\.(json|ya?ml|template)$", "");
      return CloudFormationReader.read(name, document, options.stackName() == null ? options.withStackName(stack) : options);
    }
    if (document.isObject() && document.path("apiVersion").isTextual() && document.has("kind")) {
      return KubernetesDocuments.read(name, document);
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
