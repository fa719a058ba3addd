package dev.meshplane.frontend.api;

import dev.meshplane.auth.Principal;

/**
 * Who makes a request, once its signature is verified: the principal recorded in the journal (its
 * IAM ARN, unique across accounts) and the account that becomes the owner of what it creates.
 */
public record Caller(String principal, String account) {
  public static Caller of(Principal principal) {
    return new Caller(principal.arn(), principal.account());
  }
}
