// API field name → the id of its control on the new-ticket form and the ticket
// page (both use the same ids), for problem JSON errors[].field (shared/forms.js).
export const FIELD_IDS = {
  subject: 'subject', description: 'description', requester: 'requester-search',
  channel: 'channel', priority: 'priority', category: 'category', assignee: 'assignee',
  tags: 'tags', dueAt: 'due', status: 'status',
};
