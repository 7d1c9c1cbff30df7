/**
 * Where a value the promotion stripped is set again. One constant on purpose: once Promo manages
 * environment extensions itself, this becomes a link to that page.
 */
export const WHERE_TO_SET_VALUES =
  'in Boomi: the environment extensions of the target environment (Atom Management → Environment Extensions)';

/**
 * What the promotion reports as stripped, in words: `@url` is an attribute, `field[host]` a
 * connector field, anything else an element. Names only; the values never reach the browser.
 */
export function describeField(path: string): string {
  if (path.startsWith('@')) return `${path.slice(1)} (attribute)`;
  const field = /^field\[(.+)\]$/.exec(path);
  if (field) return `${field[1]} (field)`;
  return path;
}
