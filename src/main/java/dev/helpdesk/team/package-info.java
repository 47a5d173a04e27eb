/**
 * Running the desk from the browser: the team (add by invitation or with a password, rename,
 * change role, deactivate and reactivate, reassign a leaver's tickets), the profile (name,
 * password, sign out everywhere), password rules and the single-use invitation and reset links.
 */
package dev.helpdesk.team;
