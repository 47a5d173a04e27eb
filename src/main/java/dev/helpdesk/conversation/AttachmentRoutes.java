package dev.helpdesk.conversation;

import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.AuthHandlers;
import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Tokens;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.List;

/**
 * POST /api/attachments (multipart, one file up to 10 MB) and GET /api/attachments/{id}.
 * Uploads are spooled to disk by Vert.x, then copied into the database chunk by chunk;
 * downloads stream chunk by chunk, so a file is never held whole in memory.
 */
public final class AttachmentRoutes {

  /** 10 × 1024 × 1024 bytes is accepted, one byte more is refused. */
  public static final long MAX_SIZE = 10L * 1024 * 1024;
  /** Room for the multipart framing around a file of the maximum size. */
  private static final long MULTIPART_OVERHEAD = 64 * 1024;

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final Path uploads;

  public AttachmentRoutes(Vertx vertx, Pool pool, Tokens tokens, Path uploads) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.uploads = uploads;
  }

  /**
   * Mounted before the JSON body handler: the upload route reads its own, larger,
   * multipart body, and only once the token is checked, so that nobody without one
   * can make the service receive and spool 10 MB.
   */
  public void mountUpload(Router api) {
    // two routes, as Vert.x wants body handlers first on a route
    api.post("/attachments")
        .handler(ctx -> {
          ctx.request().pause(); // held until the body handler reads it, after the token check
          String type = ctx.request().getHeader("Content-Type");
          if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            ctx.fail(new ApiError(415, "Unsupported media type", "Upload a file as multipart/form-data", List.of(),
                null));
            return;
          }
          if (!BOUNDARY.matcher(type).find()) {
            // Netty fails on an empty boundary instead of refusing it
            ctx.fail(ApiError.badRequest("multipart/form-data needs a boundary of 1 to 70 characters"));
            return;
          }
          watchForTruncatedBody(ctx);
          ctx.next();
        })
        .handler(AuthHandlers.authenticate(tokens));
    api.post("/attachments")
        .handler(BodyHandler.create(uploads.toString())
            .setBodyLimit(MAX_SIZE + MULTIPART_OVERHEAD)
            .setDeleteUploadedFilesOnEnd(true)
            .setMergeFormAttributes(false))
        .handler(this::upload);
  }

  public void mount(Router api) {
    api.get("/attachments/:id").handler(this::download);
  }

  private static final java.util.regex.Pattern BOUNDARY =
      java.util.regex.Pattern.compile("(?i);\\s*boundary=(\"[^\"]{1,70}\"|[^\\s;\"]{1,70})\\s*(;|$)");
  private static final String REACHED = "upload.reached";

  /**
   * A multipart body whose last part never ends (no closing boundary) leaves the body
   * handler waiting for ever once every byte has arrived: answer 400 instead.
   */
  private void watchForTruncatedBody(RoutingContext ctx) {
    int[] quietTicks = {0};
    vertx.setPeriodic(500, timer -> {
      if (ctx.response().ended() || ctx.response().closed() || ctx.get(REACHED) != null) {
        vertx.cancelTimer(timer);
      } else if (ctx.request().isEnded() && ++quietTicks[0] >= 10) {
        vertx.cancelTimer(timer);
        ctx.fail(ApiError.badRequest("The multipart body is malformed or truncated (no closing boundary)"));
      }
    });
  }

  private void upload(RoutingContext ctx) {
    ctx.put(REACHED, true);
    if (ctx.response().ended()) {
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
      throw new ApiError(415, "Unsupported media type", "Upload a file as multipart/form-data", List.of(), null);
    }
    List<FileUpload> files = ctx.fileUploads();
    if (files.size() != 1) {
      throw ApiError.invalid("file", "send exactly one file per request");
    }
    FileUpload file = files.get(0);
    if (file.size() > MAX_SIZE) {
      throw new ApiError(413, "Payload too large", "A file may be at most 10 MB (10485760 bytes); this one has "
          + file.size() + " bytes", List.of(new ApiError.FieldError("file", "is larger than 10 MB")), null);
    }
    String uploader = caller(ctx).requesterKey();
    String filename = FileNames.clean(file.fileName());
    vertx.fileSystem().open(file.uploadedFileName(), new OpenOptions().setRead(true))
        .compose(in -> store(in, uploader, filename, file.contentType(), file.size())
            .eventually(in::close))
        .onSuccess(info -> Responses.created(ctx, "/api/attachments/" + info.id(), info.toJson()))
        .onFailure(ctx::fail);
  }

  private Future<AttachmentInfo> store(AsyncFile in, String uploader, String filename, String declared, long size) {
    return read(in, 0, size).compose(head -> pool.withTransaction(tx -> {
      String contentType = FileTypes.detect(head, declared);
      return AttachmentRepository.insert(tx, uploader, filename, contentType, size)
          .compose(id -> {
            Future<Void> chain = AttachmentRepository.insertChunk(tx, id, 0, head);
            for (int seq = 1; (long) seq * AttachmentRepository.CHUNK_SIZE < size; seq++) {
              int n = seq;
              chain = chain.compose(v -> read(in, n, size))
                  .compose(data -> AttachmentRepository.insertChunk(tx, id, n, data));
            }
            return chain.map(new AttachmentInfo(id, filename, contentType, size));
          });
    }));
  }

  private static Future<Buffer> read(AsyncFile in, int seq, long size) {
    long position = (long) seq * AttachmentRepository.CHUNK_SIZE;
    int length = (int) Math.min(AttachmentRepository.CHUNK_SIZE, size - position);
    return in.read(Buffer.buffer(length), 0, position, length);
  }

  private void download(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "attachment");
    boolean inline = "1".equals(ctx.request().getParam("inline"));
    Caller caller = caller(ctx);
    AttachmentRepository.access(pool, id)
        .map(found -> found.filter(a -> mayRead(caller, a))
            .orElseThrow(() -> ApiError.notFound("No attachment " + id)))
        .compose(a -> {
          AttachmentInfo info = a.info();
          if (inline && !FileTypes.PREVIEWABLE.contains(info.contentType())) {
            throw new ApiError(415, "Unsupported media type",
                "Only png, jpeg, gif and webp images can be previewed; download it instead", List.of(), null);
          }
          HttpServerResponse response = ctx.response()
              .putHeader("Content-Type", info.contentType())
              .putHeader("Content-Length", String.valueOf(info.size()))
              .putHeader("Content-Disposition",
                  FileNames.contentDisposition(inline ? "inline" : "attachment", info.filename()))
              .putHeader("Cache-Control", "private, max-age=3600")
              .putHeader("X-Content-Type-Options", "nosniff");
          return stream(response, info);
        })
        .onSuccess(v -> ctx.response().end())
        .onFailure(ctx::fail);
  }

  /** Writes chunk after chunk, waiting for each write before reading the next: memory stays at one chunk. */
  private Future<Void> stream(HttpServerResponse response, AttachmentInfo info) {
    Future<Void> chain = Future.succeededFuture();
    for (int seq = 0; (long) seq * AttachmentRepository.CHUNK_SIZE < info.size(); seq++) {
      int n = seq;
      chain = chain.compose(v -> AttachmentRepository.chunk(pool, info.id(), n)).compose(response::write);
    }
    return chain;
  }

  static boolean mayRead(Caller caller, AttachmentRepository.Access a) {
    if (a.messageId() == null) {
      return a.uploader().equals(caller.requesterKey());
    }
    return caller.isStaff() || (caller.requesterKey().equals(a.requester()) && !"note".equals(a.messageType()));
  }
}
