// The launch-script reader against the real Megatron / Megatron-DeepSpeed / BigScience scripts, and against the
// shell constructs those scripts use (quotes, continuations, arrays, defaults, arithmetic, heredocs, CRLF).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ConfigEntry, ParsedConfig } from '../../../src/core/parse/config';
import { parseShell } from '../../../src/core/parse/shell';
import { readFixture } from '../helpers/fixtures';

function entry(cfg: ParsedConfig, path: string): ConfigEntry {
  const e = cfg.entries.get(path);
  assert.ok(e, `no entry ${path}; have ${[...cfg.entries.keys()].slice(0, 40).join(', ')}`);
  return e;
}

/** The text a span covers. */
function at(cfg: ParsedConfig, span: { start: number; end: number } | undefined): string | undefined {
  return span ? cfg.text.slice(span.start, span.end) : undefined;
}

/** The 1-based line of a value's literal. */
function valueLine(cfg: ParsedConfig, path: string): number | undefined {
  const s = entry(cfg, path).valueSpan;
  return s ? s.line + 1 : undefined;
}

describe('parseShell: real launch scripts', () => {
  it('Megatron-LM GPT-3 175B: arrays, torchrun arguments through variables, $((...))', () => {
    const cfg = parseShell(readFixture('Megatron-LM/train_gpt3_175b_distributed.sh'));
    assert.equal(cfg.syntax, 'shell');
    assert.equal(entry(cfg, '--num-layers').value, 96);
    assert.equal(entry(cfg, '--hidden-size').value, 12288);
    assert.equal(at(cfg, entry(cfg, '--hidden-size').keySpan), '--hidden-size');
    assert.equal(entry(cfg, '--hidden-size').keySpan.line + 1, 30);
    assert.equal(entry(cfg, '--global-batch-size').value, 1536);
    assert.equal(entry(cfg, '--train-iters').value, 500000);
    assert.equal(entry(cfg, '--fp16').value, true);
    assert.equal(entry(cfg, '--tensor-model-parallel-size').value, 8);
    assert.equal(entry(cfg, '--pipeline-model-parallel-size').value, 16);
    // `--nnodes $NUM_NODES`: resolved, and its literal is the assignment `NUM_NODES=1` (line 11).
    const nnodes = entry(cfg, '--nnodes');
    assert.equal(nnodes.value, 1);
    assert.equal(nnodes.raw, '$NUM_NODES');
    assert.equal(valueLine(cfg, '--nnodes'), 11);
    assert.equal(entry(cfg, '--nproc_per_node').value, 8);
    assert.equal(entry(cfg, 'WORLD_SIZE').value, 8);
    assert.equal(entry(cfg, 'WORLD_SIZE').valueSpan, undefined, 'a computed value has no literal to rewrite');
    // `$5` is a positional argument: unknowable, kept as written so extractors report it.
    assert.match(String(entry(cfg, '--data-path').value), /\$5/);
    // A flag after `#` in a comment (`# Can use (flash/fused/...)`) does not become an entry.
    assert.equal(entry(cfg, '--attention-backend').value, 'auto');
  });

  it('Megatron-LM Mixtral: $SLURM_NNODES stays unresolved even with a fallback; MoE flags read', () => {
    const cfg = parseShell(readFixture('Megatron-LM/train_mixtral_8x7b_distributed.sh'));
    const nnodes = entry(cfg, '--nnodes');
    assert.match(String(nnodes.value), /\$\{SLURM_NNODES/);
    assert.equal(nnodes.valueSpan, undefined);
    assert.equal(entry(cfg, '--num-experts').value, 8);
    assert.equal(entry(cfg, '--moe-router-topk').value, 2);
    assert.equal(entry(cfg, '--expert-model-parallel-size').value, 8);
    assert.equal(entry(cfg, '--num-query-groups').value, 8);
    assert.equal(entry(cfg, '--swiglu').value, true);
    // `${MASTER_PORT:-"29500"}`: an ordinary unset variable takes the script's default, pointing at it.
    assert.equal(entry(cfg, '--master_port').value, 29500);
    assert.equal(valueLine(cfg, '--master_port'), 10);
    // `$(( $GPUS_PER_NODE * $NNODES ))` with an unknowable NNODES stays unresolved.
    assert.match(String(entry(cfg, 'WORLD_SIZE').value), /\$\(\(/);
  });

  it('Megatron-LM Llama 3 8B FP8: conditional arrays, quoted "--flag value" elements', () => {
    const cfg = parseShell(readFixture('Megatron-LM/train_llama3_8b_h100_fp8.sh'));
    assert.equal(entry(cfg, '--num-layers').value, 32);
    assert.equal(entry(cfg, '--num-layers').raw, '$NUM_LAYERS');
    assert.equal(valueLine(cfg, '--num-layers'), 38);
    assert.equal(entry(cfg, '--fp8-format').value, 'hybrid'); // inside `if [[ "$DTYPE" == "fp8" ]]`, decided true
    assert.equal(entry(cfg, '--vocab-size').value, 128256);
    assert.equal(entry(cfg, '--vocab-size').keySpan.line + 1, 139, 'the MOCK branch is the one the script takes');
    assert.equal(entry(cfg, '--train-samples').value, 1953125000);
    assert.equal(entry(cfg, '--context-parallel-size').value, 1);
    // `# --pipeline-model-parallel-size $PP_SIZE` is a comment inside an array: ignored.
    assert.equal(cfg.entries.has('--pipeline-model-parallel-size'), false);
  });

  it('Megatron-DeepSpeed Llama 2: flags in strings, a heredoc ds_config with substituted variables', () => {
    const cfg = parseShell(readFixture('Megatron-DeepSpeed/pretrain_llama2_distributed.sh'));
    assert.equal(entry(cfg, '--num-key-value-heads').value, 4);
    assert.equal(entry(cfg, '--ffn-hidden-size').value, 5504);
    assert.equal(entry(cfg, '--nproc_per_node').value, 8);
    assert.equal(entry(cfg, '--nproc_per_node').keySpan.line + 1, 99);
    assert.equal(entry(cfg, 'ds_config.train_batch_size').value, 32);
    assert.equal(entry(cfg, 'ds_config.train_batch_size').raw, '$GLOBAL_BATCH_SIZE');
    assert.equal(entry(cfg, 'ds_config.train_batch_size').keySpan.line + 1, 69);
    assert.equal(valueLine(cfg, 'ds_config.train_batch_size'), 32, 'write-back goes to GLOBAL_BATCH_SIZE=32');
    assert.equal(entry(cfg, 'ds_config.zero_optimization.stage').value, 0);
    assert.equal(entry(cfg, 'ds_config.bf16.enabled').value, true);
    assert.ok(cfg.sections.has('ds_config.zero_optimization'));
    // `if [ "${activation_checkpoint}" = "true" ]` is false in this script: no recompute flags.
    assert.equal(cfg.entries.has('--recompute-granularity'), false);
    // `if [ $LOG_TO_WANDB -eq 1 ]` is false: no wandb flags.
    assert.equal(cfg.entries.has('--wandb-project'), false);
  });

  it('Megatron-DeepSpeed MoE-128: arithmetic, eval of a command kept in a string, branches decided', () => {
    const cfg = parseShell(readFixture('Megatron-DeepSpeed/ds_pretrain_gpt_1.3B_MoE128.sh'));
    assert.equal(entry(cfg, '--train-tokens').value, 300_000_000_000);
    // TRAIN_ITERS=$(( TRAIN_TOKENS * 3 / GLOBAL_BATCH_SIZE / SEQ_LEN )), integer division as bash does.
    assert.equal(entry(cfg, '--train-iters').value, Math.floor(Math.floor((300_000_000_000 * 3) / 512) / 2048));
    assert.equal(entry(cfg, '--num-experts').value, 128);
    assert.equal(entry(cfg, '--moe-expert-parallel-size').value, 64, '[[ 128 -gt 64 ]] picks NUM_GPUS');
    assert.equal(entry(cfg, '--checkpoint-activations').value, true);
    assert.equal(entry(cfg, '--deepspeed-activation-checkpointing').value, true, '`&>` ends the arguments');
    assert.equal(cfg.entries.has('--disable-moe-token-dropping'), false);
    assert.equal(entry(cfg, 'NUM_GPUS').value, 64);
    assert.equal(at(cfg, entry(cfg, 'NUM_GPUS').valueSpan), '64');
  });

  it('BigScience tr11 176B: #SBATCH, `bash -c "$LAUNCHER ... $CMD"`, underscores in numbers, --rampup-batch-size', () => {
    const cfg = parseShell(readFixture('bigscience/tr11-176B-ml.slurm'));
    assert.equal(entry(cfg, '#SBATCH --nodes').value, 24);
    assert.equal(entry(cfg, '#SBATCH --nodes').keySpan.line + 1, 7);
    assert.equal(entry(cfg, '#SBATCH --gres').value, 'gpu:8');
    assert.equal(entry(cfg, '#SBATCH --constraint').value, 'a100');
    assert.equal(entry(cfg, '--nproc_per_node').value, 8);
    assert.match(String(entry(cfg, '--nnodes').value), /\$SLURM_NNODES/);
    assert.equal(entry(cfg, '--num-layers').value, 70);
    assert.equal(entry(cfg, '--num-layers').raw, '$NLAYERS');
    assert.equal(entry(cfg, '--train-samples').value, 220_000_000);
    assert.equal(entry(cfg, '--rampup-batch-size').value, '192 16 9_765_625');
    assert.equal(entry(cfg, '--pad-vocab-size-to').value, 250880);
    assert.equal(entry(cfg, '--pp-partition-method').value, 'type:transformer|embedding');
    assert.equal(entry(cfg, 'ds_config.train_micro_batch_size_per_gpu').value, 2);
    assert.equal(entry(cfg, '--tensor-model-parallel-size').value, 4);
    assert.equal(entry(cfg, '--bf16').value, true);
    // `$(scontrol show hostnames ... | head -n 1)` is one unknown value, not flags.
    assert.equal(cfg.entries.has('-n'), false);
  });

  it('every script fixture parses without a finding', () => {
    for (const f of [
      'Megatron-LM/train_gpt3_175b_distributed.sh',
      'Megatron-LM/train_mixtral_8x7b_distributed.sh',
      'Megatron-DeepSpeed/pretrain_llama2_distributed.sh',
      'bigscience/tr11-176B-ml.slurm',
    ]) {
      const cfg = parseShell(readFixture(f));
      assert.equal(cfg.failed, false, f);
      assert.deepEqual(cfg.findings, [], f);
    }
  });
});

describe('parseShell: shell constructs', () => {
  it('quotes, line continuations, --flag=value and bare flags', () => {
    const text = 'python train.py \\\n  --num-layers "24" \\\n  --hidden-size=\'1024\' \\\n  --bf16 \\\n  --name "my run"\n';
    const cfg = parseShell(text);
    assert.equal(entry(cfg, '--num-layers').value, 24);
    assert.equal(at(cfg, entry(cfg, '--num-layers').valueSpan), '24');
    assert.equal(entry(cfg, '--hidden-size').value, 1024);
    assert.equal(at(cfg, entry(cfg, '--hidden-size').valueSpan), '1024');
    assert.equal(entry(cfg, '--bf16').value, true);
    assert.equal(entry(cfg, '--name').value, 'my run', 'quoted whitespace does not split');
  });

  it('${VAR:-default}, ${VAR}, $VAR, export and declare', () => {
    const text = 'export NNODES=${NNODES:-4}\ndeclare -i GPN=8\nL=${LAYERS:-32}\nH=$((L*128))\ntorchrun --nnodes ${NNODES} --nproc-per-node $GPN train.py --num-layers $L --hidden-size $H\n';
    const cfg = parseShell(text);
    assert.equal(entry(cfg, '--nnodes').value, 4);
    assert.equal(at(cfg, entry(cfg, '--nnodes').valueSpan), '4');
    assert.equal(entry(cfg, '--nproc-per-node').value, 8);
    assert.equal(entry(cfg, '--num-layers').value, 32);
    assert.equal(entry(cfg, '--hidden-size').value, 4096);
    assert.equal(entry(cfg, 'NNODES').value, 4);
    assert.equal(at(cfg, entry(cfg, 'NNODES').keySpan), 'NNODES');
  });

  it('arithmetic: precedence, parentheses, %, division by zero and unknown names stay unresolved', () => {
    const cfg = parseShell('A=7\nB=$(( (A + 3) * 2 % 6 - 10 / 3 ))\nC=$((A / 0))\nD=$((A * UNKNOWN_THING))\nE=$(( $(nproc) * 2 ))\n');
    assert.equal(entry(cfg, 'B').value, (((7 + 3) * 2) % 6) - Math.trunc(10 / 3));
    for (const k of ['C', 'D', 'E']) assert.match(String(entry(cfg, k).value), /\$/, k);
  });

  it('arrays: definitions, +=, ${A[@]} expansion, comments inside', () => {
    const text = 'ARGS=(\n  --num-layers 12 # twelve\n  # --hidden-size 99\n  --hidden-size 768\n)\nARGS+=(--seq-length 1024)\npython pretrain_gpt.py ${ARGS[@]}\n';
    const cfg = parseShell(text);
    assert.equal(entry(cfg, '--num-layers').value, 12);
    assert.equal(entry(cfg, '--hidden-size').value, 768);
    assert.equal(entry(cfg, '--hidden-size').keySpan.line, 3);
    assert.equal(entry(cfg, '--seq-length').value, 1024);
  });

  it('comments that contain flags are ignored; `#` inside a word is not a comment', () => {
    const cfg = parseShell('# --num-layers 96\npython a.py --tag run#1 --num-layers 4 # --hidden-size 5\n');
    assert.equal(entry(cfg, '--num-layers').value, 4);
    assert.equal(entry(cfg, '--tag').value, 'run#1');
    assert.equal(cfg.entries.has('--hidden-size'), false);
  });

  it('heredoc with variables; quoted delimiter keeps $ literal; unknown values are reported, not invented', () => {
    const text =
      'MB=4\ncat <<EOF > ds.json\n{"train_micro_batch_size_per_gpu": $MB, "train_batch_size": $GBS, "zero_optimization": {"stage": 2}}\nEOF\ncat <<\'EOT\' > other.json\n{"x": "$MB"}\nEOT\n';
    const cfg = parseShell(text);
    assert.equal(entry(cfg, 'ds_config.train_micro_batch_size_per_gpu').value, 4);
    assert.equal(entry(cfg, 'ds_config.zero_optimization.stage').value, 2);
    assert.equal(at(cfg, entry(cfg, 'ds_config.zero_optimization.stage').valueSpan), '2');
    assert.equal(at(cfg, entry(cfg, 'ds_config.zero_optimization.stage').keySpan), '"stage"');
    assert.equal(entry(cfg, 'ds_config.train_batch_size').value, '$GBS');
    assert.equal(entry(cfg, 'ds_config.x').value, '$MB', 'a quoted delimiter means no substitution');
  });

  it('conditionals: decided by the script when it can, else the first branch', () => {
    const text =
      'MODE=big\nif [ "$MODE" = "small" ]; then\n  L=12\nelif [[ $MODE == big ]]; then\n  L=48\nelse\n  L=2\nfi\nif [ -f /some/file ]; then H=1; else H=2; fi\ncase "$MODE" in\n  small) S=1 ;;\n  big|huge) S=2 ;;\n  *) S=3 ;;\nesac\n';
    const cfg = parseShell(text);
    assert.equal(entry(cfg, 'L').value, 48);
    assert.equal(entry(cfg, 'H').value, 1, 'a test the text cannot decide takes the first branch');
    assert.equal(entry(cfg, 'S').value, 2);
    assert.deepEqual(cfg.findings, []);
  });

  it('CRLF line endings: same entries, spans still on the literal', () => {
    const lf = 'NNODES=2\ntorchrun --nnodes $NNODES \\\n  train.py --num-layers 8\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = parseShell(lf);
    const b = parseShell(crlf);
    assert.equal(entry(b, '--nnodes').value, 2);
    assert.equal(entry(b, '--num-layers').value, 8);
    assert.equal(at(b, entry(b, '--num-layers').valueSpan), '8');
    assert.equal(entry(b, '--num-layers').keySpan.line, entry(a, '--num-layers').keySpan.line);
  });

  it('#SBATCH forms: --nodes=N, -N N, --gpus-per-node; directives after commands are still read', () => {
    const cfg = parseShell('#!/bin/bash\n#SBATCH -N 16\n#SBATCH --gpus-per-node=8   # eight\nsrun python train.py\n');
    assert.equal(entry(cfg, '#SBATCH -N').value, 16);
    assert.equal(entry(cfg, '#SBATCH --gpus-per-node').value, 8);
  });

  it('a command line quoted in one argument (bash -c, eval) is read; a quoted value with spaces is not split', () => {
    const cfg = parseShell('srun bash -c "torchrun --nnodes 2 train.py --num-layers 6 --note \'a b\'"\npython x.py --schedule "0:16 2B:32"\n');
    assert.equal(entry(cfg, '--nnodes').value, 2);
    assert.equal(entry(cfg, '--num-layers').value, 6);
    assert.equal(at(cfg, entry(cfg, '--num-layers').valueSpan), '6');
    assert.equal(entry(cfg, '--note').value, 'a b');
    assert.equal(entry(cfg, '--schedule').value, '0:16 2B:32');
  });

  it('deepspeed launcher and an echo that mentions flags', () => {
    const cfg = parseShell('echo "use --num-layers 99"\ndeepspeed --num_nodes 2 --num_gpus 8 train.py --num-layers 3\n');
    assert.equal(entry(cfg, '--num_nodes').value, 2);
    assert.equal(entry(cfg, '--num_gpus').value, 8);
    assert.equal(entry(cfg, '--num-layers').value, 3);
  });

  it('an ordinary script has no flag entries; an empty text fails cleanly', () => {
    const cfg = parseShell('#!/bin/sh\nset -e\nmkdir -p out\nrm -rf build\n');
    assert.equal([...cfg.entries.keys()].filter((k) => k.startsWith('-')).length, 0);
    assert.equal(parseShell('').failed, true);
  });

  it('a variable doubled in a loop does not blow up: past the expansion cap it reads as unknown', () => {
    let text = 'A=x\n';
    for (let i = 0; i < 60; i++) text += 'A="$A $A"\n';
    text += 'python train.py --tag $A --num-layers 2\n';
    const cfg = parseShell(text);
    assert.match(String(entry(cfg, 'A').value), /\$A/);
    assert.equal(entry(cfg, '--num-layers').value, 2);
  });

  it('never throws on truncated or hostile input', () => {
    for (const t of ['X=$((', 'A=(', 'cat <<EOF\n{', '"unterminated', "'x", '${', 'echo `', 'if then fi fi done esac', '$(((((']) {
      assert.doesNotThrow(() => parseShell(t), t);
    }
  });
});

describe('parseShell: properties over generated scripts', () => {
  // Pieces launch scripts are made of, including the awkward ones; joined at random they make hostile scripts.
  const pieces = [
    'N=4',
    'export G=${G:-8}',
    'A=(',
    ')',
    '--num-layers',
    ' 12',
    ' $N',
    ' "$G"',
    " '7'",
    '$((N*G))',
    '${N}',
    '\\\n',
    '\n',
    '\r\n',
    '# --hidden-size 3\n',
    'torchrun',
    ' --nnodes=',
    'if [ "$N" = 4 ]; then',
    'else',
    'fi',
    'case $N in',
    '4)',
    ';;',
    'esac',
    'cat <<EOF > ds.json\n{"train_batch_size": $N}\nEOF\n',
    '#SBATCH --nodes=2\n',
    '"',
    "'",
    '$(',
    '`',
    '{',
    '}',
    ' ',
    '=',
    '|',
    '&&',
  ];
  const script = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((xs) => xs.join(''));

  it('never throws; every span lies inside the text; a literal value span holds the value', () => {
    fc.assert(
      fc.property(script, (text) => {
        const cfg = parseShell(text);
        for (const e of cfg.entries.values()) {
          for (const sp of [e.keySpan, e.valueSpan]) {
            if (!sp) continue;
            assert.ok(sp.start >= 0 && sp.start <= sp.end && sp.end <= text.length, `${e.path} span ${sp.start}-${sp.end}`);
          }
          if (e.valueSpan && typeof e.value === 'number' && !e.path.startsWith('ds_config.')) {
            assert.equal(Number(at(cfg, e.valueSpan)!.replace(/_/g, '')), e.value, e.path);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
