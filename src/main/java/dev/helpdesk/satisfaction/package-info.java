/**
 * Satisfaction: "How did we do?" when a ticket becomes resolved (a mail with single-use Good and
 * Bad links, and the portal), one rating per ticket by its requester, shown on the ticket and
 * counted in the reports; a bad rating tells the assignee.
 */
package dev.helpdesk.satisfaction;
