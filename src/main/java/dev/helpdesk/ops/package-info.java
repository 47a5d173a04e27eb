/**
 * Operations: /health (live, ready, draining), /metrics, /openapi.yaml; the lifecycle of a
 * graceful stop; gauges of the outbox, the event feed and pollers; backups and restores.
 */
package dev.helpdesk.ops;
