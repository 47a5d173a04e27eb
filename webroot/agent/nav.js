// Addresses the agent pages link to, shared so that no page imports another's
// internals: the ticket list's address (filter, preset, sort in the query
// string), the list position remembered between visits, and a ticket's address.

export const DEFAULT_SORT = '-updated';

// Survives leaving the list and coming back (Esc from a ticket); list.js keeps it current.
export const remembered = {ref: null, sort: DEFAULT_SORT, preset: null};

/** '#/' with the filter, preset and sort in the query string. */
export function hashFor(q, sort = remembered.sort, preset = remembered.preset) {
  const params = new URLSearchParams();
  if (preset) params.set('preset', preset);
  if (q) params.set('q', q);
  if (sort && sort !== DEFAULT_SORT) params.set('sort', sort);
  const qs = params.toString();
  return '#/' + (qs ? '?' + qs : '');
}

/** Back to the list, filtered by what the header's search box holds now. */
export function listHash() {
  return hashFor(document.getElementById('search').value.trim());
}

/** '#/tickets/TKT-017'. */
export function ticketHash(ref) {
  return '#/tickets/' + encodeURIComponent(ref);
}
