package dev.helpdesk.inbound;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw RFC 5322 bytes to a {@link ParsedMail}, with Jakarta Mail (Angus) doing the MIME,
 * transfer encodings and RFC 2047/2231 decoding. Blocking and CPU-bound: call it on a worker
 * thread. Lenient where real mail is sloppy (bad addresses, unknown charsets, broken base64),
 * strict only where nothing sensible can be made of it (then {@link BadMail}).
 */
public final class MailParser {

  /** The contract's limit per file; bigger files are left out and named in a system message. */
  public static final int FILE_MAX = 10 * 1024 * 1024;
  static final int HEADER_MAX = 1024 * 1024;
  private static final int TEXT_MAX = 2 * 1024 * 1024;
  private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]{1,500})>");
  private static final Pattern QUOTED_MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^<>\\s]{1,500}>)");

  private static final Session SESSION;

  static {
    MailStreams.nameProvider();
    SESSION = Session.getInstance(lenient());
  }

  private MailParser() {}

  private static Properties lenient() {
    Properties p = new Properties();
    p.setProperty("mail.mime.address.strict", "false");
    p.setProperty("mail.mime.decodetext.strict", "false");
    p.setProperty("mail.mime.decodefilename", "true");
    p.setProperty("mail.mime.decodeparameters", "true");
    p.setProperty("mail.mime.parameters.strict", "false");
    p.setProperty("mail.mime.base64.ignoreerrors", "true");
    p.setProperty("mail.mime.uudecode.ignoreerrors", "true");
    p.setProperty("mail.mime.allowutf8", "true");
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.allowempty", "true");
    return p;
  }

  public static ParsedMail parse(byte[] raw) {
    if (headerLength(raw) > HEADER_MAX) {
      throw new BadMail("the header block is over 1 MiB");
    }
    try {
      MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
      ParsedMail.Address from = from(m);
      String messageId = firstId(m.getHeader("Message-ID", null));
      List<String> refs = new ArrayList<>(ids(m.getHeader("In-Reply-To", " ")));
      for (String id : ids(m.getHeader("References", " "))) {
        if (!refs.contains(id)) {
          refs.add(id);
        }
      }
      Body body = new Body();
      walk(m, body);
      String subject = subject(m);
      return new ParsedMail(messageId != null ? messageId : "sha256:" + sha256(raw), messageId, refs, from,
          addresses(m, "To"), addresses(m, "Cc"), subject, body.text.toString().strip(), body.files, body.tooLarge,
          MailKinds.autoReason(m), MailKinds.bounce(m, from, raw, body.report));
    } catch (MessagingException | IOException | RuntimeException e) {
      if (e instanceof BadMail bad) {
        throw bad;
      }
      throw new BadMail("unparseable MIME: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /**
   * One header of a mail that could not be parsed, read as plainly as possible (first 64 KiB,
   * unfolded, RFC 2047 decoded where it can be), so that a set-aside mail still shows who and what.
   */
  public static String peekHeader(byte[] raw, String name) {
    String head = new String(raw, 0, Math.min(Math.min(raw.length, headerLength(raw)), 64 * 1024),
        StandardCharsets.ISO_8859_1).replaceAll("\r?\n[ \t]+", " ");
    Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \t]*(.*)$").matcher(head);
    if (!m.find()) {
      return null;
    }
    String value = m.group(1).strip();
    try {
      value = MimeUtility.decodeText(value);
    } catch (java.io.UnsupportedEncodingException | RuntimeException ignored) {
      // keep it as it came
    }
    return clip(value, 1000);
  }

  /** Where the empty line after the headers is, or the whole length when there is none. */
  static int headerLength(byte[] raw) {
    for (int i = 0; i + 1 < raw.length; i++) {
      if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))) {
        return i;
      }
    }
    return raw.length;
  }

  private static ParsedMail.Address from(MimeMessage m) throws MessagingException {
    String header = m.getHeader("From", ",");
    if (header == null) {
      header = m.getHeader("Sender", ",");
    }
    if (header == null || header.isBlank()) {
      throw new BadMail("no From address");
    }
    for (Address a : parseAddresses(header)) {
      ParsedMail.Address parsed = address(a);
      if (parsed != null) {
        return parsed;
      }
    }
    throw new BadMail("no usable From address in '" + clip(header, 200) + "'");
  }

  private static List<ParsedMail.Address> addresses(MimeMessage m, String name) throws MessagingException {
    String header = m.getHeader(name, ",");
    List<ParsedMail.Address> list = new ArrayList<>();
    if (header != null) {
      for (Address a : parseAddresses(header)) {
        ParsedMail.Address parsed = address(a);
        if (parsed != null && list.stream().noneMatch(x -> x.email().equals(parsed.email()))) {
          list.add(parsed);
        }
      }
    }
    return list;
  }

  private static Address[] parseAddresses(String header) {
    try {
      return InternetAddress.parseHeader(header, false);
    } catch (AddressException e) {
      return new Address[0];
    }
  }

  private static ParsedMail.Address address(Address a) {
    if (!(a instanceof InternetAddress ia) || ia.getAddress() == null) {
      return null;
    }
    String email = ia.getAddress().trim().toLowerCase(Locale.ROOT);
    if (!email.matches("^[^@\\s<>\"]{1,200}@[^@\\s<>\"]{1,200}\\.[^@\\s<>\"]{1,60}$")) {
      return null;
    }
    String name = ia.getPersonal();
    return new ParsedMail.Address(email, name == null ? "" : name.strip());
  }

  private static String subject(MimeMessage m) throws MessagingException {
    String s;
    try {
      s = m.getSubject();
    } catch (MessagingException e) {
      s = m.getHeader("Subject", " ");
    }
    if (s == null) {
      return "";
    }
    return s.replaceAll("[\\r\\n\\t]+", " ").strip();
  }

  static String firstId(String header) {
    List<String> ids = ids(header);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** The {@code <id>} tokens of a Message-ID, In-Reply-To or References header, lower case. */
  static List<String> ids(String header) {
    List<String> ids = new ArrayList<>();
    if (header == null) {
      return ids;
    }
    Matcher matcher = ANGLE_ID.matcher(header);
    while (matcher.find() && ids.size() < 100) {
      ids.add("<" + matcher.group(1).toLowerCase(Locale.ROOT) + ">");
    }
    return ids;
  }

  /** Message-ID lines inside the body: a bounce quotes the headers of the mail that failed. */
  static List<String> quotedMessageIds(String text) {
    List<String> ids = new ArrayList<>();
    Matcher matcher = QUOTED_MESSAGE_ID.matcher(text);
    while (matcher.find()) {
      ids.add(matcher.group(1).toLowerCase(Locale.ROOT));
    }
    return ids;
  }

  /** What the walk collects: the readable text, the files, and a delivery report's text. */
  static final class Body {
    final StringBuilder text = new StringBuilder();
    final List<ParsedMail.File> files = new ArrayList<>();
    final List<String> tooLarge = new ArrayList<>();
    final StringBuilder report = new StringBuilder();
  }

  private static void walk(Part part, Body body) throws MessagingException, IOException {
    String type = lowerType(part);
    boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || fileName(part) != null;
    if (type.startsWith("multipart/")) {
      Multipart multi = (Multipart) part.getContent();
      if (type.startsWith("multipart/alternative")) {
        alternative(multi, body);
      } else {
        boolean related = type.startsWith("multipart/related");
        for (int i = 0; i < multi.getCount(); i++) {
          BodyPart child = multi.getBodyPart(i);
          if (related && i > 0 && !lowerType(child).startsWith("text/")) {
            file(child, body, true);
          } else {
            walk(child, body);
          }
        }
      }
    } else if (type.startsWith("message/delivery-status") || type.startsWith("text/rfc822-headers")) {
      body.report.append(text(part)).append('\n');
    } else if (type.startsWith("message/rfc822")) {
      body.report.append(clip(new String(bytes(part, TEXT_MAX), StandardCharsets.ISO_8859_1), 200_000)).append('\n');
      file(part, body, false);
    } else if (!attachment && type.startsWith("text/plain")) {
      append(body, text(part));
    } else if (!attachment && type.startsWith("text/html")) {
      append(body, HtmlText.toText(text(part)));
    } else if (!attachment && type.startsWith("text/") && !type.startsWith("text/calendar")) {
      append(body, text(part));
    } else {
      file(part, body, type.startsWith("image/") && !Part.ATTACHMENT.equalsIgnoreCase(disposition(part)));
    }
  }

  /** The plain part when there is one with words in it, else the HTML one made text; files of every branch kept. */
  private static void alternative(Multipart multi, Body body) throws MessagingException, IOException {
    int chosen = -1;
    for (int pass = 0; pass < 2 && chosen < 0; pass++) {
      String wanted = pass == 0 ? "text/plain" : "text/html";
      for (int i = multi.getCount() - 1; i >= 0 && chosen < 0; i--) {
        if (contains(multi.getBodyPart(i), wanted)) {
          chosen = i;
        }
      }
    }
    if (chosen < 0) {
      chosen = multi.getCount() - 1;
    }
    for (int i = 0; i < multi.getCount(); i++) {
      if (i == chosen) {
        walk(multi.getBodyPart(i), body);
      } else {
        Body skipped = new Body();
        walk(multi.getBodyPart(i), skipped);
        for (ParsedMail.File f : skipped.files) {
          if (body.files.stream().noneMatch(x -> x.filename().equals(f.filename()) && x.data().length == f.data().length)) {
            body.files.add(f);
          }
        }
      }
    }
  }

  private static boolean contains(Part part, String type) throws MessagingException, IOException {
    String t = lowerType(part);
    if (t.startsWith(type)) {
      return !Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) && !text(part).isBlank();
    }
    if (t.startsWith("multipart/")) {
      Multipart multi = (Multipart) part.getContent();
      for (int i = 0; i < multi.getCount(); i++) {
        if (contains(multi.getBodyPart(i), type)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void append(Body body, String text) {
    if (text.isBlank() || body.text.length() > TEXT_MAX) {
      return;
    }
    if (body.text.length() > 0) {
      body.text.append("\n\n");
    }
    body.text.append(text.strip());
  }

  private static void file(Part part, Body body, boolean inline) throws MessagingException, IOException {
    String name = fileName(part);
    String type = baseType(part);
    if (name == null || name.isBlank()) {
      name = defaultName(part, type, body.files.size() + 1);
    }
    byte[] data = bytes(part, FILE_MAX + 1);
    if (data.length > FILE_MAX) {
      body.tooLarge.add(name);
      return;
    }
    body.files.add(new ParsedMail.File(name, type, data, inline));
  }

  private static String defaultName(Part part, String type, int n) throws MessagingException {
    if (type.equals("message/rfc822")) {
      return "forwarded-message-" + n + ".eml";
    }
    if (type.equals("application/ms-tnef") || type.equals("application/vnd.ms-tnef")) {
      return "winmail.dat";
    }
    String ext = switch (type) {
      case "image/png" -> ".png";
      case "image/jpeg" -> ".jpg";
      case "image/gif" -> ".gif";
      case "image/webp" -> ".webp";
      case "application/pdf" -> ".pdf";
      case "text/calendar" -> ".ics";
      default -> ".bin";
    };
    return (type.startsWith("image/") ? "image-" : "attachment-") + n + ext;
  }

  private static String fileName(Part part) {
    try {
      String name = part.getFileName();
      if (name != null && name.contains("=?")) {
        name = MimeUtility.decodeText(name);
      }
      return name == null ? null : name.replaceAll("[\\r\\n\\x00/\\\\]+", "_").strip();
    } catch (MessagingException | java.io.UnsupportedEncodingException | RuntimeException e) {
      return null;
    }
  }

  private static String disposition(Part part) {
    try {
      return part.getDisposition();
    } catch (MessagingException | RuntimeException e) {
      return null;
    }
  }

  private static String lowerType(Part part) throws MessagingException {
    String t = part.getContentType();
    return t == null ? "text/plain" : t.toLowerCase(Locale.ROOT).strip();
  }

  private static String baseType(Part part) throws MessagingException {
    try {
      return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
    } catch (Exception e) {
      return "application/octet-stream";
    }
  }

  /** A text part decoded with its charset; an unknown or missing one: UTF-8 when the bytes are, else Windows-1252. */
  static String text(Part part) throws MessagingException, IOException {
    byte[] data = bytes(part, TEXT_MAX);
    String charset = null;
    try {
      charset = new ContentType(part.getContentType()).getParameter("charset");
    } catch (Exception ignored) {
      // a broken Content-Type: guess below
    }
    Charset cs = charset(charset);
    if (cs == null || cs.equals(StandardCharsets.US_ASCII)) {
      return utf8OrWindows(data);
    }
    return new String(data, cs);
  }

  static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String clean = name.strip().replace("\"", "");
    for (String candidate : new String[] {clean, MimeUtility.javaCharset(clean)}) {
      try {
        return Charset.forName(candidate);
      } catch (RuntimeException ignored) {
        // not known under this name: try the next
      }
    }
    return null;
  }

  private static String utf8OrWindows(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return new String(data, Charset.forName("windows-1252"));
    }
  }

  /** The decoded bytes of a part, at most {@code max} (one more tells the caller it was larger). */
  private static byte[] bytes(Part part, int max) throws MessagingException, IOException {
    try (InputStream in = part.getInputStream()) {
      return in.readNBytes(max);
    } catch (IOException e) {
      // a broken transfer encoding: the raw bytes are the best there is
      if (part instanceof jakarta.mail.internet.MimePart mp && mp instanceof jakarta.mail.internet.MimeBodyPart bp) {
        try (InputStream raw = bp.getRawInputStream()) {
          return raw.readNBytes(max);
        }
      }
      throw e;
    }
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static String sha256(byte[] raw) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
