package dev.meshplane.configstore.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshplane.configstore.ConfigStore;
import dev.meshplane.configstore.ConfigStoreContract;
import dev.meshplane.configstore.MotoServer;
import dev.meshplane.configstore.ProxyConfigItem;
import dev.meshplane.configstore.ProxyConfigVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The contract through the real AWS SDK against moto_server; a fresh table per test. */
class DynamoDbConfigStoreTest extends ConfigStoreContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static MotoServer moto;
  private static DynamoDbClient dynamoDb;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    dynamoDb = moto.dynamoDbClient();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  protected ConfigStore newStore() {
    return DynamoDbConfigStore.open(dynamoDb, "configs-" + TABLES.incrementAndGet());
  }

  /** The batch goes as transactions; a refused item costs one more transaction of the rest, not a put per item. */
  @Test
  void aBatchIsWrittenInTransactionsOfAHundredItems() {
    List<String> operations = new CopyOnWriteArrayList<>();
    ExecutionInterceptor counting = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      }
    };
    try (DynamoDbClient client = moto.configure(DynamoDbClient.builder())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(c -> c.addExecutionInterceptor(counting))
        .build()) {
      ConfigStore batched = DynamoDbConfigStore.open(client, "configs-batched");
      batched.put(item("mesh/big/virtualNode/n42", "big", 5, new byte[] {5}));
      List<ProxyConfigItem> batch = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        batch.add(item("mesh/big/virtualNode/n" + i, "big", 4, new byte[] {(byte) i}));
      }
      operations.clear();

      assertThat(batched.putAll(batch)).hasSize(149).doesNotContain("mesh/big/virtualNode/n42");

      assertThat(operations).as("one transaction per 100 items, one more without the refused item")
          .containsExactly("TransactWriteItems", "TransactWriteItems", "TransactWriteItems");
      assertThat(batched.get("mesh/big/virtualNode/n42").orElseThrow().generation()).isEqualTo(5);
    }
  }

  @Test
  void openingAnExistingTableReusesItsItems() {
    String table = "configs-reopened";
    ProxyConfigItem item = item("mesh/shop/virtualNode/cart", "shop", 2, new byte[] {2});
    DynamoDbConfigStore.open(dynamoDb, table).put(item);

    assertThat(DynamoDbConfigStore.open(dynamoDb, table).get(item.key())).contains(item);
  }

  @Test
  void aTableFromBeforeTheVersionsIndexGetsItAndListsVersionsMeanwhile() {
    String table = "configs-without-versions-index";
    dynamoDb.createTable(r -> r
        .tableName(table)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            a -> a.attributeName("key").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("mesh").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("key").keyType(KeyType.HASH))
        .globalSecondaryIndexes(g -> g
            .indexName(DynamoDbConfigStore.MESH_INDEX)
            .keySchema(
                k -> k.attributeName("mesh").keyType(KeyType.HASH),
                k -> k.attributeName("key").keyType(KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))));
    ProxyConfigItem item = item("mesh/shop/virtualNode/cart", "shop", 2, new byte[] {2});

    DynamoDbConfigStore store = DynamoDbConfigStore.open(dynamoDb, table);
    store.put(item);

    assertThat(store.listMeshVersions("shop")).containsExactly(ProxyConfigVersion.of(item));
    assertThat(dynamoDb.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes())
        .extracting(GlobalSecondaryIndexDescription::indexName)
        .contains(DynamoDbConfigStore.VERSIONS_INDEX);
  }

  @Test
  void aNewTableHasAVersionsIndexHoldingNoPayloads() {
    String table = "configs-versions-projection";
    DynamoDbConfigStore.open(dynamoDb, table);

    GlobalSecondaryIndexDescription versions = dynamoDb.describeTable(r -> r.tableName(table)).table()
        .globalSecondaryIndexes().stream()
        .filter(i -> i.indexName().equals(DynamoDbConfigStore.VERSIONS_INDEX))
        .findFirst().orElseThrow();
    assertThat(versions.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
    assertThat(versions.projection().nonKeyAttributes())
        .containsExactlyInAnyOrder("generation", "contentHash", "journalCommitTime");
  }

  @Test
  void anExistingTableWithoutTheMeshIndexIsRejected() {
    dynamoDb.createTable(r -> r
        .tableName("configs-without-index")
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(a -> a.attributeName("key").attributeType(ScalarAttributeType.S))
        .keySchema(k -> k.attributeName("key").keyType(KeyType.HASH)));

    assertThatThrownBy(() -> DynamoDbConfigStore.open(dynamoDb, "configs-without-index"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(DynamoDbConfigStore.MESH_INDEX);
  }
}
