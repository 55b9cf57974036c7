package dev.klite.apiserver.watch;

import io.vertx.core.buffer.Buffer;
import tools.jackson.databind.node.ObjectNode;

/** Renders one watch event ({@code {"type":..,"object":..}}) in the negotiated form. */
@FunctionalInterface
public interface WatchEncoder {
  Buffer encode(String type, ObjectNode object);
}
