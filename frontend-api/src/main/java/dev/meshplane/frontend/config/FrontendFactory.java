package dev.meshplane.frontend.config;

import dev.meshplane.frontend.api.ApiSettings;
import dev.meshplane.frontend.api.AppMeshApi;
import dev.meshplane.frontend.api.PageTokens;
import dev.meshplane.frontend.api.ResourceOperations;
import dev.meshplane.frontend.api.TagOperations;
import dev.meshplane.frontend.api.WriteNotifier;
import dev.meshplane.frontend.http.OperationCatalog;
import dev.meshplane.frontend.limits.Quotas;
import dev.meshplane.frontend.http.RequestBinder;
import dev.meshplane.frontend.rules.RulesRegistry;
import dev.meshplane.store.JournaledStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Wires the plain classes of the API together; only this factory knows about Micronaut. */
@Factory
public class FrontendFactory {
  /** The store's shared key that signs listings' nextToken (every frontend on the store reads the same). */
  static final String PAGE_TOKEN_KEY = "page-token-hmac";

  @Singleton
  ApiSettings apiSettings(MeshplaneProperties properties) {
    var scope = properties.scope();
    return new ApiSettings(scope.region(), scope.accountId());
  }

  @Singleton
  RulesRegistry rulesRegistry() {
    return RulesRegistry.standard();
  }

  @Singleton
  WriteNotifier writeNotifier() {
    return new WriteNotifier();
  }

  @Singleton
  OperationCatalog operationCatalog() {
    return new OperationCatalog();
  }

  @Singleton
  RequestBinder requestBinder() {
    return new RequestBinder();
  }

  @Singleton
  AppMeshApi appMeshApi(JournaledStore store, RulesRegistry rules, ApiSettings settings, Quotas quotas) {
    PageTokens tokens = new PageTokens(store.sharedKey(PAGE_TOKEN_KEY));
    return new AppMeshApi(
        new ResourceOperations(store, rules, settings, quotas, tokens), new TagOperations(store, settings, tokens));
  }
}
