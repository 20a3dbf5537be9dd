package gguf

import (
	"fmt"
	"os"
	"sort"
)

// supportedArchs is every general.architecture the pinned llama.cpp release
// (llama-arch.cpp, LLM_ARCH_NAMES; "clip" projector files excluded) can load.
var supportedArchs = map[string]bool{}

func init() {
	for _, a := range []string{
		"llama", "llama4", "deci", "falcon", "grok", "gpt2", "gptj", "gptneox", "mpt", "baichuan", "starcoder", "refact", "bert", "modern-bert", "nomic-bert", "nomic-bert-moe", "neo-bert", "jina-bert-v2", "jina-bert-v3", "eurobert", "bloom", "stablelm", "qwen", "qwen2", "qwen2moe", "qwen2vl", "qwen3", "qwen3moe", "qwen3next", "qwen3vl", "qwen3vlmoe", "qwen35", "qwen35moe", "qwen4exp", "phi2", "phi3", "phimoe", "plamo", "plamo2", "plamo3", "codeshell", "orion", "internlm2", "minicpm", "minicpm3", "gemma", "gemma2", "gemma3", "gemma3n", "gemma4", "gemma4-assistant", "gemma-embedding", "starcoder2", "mamba", "mamba2", "jamba", "falcon-h1", "xverse", "command-r", "cohere2", "cohere2moe", "dbrx", "olmo", "olmo2", "olmoe", "muse-glimmer", "openelm", "arctic", "deepseek", "deepseek2", "deepseek2-ocr", "deepseek32", "deepseek4", "chatglm", "glm4", "glm4moe", "glm-dsa", "bitnet", "t5", "t5encoder", "jais", "jais2", "nemotron", "nemotron_h", "nemotron_h_moe", "exaone", "exaone4", "exaone-moe", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7", "granite", "granitemoe", "granitehybrid", "graniteswitch", "granite_swa", "chameleon", "wavtokenizer-dec", "plm", "bailingmoe", "bailingmoe2", "bailingmoe3", "dots1", "dots3note", "arcee", "afmoe", "laguna", "ernie4_5", "ernie4_5-moe", "hunyuan-moe", "hunyuan-dense", "hunyuan_vl", "hy_v3", "smollm3", "gpt-oss", "lfm2", "lfm2moe", "dream", "smallthinker", "llada", "llada-moe", "seed_oss", "grovemoe", "apertus", "minimax-01", "minimax-m2", "minimax-m3", "cogvlm", "rnd1", "pangu-embedded", "mistral3", "eagle3", "dflash", "mistral4", "paddleocr", "mimo2", "step35", "llama-embed", "maincoder", "kimi-linear", "kimi-k3", "talkie", "mellum", "nanbeige", "qwen3tts", "pockettts",
	} {
		supportedArchs[a] = true
	}
}

// SupportedArch reports whether llama.cpp can run a model of this architecture.
func SupportedArch(arch string) bool { return supportedArchs[arch] }

// Info is what a user is shown about a model file before it is used.
type Info struct {
	Path          string
	Name          string // general.name, may be empty
	Architecture  string // general.architecture
	FileType      int    // general.file_type (llama_ftype), -1 when absent
	Quantization  string // e.g. "Q4_K_M"; guessed from the tensors when general.file_type is absent
	ContextLength int    // <arch>.context_length, the context the model was trained for; 0 when absent
	Size          int64  // file size in bytes
	TensorCount   int
	Parameters    uint64 // total number of weights
	VocabSize     int    // tokens in tokenizer.ggml.tokens
}

// Inspect validates the model file at path — a GGUF header llama.cpp will
// accept, tensor data present, an architecture it supports, no hyperparameter
// llama.cpp would abort on — and describes it.
// Errors wrap ErrNotGGUF, ErrVersion, ErrTruncated, ErrCorrupt, ErrUnsupportedArch
// or ErrHyperparams.
func Inspect(path string) (Info, error) {
	// Looked at before opening: opening a FIFO waits for a writer forever,
	// deaf to Ctrl+C, and a device never ends.
	if st, err := os.Stat(path); err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		return Info{}, fmt.Errorf("inspect model: %s is not a regular file (%v): %w", path, st.Mode().Type(), ErrNotGGUF)
	}
	fh, err := os.Open(path)
	if err != nil {
		return Info{}, fmt.Errorf("inspect model: %w", err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("inspect model: %w", err)
	}
	if st.IsDir() {
		return Info{}, fmt.Errorf("inspect model: %s is a folder: %w", path, ErrNotGGUF)
	}
	f, err := Read(fh, st.Size())
	if err != nil {
		return Info{}, fmt.Errorf("inspect model %s: %w", path, err)
	}
	info := Describe(f)
	info.Path = path
	if info.Architecture == "" {
		return info, fmt.Errorf("inspect model %s: no general.architecture: %w", path, ErrUnsupportedArch)
	}
	if !SupportedArch(info.Architecture) {
		return info, fmt.Errorf("inspect model %s: architecture %q: %w", path, info.Architecture, ErrUnsupportedArch)
	}
	if err := checkHyperparams(f, info.Architecture); err != nil {
		return info, fmt.Errorf("inspect model %s: %w", path, err)
	}
	return info, nil
}

// Describe summarizes a parsed header (no validation of the architecture).
func Describe(f *File) Info {
	info := Info{
		Name:         f.String("general.name"),
		Architecture: f.String("general.architecture"),
		FileType:     -1,
		Size:         f.Size,
		TensorCount:  len(f.Tensors),
	}
	if n, ok := f.Uint(info.Architecture + ".context_length"); ok && n <= 1<<31 {
		info.ContextLength = int(n)
	}
	if toks, ok := f.Get("tokenizer.ggml.tokens").([]string); ok {
		info.VocabSize = len(toks)
	}
	elemsByType := map[GGMLType]uint64{}
	for _, t := range f.Tensors {
		info.Parameters += t.Elements()
		if len(t.Dims) >= 2 {
			elemsByType[t.Type] += t.Elements()
		}
	}
	if ft, ok := f.Uint("general.file_type"); ok && ft < 1<<16 {
		info.FileType = int(ft)
		info.Quantization = FileTypeName(uint32(ft))
	} else if len(elemsByType) > 0 {
		// No file type recorded: name the type of most matrix weights.
		types := make([]GGMLType, 0, len(elemsByType))
		for t := range elemsByType {
			types = append(types, t)
		}
		sort.Slice(types, func(i, j int) bool {
			if elemsByType[types[i]] != elemsByType[types[j]] {
				return elemsByType[types[i]] > elemsByType[types[j]]
			}
			return types[i] < types[j]
		})
		info.Quantization = types[0].String()
	}
	return info
}
