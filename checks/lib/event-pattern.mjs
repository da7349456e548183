// EventBridge's matching of an event pattern against an event, for the patterns this app writes: every field of the
// pattern must be in the event; a list of values matches when the event's value (or, for an array, any of its
// elements) equals one of them; an object matches field by field (the documented rules for exact values, which is
// all the rules here use; a pattern using another form is refused rather than half-matched).
export function matches(pattern, event) {
  return Object.entries(pattern).every(([key, wanted]) => {
    if (!(key in event)) return false;
    const value = event[key];
    if (Array.isArray(wanted)) {
      if (wanted.some((w) => w === null || typeof w === 'object')) throw new Error(`pattern field ${key}: only exact values are supported`);
      return [value].flat().some((v) => wanted.includes(v));
    }
    if (wanted && typeof wanted === 'object') return value !== null && typeof value === 'object' && matches(wanted, value);
    throw new Error(`pattern field ${key}: a value must be a list or an object`);
  });
}
