package dev.meshplane.model.vocabulary;

import java.util.Arrays;
import java.util.Optional;

/** What a DNS service discovery hostname names: a load balancer (one address is the whole target) or the endpoints. */
public enum DnsResponseType {
  LOADBALANCER,
  ENDPOINTS;

  /** App Mesh's value when a virtual node's DNS discovery names none. */
  public static final DnsResponseType DEFAULT = LOADBALANCER;

  /** Whether one resolved address stands for the whole target (a load balancer's), not each one an endpoint. */
  public boolean oneAddressIsTheTarget() {
    return this == LOADBALANCER;
  }

  public static Optional<DnsResponseType> parse(String stored) {
    return Arrays.stream(values()).filter(t -> t.name().equals(stored)).findFirst();
  }

  /** The stored type; the default for an absent (or unknown) one. */
  public static DnsResponseType of(String stored) {
    return parse(stored).orElse(DEFAULT);
  }
}
