/** Operations endpoints: /health, /metrics and /openapi.yaml. */
package dev.helpdesk.ops;
