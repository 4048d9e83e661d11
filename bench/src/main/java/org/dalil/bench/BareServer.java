package org.dalil.bench;

import io.javalin.Javalin;

/**
 * The baseline: the same Javalin as Dalil, one endpoint that reads the body and answers 200. Run
 * in a process of its own, as Dalil is.
 */
public final class BareServer {
  private BareServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Javalin.create(config -> {
      config.routes.post("/*", ctx -> {
        ctx.bodyAsBytes();
        ctx.status(200);
      });
      config.routes.get("/health/ready", ctx -> ctx.result("ok"));
    }).start(port);
  }
}
