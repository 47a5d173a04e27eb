/** Users (admins, agents, requesters with passwords) and contacts. */
package dev.helpdesk.people;
