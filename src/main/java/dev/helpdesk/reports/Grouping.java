package dev.helpdesk.reports;

import dev.helpdesk.domain.WireEnum;

/** What a report's rows are: days, weeks (Monday to Sunday), or one of a ticket's fields. */
public enum Grouping implements WireEnum {
  DAY, WEEK, AGENT, CATEGORY, CHANNEL, PRIORITY
}
