package dev.meshplane.manifests.cloudformation;

import java.util.Map;

/**
 * What CloudFormation would know when it applies a template: parameter values given at deploy time
 * ({@code --parameter K=V}, overriding defaults) and the pseudo parameters' region, account and
 * stack name (the stack name defaults to the file's name).
 */
public record TemplateOptions(Map<String, String> parameters, String region, String accountId, String stackName) {
  public TemplateOptions {
    parameters = Map.copyOf(parameters);
  }

  public TemplateOptions withStackName(String name) {
    return new TemplateOptions(parameters, region, accountId, name);
  }
}
