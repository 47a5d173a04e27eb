package dev.helpdesk.reliability;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx as a child process with its own configuration: docs/deploy/nginx.conf as
 * it is, with only the upstream addresses and the listen port replaced; no daemon, pid,
 * logs and temporary files in a directory of its own.
 */
final class Nginx implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/nginx");
  static final Path SITE = Path.of("docs", "deploy", "nginx.conf");

  private final Process process;
  private final Path dir;

  private Nginx(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  static Nginx start(Path dir, int port, List<Integer> upstreams) throws Exception {
    Files.createDirectories(dir);
    String site = Files.readString(SITE)
        .replace("server 127.0.0.1:8081 ", "server 127.0.0.1:" + upstreams.get(0) + " ")
        .replace("server 127.0.0.1:8082 ", "server 127.0.0.1:" + upstreams.get(1) + " ")
        .replace("listen 80;", "listen 127.0.0.1:" + port + ";");
    Files.writeString(dir.resolve("site.conf"), site);
    String abs = dir.toAbsolutePath().toString();
    Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "daemon off;",
        "master_process off;",
        "worker_processes 1;",
        "pid " + abs + "/nginx.pid;",
        "error_log " + abs + "/error.log warn;",
        "events { worker_connections 1024; }",
        "http {",
        "  access_log " + abs + "/access.log;",
        "  client_body_temp_path " + abs + "/body;",
        "  proxy_temp_path " + abs + "/proxy;",
        "  fastcgi_temp_path " + abs + "/fastcgi;",
        "  uwsgi_temp_path " + abs + "/uwsgi;",
        "  scgi_temp_path " + abs + "/scgi;",
        "  include " + abs + "/site.conf;",
        "}", ""));
    Process p = new ProcessBuilder(BINARY.toString(), "-p", abs, "-c", abs + "/nginx.conf")
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log"))
            + Files.readString(dir.resolve("error.log")));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new Nginx(p, dir);
      } catch (IOException e) {
        Thread.sleep(50); // nginx is binding its port; nothing else to wait on
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("nginx did not listen on " + port);
  }

  /** Requests nginx had to try on the next instance (refused or dropped before an answer). */
  long passedOn() throws IOException {
    Path log = dir.resolve("error.log");
    if (!Files.exists(log)) {
      return 0;
    }
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("[error]") && l.contains("upstream")).count();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor();
  }
}
