/** Demo data for a newcomer's empty desk (--demo). */
package dev.helpdesk.demo;
