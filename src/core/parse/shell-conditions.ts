// Conditions of `if`, `elif` and `case`, decided from the script's own variables when possible. Three-valued:
// undefined means the text cannot decide (a file test, an unknown variable), and the reader then takes the branch.

export type Tri = boolean | undefined;

export function combine(cond: Array<{ value: Tri; sep: string }>): Tri {
  if (cond.length === 0) return undefined;
  let acc: Tri = cond[0]!.value;
  for (let i = 1; i < cond.length; i++) {
    const op = cond[i - 1]!.sep;
    const v = cond[i]!.value;
    if (op === '&&') acc = acc === false || v === false ? false : acc === true && v === true ? true : undefined;
    else if (op === '||') acc = acc === true || v === true ? true : acc === false && v === false ? false : undefined;
    else acc = v; // `;` or newline: the last command decides
  }
  return acc;
}

/** `test` arguments (already expanded; undefined = unknowable). */
export function evalTest(args: Array<string | undefined>): Tri {
  // -a / -o / && / || inside one test, left to right.
  for (let i = args.length - 1; i > 0; i--) {
    const a = args[i];
    if (a === '-o' || a === '||') {
      const l = evalTest(args.slice(0, i));
      const r = evalTest(args.slice(i + 1));
      return l === true || r === true ? true : l === false && r === false ? false : undefined;
    }
  }
  for (let i = args.length - 1; i > 0; i--) {
    const a = args[i];
    if (a === '-a' || a === '&&') {
      const l = evalTest(args.slice(0, i));
      const r = evalTest(args.slice(i + 1));
      return l === false || r === false ? false : l === true && r === true ? true : undefined;
    }
  }
  if (args[0] === '!') {
    const v = evalTest(args.slice(1));
    return v === undefined ? undefined : !v;
  }
  if (args.length === 1) return args[0] === undefined ? undefined : args[0] !== '';
  if (args.length === 2) {
    const [op, a] = args;
    if (a === undefined) return undefined;
    if (op === '-n') return a !== '';
    if (op === '-z') return a === '';
    return undefined; // file tests (-f, -d, -e ...) depend on the machine
  }
  if (args.length === 3) {
    const [a, op, b] = args;
    if (a === undefined || b === undefined) return undefined;
    switch (op) {
      case '=':
      case '==':
        return globMatch(b, a);
      case '!=':
        return !globMatch(b, a);
      case '-eq':
      case '-ne':
      case '-gt':
      case '-lt':
      case '-ge':
      case '-le': {
        if (!/^[+-]?\d+$/.test(a.trim()) || !/^[+-]?\d+$/.test(b.trim())) return undefined;
        const x = Number(a);
        const y = Number(b);
        return { '-eq': x === y, '-ne': x !== y, '-gt': x > y, '-lt': x < y, '-ge': x >= y, '-le': x <= y }[op];
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Shell glob (`*`, `?`, `a|b` alternatives of case patterns) against a word. */
export function globMatch(pattern: string, word: string): boolean {
  return pattern.split('|').some((p) => {
    const re = new RegExp(
      `^${p
        .replace(/[.+^${}()[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    return re.test(word);
  });
}
