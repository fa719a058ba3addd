package dev.meshplane.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationCatalogTest {
  private final OperationCatalog catalog = new OperationCatalog();

  @Test
  void allThirtyEightOperationsAreBoundAndEachPathFindsItsOwnOperation() {
    assertThat(catalog.all()).hasSize(38);
    for (Operation operation : catalog.all()) {
      String path = operation.uri().toString().replaceAll("\\{([A-Za-z]+)\\}", "x-$1");
      var match = catalog.find(operation.httpMethod(), path);
      assertThat(match).as(operation.name()).isPresent();
      assertThat(match.get().operation().name()).isEqualTo(operation.name());
    }
  }

  @Test
  void pathVariablesArePercentDecoded() {
    var match = catalog.find("GET", "/v20190125/meshes/shop/virtualRouter/r%2F1/routes/a+b").orElseThrow();
    assertThat(match.operation().name()).isEqualTo("DescribeRoute");
    assertThat(match.pathVariables())
        .containsEntry("meshName", "shop")
        .containsEntry("virtualRouterName", "r/1")
        .containsEntry("routeName", "a+b");
  }

  @Test
  void unknownPathsMatchNothing() {
    assertThat(catalog.find("GET", "/v20190125/meshes/shop/nothing")).isEmpty();
    assertThat(catalog.find("POST", "/v20190125/meshes")).isEmpty();
  }
}
