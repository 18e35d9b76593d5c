// What a config names in other files, read from its keys whatever the format: DeepSpeed JSONs (Megatron-DeepSpeed's
// --deepspeed_config, HF Trainer's --deepspeed, axolotl's and LLaMA-Factory's `deepspeed:`, accelerate's
// deepspeed_config_file), included configs (--yaml-cfg, --config_file), models and tokenizers by id or path. One
// table of keys, so a new format's files are followed without code of their own.
import { parseAny } from '../parse/any';
import type { ConfigEntry, ParsedConfig } from '../parse/config';
import { resolveInterpolations } from '../parse/interpolate';
import { datasetReferencesOf } from '../datasets/references';
import { maxtextReferences } from '../formats/maxtext';
import { includeReferences } from './includes';
import type { Reference, ReferenceKind } from './types';

interface KeyRule {
  kind: ReferenceKind;
  /** The key's last segment without leading dashes, hyphens as underscores ("--deepspeed-config" → deepspeed_config). */
  names: readonly string[];
  /** The value must look like this to count (a boolean `--deepspeed` flag names no file). */
  value: RegExp;
}

const CONFIG_FILE = /\.(json|ya?ml)$/i;
/** A DeepSpeed config may also be a `.conf` JSON (open-instruct's configs/ds_configs/stage3_no_offloading_accelerate.conf). */
const DEEPSPEED_FILE = /\.(json|conf|ya?ml)$/i;
/** `org/name`, a bare model name, or a path: no spaces, no shell syntax left. */
const MODEL_NAME = /^[\w.~\/-]+$/;

const RULES: readonly KeyRule[] = [
  { kind: 'config', names: ['deepspeed', 'deepspeed_config', 'deepspeed_config_file', 'ds_config', 'ds_config_path'], value: DEEPSPEED_FILE },
  { kind: 'config', names: ['yaml_cfg', 'config_file', 'accelerate_config', 'accelerate_config_file'], value: CONFIG_FILE },
  {
    kind: 'model',
    names: [
      'model_name_or_path',
      'base_model',
      'base_model_name_or_path',
      'pretrained_model_name_or_path',
      'model_id',
      'hf_model_name_or_path',
      'pretrained_model_path',
      'model_path',
      'hf_model',
      'checkpoint_dir',
      'pretrained',
    ],
    value: MODEL_NAME,
  },
  { kind: 'tokenizer', names: ['tokenizer_name_or_path', 'tokenizer_name', 'tokenizer_model', 'hf_tokenizer', 'tokenizer_path', 'tokenizer_dir'], value: MODEL_NAME },
];

const BY_NAME = new Map<string, KeyRule>();
for (const rule of RULES) for (const name of rule.names) BY_NAME.set(name, rule);

/** A key's rule name: last dotted segment, no leading dashes, hyphens as underscores. */
function ruleName(path: string): string {
  const last = path.slice(path.lastIndexOf('.') + 1);
  return last.replace(/^-+/, '').replace(/-/g, '_').toLowerCase();
}

/** Every reference the file makes, in file order, one per (kind, target). */
export function referencesOf(cfg: ParsedConfig, fileName: string): Reference[] {
  const out: Reference[] = [];
  const seen = new Set<string>();
  const add = (kind: ReferenceKind, target: string, e: ConfigEntry) => {
    const id = `${kind}:${target}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ kind, target, key: e.path, in: fileName, span: e.valueSpan ?? e.keySpan });
  };
  // OmegaConf files name models through variables (`${variables.model_name}`): resolved once, when one is met.
  let resolved: ParsedConfig | undefined;
  const valueOf = (e: ConfigEntry): ConfigEntry['value'] => {
    if (cfg.syntax !== 'yaml' || typeof e.value !== 'string' || !e.value.includes('${')) return e.value;
    resolved ??= resolveInterpolations(cfg).cfg;
    return resolved.entries.get(e.path)?.value ?? e.value;
  };
  for (const e of cfg.entries.values()) {
    // In a script only command-line flags name files: variables (DS_CONFIG=...) reach a flag or mean nothing, and
    // `#SBATCH` directives and inline heredoc JSON are not references.
    if (cfg.syntax === 'shell' && !e.path.startsWith('-')) continue;
    const rule = BY_NAME.get(ruleName(e.path)) ?? nemoTokenizer(e, cfg);
    const value = rule ? valueOf(e) : undefined;
    if (!rule || typeof value !== 'string') continue;
    const target = scriptRelative(value.trim());
    if (!target || target.includes('$') || !rule.value.test(target)) continue;
    add(rule.kind, target, e);
  }
  // `data: !include data/source.yaml`: the included file is read as part of this one (includes.ts).
  for (const r of includeReferences(cfg, fileName)) {
    if (seen.has(`${r.kind}:${r.target}`)) continue;
    seen.add(`${r.kind}:${r.target}`);
    out.push(r);
  }
  // MaxText names its model by `model_name`, a file MaxText looks up itself (configs/models/<name>.yml).
  for (const r of maxtextReferences(cfg, fileName)) {
    if (seen.has(`${r.kind}:${r.target}`)) continue;
    seen.add(`${r.kind}:${r.target}`);
    out.push(r);
  }
  for (const d of datasetReferencesOf(cfg)) {
    const id = `dataset:${d.target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      kind: 'dataset',
      target: d.target,
      key: d.entry.path,
      in: fileName,
      span: d.entry.valueSpan ?? d.entry.keySpan,
      ...(d.registry ? { registry: d.registry } : {}),
      ...(d.split ? { split: d.split } : {}),
    });
  }
  return out;
}

/** The references of a text not otherwise analysed (the workspace index, command-line siblings). */
export function referencesOfText(text: string, fileName: string): Reference[] {
  return referencesOf(parseAny(text, fileName), fileName);
}

const HF_TOKENIZER_TYPE: KeyRule = { kind: 'tokenizer', names: [], value: /\// };

/** NeMo and Megatron YAML name a Hugging Face tokenizer as `tokenizer.type: org/name` when the library is huggingface. */
function nemoTokenizer(e: ConfigEntry, cfg: ParsedConfig): KeyRule | undefined {
  if (!/(^|\.)tokenizer\.type$/.test(e.path)) return undefined;
  const library = cfg.entries.get(e.path.replace(/type$/, 'library'));
  return library === undefined || /huggingface|hf/i.test(String(library.value)) ? HF_TOKENIZER_TYPE : undefined;
}

/** The script's own folder, as launch scripts compute it: `$(dirname $0)`, `$(cd "$(dirname "$0")" && pwd)`, `$(dirname $(realpath $0))`. */
const SCRIPT_DIR = /^\$\((?=[^]*(?:dirname|pwd|realpath|BASH_SOURCE|\$0))[^]*\)\//;

/** "$(dirname $script_path)/ds_config.json" → "./ds_config.json": relative to the script, which the host resolves. */
function scriptRelative(target: string): string {
  const m = SCRIPT_DIR.exec(target);
  if (!m) return target;
  const rest = target.slice(m[0].length);
  return rest.includes(')') ? target : `./${rest}`;
}
