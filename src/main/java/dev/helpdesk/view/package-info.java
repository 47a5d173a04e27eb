/** Saved views: a token query and a sort kept under a name, private or shared, listed with live counts. */
package dev.helpdesk.view;
