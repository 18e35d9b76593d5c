// Memory fixes written where the file does not yet have the key the fix needs: the key is added in the format's own
// vocabulary (MaxText's optimizer_memory_host_offload, per_device_batch_size and gradient_accumulation_steps), and the
// run then reads as the fix said. Each is checked on a real fixture: the fix is offered as one click, the edited file
// fits when analysed again, the only change is the added lines (CRLF kept), and one undo gives back every byte.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import { planMemoryFix } from '../../../src/core/memory/plan';
import { writeFix } from '../helpers/fixWrites';

const FIXTURES = join(__dirname, '../../fixtures');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

const write = writeFix;

/** The fix is offered in one click, promises that the run fits, and keeps that promise. */
function assertFitsInOneClick(r: ReturnType<typeof write>): void {
  assert.equal(r.offered?.applicable, true, 'offered as a quick fix');
  assert.equal(r.offered?.verdict, 'fits');
  assert.equal(r.after.memory!.verdict, 'fits');
}

describe('memory fixes that add the key the file leaves out', () => {
  describe('MaxText', () => {
    it('a launch command: optimizer_memory_host_offload=true on a continued line of its own after per_device_batch_size, then read as the optimizer state in host memory', () => {
      const name = 'configs/maxtext/tpu/v6e/mixtral_8x7b.sh';
      const text = read(name);
      assert.equal(analyze(text, { fileName: name }).memory!.verdict, 'does-not-fit');
      const r = write(name, text, 'offload-optimizer');
      assertFitsInOneClick(r);
      assert.deepEqual(r.removed, []);
      assert.deepEqual(r.added, ['  optimizer_memory_host_offload=true \\']);
      assert.match(r.out, /per_device_batch_size=32 enable_checkpointing=false\\\n {2}optimizer_memory_host_offload=true \\\n {2}remat_policy=full/);
      assert.equal(r.after.run!.memory!.offloadOptimizer!.value, 'cpu');
      assert.match(r.after.run!.memory!.offloadOptimizer!.detail, /^optimizer_memory_host_offload: true \(the optimizer state held in host memory/);
      assert.equal(r.after.memory!.inputs.offloadOptimizer, 'cpu');
      const crlf = write(name, text.replace(/\n/g, '\r\n'), 'offload-optimizer');
      assert.match(crlf.out, /enable_checkpointing=false\\\r\n {2}optimizer_memory_host_offload=true \\\r\n {2}remat_policy/, 'the file’s own line endings');
    });

    it('a one-line launch command: the argument right after per_device_batch_size’s value', () => {
      const text = 'python3 -m MaxText.train MaxText/configs/base.yml model_name=mixtral-8x7b per_device_batch_size=32 ici_fsdp_parallelism=-1 # on 1 x v6e-256\n';
      const r = write('run.sh', text, 'offload-optimizer');
      assert.equal(r.out, text.replace('per_device_batch_size=32', 'per_device_batch_size=32 optimizer_memory_host_offload=true'));
      assert.equal(r.after.run!.memory!.offloadOptimizer!.value, 'cpu');
    });

    it('a command that sets optimizer_memory_host_offload=false has it turned to true in place, nothing added', () => {
      const name = 'configs/maxtext/tpu/v6e/mixtral_8x7b.sh';
      const text = read(name).replace('remat_policy=full ', 'remat_policy=full optimizer_memory_host_offload=false ');
      assert.equal(analyze(text, { fileName: name }).run!.memory?.offloadOptimizer, undefined, 'false is no offload');
      const r = write(name, text, 'offload-optimizer');
      assert.equal(r.out, text.replace('optimizer_memory_host_offload=false', 'optimizer_memory_host_offload=true'));
    });

    it('a model file (models/mixtral-8x7b.yml) with no run key to add it beside: a last line optimizer_memory_host_offload: true', () => {
      const name = 'configs/maxtext/models/mixtral-8x7b.yml';
      const text = read(name);
      const r = write(name, text, 'offload-optimizer');
      assertFitsInOneClick(r);
      assert.equal(r.out, `${text}optimizer_memory_host_offload: true\n`);
      assert.deepEqual(r.notes, ['optimizer_memory_host_offload: true added at the end of the file']);
      const crlf = write(name, text.replace(/\n/g, '\r\n'), 'offload-optimizer');
      assert.equal(crlf.out, `${text.replace(/\n/g, '\r\n')}optimizer_memory_host_offload: true\r\n`);
      const unterminated = write(name, text.trimEnd(), 'offload-optimizer');
      assert.equal(unterminated.out, `${text.trimEnd()}\noptimizer_memory_host_offload: true\n`, 'a line of its own where the file ends without a newline');
    });

    it('a GPU config (gpu/models/mixtral_8x1b.yml): the new line right after per_device_batch_size', () => {
      const name = 'configs/maxtext/gpu/models/mixtral_8x1b.yml';
      const r = write(name, read(name), 'offload-optimizer');
      assertFitsInOneClick(r);
      assert.deepEqual(r.removed, []);
      assert.deepEqual(r.added, ['optimizer_memory_host_offload: true']);
      const lines = r.out.split('\n');
      assert.match(lines[lines.indexOf('optimizer_memory_host_offload: true') - 1]!, /^per_device_batch_size: /);
    });

    it('gemma2-9b.yml, which leaves the batch to base.yml (12 per device): per_device_batch_size 6 and gradient_accumulation_steps 2, the global batch kept', () => {
      const name = 'configs/maxtext/models/gemma2-9b.yml';
      const text = read(name);
      const before = analyze(text, { fileName: name });
      assert.equal(before.run!.microBatch!.source, 'default');
      const r = write(name, text, 'micro-batch');
      assertFitsInOneClick(r);
      assert.equal(r.out, `${text}per_device_batch_size: 6\ngradient_accumulation_steps: 2\n`);
      assert.equal(r.after.run!.microBatch!.value, 6);
      assert.equal(r.after.run!.microBatch!.source, 'file');
      assert.equal(r.after.run!.gradAccum!.value, 2);
      assert.equal(r.after.memory!.inputs.microBatch, 6);
      if (before.run!.globalBatch) assert.equal(r.after.run!.globalBatch!.value, before.run!.globalBatch.value);
    });

    it('a command with literal gradient_accumulation_steps: per_device_batch_size added, the accumulation doubled in place', () => {
      const text = 'python3 -m MaxText.train MaxText/configs/base.yml model_name=gemma2-9b gradient_accumulation_steps=3 steps=10 # on 1 x v6e-8\n';
      const r = write('run.sh', text, 'micro-batch');
      assert.equal(r.out, text.replace('gradient_accumulation_steps=3', 'gradient_accumulation_steps=6').replace('steps=10', 'steps=10 per_device_batch_size=6'));
      assert.equal(r.after.run!.microBatch!.value, 6);
      assert.equal(r.after.run!.gradAccum!.value, 6);
    });
  });

  it('torchtitan: enable_cpu_offload = true added inside [training] after local_batch_size, then read as FSDP2 offload of parameters, gradients and optimizer', () => {
    const name = 'configs/torchtitan/llama3_70b.toml';
    const text = read(name);
    const r = write(name, text, 'offload-optimizer');
    assert.equal(r.offered?.title, 'Offload parameters and optimizer to CPU memory');
    assertFitsInOneClick(r);
    assert.equal(r.out, text.replace('[training]\nlocal_batch_size = 8\n', '[training]\nlocal_batch_size = 8\nenable_cpu_offload = true\n'));
    assert.equal((r.out.match(/^\[training\]/gm) ?? []).length, 1, 'no second [training] table');
    assert.equal(r.after.memory!.inputs.offloadParams, 'cpu');
    assert.equal(r.after.memory!.inputs.offloadOptimizer, 'cpu');
    const off = text.replace('local_batch_size = 8\n', 'local_batch_size = 8\nenable_cpu_offload = false  # FSDP2\n');
    assert.equal(write(name, off, 'offload-optimizer').out, off.replace('enable_cpu_offload = false', 'enable_cpu_offload = true'));
    const crlf = write(name, text.replace(/\n/g, '\r\n'), 'offload-optimizer');
    assert.match(crlf.out, /\r\nlocal_batch_size = 8\r\nenable_cpu_offload = true\r\nseq_len/);
  });

  it('OpenRLHF: --ds.adam_offload (the script’s --ds.* spelling) on an array line of its own after --train.micro_batch_size, then read as Adam on the CPU', () => {
    const name = 'finetune/openrlhf/train_reinforce_baseline_hybrid_engine.sh';
    const text = read(name);
    const r = write(name, text, 'offload-optimizer');
    assertFitsInOneClick(r);
    assert.deepEqual(r.removed, []);
    assert.match(r.out, /\n {3}--train\.micro_batch_size 1\n {3}--ds\.adam_offload\n {3}--rollout\.micro_batch_size 8\n/);
    assert.equal(r.after.memory!.inputs.offloadOptimizer, 'cpu');
    const tp = analyze(text, { fileName: name }).memory!.fixes.find((f) => f.id === 'tensor-parallel')!;
    assert.match(tp.instead!, /--ds\.tensor_parallel_size 2 .*--ds\.adam_offload/, 'the by-hand text names the trainer’s own flags');
  });

  it('llm-foundry: no offload is offered (Composer raises on fsdp_config.cpu_offload), and the by-hand text for it says why', () => {
    const name = 'configs/llm-foundry/mpt-30b.yaml';
    const a = analyze(read(name), { fileName: name });
    assert.equal(a.memory!.verdict, 'does-not-fit');
    assert.equal(
      a.memory!.fixes.find((f) => f.id === 'offload-optimizer'),
      undefined,
    );
    assert.match(planMemoryFix(read(name), name, 'offload-optimizer', a).skipped!, /FSDP CPU Offload not supported yet/);
  });
});
