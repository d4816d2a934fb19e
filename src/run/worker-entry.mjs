// Bootstrap of a block-pool worker thread. Workers start as plain Node (from the tsx CLI, `bin/gfsim.js`, vitest or
// the API server alike), so this registers tsx's TypeScript loader in the thread and then hands tinypool the
// TypeScript task function.
import { register } from "tsx/esm/api";

register();
const { runBlockTask } = await import("./worker.ts");
export default runBlockTask;
