const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/** A saved audience key made from its name: "Gold members, Shanghai" → "gold-members-shanghai". */
export function keyFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
}

/** Whether the server accepts `key` as an audience key. */
export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}
