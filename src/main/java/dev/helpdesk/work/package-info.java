/** Named pools for blocking work (password hashing, PDF drawing, files), so that no kind queues behind another. */
package dev.helpdesk.work;
