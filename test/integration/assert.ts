// The few assertions the integration tests need, without Node's assert (the tests run in a browser worker).
export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function match(actual: string | undefined, pattern: RegExp, message: string): void {
  if (actual === undefined || !pattern.test(actual)) throw new Error(`${message}: ${JSON.stringify(actual)} does not match ${pattern}`);
}
