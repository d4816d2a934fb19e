/**
 * Compare and explore: the runs stored by the server (pick A and B), a comparison of two runs (paired through
 * POST /v1/compare when the server has it, otherwise the unpaired difference of the stored results), a one-parameter
 * sweep (POST /v1/sweeps, or single runs with the same seed and paths), and pool sizing (POST /v1/size-pool).
 */

import { ApiError, get, hasEndpoint, pollJob, post } from "./api.js";
import { $, el } from "./dom.js";
import { lang, t } from "./i18n.js";
import { renderSections } from "./results.js";

/** Headline metric names of each vehicle kind, by rank, from the server's metric catalogue (GET /v1/metrics). */
function headlines(catalogue) {
  return Object.fromEntries(
    Object.entries(catalogue).map(([kind, metrics]) => [
      kind,
      metrics
        .filter((m) => m.headline !== undefined)
        .sort((a, b) => a.headline - b.headline)
        .map((m) => m.name),
    ]),
  );
}

export class Explore {
  /** ctx: {doc(), settings() → {paths, seed}, form, view(), openRun(id), message(text, tone)} */
  constructor(ctx) {
    this.ctx = ctx;
    this.runs = [];
    this.pick = { a: null, b: null };
    this.headline = {};
    get("/v1/metrics").then(
      (catalogue) => {
        this.headline = headlines(catalogue);
        this.update();
      },
      () => {},
    );
    $("runs-refresh").addEventListener("click", () => this.refresh());
    $("compare-go").addEventListener("click", () => this.compare());
    $("sweep-go").addEventListener("click", () => this.sweep());
    $("pool-go").addEventListener("click", () => this.sizePool());
  }

  async refresh() {
    try {
      const body = await get("/v1/runs");
      this.runs = Array.isArray(body) ? body : (body.runs ?? body.jobs ?? []);
    } catch (e) {
      this.runs = [];
      $("runs-list").replaceChildren(el("p", { class: "field-error", text: e.message }));
      return;
    }
    const done = this.runs.filter((r) => r.type === "run" && r.status === "done");
    if (!this.pick.b && done[0]) this.pick.b = done[0].id;
    if (!this.pick.a && done[1]) this.pick.a = done[1].id;
    this.drawRuns();
  }

  drawRuns() {
    const box = $("runs-list");
    if (this.runs.length === 0) return box.replaceChildren(el("p", { class: "muted", text: t("runs.none") }));
    const head = el("tr");
    for (const k of [
      "runs.a",
      "runs.b",
      "runs.id",
      "runs.type",
      "runs.scenario",
      "run.seed",
      "run.paths",
      "runs.status",
      "runs.created",
    ])
      head.append(el("th", { scope: "col", text: t(k) }));
    const body = el("tbody");
    for (const r of this.runs) {
      const short = r.id.slice(0, 8);
      const radio = (side) => {
        if (r.type !== "run" || r.status !== "done") return el("td");
        const input = el("input", {
          type: "radio",
          name: `pick-${side}`,
          value: r.id,
          "aria-label": t(side === "a" ? "runs.pickA" : "runs.pickB", { id: short }),
        });
        input.checked = this.pick[side] === r.id;
        input.addEventListener("change", () => {
          this.pick[side] = r.id;
          this.drawPick();
        });
        return el("td", { class: "pick" }, input);
      };
      const open = el("button", {
        type: "button",
        class: "link",
        "aria-label": t("runs.openLabel", { id: short }),
        text: short,
      });
      open.addEventListener("click", () => this.open(r));
      const when = r.created_at ? new Date(r.created_at).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB") : "";
      body.append(
        el(
          "tr",
          { class: r.status },
          radio("a"),
          radio("b"),
          el("td", {}, open),
          el("td", { text: t(`kind.${r.type}`) }),
          el("td", { text: r.scenario?.name ?? "—" }),
          el("td", { class: "num", text: r.seed ?? "—" }),
          el("td", { class: "num", text: r.paths ?? "—" }),
          el("td", { text: t(`status.${r.status}`) }),
          el("td", { text: when }),
        ),
      );
    }
    box.replaceChildren(
      el("div", { class: "table-wrap" }, el("table", { class: "runs" }, el("thead", {}, head), body)),
    );
    this.drawPick();
  }

  drawPick() {
    const show = (id) => (id ? id.slice(0, 8) : "—");
    $("compare-pick").textContent = `A: ${show(this.pick.a)} · B: ${show(this.pick.b)}`;
  }

  async open(job) {
    if (job.type === "run") return this.ctx.openRun(job.id);
    const tab = { sweep: "sweep", compare: "compare", "size-pool": "pool" }[job.type];
    if (!tab || job.status !== "done") return;
    this.ctx.showTab(tab);
    const view = await get(`/v1/runs/${job.id}/charts?lang=${lang()}`);
    const out = $(`${tab}-out`);
    out.replaceChildren();
    await renderSections(out, view.sections);
  }

  busy(button, text, out) {
    button.disabled = true;
    out.replaceChildren(el("p", { class: "muted", role: "status", text }));
    return () => {
      button.disabled = false;
    };
  }

  fail(out, e) {
    const lines = [e.message, ...(e.issues ?? []).map((i) => `${i.path}: ${i.message}`)];
    out.replaceChildren(...lines.map((l) => el("p", { class: "field-error", role: "alert", text: l })));
  }

  /** Submits a job, follows it in `out`, and draws its charts. */
  async job(route, body, out, note) {
    const acc = await post(route, body);
    const status = el("p", { class: "muted", role: "status" });
    out.replaceChildren(status);
    const job = await pollJob(acc.id, (j) => {
      status.textContent = `${t(`status.${j.status}`)} ${Math.round((j.progress ?? 0) * 100)}%`;
    });
    if (job.status !== "done") throw new ApiError(500, job.error ?? { message: job.status });
    const view = await get(`/v1/runs/${acc.id}/charts?lang=${lang()}`);
    out.replaceChildren(...(note ? [el("p", { class: "note", text: note })] : []));
    await renderSections(out, view.sections);
    this.refresh();
  }

  async compare() {
    const out = $("compare-out");
    const { a, b } = this.pick;
    if (!a || !b || a === b)
      return out.replaceChildren(el("p", { class: "field-error", role: "alert", text: t("compare.need") }));
    const release = this.busy($("compare-go"), "…", out);
    try {
      const [va, vb] = await Promise.all([a, b].map((id) => get(`/v1/runs/${id}/charts?lang=${lang()}`)));
      const side = el("div", { class: "side-by-side" });
      for (const [name, v] of [
        ["A", va],
        ["B", vb],
      ]) {
        const col = el("div", { class: "side" }, el("h4", { text: `${name}: ${v.title}` }));
        const cards = el("div", { class: "kpis compact" });
        for (const k of v.kpis)
          cards.append(
            el(
              "div",
              { class: "kpi", "data-metric": k.metric },
              el("div", { class: "label", text: k.label }),
              el("div", { class: "value", text: `${k.text.mean} ± ${k.text.se}` }),
            ),
          );
        col.append(cards);
        side.append(col);
      }
      const diffs = el("div");
      const job = this.runs.find((r) => r.id === a);
      if (await hasEndpoint("POST", "/v1/compare")) {
        const [sa, sb] = await Promise.all([a, b].map((id) => get(`/v1/runs/${id}/scenario`)));
        const body = { a: sa.scenario, b: sb.scenario };
        if (job?.paths) body.paths = job.paths;
        if (job?.seed !== undefined && job?.seed !== null) body.seed = job.seed;
        out.replaceChildren(el("h4", { text: t("compare.side") }), side, diffs);
        await this.job("/v1/compare", body, diffs, t("compare.paired"));
      } else {
        const view = await get(`/v1/runs/${a}/diff?with=${b}&lang=${lang()}`);
        out.replaceChildren(el("h4", { text: t("compare.side") }), side, diffs);
        diffs.append(el("p", { class: "note", text: t("compare.unpaired") }));
        await renderSections(diffs, view.sections);
      }
    } catch (e) {
      this.fail(out, e);
    } finally {
      release();
    }
  }

  /** Numeric fields of the current scenario's vehicles, as sweep paths `<vehicle id>.<field path>`. */
  sweepParams() {
    const doc = this.ctx.doc();
    if (!doc) return [];
    const vehicles = doc.toJS().vehicles ?? [];
    return this.ctx.form.numeric
      .filter((f) => f.keys[0] !== "targets")
      .map((f) => {
        if (f.keys[0] !== "vehicles") return { keys: f.keys, name: f.path };
        const id = vehicles[f.keys[1]]?.id ?? String(f.keys[1]);
        return { keys: f.keys, name: `${id}${f.path.replace(/^vehicles\[\d+\]/, "")}` };
      });
  }

  /** Metric choices: the shown run's KPI cards, or each vehicle's headline metrics. */
  sweepMetrics() {
    const view = this.ctx.view();
    if (view?.kpis?.length) return view.kpis.map((k) => k.metric);
    const vehicles = this.ctx.doc()?.toJS().vehicles ?? [];
    return vehicles.flatMap((v) => (this.headline[v.kind] ?? []).map((m) => `${v.id}.${m}`));
  }

  /** Refills the sweep and pool choices from the current scenario. */
  update() {
    const param = $("sweep-param");
    const before = param.value;
    param.replaceChildren(...this.sweepParams().map((p) => el("option", { value: p.name, text: p.name })));
    const want =
      this.sweepParams().find((p) => p.name === before) ?? this.sweepParams().find((p) => /\.reserves$/.test(p.name));
    if (want) param.value = want.name;
    this.fillRange();
    const metric = $("sweep-metric");
    const prev = metric.value;
    metric.replaceChildren(...this.sweepMetrics().map((m) => el("option", { value: m, text: m })));
    if (prev && [...metric.options].some((o) => o.value === prev)) metric.value = prev;
    const pools = (this.ctx.doc()?.toJS().vehicles ?? []).filter((v) => v.kind === "risk_pool");
    $("pool-vehicle").replaceChildren(...pools.map((v) => el("option", { value: v.id, text: v.id })));
    $("pool-go").disabled = pools.length === 0;
    $("pool-out").replaceChildren(pools.length ? "" : el("p", { class: "muted", text: t("pool.none") }));
  }

  /** Suggests from/to around the parameter's current value. */
  fillRange() {
    const p = this.sweepParams().find((x) => x.name === $("sweep-param").value);
    const v = p ? this.ctx.doc().get(p.keys) : undefined;
    if (typeof v !== "number") return;
    const unit = v > 0 && v < 1;
    $("sweep-from").value = String(unit ? Math.max(0, +(v - 0.2).toFixed(3)) : v / 2);
    $("sweep-to").value = String(unit ? Math.min(0.95, +(v + 0.2).toFixed(3)) : v * 1.5);
  }

  async sweep() {
    const out = $("sweep-out");
    const p = this.sweepParams().find((x) => x.name === $("sweep-param").value);
    const from = Number($("sweep-from").value);
    const to = Number($("sweep-to").value);
    const n = Math.max(2, Math.min(25, Math.round(Number($("sweep-steps").value) || 5)));
    const metric = `${$("sweep-metric").value}.${$("sweep-stat").value}`;
    if (!p || !Number.isFinite(from) || !Number.isFinite(to)) return;
    const values = Array.from({ length: n }, (_, i) => +(from + ((to - from) * i) / (n - 1)).toPrecision(10));
    const { paths, seed } = this.ctx.settings();
    const base = this.ctx.doc().toJS();
    const release = this.busy($("sweep-go"), "…", out);
    try {
      if (await hasEndpoint("POST", "/v1/sweeps")) {
        // With the mean, its standard error too: the chart draws it as a band.
        const metrics = metric.endsWith(".mean") ? [metric, metric.replace(/\.mean$/, ".se")] : [metric];
        const body = { scenario: base, sweep: { vary: { [p.name]: values }, metrics }, paths, seed };
        await this.job("/v1/sweeps", body, out, "");
      } else await this.sweepByRuns(p, values, metric, base, { paths, seed }, out);
    } catch (e) {
      this.fail(out, e);
    } finally {
      release();
    }
  }

  /** The sweep as single runs with common random numbers; rows carry each point's standard error. */
  async sweepByRuns(p, values, metric, base, settings, out) {
    const status = el("p", { class: "muted", role: "status", text: t("sweep.viaRuns", { n: values.length }) });
    const count = el("p", { class: "muted", text: t("sweep.progress", { done: 0, n: values.length }) });
    out.replaceChildren(status, count);
    const ids = [];
    for (const v of values) {
      const scenario = structuredClone(base);
      let at = scenario;
      for (const k of p.keys.slice(0, -1)) at = at[k] ??= {};
      at[p.keys.at(-1)] = v;
      ids.push((await post("/v1/runs", { scenario, ...settings })).id);
    }
    let done = 0;
    const results = await Promise.all(
      ids.map(async (id) => {
        const job = await pollJob(id, () => {});
        count.textContent = t("sweep.progress", { done: ++done, n: values.length });
        if (job.status !== "done") throw new ApiError(500, job.error ?? { message: job.status });
        return get(`/v1/runs/${id}/result`);
      }),
    );
    const [owner, name, stat] = metric.split(".");
    const rows = results.map((r, i) => {
      const m = (owner === "programme" ? r.programme?.metrics : r.vehicles?.[owner]?.metrics)?.[name] ?? {};
      const value = typeof m[stat] === "number" ? m[stat] : null;
      const se = stat === "mean" && typeof m.se === "number" ? m.se : null;
      return { params: { [p.name]: values[i] }, values: { [metric]: value }, se: { [metric]: se } };
    });
    const view = await post("/v1/charts", { lang: lang(), sweep: { params: [p.name], metrics: [metric], rows } });
    out.replaceChildren(status);
    await renderSections(out, view.sections);
    this.refresh();
  }

  async sizePool() {
    const out = $("pool-out");
    if (!(await hasEndpoint("POST", "/v1/size-pool")))
      return out.replaceChildren(el("p", { class: "field-error", role: "alert", text: t("pool.missing") }));
    const release = this.busy($("pool-go"), "…", out);
    try {
      const { paths, seed } = this.ctx.settings();
      const body = {
        scenario: this.ctx.doc().toJS(),
        vehicle: $("pool-vehicle").value,
        alpha: Number($("pool-alpha").value),
        paths,
        seed,
      };
      await this.job("/v1/size-pool", body, out, "");
    } catch (e) {
      this.fail(out, e);
    } finally {
      release();
    }
  }
}
