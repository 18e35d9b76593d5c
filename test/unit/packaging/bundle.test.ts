// The extension bundle stays small enough to activate in well under 50 ms: zod's classic API (about 450 KB) once crept
// in through one import and doubled it, so the bundle's inputs are checked here, not only timed in `npm run bench`.
// The budget was 500 KB until the offline table of open models (about 66 KB minified, 211 models with their sources,
// decoded only on first lookup) joined the bundle: configs name models by id, and the editor must size them offline.
// 620 KB since the memory-per-GPU estimate and its fixes (about 15 KB minified) joined it: the lens, diagnostics and
// quick fixes run it on every analysis, so it cannot be loaded lazily.
// 660 KB since companions (about 15 KB minified: the workspace index that finds a DeepSpeed JSON's launch scripts,
// and the reading of multi-query/multi-latent attention, T5, MoE and indirect launch commands) joined it.
// 680 KB since datasets by name or path (about 10 KB minified: finding a recipe's datasets, measuring a dataset file's
// text, the table of popular datasets) joined it: the editor sizes a fine-tune from the dataset beside it.
// 710 KB since MaxText (about 30 KB minified: its 78 model files and base.yml defaults as a table, 17 KB of JSON, and
// their reader) joined it: a launch script names `model_name=llama2-7b` and the editor must size it offline.
// 720 KB since the memory estimate reads what frameworks add beyond the config (about 3 KB minified, mostly each
// term's source: FSDP no_sync, Fabric's fp32 outputs, torchtune's compiled loss, LitGPT's multi-GPU defaults).
// 730 KB since the workers that run analyses off the extension host's thread (the pool with its cancellation and
// backstop, the time-limit setting, the asynchronous providers: about 5 KB minified) joined it. The workers' own bundles
// (dist/*/analysisWorker.js) hold their copy of the core; they load with the first analysis, not at activation.
// 740 KB since the RL trainers' own passes (old-policy log-probs, reward functions, prefix caching, held-out
// examples, about 3 KB) joined it.
// 750 KB since every memory fix says what to do by hand where the file has no key for it (the DeepSpeed config, flag
// or key to add in each format's vocabulary, about 4 KB): the hover and the quick fixes need it on every analysis.
// 760 KB since each trainer's own layout (about 5 KB minified, mostly sources: OpenRLHF's DeepSpeed and ring
// attention, verl's FSDP actor and token budget, the Trainer's --fsdp options, axolotl's context parallelism) joined it.
// 780 KB since the DeepSpeed configs axolotl and LLaMA-Factory ship beside their recipes (15 files as written, their
// lines cited: about 15 KB) joined it.
// 790 KB since the ZeRO-stage and offload fixes are written into a recipe's deepspeed: mapping and into the DeepSpeed
// JSON it names (about 4 KB minified, with their sources): the quick fixes plan them on every analysis.
// 800 KB since Megatron-FSDP's sharding strategies, Megatron's selective recompute modules and multi-latent attention's
// own widths (about 4 KB minified, mostly their sources) joined the memory estimate every Megatron launch runs.
import assert from 'node:assert/strict';
import { buildSync } from 'esbuild';
import { packagedExtensionBuild } from '../../../bench/packaged-bundle';

describe('extension bundle', function () {
  this.timeout(60000);

  it('uses zod/mini only and stays under 800 KB minified', () => {
    const result = buildSync({ ...packagedExtensionBuild('extension.js'), write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    const classic = inputs.filter((f) => /node_modules\/zod\/(v4\/classic|v3)\//.test(f));
    assert.deepEqual(classic, [], 'zod classic is bundled: import from zod/mini');
    const bytes = result.outputFiles[0]!.contents.length;
    assert.ok(bytes < 800 * 1024, `extension bundle is ${(bytes / 1024).toFixed(0)} KB`);
  });
});
