/** For `filter`: keeps the values that are there, and says so to the type checker. */
export function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}
