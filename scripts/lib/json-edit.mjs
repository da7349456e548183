// Edits a JSON document in place: one value replaced by its path, everything else (layout, key order, other values)
// kept byte for byte, so a re-run of scripts/configure changes only what it was asked to.

/** [start, end) of the value at `path` (keys) in `text`, or null when a key on the way is missing. */
export function valueSpan(text, path) {
  let at = 0;
  const space = () => {
    while (/\s/.test(text[at] ?? '')) at++;
  };
  const skipString = () => {
    for (at++; text[at] !== '"'; at++) if (text[at] === '\\') at++;
    at++;
  };
  const skipValue = () => {
    space();
    const open = text[at];
    if (open === '"') return skipString();
    if (open !== '{' && open !== '[') {
      while (at < text.length && !/[\s,\]}]/.test(text[at])) at++;
      return;
    }
    for (let depth = 0; ; ) {
      if (text[at] === '"') {
        skipString();
        continue;
      }
      if (text[at] === '{' || text[at] === '[') depth++;
      if (text[at] === '}' || text[at] === ']') depth--;
      at++;
      if (depth === 0) return;
    }
  };
  for (const key of path) {
    space();
    if (text[at] !== '{') return null;
    at++;
    for (;;) {
      space();
      if (text[at] === '}') return null;
      const keyStart = at;
      skipString();
      const name = JSON.parse(text.slice(keyStart, at));
      space();
      at++; // the colon
      space();
      if (name === key) break;
      skipValue();
      space();
      if (text[at] === ',') at++;
    }
  }
  space();
  const start = at;
  skipValue();
  return [start, at];
}

/** `text` with the value at `path` set to `value` (written on one line); the key is added first in its object when missing. */
export function setJsonValue(text, path, value) {
  const written = JSON.stringify(value).replace(/,(?=["{[\d])/g, ', ');
  const span = valueSpan(text, path);
  if (span) return text.slice(0, span[0]) + written + text.slice(span[1]);
  const parent = valueSpan(text, path.slice(0, -1));
  if (!parent || text[parent[0]] !== '{') throw new Error(`${path.slice(0, -1).join('.')} is not an object`);
  const empty = /^\{\s*\}$/.test(text.slice(parent[0], parent[1]));
  const entry = `${JSON.stringify(path.at(-1))}: ${written}${empty ? '' : ','}`;
  const rest = text.slice(parent[0] + 1);
  return text.slice(0, parent[0] + 1) + ' ' + entry + (/^\s/.test(rest) ? rest : ' ' + rest);
}
