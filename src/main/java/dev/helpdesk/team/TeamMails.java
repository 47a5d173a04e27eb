package dev.helpdesk.team;

import dev.helpdesk.mail.Mail;

/** The invitation and password-reset mails, as text and escaped HTML. */
final class TeamMails {

  private TeamMails() {}

  static Mail invitation(String name, String email, String link, int hours) {
    String text = "Hello " + name + ",\n\nYou have been invited to the help desk. Choose your password here:\n"
        + link + "\n\nThe link works once and for " + hours + " hours.\n";
    String html = "<p>Hello " + escape(name) + ",</p><p>You have been invited to the help desk.</p>"
        + "<p><a href=\"" + escape(link) + "\">Choose your password</a></p>"
        + "<p><small>The link works once and for " + hours + " hours.</small></p>";
    return new Mail(email, "You are invited to the help desk", text, html, null);
  }

  static Mail reset(String name, String email, String link, int minutes) {
    String text = "Hello " + name + ",\n\nSomeone (we hope you) asked to reset your help desk password."
        + " Choose a new one here:\n" + link + "\n\nThe link works once and for " + minutes
        + " minutes. If you did not ask, ignore this mail: your password stays as it is.\n";
    String html = "<p>Hello " + escape(name) + ",</p><p>Someone (we hope you) asked to reset your help desk password.</p>"
        + "<p><a href=\"" + escape(link) + "\">Choose a new password</a></p>"
        + "<p><small>The link works once and for " + minutes + " minutes. If you did not ask, ignore this mail:"
        + " your password stays as it is.</small></p>";
    return new Mail(email, "Reset your help desk password", text, html, null);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
