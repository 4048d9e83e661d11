package org.dalil.web.inbox;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers a page's routes and remembers them, so that tests can check every one of them refuses
 * anonymous users (and volunteers, under {@code /inbox/admin}) without a list kept by hand.
 */
public final class GuardedRoutes {
  private final List<InboxWeb.Route> routes = new ArrayList<>();

  public void get(RoutesConfig r, String path, Handler handler) {
    routes.add(new InboxWeb.Route("GET", path));
    r.get(path, handler);
  }

  public void post(RoutesConfig r, String path, Handler handler) {
    routes.add(new InboxWeb.Route("POST", path));
    r.post(path, handler);
  }

  /** Records a route registered some other way (an event stream). */
  public void add(String method, String path) {
    routes.add(new InboxWeb.Route(method, path));
  }

  public List<InboxWeb.Route> all() {
    return List.copyOf(routes);
  }
}
