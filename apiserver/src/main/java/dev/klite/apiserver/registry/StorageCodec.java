package dev.klite.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * How a resource that shares another resource's storage reads and writes it, as upstream serves
 * events.k8s.io/v1 Events from the core Event registry (pkg/registry/events/rest/storage_events.go)
 * and converts through the internal type (pkg/apis/events/v1/conversion.go). Everything above the
 * store (strategy, patch, field manager, selectors, tables) sees the served shape; only the bytes
 * in the store are in the stored shape.
 */
public interface StorageCodec {

  /** The storage key prefix of the shared resource, ending with '/' (e.g. {@code /registry/events/}). */
  String keyPrefix();

  /** A stored object (a fresh tree the codec may reuse) in the served shape. */
  ObjectNode fromStorage(ObjectNode stored);

  /** A served object in the stored shape; {@code served} is left unchanged. */
  ObjectNode toStorage(ObjectNode served);
}
