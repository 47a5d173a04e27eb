/** The HTTP server: routing, problem JSON for every failure, request-body validation and security headers. */
package dev.helpdesk.http;
