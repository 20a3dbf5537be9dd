// The node-llama-cpp side of `make bench`: the same work as Yoyak's child
// (load, read the prompt in batches, generate greedily), timed the same way,
// printed as one JSON line. Run by bench/main.go from the cache folder the
// pinned package is installed in; argv[2] is the JSON config.
import {readFileSync} from "node:fs";
import {getLlama} from "node-llama-cpp";

const cfg = JSON.parse(process.argv[2]);
const text = readFileSync(cfg.promptFile, "utf8");

const t0 = performance.now();
const llamaOptions = {gpu: false, build: "never", usePrebuiltBinaries: true, skipDownload: true, logLevel: "error", progressLogs: false};
if (!cfg.defaults) llamaOptions.maxThreads = cfg.threads;
const llama = await getLlama(llamaOptions);
const modelOptions = {modelPath: cfg.model, gpuLayers: 0};
if (!cfg.defaults) modelOptions.useMmap = true;
const model = await llama.loadModel(modelOptions);
const loadS = (performance.now() - t0) / 1000;

if (cfg.passes) { // long_e2e: the passes Yoyak ran, one after another, no reuse
    const context = await model.createContext({sequences: 1, contextSize: cfg.ctx, batchSize: cfg.batch, threads: cfg.threads, flashAttention: true});
    const sequence = context.getSequence();
    const t = performance.now();
    let promptTokens = 0, genTokens = 0;
    for (const pass of cfg.passes) {
        await sequence.clearHistory();
        const toks = [model.tokens.bos, ...model.tokenize(readFileSync(pass.promptFile, "utf8"), true)];
        promptTokens += toks.length;
        let n = 0;
        for await (const token of sequence.evaluate(toks, {temperature: 0})) {
            void token;
            if (++n >= pass.gen) break;
        }
        genTokens += n;
    }
    console.log(JSON.stringify({load_s: loadS, prompt_decodes: promptTokens, gen_tokens: genTokens, gen_decodes: genTokens, gen_s: (performance.now() - t) / 1000, context: context.contextSize, threads: context.currentThreads}));
    await context.dispose();
    await model.dispose();
    await llama.dispose();
    process.exit(0);
}

const tokens = [model.tokens.bos, ...model.tokenize(text)];
const contextOptions = {sequences: 1};
if (!cfg.defaults) {
    Object.assign(contextOptions, {contextSize: cfg.ctx, batchSize: cfg.batch, threads: cfg.threads, flashAttention: true});
}
const context = await model.createContext(contextOptions);
const sequence = context.getSequence();

// Every prompt token but the last is read here; the last one is the first
// decode of the generation loop (Yoyak reads it with the prompt instead, and
// both sides count decodes per second).
const t1 = performance.now();
await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(0, -1));
const promptS = (performance.now() - t1) / 1000;

let n = 0;
const t2 = performance.now();
for await (const token of sequence.evaluate(tokens.slice(-1), {temperature: 0})) {
    void token;
    n++;
    if (n >= cfg.gen) break;
}
const genS = (performance.now() - t2) / 1000;

console.log(JSON.stringify({
    load_s: loadS,
    prompt_decodes: tokens.length - 1,
    prompt_s: promptS,
    gen_tokens: n,
    gen_decodes: n,
    gen_s: genS,
    context: context.contextSize,
    threads: context.currentThreads,
}));
await context.dispose();
await model.dispose();
await llama.dispose();
