package dev.helpdesk.reports;

import static dev.helpdesk.auth.AuthHandlers.STAFF;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.domain.WireEnum;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/reports?from&to&by} (staff): JSON; CSV with {@code Accept: text/csv} or
 * {@code format=csv}; PDF with {@code Accept: application/pdf} or {@code format=pdf}.
 */
public final class ReportRoutes {

  /** The longest range a report covers. */
  static final int MAX_DAYS = 800;
  static final int DEFAULT_DAYS = 30;

  private final Vertx vertx;
  private final ReportQuery query;

  public ReportRoutes(Vertx vertx, ReportQuery query) {
    this.vertx = vertx;
    this.query = query;
  }

  public ReportQuery query() {
    return query;
  }

  public void mount(Router api) {
    api.get("/reports").handler(STAFF).handler(this::report);
  }

  private void report(RoutingContext ctx) {
    List<ApiError.FieldError> errors = new ArrayList<>();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate to = date(ctx, "to", today, errors);
    LocalDate from = date(ctx, "from", (to == null ? today : to).minusDays(DEFAULT_DAYS - 1), errors);
    String byParam = ctx.queryParams().get("by");
    Grouping by = byParam == null ? Grouping.DAY : WireEnum.parse(Grouping.class, byParam).orElse(null);
    if (by == null) {
      errors.add(new ApiError.FieldError("by", "must be one of " + WireEnum.choices(Grouping.class)));
    }
    String format = format(ctx, errors);
    if (from != null && to != null) {
      if (from.isAfter(to)) {
        errors.add(new ApiError.FieldError("from", "must not be after to"));
      } else if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
        errors.add(new ApiError.FieldError("to", "a report covers at most " + MAX_DAYS + " days"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    String name = "report-" + by.wire() + "-" + from + "-" + to;
    query.report(by, from, to)
        .compose(report -> switch (format) {
          case "csv" -> io.vertx.core.Future.succeededFuture(Buffer.buffer(ReportCsv.write(report)));
          case "pdf" -> vertx.executeBlocking(() -> Buffer.buffer(ReportPdf.render(report)), false);
          default -> io.vertx.core.Future.succeededFuture(Buffer.buffer(report.toJson().encode()));
        })
        .onSuccess(body -> {
          var response = ctx.response().putHeader("Cache-Control", "no-store");
          switch (format) {
            case "csv" -> response.putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
            case "pdf" -> response.putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
            default -> response.putHeader("Content-Type", "application/json; charset=utf-8");
          }
          response.end(body);
        })
        .onFailure(ctx::fail);
  }

  private static String format(RoutingContext ctx, List<ApiError.FieldError> errors) {
    String format = ctx.queryParams().get("format");
    if (format != null) {
      if (!List.of("json", "csv", "pdf").contains(format)) {
        errors.add(new ApiError.FieldError("format", "must be one of json, csv, pdf"));
      }
      return format;
    }
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("text/csv")) {
      return "csv";
    }
    return accept != null && accept.contains("application/pdf") ? "pdf" : "json";
  }

  private static LocalDate date(RoutingContext ctx, String name, LocalDate fallback, List<ApiError.FieldError> errors) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new ApiError.FieldError(name, "must be a date such as 2026-11-01"));
      return null;
    }
  }

}
