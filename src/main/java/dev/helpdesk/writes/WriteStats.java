package dev.helpdesk.writes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What group commit does, for /metrics: changes per transaction, transaction time, and
 * how often a batch was retried change by change. Meters are looked up once, here, so a
 * write costs two cheap updates, not a registry lookup.
 */
final class WriteStats {

  private final DistributionSummary batchSize;
  private final Timer transaction;
  private final Counter retried;

  WriteStats(MeterRegistry registry) {
    batchSize = registry == null ? null : DistributionSummary.builder("helpdesk_write_batch_changes")
        .description("Changes written per transaction by the write path").register(registry);
    transaction = registry == null ? null : Timer.builder("helpdesk_write_transaction")
        .description("Time from a batch's start to its commit").register(registry);
    retried = registry == null ? null : Counter.builder("helpdesk_write_batch_retried_changes")
        .description("Changes retried alone after their batch failed as a whole").register(registry);
  }

  void committed(int changes, long nanos) {
    if (batchSize != null) {
      batchSize.record(changes);
      transaction.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  void retried(int changes) {
    if (retried != null) {
      retried.increment(changes);
    }
  }
}
