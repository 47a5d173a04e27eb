package dev.helpdesk.http;

import io.vertx.ext.web.RoutingContext;

/** Validated query and path parameters. */
public final class Params {

  private Params() {}

  public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.invalid(name, "must be a whole number from " + min + " to " + max);
  }

  public static String string(RoutingContext ctx, String name, int maxLength) {
    String value = ctx.request().getParam(name);
    if (value != null && value.length() > maxLength) {
      throw ApiError.invalid(name, "must be at most " + maxLength + " characters");
    }
    if (value != null && (value.indexOf('\u0000') >= 0 || value.indexOf('\uFFFD') >= 0)) {
      // PostgreSQL refuses NUL in text; U+FFFD is what invalid UTF-8 in the address decoded to
      throw ApiError.invalid(name, "must be valid UTF-8 text without NUL characters");
    }
    return value;
  }

  /** A numeric id in the path; anything else is a 404, as no such thing exists. */
  public static long pathId(RoutingContext ctx, String name, String what) {
    String value = ctx.pathParam(name);
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.notFound("No " + what + " " + value);
  }
}
