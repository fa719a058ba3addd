package dev.meshplane.envoy.certs;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.GetCertificateResponse;

/**
 * Trust in the root CA an ACM certificate chains up to, named {@code acm-root:<certificate ARN>}
 * by the synthesizer: what App Mesh's clients validated an ACM-certificate listener against when
 * no client policy applied. The root is the last certificate of the chain ACM returns (the
 * certificate itself when it has no chain).
 */
public final class AcmCertificateRootSource implements SecretSource {
  public static final String PREFIX = "acm-root:";

  private final AcmClient acm;

  public AcmCertificateRootSource(AcmClient acm) {
    this.acm = acm;
  }

  @Override
  public FetchedSecret fetch(String name) throws Exception {
    String certificateArn = SecretSource.after(PREFIX, name, "ACM certificate root trust");
    GetCertificateResponse response = acm.getCertificate(request -> request.certificateArn(certificateArn));
    List<X509Certificate> chain = new ArrayList<>(Pem.certificates(response.certificate()));
    if (response.certificateChain() != null && !response.certificateChain().isBlank()) {
      chain.addAll(Pem.certificates(response.certificateChain()));
    }
    X509Certificate root = chain.get(chain.size() - 1);
    return Pem.trust(name, Pem.write("CERTIFICATE", root.getEncoded()), List.of(root));
  }
}
