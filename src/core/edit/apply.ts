// Applying offset edits to a string, and the edits that undo them. Hosts that are not VS Code (the CLI, the tests)
// splice text with these; VS Code applies the same edits through a WorkspaceEdit.
import type { TextEdit } from '../types';

/** Edits sorted by start; overlapping edits are a bug in the caller, so they throw rather than corrupt the text. */
function sorted(edits: readonly TextEdit[]): TextEdit[] {
  const out = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.start < out[i - 1]!.end) throw new Error(`overlapping edits at offsets ${out[i - 1]!.start} and ${out[i]!.start}`);
  }
  return out;
}

/** The text after every edit (offsets are all in the original text). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of sorted(edits)) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Edits, in offsets of applyEdits(text, edits), that give back `text` exactly. */
export function invertEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const inverse: TextEdit[] = [];
  let shift = 0;
  for (const e of sorted(edits)) {
    const start = e.start + shift;
    inverse.push({ start, end: start + e.newText.length, newText: text.slice(e.start, e.end) });
    shift += e.newText.length - (e.end - e.start);
  }
  return inverse;
}
