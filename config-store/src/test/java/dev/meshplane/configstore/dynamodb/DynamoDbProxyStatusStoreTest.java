package dev.meshplane.configstore.dynamodb;

import dev.meshplane.configstore.MotoServer;
import dev.meshplane.configstore.ProxyStatusStore;
import dev.meshplane.configstore.ProxyStatusStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The contract through the real AWS SDK against moto_server; a fresh table per test. */
class DynamoDbProxyStatusStoreTest extends ProxyStatusStoreContract {
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
  protected ProxyStatusStore newStore() {
    return DynamoDbProxyStatusStore.open(dynamoDb, "status-" + TABLES.incrementAndGet());
  }
}
