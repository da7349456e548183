// A JSON Schema validator for the keywords the report's schema uses (type, enum, required, properties, items); any
// other keyword fails loudly rather than being ignored. No validator package is installed in this repository.
const KNOWN = new Set(['$schema', '$id', 'title', 'type', 'enum', 'required', 'properties', 'items']);
const typeOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Every violation of <schema> by <value>, as "path: message"; empty when it conforms. */
export function validate(schema, value, path = '$') {
  const unknown = Object.keys(schema).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) throw new Error(`json-schema: ${path}: unsupported keyword(s) ${unknown.join(', ')}`);
  const errors = [];
  const types = schema.type === undefined ? null : [schema.type].flat();
  if (types && !types.includes(typeOf(value))) return [`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeOf(value) === 'object') {
    for (const key of schema.required ?? []) if (!Object.hasOwn(value, key)) errors.push(`${path}: missing ${key}`);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) if (Object.hasOwn(value, key)) errors.push(...validate(sub, value[key], `${path}.${key}`));
  }
  if (typeOf(value) === 'array' && schema.items) value.forEach((item, i) => errors.push(...validate(schema.items, item, `${path}[${i}]`)));
  return errors;
}
