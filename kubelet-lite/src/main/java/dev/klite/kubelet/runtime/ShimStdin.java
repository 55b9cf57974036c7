package dev.klite.kubelet.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's write end of a shim-run container's stdin, the FIFO {@code <base>.stdin} (see {@code klite-shim.pl}):
 * attach writes into it, whichever kubelet process started the container. {@link #close()} is the CRI's stdinOnce
 * close ({@code CloseStdin} once the first attach has ended, pkg/kubelet/cri/streaming): besides this end it makes the
 * shim drop its own write end and remove the FIFO, so the container reads end of file and its stdin stays closed, also
 * for a kubelet that adopts it later. Writes block while the FIFO is full, as a pipe's do; they fail once the
 * container is gone (EPIPE) or the stream has been closed (which also ends a write blocked in another thread).
 */
final class ShimStdin extends OutputStream {
  private static final Logger log = LoggerFactory.getLogger(ShimStdin.class);

  private final FileChannel channel;
  private final Runnable releaseShim;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ShimStdin(FileChannel channel, Runnable releaseShim) {
    this.channel = channel;
    this.releaseShim = releaseShim;
  }

  /** {@code <base>.stdin} for the shim files' base {@code <dir>/<n>}. */
  static Path fifo(Path base) {
    return base.resolveSibling(base.getFileName() + ".stdin");
  }

  /**
   * Opens the write end of the container's stdin FIFO, if the container has one that is still open. Never blocks: a
   * FIFO opened for writing alone waits for a reader, so it is first opened read-write (which returns at once and
   * makes this process a reader), then for writing (a reader now exists), and the read-write end is closed again: a
   * kubelet that reads its own FIFO would keep writes from failing once the container is gone. Blocking file I/O.
   *
   * @param releaseShim asks the shim to drop its write end and remove the FIFO (stdinOnce)
   */
  static Optional<ShimStdin> open(Path base, Runnable releaseShim) {
    Path fifo = fifo(base);
    try {
      BasicFileAttributes attrs = Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isOther()) {
        return Optional.empty();
      }
      // No CREATE: when the shim removes the FIFO meanwhile (the container ended) this fails instead of making a file.
      try (FileChannel reader = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        return Optional.of(new ShimStdin(FileChannel.open(fifo, StandardOpenOption.WRITE), releaseShim));
      }
    } catch (IOException e) {
      // NoSuchFileException: no stdin, or already closed for good (stdinOnce) or the container has ended.
      log.debug("no open stdin FIFO {}: {}", fifo, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
  }

  /**
   * Whether {@link #close()} or {@link #detach()} has run, or the channel closed itself (a thread interrupted while it
   * wrote: only at a kubelet shutdown).
   */
  boolean isClosed() {
    return closed.get() || !channel.isOpen();
  }

  /** Closes the container's stdin for good (stdinOnce): this end and the shim's. */
  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      try {
        channel.close();
      } finally {
        releaseShim.run();
      }
    }
  }

  /**
   * Closes only this process's end, as the kernel does for a kubelet that dies or when the container has ended: the
   * shim keeps the container's stdin open for the next attach.
   */
  void detach() {
    if (closed.compareAndSet(false, true)) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing stdin FIFO: {}", e.toString());
      }
    }
  }
}
