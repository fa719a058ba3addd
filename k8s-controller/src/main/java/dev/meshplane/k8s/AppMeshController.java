package dev.meshplane.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshplane.k8s.webhook.ClusterView;
import dev.meshplane.manifests.k8s.AppMeshManifestReader;
import dev.meshplane.manifests.k8s.AppMeshManifestReader.Translation;
import dev.meshplane.manifests.k8s.KubernetesObject;
import dev.meshplane.manifests.k8s.ManifestError;
import dev.meshplane.model.Arns;
import dev.meshplane.model.ResourceId;
import dev.meshplane.model.ResourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reconciles the App Mesh controller's custom resources into Meshplane, level-driven: every pass
 * (on any change the informers see, and every {@code resync}) recomputes the App Mesh resources
 * from all objects in the cluster and makes the API match them; objects being deleted lose their
 * App Mesh resources, then the finalizer.
 */
public final class AppMeshController implements ClusterView, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AppMeshController.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Changes arriving together (a kubectl apply of many objects) make one pass. */
  private static final long DEBOUNCE_MILLIS = 200;

  private final KubernetesClient kube;
  private final ResourceApplier applier;
  private final Duration resync;
  private final Backoff backoff;
  private final Clock clock;
  private final AppMeshManifestReader reader = new AppMeshManifestReader();
  private final Map<CrdKind, SharedIndexInformer<GenericKubernetesResource>> informers = new HashMap<>();
  private SharedIndexInformer<Namespace> namespaces;
  private final Object signal = new Object();
  private boolean changed;
  private volatile boolean running;
  private Thread worker;

  public AppMeshController(KubernetesClient kube, AppMeshApiClient appMesh, ControllerSettings settings) {
    this.kube = kube;
    this.applier = new ResourceApplier(new AppMeshApi(appMesh.client()));
    this.resync = settings.resync();
    this.clock = Clock.systemUTC();
    this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), clock);
  }

  public void start() {
    ResourceEventHandler<Object> onChange = new ResourceEventHandler<>() {
      @Override
      public void onAdd(Object obj) {
        wake();
      }

      @Override
      public void onUpdate(Object oldObj, Object newObj) {
        wake();
      }

      @Override
      public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
        wake();
      }
    };
    for (CrdKind kind : CrdKind.values()) {
      var resources = kube.genericKubernetesResources(kind.context());
      @SuppressWarnings({"unchecked", "rawtypes"})
      ResourceEventHandler<GenericKubernetesResource> handler = (ResourceEventHandler) onChange;
      informers.put(kind, kind.namespaced()
          ? resources.inAnyNamespace().inform(handler, 0)
          : resources.inform(handler, 0));
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    ResourceEventHandler<Namespace> namespaceHandler = (ResourceEventHandler) onChange;
    namespaces = kube.namespaces().inform(namespaceHandler, 0);
    running = true;
    worker = new Thread(this::loop, "appmesh-controller");
    worker.setDaemon(true);
    worker.start();
  }

  /** How often an object was tried (tests prove an invalid object is retried with backoff, not in a storm). */
  public int attempts(String uid) {
    return backoff.attempts(uid);
  }

  private void wake() {
    synchronized (signal) {
      changed = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      try {
        reconcileAll();
      } catch (RuntimeException e) {
        LOG.warn("reconcile pass failed; next pass retries", e);
      }
      try {
        synchronized (signal) {
          long deadline = System.currentTimeMillis() + resync.toMillis();
          while (!changed && running && System.currentTimeMillis() < deadline) {
            signal.wait(Math.max(1, deadline - System.currentTimeMillis()));
          }
          changed = false;
        }
        Thread.sleep(DEBOUNCE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public List<KubernetesObject> appMeshObjects() {
    List<KubernetesObject> objects = new ArrayList<>();
    for (CrdKind kind : CrdKind.values()) {
      for (GenericKubernetesResource resource : informers.get(kind).getStore().list()) {
        objects.add(new KubernetesObject("cluster", JSON.valueToTree(resource)));
      }
    }
    return objects;
  }

  @Override
  public Map<String, Map<String, String>> namespaceLabels() {
    Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    for (Namespace namespace : namespaces.getStore().list()) {
      Map<String, String> labels = namespace.getMetadata().getLabels();
      namespaceLabels.put(namespace.getMetadata().getName(), labels == null ? Map.of() : labels);
    }
    return namespaceLabels;
  }

  /** One level-driven pass over every object. */
  void reconcileAll() {
    Map<String, GenericKubernetesResource> byOrigin = new HashMap<>();
    for (CrdKind kind : CrdKind.values()) {
      for (GenericKubernetesResource resource : informers.get(kind).getStore().list()) {
        byOrigin.put(new KubernetesObject("cluster", JSON.valueToTree(resource)).origin("default"), resource);
      }
    }
    List<KubernetesObject> objects = appMeshObjects();
    Map<String, Map<String, String>> namespaceLabels = namespaceLabels();
    List<Translation> translations = reader.translate(objects, namespaceLabels);
    List<Translation> deleting = new ArrayList<>();
    for (Translation translation : translations) {
      GenericKubernetesResource resource = byOrigin.get(translation.source().origin("default"));
      if (resource == null) {
        continue;
      }
      if (resource.getMetadata().getDeletionTimestamp() != null) {
        deleting.add(translation);
      } else {
        reconcileObject(translation, resource);
      }
    }
    // Dependents first: gateway routes and services before routers and nodes, the mesh last.
    deleting.sort(Comparator.comparingInt(t -> -AppMeshManifestReader.KINDS.indexOf(t.source().kind())));
    for (Translation translation : deleting) {
      cleanupObject(translation, byOrigin.get(translation.source().origin("default")));
    }
  }

  private void reconcileObject(Translation translation, GenericKubernetesResource resource) {
    CrdKind kind = CrdKind.of(resource.getKind()).orElseThrow();
    String key = backoffKey(resource);
    long specVersion = translation.source().spec().hashCode();
    if (!kind.hasAppMeshResource() || !backoff.mayTry(key, specVersion)) {
      return;
    }
    JsonNode oldStatus = JSON.valueToTree(resource.getAdditionalProperties().getOrDefault("status", Map.of()));
    Long generation = resource.getMetadata().getGeneration();
    ObjectNode status;
    try {
      addFinalizer(kind, resource);
      if (!translation.ok()) {
        String message = translation.errors().stream().map(ManifestError::toString).collect(Collectors.joining("; "));
        status = CrdStatus.of(kind, oldStatus, generation, null, null, false, "InvalidSpec", message, clock.instant());
        backoff.failed(key, specVersion);
      } else {
        ResourceApplier.Applied applied = applier.apply(translation.resources());
        deleteRenamed(kind, oldStatus, applied.arn(), translation);
        status = CrdStatus.of(kind, oldStatus, generation, applied.arn(), applied.routeArns(), applied.active(),
            null, null, clock.instant());
        backoff.succeeded(key);
      }
    } catch (AwsServiceException e) {
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      String code = e.awsErrorDetails() == null ? "AppMeshError" : e.awsErrorDetails().errorCode();
      status = CrdStatus.of(kind, oldStatus, generation, null, null, false, code, message, clock.instant());
      backoff.failed(key, specVersion);
    } catch (SdkException | IllegalArgumentException e) {
      status = CrdStatus.of(kind, oldStatus, generation, null, null, false, "AppMeshError", e.getMessage(), clock.instant());
      backoff.failed(key, specVersion);
    }
    writeStatus(kind, resource, oldStatus, status);
  }

  /** The object's App Mesh name changed (awsName edited): the resource under the old name is removed. */
  private void deleteRenamed(CrdKind kind, JsonNode oldStatus, String newArn, Translation translation) {
    String oldArn = oldStatus.path(kind.arnField()).asText("");
    if (oldArn.isEmpty() || oldArn.equals(newArn)) {
      return;
    }
    Arns.parse(oldArn).ifPresent(id -> {
      if (id.kind() == ResourceKind.VIRTUAL_ROUTER) {
        oldStatus.path("routeARNs").forEach(route -> Arns.parse(route.asText()).ifPresent(r -> applier.delete(r, null)));
      }
      applier.delete(id, translation.resources().get(0).meshOwner());
    });
  }

  private void cleanupObject(Translation translation, GenericKubernetesResource resource) {
    CrdKind kind = CrdKind.of(resource.getKind()).orElseThrow();
    List<String> finalizers = resource.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(CrdKind.FINALIZER)) {
      return;
    }
    String key = backoffKey(resource);
    if (!backoff.mayTry(key, -1)) {
      return;
    }
    JsonNode status = JSON.valueToTree(resource.getAdditionalProperties().getOrDefault("status", Map.of()));
    try {
      if (kind.hasAppMeshResource()) {
        String meshOwner = translation.ok() && !translation.resources().isEmpty()
            ? translation.resources().get(0).meshOwner() : null;
        status.path("routeARNs").forEach(route -> Arns.parse(route.asText()).ifPresent(id -> applier.delete(id, meshOwner)));
        Optional<ResourceId> id = Arns.parse(status.path(kind.arnField()).asText(""));
        if (id.isPresent()) {
          applier.delete(id.get(), meshOwner);
        }
      }
      removeFinalizer(kind, resource);
      backoff.forget(key);
    } catch (SdkException e) {
      // A mesh with members left (deleted by others, or not yet): the condition says why, retried with backoff.
      String message = e instanceof AwsServiceException s && s.awsErrorDetails() != null
          ? s.awsErrorDetails().errorMessage() : e.getMessage();
      LOG.info("cannot delete App Mesh resources of {}: {}", translation.source().origin("default"), message);
      backoff.failed(key, -1);
      writeStatus(kind, resource, status, CrdStatus.of(kind, status, resource.getMetadata().getGeneration(), null, null,
          false, "DeleteFailed", message, clock.instant()));
    }
  }

  private void addFinalizer(CrdKind kind, GenericKubernetesResource resource) {
    List<String> finalizers = resource.getMetadata().getFinalizers();
    if (finalizers != null && finalizers.contains(CrdKind.FINALIZER)) {
      return;
    }
    handle(kind, resource).edit(r -> {
      r.getMetadata().getFinalizers().add(CrdKind.FINALIZER);
      return r;
    });
  }

  private void removeFinalizer(CrdKind kind, GenericKubernetesResource resource) {
    try {
      handle(kind, resource).edit(r -> {
        r.getMetadata().getFinalizers().remove(CrdKind.FINALIZER);
        return r;
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private void writeStatus(CrdKind kind, GenericKubernetesResource resource, JsonNode oldStatus, ObjectNode status) {
    if (status.equals(oldStatus)) {
      return;
    }
    try {
      handle(kind, resource).editStatus(r -> {
        r.setAdditionalProperty("status", JSON.convertValue(status, Map.class));
        return r;
      });
    } catch (KubernetesClientException e) {
      // Changed or gone meanwhile: the informer's event brings the next pass.
      LOG.debug("status of {} not written: {}", resource.getMetadata().getName(), e.getMessage());
    }
  }

  private Resource<GenericKubernetesResource> handle(CrdKind kind, GenericKubernetesResource resource) {
    var resources = kube.genericKubernetesResources(kind.context());
    String name = resource.getMetadata().getName();
    return kind.namespaced()
        ? resources.inNamespace(resource.getMetadata().getNamespace()).withName(name)
        : resources.withName(name);
  }

  private static String backoffKey(GenericKubernetesResource resource) {
    String uid = resource.getMetadata().getUid();
    return uid != null ? uid
        : resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  @Override
  public void close() {
    running = false;
    wake();
    if (worker != null) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    informers.values().forEach(SharedIndexInformer::close);
    if (namespaces != null) {
      namespaces.close();
    }
  }
}
