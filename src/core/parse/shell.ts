// Bash launch scripts -> ParsedConfig, read as text and never executed. Entries:
//   "--num-layers"        every `--flag value` / `--flag=value` / bare `--flag` (true) on a command line, whether
//                         written directly, in an array, in a string variable, in a `bash -c "..."` string or in a
//                         `read -r -d '' CMD <<EOF` heredoc;
//   "trainer.nnodes"      every Hydra override argument `dotted.key=value` on a command line (verl);
//   "steps"               every lowercase `key=value` argument after a command's name (MaxText's overrides:
//                         `python3 -m MaxText.train base.yml steps=30 model_name=llama2-7b`);
//   "#SBATCH --nodes"     Slurm directives (`#SBATCH -N 24` keeps its "-N");
//   "NNODES"              every scalar variable assignment (for hovers and write-back);
//   "ds_config.x.y"       keys of inline JSON written by `cat <<EOF > file.json` (with variables substituted).
// Values are resolved through the script's own variables, `${VAR:-default}` and `$((...))`; a value that depends on
// what cannot be known from the text ($SLURM_NNODES, $(cmd), $1 without default, unset variables) keeps its `$`
// text, so extractors report it as unresolved instead of guessing.
// Conditionals: a test the script's own variables decide (`[ "$X" = "true" ]`, `[[ $N -gt 1 ]]`) picks its branch;
// one that cannot be decided takes the first branch, and nothing is reported for that choice. Loop bodies are read
// once; functions are read where they are defined. Later assignments and later flags win. A script that runs no
// command with flags but sets string variables holding them (a sourced fragment) is read as if it ran them.
import type { ConfigEntry, ParsedConfig, Scalar } from './config';
import { LineIndex } from './lines';
import { parseJson } from './json';
import { lexShell, MAX_DOLLAR_NESTING, type LexNotes, type ArrayToken, type DirectiveToken, type HeredocToken, type Word } from './shell-lex';
import { group, keyword, type Command } from './shell-commands';
import { combine, evalTest, globMatch, type Tri } from './shell-conditions';
import { append, expandParts, MAX_EXPANSION_CHARS, ShellEnv, splitWord, xtext, type Field, type Via, type XChar, type XText } from './shell-expand';
import type { Finding, Span } from '../types';
import { checkBudget } from '../limits';
import { finding } from '../present/findings';

/** Commands whose arguments are not run configuration (messages, file handling, the shell's own options). */
const NOT_LAUNCHERS = new Set([
  'echo',
  'printf',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'cd',
  'ls',
  'cat',
  'set',
  'source',
  '.',
  'exit',
  'return',
  'shift',
  'sed',
  'grep',
  'awk',
  'tee',
  'head',
  'tail',
  'sleep',
  'wait',
  'trap',
  'clear',
  'touch',
  'chmod',
  'chown',
  'ln',
  'git',
  'pip',
  'date',
  'hostname',
  'scontrol',
  'nvidia-smi',
  'kill',
  'test',
  '[',
  '[[',
  'unset',
  'module',
  'conda',
  'ulimit',
  'wget',
  'curl',
  'tar',
  'find',
  'xargs',
  'sort',
  'cut',
  'tr',
  'basename',
  'dirname',
  'readlink',
  'realpath',
  'seq',
  'umask',
]);
const DECLARERS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
const FLAG = /^--?[A-Za-z][A-Za-z0-9_.-]*(=|$)/;
/** A single argument that holds a command line with flags in it. */
const EMBEDDED_COMMAND = /\s--?[A-Za-z][\w.-]*(\s|=|$)/;
/** A Hydra override argument (verl, NeMo 2 launches): `trainer.n_gpus_per_node=8`, `+key.sub=1`, `++key.sub=1`. */
const HYDRA_OVERRIDE = /^(\+{0,2})([A-Za-z_][\w-]*(?:\.[\w-]+)+)=/;
/** A plain override argument (MaxText, OmegaConf from_cli): `per_device_batch_size=4`; lowercase, unlike variables. */
const PLAIN_OVERRIDE = /^([a-z][a-z0-9_]*)=/;
const SHELL_OP_FIELD = /^(\d*[<>]|&>|&&|\|\|?|;|&$)/;
const NUMBER = /^[+-]?(?:\d(?:_?\d)*)(?:\.\d+)?(?:[eE][+-]?\d+)?$|^[+-]?\.\d+(?:[eE][+-]?\d+)?$/;
/** Flags that take a list of words (Megatron-LM's `nargs='*'`): `--recompute-modules mlp moe layernorm` is one value. */
const LIST_FLAGS: ReadonlySet<string> = new Set(['--recompute-modules']);

interface Frame {
  kind: 'if' | 'loop' | 'case';
  parentActive: boolean;
  /** A branch (if) or pattern (case) was already chosen. */
  taken: boolean;
  /** The branch being read is the chosen one. */
  current: boolean;
  phase: 'cond' | 'body' | 'header' | 'pattern';
  cond: Array<{ value: Tri; sep: string }>;
  caseWord?: string;
  /** Alternatives of a case pattern read so far (`big|huge)` arrives as two commands split at `|`). */
  patterns?: string[];
}

export function parseShell(text: string): ParsedConfig {
  return { ...new ShellReader(inlineScripts(text)).read(), text };
}

/** Commands that run the text given to them as a script: `bash -c '...'`, `sbatch <<EOF ... EOF`. */
const SCRIPT_RUNNERS = '(?:bash|sh|zsh|sbatch|srun|salloc)';
const SINGLE_QUOTED_C = new RegExp(`\\b(?:bash|sh|zsh)\\s+-c\\s+'([^'"\\\\\`]*)'`, 'g');
const SCRIPT_HEREDOC = new RegExp(`^([^\\n#]*\\b${SCRIPT_RUNNERS}\\b[^\\n<]*)<<(-?)[ \\t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\\3`, 'gm');

/**
 * Scripts a launcher builds indirectly, made readable in place (same length, so every offset still points into the
 * file): `srun bash -c '$LAUNCHER $CMD'` runs its single-quoted text through a shell that expands the variables,
 * so it is read as if double-quoted; `sbatch <<EOF` submits its heredoc body as the job script, so the body is read
 * as lines of this script (the `<<EOF` and the closing `EOF` become blanks).
 */
export function inlineScripts(text: string): string {
  if (!text.includes('<<') && !text.includes("-c '")) return text;
  const out = text.replace(SINGLE_QUOTED_C, (whole, body: string) => `${whole.slice(0, whole.length - body.length - 2)}"${body}"`).split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  for (const m of text.matchAll(SCRIPT_HEREDOC)) {
    const [whole, before, , , delimiter] = m as unknown as [string, string, string, string, string];
    const after = m.index! + whole.length;
    const end = new RegExp(`^[ \\t]*${delimiter}[ \\t]*$`, 'm').exec(text.slice(after));
    if (!end) continue;
    blank(m.index! + before.length, after);
    blank(after + end.index, after + end.index + end[0].length);
  }
  return out.join('');
}

/** The key of an override argument (`trainer.nnodes=2`, `++x.y=1`, `steps=30`) and how many `+` precede it. */
function overrideKey(t: string): { plus: number; key: string } | null {
  const hydra = HYDRA_OVERRIDE.exec(t);
  if (hydra) return { plus: hydra[1]!.length, key: hydra[2]! };
  const plain = PLAIN_OVERRIDE.exec(t);
  return plain ? { plus: 0, key: plain[1]! } : null;
}

class ShellReader {
  private readonly env: ShellEnv;
  private readonly lines: LineIndex;
  private readonly entries = new Map<string, ConfigEntry>();
  private readonly sections = new Set<string>();
  private readonly stack: Frame[] = [];
  /** String variables that hold command-line flags (`MODEL_ARGS="--num-layers 36 …"`), in assignment order. */
  private readonly flagVariables: Array<{ value: XText; item: Word }> = [];

  constructor(private readonly text: string) {
    this.env = new ShellEnv(text);
    this.lines = new LineIndex(text);
  }

  read(): ParsedConfig {
    const notes: LexNotes = {};
    const tokens = lexShell(this.text, notes);
    for (const t of tokens) if (t.k === 'directive') this.directive(t);
    for (const cmd of group(tokens)) this.command(cmd);
    this.fragmentFlags();
    return {
      syntax: 'shell',
      text: this.text,
      lines: this.lines,
      entries: this.entries,
      sections: this.sections,
      findings: this.capFindings(notes),
      failed: this.entries.size === 0,
    };
  }

  /** What the lexer and the expander cut short: values past the caps read as unknown, and the user is told. */
  private capFindings(notes: LexNotes): Finding[] {
    const findings: Finding[] = [];
    if (notes.nestingCapped) {
      findings.push(finding('expansion-capped', { nestedDeeperThan: MAX_DOLLAR_NESTING }));
    }
    if (this.env.cappedAt !== undefined) {
      const at = this.env.cappedAt;
      findings.push(finding('expansion-capped', { grewPast: MAX_EXPANSION_CHARS, line: this.lines.lineOf(at) + 1 }, { span: this.span(at, at + 1) }));
    }
    return findings;
  }

  private get active(): boolean {
    const top = this.stack[this.stack.length - 1];
    if (!top) return true;
    return top.parentActive && top.phase === 'body' && (top.kind === 'loop' || top.current);
  }

  // ---- control flow --------------------------------------------------------------------------------------------

  private command(cmd: Command): void {
    checkBudget();
    let items = cmd.items;
    // Leading keywords: `then X=1`, `else`, `do`, `fi; done` ...
    for (;;) {
      const kw = keyword(items[0]);
      if (!kw || !this.keyword(kw, items.slice(1))) break;
      items = items.slice(1);
      if (kw === 'case' || kw === 'for' || kw === 'select') {
        items = [];
        break;
      }
    }
    const top = this.stack[this.stack.length - 1];
    if (top?.kind === 'case' && top.phase === 'pattern') {
      if (items.length && (cmd.sep === ')' || cmd.sep === '|')) this.casePattern(top, items, cmd.sep === ')');
      return;
    }
    if (items.length > 0) {
      if (top?.kind === 'if' && top.phase === 'cond') {
        if (top.parentActive && !top.taken) top.cond.push({ value: this.test(items), sep: cmd.sep });
      } else if (!(top?.kind === 'loop' && top.phase === 'header') && this.active) {
        this.run({ ...cmd, items });
      }
    }
    if (top?.kind === 'case' && cmd.sep === ';;') top.phase = 'pattern';
  }

  /** Handles a keyword; false when the word is not a keyword here. */
  private keyword(kw: string, rest: Array<Word | ArrayToken>): boolean {
    const top = this.stack[this.stack.length - 1];
    const active = this.active;
    const frame = (kind: Frame['kind'], phase: Frame['phase']): Frame => ({ kind, parentActive: active, taken: false, current: false, phase, cond: [] });
    switch (kw) {
      case 'if':
        this.stack.push(frame('if', 'cond'));
        return true;
      case 'then':
        if (top?.kind !== 'if') return false;
        if (top.phase === 'cond') {
          // Undecidable conditions take the branch: the first readable branch is the script's usual path.
          const choose = top.parentActive && !top.taken && combine(top.cond) !== false;
          top.current = choose;
          top.taken ||= choose;
          top.phase = 'body';
        }
        return true;
      case 'elif':
        if (top?.kind !== 'if') return false;
        top.phase = 'cond';
        top.cond = [];
        top.current = false;
        return true;
      case 'else':
        if (top?.kind !== 'if') return false;
        top.phase = 'body';
        top.current = !top.taken;
        top.taken = true;
        return true;
      case 'fi':
        if (top?.kind === 'if') this.stack.pop();
        return true;
      case 'for':
      case 'while':
      case 'until':
      case 'select':
        this.stack.push(frame('loop', 'header'));
        return true;
      case 'do':
        if (top?.kind === 'loop') top.phase = 'body';
        return true;
      case 'done':
        if (top?.kind === 'loop') this.stack.pop();
        return true;
      case 'case': {
        const w = rest[0];
        const word = w && w.k === 'word' ? this.expandWord(w) : undefined;
        const f = frame('case', 'pattern');
        f.caseWord = word && !word.unresolved ? this.env.text(word) : undefined;
        this.stack.push(f);
        return true;
      }
      case 'esac':
        if (top?.kind === 'case') this.stack.pop();
        return true;
      case '{':
      case '}':
      case '!':
      case 'function':
        return true;
      default:
        return false;
    }
  }

  private casePattern(frame: Frame, items: Array<Word | ArrayToken>, complete: boolean): void {
    const patterns = [...(frame.patterns ?? []), ...items.filter((i): i is Word => i.k === 'word').map((w) => this.env.text(this.expandWord(w)))];
    frame.patterns = complete ? undefined : patterns;
    if (!complete) return;
    const word = frame.caseWord;
    // An undecidable word takes the first pattern, as an undecidable `if` takes its first branch.
    const matches = !frame.taken && (word === undefined || patterns.some((p) => globMatch(p.replace(/^\(/, ''), word)));
    frame.current = matches;
    frame.taken ||= matches;
    frame.phase = 'body';
  }

  /** Evaluates `[ ... ]`, `[[ ... ]]`, `test ...`; undefined when the script's text cannot decide it. */
  private test(items: Array<Word | ArrayToken>): Tri {
    const words = items.filter((i): i is Word => i.k === 'word').map((w) => this.expandWord(w));
    const texts = words.map((w) => (w.unresolved ? undefined : this.env.text(w)));
    let args = texts;
    const head = args[0];
    if (head === '[' || head === '[[') {
      args = args.slice(1);
      if (args[args.length - 1] === ']' || args[args.length - 1] === ']]') args = args.slice(0, -1);
    } else if (head !== 'test') return undefined;
    else args = args.slice(1);
    return evalTest(args);
  }

  // ---- commands ------------------------------------------------------------------------------------------------

  private run(cmd: Command): void {
    let i = 0;
    const items = cmd.items;
    // Leading assignments (`NNODES=2`, `ARGS=(...)`, `CUDA_VISIBLE_DEVICES=0 python ...`).
    while (i < items.length && this.assignment(items[i]!)) i++;
    const first = items[i];
    if (first && first.k === 'word') {
      const name = this.env.text(this.expandWord(first));
      if (DECLARERS.has(name)) {
        for (const item of items.slice(i + 1)) {
          if (item.k === 'word' && /^-/.test(this.env.text(this.expandWord(item)))) continue;
          this.assignment(item);
        }
        return;
      }
      const base = name.replace(/^.*\//, '');
      // `read -r -d '' CMD <<EOF ... EOF`: the heredoc's text becomes the variable (OpenRLHF keeps its command so).
      if (base === 'read' && cmd.heredocs.length > 0) {
        const target = items
          .slice(i + 1)
          .filter((w): w is Word => w.k === 'word')
          .map((w) => this.env.text(this.expandWord(w)))
          .pop();
        if (target && /^[A-Za-z_]\w*$/.test(target)) this.env.vars.set(target, { kind: 'scalar', value: expandParts(this.env, cmd.heredocs[cmd.heredocs.length - 1]!.parts) });
        return;
      }
      if (!NOT_LAUNCHERS.has(base)) this.flags(items.slice(i));
    }
    for (const h of cmd.heredocs) this.heredoc(h);
  }

  /** Reads an assignment; false when the item is not one. */
  private assignment(item: Word | ArrayToken): boolean {
    if (item.k === 'array') {
      const elements: XText[] = [];
      for (const w of item.elements)
        append(
          elements,
          splitWord(this.expandWord(w), w).map((f) => xtext(f.chars, f.unresolved)),
        );
      const prev = this.env.vars.get(item.name);
      const before = item.append && prev ? (prev.kind === 'array' ? prev.items : [prev.value]) : [];
      this.env.vars.set(item.name, { kind: 'array', items: [...before, ...elements] });
      return true;
    }
    const p = item.parts[0];
    if (!p || p.k !== 'lit' || p.quoted) return false;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(p.text);
    if (!m) return false;
    const name = m[1]!;
    const cut = m[0].length;
    const valueParts = [{ ...p, text: p.text.slice(cut), origins: p.origins.slice(cut) }, ...item.parts.slice(1)].filter((q) => q.k !== 'lit' || q.text.length > 0 || q.quoted);
    let value = expandParts(this.env, valueParts);
    const prev = this.env.vars.get(name);
    if (m[2] === '+' && prev) {
      if (prev.kind === 'array') {
        this.env.vars.set(name, { kind: 'array', items: [...prev.items, value] });
        return true;
      }
      const joined = prev.value.chars.slice();
      append(joined, value.chars);
      value = xtext(joined, prev.value.unresolved || value.unresolved);
    }
    this.env.vars.set(name, { kind: 'scalar', value });
    if (this.active && EMBEDDED_COMMAND.test(` ${this.env.text(value)}`)) this.flagVariables.push({ value, item });
    const nameStart = p.origins[0] ?? item.start;
    const valueStart = item.start + cut;
    this.setEntry(name, {
      path: name,
      value: this.scalar(
        value.chars,
        value.chars.some((c) => c.unknown),
      ),
      keySpan: this.span(nameStart, nameStart + name.length),
      valueSpan: literalSpan(value.chars, this.lines),
      raw: this.text.slice(valueStart, item.end),
    });
    return true;
  }

  /**
   * A script with no command line of its own that sets flag variables is a fragment another script sources (Megatron's
   * model configs: `MODEL_ARGS="--num-layers 36 …"`): its variables' flags are what it configures, so they are read.
   */
  private fragmentFlags(): void {
    if (this.flagVariables.length === 0 || [...this.entries.keys()].some((k) => k.startsWith('-'))) return;
    for (const { value, item } of this.flagVariables) {
      this.flagFields(
        splitWord(
          xtext(
            value.chars.map((c) => ({ ...c, quoted: false })),
            value.unresolved,
          ),
          item,
        ),
        '',
      );
    }
  }

  private flags(items: Array<Word | ArrayToken>): void {
    const fields: Field[] = [];
    for (const item of items) {
      if (item.k === 'array') {
        this.assignment(item);
        continue;
      }
      for (const f of splitWord(this.expandWord(item), item)) {
        // A quoted command line (`bash -c "python train.py --num-layers 4"`, `eval "..."`) is read as one.
        if (EMBEDDED_COMMAND.test(fieldText(f)))
          append(
            fields,
            splitWord(
              xtext(
                f.chars.map((c) => ({ ...c, quoted: false })),
                f.unresolved,
              ),
              item,
            ),
          );
        else fields.push(f);
      }
    }
    this.flagFields(fields, '');
  }

  private flagFields(fields: Field[], prefix: string): void {
    for (let i = 0; i < fields.length; i++) {
      checkBudget();
      const f = fields[i]!;
      const t = fieldText(f);
      const override = prefix === '' ? overrideKey(t) : null;
      if (override) {
        // `trainer.nnodes=2`, `+data.x=1`, `steps=30`: an override argument's value follows the `=`.
        const { plus, key } = override;
        const keyChars = f.chars.slice(plus, plus + key.length);
        const keySpan = literalSpan(keyChars, this.lines) ?? this.span(f.word.start, f.word.end);
        const vChars = f.chars.slice(plus + key.length + 1);
        this.setEntry(key, this.valueEntry(key, keySpan, keyChars, vChars, f.unresolved && vChars.some((c) => c.unknown)));
        continue;
      }
      if (!FLAG.test(t) || NUMBER.test(t)) continue;
      const eq = t.indexOf('=');
      const key = eq >= 0 ? t.slice(0, eq) : t;
      const keyChars = f.chars.slice(0, key.length);
      const keySpan = literalSpan(keyChars, this.lines) ?? this.span(f.word.start, f.word.end);
      const path = prefix + key;
      if (eq >= 0) {
        const vChars = f.chars.slice(eq + 1);
        this.setEntry(path, this.valueEntry(path, keySpan, keyChars, vChars, f.unresolved && vChars.some((c) => c.unknown)));
        continue;
      }
      const next = fields[i + 1];
      const nt = next ? fieldText(next) : undefined;
      // In a command line kept in a string (`eval $run_cmd`), redirections and `|` end the arguments.
      if (!next || nt === undefined || (FLAG.test(nt) && !NUMBER.test(nt)) || SHELL_OP_FIELD.test(nt)) {
        this.setEntry(path, { path, value: true, keySpan, raw: key });
        continue;
      }
      // Several numbers after one flag (`--rampup-batch-size 192 16 9_765_625`) are one value.
      const values = [next];
      if (NUMBER.test(nt)) {
        while (fields[i + values.length + 1] && NUMBER.test(fieldText(fields[i + values.length + 1]!))) values.push(fields[i + values.length + 1]!);
      } else if (LIST_FLAGS.has(path)) {
        const word = (f?: Field) => {
          const w = f ? fieldText(f) : undefined;
          return w !== undefined && !FLAG.test(w) && !SHELL_OP_FIELD.test(w) ? w : undefined;
        };
        while (word(fields[i + values.length + 1])) values.push(fields[i + values.length + 1]!);
      }
      i += values.length;
      if (values.length === 1) {
        this.setEntry(path, this.valueEntry(path, keySpan, keyChars, next.chars, next.unresolved));
      } else {
        const raw = values.map((v) => rawOf(this.text, keyChars, v.chars)).join(' ');
        this.setEntry(path, { path, value: values.map(fieldText).join(' '), keySpan, raw });
      }
    }
  }

  private valueEntry(path: string, keySpan: Span, keyChars: XChar[], chars: XChar[], unresolved: boolean): ConfigEntry {
    return {
      path,
      value: this.scalar(chars, unresolved),
      keySpan,
      valueSpan: unresolved ? undefined : literalSpan(chars, this.lines),
      raw: rawOf(this.text, keyChars, chars),
    };
  }

  private scalar(chars: XChar[], unresolved: boolean): Scalar {
    const s = chars.map((c) => c.ch).join('');
    if (unresolved) return s;
    if (NUMBER.test(s)) {
      const v = Number(s.replace(/_/g, ''));
      if (Number.isFinite(v)) return v;
    }
    return s;
  }

  private directive(t: DirectiveToken): void {
    const fields: Field[] = t.words.map((w) => ({ chars: litChars(w), unresolved: false, word: w }));
    this.flagFields(fields, `#${t.name} `);
  }

  /** Inline JSON written through a heredoc: its keys become "ds_config.*" entries pointing into the script. */
  private heredoc(h: HeredocToken): void {
    if (!this.active) return;
    const x = expandParts(this.env, h.parts, { heredocJson: true });
    const body = this.env.text(x);
    if (!/^\s*\{/.test(body)) return;
    const json = parseJson(body);
    if (json.failed) return;
    const map = (s: Span): Span => {
      const chars = x.chars.slice(s.start, s.end);
      return literalSpan(chars, this.lines) ?? anchorSpan(chars, this.lines) ?? this.span(h.start, h.start);
    };
    this.sections.add('ds_config');
    for (const s of json.sections) this.sections.add(`ds_config.${s}`);
    for (const e of json.entries.values()) {
      const vChars = e.valueSpan ? x.chars.slice(e.valueSpan.start, e.valueSpan.end) : [];
      const unresolved = vChars.some((c) => c.unknown);
      const path = `ds_config.${e.path}`;
      this.setEntry(path, {
        path,
        value: unresolved
          ? vChars
              .filter((c) => c.unknown)
              .map((c) => c.ch)
              .join('')
          : e.value,
        keySpan: map(e.keySpan),
        valueSpan: e.valueSpan && !unresolved ? literalSpan(vChars, this.lines) : undefined,
        raw: e.valueSpan
          ? rawOf(
              this.text,
              [],
              vChars.filter((c) => c.ch !== '"' || c.origin >= 0),
            )
          : e.raw,
      });
    }
  }

  private expandWord(w: Word): XText {
    return expandParts(this.env, w.parts);
  }

  private setEntry(path: string, e: ConfigEntry): void {
    this.entries.delete(path); // later wins, and iteration order follows the last write
    this.entries.set(path, e);
  }

  private span(start: number, end: number): Span {
    return this.lines.span(start, end);
  }
}

// ---- helpers ---------------------------------------------------------------------------------------------------

function litChars(w: Word): XChar[] {
  const out: XChar[] = [];
  for (const p of w.parts) if (p.k === 'lit') for (let i = 0; i < p.text.length; i++) out.push({ ch: p.text[i]!, origin: p.origins[i] ?? -1, quoted: true });
  return out;
}

function fieldText(f: Field): string {
  return f.chars.map((c) => c.ch).join('');
}

/** The span of characters that are one contiguous literal in the text; undefined otherwise. */
function literalSpan(chars: XChar[], lines: LineIndex): Span | undefined {
  if (chars.length === 0) return undefined;
  const first = chars[0]!.origin;
  if (first < 0) return undefined;
  for (let i = 1; i < chars.length; i++) if (chars[i]!.origin !== first + i) return undefined;
  return lines.span(first, first + chars.length);
}

/** A span covering where the characters were written (their literal offsets or the expansions they came from). */
function anchorSpan(chars: XChar[], lines: LineIndex): Span | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chars) {
    const outer = c.via;
    const s = outer ? outer.start : c.origin;
    const e = outer ? outer.end : c.origin + 1;
    if (s < 0) continue;
    lo = Math.min(lo, s);
    hi = Math.max(hi, e);
  }
  return Number.isFinite(lo) ? lines.span(lo, hi) : undefined;
}

/**
 * The value as written next to its flag: the first expansion on the value's chain that the flag did not go through
 * (`$NLAYERS` for `--num-layers $NLAYERS` inside `$GPT_ARGS`), or the literal itself.
 */
function rawOf(text: string, keyChars: XChar[], chars: XChar[]): string {
  const keyVia = keyChars[0]?.via;
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chars) {
    let k: Via | undefined = keyVia;
    let v: Via | undefined = c.via;
    while (k && v && k.start === v.start && k.end === v.end) {
      k = k.next;
      v = v.next;
    }
    const s = v ? v.start : c.origin;
    const e = v ? v.end : c.origin + 1;
    if (s < 0) continue;
    lo = Math.min(lo, s);
    hi = Math.max(hi, e);
  }
  if (!Number.isFinite(lo) || hi - lo > 400) return chars.map((c) => c.ch).join('');
  return text.slice(lo, hi);
}
