package org.dalil.web.inbox;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** The inbox's jte templates, precompiled at build time (src/main/jte, jte-maven-plugin). */
public final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Renders {@code inbox/NAME.jte} with the named parameters. */
  public String render(String name, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render("inbox/" + name + ".jte", params, out);
    return out.toString();
  }
}
