package org.dalil.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses a request whose declared body is over the limit with 413 before the handlers read it.
 * Javalin's own limit ({@code maxRequestSize}) applies once the body is read, and by then Jetty
 * has told a client that asked first ({@code Expect: 100-continue}) to send it: the client then
 * sends the whole body into a connection the server closes, and the reset may lose the 413.
 * A body without a declared length (chunked) still meets Javalin's limit. Only the message routes
 * are checked (webhooks and the simulator); other routes keep their own limits.
 *
 * <p>A client that did not ask first has sent its body already: up to {@link #DRAINED_BYTES} it is
 * read and dropped before the answer, so that closing the connection cannot reset it before the
 * client reads the 413 (the JDK's client then reported "header parser received no bytes").
 */
final class BodyLimit extends Handler.Wrapper {
  /** A body this size is cheaper to read than a client left guessing. */
  static final long DRAINED_BYTES = 1024 * 1024;

  private final Set<String> paths;
  private final long maxBytes;
  private final byte[] refusal;

  /** @param paths the routes checked, exactly */
  BodyLimit(Set<String> paths, long maxBytes) {
    this.paths = Set.copyOf(paths);
    this.maxBytes = maxBytes;
    this.refusal = ("{\"error\":\"the request body is over " + maxBytes + " bytes\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (request.getLength() <= maxBytes || !paths.contains(Request.getPathInContext(request))) {
      return super.handle(request, response, callback);
    }
    boolean askedFirst = request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
    if (!askedFirst && request.getLength() <= DRAINED_BYTES) {
      // Read as the bytes come, holding no thread: a client that sends slowly costs its own
      // connection (until Jetty's idle timeout), not one of the threads that answer webhooks.
      Content.Source.consumeAll(request, Callback.from(() -> refuse(response, callback), callback::failed));
      return true;
    }
    refuse(response, callback);
    return true;
  }

  private void refuse(Response response, Callback callback) {
    response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE_413);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(refusal), callback);
  }
}
