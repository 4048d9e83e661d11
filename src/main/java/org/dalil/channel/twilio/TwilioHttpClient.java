package org.dalil.channel.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's HTTP client with two changes.
 *
 * <p>One attempt per call: the SDK would repeat a request that got a 5xx, and Apache HttpClient
 * one that got a 429 or 503, POST or not; a message created before the failure would then be sent
 * twice. The outbox retries instead, with backoff, and records each attempt.
 *
 * <p>With a base URL ({@code DALIL_TWILIO_API_URL}), every call goes there instead of
 * {@code https://*.twilio.com}, with the same path, parameters and credentials: how the tests
 * talk to a local stand-in through the real SDK.
 */
final class TwilioHttpClient extends NetworkHttpClient {
  private final URI baseUrl;

  /**
   * @param baseUrl null for Twilio itself
   * @param readTimeout how long to wait for an answer before giving up (and retrying later)
   */
  TwilioHttpClient(URI baseUrl, Timeout readTimeout) {
    super(HttpClientBuilder.create()
        .useSystemProperties()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(readTimeout).setSoKeepAlive(true).build())
            .setMaxConnPerRoute(20)
            .setMaxConnTotal(100)
            .build())
        .setDefaultRequestConfig(DEFAULT_REQUEST_CONFIG)
        .disableAutomaticRetries());
    this.baseUrl = baseUrl;
  }

  @Override
  public Response reliableRequest(Request request) {
    return makeRequest(request);
  }

  @Override
  public Response makeRequest(Request request) {
    return super.makeRequest(baseUrl == null ? request : redirected(request));
  }

  /** A copy of {@code request} addressed to the base URL. */
  private Request redirected(Request request) {
    Request copy = new Request(request.getMethod(), rebase(request.getUrl()));
    if (request.getUsername() != null) {
      copy.setAuth(request.getUsername(), request.getPassword());
    } else if (request.getAuthStrategy() != null) {
      copy.setAuth(request.getAuthStrategy());
    }
    copy.setContentType(request.getContentType());
    copy.setBody(request.getBody());
    copy.setUserAgentExtensions(request.getUserAgentExtensions());
    copy.setFormParameters(request.getFormParameters());
    copyInto(request.getQueryParams(), copy::addQueryParam);
    copyInto(request.getPostParams(), copy::addPostParam);
    copyInto(request.getHeaderParams(), copy::addHeaderParam);
    // Region and edge name Twilio data centres; they mean nothing to another server.
    return copy;
  }

  private String rebase(String url) {
    try {
      URI original = new URI(url);
      String prefix = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
      return new URI(baseUrl.getScheme(), null, baseUrl.getHost(), baseUrl.getPort(), null, null, null)
          + prefix + original.getRawPath() + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot redirect a Twilio URL", e);
    }
  }

  private interface ParamSink {
    void add(String name, String value);
  }

  private static void copyInto(Map<String, List<String>> params, ParamSink sink) {
    params.forEach((name, values) -> values.forEach(v -> sink.add(name, v)));
  }
}
