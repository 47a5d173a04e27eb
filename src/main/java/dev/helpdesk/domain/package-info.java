/**
 * The small shared kernel every feature may use and which uses no feature: domain errors
 * (mapped to HTTP in {@code http.ProblemHandler} only), wire-named enums, and an answer
 * rendered once.
 */
package dev.helpdesk.domain;
