package dev.meshplane.envoy.certs;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/** A root CA made in ACM Private CA (moto's, through the real SDK), ready to issue. */
public final class MotoPrivateCa {
  private MotoPrivateCa() {}

  /** Creates the CA, issues its own CSR from the root template and imports that certificate; returns its ARN. */
  public static String root(AcmPcaClient acmPca, String commonName) {
    String arn = acmPca.createCertificateAuthority(r -> r
            .certificateAuthorityType(CertificateAuthorityType.ROOT)
            .certificateAuthorityConfiguration(c -> c
                .keyAlgorithm(KeyAlgorithm.RSA_2048)
                .signingAlgorithm(SigningAlgorithm.SHA256_WITHRSA)
                .subject(s -> s.commonName(commonName).organization("Meshplane tests"))))
        .certificateAuthorityArn();
    String csr = acmPca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr();
    String issued = acmPca.issueCertificate(r -> r
            .certificateAuthorityArn(arn)
            .csr(SdkBytes.fromUtf8String(csr))
            .signingAlgorithm(SigningAlgorithm.SHA256_WITHRSA)
            .templateArn("arn:aws:acm-pca:::template/RootCACertificate/V1")
            .validity(v -> v.type(ValidityPeriodType.YEARS).value(1L)))
        .certificateArn();
    String certificate = acmPca.getCertificate(r -> r.certificateAuthorityArn(arn).certificateArn(issued))
        .certificate();
    acmPca.importCertificateAuthorityCertificate(r -> r
        .certificateAuthorityArn(arn).certificate(SdkBytes.fromUtf8String(certificate)));
    return arn;
  }
}
