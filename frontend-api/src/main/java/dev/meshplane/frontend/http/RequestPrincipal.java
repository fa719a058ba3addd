package dev.meshplane.frontend.http;

import dev.meshplane.auth.Principal;
import dev.meshplane.frontend.api.Caller;

/**
 * Who made a request, for the journal and for ownership: the verified principal's IAM ARN
 * ({@code arn:aws:iam::<account>:user/<name>}, unique across accounts) and its account.
 */
final class RequestPrincipal {
  private RequestPrincipal() {}

  static Caller of(Principal principal) {
    return new Caller(principal.arn(), principal.account());
  }
}
