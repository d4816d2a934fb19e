/** `--target` expressions, shared by `run`, `compare` and `sweep` (parsed where the library API parses them too). */
export { parseTarget } from "../scenario/target-text.ts";
