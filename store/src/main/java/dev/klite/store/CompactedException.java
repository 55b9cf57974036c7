package dev.klite.store;

/** The requested revision has been compacted; the API server answers 410 Gone / Expired. */
public class CompactedException extends StoreException {
  private final long requestedRevision;
  private final long compactRevision;
  private final long currentRevision;

  public CompactedException(long requestedRevision, long compactRevision, long currentRevision) {
    super("required revision " + requestedRevision + " has been compacted (compact revision "
        + compactRevision + ", current " + currentRevision + ")");
    this.requestedRevision = requestedRevision;
    this.compactRevision = compactRevision;
    this.currentRevision = currentRevision;
  }

  public long requestedRevision() {
    return requestedRevision;
  }

  public long compactRevision() {
    return compactRevision;
  }

  public long currentRevision() {
    return currentRevision;
  }
}
