package dev.meshplane.envoy.certs;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.GetCertificateAuthorityCertificateResponse;

/**
 * Trust in ACM Private CAs, named {@code acm-ca:<arn>[,<arn>...]} by the synthesizer: each CA's
 * certificate and chain, all concatenated into one validation context's trusted CA. Every CA
 * must be read: a partial bundle would reject peers the mesh says to trust.
 */
public final class AcmCertificateAuthoritySource implements SecretSource {
  public static final String PREFIX = "acm-ca:";

  private final AcmPcaClient acmPca;

  public AcmCertificateAuthoritySource(AcmPcaClient acmPca) {
    this.acmPca = acmPca;
  }

  @Override
  public FetchedSecret fetch(String name) throws Exception {
    String arns = SecretSource.after(PREFIX, name, "ACM Private CA trust");
    List<String> pems = new ArrayList<>();
    List<X509Certificate> certificates = new ArrayList<>();
    for (String arn : arns.split(",")) {
      GetCertificateAuthorityCertificateResponse response =
          acmPca.getCertificateAuthorityCertificate(request -> request.certificateAuthorityArn(arn.strip()));
      for (String pem : new String[] {response.certificate(), response.certificateChain()}) {
        if (pem != null && !pem.isBlank()) {
          certificates.addAll(Pem.certificates(pem));
          pems.add(pem);
        }
      }
    }
    return Pem.trust(name, Pem.join(pems), certificates);
  }
}
