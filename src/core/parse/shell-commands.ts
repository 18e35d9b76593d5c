// Tokens -> simple commands: split at separators, redirections and their targets dropped, heredoc bodies handed to
// the command that asked for them, leading keywords recognised.
import type { ArrayToken, HeredocToken, Token, Word } from './shell-lex';

const SEPARATORS = new Set(['\n', ';', '&', '&&', '||', '|', '|&', ';;', '(', ')']);
const REDIRECTS = new Set(['>', '>>', '<', '&>', '&>>', '>&', '<&', '>|', '<<<']);

export interface Command {
  items: Array<Word | ArrayToken>;
  heredocs: HeredocToken[];
  wantsHeredoc: number;
  /** The separator that ended it ('\n', ';', '&&', '||', ...). */
  sep: string;
}

/** Splits tokens into simple commands; heredoc bodies join the command that asked for them. */
export function group(tokens: Token[]): Command[] {
  const out: Command[] = [];
  let cur: Command = { items: [], heredocs: [], wantsHeredoc: 0, sep: '\n' };
  const waiting: Command[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.k === 'directive') continue;
    if (t.k === 'heredoc') {
      const owner = waiting.shift();
      if (owner) owner.heredocs.push(t);
      continue;
    }
    if (t.k === 'op') {
      if (t.op === '<<' || t.op === '<<-') {
        cur.wantsHeredoc++;
        waiting.push(cur);
        continue;
      }
      if (REDIRECTS.has(t.op)) {
        // `2>&1`: the fd number is part of the redirect, not an argument.
        const prev = cur.items[cur.items.length - 1];
        if (prev && prev.k === 'word' && prev.end === t.start && /^\d+$/.test(wordLiteral(prev) ?? '')) cur.items.pop();
        if (tokens[i + 1]?.k === 'word') i++;
        continue;
      }
      if (SEPARATORS.has(t.op)) {
        cur.sep = t.op;
        out.push(cur);
        cur = { items: [], heredocs: [], wantsHeredoc: 0, sep: '\n' };
      }
      continue;
    }
    cur.items.push(t);
  }
  out.push(cur);
  return out;
}

function wordLiteral(w: Word): string | undefined {
  return w.parts.every((p) => p.k === 'lit') ? w.parts.map((p) => (p.k === 'lit' ? p.text : '')).join('') : undefined;
}

const KEYWORDS = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'while', 'until', 'select', 'do', 'done', 'case', 'esac', '{', '}', '!', 'function']);

export function keyword(item: Word | ArrayToken | undefined): string | undefined {
  if (!item || item.k !== 'word') return undefined;
  const p = item.parts;
  if (p.length !== 1 || p[0]!.k !== 'lit' || p[0]!.quoted) return undefined;
  return KEYWORDS.has(p[0]!.text) ? p[0]!.text : undefined;
}
