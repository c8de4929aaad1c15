// Stable slot assignment: the reason a new pod never pushes the others around. Each id keeps the
// slot it was first given for as long as it stays; a newcomer takes the lowest free slot.

export type SlotMap = ReadonlyMap<string, number>;

/**
 * Slots for `ids` given last time's `prev`. Ids in `prev` keep their slot; ids that left free
 * theirs; new ids fill the lowest free slots in the order given. Returns `prev` itself when
 * nothing changed, so callers can compare by identity.
 * Example: prev {a:0, b:1, c:2}, ids [a, c, d] -> {a:0, c:2, d:1}.
 */
export function assignSlots(prev: SlotMap, ids: readonly string[]): SlotMap {
  const wanted = new Set(ids);
  let same = prev.size === wanted.size;
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const [id, slot] of prev) {
    if (wanted.has(id)) {
      next.set(id, slot);
      taken.add(slot);
    } else same = false;
  }
  let free = 0;
  for (const id of ids) {
    if (next.has(id)) continue;
    same = false;
    while (taken.has(free)) free++;
    next.set(id, free);
    taken.add(free);
  }
  return same ? prev : next;
}

/** One more than the highest slot in use (0 when empty): how many cells the container must show. */
export function slotExtent(slots: SlotMap): number {
  let max = -1;
  for (const s of slots.values()) if (s > max) max = s;
  return max + 1;
}
