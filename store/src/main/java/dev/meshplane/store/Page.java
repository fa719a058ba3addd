package dev.meshplane.store;

import java.util.List;

/**
 * One page of a listing, in name order. {@code lastName} is the name of the last item when more
 * items follow (the frontend turns it into an opaque {@code nextToken}), else null.
 */
public record Page<T>(List<T> items, String lastName) {
  public Page {
    items = List.copyOf(items);
  }
}
