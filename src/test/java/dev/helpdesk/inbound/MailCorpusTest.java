package dev.helpdesk.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parser on a corpus of mails shaped like those real clients send (src/test/resources/mail/, written by us). */
class MailCorpusTest {

  static byte[] sample(String name) {
    try (InputStream in = MailCorpusTest.class.getResourceAsStream("/mail/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ParsedMail parse(String name) {
    return MailParser.parse(sample(name));
  }

  @Test
  void gmailReplyPrefersThePlainPartAndLosesTheQuoteButKeepsTheNewText() {
    ParsedMail m = parse("gmail-reply.eml");
    assertThat(m.from()).isEqualTo(new ParsedMail.Address("mia@customer.test", "Mia Mail"));
    assertThat(m.messageId()).isEqualTo("<caf3x9q+gmail-reply-1@mail.gmail.com>");
    assertThat(m.references()).containsExactly("<outbox-1@test.example>");
    assertThat(m.text()).contains("“offline”").contains("> please restart");
    QuoteCutter.Cut cut = QuoteCutter.cut(m.text());
    assertThat(cut.cut()).isTrue();
    assertThat(cut.text()).isEqualTo("Thanks, that worked! The printer on floor 3 prints again.\n\n"
        + "One more thing: the scanner still says “offline”.");
  }

  @Test
  void outlookHtmlOnlyInWindows1252BecomesTextAndItsFromSentBlockIsCut() {
    ParsedMail m = parse("outlook-html-only.eml");
    assertThat(m.from().name()).isEqualTo("Jörg Müller");
    assertThat(m.subject()).isEqualTo("AW: [TKT-002] Invoice question");
    assertThat(m.text()).contains("120 € instead of 100 €").doesNotContain("<p>").doesNotContain("margin");
    String cut = QuoteCutter.cut(m.text()).text();
    assertThat(cut).contains("Could you check?").contains("Jörg Müller").doesNotContain("we received your request")
        .doesNotContain("Sent:");
  }

  @Test
  void appleMailRelatedKeepsTheInlineImageAsAFile() {
    ParsedMail m = parse("apple-related.eml");
    assertThat(m.text()).startsWith("The app shows this error");
    assertThat(m.files()).singleElement().satisfies(f -> {
      assertThat(f.filename()).isEqualTo("error.png");
      assertThat(f.contentType()).isEqualTo("image/png");
      assertThat(f.data()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    });
  }

  @Test
  void iso2022JapaneseSubjectNameAndBodyDecode() {
    ParsedMail m = parse("iso-2022-jp.eml");
    assertThat(m.subject()).isEqualTo("ログインできません");
    assertThat(m.from().name()).isEqualTo("山田太郎");
    assertThat(m.text()).contains("ログインできません。");
  }

  @Test
  void koi8RussianDecodes() {
    ParsedMail m = parse("koi8-r.eml");
    assertThat(m.subject()).isEqualTo("Принтер не работает");
    assertThat(m.from().name()).isEqualTo("Иван Петров");
    assertThat(m.text()).contains("Не работает принтер.");
  }

  @Test
  void latin1QuotedPrintableGermanReplyLosesSignatureAndSchriebQuote() {
    ParsedMail m = parse("thunderbird-latin1.eml");
    assertThat(m.subject()).isEqualTo("Re: [TKT-003] Rückfrage");
    assertThat(m.from().name()).isEqualTo("Klaus Größer");
    assertThat(QuoteCutter.cut(m.text()).text()).isEqualTo("Hallo,\n\ndas Problem besteht weiterhin. Grüße aus Köln!");
  }

  @Test
  void rfc2231FileNameAndCcsAreRead() {
    ParsedMail m = parse("attachment-rfc2231.eml");
    assertThat(m.subject()).isEqualTo("Factura nº 42 – error");
    assertThat(m.text()).isEqualTo("Adjunto la factura. Gracias, señor.");
    assertThat(m.files()).singleElement().satisfies(f -> {
      assertThat(f.filename()).isEqualTo("factura nº 42.pdf");
      assertThat(new String(f.data(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
    });
    assertThat(m.cc()).extracting(ParsedMail.Address::email).containsExactly("boss@empresa.test", "support@test.example");
  }

  @Test
  void tnefIsKeptAsAFile() {
    ParsedMail m = parse("outlook-tnef.eml");
    assertThat(m.files()).singleElement().satisfies(f -> {
      assertThat(f.filename()).isEqualTo("winmail.dat");
      assertThat(f.contentType()).isEqualTo("application/ms-tnef");
    });
  }

  @Test
  void aForwardedMailKeepsWhatWasForwarded() {
    ParsedMail m = parse("gmail-forward.eml");
    assertThat(QuoteCutter.cut(m.text()).text()).contains("our warehouse never got it").contains("Your order 5531 has shipped.");
  }

  @Test
  void aDeliveryReportNamesTheRecipientTheReasonAndOurMail() {
    ParsedMail m = parse("bounce-dsn.eml");
    assertThat(m.bounce()).isNotNull();
    assertThat(m.bounce().recipient()).isEqualTo("gone@customer.test");
    assertThat(m.bounce().reason()).contains("550 5.1.1").contains("User unknown");
    assertThat(m.bounce().originalMessageId()).isEqualTo("<outbox-1@test.example>");
  }

  @Test
  void autoRepliesAndBulkMailAreRecognised() {
    assertThat(parse("auto-reply-ooo.eml").autoReason()).contains("Auto-Submitted");
    assertThat(parse("bulk-newsletter.eml").autoReason()).contains("bulk");
    assertThat(parse("gmail-reply.eml").autoReason()).isNull();
  }

  @Test
  void aMailWithoutFromIsBad() {
    assertThatThrownBy(() -> parse("no-from.eml")).isInstanceOf(BadMail.class).hasMessageContaining("From");
  }

  @Test
  void anUnknownCharsetFallsBackToWindows1252() {
    ParsedMail m = parse("unknown-charset.eml");
    assertThat(m.text()).isEqualTo("Le café est prêt.");
  }

  @Test
  void htmlOnlyMailDropsScriptsKeepsLinksAndQuotesBlockquotes() {
    ParsedMail m = parse("html-only-reply.eml");
    assertThat(m.text()).contains("our status page (https://status.customer.test/x)").doesNotContain("alert")
        .contains("> old text");
    assertThat(QuoteCutter.cut(m.text()).text()).isEqualTo("See our status page (https://status.customer.test/x).");
  }

  @Test
  void aHeaderBlockOverOneMebibyteIsBad() {
    String huge = "X-Filler: " + "a".repeat(1024 * 1024 + 10) + "\r\nFrom: a@b.test\r\n\r\nbody";
    assertThatThrownBy(() -> MailParser.parse(huge.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(BadMail.class).hasMessageContaining("1 MiB");
  }

  @Test
  void outlookOriginalMessageSeparatorAndTwoLineAttributionAreCut() {
    assertThat(QuoteCutter.cut("Yes please.\n\n-----Original Message-----\nFrom: x\nold").text()).isEqualTo("Yes please.");
    assertThat(QuoteCutter.cut("Fine.\n\nOn Tue, 24 Nov 2026 at 10:02, Support Team <support@test.example>\nwrote:\n> x")
        .text()).isEqualTo("Fine.");
    assertThat(QuoteCutter.cut("> only a quote\n> nothing new").text()).isEqualTo("> only a quote\n> nothing new");
  }
}
