package dev.helpdesk.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What the live feed reports in /metrics (Prometheus names):
 * <ul>
 *   <li>{@code helpdesk_live_fanout_seconds}: the service's own share of a live event's latency, from
 *       reading it from the events table to writing it to the last socket (on every hub), as a histogram;
 *       end-to-end latency adds the commit, the NOTIFY and the network to it;</li>
 *   <li>{@code helpdesk_live_frames_encoded_total}: event frames encoded (once per event and audience);</li>
 *   <li>{@code helpdesk_live_frames_written_total}: event frames handed to sockets (once per socket);</li>
 *   <li>{@code helpdesk_live_sockets{hub}}: open sockets per hub (one hub per event loop);</li>
 *   <li>{@code helpdesk_live_loop_delay_seconds}: how late each hub's once-a-second probe ran: a blocked or
 *       overloaded event loop shows here long before Vert.x's 2 s blocked-thread warning.</li>
 * </ul>
 */
final class LiveMetrics {

  private final MeterRegistry registry;
  private final Timer fanout;
  private final Counter encoded;
  private final Counter written;
  private final Timer loopDelay;

  LiveMetrics(MeterRegistry registry) {
    this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    this.fanout = Timer.builder("helpdesk.live.fanout")
        .description("From reading a live event to writing it to the last socket that gets it, over every hub")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(this.registry);
    this.encoded = Counter.builder("helpdesk.live.frames.encoded")
        .description("Live event frames encoded: once per event and audience").register(this.registry);
    this.written = Counter.builder("helpdesk.live.frames.written")
        .description("Live event frames written to sockets: once per socket that gets the event")
        .register(this.registry);
    this.loopDelay = Timer.builder("helpdesk.live.loop.delay")
        .description("How late a hub's once-a-second probe ran on its event loop")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(this.registry);
  }

  void loopDelay(long nanos) {
    loopDelay.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  void fanout(long nanos) {
    fanout.record(nanos, TimeUnit.NANOSECONDS);
  }

  void encoded(int frames) {
    encoded.increment(frames);
  }

  void written(int frames) {
    if (frames > 0) {
      written.increment(frames);
    }
  }

  /** A gauge of one hub's open sockets. */
  void hub(int index, IntSupplier sockets) {
    Gauge.builder("helpdesk.live.sockets", sockets::getAsInt).description("Open live sockets on one hub (event loop)")
        .tag("hub", String.valueOf(index)).register(registry);
  }
}
