package dev.helpdesk.export;


import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.Params;
import dev.helpdesk.search.Cursor;
import dev.helpdesk.search.Query;
import dev.helpdesk.search.SearchRoutes;
import dev.helpdesk.search.Sort;
import dev.helpdesk.search.TicketSearch;
import dev.helpdesk.work.Workers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/tickets/export.csv and /api/tickets/export.pdf with the list's q, preset and
 * sort: everything that matches and that the caller may see. Both walk the listing in
 * keyset batches; the CSV is written batch by batch, the next batch read only once the
 * previous one went out (backpressure); the PDF is drawn batch by batch on a worker.
 */
public final class ExportRoutes {

  static final int BATCH = 1000;
  /** A PDF is for reading: past this many rows it says so and stops (the CSV has no limit). */
  static final int PDF_MAX_ROWS = 20_000;

  private static final Logger log = LoggerFactory.getLogger(ExportRoutes.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final TicketSearch search;

  public ExportRoutes(Vertx vertx, TicketSearch search) {
    this.vertx = vertx;
    this.search = search;
  }

  /** Mount before /tickets/:ref, which would take "export.csv" for a ref. */
  public void mount(Router api) {
    api.get("/tickets/export.csv").handler(this::csv);
    api.get("/tickets/export.pdf").handler(this::pdf);
  }

  private record Request(Caller caller, Query query, Sort sort, String filter) {
    static Request of(RoutingContext ctx) {
      Query query = SearchRoutes.query(ctx);
      Sort sort = Sort.parse(Params.string(ctx, "sort", 20));
      String q = ctx.request().getParam("q");
      String preset = ctx.request().getParam("preset");
      String filter = (preset == null || preset.isBlank() ? "" : "preset " + preset + (q == null || q.isBlank()
          ? "" : " and ")) + (q == null || q.isBlank() ? "" : q.strip());
      return new Request(dev.helpdesk.auth.AuthHandlers.caller(ctx), query, sort, filter.isEmpty() ? "all tickets" : filter);
    }
  }

  private void csv(RoutingContext ctx) {
    Request request = Request.of(ctx);
    Instant now = search.clock().now();
    search.page(request.caller(), request.query(), request.sort(), BATCH, null)
        .compose(first -> {
          HttpServerResponse response = ctx.response()
              .setChunked(true)
              .putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
              .putHeader("Content-Disposition", "attachment; filename=\"tickets-" + STAMP.format(now) + ".csv\"")
              .putHeader("Cache-Control", "no-store");
          return response.write(TicketCsv.header())
              .compose(v -> writeCsv(response, request, first))
              .compose(v -> response.end());
        })
        .onFailure(ctx::fail);
  }

  /** Writes one batch and, once it went out, reads and writes the next. */
  private Future<Void> writeCsv(HttpServerResponse response, Request request, TicketSearch.Page page) {
    if (response.closed()) {
      return Future.failedFuture("the client went away");
    }
    Buffer rows = Buffer.buffer(TicketCsv.rows(page.items(), search.clock()));
    Future<Void> written = response.write(rows);
    if (page.next() == null) {
      return written;
    }
    Future<TicketSearch.Page> next = search.page(request.caller(), request.query(), request.sort(), BATCH,
        page.next());
    return written.compose(v -> next).compose(p -> writeCsv(response, request, p));
  }

  private void pdf(RoutingContext ctx) {
    Request request = Request.of(ctx);
    Instant now = search.clock().now();
    search.count(request.caller(), request.query())
        .compose(total -> {
          if (total.estimate() && total.count() > PDF_MAX_ROWS) {
            throw ApiError.unprocessable("About " + total.count() + " tickets match: a PDF takes at most "
                + PDF_MAX_ROWS + "; narrow the filter, or export CSV");
          }
          return Workers.pdf(vertx, () -> new TicketPdf(request.filter(), now, request.caller().name(),
              search.clock()));
        })
        .compose(pdf -> drawPdf(pdf, request, null)
            .compose(v -> Workers.pdf(vertx, pdf::finish))
            .onFailure(failure -> Workers.pdf(vertx, () -> {
              pdf.close();
              return null;
            })))
        .compose(file -> ctx.response()
            .putHeader("Content-Type", "application/pdf")
            .putHeader("Content-Disposition", "attachment; filename=\"tickets-" + STAMP.format(now) + ".pdf\"")
            .putHeader("Cache-Control", "no-store")
            .sendFile(file.toString())
            .eventually(() -> Workers.io(vertx, () -> Files.deleteIfExists(file))))
        .onFailure(ctx::fail);
  }

  /** Reads a batch on the event loop, draws it on a worker, and goes on while there is more. */
  private Future<Void> drawPdf(TicketPdf pdf, Request request, Cursor after) {
    int room = PDF_MAX_ROWS - pdf.rows();
    return search.page(request.caller(), request.query(), request.sort(), Math.min(BATCH, room), after)
        .compose(page -> Workers.pdf(vertx, () -> {
          pdf.add(page.items());
          if (page.next() != null && pdf.rows() >= PDF_MAX_ROWS) {
            pdf.note("The first " + PDF_MAX_ROWS + " matching tickets are shown; export CSV for all of them.");
            log.info("PDF export cut at {} rows for filter {}", PDF_MAX_ROWS, request.filter());
            return null;
          }
          return page.next();
        }))
        .compose(next -> next == null ? Future.succeededFuture() : drawPdf(pdf, request, next));
  }
}
