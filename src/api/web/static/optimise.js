/**
 * The workbench's optimise page: pick decision variables, objective and limits for a shipped scenario, submit
 * POST /v1/optimisations, watch its progress (cancel with DELETE), show the verdict, tables and frontier chart from
 * GET /v1/runs/{id}/charts, and run the recommendation as a scenario variant (POST /v1/runs with its values as `set`).
 */
import { ApiError, del, get, pollJob, post } from "./api.js";

const WORDS = {
  en: {
    title: "gfsim — optimise",
    back: "← workbench",
    lang: "Language",
    setup: "Decision variables, objective and limits",
    scenario: "Shipped scenario",
    decide: "Decision variables (one PATH=SPEC a line)",
    objective: "Objective",
    maximise: "maximise",
    minimise: "minimise",
    limits: "Limits (one a line)",
    paths: "Paths",
    seed: "Seed",
    budget: "Budget",
    confidence: "Confidence",
    start: "Optimise",
    cancel: "Cancel",
    result: "Result",
    apply: "Run the recommendation as a scenario variant",
    running: "running",
    queued: "queued",
    done: "done",
    failed: "failed",
    cancelled: "cancelled",
    variant: "variant run submitted: ",
  },
  zh: {
    title: "gfsim — 优化",
    back: "← 工作台",
    lang: "语言",
    setup: "决策变量、目标与限制",
    scenario: "内置情景",
    decide: "决策变量（每行一个 PATH=SPEC）",
    objective: "目标",
    maximise: "最大化",
    minimise: "最小化",
    limits: "限制条件（每行一个）",
    paths: "路径数",
    seed: "随机种子",
    budget: "评估预算",
    confidence: "置信度",
    start: "开始优化",
    cancel: "取消",
    result: "结果",
    apply: "以建议方案作为情景变体运行",
    running: "运行中",
    queued: "排队中",
    done: "完成",
    failed: "失败",
    cancelled: "已取消",
    variant: "已提交变体运行：",
  },
};

const $ = (id) => document.getElementById(id);
let lang = navigator.language?.startsWith("zh") ? "zh" : "en";
let job = null;
let stop = { stop: false };

function translate() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = WORDS[lang][el.dataset.t] ?? el.textContent;
  $("lang").value = lang;
}

const lines = (id) =>
  $(id)
    .value.split("\n")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function showError(e) {
  const box = $("errors");
  box.textContent = "";
  const p = document.createElement("p");
  p.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
  box.append(p);
  for (const i of e.issues ?? []) {
    const q = document.createElement("p");
    q.textContent = `${i.path}: ${i.message}`;
    box.append(q);
  }
}

function table(tb) {
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  for (const h of tb.head) head.append(Object.assign(document.createElement("th"), { textContent: h }));
  const body = t.createTBody();
  tb.rows.forEach((r, i) => {
    const tr = body.insertRow();
    if (tb.tones?.[i]) tr.className = tb.tones[i];
    for (const c of r) tr.insertCell().textContent = c;
  });
  return t;
}

async function show(id) {
  const view = await get(`/v1/runs/${id}/charts?lang=${lang}`);
  $("verdict").textContent = view.verdict;
  const tables = $("tables");
  tables.textContent = "";
  for (const tb of [view.decisions, view.constraints, view.finalists]) if (tb) tables.append(table(tb));
  $("frontier").textContent = "";
  if (view.frontier && window.vegaEmbed) await window.vegaEmbed($("frontier"), view.frontier, { actions: false });
  const result = await get(`/v1/runs/${id}/result`);
  $("apply").hidden = !result.best;
  $("apply").onclick = async () => {
    try {
      const run = await post("/v1/runs", {
        scenario: $("scenario").value,
        set: result.best.set,
        paths: result.confirm.paths,
      });
      $("applied").textContent = `${WORDS[lang].variant}${run.id}`;
    } catch (e) {
      showError(e);
    }
  };
}

async function start(event) {
  event.preventDefault();
  $("errors").textContent = "";
  const body = {
    scenario: $("scenario").value,
    decide: lines("decide"),
    [$("sense").value]: $("objective").value,
    subject_to: lines("limits"),
    paths: Number($("paths").value),
    seed: Number($("seed").value),
    budget: Number($("budget").value),
    confidence: Number($("confidence").value),
  };
  try {
    job = await post("/v1/optimisations", body);
  } catch (e) {
    showError(e);
    return;
  }
  $("cancel").hidden = false;
  $("progress").hidden = false;
  stop = { stop: false };
  const last = await pollJob(
    job.id,
    (j) => {
      $("status").textContent = `${WORDS[lang][j.status] ?? j.status} ${Math.round(j.progress * 100)}%`;
      $("progress").value = j.progress;
    },
    stop,
  );
  $("cancel").hidden = true;
  if (last.status === "done") await show(job.id);
  else if (last.error) showError(new ApiError(400, last.error));
}

async function init() {
  translate();
  $("lang").onchange = () => {
    lang = $("lang").value;
    translate();
    if (job) show(job.id).catch(showError);
  };
  $("opt-form").onsubmit = start;
  $("cancel").onclick = async () => {
    stop.stop = true;
    if (job) await del(`/v1/runs/${job.id}`).catch(showError);
  };
  try {
    const list = await get("/v1/scenarios");
    const items = Array.isArray(list) ? list : (list.scenarios ?? []);
    for (const s of items) {
      const name = typeof s === "string" ? s : s.name;
      $("scenario").append(Object.assign(document.createElement("option"), { value: name, textContent: name }));
    }
    if ([...$("scenario").options].some((o) => o.value === "yuhang-2b")) $("scenario").value = "yuhang-2b";
  } catch (e) {
    showError(e);
  }
}

init();
