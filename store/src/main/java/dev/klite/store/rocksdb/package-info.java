/**
 * The RocksDB {@link dev.klite.store.KvStore}: {@link dev.klite.store.rocksdb.RocksKvStore#open}
 * with {@link dev.klite.store.rocksdb.RocksKvStoreOptions}. Column families {@code log},
 * {@code keys}, {@code current}, {@code meta} ({@link dev.klite.store.rocksdb.ColumnFamilies});
 * the only package of the module that may use {@code org.rocksdb}.
 */
package dev.klite.store.rocksdb;
