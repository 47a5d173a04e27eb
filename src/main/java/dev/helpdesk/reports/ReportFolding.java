package dev.helpdesk.reports;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the change log into the roll-ups every few seconds, so that a report request finds
 * little left to do; a rebuild (first start on a desk with data, new business hours) goes on
 * here a month of days at a time. One instance folds at a time; the others skip.
 */
public final class ReportFolding extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ReportFolding.class);
  static final long PERIOD_MS = 3_000;
  static final int DAYS_PER_FOLD = 31;

  private final ReportFolder folder;
  private boolean running;

  public ReportFolding(ReportFolder folder) {
    this.folder = folder;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD_MS, id -> fold());
    return Future.succeededFuture();
  }

  private void fold() {
    if (running) {
      return;
    }
    running = true;
    folder.fold(DAYS_PER_FOLD, false)
        .onFailure(e -> log.warn("Could not fold the change log into the report roll-ups: {}", e.getMessage()))
        .onComplete(x -> {
          running = false;
          if (x.succeeded() && !x.result()) {
            vertx.setTimer(200, id -> fold()); // a rebuild, or another instance folding: again soon
          }
        });
  }
}
