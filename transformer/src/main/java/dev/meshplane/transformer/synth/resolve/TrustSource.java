package dev.meshplane.transformer.synth.resolve;

import java.util.List;

/** Where the certificate authorities a proxy trusts come from. */
public sealed interface TrustSource {
  record File(String certificateChain) implements TrustSource {}

  record Sds(String secretName) implements TrustSource {}

  /** ACM Private CA ARNs, sorted; the management service serves their bundle as one secret. */
  record Acm(List<String> certificateAuthorityArns) implements TrustSource {
    public Acm {
      certificateAuthorityArns = List.copyOf(certificateAuthorityArns);
    }
  }
}
