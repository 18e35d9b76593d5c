// package.json's `contributes.configuration`, generated from the input registry: `npm run docs` writes it, and a test
// fails when package.json holds anything else, so a setting's type, bounds and words are those of its one entry.
import { ALL_INPUTS, INPUTS, type InputSpec } from './registry';

export const CONFIGURATION_TITLE = 'Footprint Lens';

/** What a run input's setting means relative to the file: the precedence, said once for every such setting. */
const FILLS_GAPS = 'The setting is used only where the config (its keys, what follows from them, its `# footprint:` comment) gives none.';

function defaultOf(spec: InputSpec<string>): unknown {
  if (spec.settingDefault !== undefined) return spec.settingDefault;
  switch (spec.kind) {
    case 'text':
      return '';
    case 'boolean':
      return false;
    case 'choice':
      return spec.choices![0];
    case 'object':
      return {};
    default:
      return spec.auto ? 'auto' : null;
  }
}

/** The JSON schema of one setting, in the order VS Code's settings editor reads its keys. */
export function settingSchema(spec: InputSpec<string>, runInput: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  switch (spec.kind) {
    case 'text':
      out.type = 'string';
      break;
    case 'boolean':
      out.type = 'boolean';
      break;
    case 'choice':
      out.type = 'string';
      out.enum = [...spec.choices!];
      break;
    case 'object':
      out.type = 'object';
      break;
    default: {
      const numberType = spec.kind === 'integer' ? 'integer' : 'number';
      const def = defaultOf(spec);
      out.type = spec.auto ? ['string', numberType] : def === null ? [numberType, 'null'] : numberType;
    }
  }
  out.default = defaultOf(spec);
  if ((spec.kind === 'number' || spec.kind === 'integer') && !spec.auto) {
    // A percentage may be written bare (40 = 40%), so the editor's bound is the percent form's.
    const top = spec.percent && spec.max !== undefined ? spec.max * 100 : spec.max;
    if (spec.min !== undefined) out[spec.minExclusive ? 'exclusiveMinimum' : 'minimum'] = spec.min;
    if (top !== undefined) out[spec.maxExclusive ? 'exclusiveMaximum' : 'maximum'] = top;
  }
  if (spec.choiceDocs) out.enumDescriptions = [...spec.choiceDocs];
  Object.assign(out, spec.schema ?? {});
  // Inputs a config can state itself: say that the file wins over the setting.
  out.markdownDescription = runInput && spec.annotation !== undefined ? `${spec.doc} ${FILLS_GAPS}` : spec.doc;
  return out;
}

/** The whole `contributes.configuration` object. */
export function configurationContribution(): { title: string; properties: Record<string, Record<string, unknown>> } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const spec of ALL_INPUTS) {
    if (!spec.setting) continue;
    properties[`footprint.${spec.setting}`] = settingSchema(spec, isRunInput(spec));
  }
  return { title: CONFIGURATION_TITLE, properties };
}

const RUN_INPUTS: ReadonlySet<InputSpec<string>> = new Set<InputSpec<string>>(INPUTS);

function isRunInput(spec: InputSpec<string>): boolean {
  return RUN_INPUTS.has(spec);
}

/** The README's table of every input: its setting, flag and annotation key, and what it means. */
export function inputsMarkdown(): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  const rows = ALL_INPUTS.map((s) => {
    const setting = s.setting ? `\`footprint.${s.setting}\`` : '–';
    const flag = s.flag ? `\`--${s.flag}\`${s.flagParsedBy ? ` (${s.flagParsedBy})` : ''}` : '–';
    const annotation = s.annotation ? `\`${s.annotation}=\`` : '–';
    return `| ${s.label} | ${setting} | ${flag} | ${annotation} | ${cell(s.doc)} |`;
  });
  return ['| Input | Setting | Flag | `# footprint:` | Meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
