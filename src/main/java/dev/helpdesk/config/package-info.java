/** The service's settings: conf/config.json with HELPDESK_* overrides, validated once at start-up. */
package dev.helpdesk.config;
