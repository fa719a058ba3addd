package dev.meshplane.envoy.security;

import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads which proxy a client certificate was issued to: a URI SAN holding the node's ARN
 * ({@code arn:aws:appmesh:<region>:<account>:mesh/<mesh>/virtualNode/<name>}, virtual gateways alike)
 * or its short form ({@code mesh/<mesh>/virtualNode/<name>}).
 *
 * <p>The SAN extension is read from its DER here because the JDK's
 * {@link X509Certificate#getSubjectAlternativeNames()} rejects the whole extension when a URI has
 * no scheme, as the short form has not.
 */
public final class NodeCertificates {
  private static final String SUBJECT_ALT_NAME_OID = "2.5.29.17";
  private static final int OCTET_STRING = 0x04;
  private static final int SEQUENCE = 0x30;
  /** GeneralName uniformResourceIdentifier: [6] IMPLICIT IA5String. */
  private static final int URI_TAG = 0x86;

  private NodeCertificates() {}

  /** Empty when no URI SAN names a virtual node or gateway. */
  public static Optional<ResourceId> node(X509Certificate certificate) {
    return uris(certificate).stream()
        .flatMap(uri -> Arns.parse(uri).stream())
        .filter(id -> id.kind() == ResourceKind.VIRTUAL_NODE || id.kind() == ResourceKind.VIRTUAL_GATEWAY)
        .findFirst();
  }

  /** The certificate's URI SANs; empty when it has none or the extension is malformed. */
  static List<String> uris(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(SUBJECT_ALT_NAME_OID);
    List<String> uris = new ArrayList<>();
    if (extension == null) {
      return uris;
    }
    try {
      Tlv wrapper = Tlv.read(extension, 0);
      Tlv names = wrapper.tag() == OCTET_STRING ? Tlv.read(extension, wrapper.start()) : null;
      if (names == null || names.tag() != SEQUENCE) {
        return List.of();
      }
      int at = names.start();
      while (at < names.end()) {
        Tlv name = Tlv.read(extension, at);
        if (name.tag() == URI_TAG) {
          uris.add(new String(extension, name.start(), name.end() - name.start(), StandardCharsets.US_ASCII));
        }
        at = name.end();
      }
      return uris;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return List.of();
    }
  }

  /** One DER tag-length-value: its tag and where its value starts and ends in the buffer. */
  private record Tlv(int tag, int start, int end) {
    static Tlv read(byte[] der, int at) {
      int tag = der[at] & 0xff;
      int length = der[at + 1] & 0xff;
      int start = at + 2;
      if (length >= 0x80) {
        int bytes = length & 0x7f;
        if (bytes == 0 || bytes > 3) {
          throw new IllegalArgumentException("unsupported DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[start + i] & 0xff);
        }
        start += bytes;
      }
      if (start + length > der.length) {
        throw new IllegalArgumentException("truncated DER");
      }
      return new Tlv(tag, start, start + length);
    }
  }
}
