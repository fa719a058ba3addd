package dev.meshplane.store;

import dev.meshplane.model.ResourceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * How a write reads the resource rows it checks (its own, its parent, what it references, the
 * subjects of its preconditions) and says which rows it wrote: straight from the table, or through
 * the rows the group commit's writer keeps ({@link KeptRows}).
 */
interface ResourceReads {
  Optional<StoredResource> find(Connection connection, ResourceId id) throws SQLException;

  boolean exists(Connection connection, ResourceId id) throws SQLException;

  /** The row and references of {@code resource} were just written, in the current transaction. */
  void written(StoredResource resource);

  /** The row of {@code id} was just deleted, in the current transaction. */
  void deleted(ResourceId id);

  /** Every read from the table, nothing kept. */
  static ResourceReads direct(ResourceTable table) {
    return new ResourceReads() {
      @Override
      public Optional<StoredResource> find(Connection connection, ResourceId id) throws SQLException {
        return table.find(connection, id);
      }

      @Override
      public boolean exists(Connection connection, ResourceId id) throws SQLException {
        return table.exists(connection, id);
      }

      @Override
      public void written(StoredResource resource) {}

      @Override
      public void deleted(ResourceId id) {}
    };
  }
}
