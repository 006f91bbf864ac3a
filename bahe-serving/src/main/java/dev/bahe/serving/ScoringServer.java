package dev.bahe.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of a {@link ScoringService} on Javalin (Jetty): {@code POST /v1/score}, {@code POST /v1/events},
 * {@code GET /health/live}, {@code GET /health/ready}, {@code GET /metrics} (Prometheus text),
 * {@code GET /openapi.json} (the OpenAPI document of these routes) and {@code POST /admin/reload}. Every error is a
 * JSON {@link ErrorBody}; an unexpected failure is logged and answered 500 without its stack trace.
 */
public final class ScoringServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);
  private static final String JSON = "application/json";

  private final ScoringService service;
  private final ObjectMapper json;
  private final Javalin app;
  private final byte[] openApi;
  private volatile boolean closed;

  private ScoringServer(ScoringService service, ObjectMapper json) {
    this.service = service;
    this.json = json;
    this.openApi = resource("openapi.json");
    ServingMetrics metrics = service.metrics();
    this.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.maxRequestSize = service.options().maxBodyBytes();
      config.requestLogger.http((ctx, millis) -> metrics.request(route(ctx), ctx.statusCode(),
          (long) (millis * 1_000_000L)));
    });
    app.post("/v1/score", this::score);
    app.post("/v1/events", this::events);
    app.get("/health/live", ctx -> send(ctx, 200, Map.of("status", "live")));
    app.get("/health/ready", this::ready);
    app.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
    app.get("/openapi.json", ctx -> ctx.contentType(JSON).result(openApi));
    app.post("/admin/reload", this::reload);
    app.exception(BadRequestException.class, (e, ctx) -> send(ctx, e.status(), ErrorBody.of(e)));
    app.exception(ServiceUnavailableException.class, (e, ctx) -> {
      ctx.header("Retry-After", "1");
      send(ctx, 503, new ErrorBody(503, ErrorBody.reason(503), null, e.getMessage()));
    });
    app.exception(HttpResponseException.class, (e, ctx) -> send(ctx, e.getStatus(), new ErrorBody(e.getStatus(),
        ErrorBody.reason(e.getStatus()), null, e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path()
            : e.getMessage())));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      send(ctx, 500, new ErrorBody(500, ErrorBody.reason(500), null, "internal error (" + e.getClass().getSimpleName()
          + "); the server log has the details"));
    });
    app.error(404, ctx -> {
      if (!isJson(ctx)) {
        send(ctx, 404, new ErrorBody(404, ErrorBody.reason(404), null, "no route " + ctx.method() + " "
            + ctx.path()));
      }
    });
    app.error(405, ctx -> send(ctx, 405, new ErrorBody(405, ErrorBody.reason(405), null, "method " + ctx.method()
        + " is not allowed on " + ctx.path())));
  }

  /** The JSON mapper the service and its clients use: duplicate keys in a request are an error. */
  public static ObjectMapper jsonMapper() {
    return new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** Starts the server for {@code service} on its options' host and port (0: an ephemeral port). */
  public static ScoringServer start(ScoringService service, ObjectMapper json) {
    ScoringServer server = new ScoringServer(service, json);
    server.app.start(service.options().host(), service.options().port());
    LOG.info("serving model {} on http://{}:{}", service.ready() ? service.modelVersion() : "(warming up)",
        service.options().host(), server.port());
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  public ScoringService service() {
    return service;
  }

  private void score(Context ctx) {
    long arrived = System.nanoTime();
    ScoreResponse r = service.score(body(ctx), arrived);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("modelVersion", r.modelVersion());
    out.put("scores", r.scores());
    out.put("userCache", r.userCache());
    send(ctx, 200, out);
  }

  private void events(Context ctx) {
    send(ctx, 200, service.append(body(ctx)));
  }

  private void ready(Context ctx) {
    if (service.ready()) {
      send(ctx, 200, Map.of("status", "ready", "modelVersion", service.modelVersion()));
    } else {
      send(ctx, 503, new ErrorBody(503, ErrorBody.reason(503), null, service.notReadyReason()));
    }
  }

  private void reload(Context ctx) {
    byte[] body = body(ctx);
    Path dir = null;
    if (body.length > 0) {
      JsonNode n;
      try {
        n = json.readTree(body);
      } catch (IOException e) {
        throw BadRequestException.invalid("$", "malformed JSON: " + e.getMessage());
      }
      if (n != null && !n.isMissingNode()) {
        if (!n.isObject()) {
          throw BadRequestException.invalid("$", "must be a JSON object {\"checkpoint\": DIR}");
        }
        JsonNode c = n.get("checkpoint");
        if (c != null) {
          if (!c.isTextual() || c.textValue().isBlank()) {
            throw BadRequestException.invalid("$.checkpoint", "must be a checkpoint directory path");
          }
          dir = Path.of(c.textValue());
        }
      }
    }
    try {
      send(ctx, 200, service.reload(dir));
    } catch (IllegalArgumentException | UncheckedIOException | IllegalStateException e) {
      throw new BadRequestException(409, "$.checkpoint", "cannot load the checkpoint; the current model keeps"
          + " serving: " + e.getMessage());
    }
  }

  /** The request body, at most {@code maxBodyBytes}: a larger one is refused with 413 before it is all read. */
  private byte[] body(Context ctx) {
    long limit = service.options().maxBodyBytes();
    long declared = ctx.contentLength();
    if (declared > limit) {
      throw new BadRequestException(413, "$", "the request body of " + declared + " bytes exceeds the limit of "
          + limit + " bytes");
    }
    String type = ctx.contentType();
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
      throw new BadRequestException(415, "$", "content type " + type + " is not " + JSON);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        throw new BadRequestException(413, "$", "the request body exceeds the limit of " + limit + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw BadRequestException.invalid("$", "cannot read the request body: " + e.getMessage());
    }
  }

  private void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType(JSON).result(json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isJson(Context ctx) {
    String t = ctx.res().getContentType();
    return t != null && t.startsWith(JSON);
  }

  private static String route(Context ctx) {
    String path;
    try {
      path = ctx.endpointHandlerPath();
    } catch (IllegalStateException noEndpoint) {
      return "unmatched";
    }
    return path == null || path.isBlank() || path.equals("*") ? "unmatched" : path;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ScoringServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drains the service (queued and in-flight requests finish), stops the server, closes the service. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    service.drain(30_000);
    app.stop();
    service.close();
  }
}
