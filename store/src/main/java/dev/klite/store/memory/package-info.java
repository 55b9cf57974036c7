/** {@link dev.klite.store.memory.InMemoryKvStore}: the in-memory reference implementation for tests. */
package dev.klite.store.memory;
