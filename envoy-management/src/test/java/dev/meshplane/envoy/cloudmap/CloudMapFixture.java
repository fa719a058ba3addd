package dev.meshplane.envoy.cloudmap;

import dev.meshplane.configstore.MotoServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.servicediscovery.ServiceDiscoveryClient;
import software.amazon.awssdk.services.servicediscovery.model.DiscoverInstancesRequest;
import software.amazon.awssdk.services.servicediscovery.model.NamespaceSummary;

/** Cloud Map in moto_server through the real AWS SDK: namespaces, services, instances. */
public final class CloudMapFixture {
  private final ServiceDiscoveryClient client;
  private final AtomicInteger discoverCalls = new AtomicInteger();

  public CloudMapFixture(MotoServer moto) {
    this.client = moto.configure(ServiceDiscoveryClient.builder())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c
            // DiscoverInstances goes to a "data-" host prefix, which the emulator's address cannot take.
            .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
            .addExecutionInterceptor(new ExecutionInterceptor() {
              @Override
              public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DiscoverInstancesRequest) {
                  discoverCalls.incrementAndGet();
                }
              }
            }))
        .build();
  }

  public ServiceDiscoveryClient client() {
    return client;
  }

  /** How many DiscoverInstances calls this client made. */
  public int discoverCalls() {
    return discoverCalls.get();
  }

  /** Creates an HTTP namespace (if new) and a service in it; returns the service id. */
  public String service(String namespace, String service) {
    String namespaceId = namespaceId(namespace);
    if (namespaceId == null) {
      client.createHttpNamespace(r -> r.name(namespace));
      namespaceId = namespaceId(namespace);
    }
    String id = namespaceId;
    return client.createService(r -> r.name(service).namespaceId(id)).service().id();
  }

  public void register(String serviceId, String instanceId, String ipv4, Map<String, String> custom) {
    Map<String, String> attributes = new HashMap<>(custom);
    attributes.put("AWS_INSTANCE_IPV4", ipv4);
    attributes.put("AWS_INSTANCE_PORT", "9999");
    client.registerInstance(r -> r.serviceId(serviceId).instanceId(instanceId).attributes(attributes));
  }

  public void deregister(String serviceId, String instanceId) {
    client.deregisterInstance(r -> r.serviceId(serviceId).instanceId(instanceId));
  }

  private String namespaceId(String name) {
    return client.listNamespaces().namespaces().stream()
        .filter(n -> n.name().equals(name))
        .map(NamespaceSummary::id)
        .findFirst()
        .orElse(null);
  }
}
