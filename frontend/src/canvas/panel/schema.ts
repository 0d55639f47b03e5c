import type { JsonSchema } from "../../api/journeys";

/** A property's schema with `$ref` followed and `anyOf [X, null]` unwrapped into X plus a nullable flag. */
export function resolveField(schema: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const follow = (s: JsonSchema): JsonSchema => {
    if (s.$ref?.startsWith("#/$defs/")) {
      const target = root.$defs?.[s.$ref.slice("#/$defs/".length)];
      return target ? { ...target, title: s.title ?? target.title, description: s.description ?? target.description } : s;
    }
    return s;
  };
  if (schema.anyOf) {
    const options = schema.anyOf.filter((o) => o.type !== "null");
    const nullable = options.length < schema.anyOf.length;
    if (options.length === 1) {
      const inner = follow(options[0]!);
      return { schema: { ...inner, title: schema.title, description: schema.description ?? inner.description }, nullable };
    }
    return { schema, nullable };
  }
  return { schema: follow(schema), nullable: false };
}

/** The fields of a config schema, in the order the server declares them. */
export function fieldsOf(root: JsonSchema) {
  return Object.entries(root.properties ?? {}).map(([name, raw]) => {
    const { schema, nullable } = resolveField(raw, root);
    return { name, schema, nullable, required: root.required?.includes(name) ?? false };
  });
}
