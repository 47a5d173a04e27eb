package dev.helpdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static final String[] NO_ARGS = {};

  @Test
  void defaultsComeFromConfigJson() {
    Config c = ConfigLoader.load(Map.of(), NO_ARGS);

    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.embeddedDatabase()).isTrue();
    assertThat(c.adminEmail()).isEqualTo("admin@example.com");
    assertThat(c.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(c.demo()).isFalse();
  }

  @Test
  void environmentOverridesTheFile() {
    Config c = ConfigLoader.load(Map.of("HELPDESK_PORT", "9000", "HELPDESK_DB_URL",
        "postgresql://postgres@127.0.0.1:5432/test", "HELPDESK_DEMO", "1",
        "HELPDESK_PUBLIC_URL", "https://help.example.com/"), NO_ARGS);

    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.dbUrl()).isEqualTo("postgresql://postgres@127.0.0.1:5432/test");
    assertThat(c.demo()).isTrue();
    assertThat(c.publicUrl()).isEqualTo("https://help.example.com");
  }

  @Test
  void demoFlagOnTheCommandLine() {
    assertThat(ConfigLoader.load(Map.of(), new String[] {"--demo"}).demo()).isTrue();
  }

  @Test
  void eachBadSettingIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_PORT", "eighty"), NO_ARGS))
        .isInstanceOf(ConfigException.class).hasMessageContaining("HELPDESK_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_PORT", "70000"), NO_ARGS))
        .hasMessageContaining("HELPDESK_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_DB_URL", "mysql://x"), NO_ARGS))
        .hasMessageContaining("HELPDESK_DB_URL");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_ADMIN_EMAIL", "admin"), NO_ARGS))
        .hasMessageContaining("HELPDESK_ADMIN_EMAIL");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_ADMIN_PASSWORD", "short"), NO_ARGS))
        .hasMessageContaining("HELPDESK_ADMIN_PASSWORD");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_JWT_SECRET", "too-short"), NO_ARGS))
        .hasMessageContaining("HELPDESK_JWT_SECRET");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_DEMO", "maybe"), NO_ARGS))
        .hasMessageContaining("HELPDESK_DEMO");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HELPDESK_PUBLIC_URL", "ftp://x"), NO_ARGS))
        .hasMessageContaining("HELPDESK_PUBLIC_URL");
  }
}
