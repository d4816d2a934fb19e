/**
 * Import rules checked by `npm run depcheck` (part of `npm test`): no import cycles (type-only imports included),
 * and the layers run one way — cli → api → report → run → engine → scenario; the core (scenario, engine, stats, run)
 * does no I/O and never imports an adapter (cli, api, report, queue).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: modules that depend on each other cannot be understood or tested one at a time.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-no-adapter",
      severity: "error",
      comment: "The core (scenario, engine, stats, run) never imports the command line, the API, the report or the queue.",
      from: { path: "^src/(scenario|engine|stats|run)/" },
      to: { path: "^src/(cli|api|report|queue)/" },
    },
    {
      name: "engine-below-run",
      severity: "error",
      comment: "Engines are compiled and run by src/run; they never import it.",
      from: { path: "^src/engine/" },
      to: { path: "^src/run/" },
    },
    {
      name: "scenario-at-the-bottom",
      severity: "error",
      comment: "The scenario format is the bottom layer: it never imports the engine or the run loop.",
      from: { path: "^src/scenario/" },
      to: { path: "^src/(engine|run)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
