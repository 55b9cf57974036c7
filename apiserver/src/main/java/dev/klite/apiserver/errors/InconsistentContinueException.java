package dev.klite.apiserver.errors;

import java.util.List;

/**
 * 410 Expired for a paginated list whose first page's revision was compacted away, carrying in
 * {@code metadata.continue} a token that resumes at the latest revision from the same key
 * (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go handleCompactedErrorForPaging).
 */
public final class InconsistentContinueException extends ApiException {
  public static final String MESSAGE = "The provided continue parameter is too old to display a consistent list "
      + "result. You can start a new list without the continue parameter, or use the continue token in this "
      + "response to retrieve the remainder of the results. Continuing with the provided token results in an "
      + "inconsistent list - objects that were created, modified, or deleted between the time the first chunk was "
      + "returned and now may show up in the list.";

  private final String continueToken;

  public InconsistentContinueException(String continueToken) {
    super(410, "Expired", MESSAGE, null, null, null, List.of());
    this.continueToken = continueToken;
  }

  /** The token to go on with, at the latest revision. */
  public String continueToken() {
    return continueToken;
  }
}
