package dev.helpdesk.support;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The service as a separate process started from the built jar, so that it can be killed for real. */
public final class ServiceProcess {

  private static final Path JAR = Path.of("target", "helpdesk.jar");

  private final Map<String, String> env;
  private final int port;
  private final File log;
  private final java.util.List<String> jvmOptions;
  private Process process;

  public ServiceProcess(Map<String, String> env, int port, File log) {
    this(env, port, log, java.util.List.of());
  }

  /** With JVM options before the defaults (e.g. a cheaper JIT for tests that start the jar often). */
  public ServiceProcess(Map<String, String> env, int port, File log, java.util.List<String> jvmOptions) {
    this.env = env;
    this.port = port;
    this.log = log;
    this.jvmOptions = jvmOptions;
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** Starts the jar and waits until /health answers 200. */
  public void start() throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("java", "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(java.util.List.of("-jar", JAR.toString()));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    pb.environment().putAll(env);
    pb.environment().put("HELPDESK_PORT", String.valueOf(port));
    process = pb.start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 120_000; // a loaded machine starts a JVM slowly
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited at start; see " + log);
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(200); // polling a starting process: there is nothing to wait on but its port
    }
    throw new IllegalStateException("the service did not become healthy; see " + log);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as an orchestrator stops it; returns how long the process took to exit, in ms. */
  public long terminate() throws InterruptedException {
    long started = System.nanoTime();
    process.destroy();
    process.waitFor();
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** Sends SIGTERM and returns at once; {@link #awaitExit()} waits for the process to end. */
  public void signalTerm() {
    process.destroy();
  }

  public void awaitExit() throws InterruptedException {
    process.waitFor();
  }

  public int exitCode() {
    return process.exitValue();
  }

  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
