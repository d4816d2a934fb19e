/**
 * The workbench page: choose or load a scenario, edit it in the form or as text (kept in sync), validate it
 * against the API as you type, run it with a progress bar, see KPI cards and the report's charts, download what it
 * made, and come back to any stored run through its permalink (`/#run=<id>`).
 */

import { ApiError, del, get, pollJob, post, setToken, setUnauthorizedHandler } from "./api.js";
import { $, el } from "./dom.js";
import { Explore } from "./explore.js";
import { ParamForm } from "./form.js";
import { lang, preferredLang, setLang, t, translatePage } from "./i18n.js";
import { renderRunView } from "./results.js";
import { download, ScenarioDoc } from "./scenario.js";
import { blankScenario } from "./templates.js";

const state = {
  doc: null,
  view: null,
  job: null,
  watch: null,
  validation: 0,
  shipped: [],
  textTimer: 0,
  checkTimer: 0,
  /** The request (scenario, paths, seed) of the results on screen, to mark them out of date after an edit. */
  shownKey: null,
  submittedKey: null,
  /** "Duplicate as B": the next finished run becomes B of a comparison with this A. */
  dupB: null,
};

/** Run names given in this browser, by run id. */
const NAMES_KEY = "gfsim.names";
function runNames() {
  try {
    return JSON.parse(localStorage.getItem(NAMES_KEY) ?? "{}") ?? {};
  } catch {
    return {};
  }
}
function nameRun(id, name) {
  if (!name) return;
  const names = runNames();
  names[id] = name;
  localStorage.setItem(NAMES_KEY, JSON.stringify(names));
}

const form = new ParamForm($("form-fields"), $("form-issues"), onFormEdit, lang);
const explore = new Explore({
  doc: () => state.doc,
  settings: runSettings,
  form,
  view: () => state.view,
  openRun: (id) => {
    location.hash = `run=${id}`;
  },
  showTab,
  names: runNames,
});

/** Marks the results on screen out of date when the scenario or settings differ from the ones they were run with. */
function markStale() {
  if (!state.shownKey || !state.doc) return;
  const stale = JSON.stringify(request()) !== state.shownKey;
  $("results").classList.toggle("stale", stale);
  $("stale").hidden = !stale;
}

/** The status line, kept as a dictionary key so a language switch rewords it. */
function status(key, vars = {}, tone = "") {
  state.status = { key, vars, tone };
  $("status").textContent = t(key, vars);
  $("status").className = tone;
}

// ---- scenario -------------------------------------------------------------------------------------------------

function setScenario(doc, { settings = true } = {}) {
  state.doc = doc;
  form.render(doc);
  showText();
  if (settings) {
    const run = doc.toJS().run ?? {};
    $("paths").value = String(run.paths ?? 10000);
    $("seed").value = String(run.seed ?? 1);
  }
  const shipped = state.shipped.find((s) => s.name === doc.origin?.name && doc.origin.kind === "shipped");
  $("scenario-desc").textContent = shipped?.description ?? doc.toJS().description ?? "";
  syncSelect();
  explore.update();
  scheduleCheck(0);
}

function syncSelect() {
  const select = $("scenario-select");
  select.querySelector("option[data-extra]")?.remove();
  const o = state.doc?.origin;
  if (o?.kind === "shipped") select.value = o.name;
  else if (o) {
    const text =
      o.kind === "run"
        ? t("scenario.fromRun", { id: o.name.slice(0, 8) })
        : o.kind === "blank"
          ? t("scenario.blankOrigin", { kind: t(`scenario.blank.${o.name}`) })
          : t("scenario.fromFile", { name: o.name });
    const opt = new Option(text, "", true, true);
    opt.dataset.extra = "1";
    select.prepend(opt);
    select.value = "";
  }
}

async function loadShipped(name) {
  $("scenario-error").textContent = "";
  // Marked while loading: the form is replaced when the scenario arrives (edits made before then are lost).
  document.body.dataset.loading = name;
  try {
    const s = await get(`/v1/scenarios/${encodeURIComponent(name)}`);
    setScenario(ScenarioDoc.fromText(s.text, { kind: "shipped", name }));
  } catch (e) {
    $("scenario-error").textContent = e.message;
  } finally {
    delete document.body.dataset.loading;
  }
}

function showText() {
  const area = $("scenario-text");
  if (!state.doc || document.activeElement === area) return;
  area.value = $("text-format").value === "json" ? state.doc.toJson() : state.doc.toYaml();
  $("text-error").textContent = "";
}

function onTextInput() {
  clearTimeout(state.textTimer);
  state.textTimer = setTimeout(() => {
    const text = $("scenario-text").value;
    try {
      const origin = state.doc?.origin ?? { kind: "text", name: "text" };
      const doc =
        $("text-format").value === "json"
          ? ScenarioDoc.fromObject(JSON.parse(text), origin)
          : ScenarioDoc.fromText(text, origin);
      $("text-error").textContent = "";
      state.doc = doc;
      form.render(doc);
      explore.update();
      scheduleCheck();
      markStale();
    } catch (e) {
      $("text-error").textContent = t("scenario.parseError", { message: e.message });
    }
  }, 400);
}

function onFormEdit(keys) {
  if (keys === null) {
    form.render(state.doc);
    explore.update();
  }
  showText();
  scheduleCheck();
  markStale();
}

// ---- validation and runs --------------------------------------------------------------------------------------

function runSettings() {
  const num = (id) => {
    const raw = $(id).value.trim();
    const n = Number(raw);
    return raw === "" ? undefined : Number.isFinite(n) ? n : raw;
  };
  return { paths: num("paths"), seed: num("seed") };
}

function request() {
  const body = { scenario: state.doc.toJS() };
  const { paths, seed } = runSettings();
  if (paths !== undefined) body.paths = paths;
  if (seed !== undefined) body.seed = seed;
  return body;
}

function scheduleCheck(delay = 500) {
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(() => check(), delay);
}

/** Validates the scenario with the API and marks its problems; resolves true when it is valid. */
async function check() {
  clearTimeout(state.checkTimer);
  if (!state.doc) return false;
  const n = ++state.validation;
  $("validity").textContent = t("form.checking");
  try {
    await post("/v1/validate", request());
    if (n !== state.validation) return true;
    form.clearIssues();
    $("validity").textContent = `✓ ${t("form.valid")}`;
    return true;
  } catch (e) {
    if (n !== state.validation) return false;
    if (!(e instanceof ApiError) || e.status !== 400) {
      $("validity").textContent = t("run.error", { message: e.message });
      return e.status !== 401;
    }
    form.showIssues(e.issues.length > 0 ? e.issues : [{ path: "", message: e.message }]);
    $("validity").textContent = "";
    return false;
  }
}

async function run() {
  if (!state.doc || state.job) return;
  $("run-button").disabled = true;
  status("run.validating");
  try {
    if (!(await check())) {
      status("run.invalid", {}, "bad");
      const bad = form.firstInvalid();
      if (bad) {
        bad.focus({ preventScroll: true });
        bad.scrollIntoView({ block: "center" });
      }
      return;
    }
    state.submittedKey = JSON.stringify(request());
    const accepted = await post("/v1/runs", request());
    nameRun(accepted.id, $("run-name").value.trim());
    history.replaceState(null, "", `#run=${accepted.id}`);
    await follow(accepted.id, accepted.reused);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) form.showIssues(e.issues);
    status("run.error", { message: e.message }, "bad");
  } finally {
    $("run-button").disabled = false;
  }
}

/** Follows a job to its end with the progress bar, then shows its results. */
async function follow(id, reused = false) {
  state.job = id;
  state.watch = { stop: false };
  $("results").removeAttribute("data-run");
  $("cancel-button").disabled = false;
  showTab("results");
  try {
    const job = await pollJob(
      id,
      (j) => {
        $("progress").value = j.progress ?? 0;
        if (j.status === "queued") status("run.queued");
        if (j.status === "running") status("run.running", { pct: Math.round((j.progress ?? 0) * 100) });
      },
      state.watch,
    );
    if (job.status === "done") {
      status("run.loading");
      await showResults(id);
      if (reused) status("run.reused", {}, "good");
      else status("run.done", { s: ((job.run_ms ?? 0) / 1000).toFixed(1), paths: job.paths, seed: job.seed }, "good");
      if (state.dupB && state.dupB !== id) {
        explore.choose(state.dupB, id);
        state.dupB = null;
        showTab("compare");
        await explore.compare();
      }
    } else if (job.status === "cancelled") status("run.cancelled", {}, "bad");
    else if (job.status === "failed") status("run.failed", { message: job.error?.message ?? "" }, "bad");
  } finally {
    state.job = null;
    $("cancel-button").disabled = true;
    explore.refresh();
  }
}

async function showResults(id) {
  const view = await get(`/v1/runs/${id}/charts?lang=${lang()}`);
  state.view = { ...view, id };
  $("progress").value = 1;
  const base = `${state.doc?.name() ?? "run"}-${id.slice(0, 8)}`;
  const links = {
    "dl-json": [`/v1/runs/${id}/result`, `${base}.json`],
    "dl-html": [`/v1/runs/${id}/report?format=html&lang=${lang()}`, null],
    "dl-xlsx": [`/v1/runs/${id}/report?format=xlsx&lang=${lang()}`, `${base}.xlsx`],
    "dl-permalink": [`/#run=${id}`, null],
  };
  const box = $("downloads");
  const title = document.createElement("span");
  title.className = "muted";
  title.textContent = t("dl.title");
  box.replaceChildren(title);
  for (const [key, [href, name]] of Object.entries(links)) {
    const a = document.createElement("a");
    a.id = key;
    a.href = href;
    a.textContent = t(key.replace("-", "."));
    if (name) a.download = name;
    if (key === "dl-html") {
      a.target = "_blank";
      a.rel = "noopener";
    }
    box.append(a);
  }
  const dup = el("button", { type: "button", id: "dup-b", text: t("results.dupB") });
  dup.addEventListener("click", () => {
    state.dupB = id;
    status("results.dupBHelp", {}, "good");
    $("form-fields").querySelector("input, select")?.focus();
  });
  box.append(dup);
  box.hidden = false;
  await renderRunView($("results"), view);
  $("results").dataset.run = id;
  state.shownKey = state.submittedKey ?? JSON.stringify(request());
  state.submittedKey = null;
  markStale();
  explore.update();
}

async function cancel() {
  if (!state.job) return;
  try {
    await del(`/v1/runs/${state.job}`);
  } catch (e) {
    status("run.error", { message: e.message }, "bad");
  }
}

/** Opens a stored run: its scenario into the editor, then its progress or results. */
async function openRun(id) {
  try {
    const job = await get(`/v1/runs/${id}`);
    if (job.type !== "run") return;
    const { scenario } = await get(`/v1/runs/${id}/scenario`);
    setScenario(ScenarioDoc.fromObject(scenario, { kind: "run", name: id }), { settings: false });
    $("paths").value = String(job.paths ?? "");
    $("seed").value = String(job.seed ?? "");
    showTab("results");
    if (job.status === "done") {
      await showResults(id);
      status("run.done", { s: ((job.run_ms ?? 0) / 1000).toFixed(1), paths: job.paths, seed: job.seed }, "good");
    } else if (job.status === "queued" || job.status === "running") await follow(id);
    else if (job.status === "failed") status("run.failed", { message: job.error?.message ?? "" }, "bad");
    else status("run.cancelled", {}, "bad");
  } catch (e) {
    status("run.error", { message: e.message }, "bad");
  }
}

// ---- tabs, language, start ------------------------------------------------------------------------------------

function showTab(name) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
  if (name === "runs" || name === "compare") explore.refresh();
}

function wireTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => showTab(tab.id.slice(4)));
    tab.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      showTab(next.id.slice(4));
    });
  });
}

async function applyLang(l) {
  setLang(l);
  localStorage.setItem("gfsim.lang", lang());
  $("lang").value = lang();
  translatePage();
  if (state.status) status(state.status.key, state.status.vars, state.status.tone);
  explore.drawRuns();
  if (state.doc) {
    form.render(state.doc);
    syncSelect();
    explore.update();
    scheduleCheck(0);
  }
  if (state.view?.id) await showResults(state.view.id);
}

function wire() {
  $("lang").addEventListener("change", () => applyLang($("lang").value));
  $("scenario-select").addEventListener("change", () => {
    const name = $("scenario-select").value;
    if (name) loadShipped(name);
  });
  $("scenario-file").addEventListener("change", async () => {
    const file = $("scenario-file").files?.[0];
    if (!file) return;
    try {
      const text = await file.text();
      const origin = { kind: "file", name: file.name };
      setScenario(
        /\.json$/i.test(file.name)
          ? ScenarioDoc.fromObject(JSON.parse(text), origin)
          : ScenarioDoc.fromText(text, origin),
      );
      $("scenario-error").textContent = "";
    } catch (e) {
      $("scenario-error").textContent = t("scenario.fileError", { name: file.name, message: e.message });
    }
  });
  $("scenario-text").addEventListener("input", onTextInput);
  $("text-format").addEventListener("change", showText);
  $("download-yaml").addEventListener(
    "click",
    () => state.doc && download(state.doc.toYaml(), `${state.doc.name()}.yaml`, "text/yaml"),
  );
  $("run-button").addEventListener("click", run);
  $("cancel-button").addEventListener("click", cancel);
  for (const id of ["paths", "seed"])
    $(id).addEventListener("input", () => {
      scheduleCheck();
      markStale();
    });
  $("new-kind").addEventListener("change", () => {
    const kind = $("new-kind").value;
    if (!kind) return;
    setScenario(ScenarioDoc.fromObject(blankScenario(kind), { kind: "blank", name: kind }));
    $("new-kind").value = "";
  });
  $("param-form").addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  $("sweep-param").addEventListener("change", () => explore.fillRange());
  $("token-box").addEventListener("submit", (e) => {
    e.preventDefault();
    setToken($("token").value.trim());
    location.reload();
  });
  setUnauthorizedHandler(() => {
    $("token-box").hidden = false;
  });
  window.addEventListener("hashchange", () => {
    const id = /run=([0-9a-f-]{36})/.exec(location.hash)?.[1];
    if (id && id !== state.view?.id && id !== state.job) openRun(id);
  });
  wireTabs();
}

async function start() {
  setLang(preferredLang());
  $("lang").value = lang();
  translatePage();
  wire();
  status("run.idle");
  try {
    const [list, schema] = await Promise.all([get("/v1/scenarios"), get("/v1/schema")]);
    state.shipped = list.scenarios;
    form.setSchema(schema);
    const select = $("scenario-select");
    select.replaceChildren(
      new Option(t("scenario.choose"), ""),
      ...list.scenarios.map((s) => new Option(s.name, s.name)),
    );
  } catch (e) {
    status("run.error", { message: e.message }, "bad");
    return;
  }
  const id = /run=([0-9a-f-]{36})/.exec(location.hash)?.[1];
  if (id) await openRun(id);
  else {
    const first = state.shipped.find((s) => s.name === "yuhang-2b") ?? state.shipped[0];
    if (first) await loadShipped(first.name);
  }
  explore.refresh();
  document.body.dataset.ready = "1";
}

start();
