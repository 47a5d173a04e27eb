// Where saved views go when one is moved. The server lists views by (position, id) and a shared
// view has one position for everyone; a person may change only their own views (an admin: any).
// So a move may only give new positions to the views the person may change, and it should change
// as few as it can (each is one PATCH /api/views/{id} {"position"}).

function before(a, b) {
  return a.position < b.position || (a.position === b.position && a.id < b.id);
}

/**
 * New positions that list `order` (every view of the sidebar, in the wanted order) in that order,
 * giving new positions only to views for which canMove(view) is true: [{view, position}], or
 * null when the views that cannot be moved leave no room between them.
 */
export function planOrder(order, canMove) {
  return fit(order, canMove, true) || fit(order, canMove, false);
}

/** One pass from the top; `keep` leaves a view where it is when it already fits there. */
function fit(order, canMove, keep) {
  const changes = [];
  const firstFixed = order.findIndex((v) => !canMove(v));
  let low = null; // the place of the view above
  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    if (!canMove(v)) {
      if (low && !before(low, v)) return null;
      low = {position: v.position, id: v.id};
      continue;
    }
    const next = order.slice(i + 1).find((w) => !canMove(w));
    const fits = (p) => (!low || before(low, {position: p, id: v.id})) && (!next || before({position: p, id: v.id}, next));
    let p;
    if (keep && fits(v.position)) p = v.position;
    else if (low) p = v.id > low.id ? low.position : low.position + 1; // the lowest place below the one above
    else p = (firstFixed < 0 ? 0 : order[firstFixed].position - firstFixed) + i; // views above every fixed one
    if (!fits(p)) return null;
    if (p !== v.position) changes.push({view: v, position: p});
    low = {position: p, id: v.id};
  }
  return changes;
}
