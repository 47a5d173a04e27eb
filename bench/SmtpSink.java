import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mail sink for bench/mail-drain.sh: speaks just enough SMTP to take every mail it is sent
 * and throw it away, answering each command after an optional delay (a relay across a network
 * answers in tens of milliseconds, not in microseconds).
 *
 *   java bench/SmtpSink.java <port> [delayMs=0]
 *
 * Single-file Java (JDK 17), no dependencies. Prints the count of mails taken every 5 s.
 */
public class SmtpSink {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long delay = args.length > 1 ? Long.parseLong(args[1]) : 0;
    AtomicLong taken = new AtomicLong();
    Thread reporter = new Thread(() -> {
      long last = -1;
      while (true) {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          return;
        }
        if (taken.get() != last) {
          last = taken.get();
          System.out.println("smtp sink: " + last + " mails taken");
        }
      }
    });
    reporter.setDaemon(true);
    reporter.start();
    try (ServerSocket server = new ServerSocket(port)) {
      while (true) {
        Socket s = server.accept();
        s.setTcpNoDelay(true); // as mail servers do: a reply is not held back waiting for an ACK
        new Thread(() -> session(s, delay, taken)).start();
      }
    }
  }

  private static void session(Socket socket, long delay, AtomicLong taken) {
    try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
        StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
      reply(out, delay, "220 sink ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        switch (command) {
          case "EHLO" -> reply(out, delay, "250-sink\r\n250 8BITMIME");
          case "DATA" -> {
            reply(out, delay, "354 go on");
            while ((line = in.readLine()) != null && !line.equals(".")) {
              // the mail is thrown away
            }
            taken.incrementAndGet();
            reply(out, delay, "250 taken");
          }
          case "QUIT" -> {
            reply(out, 0, "221 bye");
            return;
          }
          default -> reply(out, delay, "250 ok");
        }
      }
    } catch (Exception e) {
      // a client that went away mid-session: nothing to do
    }
  }

  private static void reply(OutputStream out, long delay, String text) throws Exception {
    if (delay > 0) {
      Thread.sleep(delay);
    }
    out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
