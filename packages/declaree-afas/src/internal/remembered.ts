/**
 * `load`, called at most once per `ms` (by default once): the callers in between share its promise.
 * A load that fails is forgotten, so that the next call tries again (the cause may have been fixed).
 */
export function remembered<T>(load: () => Promise<T>, ms = Number.POSITIVE_INFINITY): () => Promise<T> {
  let kept: { readonly until: number; readonly value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (kept === undefined || kept.until < now) {
      const entry = { until: now + ms, value: load() };
      kept = entry;
      entry.value.catch(() => {
        if (kept === entry) kept = undefined;
      });
    }
    return kept.value;
  };
}
