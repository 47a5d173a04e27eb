/** Who is calling: sign-in, session and portal-link tokens, roles, the sign-in rate limit and first-start bootstrap. */
package dev.helpdesk.auth;
