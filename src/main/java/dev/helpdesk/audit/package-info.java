/** The audit of admin actions: who did what, when and from which address; GET /api/audit for admins. */
package dev.helpdesk.audit;
