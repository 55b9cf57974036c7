package dev.klite.apiserver.registry;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.InconsistentContinueException;
import dev.klite.apiserver.storage.AsyncKvStore;
import dev.klite.apiserver.storage.ContinueToken;
import dev.klite.apiserver.storage.KeyScheme;
import dev.klite.store.Bytes;
import dev.klite.store.CompactedException;
import dev.klite.store.KeyValue;
import dev.klite.store.KvStore;
import dev.klite.store.RangeRequest;
import dev.klite.store.RangeResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists at one revision with selectors and pagination, as the etcd3 store's GetList
 * (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go): pages are read at the revision of
 * the first page; a filtered page keeps reading until it has {@code limit} matches.
 */
final class Lister {
  /** storage/etcd3/store.go: the message of a list at a compacted revision. */
  static final String EXPIRED = "The resourceVersion for the provided list is too old.";

  private final AsyncKvStore kv;

  Lister(AsyncKvStore kv) {
    this.kv = kv;
  }

  Future<ListResult> list(ResourceDefinition def, String namespace, ListOptions options) {
    String prefix = KeyScheme.collectionPrefix(def, namespace);
    String rv = options.resourceVersion() == null ? "" : options.resourceVersion();
    String match = options.resourceVersionMatch() == null ? "" : options.resourceVersionMatch();
    long atRevision;
    long notOlderThan = 0;
    String start = prefix;
    boolean paging = !options.continueToken().isEmpty();
    if (!match.isEmpty() && !match.equals("NotOlderThan") && !match.equals("Exact")) {
      throw ApiException.badRequest("resourceVersionMatch: Unsupported value: \"" + match
          + "\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
    }
    if (!match.isEmpty() && rv.isEmpty()) {
      throw ApiException.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
    }
    if (paging) {
      if (!rv.isEmpty() && !rv.equals("0")) {
        throw ApiException.badRequest("specifying resource version is not allowed when using continue");
      }
      ContinueToken token = ContinueToken.decode(options.continueToken());
      atRevision = token.atLatest() ? 0 : token.revision();
      start = prefix + token.startKey();
    } else if (rv.isEmpty() || rv.equals("0")) {
      atRevision = 0;
    } else {
      long n = parseRevision(rv);
      boolean exact = match.equals("Exact") || (match.isEmpty() && options.limit() > 0);
      atRevision = exact ? n : 0;
      notOlderThan = exact ? 0 : n;
    }
    long limit = options.limit();
    long minRevision = notOlderThan;
    String startKey = start;
    return kv.call(store -> read(store, def, prefix, startKey, atRevision, minRevision, limit, options, paging));
  }

  private static ListResult read(KvStore store, ResourceDefinition def, String prefix, String startKey,
      long atRevision, long notOlderThan, long limit, ListOptions options, boolean paging) {
    if (notOlderThan > 0 && notOlderThan > store.currentRevision()) {
      throw AsyncKvStore.tooLarge(notOlderThan, store.currentRevision());
    }
    Bytes end = Bytes.of(prefix).prefixEnd();
    Bytes start = Bytes.of(startKey);
    int pageSize = limit <= 0 ? 0 : (int) Math.min(Math.max(limit, 1), 10_000);
    List<ObjectNode> items = new ArrayList<>();
    long revision = atRevision;
    String lastKey = null;
    boolean hasMore = false;
    Long remaining = null;
    try {
      while (true) {
        RangeResult r = store.range(new RangeRequest(start, end, pageSize, revision, false));
        revision = r.revision();
        List<KeyValue> kvs = r.kvs();
        for (int i = 0; i < kvs.size(); i++) {
          KeyValue kv = kvs.get(i);
          ObjectNode obj = StoredObjects.decode(def, kv);
          lastKey = kv.key().utf8();
          if (options.predicate().matches(obj)) items.add(obj);
          if (limit > 0 && items.size() >= limit) {
            hasMore = i < kvs.size() - 1 || r.more();
            if (hasMore && options.predicate().isEverything()) remaining = r.count() - (i + 1);
            break;
          }
        }
        if ((limit > 0 && items.size() >= limit) || !r.more() || kvs.isEmpty()) break;
        start = Bytes.of(lastKey + "\0");
      }
    } catch (CompactedException e) {
      if (!paging) throw ApiException.expired(EXPIRED);
      // etcd3/store.go handleCompactedErrorForPaging: offer to go on, inconsistently, at the latest revision.
      throw new InconsistentContinueException(
          new ContinueToken(ContinueToken.LATEST, startKey.substring(prefix.length())).encode());
    }
    String token = hasMore ? new ContinueToken(revision, lastKey.substring(prefix.length()) + "\0").encode() : "";
    return new ListResult(items, revision, token, remaining);
  }

  static long parseRevision(String rv) {
    try {
      long n = Long.parseLong(rv);
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("resourceVersion: Invalid value: \"" + rv + "\": must be a non-negative integer");
    }
  }
}
